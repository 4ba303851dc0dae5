"""Kind (actual / target / plan), period, sector and zone of a figure, from its sentence, its section and
the document's metadata.

Periods: a report for year R reviews R-1 (or, for a term report, the past five years R-5 … R-1) and plans
R (or the next five years). `未来五年` in a report delivered in year R is R … R+4: the 2021 report's
five-year horizon is 2021–2025, the 十四五 period it names itself (`“十四五”时期`), not the 2022–2026
term of the congress.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from etl.catalog import Catalog
from etl.model import Document
from etl.numbers import parse_numeral

ACTUAL, TARGET, PLAN = "actual", "target", "plan"
# A goal without its horizon (主要目标是, 力争, 计划): a target for one year, a plan for several.
GOAL = "goal"

_N = r"(\d{1,2}|[一二三四五六七八九十]{1,2})"
# One regex for all sentence cues; the group that matched says which cue it is.
_CUES = re.compile(
    "|".join(
        [
            r"(?P<this_year_so_far>今年以来)",
            r"(?P<this_year>今年|本年度)",
            r"(?P<next_year>明年)",
            rf"(?P<past_years>(?:过去|近|前){_N}年|{_N}年来)",
            r"(?P<past_year>过去(?:这)?一年|一年来|去年|上年|上一年)",
            r"(?P<estimate>预计)",
            rf"(?P<next_years>(?:未来|今后){_N}年)",
            r"(?P<plan_so_far>“?十([三四五])五”?(?:以来|期间以来))",
            r"(?P<five_year_plan>“?十([三四五])五”?(?:时期|期间|规划|末)?)",
            r"(?P<by_year>到(20\d\d)年)",
            r"(?P<goal>预期目标|主要目标|目标是|力争|全年目标|计划)",
            r"(?P<year>(20\d\d)年)",
        ]
    )
)
# Part headings: 2024如何“干” (target of that year), 2023有多“拼” (result), 数读 / 一图读懂 (the plan).
# The first year of the 13th, 14th and 15th five-year plans (十三五, 十四五, 十五五).
_FIVE_YEAR_PLAN_STARTS = {"三": 2016, "四": 2021, "五": 2026}
# A year tied to the figure right after it (由2016年的186.2亿元增加到2021年的265.8亿元) dates that
# figure only.
_LOCAL_YEAR = re.compile(r"(?:到)?20\d\d年(?:底|末)?的")
_CLAUSE_MARK = re.compile(r"[，,；;：:。！？!?]")
# A verb of arrival right before a figure: the level stood there at the end of the period (增至460亿元).
_REACHED = re.compile(r"(?:增至|增加到|增长到|提高到|提升到|上升到|扩大到|达到|达)\s*$")
_HEADING_CUES = re.compile(
    r"(?P<plan_year>(20\d\d)?(?:年)?[^，,。]*(?:如何|怎么|怎样)“?[干做办]|(20\d\d)年?(?:工作安排|主要目标|预期目标)|"
    r"主要(?:预期)?目标|预期目标)"
    r"|(?P<result_year>(20\d\d)?(?:年)?[^，,。]*有多“?[拼干]|(20\d\d)年?工作回顾)"
    r"|(?P<infographic>数读|一图读懂)"
    rf"|(?P<past_years>过去{_N}年)|(?P<next_years>未来{_N}年)"
)

_SECTOR_WORDS: tuple[tuple[str, str], ...] = (
    ("aviation", "航空|通航|低空|无人机|机场|空域|飞行|飞机|航发"),
    ("apparel", "服饰|服装|服博|纺织|面料"),
    ("new_materials", "新材料|新材|硬质合金|材料"),
    ("innovation", "高新技术|专精特新|小巨人|创新平台|研发|科技|专利"),
    ("business_environment", "营商|市场主体|个转企|授信|税费|政务|审批|融资|跨省"),
    ("culture_tourism", "旅游|景区|名胜|文旅|文创|夜间|夜市|非遗|文化"),
    ("education", "学位|学校|教育|教师|幼儿园|园位|托育"),
    ("health", "医院|医疗|医养|卫生|诊疗|医保|健康"),
    ("employment_social", "就业|社保|养老|低保|参保|劳务|社区\\(村\\)"),
    ("environment", "蓝天|空气|水质|污染|碧水|净土|生态|绿化|雨污|河湖|流域|整治|禁渔"),
    ("agriculture", "农业|乡村|农村|丝瓜|农产品|粮食|农博|灌区"),
    ("urban_development", "老旧小区|棚户|道路|干道|管网|城市更新|电梯|公里|城中村"),
    ("governance", "行政效能|法治|政府|督查"),
    ("economy", "商业|商贸"),  # the default sector, named where trade is what a place is for
)
# The sector a zone's places belong to when their name and clause say nothing more specific.
ZONE_SECTORS = {
    "aviation_city": "aviation",
    "apparel_city": "apparel",
    "fengxi_new_city": "urban_development",
    "jingcheng_eco_city": "environment",
    "cbd": "economy",
}
_SECTOR_PATTERNS = tuple((sector, re.compile(words)) for sector, words in _SECTOR_WORDS)


@dataclass(frozen=True)
class Timing:
    kind: str
    period_start: int
    period_end: int


@dataclass(frozen=True)
class DocumentYears:
    """The years a document looks back on and plans for, from its metadata."""

    report_year: int
    review: tuple[int, int]
    plan: tuple[int, int]
    current: int = (
        0  # the year the document was delivered in (今年) when not R: R-1 for a December conference
    )

    @property
    def plan_kind(self) -> str:
        return TARGET if self.plan[0] == self.plan[1] else PLAN


def document_years(doc: Document) -> DocumentYears:
    year = doc.report_year or (doc.meeting_date.year if doc.meeting_date else None) or _latest_year(doc)
    review = _years_from_manifest(doc.reviews, year, past=True)
    plan = _years_from_manifest(doc.plans, year, past=False)
    # A conference in December plans the next year: its 今年 is the year before the report year.
    december = doc.meeting_date is not None and doc.meeting_date.year == year - 1
    return DocumentYears(year, review, plan, year - 1 if december else 0)


def _latest_year(doc: Document) -> int:
    years = [int(y) for y in re.findall(r"(20\d\d)年", f"{doc.title} {doc.text or ''}")]
    return max(years) if years else 2000


def _years_from_manifest(written: str | None, report_year: int, past: bool) -> tuple[int, int]:
    """`2023` → (2023, 2023); `past five years` → (R-5, R-1); `next five years` → (R, R+4); else R-1 / R."""
    text = (written or "").strip().lower()
    years = [int(y) for y in re.findall(r"20\d\d", text)]
    if years:
        return min(years), max(years)
    span = re.search(r"(\d+|one|two|three|five|ten)\s+years?", text)
    words = {"one": 1, "two": 2, "three": 3, "five": 5, "ten": 10}
    if span:
        n = int(span.group(1)) if span.group(1).isdigit() else words[span.group(1)]
        return (report_year - n, report_year - 1) if past else (report_year, report_year + n - 1)
    return (report_year - 1, report_year - 1) if past else (report_year, report_year)


@dataclass(frozen=True)
class _Cue:
    kind: str | None
    period: tuple[int, int] | None


def _count(written: str) -> int:
    value = parse_numeral(written)
    return int(value) if value else 1


def _inner_groups(match: re.Match[str], name: str, count: int) -> list[str | None]:
    """The `count` groups nested in the named group `name`."""
    first = match.re.groupindex[name] + 1
    return [match.group(first + i) for i in range(count)]


def _sentence_cue(match: re.Match[str], years: DocumentYears) -> _Cue:
    r = years.report_year
    name = match.lastgroup
    current = years.current or r
    if name == "this_year_so_far":
        return _Cue(ACTUAL, (current, current))
    if name == "this_year":  # 今年 in a December conference is the year under review
        return _Cue(ACTUAL, (current, current)) if current < r else _Cue(TARGET, (r, r))
    if name == "next_year":
        return _Cue(TARGET, (current + 1, current + 1))
    if name == "past_years":
        n = _count(next(g for g in _inner_groups(match, "past_years", 2) if g))
        return _Cue(ACTUAL, (r - n, r - 1))
    if name == "past_year":
        return _Cue(ACTUAL, years.review if years.review[0] == years.review[1] else (r - 1, r - 1))
    if name == "estimate":
        return _Cue(ACTUAL, None)
    if name == "next_years":
        n = _count(_inner_groups(match, "next_years", 1)[0])
        return _Cue(PLAN, (r, r + n - 1))
    if name == "plan_so_far":  # “十四五”以来: the plan's years up to the one under review
        start = _FIVE_YEAR_PLAN_STARTS[_inner_groups(match, "plan_so_far", 1)[0] or "四"]
        return _Cue(ACTUAL, (start, max(start, years.review[1])))
    if name == "five_year_plan":
        start = _FIVE_YEAR_PLAN_STARTS[_inner_groups(match, "five_year_plan", 1)[0] or "四"]
        return _Cue(PLAN, (start, start + 4))
    if name == "by_year":
        by = int(_inner_groups(match, "by_year", 1)[0])
        return _Cue(PLAN, (r, by)) if by >= r else _Cue(ACTUAL, (by, by))  # 增加到2021年: a year reached
    if name == "goal":
        return _Cue(GOAL, None)
    year = int(_inner_groups(match, "year", 1)[0])
    return _Cue(ACTUAL if year < r else TARGET if year == r else PLAN, (year, year))


@lru_cache(maxsize=4096)
def _heading_cue(heading: str, years: DocumentYears) -> _Cue | None:
    match = _HEADING_CUES.search(heading)
    explicit = re.search(r"20\d\d", heading)
    year = int(explicit.group()) if explicit else None
    if match is None:
        return _year_heading_cue(heading, year, years)
    name = match.lastgroup
    if name == "plan_year":
        return _Cue(TARGET, (year, year) if year else years.plan)
    if name == "result_year":
        return _Cue(ACTUAL, (year, year) if year else years.review)
    if name == "infographic":
        return _Cue(years.plan_kind, years.plan)
    return _sentence_cue(_CUES.search(heading), years)


def _year_heading_cue(heading: str, year: int | None, years: DocumentYears) -> _Cue | None:
    """三、2024年重点工作, 一、2023年经济工作回顾: a part of the report named by its year; 四、明年重点工作,
    一、今年经济工作的主要成效: by the words of a sentence cue."""
    if not re.match(r"[一二三四五六七八九十]{1,2}、|#", heading):
        return None
    if year is None:
        match = _CUES.search(heading)
        return _sentence_cue(match, years) if match else None
    r = years.report_year
    return (
        _Cue(ACTUAL, (year, year)) if year < r else _Cue(TARGET if year == r else PLAN, (min(r, year), year))
    )


@lru_cache(maxsize=4096)
def _cues_in(text: str, years: DocumentYears) -> _Cue:
    """Kind and period of the cues in `text`, the last (nearest to the figure) of each winning; a goal
    (主要目标是) does not undo the horizon named before it (今后五年, 今年)."""
    kind, period = None, None
    for match in _CUES.finditer(text):
        cue = _sentence_cue(match, years)
        if cue.kind and not (cue.kind == GOAL and kind in (TARGET, PLAN)):
            kind = cue.kind
        period = cue.period or period
    return _Cue(kind, period)


@lru_cache(maxsize=4096)  # a sentence is asked for once per figure in it
def _without_local_years(text: str, keep_last_clause: bool) -> str:
    """`text` without the years that date another figure (2016年的186.2亿元); those of its last clause are
    kept when the figure follows them."""
    if "年" not in text or not _LOCAL_YEAR.search(text):
        return text
    last_clause = (
        max((m.end() for m in _CLAUSE_MARK.finditer(text)), default=0) if keep_last_clause else len(text)
    )
    return _LOCAL_YEAR.sub("", text[:last_clause]) + text[last_clause:]


def timing(
    before_figure: str,
    sentence: str,
    earlier_in_paragraph: list[str],
    headings: tuple[str, ...],
    years: DocumentYears,
) -> Timing:
    """Kind and period from the nearest context that states them: the words before the figure, the rest of
    its sentence, earlier sentences of its paragraph, the open headings (innermost first), the document."""
    contexts = _contexts(before_figure, sentence, earlier_in_paragraph, headings, years)
    kind = next((c.kind for c in contexts if c.kind), None)
    period = next((c.period for c in contexts if c.period), None)
    if kind is None and period is None:
        return Timing(ACTUAL, *years.review)
    if kind == GOAL:  # 力争, 目标是: a plan over the years ahead, else a target of the year planned
        ahead = period is not None and period[1] >= years.report_year
        kind = PLAN if ahead and period[0] < period[1] else TARGET
        period = period if ahead else None
    if period is None:
        period = years.review if kind == ACTUAL else years.plan if kind == PLAN else (years.report_year,) * 2
    if kind is None:
        kind = ACTUAL if period[1] < years.report_year else TARGET if period[0] == period[1] else PLAN
    if kind == PLAN and period[0] == period[1] == years.report_year:
        kind = TARGET
    return Timing(kind, period[0], period[1])


def level_reached(timing: Timing, before_figure: str, measure: str) -> Timing:
    """A level reached over a multi-year review (过去5年…GDP增至460亿元) is the level of the last year,
    not a figure of the whole span; a flow or an average (年均增长7.5%) keeps the span."""
    spans_years = timing.kind == ACTUAL and timing.period_start < timing.period_end
    if measure == "level" and spans_years and _REACHED.search(before_figure):
        return Timing(timing.kind, timing.period_end, timing.period_end)
    return timing


def stated_kind(
    sentence: str, earlier_in_paragraph: list[str], headings: tuple[str, ...], years: DocumentYears
) -> str | None:
    """The kind the context of a sentence states, or None when nothing states one (unlike `timing`, which
    then falls back to the year under review)."""
    contexts = _contexts("", sentence, earlier_in_paragraph, headings, years)
    stated = next((c for c in contexts if c.kind or c.period), None)
    if stated is None:
        return None
    return timing("", sentence, earlier_in_paragraph, headings, years).kind


def _contexts(
    before_figure: str,
    sentence: str,
    earlier_in_paragraph: list[str],
    headings: tuple[str, ...],
    years: DocumentYears,
) -> list[_Cue]:
    contexts = [
        _cues_in(_without_local_years(before_figure, keep_last_clause=True), years),
        _cues_in(_without_local_years(sentence, keep_last_clause=False), years),
    ]
    contexts += [
        _cues_in(_without_local_years(text, False), years) for text in reversed(earlier_in_paragraph)
    ]
    contexts += [cue for heading in reversed(headings) if (cue := _heading_cue(heading, years))]
    return contexts


@lru_cache(maxsize=8192)
def sector_of(text: str, default: str = "economy") -> str:
    """The sector whose keywords occur first in `text` (an indicator phrase or sentence)."""
    best: tuple[int, str] | None = None
    for sector, pattern in _SECTOR_PATTERNS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), sector)
    return best[1] if best else default


def zone_of(sentence: str, catalog: Catalog) -> str | None:
    """The zone whose alias the sentence names, when it names exactly one zone."""
    found = {zone.id for zone in catalog.zones for alias in zone.aliases if alias in sentence}
    return found.pop() if len(found) == 1 else None
