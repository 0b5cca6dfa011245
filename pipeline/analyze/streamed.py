"""The analysis stage of ``jdpipe run`` over a streamed corpus.

The same analysis as ``run_analysis`` (tokens, duty vectors, themes, role outputs), fed by
the compact :class:`pipeline.runner.DutyIndex` instead of a list of records, so memory
depends on the number of *distinct* duties, not on the corpus size. Three additions:

- tokens come from the cache when a duty was tokenised before, and the others are cut in
  parallel on the run's engine when there are many (``PARALLEL_TOKENS_MIN``);
- the role outputs are cached whole, keyed by everything they are computed from, so an
  unchanged corpus skips vectors, themes and role matching on the next run;
- the duty rows parked during parsing are written out once with their tokens and themes.
"""
from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from ..cache import analysis_version, digest, token_version
from ..progress import Steps
from ..text import JiebaTokenizer
from ..writers import ANALYSED_DUTY_TYPES, BATCH_ROWS, DutyWriter
from .stage import STEPS, AnalysisSummary, analyse_roles, fit_themes, write_empty_outputs
from .vectorize import DutyVectorizer, duty_documents

# Below this many new duties one process is faster: each worker first loads jieba's
# dictionary (~0.6 s) and cuts every duty it gets, which one process does at ~0.15 ms a duty.
PARALLEL_TOKENS_MIN = 10_000
TOKEN_CHUNK = 1_000
ROLE_OUTPUTS = ("themes", "role_terms", "role_themes", "role_similarity", "role_pairs")
ANALYSIS_SETTINGS = ("min_role_duties", "overlap_threshold", "theme_k_min", "theme_k_max", "theme_sample",
                     "theme_dims", "seed", "dedupe_duties")


def tokenize_chunk(job: tuple[list[str], tuple[str, ...], tuple[str, ...]]) -> list[str]:
    """Each text's space-joined tokens and features (tokens plus their dictionary sub-words, what
    the duty vectors count), as ``tokens\x1ffeatures`` (a task for a worker process)."""
    texts, userdicts, stopwords = job
    tokenizer = JiebaTokenizer(userdicts, stopwords)
    out = []
    for text in texts:
        tokens = tokenizer(text)
        out.append(f"{' '.join(tokens)}\x1f{' '.join(tokenizer.with_subwords(tokens))}")
    return out


def duty_tokens(texts: list[str], tokenizer: JiebaTokenizer, engine=None, cache=None) -> dict[str, str]:
    """``tokens\x1ffeatures`` of every text: cached ones looked up, the rest cut (in parallel
    when many). A fully cached run never loads jieba's dictionary."""
    version = token_version(tokenizer.userdicts, tokenizer.stopwords) if cache is not None else ""
    found = cache.get_tokens(version, texts) if cache is not None else {}
    missing = [text for text in texts if text not in found]
    if engine is not None and engine.parallel and len(missing) >= PARALLEL_TOKENS_MIN:
        chunks = [(missing[i:i + TOKEN_CHUNK], tokenizer.userdicts, tokenizer.stopwords)
                  for i in range(0, len(missing), TOKEN_CHUNK)]
        new = [joined for part in engine.map_chunks(tokenize_chunk, chunks) for joined in part]
    else:
        new = tokenize_chunk((missing, tokenizer.userdicts, tokenizer.stopwords))
    fresh = dict(zip(missing, new))
    if cache is not None and fresh:
        cache.put_tokens(version, fresh)
    return found | fresh


def analyse_index(index, parked, staging, settings, engine=None, cache=None) -> AnalysisSummary:
    """Every analysis output into ``staging``; the duty rows parked there get tokens and themes."""
    started = time.perf_counter()
    with Steps("analysis", STEPS, settings.quiet) as step:
        step("roles")  # made canonical while streaming
        step("tokens")
        tokenizer = JiebaTokenizer(settings.userdict, settings.stopwords)
        texts = sorted(index.ids)
        joined = duty_tokens(texts, tokenizer, engine, cache)
        if engine is not None:  # the workers' part is done: give their memory back before fitting
            engine.close()
        tokens, features = zip(*(joined[t].split("\x1f") for t in texts)) if texts else ((), ())
        table = pd.DataFrame({"duty": texts, "tokens": list(tokens), "features": list(features)})
        rank = {text: i for i, text in enumerate(texts)}
        remap = np.fromiter((rank[text] for text in index.ids), dtype=np.int64, count=len(index.ids))
        rows = role_rows(index, remap)
        summary = AnalysisSummary(roles=len(index.roles_with_duties), unique_duties=len(table))
        key = analysis_key(table, rows, settings) if cache is not None else None
        cached = cache.get_analysis(key) if key else None
        if cached is not None:
            restore(cached, staging, summary)
            table["theme"] = cached["themes"]
        else:
            fit_and_write(table, rows, staging, settings, summary, step)
            if key:
                cache.put_analysis(key, snapshot(staging, table, summary))
        write_duties(staging, parked, table, rank)
    summary.seconds = time.perf_counter() - started
    return summary


