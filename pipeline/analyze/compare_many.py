"""Several roles side by side (``jdpipe compare A B C …``): every pair compared as ``jdpipe
compare A B`` compares it (the same code, so a cell of the matrix is the pair's number), then
the matrices, the duties each role has alone and the themes side by side."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..config import Settings
from ..errors import UserError
from . import tables
from .compare_roles import INTERVAL_NOTE, Comparison, CompareData, compare_pair, comparison_settings, too_few

PAIR_TABLE_COLUMNS = ["role_a", "role_b", "cosine", "cosine_low", "cosine_high", "overlap_a_in_b",
                      "overlap_a_in_b_low", "overlap_a_in_b_high", "overlap_b_in_a", "overlap_b_in_a_low",
                      "overlap_b_in_a_high", "records_a", "records_b", "duties_a", "duties_b"]
ALONE_COLUMNS = ["role", "duty", "record_id", "source", "records", "best_other", "best_cosine"]


@dataclass
class ManyComparison:
    """``roles``: the compared roles in the order named; ``pairs``: (a, b) -> Comparison for each
    pair, a named before b; ``too_few``: named roles left out, role -> (records, distinct duties)."""

    roles: list[str]
    pairs: dict[tuple[str, str], Comparison]
    too_few: dict[str, tuple[int, int]] = field(default_factory=dict)
    themes: pd.DataFrame = field(default_factory=pd.DataFrame)  # theme x role shares
    threshold: float = 0.5
    settings: dict = field(default_factory=dict)

    def pair(self, a: str, b: str) -> tuple[Comparison, bool]:
        """The comparison of a and b, and whether a is its role_a."""
        return (self.pairs[a, b], True) if (a, b) in self.pairs else (self.pairs[b, a], False)

    def support(self) -> dict[str, tuple[int, int]]:
        """Role -> (records, distinct duties)."""
        return {role: (result.summary["records"][role], result.summary["duties"][role])
                for result in self.pairs.values() for role in (result.role_a, result.role_b)}

    def matrix(self, number: str) -> pd.DataFrame:
        """Role x role: ``cosine`` (symmetric) or ``overlap`` (row's duties with a match in the column)."""
        frame = pd.DataFrame(1.0, index=pd.Index(self.roles, name="role"), columns=self.roles)
        for a in self.roles:
            for b in self.roles:
                if a != b:
                    result, first = self.pair(a, b)
                    key = "cosine" if number == "cosine" else ("overlap_a_in_b" if first else "overlap_b_in_a")
                    frame.loc[a, b] = round(result.summary[key], 4)
        return frame

    def pair_table(self) -> pd.DataFrame:
        """One row per pair: the numbers, their intervals, records and distinct duties."""
        rows = []
        for (a, b), result in self.pairs.items():
            s = result.summary
            rows.append({"role_a": a, "role_b": b, **{c: s[c] for c in PAIR_TABLE_COLUMNS[2:11]},
                         "records_a": s["records"][a], "records_b": s["records"][b],
                         "duties_a": s["duties"][a], "duties_b": s["duties"][b]})
        frame = pd.DataFrame(rows, columns=PAIR_TABLE_COLUMNS)
        return frame.round({c: 4 for c in PAIR_TABLE_COLUMNS[2:11]})

    def alone(self) -> pd.DataFrame:
        """The duties of each role with no match at the threshold in any other named role, and
        the best match it has among them."""
        parts = []
        for role in self.roles:
            sides = []
            for other in self.roles:
                if other != role:
                    result, first = self.pair(role, other)
                    table = result.table()
                    sides.append(table[table["side"] == ("a" if first else "b")])
            rows = pd.concat(sides, ignore_index=True)
            best = rows.sort_values(["cosine", "match_role"], ascending=[False, True], kind="mergesort")
            best = best.drop_duplicates("duty")
            parts.append(best[best["cosine"] < self.threshold])  # closest first, as a pair's "Only" list
        frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=ALONE_COLUMNS)
        return frame.rename(columns={"match_role": "best_other", "cosine": "best_cosine"})[ALONE_COLUMNS]

    def about(self) -> dict:
        return {"roles": self.roles, "too_few": {r: {"records": n, "distinct_duties": d}
                                                for r, (n, d) in self.too_few.items()},
                "overlap_threshold": self.threshold, "interval": INTERVAL_NOTE, **self.settings}


def supported(duties: pd.DataFrame, roles: list[str], settings: Settings) -> tuple[list[str], dict]:
    """The named roles with enough distinct duties to compare, and the others with their counts;
    fewer than two to compare is a UserError naming them."""
    few = too_few(duties, roles, settings)
    kept = [role for role in roles if role not in few]
    if len(kept) < 2:
        listed = "; ".join(f"{role} ({n} record{'s' * (n != 1)}, {d} distinct dut{'ies' if d != 1 else 'y'})"
                           for role, (n, d) in few.items())
        raise UserError(f"too few distinct duties to compare (min_role_duties = {settings.min_role_duties}): "
                        f"{listed}; --set min_role_duties=1 compares them anyway.")
    return kept, few


def compare_many(duties: pd.DataFrame, labels: dict[int, str], roles: list[str], settings: Settings,
                 few: dict | None = None) -> ManyComparison:
    """Every pair of ``roles`` (known, distinct, each with enough duties) compared once."""
    data = CompareData.of(duties, labels, roles, settings)
    pairs = {(a, b): compare_pair(data, a, b) for i, a in enumerate(roles) for b in roles[i + 1:]}
    shares = tables.role_theme_shares(data.role_duties).loc[roles].T
    shares = shares[(shares > 0).any(axis=1)].round(4)
    shares.index = [f"{theme} {labels.get(theme, '')}".strip() for theme in shares.index]
    shares.index.name = "theme"
    return ManyComparison(list(roles), pairs, dict(few or {}), shares, settings.overlap_threshold,
                          comparison_settings(settings))
