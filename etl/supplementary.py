"""supplementary_facts.csv → documents for the cited sources and their facts (no text, no offsets).

Each row is one figure as another public report cited it: the indicator phrase, the value and unit as
written, a qualifier (以上, 左右 …), kind, period and sector, and the source (title, publisher, date, URL).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from etl.catalog import Catalog
from etl.model import Document, Fact, Indicator
from etl.read import DEFAULT_REGION, InputError, decode_text, normalise_line_endings

SUPPLEMENTARY_NAME = "supplementary_facts.csv"
SUPPLEMENTARY_COLUMNS = (
    "indicator_zh",
    "value",
    "unit",
    "qualifier",
    "kind",
    "period",
    "sector",
    "source_title",
    "publisher",
    "source_date",
    "source_url",
)
CITED_SOURCE_TYPE = "cited_source"
GROWTH_WORDS = ("增长", "增速", "涨幅", "增幅")
# Units whose figures are counts of things rather than amounts.
COUNTED_UNITS = frozenset({"household", "enterprise", "item", "case", "person", "place", "unit", "day"})
# Qualifiers written before the number (突破8万户, 近3万人); 余 sits between number and unit; the rest follow.
PREFIX_QUALIFIERS = frozenset({"突破", "近"})
INFIX_QUALIFIERS = frozenset({"余"})


@dataclass(frozen=True)
class CitedFigures:
    """What supplementary_facts.csv holds, as pipeline records, and the rows that could not be used."""

    documents: tuple[Document, ...]
    facts: tuple[Fact, ...]
    indicators: tuple[Indicator, ...]  # generated for phrases the catalog does not know
    problems: tuple[InputError, ...]


@dataclass(frozen=True)
class _Source:
    title: str
    publisher: str | None
    date: dt.date
    url: str | None
    occasion: str | None  # the CSV's source_type, e.g. 区委经济工作会议

    @property
    def doc_id(self) -> str:
        return "sup_" + hashlib.sha256(f"{self.url}\n{self.title}".encode()).hexdigest()[:12]

    def as_document(self) -> Document:
        return Document(
            doc_id=self.doc_id,
            source_file=SUPPLEMENTARY_NAME,
            source_type=CITED_SOURCE_TYPE,
            title=self.title,
            publisher=self.publisher,
            meeting=self.occasion,
            meeting_date=self.date,
            report_year=self.date.year,
            region=DEFAULT_REGION,
            url=self.url,
            sha256=None,
            text=None,
        )


def generated_indicator_id(name_zh: str) -> str:
    """A stable id for an indicator phrase the catalog does not know (the scheme of etl/extract.py, so that
    a phrase cited here and found in a text share one indicator)."""
    return "gen_" + hashlib.sha1(name_zh.encode("utf-8")).hexdigest()[:10]


def strip_growth_word(phrase: str) -> str:
    """The indicator named by a growth phrase: 地方一般公共预算收入增长 → 地方一般公共预算收入."""
    for word in GROWTH_WORDS:
        if phrase.endswith(word) and len(phrase) > len(word):
            return phrase[: -len(word)]
    return phrase


def measure_of(phrase: str, base_unit: str) -> str:
    """The measure of a figure from its phrase and base unit: 地区生产总值增长 + % → growth_pct."""
    if base_unit == "percent":
        return "growth_pct" if any(word in phrase for word in GROWTH_WORDS) else "share_pct"
    if base_unit == "pct_point":
        return "change_pp"
    return "count" if base_unit in COUNTED_UNITS else "level"


def value_text_of(value: str, unit: str, qualifier: str | None) -> str:
    """The figure as it would be written: 8 % 以上 → 8%以上, 4000 个 余 → 4000余个."""
    if not qualifier:
        return f"{value}{unit}"
    if qualifier in PREFIX_QUALIFIERS:
        return f"{qualifier}{value}{unit}"
    if qualifier in INFIX_QUALIFIERS:
        return f"{value}{qualifier}{unit}"
    return f"{value}{unit}{qualifier}"


def base_value(value: Decimal, factor: float) -> float:
    """value × factor without binary rounding noise: 1.2 × 1e4 → 12000.0, 31.4 × 1e8 → 3140000000.0."""
    return float(value * Decimal(repr(factor)))


def _url_of(cell: str | None) -> str | None:
    """The address in a source_url cell, without a trailing remark such as '(mirror of …)'."""
    words = (cell or "").split()
    return words[0] if words else None


def _cell(row: dict[str, str | None], column: str) -> str | None:
    value = (row.get(column) or "").strip()
    return value or None


def _required(row: dict[str, str | None], column: str, line: int) -> str:
    value = _cell(row, column)
    if value is None:
        raise InputError(SUPPLEMENTARY_NAME, f"line {line}: empty {column}")
    return value


def _source_of(row: dict[str, str | None], line: int) -> _Source:
    date_text = _required(row, "source_date", line)
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError:
        raise InputError(
            SUPPLEMENTARY_NAME, f"line {line}: bad source_date {date_text!r} (expected YYYY-MM-DD)"
        ) from None
    return _Source(
        title=_required(row, "source_title", line),
        publisher=_cell(row, "publisher"),
        date=date,
        url=_url_of(_cell(row, "source_url")),
        occasion=_cell(row, "source_type"),
    )


class _RowReader:
    """Turns rows into facts, checking every code against the catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.sector_ids = {sector.id for sector in catalog.sectors}
        self.kind_ids = {kind.id for kind in catalog.kinds}
        self.qualifier_ids = {qualifier.zh: qualifier.id for qualifier in catalog.qualifiers}

    def fact(self, row: dict[str, str | None], line: int, source: _Source) -> tuple[Fact, Indicator | None]:
        phrase = _required(row, "indicator_zh", line)
        written_value = _required(row, "value", line)
        written_unit = _required(row, "unit", line)
        value = self._decimal(written_value, line)
        unit_and_factor = self.catalog.unit_of(written_unit)
        if unit_and_factor is None:
            raise InputError(SUPPLEMENTARY_NAME, f"line {line}: unit {written_unit!r} is not in the catalog")
        unit, factor = unit_and_factor
        written_qualifier = _cell(row, "qualifier")
        qualifier = self._qualifier(written_qualifier, line)
        kind = self._code(row, "kind", self.kind_ids, line)
        sector = self._code(row, "sector", self.sector_ids, line)
        period = self._year(_required(row, "period", line), line)
        measure = measure_of(phrase, unit)
        indicator, generated = self._indicator(phrase, measure, unit, sector)
        unit = self._counted_unit(indicator, unit, written_unit)
        self._plausible(base_value(value, factor), unit, line)
        value_text = value_text_of(written_value, written_unit, written_qualifier)
        fact = Fact(
            fact_id=_fact_id(source.doc_id, phrase, kind, period, value_text),
            doc_id=source.doc_id,
            indicator_id=indicator,
            sector_id=sector,
            zone_id=None,
            value=base_value(value, factor),
            unit=unit,
            value_text=value_text,
            qualifier=qualifier,
            kind=kind,
            measure=measure,
            period_start=period,
            period_end=period,
            char_start=None,
            char_end=None,
            quote=_quote(phrase, value_text, source),
        )
        return fact, generated

    def _indicator(self, phrase: str, measure: str, unit: str, sector: str) -> tuple[str, Indicator | None]:
        known = self.catalog.resolve_indicator(phrase)
        if known is not None:
            return known.id, None
        name = strip_growth_word(phrase) if measure == "growth_pct" else phrase
        level_unit = None if measure in ("growth_pct", "change_pp", "share_pct") else unit
        generated = Indicator(generated_indicator_id(name), name, name, level_unit, sector, is_generated=True)
        return generated.indicator_id, generated

    def _counted_unit(self, indicator_id: str, unit: str, written_unit: str) -> str:
        """The indicator's own count unit where the figure only writes the generic counter 个 (学位4000个 →
        place), as etl/extract.py does for the texts."""
        known = self.catalog.indicator(indicator_id)
        if unit == "item" and written_unit == "个" and known is not None and known.unit in COUNTED_UNITS:
            return known.unit
        return unit

    def _plausible(self, value: float, unit: str, line: int) -> None:
        if not self.catalog.is_plausible(value, unit):
            low, high = self.catalog.unit_ranges[unit]
            raise InputError(
                SUPPLEMENTARY_NAME,
                f"line {line}: value {value:g} {unit} is outside the plausible range of {unit} "
                f"({low:g} to {high:g})",
            )

    @staticmethod
    def _decimal(text: str, line: int) -> Decimal:
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            raise InputError(SUPPLEMENTARY_NAME, f"line {line}: value {text!r} is not a number")
        return value

    def _qualifier(self, written: str | None, line: int) -> str | None:
        if written is None:
            return None
        if written not in self.qualifier_ids:
            known = ", ".join(self.qualifier_ids)
            raise InputError(SUPPLEMENTARY_NAME, f"line {line}: qualifier {written!r} is not one of {known}")
        return self.qualifier_ids[written]

    @staticmethod
    def _code(row: dict[str, str | None], column: str, allowed: set[str], line: int) -> str:
        value = _required(row, column, line)
        if value not in allowed:
            raise InputError(SUPPLEMENTARY_NAME, f"line {line}: {column} {value!r} is not in the catalog")
        return value

    @staticmethod
    def _year(text: str, line: int) -> int:
        if not text.isascii() or not text.isdigit() or not 1900 <= int(text) <= 2200:
            raise InputError(SUPPLEMENTARY_NAME, f"line {line}: period {text!r} is not a year")
        return int(text)


