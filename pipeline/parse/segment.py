"""Walk a document's units and cut them into records (the segmenter's state machine)."""
from __future__ import annotations

import re
from dataclasses import replace

from .draft import (
    HEADER_FIELDS, Draft, copy_header_fields, header_table_after_duties, names_same_position, take_duties_from_demands,
)
from .duty_list import DutyListReader
from .fields import (
    clean_value, continues_value, glued_stop_value, head_description, is_value_cell, parse_fields, split_subordinates,
)
from .items import (
    ESSAY, arabic_value, closes_section, is_group_label, is_numbered_label, item_text, long_enough, marker,
    reads_as_short_duty,
)
from .duty_table import DutyTable, is_header_cell, standards_header
from .labels import OpenLabel, heads_description, label_text
from .lexicon import CLAUSE_PUNCT, ITEM_NUMBER, lexicon
from .posting_titles import posting_title
from .sections import (
    demands_start, next_section, opens_section, plain_bracketed_label, section_header, section_number, states_only_demands, sub_header,
)
from .titles import Heading, heading, name_kind, reads_as_duty
from .units import Unit

LATIN_WORDS = re.compile(r"[A-Za-z]{2,}[\s,.'’?!-]+[A-Za-z]{2,}")
# A posting's contacts; a run of address characters is read once from its start (possessive).
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S++|(?<![A-Za-z0-9._+-])[A-Za-z0-9._+-]++@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)+")
OPENING_SECTIONS = ("duties", "requirements")  # after a bare name, these start its record
# A document's title line names the record whose duties start within this many units below it
# (会计专员 底薪+双休 / ★轻松稳定… / 岗位职责:); further down it is only the page's title.
TITLE_LINE_REACH = 4


def names_procedure(text: str) -> bool:
    """投诉处理流程: / 回访规范及用语: a group named for a procedure or a script (not 流程优化)."""
    body = text.strip().rstrip(":：")
    return "职责" not in body and any(m.end() == len(body) for m in lexicon().excluded.finditer(body))


def introduces_group(text: str, nxt: Unit | None) -> bool:
    """一:对内职能客户服务工作的核心价值,就是… then 1.…: prose that opens a group of duties (its
    name and an essay on it), not a duty."""
    return (nxt is not None and arabic_value(nxt.text) == 1 and marker(text) != marker(nxt.text)
            and bool(ESSAY.search(item_text(text))))


def opens_duty_list(unit: Unit | None) -> bool:
    """岗位职责: / 1、… / 一、…: the start of a duty list (not a bullet, which essays use too)."""
    if unit is None:
        return False
    section = section_header(unit.text)
    if section is not None:
        return section[0] == "duties"
    return arabic_value(unit.text) == 1 or bool(re.match(r"\s*一\s*[、.．]", unit.text))


def field_title(value: str) -> str | None:
    """The name a 岗位名称 cell gives, without wrapper words (客服专员岗位说明书 -> 客服专员); None
    for a cell with no name in it (2., a row number the layout put under the label)."""
    title = clean_value(value)
    if not title or not re.search(r"[\u4e00-\u9fffA-Za-z]", title):
        return None
    if len(title) <= 2 and not name_kind(title):
        return None  # 一、工作岗位内容: 工作岗位 is no label here, 内容 no name (会计, 前台 are)
    cells = title.split()
    if len(cells) >= 3 and not any(name_kind(cell) for cell in cells):
        return None  # 职位名称 侧重点 管理范围 发展路径: the header row of a table, not a name
    head = heading(title)  # a heading put in the cell: 客服专员岗位说明书, 客户服务岗位职责第1篇
    wrapped = head is not None and head.kind is not None and (head.duty_wrapper or "说明" in title)
    return head.name if wrapped else title


