"""Duplicates: exact duplicate documents and near-duplicate records.

Scraped JD pages are copied from site to site, and one page often repeats a JD under
another heading (篇一/篇二 variants, a renamed title). Two kinds are found, in input order,
so that the first occurrence is the one kept:

- **Exact duplicate documents**: the same decoded text (BLAKE2 digest), whatever the file's
  encoding or name. Their records are duplicates of the first document's records, one for one.
- **Near-duplicate records**: records whose duties share most of their character 4-grams.
  Each record's duty text (spaces removed, duties joined by line breaks) becomes a set of
  4-character shingles; a seeded datasketch MinHash (64 permutations) estimates the Jaccard
  similarity of two such sets, and banded LSH (b x r chosen by datasketch for the
  threshold, weighted towards recall) finds the candidates without comparing all pairs.
  A candidate counts when its estimated Jaccard is at least ``NEAR_THRESHOLD``.

Why 0.7: on the dev corpus (``data/raw``) unrelated records of the same role score at most
0.2 and copied duty lists 0.5-1.0 (the same JD under 运营总监 and 营运部总监 with one duty
swapped scores 0.71; a page repeating 客服部 as 客户服务部 with a few words changed, 0.81).
0.7 flags copies with small edits and leaves alone lists that only share half their duties.
Records with fewer than ``MIN_SHINGLES`` shingles (a duty or two of a few words) carry too
little text to call either way and are never near duplicates.

``duplicate_of`` always names the first occurrence itself (never a duplicate), so chains
do not form. The worker side (:func:`text_digest`, :func:`signature`) runs per file in
parallel; :class:`Deduper` runs once, in input order, in the main process.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .parse.record import Record

SHINGLE_CHARS = 4
NUM_PERM = 64
NEAR_THRESHOLD = 0.7
MIN_SHINGLES = 8
MINHASH_SEED = 1
LSH_WEIGHTS = (0.3, 0.7)  # false positives are checked against the signatures; misses are not


def text_digest(text: str) -> str:
    """Digest of a document's decoded text: equal texts, equal digests."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def duty_shingles(duties: list[str], size: int = SHINGLE_CHARS) -> set[str]:
    """Character ``size``-grams of a record's duties (spaces dropped, one duty a line)."""
    text = "\n".join("".join(duty.split()) for duty in duties)
    return {text[i:i + size] for i in range(len(text) - size + 1)}


def shingle_hashes(duties: list[str], size: int = SHINGLE_CHARS) -> np.ndarray:
    """32-bit hashes of the distinct ``duty_shingles``, computed on code points with numpy
    (a per-shingle Python hash made signatures a tenth of the per-file stage)."""
    return np.unique(_shingle_hash_stream(duties, size))


def _shingle_hash_stream(duties, size: int = SHINGLE_CHARS) -> np.ndarray:
    """The hash of every shingle in text order, repeats included."""
    text = "\n".join("".join(duty.split()) for duty in duties)
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    n = len(points) - size + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    mixed = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(size):  # polynomial in the code points, mod 2^64, then the top 32 bits
            mixed = mixed * np.uint64(0x100000001B3) + points[k:k + n]
        mixed = (mixed * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(32)
    return mixed


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations


def signature(duties: list[str], num_perm: int = NUM_PERM, seed: int = MINHASH_SEED) -> np.ndarray | None:
    """MinHash signature (uint32 x ``num_perm``) of a record's duty shingles; None when too short."""
    return _signature(tuple(duties), num_perm, seed)


@lru_cache(maxsize=4096)  # copied JDs repeat whole duty lists; safe to drop (the arrays are never written to)
def _signature(duties: tuple[str, ...], num_perm: int, seed: int) -> np.ndarray | None:
    """datasketch's affine32 MinHash (its permutations and MurmurHash3 finaliser) in one numpy
    expression: building a MinHash per record, whose update_batch hashes each value in a
    Python loop, was a tenth of the per-file stage. A test holds it equal to MinHash."""
    from datasketch.minhash import _fmix

    hashes = _shingle_hash_stream(duties)  # a minimum needs no de-duplication; only the count does
    if len(hashes) < MIN_SHINGLES or (len(hashes) < 4 * MIN_SHINGLES and len(np.unique(hashes)) < MIN_SHINGLES):
        return None
    a, b = _permutations(num_perm, seed)
    mixed = _fmix(hashes.astype(np.uint32), 32)[:, None]
    values = (mixed * a + b).min(axis=0)
    values.flags.writeable = False
    return values


@lru_cache(maxsize=8)
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) datasketch's MinHashLSH would choose for this threshold and weights."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
    return lsh.b, lsh.r


