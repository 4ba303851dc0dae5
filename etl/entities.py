"""Named projects, places, enterprises, events, programmes, brands, awards and institutions in a document.

Rule-based passes over each sentence, the earlier pass winning where two overlap:
1. codes: SA750 (a product), 331厂 and 608所 (enterprises known by number);
2. quoted programmes (“放管服”改革, “八五”普法) and quoted product names (运动飞机“阿若拉”);
3. awards after 获评/入选/入围 and the names that received them (白关丝瓜、苗妹子豆腐获评…金奖 → two brands),
   and titles still to be won after 创建/争创 (积极创建国家学前教育普及普惠区 → a planned award);
4. the places of the five zones, by their catalog aliases (钟鼓岭, 大京风景名胜区);
5. lists: 加快推进甲、乙等项目 (projects), 推进甲、乙等片区开发 (places);
6. a short name right before 开工/竣工/投产/开业 (绍兴城开业);
7. a name ending in a type word (…产业园 → project, …博览会 → event, …卫生院 → institution), its start
   found by walking left to the last verb or function word (加快推进芦淞·1937文创产业园 → 芦淞·1937…).
The status comes from the verb next to the name: 开工 → started, 竣工/建成 → completed, 投产 → in_production,
开业/揭牌 → opened, 投用/运营 → in_operation, 获评/入选 → awarded, 加快推进/力争/将 → planned.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from etl import classify
from etl.catalog import Catalog
from etl.clean import CONTEXT_CHARS, CleanText, Sentence, display_quote, earlier_in_paragraph
from etl.model import Document, Entity

_TYPE_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("event", r"博览会|服博会|服饰节|嘉年华|夜市节|服饰秀|洽谈周"),
    ("institution", r"卫生院|医院|产业学院|学院|文化院|研究院|创新中心"),
    (
        "project",
        r"文创产业园|产业园|总部基地|产业基地|新基地|冰风洞|下穿铁路立交|大道|风光带|高速东移线|高速连接线",
    ),
    (
        "place",
        r"风景名胜区|景区|小镇|水库|灌区|机场|公园|街区|步行街|商圈|庄园|片区|新城|生态城|自贸区|区域合作示范区",
    ),
)
_NAME_CHAR = r"[\u4e00-\u9fff·A-Za-z0-9（）()]"
_SUFFIXED_NAME = re.compile(
    rf"{_NAME_CHAR}*?(?:" + "|".join(f"(?P<{kind}>{words})" for kind, words in _TYPE_SUFFIXES) + ")"
)
_TYPE_WORD = re.compile("|".join(f"(?P<{kind}>{words})" for kind, words in _TYPE_SUFFIXES))
_LONGEST_NAME = 20
_NAME_RUN_BEFORE = re.compile(rf"{_NAME_CHAR}+$")
# Words that end the run of characters before a name: verbs, function words, generic qualifiers.
_STOP_WORDS = re.compile(
    r"加快推进|加快建成|推进|推动|加快|抓好|建设|打造成|打造|丰富|依托|继续办好|办好|组建|新建|力争|支持|创建|创成|"
    r"获评|入选|入围|获批|构建|布局|完善|引导|提质升级|提质|改造|积极|拓展|参与|举办|开展|实施|着力|全力|持续|"
    r"建成|首个|首家|唯一的|一批|整治|组织|申报|对接|助力|配合做好|做好|暨|等|将|把|向|在|的|和|与|及|是|成|为|对|了|从|逛"
)
# Prefixes that make a type word a description, not a name: 网红街区, 国家4A级景区, 小二型水库.
_GENERIC_PREFIX = re.compile(
    r"\d?[A-Z]级|国家\d?A级|省级|市级|新|老|网红|特色|现代农业|高品质商贸示范|高品质商贸|商贸示范|示范|产业|工业|"
    r"通航|配套|通用|小[一二]型"
)
_QUOTED = re.compile(r"“[^“”]*”")
_YEAR_PREFIX = re.compile(r"20\d\d年")
_CODE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z]{2,}\d{2,}|\d{3}(?:厂|所))")
_PROGRAMME = re.compile(
    r"“([^“”]{2,12})”(?=战略|改革|活动|行动|工程|普法|综合治理|园区|年度发展要求|经验|重大专项|专项)"
)
_PRODUCT = re.compile(r"(?:飞机|无人机|运输机|机型)“([^“”]{2,10})”")
_AWARD = re.compile(r"(获评|入选|入围|获批创建)([^，,。；;：:]{2,40})")
_AWARD_TO_WIN = re.compile(r"(?:积极创建|加快创建|创建|争创)([^，,。；;：:“]{4,60})")
_AWARDING_BODY = re.compile(r"[省市国全中湖世]")
_AWARD_QUALIFIER = re.compile(r"(?:国家|全国|全省|全市|省|市)(?:首批|唯一|首个|首家)")
_NOT_AN_AWARD = re.compile(r"冠军$|亚军$|季军$|第[一二三四五六七八九十\d]+$|\dA级景区$")
_BRAND_AWARDS = re.compile(r"品牌|名品|金奖|非遗|百强")
_SUBJECT_OF_STATUS = re.compile(rf"(?:^|[，,。；;：:])({_NAME_CHAR}{{2,10}}?)(?:开工|竣工|投产|开业)")
_LISTED = re.compile(
    r"(?P<items>(?:[^，,。；;、]{2,16}、)+[^，,。；;、]{2,16})等(?P<what>项目|道路|片区|乡镇|街道|经贸活动|展会)"
)
_LISTED_TYPES = {"项目": "project", "道路": "project", "经贸活动": "event", "展会": "event"}
# 布局建设枫溪生态城板块、城铁南站板块: the places before 板块.
_BLOCK = re.compile(rf"({_NAME_CHAR}{{2,12}}?)板块")
_NOT_A_NAME = re.compile(r"企业|工作|经验|项目|整治$|^\d|^[一二三四五六七八九十]")
_LIST_TAIL = re.compile(r"等\d*[家个项]?.*$")

_STATUS_AFTER: tuple[tuple[str, str], ...] = (
    ("开工", "started"),
    ("竣工", "completed"),
    ("投产", "in_production"),
    ("开业", "opened"),
    ("揭牌", "opened"),
    ("建成投用", "in_operation"),
    ("投用", "in_operation"),
    ("正式运营", "in_operation"),
    ("运营", "in_operation"),
    ("获评", "awarded"),
    ("入选", "awarded"),
    ("入围", "awarded"),
    ("获批", "awarded"),
)
_CLAUSE_END = re.compile(r"[，,。；;：:！？!?]")
_CLAUSE_MARK = re.compile(r"[，,。；;：:]")
_PHASE = re.compile(r"[一二三四五]期")
_PLANNED_VERBS = (
    r"加快推进|力争|推动|加快|抓好|推进|创建|打造|建设|争创|引进|办好|举办|开展|构建|提质升级|将|申报|做好"
)
_PLANNED_ANYWHERE = re.compile(_PLANNED_VERBS)
_PLANNED_BEFORE = re.compile(rf"(?:{_PLANNED_VERBS})“?$")
_PLANNED_LIST = re.compile(rf"(?:{_PLANNED_VERBS})(?:[^、，,。]{{1,15}}[、暨和])+$")
_COMPLETED_BEFORE = re.compile(r"建成(?:全省首个|全市首个|首个)?[A-Z0-9]*$")
# What something is to become (将姚家坝卫生院打造成中医骨伤专科医院) is a description, not a second name.
_DESCRIBED_AS = re.compile(r"(?:打造成|建成为|打造为|建设成)$")
# Roads and riverside belts are urban development whatever their name says (航空大道).
_SECTOR_OF_SUFFIX = re.compile(r"(?:大道|立交|风光带|道路|东移线|连接线)$")


@dataclass(frozen=True)
class _Mention:
    start: int  # in the sentence
    end: int
    type: str
    status: str | None = None


def find_entities(
    doc: Document, clean: CleanText, sentences: list[Sentence], catalog: Catalog
) -> list[Entity]:
    """Every named entity of the document, once per (name, status), in reading order."""
    zone_aliases = tuple(sorted((a for z in catalog.zones for a in z.aliases), key=len, reverse=True))
    years = classify.document_years(doc)
    entities: list[Entity] = []
    seen: set[tuple[str, str | None]] = set()
    for index, sentence in enumerate(sentences):
        if sentence.is_heading:
            continue
        creating = any("创建" in heading for heading in sentence.headings[-1:])
        for mention in _mentions(sentence.text, zone_aliases, creating):
            name = sentence.text[mention.start : mention.end]
            status = mention.status or _status(sentence.text, mention.start, mention.end)
            status = status or ("planned" if creating else None)
            if status == "planned" and _tells_results(sentences, index, years):
                status = None  # 持续开展…, 加快推进… in a review of the past year: no plan stated
            if (name, status) in seen:
                continue
            seen.add((name, status))
            char_start, char_end = clean.original_span(
                sentence.start + mention.start, sentence.start + mention.end
            )
            zone_id = classify.zone_of(name, catalog)
            entities.append(
                Entity(
                    entity_id=entity_id(doc.doc_id, char_start, char_end, name),
                    doc_id=doc.doc_id,
                    name_zh=name,
                    type=mention.type,
                    sector_id=_sector(sentence.text, mention, zone_id),
                    zone_id=zone_id,
                    status=status,
                    char_start=char_start,
                    char_end=char_end,
                    quote=display_quote(sentence.text),
                )
            )
    return entities


def _tells_results(sentences: list[Sentence], index: int, years: classify.DocumentYears) -> bool:
    """True when the context says the sentence reports results (kind actual), not targets or plans."""
    sentence = sentences[index]
    earlier = earlier_in_paragraph(sentences, index)
    return classify.stated_kind(sentence.text, earlier, sentence.headings, years) == classify.ACTUAL


def _mentions(text: str, zone_aliases: tuple[str, ...], creating: bool = False) -> list[_Mention]:
    """Mentions of one sentence; where two overlap, the pass listed first wins."""
    passes = (
        _codes(text),
        _programmes(text) if "“" in text else [],
        _awards(text, zone_aliases) + _awards_to_win(text, creating),
        _zone_places(text, zone_aliases),
        _listed(text),
        _blocks(text) if "板块" in text else [],
        _status_subjects(text),
        _suffixed(text),
    )
    kept: list[_Mention] = []  # left to right, apart from each other: found by bisection, not by a walk
    for mentions in passes:
        for mention in mentions:
            # A longer name that starts with a zone's place wins over it: 贺家土夜市节 over 贺家土.
            at = bisect_left(kept, mention.start, key=lambda m: m.start)
            if at < len(kept) and _extends_place(mention, kept[at]):
                del kept[at]
            # of the kept mentions starting before its end, only the last can reach into it
            before = bisect_left(kept, mention.end, key=lambda m: m.start)
            if not (before and kept[before - 1].end > mention.start):
                kept.insert(before, mention)
    return kept


def _extends_place(mention: _Mention, place: _Mention) -> bool:
    return place.type == "place" and mention.start == place.start and mention.end > place.end


def _codes(text: str) -> list[_Mention]:
    return [
        _Mention(m.start(), m.end(), "enterprise" if m.group()[-1] in "厂所" else "project")
        for m in _CODE.finditer(text)
    ]


def _programmes(text: str) -> list[_Mention]:
    """Quoted programme names (“放管服”改革) and quoted product names (运动飞机“阿若拉”)."""
    mentions = [_Mention(m.start(1), m.end(1), "programme") for m in _PROGRAMME.finditer(text)]
    return mentions + [_Mention(m.start(1), m.end(1), "project") for m in _PRODUCT.finditer(text)]


def _award_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The titles in text[start:end], split at 、, each without what comes before a 的."""
    spans = []
    position = start
    for part in text[start:end].split("、"):
        title_start = position + part.rfind("的") + 1
        title = text[title_start : position + len(part)]
        if _AWARDING_BODY.match(part) and not _AWARD_QUALIFIER.fullmatch(title):
            if not _NOT_AN_AWARD.search(title) and len(title) >= 4:
                spans.append((title_start, position + len(part)))
        position += len(part) + 1
    return spans


