"""Two roles side by side (``jdpipe compare`` and ``pipeline.compare_roles``), from analysed duty rows."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..config import Settings
from ..errors import UserError
from . import similarity, support, tables
from .columns import COMPARISON_COLUMNS, INTERVAL_NUMBERS
from .role_words import family_of, family_words
from .roles import alias_table, resolve_record, suggest_roles
from .tokens import JiebaTokenizer
from .profiles import ClassTfidf
from .vectorize import DutyVectorizer, duty_documents, with_features

BLOCK_ROWS = 512  # duties of role A scored against all of B's at a time
# what the duty vectors of a comparison are (said beside the table, with the settings)
VECTORS = "word TF-IDF of jieba tokens and their dictionary sub-words, L2-normalised; cosine of two duties"


@dataclass
class Comparison:
    role_a: str
    role_b: str
    summary: dict = field(default_factory=dict)
    matches: pd.DataFrame = field(default_factory=pd.DataFrame)  # duty, best_match, cosine (A's duties)
    reverse: pd.DataFrame = field(default_factory=pd.DataFrame)  # the same for B's duties in A
    threshold: float = 0.5
    origins: pd.DataFrame = field(default_factory=pd.DataFrame)  # role, duty -> record_id, source, records
    settings: dict = field(default_factory=dict)  # the settings the comparison depends on

    def unique(self, side: str) -> list[str]:
        frame = self.matches if side == "a" else self.reverse
        return frame.loc[frame["cosine"] < self.threshold, "duty"].tolist()

    def table(self) -> pd.DataFrame:
        """``jdpipe compare``'s table: a row per distinct duty of A with its best match in B,
        then one per distinct duty of B with its best match in A (each side by cosine, highest
        first); ``matched`` is 1 when the cosine reaches the threshold, else 0. Each duty and
        its match carry the first record of their role that holds them (``record_id``,
        ``source``) and how many of the role's records do (``records``)."""
        sides = [side_table(frame, side, role, other, self.origins, self.threshold)
                 for frame, side, role, other in ((self.matches, "a", self.role_a, self.role_b),
                                                  (self.reverse, "b", self.role_b, self.role_a))]
        return pd.concat(sides, ignore_index=True)[COMPARISON_COLUMNS]

    def about(self) -> dict:
        """What the table was made with: roles, threshold, settings, and the pair's numbers."""
        s = self.summary
        numbers = {"profile_cosine": s.get("cosine"), "overlap_a_in_b": s.get("overlap_a_in_b"),
                   "overlap_b_in_a": s.get("overlap_b_in_a"), "records_per_role": s.get("records"),
                   "distinct_duties_per_role": s.get("duties"),
                   "intervals": {name: [known(s.get(f"{name}_low")), known(s.get(f"{name}_high"))]
                                 for name in INTERVAL_NUMBERS},
                   "interval": INTERVAL_NOTE}
        return {"role_a": self.role_a, "role_b": self.role_b, "overlap_threshold": self.threshold,
                "matched": "1 when cosine >= overlap_threshold", "vectors": VECTORS, **self.settings, **numbers}


def known(value: float | None) -> float | None:
    """A number for JSON: None for NaN (no interval)."""
    return None if value is None or value != value else value


INTERVAL_NOTE = (f"95%: the number plus and minus 1.96 standard deviations of it over {support.DRAWS} draws of each "
                 f"role's records with replacement (seeded by the seed setting and the role's name); null when a "
                 f"role has one record")
LEVELS = ("role", "family")


@dataclass(frozen=True)
class Resolved:
    """What the user typed, the known role (or family) it names and the aliases and rules applied."""
    typed: str
    name: str
    steps: tuple[str, ...] = ()

    def note(self) -> str | None:
        """客服經理 -> 客服经理 (traditional folded); None when the name was taken as typed."""
        if self.typed == self.name and not self.steps:
            return None
        return f"{self.typed} -> {self.name}" + (f" ({'; '.join(self.steps)})" if self.steps else "")


