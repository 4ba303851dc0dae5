"""python -m etl report: every number of each document and what became of it (etl/report.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl.__main__ import main
from etl.build import build

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
DOC_2024 = "000_596955ab977b3f6e"
COUNTS = re.compile(
    r"(\d+) numbers: (\d+) in facts, (\d+) in entities, (\d+) excluded \(.*\); (\d+) unexplained"
)


@pytest.fixture(scope="module")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "lusong.duckdb"
    build(RAW, path, progress=False)
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    status = main(["report", *args])
    return status, capsys.readouterr().out.splitlines()


def _counts(lines: list[str]) -> list[tuple[int, ...]]:
    return [tuple(int(n) for n in match.groups()) for line in lines if (match := COUNTS.search(line))]


def test_the_summary_of_the_sources_has_nothing_unexplained(capsys: pytest.CaptureFixture[str]) -> None:
    status, lines = _run(capsys, "--raw", str(RAW), "--summary")
    assert status == 0
    counts = _counts(lines)
    assert len(counts) == 3  # two documents and the total
    for n_numbers, in_facts, in_entities, excluded, unexplained in counts:
        assert unexplained == 0 and in_facts > 0
        assert n_numbers == in_facts + in_entities + excluded
    assert lines[-1].startswith("2 document(s), ")


def test_every_number_is_listed_with_its_fate(capsys: pytest.CaptureFixture[str]) -> None:
    status, lines = _run(capsys, "--raw", str(RAW), "--doc", f"{DOC_2024}.txt")
    assert status == 0 and lines[0].startswith(DOC_2024)
    listed = [line for line in lines[1:] if re.match(r"\s+\d+  ", line)]
    [(n_numbers, in_facts, *_)] = _counts(lines)[:1]
    assert len(listed) == n_numbers
    assert sum(" fact " in line for line in listed) == in_facts
    assert any("[5.4]%" in line and "gdp growth_pct 5.4 percent actual 2023–2023" in line for line in listed)
    assert any("excluded: session" in line for line in listed)
    assert any("excluded: date" in line for line in listed)


def test_the_database_and_the_inputs_give_the_same_counts(
    built_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, from_raw = _run(capsys, "--raw", str(RAW), "--summary")
    status, from_db = _run(capsys, "--db", str(built_db), "--summary")
    assert status == 0
    assert sorted(_counts(from_db)) == sorted(_counts(from_raw))


@pytest.mark.parametrize("args", [["--doc", "no_such_doc"], ["--db", "/nonexistent/lusong.duckdb"]])
def test_a_document_or_database_that_is_not_there_fails(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines = _run(capsys, *args, "--summary")
    assert status == 1
    assert any(line.startswith("error: ") for line in lines)