def _awards(text: str, zone_aliases: tuple[str, ...]) -> list[_Mention]:
    """Titles after 获评/入选 (…全省唯一的通航产业综合示范区 → 通航产业综合示范区) and who got them."""
    mentions = []
    for match in _AWARD.finditer(text):
        spans = _award_parts(text, match.start(2), match.end(2))
        if spans:
            mentions += [_Mention(start, end, "award", "awarded") for start, end in spans]
            is_brand_award = _BRAND_AWARDS.search(match.group(2)) is not None
            mentions += _award_subjects(text, match.start(), is_brand_award, zone_aliases)
    return mentions


def _awards_to_win(text: str, creating: bool) -> list[_Mention]:
    """Titles after 创建/争创, or every item of a spaced list under a 创建 heading (infographics)."""
    spans = [span for m in _AWARD_TO_WIN.finditer(text) for span in _award_parts(text, m.start(1), m.end(1))]
    if creating:
        items = [(_name_start(text, m.start(), m.end() - 1), m.end()) for m in re.finditer(r"[^\s“”]+", text)]
        spans += [span for start, end in items for span in _award_parts(text, start, end)]
    return [
        _Mention(start, end, "award", "planned")
        for start, end in spans
        if not _SUFFIXED_NAME.fullmatch(text, start, end)
    ]