def _fact_id(doc_id: str, phrase: str, kind: str, period: int, value_text: str) -> str:
    key = "\x1f".join((doc_id, phrase, kind, str(period), value_text))
    return "f_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _quote(phrase: str, value_text: str, source: _Source) -> str:
    cited_by = "，".join(part for part in (source.title, source.publisher, source.date.isoformat()) if part)
    return f"{phrase}{value_text}（{cited_by}）"


def read_supplementary(data: bytes, catalog: Catalog) -> CitedFigures:
    """The cited sources and their facts; rows with problems are left out and reported.

    Raises InputError when the file as a whole is unusable (undecodable, missing columns).
    """
    text = normalise_line_endings(decode_text(data, SUPPLEMENTARY_NAME))
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in SUPPLEMENTARY_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise InputError(SUPPLEMENTARY_NAME, f"missing column(s) {', '.join(missing)}")
    rows = _RowReader(catalog)
    documents: dict[str, Document] = {}
    facts: dict[str, Fact] = {}
    indicators: dict[str, Indicator] = {}
    problems: list[InputError] = []
    for row in reader:
        line = reader.line_num
        try:
            source = _source_of(row, line)
            fact, generated = rows.fact(row, line, source)
        except InputError as problem:
            problems.append(problem)
            continue
        if fact.fact_id in facts:
            problems.append(InputError(SUPPLEMENTARY_NAME, f"line {line}: the same figure is listed twice"))
            continue
        documents.setdefault(source.doc_id, source.as_document())
        facts[fact.fact_id] = fact
        if generated is not None:
            indicators.setdefault(generated.indicator_id, generated)
    return CitedFigures(
        tuple(documents.values()), tuple(facts.values()), tuple(indicators.values()), tuple(problems)
    )
