"""Activities run together in one unnumbered sentence, separated only by ；(ANNOTATION
"Semicolons"): 了解连锁企业的经营理念;完成总公司下达的各项指标;制定分店的经营计划;…"""
from __future__ import annotations

import re

from .lexicon import ITEM_NUMBER, short_duty_verb

RUN_SEPARATOR = re.compile(r"[;；]")
MIN_RUN = 4  # activities: fewer are one duty with its parts (监督…;训练…;协调…)
VERB_SHARE = 2 / 3  # of the activities open with what the position does (负责, 制定, 组织 …)
# 店长的工作职责包括: / 主要职能如下: the words that announce the run, before its first activity.
RUN_INTRO = re.compile(r"^[^;；。:：,，]{0,30}?(?:职责|职能|工作|任务|内容)(?:主要)?(?:包括|有|如下|是|为)?[:：]")
# 业务运营统筹:制定…;保障…: a labelled table cell, one duty whatever its parts.
CELL_LABEL = re.compile(r"^[^，。；,;:：]{2,12}[:：]")


def activity_cuts(text: str) -> list[int]:
    """Where an unnumbered run of activities is cut: after its intro and after each ；. None when
    the text is numbered (a numbered entry stays one item), a labelled cell, or not a run."""
    if ITEM_NUMBER.match(text):
        return []
    intro = RUN_INTRO.match(text)
    start = intro.end() if intro else 0
    if not intro and CELL_LABEL.match(text):
        return []
    separators = [m.end() for m in RUN_SEPARATOR.finditer(text, start)]
    bounds = [start, *separators, len(text)]
    activities = [text[a:b].strip(" ;；") for a, b in zip(bounds, bounds[1:])]
    activities = [a for a in activities if a]
    if len(activities) < MIN_RUN or _verb_share(activities) < VERB_SHARE:
        return []
    return [start, *separators] if start else separators


def _verb_share(activities: list[str]) -> float:
    verb = short_duty_verb()
    return sum(bool(verb.match(a)) for a in activities) / len(activities)
