"""The extractor on our own documents of the genre (tests/genre/*.yaml): bulletins, conference reports,
another year's and another place's work reports, a web copy. Recall and precision are printed per document
and overall; the test fails below 95 %. Every number of every text must be explained (etl.coverage)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from etl.catalog import Catalog
from etl.coverage import explain_numbers, outcome_counts
from etl.extract import extract_document
from etl.model import Document, Fact
from etl.region import region_of

GENRE_DIR = Path(__file__).parent / "genre"
GENRE_FILES = sorted(GENRE_DIR.glob("*.yaml"))
MIN_SCORE = 0.95
MIN_FACTS = 150


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def genre_document(path: Path) -> Document:
    """The document of a genre file, with its region detected as the build does."""
    raw = _load(path)
    meta = raw["document"]
    return Document(
        doc_id=path.stem,
        source_file=path.name,
        source_type=meta["source_type"],
        title=meta["title"],
        publisher=None,
        meeting=None,
        meeting_date=dt.date.fromisoformat(str(meta["meeting_date"])),
        report_year=int(meta["report_year"]),
        region=region_of(meta["title"], raw["text"]),
        url=None,
        sha256=None,
        text=raw["text"],
        reviews=str(meta["reviews"]),
        plans=str(meta["plans"]),
    )


def _expected(path: Path) -> list[tuple]:
    return [(i, round(float(v), 6), u, m, k, int(s), int(e)) for i, v, u, m, k, s, e in _load(path)["facts"]]


def _found(facts: list[Fact]) -> list[tuple]:
    return [
        (f.indicator_id, round(f.value, 6), f.unit, f.measure, f.kind, f.period_start, f.period_end)
        for f in facts
    ]


def _score(expected: list[tuple], found: list[tuple]) -> tuple[int, int, list, list]:
    """Facts found that were expected, facts expected and not found, facts found and not expected."""
    missed = [row for row in expected if row not in found]
    spurious = [row for row in found if row not in expected]
    return len(expected) - len(missed), len(found) - len(spurious), missed, spurious


@pytest.fixture(scope="module")
def results(catalog: Catalog) -> dict[str, tuple[list[tuple], list[tuple]]]:
    out = {}
    for path in GENRE_FILES:
        facts, _, _ = extract_document(genre_document(path), catalog)
        out[path.stem] = (_expected(path), _found(facts))
    return out


def test_the_corpus_is_large_enough(results: dict) -> None:
    assert sum(len(expected) for expected, _ in results.values()) >= MIN_FACTS
    assert all(len(set(expected)) == len(expected) for expected, _ in results.values())


@pytest.mark.parametrize("name", [path.stem for path in GENRE_FILES])
def test_facts_of_each_genre_document(name: str, results: dict) -> None:
    expected, found = results[name]
    hits, right, missed, spurious = _score(expected, found)
    recall, precision = hits / len(expected), right / len(found) if found else 0.0
    print(
        f"\n{name}: recall {recall:.1%} ({hits}/{len(expected)}), "
        f"precision {precision:.1%} ({right}/{len(found)})"
    )
    assert recall >= MIN_SCORE, f"missed: {missed}"
    assert precision >= MIN_SCORE, f"not expected: {spurious}"


def test_facts_of_the_whole_corpus(results: dict) -> None:
    n_expected = n_found = n_hits = n_right = 0
    for expected, found in results.values():
        hits, right, _, _ = _score(expected, found)
        n_expected, n_found, n_hits, n_right = (
            n_expected + len(expected), n_found + len(found), n_hits + hits, n_right + right,
        )  # fmt: skip
    recall, precision = n_hits / n_expected, n_right / n_found
    print(f"\ngenre corpus: {len(results)} documents, {n_expected} facts expected, "
          f"recall {recall:.1%} ({n_hits}/{n_expected}), "
          f"precision {precision:.1%} ({n_right}/{n_found})")  # fmt: skip
    assert recall >= MIN_SCORE and precision >= MIN_SCORE


@pytest.mark.parametrize("path", GENRE_FILES, ids=lambda path: path.stem)
def test_the_region_is_detected(path: Path) -> None:
    assert genre_document(path).region == _load(path)["region"]


@pytest.mark.parametrize("path", GENRE_FILES, ids=lambda path: path.stem)
def test_no_number_is_unexplained(path: Path, catalog: Catalog) -> None:
    doc = genre_document(path)
    facts, entities, _ = extract_document(doc, catalog)
    uses = explain_numbers(doc, facts, entities)
    print(f"\n{path.stem}: {len(uses)} numbers: {dict(sorted(outcome_counts(uses).items()))}")
    assert [
        (u.written, doc.text[max(0, u.start - 8) : u.end + 8]) for u in uses if u.detail == "unexplained"
    ] == []