def at_level(duties: pd.DataFrame, level: str) -> pd.DataFrame:
    """The duty rows with ``role`` holding what is compared: the role, or its family (rows of
    roles in no family left out). A family is a function of the role name (``family_of``), so
    outputs of any run can be compared by family."""
    if level == "role":
        return duties
    families = duties["role"].map(family_of)
    return duties.assign(role=families)[families.notna()]


def resolve(name: str, known: list[str], settings: Settings, level: str = "role") -> Resolved:
    """A known role (or family) for what the user typed (aliases and rules apply), else the
    closest names in a UserError."""
    if name in known:
        return Resolved(name, name)
    found = resolve_record(name, aliases=alias_table(settings.role_aliases))
    steps, resolved = list(found.steps), found.role
    if level == "family":
        word = family_words().family.get(found.role) or family_words().family.get(name)
        resolved = word or found.family or found.role
        steps.append(f"family word {name}" if word else f"family of {found.role}")
    if resolved in known:
        return Resolved(name, resolved, tuple(steps))
    hints = suggest_roles(name, known) or suggest_roles(resolved, known)
    hint = f"; did you mean {', '.join(hints)}?" if hints else "; `jdpipe run` found none like it."
    raise UserError(f"unknown {level} '{name}'{hint}")


def resolve_role(name: str, known: list[str], settings: Settings) -> str:
    return resolve(name, known, settings).name


def resolve_names(name_a: str, name_b: str, known: list[str], settings: Settings,
                  level: str = "role") -> tuple[Resolved, Resolved]:
    """Two different known roles (or families) for what the user typed (``resolve`` each)."""
    a, b = resolve_all([name_a, name_b], known, settings, level)
    return a, b


def resolve_all(names: list[str], known: list[str], settings: Settings, level: str = "role") -> list[Resolved]:
    """Different known roles (or families), at least two, for what the user typed."""
    if len(names) < 2:
        raise UserError(f"name at least two {level}s to compare.")
    found = [resolve(name, known, settings, level) for name in names]
    seen: dict[str, str] = {}
    for typed, name in zip(names, found):
        if name.name in seen:
            raise UserError(f"'{seen[name.name]}' and '{typed}' are the same {level} ({name.name}); "
                            f"name different {level}s.")
        seen[name.name] = typed
    return found


def resolve_pair(name_a: str, name_b: str, known: list[str], settings: Settings,
                 level: str = "role") -> tuple[str, str]:
    a, b = resolve_names(name_a, name_b, known, settings, level)
    return a.name, b.name


@dataclass
class CompareData:
    """What every pair of the named roles is computed from, made once: the distinct duties of
    all roles (sorted) with their word vectors, the role profiles (fitted on all roles, so the
    idf is the corpus's) and the named roles' records (for the intervals)."""

    duties: pd.DataFrame
    labels: dict[int, str]
    settings: Settings
    table: pd.DataFrame
    vectors: sp.csr_matrix
    role_duties: pd.DataFrame
    profiler: ClassTfidf
    records: support.RoleRecords

    @classmethod
    def of(cls, duties: pd.DataFrame, labels: dict[int, str], roles: list[str], settings: Settings) -> CompareData:
        table = duties.drop_duplicates("duty").sort_values("duty", kind="mergesort", ignore_index=True)
        table = with_features(table, JiebaTokenizer(settings.userdict, settings.stopwords))
        vectors = DutyVectorizer(char_weight=0.0).fit_transform(duty_documents(table))
        index = pd.Series(np.arange(len(table)), index=table["duty"])
        role_duties = duties[["role", "duty", "theme"]].drop_duplicates(["role", "duty"])
        role_duties = role_duties.assign(duty_id=role_duties["duty"].map(index))
        profiler = ClassTfidf().fit(table["tokens"].fillna("").to_numpy()[role_duties["duty_id"]], role_duties["role"])
        rows = duties.loc[duties["role"].isin(roles), ["role", "duty", "record_id"]]
        rows = pd.DataFrame({"role": rows["role"], "duty_id": rows["duty"].map(index), "record": rows["record_id"]})
        return cls(duties, labels, settings, table, vectors, role_duties, profiler,
                   support.RoleRecords.of(rows, list(roles)))

    def ids(self, role: str) -> np.ndarray:
        return self.records.duties[self.records.roles.index(role)]


