"""`python -m etl report`: every number of every document and what became of it.

For each document: each run of digits or Chinese numerals in its text, with the fact or entity it is part of,
or the reason it is not a fact (date, session, heading, slogan, phone …), then the counts. The documents come
either from the input directory (read and extracted as the build does) or from a built database (its texts,
facts and entities as stored; figures left out as `implausible` for their unit show only when extracting).
`unexplained` counts the numbers no rule accounts for: a gap to look at.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path

import duckdb

from etl.catalog import Catalog, load_catalog
from etl.coverage import NumberUse, explain_numbers, outcome_counts
from etl.extract import extract
from etl.model import Document, Entity, Fact
from etl.read import InputError, read_corpus

_CONTEXT_CHARS = 8
_DOCUMENTS_WITH_TEXT = "SELECT * FROM documents WHERE text IS NOT NULL ORDER BY doc_id"
_FACTS_OF = "SELECT * FROM facts WHERE doc_id = ? ORDER BY char_start"
_ENTITIES_OF = "SELECT * FROM entities WHERE doc_id = ? ORDER BY char_start"


@dataclass(frozen=True)
class DocumentNumbers:
    """One document with its facts, entities and the fate of each of its numbers."""

    document: Document
    facts: list[Fact]
    entities: list[Entity]
    uses: list[NumberUse]

    @property
    def counts(self) -> Counter[str]:
        return outcome_counts(self.uses)

    @property
    def n_unexplained(self) -> int:
        return sum(1 for use in self.uses if use.outcome == "excluded" and use.detail == "unexplained")


def explain_document(
    doc: Document, facts: list[Fact], entities: list[Entity], implausible: Iterable[tuple[int, int]] = ()
) -> DocumentNumbers:
    return DocumentNumbers(doc, facts, entities, explain_numbers(doc, facts, entities, list(implausible)))


def _wanted(doc: Document, selected: set[str]) -> bool:
    return not selected or doc.doc_id in selected or (doc.source_file or "") in selected


def from_raw(raw_dir: Path, catalog: Catalog, selected: Iterable[str] = ()) -> Iterator[DocumentNumbers]:
    """The documents of `raw_dir` (as listed in its manifest), extracted now."""
    wanted = set(selected)
    for doc in read_corpus(raw_dir).documents:
        if _wanted(doc, wanted):
            extraction = extract(doc, catalog)
            left_out = [(figure.char_start, figure.char_end) for figure in extraction.implausible]
            yield explain_document(doc, extraction.facts, extraction.entities, left_out)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> list[dict[str, object]]:
    cursor = con.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _record(cls: type, row: dict[str, object]) -> object:
    return cls(**{f.name: row.get(f.name) for f in fields(cls)})


def from_database(db_path: Path, selected: Iterable[str] = ()) -> Iterator[DocumentNumbers]:
    """The documents with a text stored in the database at `db_path`, with their stored facts and entities."""
    wanted = set(selected)
    with duckdb.connect(str(db_path), read_only=True) as con:
        documents = _rows(con, _DOCUMENTS_WITH_TEXT, [])
        for row in documents:
            doc = _record(Document, row)
            assert isinstance(doc, Document)
            if not _wanted(doc, wanted):
                continue
            facts = [_record(Fact, r) for r in _rows(con, _FACTS_OF, [doc.doc_id])]
            entities = [_record(Entity, r) for r in _rows(con, _ENTITIES_OF, [doc.doc_id])]
            yield explain_document(doc, facts, entities)


def _context(text: str, use: NumberUse) -> str:
    before = text[max(0, use.start - _CONTEXT_CHARS) : use.start]
    after = text[use.end : use.end + _CONTEXT_CHARS]
    return f"{before}[{use.written}]{after}".replace("\n", "⏎")


def _what(use: NumberUse, facts: dict[str, Fact], entities: dict[str, Entity]) -> str:
    if use.outcome == "fact":
        fact = facts[use.detail]
        return (
            f"fact {fact.fact_id}: {fact.indicator_id} {fact.measure} {fact.value:g} {fact.unit} "
            f"{fact.kind} {fact.period_start}–{fact.period_end}"
        )
    if use.outcome == "entity":
        entity = entities[use.detail]
        return f"entity {entity.entity_id}: {entity.name_zh} ({entity.type})"
    return f"excluded: {use.detail}"


def summary_line(counts: Counter[str], n_numbers: int) -> str:
    excluded = {key.split(":", 1)[1]: n for key, n in counts.items() if key.startswith("excluded:")}
    reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(excluded.items(), key=lambda kv: -kv[1]))
    return (
        f"{n_numbers} numbers: {counts.get('fact', 0)} in facts, {counts.get('entity', 0)} in entities, "
        f"{sum(excluded.values())} excluded ({reasons or 'none'}); "
        f"{excluded.get('unexplained', 0)} unexplained"
    )


def document_lines(report: DocumentNumbers, list_numbers: bool = True) -> list[str]:
    """The report of one document: a heading line, one line per number (unless `list_numbers` is False),
    the counts."""
    doc = report.document
    lines = [f"{doc.doc_id}  {doc.title}  [region {doc.region}]"]
    if list_numbers:
        facts = {fact.fact_id: fact for fact in report.facts}
        entities = {entity.entity_id: entity for entity in report.entities}
        text = doc.text or ""
        for use in report.uses:
            lines.append(f"  {use.start:>6}  {_context(text, use):<30}  {_what(use, facts, entities)}")
    lines.append("  " + summary_line(report.counts, len(report.uses)))
    return lines


def report_lines(reports: Iterable[DocumentNumbers], list_numbers: bool = True) -> Iterator[str]:
    """Every document's report, then the totals over all of them."""
    total: Counter[str] = Counter()
    n_numbers = n_documents = 0
    for report in reports:
        yield from document_lines(report, list_numbers)
        total += report.counts
        n_numbers += len(report.uses)
        n_documents += 1
    yield f"{n_documents} document(s), " + summary_line(total, n_numbers)


def run_report(raw_dir: Path, db_path: Path | None, selected: list[str], list_numbers: bool) -> int:
    """Print the report of the documents in `raw_dir`, or in the database at `db_path` when given; 1 when a
    document asked for is not there or the input cannot be read, else 0."""
    try:
        if db_path is not None:
            if not db_path.is_file():
                print(f"error: {db_path}: database not found (build it with: python -m etl build)")
                return 1
            reports = list(from_database(db_path, selected))
        else:
            reports = list(from_raw(raw_dir, load_catalog(), selected))
    except InputError as problem:
        print(f"error: {problem.file}: {problem.problem}")
        return 1
    except duckdb.Error as error:
        print(f"error: {db_path}: cannot read the database: {error}")
        return 1
    found = {r.document.doc_id for r in reports} | {r.document.source_file or "" for r in reports}
    missing = [name for name in selected if name not in found]
    for line in report_lines(reports, list_numbers):
        print(line)
    for name in missing:
        print(f"error: {name}: no document with that doc_id or file name")
    return 1 if missing else 0
