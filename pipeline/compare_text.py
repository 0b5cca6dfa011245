"""What ``jdpipe compare`` prints: two roles (their numbers with intervals, closest duty pairs,
the duties each has alone), or several (the matrices, the themes side by side, the duties each
has alone among them)."""
from __future__ import annotations

import math
import unicodedata

SHOWN = 10  # matches and unique duties printed per section (the written tables have all)
THEMES_SHOWN = 12  # themes printed side by side, those with the largest shares


def padded(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 1)


def span(low: float | None, high: float | None, percent: bool = False) -> str:
    """``[0.157, 0.283]`` or ``[0%–11%]``; ``[n/a, 1 record]`` when unknown (a role of one record)."""
    if low is None or high is None or math.isnan(low) or math.isnan(high):
        return "[n/a, 1 record]"
    return f"[{low:.0%}–{high:.0%}]" if percent else f"[{low:.3f}, {high:.3f}]"


def too_few_lines(few: dict[str, tuple[int, int]], minimum: int) -> list[str]:
    """The named roles left out, with what they rest on."""
    return [f"too few to compare: {role} ({records} record{'s' * (records != 1)}, {duties} distinct "
            f"dut{'ies' if duties != 1 else 'y'}; min_role_duties = {minimum})" for role, (records, duties) in few.items()]


def format_comparison(result) -> str:
    """Two roles: the numbers of the pair, the closest duty pairs, the duties each has alone."""
    a, b, s = result.role_a, result.role_b, result.summary
    lines = [
        f"{a} vs {b}",
        f"  records {s['records'][a]} / {s['records'][b]}, distinct duties {s['duties'][a]} / {s['duties'][b]}",
        f"  profile cosine {s['cosine']:.3f} {span(s.get('cosine_low'), s.get('cosine_high'))}",
        f"  duty overlap (cosine >= {result.threshold}): {s['overlap_a_in_b']:.0%} "
        f"{span(s.get('overlap_a_in_b_low'), s.get('overlap_a_in_b_high'), True)} of {a}'s duties have a match "
        f"in {b}; {s['overlap_b_in_a']:.0%} {span(s.get('overlap_b_in_a_low'), s.get('overlap_b_in_a_high'), True)} "
        f"of {b}'s in {a}",
        f"  shared themes: {'; '.join(s['shared_themes']) or '-'}",
        f"  top shared terms: {', '.join(s['top_shared_terms']) or '-'}",
        f"  distinctive terms {a}: {', '.join(s['distinct_terms'][a])}",
        f"  distinctive terms {b}: {', '.join(s['distinct_terms'][b])}",
        "",
        f"Closest duty pairs ({a} -> {b}):",
    ]
    for row in result.matches.head(SHOWN).itertuples(index=False):
        lines.append(f"  {row.cosine:.2f}  {row.duty}\n        ⇄ {row.best_match}")
    for side, role in (("a", a), ("b", b)):
        lines += only_lines(role, result.unique(side), result.threshold, "")
    return "\n".join(lines)


def only_lines(role: str, duties: list[str], threshold: float, among: str) -> list[str]:
    lines = ["", f"Only {role} ({len(duties)} duties without a match >= {threshold}{among}):"]
    lines += [f"  - {duty}" for duty in duties[:SHOWN]]
    if len(duties) > SHOWN:
        lines.append(f"  … {len(duties) - SHOWN} more in the table written below")
    return lines


def format_many(result) -> str:
    """Several roles: support, the cosine and overlap matrices (with intervals), the themes side
    by side, the duties each has alone among them."""
    roles, support = result.roles, result.support()
    width = max(12, *(len(role) * 2 + 2 for role in roles))
    lines = [" vs ".join(roles), "  records / distinct duties: " + "; ".join(
        f"{role} {support[role][0]} / {support[role][1]}" for role in roles), ""]
    lines += matrix_lines("Profile cosine [95% interval]", result, "cosine", width)
    lines += matrix_lines(f"Duty overlap: share of the row role's duties with a match >= {result.threshold} in the "
                          "column role [95% interval]", result, "overlap", width)
    lines += theme_lines(result, width)
    alone = result.alone()
    for role in roles:
        lines += only_lines(role, alone.loc[alone["role"] == role, "duty"].tolist(), result.threshold,
                            " in the others")
    return "\n".join(lines)


def matrix_lines(title: str, result, number: str, width: int) -> list[str]:
    roles = result.roles
    lines = [title + ":", (padded("", width) + "".join(padded(role, 26) for role in roles)).rstrip()]
    for a in roles:
        cells = []
        for b in roles:
            if a == b:
                cells.append(padded("-", 26))
                continue
            comparison, first = result.pair(a, b)
            s = comparison.summary
            key = "cosine" if number == "cosine" else ("overlap_a_in_b" if first else "overlap_b_in_a")
            cells.append(padded(f"{s[key]:.3f} {span(s[key + '_low'], s[key + '_high'])}"
                                if number == "cosine" else f"{s[key]:.0%} {span(s[key + '_low'], s[key + '_high'], True)}",
                                26))
        lines.append(padded(a, width) + "".join(cells).rstrip())
    return lines + [""]


def theme_lines(result, width: int) -> list[str]:
    themes = result.themes
    if not len(themes):
        return []
    top = themes.max(axis=1).sort_values(ascending=False, kind="mergesort").index[:THEMES_SHOWN]
    lines = [f"Themes (share of each role's distinct duties; the {len(top)} largest):",
             (padded("", 40) + "".join(padded(role, width) for role in result.roles)).rstrip()]
    for theme in top:
        number, _, label = theme.partition(" ")
        lines.append(padded(f"{number} {' / '.join(label.split(' / ')[:2])}", 40) + "".join(padded(f"{themes.at[theme, role]:.0%}", width)
                                                      for role in result.roles).rstrip())
    return lines