def compare_roles(duties: pd.DataFrame, labels: dict[int, str], role_a: str, role_b: str,
                  settings: Settings) -> Comparison:
    return compare_pair(CompareData.of(duties, labels, [role_a, role_b], settings), role_a, role_b)


def compare_pair(data: CompareData, role_a: str, role_b: str) -> Comparison:
    """Two of the named roles side by side: best matches both ways, the pair's numbers and their
    intervals."""
    settings, texts = data.settings, data.table["duty"]
    ids_a, ids_b = data.ids(role_a), data.ids(role_b)
    result = Comparison(role_a, role_b, threshold=settings.overlap_threshold,
                        origins=duty_origins(data.duties, (role_a, role_b)), settings=comparison_settings(settings))
    result.matches = best_match_table(data.vectors, ids_a, ids_b, texts)
    result.reverse = best_match_table(data.vectors, ids_b, ids_a, texts)
    result.summary = pair_summary(data, result)
    return result


def best_match_table(vectors: sp.csr_matrix, ids_a: np.ndarray, ids_b: np.ndarray, texts: pd.Series) -> pd.DataFrame:
    """For each duty of A, its best match among B's duties (blocked, so memory stays bounded)."""
    best, scores = np.zeros(len(ids_a), dtype=int), np.zeros(len(ids_a))
    others = vectors[ids_b].T.tocsc()
    for start in range(0, len(ids_a), BLOCK_ROWS):
        block = (vectors[ids_a[start:start + BLOCK_ROWS]] @ others).toarray()
        if block.shape[1]:
            best[start:start + len(block)] = block.argmax(axis=1)  # first maximum: lowest id, i.e. sorted text
            scores[start:start + len(block)] = block.max(axis=1)
    frame = pd.DataFrame({"duty": texts.to_numpy()[ids_a],
                          "best_match": texts.to_numpy()[ids_b[best]] if len(ids_b) else "",
                          "cosine": np.minimum(scores, 1.0).round(4)})
    return frame.sort_values(["cosine", "duty"], ascending=[False, True], kind="mergesort", ignore_index=True)


def pair_summary(data: CompareData, result: Comparison) -> dict:
    """The numbers of a role_pairs row, recomputed for these two roles (any size), with intervals."""
    a, b, threshold, profiler = result.role_a, result.role_b, result.threshold, data.profiler
    shares = tables.role_theme_shares(data.role_duties)
    records = data.duties.groupby("role")["record_id"].nunique()
    summary = {
        "cosine": float(np.clip((profiler.profile(a) @ profiler.profile(b).T).toarray()[0, 0], 0.0, 1.0)),
        "overlap_a_in_b": float((result.matches["cosine"] >= threshold).mean()) if len(result.matches) else 0.0,
        "overlap_b_in_a": float((result.reverse["cosine"] >= threshold).mean()) if len(result.reverse) else 0.0,
        "shared_themes": similarity.shared_themes(shares, a, b, data.labels),
        "top_shared_terms": similarity.shared_terms(profiler.profile(a), profiler.profile(b),
                                                 profiler.get_feature_names_out()),
        "distinct_terms": {r: profiler.top_terms(8, classes=[r])["term"].tolist() for r in (a, b)},
        "records": {r: int(records.get(r, 0)) for r in (a, b)},
        "duties": {a: len(result.matches), b: len(result.reverse)},
    }
    return {**summary, **pair_intervals(data, result, summary)}