def _award_subjects(
    text: str, verb_start: int, is_brand_award: bool, zone_aliases: tuple[str, ...]
) -> list[_Mention]:
    """The names listed right before 获评/入选: 中铨新材、西迪等4家企业获评… → two enterprises."""
    clause_start = _clause_start(text, verb_start)
    mentions = []
    position = clause_start
    for part in text[clause_start:verb_start].split("、"):
        name = _LIST_TAIL.sub("", part).strip("“”")
        offset = position + part.find(name) if name else position
        position += len(part) + 1
        if not 2 <= len(name) <= 10 or _NOT_A_NAME.search(name) or _STOP_WORDS.search(name):
            continue
        suffixed = _SUFFIXED_NAME.fullmatch(name)
        if suffixed:
            kind = suffixed.lastgroup or "place"
        elif name in zone_aliases:
            kind = "place"
        else:
            kind = "brand" if is_brand_award else "enterprise"
        mentions.append(_Mention(offset, offset + len(name), kind, "awarded"))
    return mentions


def _zone_places(text: str, zone_aliases: tuple[str, ...]) -> list[_Mention]:
    """The places of the five zones by their catalog aliases (longest first)."""
    return [_Mention(m.start(), m.end(), "place") for m in _alias_pattern(zone_aliases).finditer(text)]


