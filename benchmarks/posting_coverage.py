"""How many real job-board postings with a duty part give a record with duties (issue 14).

    python benchmarks/posting_coverage.py ../shared/corpus/jobboard/qcwy_postings.csv
    python benchmarks/posting_coverage.py /tmp/jb                 # a folder of postings (.txt)
    python benchmarks/posting_coverage.py CSV --failures 40       # print 40 failures per class
    python benchmarks/posting_coverage.py CSV --list fails.txt    # write every failure's name

A posting is the text the run parses for a row: its title on the first line, then its
description (a CSV needs the columns ``title`` and ``description``; a folder holds one posting
per .txt file). Each is put through ``parse_text`` in this process; nothing is written into
the repository.

Whether a posting HAS A DUTY PART is decided here, by a rule that does not use the parser
(its own words below, not the lexicon's), so that the parser cannot define its own target:

1. a duty header (岗位职责, 工作内容, 职位描述, 职务内容, Responsibilities …, DUTY_HEADERS)
   followed, before the next header of any kind, by at least one clause (cut at ；。;
   numbers and bullets) of 4+ CJK characters or 3+ English words that states no demand on the
   applicant (DEMAND_WORDS: 学历, 经验, 熟悉, 优先 …); or
2. numbered or bulleted items (1、 2. ① - • ®) wherever they stand: at least two that state
   no demand, one of them opening with a duty verb (DUTY_VERBS: 负责, 协助, 处理, 跟进 … /
   maintain, manage …); or a single item, opening with a duty verb (1、负责成本预算…).

A posting with a duty part COVERS when it gives at least one record with one duty or more.
Failures are grouped by the shape of their duty part (FAILURE_CLASSES, first that applies).
The report also gives how many postings' records fill ``education`` and ``experience_years``,
against how many postings name a degree or a number of years at all; with ``--education-column``
/ ``--experience-column`` (a board's own 学历 / 经验 columns) it gives the agreement with them.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.parse import parse_text  # noqa: E402

DUTY_HEADERS = (
    "岗位职责", "工作职责", "职位职责", "主要职责", "职责描述", "职责范围", "工作内容", "职位描述", "岗位描述",
    "工作描述", "职务内容", "职位说明", "职务说明", "职责内容", "工作概述", "职位概述", "职务描述", "岗位内容", "职位内容", "职责", "主要工作", "你需要做", "你将负责",
    "你的职责", "你要做", "你的角色", "responsibilities", "responsibility", "duties", "job description",
    "job descriptions", "what you will do", "the role", "key tasks",
)
DEMAND_HEADERS = (
    "任职要求", "任职资格", "岗位要求", "职位要求", "任职条件", "应聘要求", "应聘条件", "职务要求", "招聘要求",
    "工作要求", "要求", "资格", "requirements", "requirement", "qualifications", "qualification",
    "we are looking for", "希望你", "我们期待",
)
CHROME_HEADERS = ("福利", "待遇", "薪资", "联系", "公司介绍", "公司简介", "地址", "工作时间", "上班时间", "benefits")
DEMAND_WORDS = (
    "学历", "本科", "大专", "中专", "高中", "硕士", "经验", "经历", "熟悉", "熟练", "精通", "优先", "年龄", "岁",
    "性别", "户籍", "具有", "具备", "能力", "善于", "良好", "较强", "证书", "英语", "四级", "六级", "专业",
    "性格", "吃苦", "责任心", "形象", "身体", "degree", "experience", "years", "ability", "skills", "fluent",
    "preferred", "proficient", "knowledge",
)
DUTY_VERBS = (
    "负责", "协助", "完成", "处理", "管理", "维护", "跟进", "跟踪", "接听", "接待", "受理", "解答", "回复",
    "制定", "制作", "编制", "整理", "统计", "汇总", "收集", "录入", "审核", "核对", "组织", "安排", "参与",
    "配合", "执行", "落实", "开展", "开发", "拓展", "建立", "监督", "检查", "办理", "联系", "沟通", "协调",
    "对接", "催收", "报关", "订舱", "订单", "报价", "采购", "撰写", "起草", "策划", "推广", "运营", "分析",
    "做好", "进行", "根据", "按照", "定期", "及时", "确保", "保证", "领导交办", "上级交办", "其他", "其它",
    "maintain", "manage", "handle", "prepare", "coordinate", "support", "assist", "ensure", "develop",
    "follow", "contact", "communicate", "responsible", "provide", "process", "review", "track", "monitor",
)
ITEM = re.compile(r"(?:^|\s|[；;。:：])(?:\d{1,2}\s*[、.．)）:：\-]|[（(]\d{1,2}[)）]|[①-⑳]|[-•·●▪■◆★®]\s?)\s*")
CLAUSE_CUT = re.compile(r"[；;。!！]|" + ITEM.pattern)
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
FAILURE_CLASSES = (
    "demands first", "under a demand header", "english", "no header", "unnumbered", "header glued", "other",
)


@dataclass
class Posting:
    name: str
    text: str
    education: str | None = None  # the board's own column, when given
    experience: str | None = None


@dataclass
class Outcome:
    posting: Posting
    duty_part: bool
    covered: bool
    education: str | None
    experience_years: int | None
    failure: str | None = None


@dataclass
class Tally:
    outcomes: list[Outcome] = field(default_factory=list)

    def with_duty_part(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.duty_part]


def read_postings(path: Path, education_column: str | None, experience_column: str | None) -> list[Posting]:
    if path.is_dir():
        return [Posting(p.name, p.read_text(encoding="utf-8")) for p in sorted(path.glob("*.txt"))]
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [Posting(f"row{i:05d}", f"{row.get('title') or ''}\n{row.get('description') or ''}",
                    row.get(education_column) if education_column else None,
                    row.get(experience_column) if experience_column else None)
            for i, row in enumerate(rows, start=1)]


# -- the duty-part rule (independent of the parser) -----------------------------------------
def header_pattern(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


HEADER = re.compile(
    rf"(?P<duty>{header_pattern(DUTY_HEADERS)})|(?P<demand>{header_pattern(DEMAND_HEADERS)})"
    rf"|(?P<chrome>{header_pattern(CHROME_HEADERS)})", re.I)


def headers_of(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each header word that stands as a header: at a line's or clause's
    start (or after a letter-prefix like B.), and followed by a colon, a space, a number or a
    line end within a few characters."""
    out = []
    for m in HEADER.finditer(text):
        before = text[max(0, m.start() - 3):m.start()]
        after = text[m.end():m.end() + 4]
        at_start = m.start() == 0 or re.search(r"(?:^|[\s:：;；。、.．\]】)）A-Za-z\d])\s*$", before) is not None
        ends = re.match(r"\s*(?:[(（【][^)）】]{0,8}[)）】])?\s*(?:[:：\s\d\-]|$)", after) is not None
        if at_start and ends:
            out.append((m.lastgroup, m.start(), m.end()))
    return out