def pair_intervals(data: CompareData, result: Comparison, summary: dict) -> dict:
    """``cosine_low`` … ``overlap_b_in_a_high`` of the pair (``support``; NaN: a role of one record)."""
    names = [result.role_a, result.role_b]
    picked = [data.records.roles.index(name) for name in names]
    records = support.RoleRecords([data.records.roles[i] for i in picked], [data.records.duties[i] for i in picked],
                                  [data.records.shares[i] for i in picked])
    terms = data.profiler.term_weights(data.table["tokens"].fillna(""))
    weights = support.all_weights(records, data.settings.seed)
    cosine = support.cosine_intervals(records, terms, weights, [(0, 1)], np.asarray([summary["cosine"]]))
    texts = data.table["duty"].to_numpy()
    hits = [sp.csr_matrix((frame.set_index("duty")["cosine"].reindex(texts[ids]).to_numpy() >= result.threshold)
                          .astype(float)[:, None]) for frame, ids in ((result.matches, records.duties[0]),
                                                                      (result.reverse, records.duties[1]))]
    points = [np.asarray([summary["overlap_a_in_b"]]), np.asarray([summary["overlap_b_in_a"]])]
    overlap = support.overlap_intervals(records, hits, weights, points)
    bounds = {"cosine": (cosine[0][0], cosine[1][0]), "overlap_a_in_b": (overlap[0][0][0], overlap[0][1][0]),
              "overlap_b_in_a": (overlap[1][0][0], overlap[1][1][0])}
    return {f"{name}_{end}": float(value) for name, pair in bounds.items() for end, value in zip(("low", "high"), pair)}


def too_few(duties: pd.DataFrame, roles: list[str], settings: Settings) -> dict[str, tuple[int, int]]:
    """The named roles under ``min_role_duties`` distinct duties: role -> (records, distinct duties)."""
    rows = duties[duties["role"].isin(roles)]
    records = rows.groupby("role")["record_id"].nunique()
    distinct = rows.groupby("role")["duty"].nunique()
    return {role: (int(records.get(role, 0)), int(distinct.get(role, 0))) for role in roles
            if distinct.get(role, 0) < settings.min_role_duties}


def duty_origins(duties: pd.DataFrame, roles: tuple[str, str]) -> pd.DataFrame:
    """Per role and distinct duty: the first record holding it, in the order of the duty rows
    (input order), its source, and how many records of the role hold it."""
    rows = duties.loc[duties["role"].isin(roles), ["role", "duty", "record_id", "source"]]
    first = rows.drop_duplicates(["role", "duty"])
    counts = rows.groupby(["role", "duty"], sort=False)["record_id"].nunique().rename("records").reset_index()
    return first.merge(counts, on=["role", "duty"], how="left")


def side_table(matches: pd.DataFrame, side: str, role: str, other: str, origins: pd.DataFrame,
               threshold: float) -> pd.DataFrame:
    """One side of ``Comparison.table``: ``matches`` (duty, best_match, cosine) with the records
    of both duties."""
    frame = matches.assign(side=side, role=role, match_role=other)
    frame = frame.merge(origins, on=["role", "duty"], how="left")
    theirs = origins.rename(columns={"role": "match_role", "duty": "best_match", "record_id": "match_record_id",
                                     "source": "match_source", "records": "match_records"})
    frame = frame.merge(theirs, on=["match_role", "best_match"], how="left")
    frame[["records", "match_records"]] = frame[["records", "match_records"]].astype("Int64")
    frame["matched"] = (frame["cosine"] >= threshold).astype(int)
    return frame


def comparison_settings(settings: Settings) -> dict:
    """The settings a comparison depends on besides the threshold: word lists and aliases."""
    return {"userdict": list(settings.userdict), "stopwords": list(settings.stopwords),
            "role_aliases": dict(settings.role_aliases)}