@lru_cache(maxsize=8)
def _alias_pattern(aliases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(alias) for alias in sorted(aliases, key=len, reverse=True)))


def _listed(text: str) -> list[_Mention]:
    """The items of `甲、乙等项目` (projects; programmes after 申报) and `甲、乙等片区` (places)."""
    mentions: list[_Mention] = []
    if "等" not in text or "、" not in text:
        return mentions
    for match in _LISTED.finditer(text):
        first = match.group("items").split("、")[0]
        first_start = _name_start(text, match.start("items"), match.start("items") + len(first) - 1)
        lead = text[match.start("items") : first_start]  # the verb before the list, if any
        kind = "programme" if "申报" in lead else _LISTED_TYPES.get(match.group("what"), "place")
        status = "planned" if _PLANNED_ANYWHERE.search(lead) else None
        position = match.start("items")
        for index, part in enumerate(match.group("items").split("、")):
            start = first_start if index == 0 else position
            if position + len(part) - start >= 2:
                mentions.append(_Mention(start, position + len(part), kind, status))
            position += len(part) + 1
    return mentions


def _blocks(text: str) -> list[_Mention]:
    """布局建设枫溪生态城板块、城铁南站板块: the places named before 板块 (a district of a town plan)."""
    mentions = []
    for match in _BLOCK.finditer(text):
        start = _name_start(text, match.start(1), match.end(1) - 1)
        if match.end(1) - start >= 2 and not _STOP_WORDS.fullmatch(text, start, match.end(1)):
            mentions.append(_Mention(start, match.end(1), "place"))
    return mentions


def _status_subjects(text: str) -> list[_Mention]:
    return [
        _Mention(m.start(1), m.end(1), "project")
        for m in _SUBJECT_OF_STATUS.finditer(text)
        if not _NOT_A_NAME.search(m.group(1)) and not _STOP_WORDS.search(m.group(1))
    ]