def clauses(text: str) -> list[str]:
    return [c.strip() for c in CLAUSE_CUT.split(text) if c and c.strip()]


def states_duty(clause: str) -> bool:
    long_enough = len(CJK.findall(clause)) >= 4 or len(LATIN_WORD.findall(clause)) >= 3
    return long_enough and not any(w in clause.lower() for w in DEMAND_WORDS)


def duty_sections(text: str) -> list[str]:
    """The text after each duty header, up to the next header of any kind."""
    heads = headers_of(text)
    return [text[end:(heads[i + 1][1] if i + 1 < len(heads) else len(text))]
            for i, (kind, _, end) in enumerate(heads) if kind == "duty"]


def list_items(text: str) -> list[str]:
    """The texts of the numbered or bulleted items of ``text``, each up to the next marker."""
    starts = [m.end() for m in ITEM.finditer(text)]
    return [text[s:e].strip() for s, e in zip(starts, [*[m.start() for m in ITEM.finditer(text)][1:], len(text)])]


def verb_led(item: str) -> bool:
    return item.lower().startswith(DUTY_VERBS)


def has_duty_part(text: str) -> bool:
    body = text.split("\n", 1)[1] if "\n" in text else text
    if any(any(states_duty(c) for c in clauses(section)) for section in duty_sections(body)):
        return True
    items = list_items(body)
    if len(items) == 1:
        return verb_led(items[0])  # 1、负责成本预算: a one-item list
    stated = [item for item in items if states_duty(item)]
    return len(stated) >= 2 and any(verb_led(item) for item in stated)


# -- failure classes (by the duty part's shape, not by the parser's reasons) ---------------
def failure_class(text: str) -> str:
    body = text.split("\n", 1)[1] if "\n" in text else text
    heads = headers_of(body)
    kinds = [kind for kind, _, _ in heads]
    duty_at = kinds.index("duty") if "duty" in kinds else None
    if duty_at is not None and "demand" in kinds[:duty_at]:
        return "demands first"
    sections = duty_sections(body)
    if duty_at is None and "demand" in kinds:
        return "under a demand header"
    part = " ".join(sections) if sections else body
    if len(LATIN_WORD.findall(part)) > len(CJK.findall(part)) / 2:
        return "english"
    if duty_at is None:
        return "no header"
    if not ITEM.search(part):
        return "unnumbered"
    start = heads[duty_at][1]
    if re.match(r"[\u4e00-\u9fff]+[A-Za-z]", body[start:start + 12]):
        return "header glued"
    return "other"


