"""Document → facts, entities and generated indicators (pure: no I/O).

Each figure with a unit becomes a fact unless it is a non-fact on purpose (`exclusion_reason`): a
numbered heading, an ordinal, a code inside a name (331厂, 608所), or a Chinese numeral that counts words
rather than measures something (七个街道, 四个意识, 干一件成一件). The indicator is the catalog entry whose
alias occurs in the clause before the figure (after it for `6家企业获评…`); a growth figure without its own
indicator phrase belongs to the indicator before it (`GDP增至460亿元,年均增长7.5%`). A figure beyond the
plausible range of its unit (catalog.yaml, 目标投资1万亿亿元) is left out as an `ImplausibleFigure`, which the
build warns about and the report names.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, replace

from etl import classify
from etl.catalog import Catalog, CatalogIndicator
from etl.clean import (
    CONTEXT_CHARS,
    CleanText,
    Sentence,
    clean_text,
    display_quote,
    earlier_in_paragraph,
    split_sentences,
)
from etl.entities import find_entities
from etl.model import Document, Entity, Fact, Indicator
from etl.numbers import Quantity, find_quantities, to_half_width

_CLAUSE_BOUNDARY = re.compile(r"[，,、；;：:。！？!?\s]")
# 甲、乙和丙分别增长…: the names before 分别 pair, in order, with the figures after it.
_ENUMERATION = re.compile(
    r"(?P<names>[^，,；;。：:！？!?\s]*?)分别(?P<verb>为|是|增长|下降|达到|达|提高|减少|增加|占|拉动)?"
)
_LIST_SEPARATOR = re.compile(r"[、和及与]")
_INDUSTRY_STRUCTURE = re.compile(
    r"(?:三次)?产业结构(?:比例)?(?:由(?P<earlier>\d+(?:[.．]\d+)?(?:[:：]\d+(?:[.．]\d+)?){2}))?"
    r"(?:调整|优化|变化)?(?:为|是|达到|到)?[:：]?"
    r"(?P<ratio>\d+(?:[.．]\d+)?(?:[:：]\d+(?:[.．]\d+)?){2})"
)
_RATIO_PART = re.compile(r"\d+(?:[.．]\d+)?")
_SECTOR_SHARES = ("value_added_primary", "value_added_secondary", "value_added_tertiary")
_LIST_GAP = re.compile(r"[、和及与，,\s]*(?:增长|下降|减少|提高|增加|回落|为|达到)?")
_GROWTH = re.compile(r"增长|增速|增幅|提高|提升|上升|上涨|涨幅")
_DECLINE = re.compile(r"下降|减少|回落|降低|下滑")
_TO_A_LEVEL = re.compile(r"(?:到|至|为)$")
# Words that stand for the indicator named just before (新增市场主体1.3万户,总量达到8.2万户).
_TOTAL_WORDS = frozenset({"总量", "总额", "总数", "规模", "累计"})
_LEVEL_UNITS = frozenset(
    {"yuan", "usd", "km2", "km", "m", "m2", "mu", "hectare", "tonne", "kw", "kwh", "ug_m3", "permille"}
)
# Units a catalog indicator may replace when the text only writes the generic counter 个 (公办学位1200个 are
# places); not households or people: 改造老旧小区32个 counts compounds.
_COUNT_UNITS = frozenset({"item", "enterprise", "place", "case", "unit"})
# 城乡居民收入比为1.97:1: a ratio to one, after a word that says so.
_RATIO_TO_ONE = re.compile(
    r"比(?:例)?(?:为|是|达到|缩小至|缩小到|缩小为|降至)?[:：]?"
    r"(?P<ratio>(?P<first>\d+(?:[.．]\d+)?)[:：]1)(?![\d.．:：])"
)
# Words before an enumeration's names that are not names: 年均分别增长, 同比分别增长.
_ENUMERATION_LEAD = re.compile(r"^(?:年均|同比|比上年|较上年|均|全年)+")
# A year that dates a figure is not part of an indicator's name: 增加到2021年的265.8亿元.
_YEAR_WORDS = re.compile(r"(?:由|从|到)?20\d\d年(?:底|末)?的?")
# In the clause before a Chinese numeral, a counting verb says that it measures something (新增三百个,
# 新增城镇就业一万两千人); without one it counts words (七个街道, 四个意识, 干一件成一件).
_CHINESE_NUMERAL_CUE = re.compile(
    r"新增|增加|达到|完成|建成|新建|改造|引进|培育|实现|累计|共计|合计|突破|超过|增长|增至|提高到|提高至|下降|减少|"
    r"培训|帮扶|吸纳|安置|招引|签约|举办|创成|获批|(?:达|共|为)$"
)
# A Chinese numeral of ten thousands or more measures something even without a counting verb
# (零售总额一万万元); words count with small ones (七个街道, 四个意识).
_LARGE_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千][万亿]")
# What a bound such as 亿元以上 classifies: 50亿元以上项目, 千万元以上企业.
_THRESHOLD_OF = re.compile(r"(?:的)?(?:产业|工业|重大|重点)?(?:项目|企业|客商)")
_RANGE_GAP = re.compile(r"[ ]?(?:—{1,2}|[–\-~～至])[ ]?")
_HEADING_NUMBER = re.compile(r"^\s*(?:#+\s*)?\d{1,2}\s")
# Leading and trailing words that are not part of an indicator's name.
_PHRASE_LEAD = re.compile(
    r"^(?:报告(?:指出|提出)|其中|同时|此外|全年|全区|全县|全市|芦淞区?|预计|累计|共|大力|积极|持续|要|将|新增|新建|获评|"
    r"完成|实现|由|从|"
    r"年均|同比|比上年末|较上年末|比上年|较上年|比年初|较年初|比去年|分别)+"
)
_PHRASE_TAIL = re.compile(
    r"(?:增长|增至|增加到|增长到|增加|达到|达|为|实现|完成|突破|超过|超|近|约|拓展至|上调至|提高到|提高至|降至|降到|"
    r"下降到|下降|减少到|减少|提高|上升|回落|降低|稳定在|保持在|控制在|分别|获评|入选|力争)+$"
)


@dataclass(frozen=True)
class _Candidate:
    quantity: Quantity
    sentence_index: int
    indicator: CatalogIndicator | Indicator
    measure: str
    value: float
    unit: str
    phrase: str = ""  # the words before the figure that named its indicator
    before_period: bool = False  # of the year before its period (由A:B:C调整为…)


@dataclass(frozen=True)
class ImplausibleFigure:
    """A figure beyond the plausible range of its unit (etl/catalog.yaml): left out, not loaded as a fact."""

    char_start: int  # offsets into the document's text, as a fact's
    char_end: int
    written: str
    value: float
    unit: str
    indicator_id: str
    plausible: tuple[float, float]  # the range of the unit

    def describe(self) -> str:
        low, high = self.plausible
        return (
            f"figure {self.written!r} at character {self.char_start} ({self.value:g} {self.unit}) is outside "
            f"the plausible range of {self.unit} ({low:g} to {high:g}); left out, not loaded as a fact"
        )


@dataclass(frozen=True)
class DocumentExtraction:
    facts: list[Fact]
    entities: list[Entity]
    indicators: list[Indicator]  # generated for phrases that name no catalog indicator
    implausible: list[ImplausibleFigure]


def extract_document(doc: Document, catalog: Catalog) -> tuple[list[Fact], list[Entity], list[Indicator]]:
    """Facts, entities and generated indicators of one document; empty lists when it has no text."""
    extraction = extract(doc, catalog)
    return extraction.facts, extraction.entities, extraction.indicators


def extract(doc: Document, catalog: Catalog) -> DocumentExtraction:
    """Facts, entities and generated indicators of one document, and the implausible figures left out."""
    if not doc.text:
        return DocumentExtraction([], [], [], [])
    clean = clean_text(doc.text)
    sentences = split_sentences(clean)
    years = classify.document_years(doc)
    generated: dict[str, Indicator] = {}
    facts: list[Fact] = []
    implausible: list[ImplausibleFigure] = []
    seen: set[tuple] = set()
    for index, sentence in enumerate(sentences):
        candidates = _candidates(sentence, index, catalog, generated)
        if not candidates:
            continue
        context = _context_of(sentences, index, catalog)
        for candidate in candidates:
            if not catalog.is_plausible(candidate.value, candidate.unit):
                implausible.append(_implausible(clean, sentence, candidate, catalog))
                continue
            fact = _fact(doc, clean, sentence, candidate, context, years)
            key = (fact.indicator_id, fact.kind, fact.measure, fact.period_start, fact.period_end, fact.value)
            if key not in seen:  # the same figure repeated later in the article
                seen.add(key)
                facts.append(fact)
    entities = find_entities(doc, clean, sentences, catalog)
    # an indicator generated only for implausible figures names nothing that was loaded
    left_out = {f.indicator_id for f in implausible} - {fact.indicator_id for fact in facts}
    indicators = sorted(
        (i for i in generated.values() if i.indicator_id not in left_out), key=lambda i: i.indicator_id
    )
    return DocumentExtraction(facts, entities, indicators, implausible)


def _implausible(
    clean: CleanText, sentence: Sentence, candidate: _Candidate, catalog: Catalog
) -> ImplausibleFigure:
    quantity = candidate.quantity
    start, end = clean.original_span(sentence.start + quantity.start, sentence.start + quantity.end)
    indicator_id, _ = _indicator_fields(candidate.indicator)
    plausible = catalog.unit_ranges[candidate.unit]
    return ImplausibleFigure(
        start, end, quantity.written, candidate.value, candidate.unit, indicator_id, plausible
    )


def exclusion_reason(sentence: Sentence, quantity: Quantity) -> str | None:
    """Why a figure with a unit is not a fact, or None when it is one."""
    text = sentence.text
    window_start = max(0, quantity.start - CONTEXT_CHARS)
    before = text[window_start : quantity.start]
    if sentence.is_heading and _HEADING_NUMBER.match(text) and quantity.start <= text.find(" ") + 1:
        return "heading"
    if sentence.is_heading and quantity.is_chinese_numeral:
        return "heading"  # 完成六项任务, 一个目标定位: infographic list heads
    if before.endswith("第"):
        return "ordinal"
    if quantity.qualifier and _THRESHOLD_OF.match(text, quantity.end):
        return "threshold"  # 50亿元以上项目2个: a class of projects, not a figure
    if quantity.written_unit == "个" and text.startswith(("月", "工作日", "小时"), quantity.end):
        return "duration"  # 连续12个月, 3个工作日
    if quantity.unit != "rank" and (before[-1:].isascii() and before[-1:].isalpha() or before.endswith("·")):
        return "name"
    if quantity.written_unit in ("所", "处") and quantity.number >= 100 and quantity.qualifier is None:
        return "name"  # 608所: a research institute's code, not a count
    if quantity.is_chinese_numeral:
        if quantity.written.startswith("一") and len(quantity.written) <= 2:
            return "counted_phrase"  # 一个, 一批, 一件: the article "a", not a figure
        if not _LARGE_NUMERAL.search(quantity.written) and not _CHINESE_NUMERAL_CUE.search(
            before, _clause_start(text, quantity.start) - window_start
        ):
            return "counted_phrase"
    return None


def _candidates(
    sentence: Sentence, index: int, catalog: Catalog, generated: dict[str, Indicator]
) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    previous_end = 0
    quantities = [
        q for q in find_quantities(sentence.text, catalog.unit_factors) if not exclusion_reason(sentence, q)
    ]
    listed, backward = _enumerated_names(sentence.text, quantities)
    for position, quantity in enumerate(quantities):
        clause_start = max(_clause_start(sentence.text, quantity.start), previous_end)
        previous_end = quantity.end
        written_before = sentence.text[clause_start : quantity.start]
        before = listed.get(position) or written_before
        paired_with, verb = backward.get(position, (None, ""))
        if candidates and _RANGE_GAP.fullmatch(written_before) and quantity.qualifier == "within":
            # 增长5%—6%: the upper bound is of the same indicator and measure as the lower one
            low = candidates[-1]
            candidates.append(
                replace(low, quantity=quantity, value=quantity.value * (1 if low.value >= 0 else -1))
            )
            continue
        measure = _measure(quantity, verb + before + written_before)
        if paired_with is not None:
            indicator = candidates[paired_with].indicator
        else:
            indicator = _indicator(sentence.text, quantity, before, measure, candidates, catalog, generated)
        declines = _DECLINE.search(verb + written_before) or (position in listed and _DECLINE.search(before))
        value = -quantity.value if measure == "growth_pct" and declines else quantity.value
        unit = quantity.unit
        if unit == "item" and indicator.unit in _COUNT_UNITS and quantity.written_unit == "个":
            unit = indicator.unit
        candidates.append(_Candidate(quantity, index, indicator, measure, value, unit, before))
    extra = _structure_shares(sentence, index, catalog) + _ratios_to_one(sentence, index, catalog, generated)
    return sorted(candidates + extra, key=lambda c: c.quantity.start)


def _structure_shares(sentence: Sentence, index: int, catalog: Catalog) -> list[_Candidate]:
    """三次产业结构调整为17.5:33.6:48.9 → the share of each sector's value added in GDP, in percent; in
    `由A:B:C调整为D:E:F` the first ratio is of the year before the period."""
    shares: list[_Candidate] = []
    for match in _INDUSTRY_STRUCTURE.finditer(sentence.text):
        for group in ("earlier", "ratio"):
            if match.group(group):
                shares += _shares_of(
                    sentence.text, match.start(group), match.group(group), index, catalog, group
                )
    return shares


def _shares_of(
    text: str, position: int, ratio: str, index: int, catalog: Catalog, group: str
) -> list[_Candidate]:
    parts = _RATIO_PART.findall(ratio)
    values = [float(to_half_width(part)) for part in parts]
    if len(values) != 3 or not 99 <= sum(values) <= 101:
        return []
    shares = []
    for part_text, share, indicator_id in zip(parts, values, _SECTOR_SHARES, strict=True):
        start = text.index(part_text, position)
        position = start + len(part_text)
        quantity = Quantity(start, position, part_text, share, share, "percent", "", None, False)
        indicator = catalog.indicator(indicator_id)
        if indicator:
            shares.append(
                _Candidate(
                    quantity,
                    index,
                    indicator,
                    "share_pct",
                    share,
                    "percent",
                    before_period=group == "earlier",
                )
            )
    return shares


def _ratios_to_one(
    sentence: Sentence, index: int, catalog: Catalog, generated: dict[str, Indicator]
) -> list[_Candidate]:
    """城乡居民收入比为1.97:1 → a ratio of 1.97 (to one) of the indicator named before it."""
    ratios: list[_Candidate] = []
    if ":1" not in sentence.text and "：1" not in sentence.text:
        return ratios
    for match in _RATIO_TO_ONE.finditer(sentence.text):
        value = float(to_half_width(match.group("first")))
        start, end = match.span("ratio")
        quantity = Quantity(start, end, match.group("ratio"), value, value, "ratio", "", None, False)
        phrase = sentence.text[_clause_start(sentence.text, match.start()) : match.end()]
        indicator = _resolve(catalog, phrase) or _generated(
            _name_of(phrase[: phrase.find("比")]), "", generated
        )
        ratios.append(_Candidate(quantity, index, indicator, "ratio", value, "ratio", phrase))
    return ratios


def _enumerated_names(
    text: str, quantities: list[Quantity]
) -> tuple[dict[int, str], dict[int, tuple[int, str]]]:
    """For `甲、乙和丙分别增长A%、B%和C%`: the name (with its verb) listed for each figure, by position;
    and for `接待游客A人次,旅游收入B亿元,分别增长C%、D%` (no names before 分别): the position of the earlier
    figure whose indicator each later one takes, in order, with the verb after 分别."""
    listed: dict[int, str] = {}
    backward: dict[int, tuple[int, str]] = {}
    names: list[str] = []
    if "分别" not in text:
        return listed, backward
    for match in _ENUMERATION.finditer(text):
        written_names = _ENUMERATION_LEAD.sub("", match.group("names"))
        # A second 分别 with nothing before it (…分别达到A、B,分别增长C%、D%) pairs with the same names.
        names = _shared_head([n for n in _LIST_SEPARATOR.split(written_names) if n]) or names
        if len(names) >= 2:
            chain = _chain_after(text, quantities, match.end(), len(names))
            verb = match.group("verb") or ""
            listed.update({position: name + verb for position, name in zip(chain, names, strict=False)})
        elif not names:
            chain = _chain_after(text, quantities, match.end(), len(quantities))
            earlier = _figures_before(quantities, match.start(), len(chain))
            if len(chain) >= 2 and len(earlier) == len(chain):
                verb = match.group("verb") or ""
                backward.update((later, (first, verb)) for later, first in zip(chain, earlier, strict=True))
    return listed, backward


def _figures_before(quantities: list[Quantity], position: int, n: int) -> list[int]:
    """Positions of the last `n` figures that end before `position` (fewer if there are not as many)."""
    earlier: list[int] = []
    for i in range(bisect.bisect_right(quantities, position, key=lambda q: q.start) - 1, -1, -1):
        if len(earlier) == n:
            break
        if quantities[i].end <= position:
            earlier.append(i)
    return earlier[::-1]


def _chain_after(text: str, quantities: list[Quantity], start: int, limit: int) -> list[int]:
    """Positions of the figures listed right after `start` (A、B和C), at most `limit`."""
    chain: list[int] = []
    previous_end = start
    for position in range(bisect.bisect_left(quantities, start, key=lambda q: q.start), len(quantities)):
        quantity = quantities[position]
        if quantity.start < previous_end:
            continue
        gap = text[previous_end : quantity.start]
        if (chain and not _LIST_GAP.fullmatch(gap)) or (not chain and _CLAUSE_BOUNDARY.search(gap)):
            break
        chain.append(position)
        previous_end = quantity.end
        if len(chain) == limit:
            break
    return chain


def _shared_head(names: list[str]) -> list[str]:
    """Give short items the head of the last one: 城镇和农村居民人均可支配收入 → 城镇居民人均可支配收入 and
    农村居民人均可支配收入; 一、二、三产业增加值 → 一产业增加值, 二产业增加值, 三产业增加值;
    第一、二、三产业增加值 → 第一产业增加值, 第二产业增加值, 第三产业增加值."""
    if len(names) == 1 and names[0].startswith("城乡"):
        return ["城镇" + names[0][2:], "农村" + names[0][2:]]  # 城乡居民人均可支配收入分别达到A元、B元
    if len(names) < 2:
        return names
    if names[0].startswith("第") and len(names[0]) == 2:
        return ["第" + name for name in _shared_head([names[0][1:], *names[1:]])]
    last = names[-1]
    return [
        name + last[len(name) :] if len(name) <= 3 and len(last) > len(name) + 1 else name for name in names
    ]


def _clause_start(text: str, position: int) -> int:
    """After the last clause mark before `position`, at most CONTEXT_CHARS back; spaces right before it do not
    count (增长 5.2 %)."""
    floor = max(0, position - CONTEXT_CHARS)
    position = floor + len(text[floor:position].rstrip())
    boundaries = [m.end() for m in _CLAUSE_BOUNDARY.finditer(text, floor, position)]
    return boundaries[-1] if boundaries else floor


def _clause_end(text: str, position: int) -> int:
    """At the first clause mark after `position`, at most CONTEXT_CHARS on."""
    ceiling = min(len(text), position + CONTEXT_CHARS)
    match = _CLAUSE_BOUNDARY.search(text, position, ceiling)
    return match.start() if match else ceiling


def _measure(quantity: Quantity, before: str) -> str:
    if quantity.unit == "rank":
        return "rank"
    if quantity.unit == "pct_point":
        return "change_pp"
    if quantity.unit == "percent":
        if _TO_A_LEVEL.search(before):
            return "share_pct"  # 下降到3%, 提高至45%: the rate it reached, not its change
        if _GROWTH.search(before) or _DECLINE.search(before):
            return "growth_pct"
        return "share_pct"
    return "level" if quantity.unit in _LEVEL_UNITS else "count"


def _indicator(
    text: str,
    quantity: Quantity,
    before: str,
    measure: str,
    earlier: list[_Candidate],
    catalog: Catalog,
    generated: dict[str, Indicator],
) -> CatalogIndicator | Indicator:
    if earlier and before.startswith("占"):
        return earlier[-1].indicator  # 高新技术产业增加值增长9.4%,占规模以上工业增加值的比重为41.2%
    found = _resolve(catalog, before)
    if found:
        return found
    name = _name_of(before)
    if earlier and name in _TOTAL_WORDS:
        # 新增市场主体1.3万户,总量达到8.2万户: the total of what was named before (市场主体总量)
        total = _resolve(catalog, _name_of(earlier[-1].phrase) + name)
        return total or earlier[-1].indicator
    if earlier and not name:
        return earlier[-1].indicator  # GDP增至460亿元,年均增长7.5%; 由A亿元增加到2021年的B亿元
    # 6家企业获评中国成长型服饰品牌, 西迪等4家企业获评…: the name follows the figure.
    after = text[quantity.end : _clause_end(text, quantity.end)]
    found = _resolve(catalog, after) if after else None
    if found:
        return found
    if (not name or name.endswith("等")) and _name_of(after):
        return _generated(_name_of(after), text, generated)
    return _generated(name or _name_of(text), text, generated)


def _resolve(catalog: Catalog, phrase: str) -> CatalogIndicator | None:
    """`catalog.resolve_indicator`, remembered on the catalog: phrases repeat across a corpus and resolving
    one walks every alias."""
    resolved = catalog.__dict__.setdefault("_resolved_phrases", {})
    if phrase not in resolved:  # web copies: 新增"四上"企业, 规模 工业
        resolved[phrase] = catalog.resolve_indicator(phrase.replace('"', "").replace(" ", ""))
    return resolved[phrase]


def _name_of(phrase: str) -> str:
    """The indicator name in a phrase: without the reporting verbs around it."""
    name = _PHRASE_TAIL.sub("", _PHRASE_LEAD.sub("", _YEAR_WORDS.sub("", phrase).strip(" “”\"'")))
    return name.strip(" “”\"'")


def _generated(name: str, sentence: str, generated: dict[str, Indicator]) -> Indicator:
    indicator_id = "gen_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    if indicator_id not in generated:
        sector = classify.sector_of(name, default=classify.sector_of(sentence))
        generated[indicator_id] = Indicator(indicator_id, name, name, None, sector, is_generated=True)
    return generated[indicator_id]


def _indicator_fields(indicator: CatalogIndicator | Indicator) -> tuple[str, str]:
    if isinstance(indicator, CatalogIndicator):
        return indicator.id, indicator.sector
    return indicator.indicator_id, indicator.sector_id


@dataclass(frozen=True)
class _SentenceContext:
    """What every figure of a sentence shares, worked out once per sentence."""

    earlier_in_paragraph: list[str]
    zone_id: str | None
    quote: str | None  # None when the sentence is too long to quote whole


def _context_of(sentences: list[Sentence], index: int, catalog: Catalog) -> _SentenceContext:
    text = sentences[index].text
    return _SentenceContext(
        earlier_in_paragraph(sentences, index),
        classify.zone_of(text, catalog),
        display_quote(text) if len(text) <= 2 * CONTEXT_CHARS else None,
    )


def _quote(text: str, quantity: Quantity, context: _SentenceContext) -> str:
    """The sentence, or in a sentence too long to quote whole the CONTEXT_CHARS around the figure."""
    if context.quote is not None:
        return context.quote
    start, end = max(0, quantity.start - CONTEXT_CHARS), min(len(text), quantity.end + CONTEXT_CHARS)
    return display_quote(("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""))


def _fact(
    doc: Document,
    clean: CleanText,
    sentence: Sentence,
    candidate: _Candidate,
    context: _SentenceContext,
    years: classify.DocumentYears,
) -> Fact:
    quantity = candidate.quantity
    before_figure = sentence.text[max(0, quantity.start - CONTEXT_CHARS) : quantity.start]
    timing = classify.timing(
        before_figure, sentence.text, context.earlier_in_paragraph, sentence.headings, years
    )
    if candidate.before_period:
        timing = classify.Timing(classify.ACTUAL, timing.period_start - 1, timing.period_start - 1)
    timing = classify.level_reached(timing, before_figure, candidate.measure)
    indicator_id, sector_id = _indicator_fields(candidate.indicator)
    char_start, char_end = clean.original_span(sentence.start + quantity.start, sentence.start + quantity.end)
    return Fact(
        fact_id=fact_id(doc.doc_id, char_start, char_end, indicator_id, candidate.measure),
        doc_id=doc.doc_id,
        indicator_id=indicator_id,
        sector_id=sector_id,
        zone_id=context.zone_id,
        value=candidate.value,
        unit=candidate.unit,
        value_text=quantity.written,
        qualifier=quantity.qualifier,
        kind=timing.kind,
        measure=candidate.measure,
        period_start=timing.period_start,
        period_end=timing.period_end,
        char_start=char_start,
        char_end=char_end,
        quote=_quote(sentence.text, quantity, context),
    )


def fact_id(
    doc_id: str, char_start: int | None, char_end: int | None, indicator_id: str, measure: str
) -> str:
    """A short stable hash: the same figure of the same document always gets the same id."""
    key = f"{doc_id}|{char_start}|{char_end}|{indicator_id}|{measure}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
