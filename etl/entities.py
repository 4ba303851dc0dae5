"""Named projects, places, enterprises, events, programmes, brands, awards and institutions in a document.

Rule-based: a name is a run of characters ending in a type word (…产业园 → project, …博览会 → event,
…卫生院 → institution) or a code (SA750, 331厂); its status comes from the verb next to it (开工 → started,
投产 → in_production, 获评 → awarded, 加快推进 → planned).
"""

from __future__ import annotations

import hashlib
import re

from etl import classify
from etl.catalog import Catalog
from etl.clean import CleanText, Sentence, display_quote
from etl.model import Document, Entity

# Type words at the end of a name, longest first within each type.
_TYPE_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("event", r"博览会|服博会|服饰节|嘉年华|夜市节|服饰秀|洽谈周|广交会|美食节|艺术节"),
    ("institution", r"卫生院|医院|学院|文化院|研究院|创新中心"),
    ("award", r"百强区|示范区|示范基地|示范企业|示范工厂|典型案例|重点培育专科|先进|金奖|名品"),
    ("project", r"文创产业园|产业园|总部基地|产业基地|新基地|冰风洞|下穿铁路立交|大道"),
    (
        "place",
        r"风景名胜区|景区|小镇|水库|灌区|机场|公园|街区|步行街|商圈|庄园|片区|新城|生态城|航空城|服饰城",
    ),
)
_ENTITY_CODE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z]{2,}\d{2,}|\d{3}(?:厂|所))")
_NAME_CHARS = r"[\u4e00-\u9fff·A-Za-z0-9（）()]"
_STATUS_AFTER: tuple[tuple[str, str], ...] = (
    ("开工", "started"),
    ("竣工", "completed"),
    ("投产", "in_production"),
    ("开业", "opened"),
    ("建成投用", "in_operation"),
    ("投用", "in_operation"),
    ("正式运营", "in_operation"),
    ("运营", "in_operation"),
    ("获评", "awarded"),
    ("入选", "awarded"),
    ("入围", "awarded"),
    ("创成", "awarded"),
)
_STATUS_BEFORE = re.compile(r"(?:加快推进|力争|推动|加快|抓好|推进|建设|创建|打造)$")
_LEAD_WORDS = re.compile(
    r"^(?:加快推进|加快建成|加快|推进|推动|抓好|建设|打造|丰富|依托|继续办好|办好|组建|新建|力争|支持|创建|获评|入选|"
    r"将|把|和|与|及|的|在|等|向|对|为|了|成|是|建成|全省首个|全市首家|城区首家)+"
)


def _suffix_pattern() -> re.Pattern[str]:
    alternatives = "|".join(f"(?P<{kind}>{words})" for kind, words in _TYPE_SUFFIXES)
    return re.compile(rf"{_NAME_CHARS}{{2,14}}?(?:{alternatives})")


def find_entities(
    doc: Document, clean: CleanText, sentences: list[Sentence], catalog: Catalog
) -> list[Entity]:
    pattern = _suffix_pattern()
    entities: list[Entity] = []
    seen: set[tuple[str, int]] = set()
    for sentence in sentences:
        if sentence.is_heading and not sentence.text.endswith("。"):
            continue
        spans = [(m.start(), m.end(), m.lastgroup or "place") for m in pattern.finditer(sentence.text)]
        spans += [
            (m.start(), m.end(), "enterprise")
            for m in _ENTITY_CODE.finditer(sentence.text)
            if m.group()[-1] in "厂所"
        ]
        spans += [
            (m.start(), m.end(), "project")
            for m in _ENTITY_CODE.finditer(sentence.text)
            if m.group()[-1] not in "厂所"
        ]
        for start, end, kind in spans:
            start = _trim_start(sentence.text, start, end)
            name = sentence.text[start:end]
            if len(name) < 2:
                continue
            char_start, char_end = clean.original_span(sentence.start + start, sentence.start + end)
            if (name, char_start) in seen:
                continue
            seen.add((name, char_start))
            entities.append(
                Entity(
                    entity_id=entity_id(doc.doc_id, char_start, char_end, name),
                    doc_id=doc.doc_id,
                    name_zh=name,
                    type=kind,
                    sector_id=classify.sector_of(name + sentence.text[start:], default="economy"),
                    zone_id=classify.zone_of(name, catalog),
                    status=_status(sentence.text, start, end),
                    char_start=char_start,
                    char_end=char_end,
                    quote=display_quote(sentence.text),
                )
            )
    return entities


def _trim_start(text: str, start: int, end: int) -> int:
    lead = _LEAD_WORDS.match(text, start, end)
    return lead.end() if lead else start


def _status(text: str, start: int, end: int) -> str | None:
    after = text[end : end + 6]
    for verb, status in _STATUS_AFTER:
        if after.startswith(verb) or after[:3].find(verb) == 1 and after[0] in "一二":
            return status
    return "planned" if _STATUS_BEFORE.search(text[max(0, start - 6) : start]) else None


def entity_id(doc_id: str, char_start: int, char_end: int, name: str) -> str:
    key = f"{doc_id}|{char_start}|{char_end}|{name}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