# -- education and years --------------------------------------------------------------------
DEGREE_NAMED = re.compile(r"初中|高中|中专|大专|专科|本科|硕士|博士|研究生|学士")
YEARS_NAMED = re.compile(r"(?:\d{1,2}|[一二两三四五六七八九十])\s*(?:[-~～至到]\s*\d{1,2}\s*)?年(?:以上|及以上)?[^，。；;]{0,12}(?:经验|经历)")
BOARD_YEARS = re.compile(r"(\d{1,2}|[一二两三四五六七八九十])")
CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def board_years(value: str | None) -> int | None:
    """3-5年经验 -> 3; 无需经验 / 不限 -> 0; blank -> None."""
    if not value or not value.strip():
        return None
    m = BOARD_YEARS.search(value)
    if m is None:
        return 0 if re.search(r"无|不限|应届", value) else None
    return int(m.group(1)) if m.group(1).isdigit() else CN[m.group(1)]


def run(postings: list[Posting]) -> Tally:
    tally = Tally()
    for posting in postings:
        records = parse_text(posting.text, posting.name)
        with_duties = [r for r in records if r.duties]
        first = with_duties[0] if with_duties else (records[0] if records else None)
        duty_part = has_duty_part(posting.text)
        outcome = Outcome(posting, duty_part, bool(with_duties),
                          first.education if first else None, first.experience_years if first else None)
        if duty_part and not outcome.covered:
            outcome.failure = failure_class(posting.text)
        tally.outcomes.append(outcome)
    return tally


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.1%})" if whole else f"{part}/0"


def print_report(tally: Tally, show: int) -> None:
    everyone = tally.outcomes
    duty = tally.with_duty_part()
    print(f"postings {len(everyone)}; with a duty part (rule in the docstring) {share(len(duty), len(everyone))}")
    print(f"with a duty part giving a record with duties {share(sum(o.covered for o in duty), len(duty))}")
    print(f"any posting giving a record with duties {share(sum(o.covered for o in everyone), len(everyone))}")
    fill_report(everyone)
    by_class: dict[str, list[Outcome]] = defaultdict(list)
    for o in duty:
        if o.failure:
            by_class[o.failure].append(o)
    print("failures by class:", ", ".join(f"{c} {len(by_class[c])}" for c in FAILURE_CLASSES if by_class[c]))
    for name in FAILURE_CLASSES:
        for o in by_class[name][:show]:
            body = " ".join(o.posting.text.split())
            print(f"  [{name}] {o.posting.name}: {body[:160]}")


def fill_report(outcomes: list[Outcome]) -> None:
    named_degree = [o for o in outcomes if DEGREE_NAMED.search(o.posting.text)]
    named_years = [o for o in outcomes if YEARS_NAMED.search(o.posting.text)]
    print(f"education filled {share(sum(o.education is not None for o in outcomes), len(outcomes))}; "
          f"of postings naming a degree {share(sum(o.education is not None for o in named_degree), len(named_degree))}")
    print(f"experience_years filled {share(sum(o.experience_years is not None for o in outcomes), len(outcomes))}; "
          f"of postings naming years {share(sum(o.experience_years is not None for o in named_years), len(named_years))}")
    boards = [o for o in outcomes if o.posting.education and DEGREE_NAMED.search(o.posting.education)]
    if boards:
        agree = sum(o.education is not None and o.education in o.posting.education for o in boards)
        print(f"education agrees with the board's column {share(agree, len(boards))}")
    years = [(o, board_years(o.posting.experience)) for o in outcomes]
    years = [(o, y) for o, y in years if y]
    if years:
        print(f"experience_years agrees with the board's column {share(sum(o.experience_years == y for o, y in years), len(years))}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("postings", type=Path, help="a CSV (title, description) or a folder of .txt postings")
    parser.add_argument("--failures", type=int, default=5, help="failures printed per class")
    parser.add_argument("--list", type=Path, help="write the failing postings' names here, one a line, with their class")
    parser.add_argument("--education-column", help="the board's own education column (学历), to check agreement")
    parser.add_argument("--experience-column", help="the board's own experience column (经验), to check agreement")
    args = parser.parse_args(argv)
    if not args.postings.exists():
        print(f"error: {args.postings} does not exist", file=sys.stderr)
        return 2
    tally = run(read_postings(args.postings, args.education_column, args.experience_column))
    print_report(tally, args.failures)
    if args.list:
        args.list.write_text("".join(f"{o.posting.name}\t{o.failure}\n" for o in tally.outcomes if o.failure),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