def role_rows(index, remap: np.ndarray) -> pd.DataFrame:
    """The counted duty rows as ``role, duty_id, record_id`` (duty ids in sorted-text order)."""
    role, duty, record = (column[:index.rows] for column in index.columns)
    return pd.DataFrame({"role": index.role_names()[role], "duty_id": remap[duty], "record_id": record})


def fit_and_write(table: pd.DataFrame, rows: pd.DataFrame, staging, settings, summary: AnalysisSummary,
                  step) -> None:
    step("vectors")
    vectorizer = DutyVectorizer()
    vectors = vectorizer.fit_transform(duty_documents(table)) if len(table) else None
    step("themes")
    themes = fit_themes(vectors, settings) if vectors is not None else None
    summary.models.update(vectorizer=vectorizer, themes=themes)
    table["theme"] = themes.labels_ if themes is not None else np.zeros(0, dtype=int)
    rows["theme"] = table["theme"].to_numpy()[rows["duty_id"].to_numpy()]
    if themes is None or not len(rows):
        write_empty_outputs(staging.dir)
        return
    summary.themes, summary.silhouette = themes.k_, themes.silhouette_[themes.k_]
    reduced = themes.transform(vectors)
    summary.compared_roles = analyse_roles(rows, table, themes, reduced, staging.dir, settings, step=step,
                                           models=summary.models)


def analysis_key(table: pd.DataFrame, rows: pd.DataFrame, settings) -> str:
    """Digest of everything the role outputs are computed from."""
    chosen = {name: getattr(settings, name) for name in ANALYSIS_SETTINGS}
    content = "\x01".join(f"{d}\x02{t}" for d, t in zip(table["duty"], table["tokens"]))
    roles = "\x01".join(map(str, rows["role"]))
    arrays = b"".join(np.ascontiguousarray(rows[c].to_numpy(), dtype=np.int64).tobytes()
                      for c in ("duty_id", "record_id"))
    return digest(analysis_version(), json.dumps(chosen, sort_keys=True), content, roles, arrays)


def snapshot(staging, table: pd.DataFrame, summary: AnalysisSummary) -> dict:
    files = {}
    for name in ROLE_OUTPUTS:
        for suffix in (".csv", ".parquet"):
            files[name + suffix] = (staging.dir / (name + suffix)).read_bytes()
    return {"files": files, "themes": table["theme"].to_numpy(),
            "summary": {"themes": summary.themes, "silhouette": summary.silhouette,
                        "compared_roles": summary.compared_roles}}


def restore(cached: dict, staging, summary: AnalysisSummary) -> None:
    for name, data in cached["files"].items():
        (staging.dir / name).write_bytes(data)
    for name, value in cached["summary"].items():
        setattr(summary, name, value)


def write_duties(staging, parked, table: pd.DataFrame, rank: dict[str, int]) -> None:
    """duties.parquet / duties.csv: the parked duty rows (file ``parked``) plus ``tokens`` and ``theme``."""
    tokens, themes = table["tokens"].to_numpy(), table["theme"].to_numpy()
    writer = DutyWriter(staging, "duties.parquet", ANALYSED_DUTY_TYPES, csv_name="duties.csv")
    for batch in pq.ParquetFile(parked).iter_batches(batch_size=BATCH_ROWS):
        frame = batch.to_pandas()
        ids = frame["duty"].map(rank).to_numpy(dtype=np.int64)
        frame["tokens"] = tokens[ids]
        frame["theme"] = themes[ids]
        writer.write_frame(frame)
    writer.close()
    staging.discard(parked)
