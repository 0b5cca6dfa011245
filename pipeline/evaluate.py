"""Score records against gold annotations exactly as ``shared/eval/ANNOTATION.md`` defines.

The matching rules mirror the reference ``score.py``: records are matched one-to-one per
document (a shared title or at least half the gold duties), duty items match when their
normalised texts are at least 90% alike.
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DUTY_MATCH = 0.90
FIELDS = ("department", "superior", "subordinates", "education", "experience_years")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def norm(text) -> str:
    return "" if text is None else _PUNCT.sub("", unicodedata.normalize("NFKC", str(text)))


@lru_cache(maxsize=1 << 16)  # a document's pairs come back: once per record pair, once for the document
def similar(a: str, b: str) -> float:
    if not a or not b or min(len(a), len(b)) / max(len(a), len(b)) < DUTY_MATCH - 0.05:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # ratio() <= quick_ratio(): a pair that cannot reach the threshold skips the slow count
    return matcher.ratio() if matcher.quick_ratio() >= DUTY_MATCH else 0.0


def match_items(pred: list[str], gold: list[str]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of normalised strings, best pairs first."""
    pairs = sorted(
        ((s, i, j) for i, p in enumerate(pred) for j, g in enumerate(gold)
         if (s := 1.0 if p == g else similar(p, g)) >= DUTY_MATCH),
        reverse=True,
    )
    return _greedy(pairs)


def _greedy(pairs) -> list[tuple[int, int]]:
    used_p, used_g, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def titles_match(a, b) -> bool:
    a, b = norm(a), norm(b)
    return bool(a and b) and (a == b or (min(len(a), len(b)) >= 2 and (a in b or b in a)))


def field_value(rec: dict, field: str):
    value = rec.get(field)
    if field == "subordinates":
        return frozenset(norm(x) for x in (value or []) if norm(x))
    if field == "experience_years":
        try:
            return None if value is None else int(value)
        except (TypeError, ValueError):
            return str(value)
    return norm(value) or None


def score_document(pred: list[dict], gold: list[dict]) -> dict:
    pd_ = [[norm(d) for d in (r.get("duties") or []) if norm(d)] for r in pred]
    gd = [[norm(d) for d in (r.get("duties") or []) if norm(d)] for r in gold]
    cand = []
    for i, pr in enumerate(pred):
        for j, gr in enumerate(gold):
            m = len(match_items(pd_[i], gd[j])) if pd_[i] and gd[j] else 0
            f1 = 2 * m / (len(pd_[i]) + len(gd[j])) if (pd_[i] or gd[j]) else 0.0
            same_title = titles_match(pr.get("title"), gr.get("title"))
            if same_title or (m / len(gd[j]) if gd[j] else 0.0) >= 0.5:
                cand.append((f1 + (0.5 if same_title else 0.0), i, j))
    matched = _greedy(sorted(cand, reverse=True))
    out = {
        "pred_records": len(pred), "gold_records": len(gold), "matched": len(matched),
        "title_ok": sum(norm(pred[i].get("title")) == norm(gold[j].get("title")) != "" for i, j in matched),
        "kind_ok": sum((pred[i].get("kind") or "role") == (gold[j].get("kind") or "role") for i, j in matched),
        "pred_duties": sum(map(len, pd_)), "gold_duties": sum(map(len, gd)),
        "duty_tp": len(match_items([d for ds in pd_ for d in ds], [d for ds in gd for d in ds])),
    }
    for f in FIELDS:
        pairs = [(field_value(pred[i], f), field_value(gold[j], f)) for i, j in matched]
        pairs = [(p, g) for p, g in pairs if not (p in (None, frozenset()) and g in (None, frozenset()))]
        out[f + "_ok"], out[f + "_n"] = sum(p == g for p, g in pairs), len(pairs)
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_gold(gold_dir: Path) -> dict[str, list[dict]]:
    docs = {}
    for path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        docs[Path(gold["source"]).name] = gold["records"]
    return docs


def score(gold: dict[str, list[dict]], records: list[dict]) -> tuple[dict, dict]:
    """(summary, per-document counts) of ``records`` against ``gold``."""
    pred = {name: [] for name in gold}
    for rec in records:
        name = Path(str(rec.get("source", ""))).name
        if name in pred:
            pred[name].append(rec)
    per = {name: score_document(pred[name], gold[name]) for name in gold}
    tot: dict[str, int] = {}
    for counts in per.values():
        for k, v in counts.items():
            tot[k] = tot.get(k, 0) + v
    return summarize(tot, len(gold)), per


def summarize(tot: dict, documents: int) -> dict:
    rp, rr, rf = prf(tot["matched"], tot["pred_records"], tot["gold_records"])
    dp, dr, df = prf(tot["duty_tp"], tot["pred_duties"], tot["gold_duties"])
    matched = tot["matched"]
    summary = {
        "documents": documents,
        "record_precision": round(rp, 4), "record_recall": round(rr, 4), "record_f1": round(rf, 4),
        "title_accuracy": round(tot["title_ok"] / matched, 4) if matched else 0.0,
        "kind_accuracy": round(tot["kind_ok"] / matched, 4) if matched else 0.0,
        "duty_precision": round(dp, 4), "duty_recall": round(dr, 4), "duty_f1": round(df, 4),
    }
    for f in FIELDS:
        n = tot[f + "_n"]
        summary[f + "_accuracy"] = round(tot[f + "_ok"] / n, 4) if n else None
        summary[f + "_n"] = n
    summary.update({k: tot[k] for k in ("pred_records", "gold_records", "matched",
                                        "pred_duties", "gold_duties", "duty_tp")})
    return summary


def format_summary(summary: dict) -> str:
    return "\n".join(f"{k:28s} {v}" for k, v in summary.items())
