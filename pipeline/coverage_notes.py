"""What the manifest and the run summaries say about duty-like lines in no record.

The per-file stage counts them (``pipeline.parse.coverage``: the manifest column
``unused_duty_lines``, beside ``duties``, cached with the file's outcome); the warning
is decided here, in the main process, from the settings ``coverage_warn_lines`` and
``coverage_warn_share``, so changing them needs no file to be parsed again.
"""
from __future__ import annotations

REASON = "duty-like lines in no record"  # the note the manifest's reason column gets
MIN_SHARE_LINES = 2  # the share rule needs this many unused lines (one stray line is no pattern)
# The count rule needs this share too: 20 stray lines of a 300-duty collection are mostly text
# the parser left out on purpose (an essay, pay, authorities), 8 of a 40-line page a lost position.
MIN_COUNT_SHARE = 0.10
WORST_SHOWN = 3  # documents named in the summary line


def unused_lines(row: dict) -> int:
    return int(row.get("unused_duty_lines") or 0)


def unused_share(unused: int, duties: int) -> float:
    """The share of the document's duty lines (those in records, and those in none) in none."""
    return unused / (unused + duties) if unused else 0.0


def too_many_unused(row: dict, warn_lines: int, warn_share: float) -> bool:
    """Many duty-like lines in no record: at least ``warn_lines`` of them (and 10% of the
    document's duty lines), or at least ``warn_share`` of its duty lines (a posting whose four
    duties were all lost)."""
    unused = unused_lines(row)
    share = unused_share(unused, int(row.get("duties") or 0))
    return (unused >= warn_lines and share >= MIN_COUNT_SHARE) or (unused >= MIN_SHARE_LINES and share >= warn_share)


def add_coverage_reason(row: dict, warn_lines: int, warn_share: float) -> None:
    """Status stays ``parsed``; the reason says how many duty-like lines no record holds."""
    if row.get("status") == "parsed" and too_many_unused(row, warn_lines, warn_share):
        note = f"{unused_lines(row)} {REASON}"
        row["reason"] = "; ".join(filter(None, [row.get("reason"), note]))


def coverage_line(manifest: list[dict]) -> str:
    """``12 documents have duty-like lines in no record (4 over the warning threshold); most:
    a.txt 22, b.txt 19, c.txt 17`` — or that none has."""
    rows = [row for row in manifest if unused_lines(row) > 0]
    if not rows:
        return "no duty-like line left out of the records"
    warned = sum(REASON in str(row.get("reason") or "") for row in rows)
    worst = sorted(rows, key=lambda row: (-unused_lines(row), row["source"]))[:WORST_SHOWN]
    names = ", ".join(f"{row['source']} {unused_lines(row)}" for row in worst)
    lines = sum(map(unused_lines, rows))
    return (f"{len(rows)} documents have duty-like lines in no record ({lines} lines; {warned} over the "
            f"warning threshold); most: {names}")