class BandIndex:
    """Banded LSH over signatures of first occurrences, kept compact.

    datasketch's MinHashLSH stores each band as a bytes key with a set per bucket (about
    3.6 KB and 65 µs per record measured here: 360 MB for 100k records). Here a band is a
    64-bit polynomial hash of its rows; recent keys sit in a dict, older ones in sorted
    numpy arrays (12 bytes a key), merged every ``MERGE_EVERY`` keys.
    """

    MERGE_EVERY = 200_000

    def __init__(self, bands: int, rows: int):
        self.bands, self.rows = bands, rows
        self.powers = np.array([pow(1_000_003, i, 2**64) for i in range(rows)], dtype=np.uint64)
        self.salts = np.array([(i + 1) * 0x9E3779B97F4A7C15 % 2**64 for i in range(bands)], dtype=np.uint64)
        self.keys = np.zeros(0, dtype=np.uint64)
        self.values = np.zeros(0, dtype=np.int32)
        self.recent: dict[int, list[int]] = {}
        self.recent_count = 0

    def band_keys(self, sigs: np.ndarray) -> np.ndarray:
        """Keys of the bands of one signature (bands,) or of a stack of them (n, bands)."""
        rows = sigs[..., : self.bands * self.rows].astype(np.uint64)
        rows = rows.reshape(*sigs.shape[:-1], self.bands, self.rows)
        with np.errstate(over="ignore"):
            return (rows * self.powers).sum(axis=-1, dtype=np.uint64) ^ self.salts

    def candidates(self, keys: np.ndarray) -> set[int]:
        found: set[int] = set()
        if len(self.keys):
            lo = np.searchsorted(self.keys, keys, "left")
            hi = np.searchsorted(self.keys, keys, "right")
            for start, end in zip(lo.tolist(), hi.tolist()):
                if end > start:
                    found.update(self.values[start:end].tolist())
        for key in keys.tolist():
            found.update(self.recent.get(key, ()))
        return found

    def add(self, keys: np.ndarray, value: int) -> None:
        for key in keys.tolist():
            self.recent.setdefault(key, []).append(value)
        self.recent_count += len(keys)
        if self.recent_count >= self.MERGE_EVERY:
            self._merge()

    def _merge(self) -> None:
        new_keys = np.fromiter((k for k, vs in self.recent.items() for _ in vs), dtype=np.uint64)
        new_values = np.fromiter((v for vs in self.recent.values() for v in vs), dtype=np.int32)
        keys, values = np.concatenate([self.keys, new_keys]), np.concatenate([self.values, new_values])
        order = np.lexsort((values, keys))
        self.keys, self.values = keys[order], values[order]
        self.recent, self.recent_count = {}, 0


@dataclass
class DuplicateCounts:
    files: int = 0  # exact duplicate documents
    records: int = 0  # records with duplicate_of set (of those, in exact duplicate documents:)
    records_in_duplicate_files: int = 0

    def line(self) -> str:
        near = self.records - self.records_in_duplicate_files
        return (f"{self.files} exact duplicate files, {self.records} duplicate records "
                f"({self.records_in_duplicate_files} in duplicate files, {near} near duplicates)")


@dataclass
class Deduper:
    """Assigns ``duplicate_of`` in input order; feed it every file's outcome once, in order."""

    threshold: float = NEAR_THRESHOLD
    counts: DuplicateCounts = field(default_factory=DuplicateCounts)

    def __post_init__(self):
        self.index = BandIndex(*lsh_bands(self.threshold, NUM_PERM))
        self.first_docs: dict[str, tuple[str, list[str]]] = {}  # digest -> (source, root ids)
        self.root_ids: list[str] = []  # first occurrences, by index position
        self.signatures = np.zeros((1024, NUM_PERM), dtype=np.uint32)  # row i: root_ids[i]

    def document(self, source: str, digest: str | None, records: list[Record],
                 signatures: list[np.ndarray | None]) -> str:
        """Set ``duplicate_of`` on the records of one document; return the source of the
        document it duplicates exactly, or ''."""
        first = self.first_docs.get(digest) if digest else None
        if first is not None and len(first[1]) == len(records):
            for record, root in zip(records, first[1]):
                record.duplicate_of = root
            self.counts.files += 1
            self.counts.records += len(records)
            self.counts.records_in_duplicate_files += len(records)
            return first[0]
        present = [sig for sig in signatures if sig is not None]
        keys = iter(self.index.band_keys(np.stack(present)) if present else ())  # one numpy call per file
        roots = [self.record(record, sig, None if sig is None else next(keys))
                 for record, sig in zip(records, signatures)]
        if digest and digest not in self.first_docs:
            self.first_docs[digest] = (source, roots)
        return ""

    def record(self, record: Record, sig: np.ndarray | None, keys: np.ndarray | None = None) -> str:
        """Set ``duplicate_of`` of one record (None when it is a first occurrence); return its root id."""
        record.duplicate_of = None
        if sig is None:
            return record.record_id
        if keys is None:
            keys = self.index.band_keys(sig)
        for candidate in sorted(self.index.candidates(keys)):
            if np.count_nonzero(self.signatures[candidate] == sig) >= self.threshold * NUM_PERM - 1e-9:
                record.duplicate_of = self.root_ids[candidate]
                self.counts.records += 1
                return self.root_ids[candidate]
        position = len(self.root_ids)
        if position == len(self.signatures):
            self.signatures = np.concatenate([self.signatures, np.zeros_like(self.signatures)])
        self.signatures[position] = sig
        self.index.add(keys, position)
        self.root_ids.append(record.record_id)
        return record.record_id