def _suffixed(text: str) -> list[_Mention]:
    mentions = []
    quoted = list(_QUOTED.finditer(text))
    for match in _TYPE_WORD.finditer(text):
        kind = match.lastgroup or "place"
        suffix_start = match.start()
        run = _NAME_RUN_BEFORE.search(text, max(0, suffix_start - _LONGEST_NAME), suffix_start)
        run_start = run.start() if run else suffix_start
        start = _name_start(text, run_start, suffix_start)
        year = _YEAR_PREFIX.match(text, start, suffix_start)
        start = year.end() if year else start
        name = text[start : match.end()]
        if suffix_start - start < 1 or _GENERIC_PREFIX.fullmatch(text, start, suffix_start) or "等" in name:
            continue
        if _STOP_WORDS.match(name) or _DESCRIBED_AS.search(text, max(0, start - 4), start):
            continue  # a verb phrase, or what something is to become
        last_quote = bisect_left(quoted, start, key=lambda q: q.start()) - 1
        if last_quote >= 0 and match.end() < quoted[last_quote].end():
            continue  # part of a quoted slogan (“全力打造航空新城、时尚芦淞”)
        mentions.append(_Mention(start, match.end(), kind))
    return mentions


def _name_start(text: str, run_start: int, suffix_start: int) -> int:
    """After the last stop word of the run that still leaves a character before the type word."""
    cuts = [m.end() for m in _STOP_WORDS.finditer(text, run_start, suffix_start) if m.end() < suffix_start]
    return cuts[-1] if cuts else run_start


def _sector(text: str, mention: _Mention, zone_id: str | None) -> str | None:
    """Awards: from their title only. Others: the name, the rest of the clause, the zone, the sentence."""
    name = text[mention.start : mention.end]
    if _SECTOR_OF_SUFFIX.search(name):
        return "urban_development"
    if mention.type == "award":
        return classify.sector_of(name, default="") or None
    clause_end = _CLAUSE_END.search(text, mention.end)
    rest = text[mention.end : clause_end.start() if clause_end else len(text)]
    if rest[:1] in ("、", "和", "及"):  # a list item: what the list is (甲、乙等道路), not the next items
        rest = rest[rest.find("等") :] if "等" in rest else ""
    zone_sector = classify.ZONE_SECTORS.get(zone_id or "", "")
    for sector in (classify.sector_of(name, ""), classify.sector_of(rest, ""), zone_sector):
        if sector:
            return sector
    sentence = _without_own_list(text, mention)
    if mention.type == "place":  # a place takes the sector of what leads to it, not of the places after it
        sentence = sentence[: sentence.find(name)] if name in sentence else sentence
    return classify.sector_of(sentence, default="") or None


def _without_own_list(text: str, mention: _Mention) -> str:
    """The sentence without the list the mention is an item of: in 中铨新材、西迪等4家企业获评…, 新材 says
    what 中铨新材 makes, not what 西迪 makes."""
    rest = text[mention.end : mention.end + 1]
    before = text[mention.start - 1 : mention.start] if mention.start else ""
    if rest not in ("、", "等") and before != "、":
        return text
    clause_start = _clause_start(text, mention.start)
    list_end = text.find("等", mention.start)
    if list_end < 0 or _CLAUSE_END.search(text, mention.end, list_end):
        return text
    return text[:clause_start] + text[list_end:]


def _status(text: str, start: int, end: int) -> str | None:
    """From the verb after the name (after the list for 甲、乙正式运营), else from the verb before it."""
    after = text[end : end + 8]
    after = after[2:] if _PHASE.match(after) else after
    if after.startswith("、"):
        clause_end = _CLAUSE_END.search(text, end, end + CONTEXT_CHARS)
        list_end = clause_end.start() if clause_end else min(len(text), end + CONTEXT_CHARS)
        for verb, status in _STATUS_AFTER:
            if text.endswith(verb, end, list_end):  # 甲、乙正式运营: the verb closes the list's clause
                return status
    for verb, status in _STATUS_AFTER:
        if after.startswith(verb):
            return status
    before = text[max(0, start - 12) : start]
    if _COMPLETED_BEFORE.search(before):
        return "completed"
    if _PLANNED_BEFORE.search(before):
        return "planned"
    clause_start = max(_clause_start(text, start), start - CONTEXT_CHARS)
    return "planned" if _PLANNED_LIST.search(text, clause_start, start) else None


def _clause_start(text: str, position: int) -> int:
    """Where the clause holding `position` starts: after the last clause mark before it."""
    marks = _clause_marks(text)
    return marks[bisect_left(marks, position) - 1] + 1 if marks and marks[0] < position else 0


@lru_cache(maxsize=64)
def _clause_marks(text: str) -> list[int]:
    return [m.start() for m in _CLAUSE_MARK.finditer(text)]


def entity_id(doc_id: str, char_start: int, char_end: int, name: str) -> str:
    key = f"{doc_id}|{char_start}|{char_end}|{name}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