class Segmenter(DutyListReader):
    def __init__(self, units: list[Unit], text: str = ""):
        self.units = units
        self.text = text  # the document the units were cut from (blank lines part paragraphs)
        self.drafts: list[Draft] = []
        self.current: Draft | None = None
        self.mode: str | None = None
        self.last_arabic = 0
        self.skip_group_name = False  # after a bare 职责三: its group name follows on the next line
        self.after_duty_header = False
        self.table = DutyTable()  # the duty table being read, when its layout was flattened
        self.group_style: str | None = None  # list marker of the duty groups (一、市场调研 …)
        self.skipped_group = False  # "other" stands for one group of the duty list (二.销售技巧)
        self.section_number: tuple[str, int] | None = None  # numbering of the last section header (四、)
        self.paused_at = 0  # duties paused by a second list; resume if the numbering continues
        self.open_clause = False  # the open item is an unnumbered line cut off after 、
        self.candidate: tuple[Heading, Unit] | None = None  # a bare name no list followed (yet)
        self.row_table = False  # the record is a row of a table of positions (1 / 客服经理 / 负责…)
        self.pending_fields: list[str] = []  # labels whose values follow in the next units
        self.header_row = False  # those labels came as one header row (values follow in order)
        self.heads: dict[str, tuple[str | None, list[str]]] = {}  # 部门负责人 descriptions by name
        self.label: OpenLabel | None = None  # the label over the duties being read
        self.index = 0  # of the unit being read
        self.resume_at = 0  # units before this index were already read with an earlier one
        self.title_line: tuple[Heading, Unit] | None = None  # the document's first line, as a name
        self.duty_header = False  # the duties being read stand under a duties header (职责:)

    def run(self) -> list[Draft]:
        for i, unit in enumerate(self.units):
            self.index = i
            self.step(unit, self.units[i + 1] if i + 1 < len(self.units) else None)
        self.flush()
        return self.drafts

    # -- records --------------------------------------------------------------
    def flush(self) -> None:
        draft = self.current
        if draft and not draft.duties and draft.titled_by_first_line:
            take_duties_from_demands(draft)  # a posting's board header over its duties (职位要求: 1、负责…)
        if draft and draft.duties:
            tail = demands_start(draft.duties)  # …负责客户回访 / 大专以上学历: the demands begin
            draft.requirements[:0] = draft.duties[tail:]
            draft.requirement_text.extend(draft.duties[tail:])
            del draft.duties[tail:]
        if draft and draft.duties and draft.latin_units * 4 <= draft.units and not states_only_demands(draft.duties):
            self.drafts.append(draft)
        elif draft and self.drafts and header_table_after_duties(self.drafts[-1], draft):
            copy_header_fields(draft, self.drafts[-1])
        self.current = None

    def start(self, name: str, kind: str, unit: Unit, from_field: bool = False, variant: bool = False) -> None:
        keep = self.current
        if keep and not keep.duties and not (from_field or variant) and names_same_position(keep, name):
            self.mode = None  # 淘宝客服 … 客服岗位职责: / 品牌管理部 … 品牌管理部门的职能: one block
            return
        carried = None
        if keep and not keep.duties and not from_field:
            carried = None if keep.title_from_field else keep
            keep = None  # a heading with nothing under it yet: the new one replaces it
        if keep and from_field and not keep.duties and not keep.title_from_field:
            keep.title, keep.kind, keep.title_from_field = name, "role", True  # name in the block wins
            return
        self.flush()
        self.current = Draft(name, kind, unit.start, unit.end, title_from_field=from_field,
                             titled_by_first_line=bool(self.units) and unit is self.units[0])
        self.candidate = self.title_line = None
        if name in self.heads:
            self.current.superior, self.current.subordinates = self.heads[name]
        if carried is not None:  # 直属部门:客服部 … 适用范围:卖场客服部主管
            copy_header_fields(carried, self.current, with_requirements=False)
        self.last_arabic = self.paused_at = 0
        self.group_style = None
        self.mode = None
        self.skipped_group = False
        self.table = DutyTable()
        self.row_table = False
        self.label = None
        if not from_field:  # a name field belongs to the document whose sections are numbered above it
            self.section_number = None

    # -- one unit ---------------------------------------------------------------
    def step(self, unit: Unit, nxt: Unit | None) -> None:
        if self.index < self.resume_at and unit is self.units[self.index]:
            return  # read with the unit before it (a value broken over two cells)
        if unit.chrome:  # the site's own lines between documents: whatever was open has ended
            self.flush()
            self.mode, self.candidate = None, None
            return
        if self.current:
            if self.mode == "requirements" or (section_header(unit.text) or ("",))[0] == "requirements":
                self.current.requirement_text.append(unit.text)  # 最佳学历 本科: the header qualifies the cell
            self.current.end = max(self.current.end, unit.end)
            self.current.units += 1
            self.current.latin_units += self.reads_in_english(unit)
        if self.on_pending_field(unit) or self.on_fields(unit):
            return
        head = heading(unit.text)
        if unit is self.units[0]:
            head = self.on_title_line(unit, head)
            if head is None and self.title_line:
                return
        if self.skip_group_name and not ITEM_NUMBER.match(unit.text) and not (head and head.wrapped):
            self.skip_group_name = False  # 职责三 / 客服/客户接待: the group's name, not a new position
            statement = section_header(unit.text)
            if not (statement and statement[1]):  # 职责一 / 职责表述:负责… is a duty, as on one line
                return
        if head and not self._sibling_group(head, unit) and self.on_heading(head, unit, nxt):
            return
        if sub_header(unit.text) is not None and self.on_group_name(unit):
            return
        if self.current and plain_bracketed_label(unit.text, nxt.text if nxt else None):
            self.mode, self.current.open_item = "other", False  # 【服装礼仪】 着装大方得体…: not duties
            return
        section = section_header(unit.text)
        if section and self.column_label_in_list(unit, section, nxt):
            return  # …等工作;考核要点 / 3.…: a table's column label the export left at a line's end
        if self.after_duty_header and (section and not section[1] or is_header_cell(unit.text)):
            self.table.add_header(unit.text)
            return  # 主要职责 / 对应规范/流程 / 权限: the header row of a table whose first column is duties
        header_row = bool(section) and section[0] == "duties" and standards_header(section[1])
        if header_row:
            section = ("duties", "")
        self.after_duty_header = bool(section) and section[0] == "duties" and not section[1] and not header_row
        if section:
            self.table = DutyTable()  # a new section: the table above, if any, has ended
            if header_row:
                self.table.add_header(unit.text)  # 职责描述 工作标准 权重, a row a line below
        if (section and section[0] == "duties" and self.mode == "other" and "责任" in unit.text
                and "职责" not in unit.text and not unit.text.startswith("【")):
            section = ("other", section[1])  # 一、权力 … 二、责任: accountability beside authority, not duties
        if section and section[0] in OPENING_SECTIONS and self.current is None and self.named_above():
            head, at = self.named_above()  # a duty (or requirement) list with no record open: the last bare name is its title
            self.start(head.name, head.kind, at)
        if section:
            self.mode, rest = section
            self.duty_header = self.mode == "duties"
            self.skipped_group = False
            self.label = None
            if self.current:
                self.current.open_item = False  # a header ends the item above
                self.current.requirement_end = None
            self.section_number = section_number(unit.text)
            self.last_arabic = 0
            if self.current and self.mode == "requirements":
                self.current.requirement_sections.append(len(self.current.requirements))
            if rest:
                self.step(Unit(rest, unit.start, unit.end, False), nxt)
            return
        if self.on_group_name(unit, nxt):
            return
        if self.on_block_cell(unit):
            return
        self.on_text(unit, numbered=bool(ITEM_NUMBER.match(unit.text)))

    def reads_in_english(self, unit: Unit) -> bool:
        """A line in English words (a slide deck's), not counting web and mail addresses."""
        english = LATIN_WORDS.search(unit.text) and LATIN_WORDS.search(WEB_ADDRESS.sub(" ", unit.text))
        return bool(english) and not self.listed_under_header(unit)

    def listed_under_header(self, unit: Unit) -> bool:
        """Daily tracking of open orders under 职责: / Excel and Word under 任职要求:: a posting's
        text in English under its section headers, not a slide deck."""
        return (self.mode == "duties" and self.duty_header) or self.mode == "requirements"

    def on_block_cell(self, unit: Unit) -> bool:
        """A line of a duty table of row blocks (DutyTable.block_cell): the share and group cells
        are no duties, each description line is one, a standards cell (略) goes to ``kpis``."""
        cell = self.table.block_cell(unit.text) if self.current is not None and self.mode == "duties" else None
        if cell == "text":
            item = item_text(unit.text)
            described = long_enough(item) or reads_as_short_duty(item)
            (self.current.duties if described else self.current.kpis).append(item)
        return cell is not None

    def column_label_in_list(self, unit: Unit, section: tuple[str, str], nxt: Unit | None) -> bool:
        """A header word alone at the end of a duty line, the list going on below it with the
        next number: a column label of the table the duties were in, not a new section."""
        tail = not unit.opens_line and not section[1] and section[0] != "duties"
        value = arabic_value(nxt.text) if nxt is not None and tail else None
        return (self.mode == "duties" and self.last_arabic > 0 and value is not None
                and self.last_arabic <= value <= self.last_arabic + 1)

    def on_title_line(self, unit: Unit, head: Heading | None) -> Heading | None:
        """A posting's first line is its title, even when its words are not in the role lexicon
        (出口空运操作, elv技术支持), without the board's perks and codes (会计专员 底薪+双休)."""
        if head is not None and (head.wrapped or head.excluded or head.collection or head.kind is None):
            return head  # 客服专员岗位职责 / 客服部管理制度: the usual heading rules apply
        numbered = ITEM_NUMBER.match(unit.text)  # A. 设计部: a list's entry, not a title line
        name = posting_title(unit.text) if not opens_section(unit.text) and not numbered else None
        if name is None:
            return head
        named = Heading(name, name_kind(name) or "role", False, False, False, False)
        self.title_line = (named, unit)  # a list with no header right below it is this posting's
        if head is not None:
            return replace(head, name=name, kind=name_kind(name) or head.kind)  # 白领公寓急招物流专员 -> 物流专员
        return None

    def named_above(self) -> tuple[Heading, Unit] | None:
        """The bare name a list with no record open belongs to: the last one read, else the
        document's title line when the list starts right under it."""
        if self.candidate is None and self.title_line and self.index > TITLE_LINE_REACH:
            self.title_line = None
        return self.candidate or self.title_line

    def on_group_name(self, unit: Unit, nxt: Unit | None = None) -> bool:
        """职责一: 客服部规章制度的建设 / 品牌管理层面: name a group of duties, not a duty."""
        rest = sub_header(unit.text)
        if rest is not None:
            self.skip_group_name = not rest
            self.last_arabic = 0
            if self.current is not None and self.mode not in ("ignore",):
                self.mode = "duties"  # 职责二 names a group of duties, wherever the page put it
            if rest and section_header(rest):
                self.step(Unit(rest, unit.start, unit.end, False), nxt)  # 职责一、职责表述: 负责…
            return True
        numbered = ITEM_NUMBER.match(unit.text)
        if numbered and self.current is not None and self.mode != "ignore" and self.closes_section(unit):
            self.mode = "other"  # 四、岗位职责 … 五、权限范围: a sibling section that is not duties
            return True
        label = is_group_label(unit.text, nxt) if not numbered else is_numbered_label(unit.text, nxt)
        label = label or (bool(numbered) and introduces_group(unit.text, nxt))
        label = label or (self.mode == "duties" and heads_description(unit.text, nxt and nxt.text, self.after_next()))
        if label and numbered and self.mode == "summary":
            self.mode = "duties"  # 宗旨: … 一、市场调研 (A、…): the duty groups begin
        if numbered and self.mode in ("kpis", "other") and marker(unit.text) == self.group_style:
            self.mode = "duties"  # 目标: (1)… then 二、产品规划: the next group of duties
        if self.mode == "duties" and (self.skip_group_name and not numbered or label):
            self.skip_group_name = False
            self.last_arabic = 0
            # 一.产品知识 … 二.销售技巧: numbered like a group of duties before it, a group of duties too
            sibling = (bool(numbered) and self.group_style is not None and marker(unit.text) == self.group_style
                       and not self.skipped_group)
            if label and numbered and not (self.label and self.label.marker is None):
                self.group_style = marker(unit.text)
            if label:
                self.open_label(unit.text)
            if label and names_procedure(unit.text) and not sibling:
                self.mode = "other"  # 投诉处理流程: / 回访规范及用语: a procedure or a script, not duties
                self.skipped_group = True
            elif label:
                self.skipped_group = False
            return True
        self.skip_group_name = False
        return False

    def after_next(self) -> str | None:
        at = self.index + 2
        return self.units[at].text if at < len(self.units) else None

    def open_label(self, text: str) -> None:
        """A label (or a group heading) over the next entries: the item above has ended."""
        self.label = OpenLabel(label_text(text), marker(text))
        if self.current is not None:
            self.current.open_item = False

    def closes_section(self, unit: Unit) -> bool:
        """A heading numbered like the section header above: the next section (五、权限范围 after
        四、岗位职责, 二、合法合规: in the list of 一、职责范围). An item numbered like its header
        (一、岗位职责 一、负责…) shows the numbering is the list's: no sibling follows then."""
        header = self.section_number
        if header is None:
            return False
        if next_section(unit.text, header):
            self.section_number = section_number(unit.text)
            return True
        if self.mode == "duties" and closes_section(unit.text, header[0]):
            return True
        if (section_number(unit.text) or ("",))[0] == header[0]:
            self.section_number = None
        return False

    def on_heading(self, head: Heading, unit: Unit, nxt: Unit | None) -> bool:
        first_inline = head.collection and not head.excluded and opens_duty_list(nxt)
        if head.excluded or (head.collection and not first_inline):
            # What follows a collection title is the site's intro, until the first variant; unless
            # a list starts right under it (客服专员岗位职责大全 / 1、…): the page's first text.
            self.flush()
            self.mode = "ignore"
            return True
        if head.kind is None:
            return False
        if self._names_own_demands(head, unit):
            return True  # 二、应聘要求 空运出口客服: the demands of the position whose duties came above
        if self._names_a_row(head, unit, nxt):
            self.start(head.name, head.kind, unit)
            self.mode, self.row_table = "duties", True
            return True
        if not head.wrapped and not self._list_follows(nxt, unit, head):
            if not ITEM_NUMBER.match(unit.text):
                self.candidate = (head, unit)  # 【急聘】客服专员 … 职位描述: may name what follows
            return False
        self.start(head.name, head.kind, unit, variant=head.variant)
        self.mode = "duties" if head.duty_wrapper or not head.wrapped else None
        return True

    def _names_a_row(self, head: Heading, unit: Unit, nxt: Unit | None) -> bool:
        """1 / 客服经理 / 负责…: a numbered position name with its duties in the next cell, a row
        of a table of positions (岗位职责一览表) flattened one cell per line."""
        cell = nxt.text if nxt is not None else ""
        return (head.kind == "role" and not head.wrapped and arabic_value(unit.text) is not None
                and (self.current is None or not self.current.duties
                     or (self.row_table and self.mode in ("duties", "requirements")))
                and long_enough(cell)
                and not ITEM_NUMBER.match(cell) and heading(cell) is None and section_header(cell) is None
                and parse_fields(cell) is None and (bool(CLAUSE_PUNCT.search(cell)) or reads_as_duty(cell)))

    def _names_own_demands(self, head: Heading, unit: Unit) -> bool:
        """A bare name in the rest of a requirements header, under a record with duties, labels
        that record's demands; it opens no position (its list is requirements, not duties)."""
        rest_of_header = unit is not self.units[self.index]
        return (rest_of_header and self.mode == "requirements" and not head.wrapped
                and self.current is not None and bool(self.current.duties))

    def _sibling_group(self, head: Heading, unit: Unit) -> bool:
        """一.产品知识 … 三.售前接待: numbered like the duty groups before it, a bare name (no 职责
        or 说明书 around it) is one more group of this record's duties, not a new position."""
        in_list = self.mode == "duties" or (self.mode == "other" and self.skipped_group)
        return (not head.wrapped and self.current is not None and in_list and self.group_style is not None
                and marker(unit.text) == self.group_style)

    def _list_follows(self, nxt: Unit | None, unit: Unit, head: Heading) -> bool:
        """A bare name is a heading when its own list follows (A.配套产品开发工程师: 1.…)."""
        if nxt is None:
            return False
        section = section_header(nxt.text)
        if self._opens_next_block(head, nxt, section):
            return True
        if section is not None:
            return section[0] == "duties"
        if not ITEM_NUMBER.match(nxt.text) or heading(nxt.text) is not None:
            return False
        # A numbered name inside a list (9、合理分配…人员) is an item unless a new list starts.
        return not ITEM_NUMBER.match(unit.text) or marker(unit.text) != marker(nxt.text) or arabic_value(nxt.text) == 1

    def _opens_next_block(self, head: Heading, nxt: Unit, section: tuple[str, str] | None) -> bool:
        """客服主管 / 任职要求: or 所属部门: … right after another position's duty list, or
        1、市场总监 / 直接上司:总裁 under a unit's heading with no duties yet: a bare name over
        its header fields (or, after duties, its demands) opens that position's block."""
        draft = self.current  # with none open, apply_field lets the bare name (a candidate) head the block
        if head.kind != "role" or draft is None or head.name == draft.title:
            return False
        fields = parse_fields(nxt.text) or ()
        has_fields = any(f in HEADER_FIELDS and value for f, value in fields)  # 所属部门:客服部, with its value
        if not draft.duties:
            return section is None and has_fields
        after_duties = self.mode in ("duties", "requirements")
        return after_duties and (section[0] in ("requirements", "summary") if section else has_fields)

    def on_pending_field(self, unit: Unit) -> bool:
        """Values of a header row whose cells came one per line (岗位名称 / 客服部主管 …)."""
        pairs = parse_fields(unit.text)
        glued = glued_stop_value(unit.text) if pairs == () and len(self.pending_fields) > 1 else None
        if pairs is not None and glued is None and all(not value for _, value in pairs):
            return False  # more labels of the same header row: on_fields queues them
        if not self.pending_fields or (pairs is not None and glued is None) or section_header(unit.text):
            self.pending_fields = []
            return False
        if not self.header_row and len(self.pending_fields) > 1:
            self.header_row = self._value_column_follows(glued is not None)  # labels first, then values
        if glued is not None:  # 所辖人员客服部经理: the first value, glued to the last label
            return self._apply_first_value(glued, unit)
        if len(self.pending_fields) == 1 and continues_value(unit.text) and self._next_is_value():
            self.resume_at = self.index + 1  # 行政主管/ | 行政经理助理: one value broken over two cells
            nxt = self.units[self.index + 1]
            unit = Unit(unit.text.rstrip() + nxt.text.strip(), unit.start, nxt.end, unit.opens_line)
        cells = unit.text.split() if len(self.pending_fields) > 1 else [unit.text]
        if not self.header_row and len(cells) == 1:
            # label / value pairs one cell per line, empty cells dropped: the value is the last label's
            self.pending_fields = self.pending_fields[-1:]
        for cell in cells:
            if not self.pending_fields:
                break
            self.apply_field(self.pending_fields.pop(0), cell, unit)
        return True

    def _value_column_follows(self, glued: bool) -> bool:
        """岗位名称 / 所在部门 / 直接上级 then 客服部经理 / 运营中心 / 运营总监: as many value cells
        follow as labels wait for them (else a label lost its empty cell: the value is the last's)."""
        first = self.index + (1 if glued else 0)
        cells = self.units[first:self.index + len(self.pending_fields)]
        return len(cells) == len(self.pending_fields) - (1 if glued else 0) and all(is_value_cell(c.text) for c in cells)

    def _next_is_value(self) -> bool:
        return self.index + 1 < len(self.units) and is_value_cell(self.units[self.index + 1].text)

    def _apply_first_value(self, value: str, unit: Unit) -> bool:
        if not self.header_row:
            self.pending_fields = []
            return False
        self.apply_field(self.pending_fields.pop(0), value, unit)
        return True

    def on_fields(self, unit: Unit) -> bool:
        pairs = parse_fields(unit.text)
        if pairs is None:
            return False
        for name, value in pairs:
            if value:
                self.apply_field(name, value, unit)
        empty = [name for name, value in pairs if not value]
        if not self.pending_fields:
            self.header_row = len(empty) > 1  # 职位名称 隶属部门: values follow in this order
        self.pending_fields += empty
        return True

    def apply_field(self, name: str, value: str, unit: Unit) -> None:
        if name == "stop":
            return
        if name == "head":
            described = head_description(value)
            if described:  # the head's own record may follow: remember what the prose says of it
                self.heads[described[0]] = described[1:]
            return
        if name == "title":
            title = field_title(value)
            if title:
                self.start(title, name_kind(title) or "role", unit, from_field=True)
            return
        if self.current is None and self.named_above() and name in HEADER_FIELDS:
            head, at = self.named_above()  # 客服专员 / 所属部门:客服部: the bare name above heads the block
            self.start(head.name, head.kind, at)
        if self.current is not None:
            self.set_field(name, value)

    def set_field(self, name: str, value: str) -> None:
        if name == "subordinates":
            self.current.subordinates = split_subordinates(value)
        elif clean_value(value) or getattr(self.current, name) is None:
            setattr(self.current, name, clean_value(value))  # a value the row ran into keeps the one read before
