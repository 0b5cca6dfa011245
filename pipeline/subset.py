"""The ``where`` setting: a subset of the records by their fields and their postings' metadata.

``地区~上海`` (contains), ``发布平台=BOSS`` (equals), ``!=`` and ``!~`` (their negations),
``>``, ``>=``, ``<``, ``<=`` (numbers); ``|`` between values means any of them
(``地区~上海|北京``), ``&`` between conditions means all of them
(``发布平台=BOSS & 学历=本科``). A name is a record field (role, family, education …) or a
metadata column, with or without its ``meta_`` prefix. The same text filters records while a
run streams them (``Where.matches``) and a records table read back (``Where.mask``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPERATORS = ("!=", "!~", ">=", "<=", "=", "~", ">", "<")
SPLIT = re.compile("(" + "|".join(re.escape(op) for op in OPERATORS) + ")")
META_PREFIX = "meta_"  # a posting's metadata column NAME is meta_NAME in records.parquet / records.csv


class WhereError(ValueError):
    """A ``where`` text that is not a list of conditions (the message says which part)."""


@dataclass(frozen=True, slots=True)
class Condition:
    column: str
    op: str
    values: tuple[str, ...]

    def holds(self, value) -> bool:
        if self.op in ("!=", "!~"):
            return not Condition(self.column, self.op[1], self.values).holds(value)
        if value is None or (isinstance(value, float) and value != value):
            return False
        if self.op == "=":
            return any(_equal(value, v) for v in self.values)
        if self.op == "~":
            text = _text(value).lower()
            return any(v.lower() in text for v in self.values)
        number, limit = _number(value), _number(self.values[0])
        if number is None or limit is None:
            return False
        return {">": number > limit, ">=": number >= limit, "<": number < limit, "<=": number <= limit}[self.op]


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _equal(value, wanted: str) -> bool:
    if _text(value) == wanted:
        return True
    number, target = _number(value), _number(wanted)
    return number is not None and target is not None and number == target


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class Where:
    conditions: tuple[Condition, ...] = ()
    text: str = ""

    @classmethod
    def parse(cls, text: str) -> Where:
        """The conditions of ``text`` ('' gives none: every record); WhereError when a part is
        not ``NAME OPERATOR VALUE``."""
        conditions = []
        for part in filter(None, (p.strip() for p in (text or "").split("&"))):
            pieces = SPLIT.split(part, maxsplit=1)
            if len(pieces) != 3 or not pieces[0].strip() or not pieces[2].strip():
                raise WhereError(f"'{part}' is not NAME=VALUE, NAME~VALUE, NAME!=VALUE, NAME>NUMBER …")
            column, op, value = (p.strip() for p in pieces)
            values = tuple(v.strip() for v in value.split("|") if v.strip())
            if op in (">", ">=", "<", "<=") and _number(values[0]) is None:
                raise WhereError(f"'{part}': {op} needs a number, not '{values[0]}'")
            conditions.append(Condition(column, op, values))
        return cls(tuple(conditions), text or "")

    def __bool__(self) -> bool:
        return bool(self.conditions)

    def matches(self, record) -> bool:
        """Whether a Record (or a record dict) is in the subset."""
        get = record.get if isinstance(record, dict) else (lambda name: getattr(record, name, None))
        meta = get("meta") or {}
        return all(c.holds(_field(c.column, get, meta)) for c in self.conditions)

    def mask(self, records):
        """Which rows of a records table (as records.parquet has it, ``meta_`` columns or a
        ``meta`` column of dicts) are in the subset."""
        import pandas as pd

        keep = pd.Series(True, index=records.index)
        for c in self.conditions:
            keep &= _frame_column(c.column, records).map(c.holds).astype(bool)
        return keep

    def columns_missing(self, records) -> list[str]:
        return [c.column for c in self.conditions if _frame_column(c.column, records, None) is None]


def _field(name: str, get, meta: dict):
    """A record's field, else its metadata column (as a ``meta`` object or ``meta_`` fields)."""
    bare = name.removeprefix(META_PREFIX)
    for value in (get(name) if name != "meta" else None, get(META_PREFIX + bare), meta.get(name), meta.get(bare)):
        if value is not None:
            return value
    return None


def _frame_column(name: str, records, missing=False):
    for candidate in (name, META_PREFIX + name, name.removeprefix(META_PREFIX)):
        if candidate in records.columns and candidate != "meta":
            return records[candidate]
    if "meta" in records.columns:
        bare = name.removeprefix(META_PREFIX)
        return records["meta"].map(lambda m: m.get(name, m.get(bare)) if isinstance(m, dict) else None)
    if missing is not False:
        return missing
    import pandas as pd

    return pd.Series(None, index=records.index, dtype=object)
