"""The records that flow through the pipeline: read → extract → load.

`read` produces `Document`s; `extract.extract_document(doc, catalog)` turns one into `Fact`s and `Entity`s
(pure: no I/O); `load` writes them into the tables of etl/schema.sql.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    doc_id: str
    source_file: str | None
    source_type: str
    title: str
    publisher: str | None
    meeting: str | None
    meeting_date: dt.date | None
    report_year: int | None
    region: str
    url: str | None
    sha256: str | None
    text: str | None  # decoded text exactly as read (line endings normalised); offsets index into it
    reviews: str | None = None  # manifest: what the report reviews ("2023", "past five years")
    plans: str | None = None  # manifest: what it plans ("2024", "next five years")


@dataclass(frozen=True)
class Fact:
    fact_id: str
    doc_id: str
    indicator_id: str
    sector_id: str
    zone_id: str | None
    value: float
    unit: str
    value_text: str
    qualifier: str | None
    kind: str
    measure: str
    period_start: int
    period_end: int
    char_start: int | None
    char_end: int | None
    quote: str


@dataclass(frozen=True)
class Entity:
    entity_id: str
    doc_id: str
    name_zh: str
    type: str
    sector_id: str | None
    zone_id: str | None
    status: str | None
    char_start: int
    char_end: int
    quote: str


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    name_zh: str
    name_en: str
    unit: str | None
    sector_id: str
    is_generated: bool = False
