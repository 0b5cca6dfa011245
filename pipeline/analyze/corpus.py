"""The analysis input: distinct duty texts and the duty rows that count for each role.

Filled record by record (as they stream past in a run, or from a list for the Python API),
in compact form, so memory grows with the number of *distinct* duties, not with the corpus.
The one home of the rule "a copy counts once per role": with ``dedupe_duties`` a record
whose first occurrence (``duplicate_of``) has the same role adds no rows.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


class DutyCorpus:
    """``ids``: distinct duty text -> id (first seen first). For each counted duty row, three
    integers: role code, duty id, record number (records with duties, counted or not)."""

    def __init__(self, dedupe: bool):
        self.dedupe = dedupe
        self.ids: dict[str, int] = {}
        self.role_codes: dict[str, int] = {}
        self.root_roles: dict[str, int] = {}  # record_id of a first occurrence -> role code
        self.columns = [np.zeros(1 << 16, dtype=np.int32) for _ in range(3)]  # role, duty, record
        self.rows = 0
        self.records = 0
        self.roles_with_duties: set[int] = set()

    @classmethod
    def of(cls, records: Iterable[dict], dedupe: bool) -> DutyCorpus:
        """From record dicts (canonical ``role``; ``duplicate_of`` for a copy)."""
        corpus = cls(dedupe)
        for record in records:
            corpus.add(record["record_id"], record["role"], record["duties"], record.get("duplicate_of"))
        return corpus

    def add(self, record_id: str, role_name: str, duties: list[str], original: str | None) -> None:
        """One record: its canonical role, its duties and, for a copy, the id of its first occurrence."""
        role = self.role_codes.setdefault(role_name, len(self.role_codes))
        if original is None and self.dedupe:
            self.root_roles[record_id] = role
        ids = [self.ids.setdefault(duty, len(self.ids)) for duty in duties]
        if not ids:
            return
        self.roles_with_duties.add(role)
        self.records += 1
        if self.dedupe and original is not None and self.root_roles.get(original) == role:
            return
        end = self.rows + len(ids)
        if end > len(self.columns[0]):
            self.columns = [np.concatenate([c, np.zeros(max(len(c), len(ids)), dtype=np.int32)])
                            for c in self.columns]
        self.columns[0][self.rows:end] = role
        self.columns[1][self.rows:end] = ids
        self.columns[2][self.rows:end] = self.records
        self.rows = end

    @property
    def roles(self) -> int:
        """Roles with at least one duty."""
        return len(self.roles_with_duties)

    def texts(self) -> list[str]:
        """The distinct duties in sorted order: the analysis never depends on input order."""
        return sorted(self.ids)

    def role_rows(self, texts: list[str]) -> pd.DataFrame:
        """The counted duty rows as ``role, duty_id, record_id``, duty ids indexing ``texts``."""
        rank = {text: i for i, text in enumerate(texts)}
        remap = np.fromiter((rank[text] for text in self.ids), dtype=np.int64, count=len(self.ids))
        role, duty, record = (column[:self.rows] for column in self.columns)
        return pd.DataFrame({"role": self._role_names()[role], "duty_id": remap[duty], "record_id": record})

    def _role_names(self) -> np.ndarray:
        names = np.empty(len(self.role_codes), dtype=object)
        for name, code in self.role_codes.items():
            names[code] = name
        return names
