"""What became of every number in a document: part of a fact, part of an entity, or excluded with a reason.

The evidence behind "numbers that are not facts are excluded on purpose": `explain_numbers` names, for each
run of digits or Chinese numerals in `Document.text`, the fact or entity it belongs to, or why it is not a
fact (a date, a session number, a heading, a slogan, a word such as 一流 …). `unexplained` is the reason
left when no rule applies; a document read well has none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from etl.clean import is_heading_line
from etl.model import Document, Entity, Fact
from etl.numbers import numeric_mentions

_DATE_AFTER = re.compile(r"(?:年|月|日|号|季度|、[一二三四]季度|、[一二三四五六七八九十\d]+月)")
_SESSION_AFTER = re.compile(r"(?:届|次会议|次全体|次全会|次党代会)")
_LEVEL_AFTER = re.compile(r"[A-Z]?级")
_CODE_AFTER = re.compile(r"[厂所]")
_CLASSIFIER_AFTER = re.compile(
    r"(?:个|项|大|种|批|件|家|名|位|场|次|代|方面|流|步|点|些|句|剂|抹|座|处|条|线|号|期|型|道|把|处|套|份|轮|型)"
)
_UNIT_AFTER = re.compile(r"(?:万|亿)?(?:元|%|％|户|家|个|件|人|平方公里|公里|米|天|吨|亩|项|所|座|位)")
_OPEN_QUOTES, _CLOSE_QUOTES = '“‘「『"', '”’」』"'  # web copies quote with ASCII "
# （一）扩大有效投资。…: the number of a run-in heading at the start of a paragraph.
_RUN_IN_HEADING = re.compile(r"[（(][一二三四五六七八九十\d]{1,3}[）)]")
# 50亿元以上项目: a bound that names a class of projects or enterprises, not a figure.
_THRESHOLD_AFTER = re.compile(
    r"(?:万|亿)?(?:元|万元|亿元)?(?:以上|以下)(?:的)?(?:产业|工业|重大|重点)?(?:项目|企业|客商)"
)
# Web pages: the date and time of posting, phone numbers, site registrations, page counters.
_ISO_DATE = re.compile(r"(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])")
_CLOCK_TIME = re.compile(r"(?<![\d.])(?:[01]?\d|2[0-3])[:：][0-5]\d(?![\d.:：])")
_PHONE = re.compile(r"(?:电话|热线|传真|联系方式|Tel|TEL)[:：]?\s*[\d\-—－()（） ]{5,}|0\d{2,3}-\d{7,8}")
_REGISTRATION = re.compile(r"(?:ICP备|公网安备|备案号)[\d\s\-号]*")
_PAGE_COUNTER = re.compile(r"(?:浏览次数|阅读次数|点击数|点击量|访问量|阅读量|浏览量)[:：]?\s*\d+")
_WEB_REASONS = (
    (_ISO_DATE, "date"),
    (_CLOCK_TIME, "time"),
    (_PHONE, "phone"),
    (_REGISTRATION, "registration"),
    (_PAGE_COUNTER, "page_counter"),
)
_WEB_REACH = 24


@dataclass(frozen=True)
class NumberUse:
    start: int  # offsets in Document.text
    end: int
    written: str
    outcome: str  # fact | entity | excluded
    detail: str  # the fact_id or entity_id, or the reason it is not a fact


def explain_numbers(
    doc: Document,
    facts: list[Fact],
    entities: list[Entity],
    implausible: Sequence[tuple[int, int]] = (),
) -> list[NumberUse]:
    """Every number of the document's text with what became of it, in reading order; `implausible` are the
    spans of figures that extraction left out as beyond the plausible range of their unit."""
    text = doc.text or ""
    uses = []
    for start, end in numeric_mentions(text):
        fact = next((f for f in facts if _covers(f.char_start, f.char_end, start, end)), None)
        entity = next((e for e in entities if _covers(e.char_start, e.char_end, start, end)), None)
        if fact:
            uses.append(NumberUse(start, end, text[start:end], "fact", fact.fact_id))
        elif entity:
            uses.append(NumberUse(start, end, text[start:end], "entity", entity.entity_id))
        elif any(_covers(low, high, start, end) for low, high in implausible):
            uses.append(NumberUse(start, end, text[start:end], "excluded", "implausible"))
        else:
            reason = exclusion_of(text, start, end, facts)
            uses.append(NumberUse(start, end, text[start:end], "excluded", reason))
    return uses


def outcome_counts(uses: list[NumberUse]) -> Counter[str]:
    """fact / entity / excluded:<reason> → how many numbers."""
    return Counter(u.outcome if u.outcome != "excluded" else f"excluded:{u.detail}" for u in uses)


def _covers(span_start: int | None, span_end: int | None, start: int, end: int) -> bool:
    return span_start is not None and span_end is not None and span_start <= start and end <= span_end


def exclusion_of(text: str, start: int, end: int, facts: list[Fact]) -> str:
    """Why the number text[start:end] is not part of a fact."""
    written, before, after = text[start:end], text[max(0, start - 2) : start], text[end : end + 6]
    line = _line_of(text, start)
    web = _web_page_reason(text, start, end)
    if web:
        return web
    if re.fullmatch(r"(?:19|20)\d\d", written):
        return "date"
    if _inside_quotes(text, start, end):
        return "slogan"  # “三高四新”, “十四五”, ‘128’
    if _DATE_AFTER.match(after):
        return "date"  # 10月26日, 一、三季度, 过去5年
    if _SESSION_AFTER.match(after) or before.endswith(("人大", "届")):
        return "session"
    if before.endswith(("第", "首")):
        return "ordinal"
    if _RUN_IN_HEADING.fullmatch(text, max(0, start - 1), end + 1) and line.lstrip().startswith(
        text[start - 1 : end + 1]
    ):
        return "heading"
    if _THRESHOLD_AFTER.match(after):
        return "threshold"
    if is_heading_line(line.strip()) and (
        line.lstrip("# ").startswith(written) or not _UNIT_AFTER.match(after)
    ):
        return "heading"
    if _LEVEL_AFTER.match(after):
        return "level"  # 4A级
    if re.match(r"[A-Za-z·]", after[:1]) or re.search(r"[A-Za-z·]$", before) or _CODE_AFTER.match(after):
        return "code"  # A1, 5G, SA750, 331厂
    if _UNIT_AFTER.match(after) and any(
        f.value_text and f.value_text in text[start - 2 : end + 8] for f in facts
    ):
        return "duplicate"
    if _CLASSIFIER_AFTER.match(after) or re.match(r"[、和]", after[:1]):
        return "counted_phrase"
    if not written[0].isdigit():
        return "word"  # 一流, 进一步, 零售, 百强, 千亿: a numeral inside a word
    return "unexplained"


def _web_page_reason(text: str, start: int, end: int) -> str | None:
    """date, time, phone, registration or page_counter when the number is part of one (web copies)."""
    window_start = max(0, start - _WEB_REACH)
    window = text[window_start : end + _WEB_REACH]
    for pattern, reason in _WEB_REASONS:
        for match in pattern.finditer(window):
            if match.start() + window_start <= start and end <= match.end() + window_start:
                return reason
    return None


def _line_of(text: str, position: int) -> str:
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    return text[line_start : line_end if line_end >= 0 else len(text)]


def _inside_quotes(text: str, start: int, end: int) -> bool:
    """Inside a short quotation (“三高四新”, ‘128’), not a quoted sentence."""
    opening = max(text.rfind(q, max(0, start - 12), start) for q in _OPEN_QUOTES)
    if opening < 0:
        return False
    closing = min((i for q in _CLOSE_QUOTES if (i := text.find(q, end, end + 12)) >= 0), default=-1)
    return closing >= 0 and not any(c in text[opening + 1 : closing] for c in _CLOSE_QUOTES)
