"""python -m etl build|check|add, through the real command line."""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from etl import derived
from etl.__main__ import main
from etl.build import build

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
TEXT_2024 = "000_596955ab977b3f6e.txt"
SUMMARY = re.compile(
    r"built (?P<db>.+): 5 documents \(2 texts, 3 cited sources\), \d+ facts, \d+ entities in \d+\.\d s"
)


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("good") / "lusong.duckdb"
    build(RAW, path, progress=False)
    return path


def _python_m_etl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def _query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_then_check_on_the_command_line(raw_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "lusong.duckdb"
    built = _python_m_etl("build", "--raw", str(raw_dir), "--db", str(db))
    assert built.returncode == 0, built.stderr
    assert SUMMARY.fullmatch(built.stdout.strip()), built.stdout
    assert built.stderr == ""  # two documents: no progress bar
    checked = _python_m_etl("check", "--db", str(db))
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, f"{db}: meets the contract\n", "")


def test_check_lists_violations_and_fails(
    good_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = Path(shutil.copyfile(good_db, tmp_path / "broken.duckdb"))
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE facts SET kind = 'guess' WHERE fact_id = (SELECT min(fact_id) FROM facts)")
        con.execute("UPDATE zones SET lat = NULL WHERE zone_id = 'cbd'")
        derived.derive(con)  # as a build from these rows would
    assert main(["check", "--db", str(db)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == "facts.kind is a catalog kind: 1 violating row(s)"
    assert "'kind': 'guess'" in captured.out.splitlines()[1]
    assert "zones have a WGS-84 anchor and an outline unless schematic: 1 violating row(s)" in captured.out
    assert captured.err == f"{db}: 2 contract check(s) failed\n"


def test_check_of_a_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "none.duckdb"
    assert main(["check", "--db", str(db)]) == 1
    assert (
        capsys.readouterr().err == f"error: {db}: database not found (build it with: python -m etl build)\n"
    )


def test_check_of_a_file_that_is_not_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "notes.duckdb"
    db.write_text("not a database", encoding="utf-8")
    assert main(["check", "--db", str(db)]) == 1
    assert capsys.readouterr().err.startswith(f"error: {db}: cannot read the database: ")


def test_many_documents_show_a_progress_bar(
    raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (raw_dir / TEXT_2024).read_text(encoding="utf-8")
    with (raw_dir / "manifest.csv").open("a", encoding="utf-8") as manifest:
        for number in range(20):
            (raw_dir / f"copy_{number:02}.txt").write_text(f"第{number}份。\n{text}", encoding="utf-8")
            manifest.write(f"copy_{number:02}.txt,副本{number},,,,2024-01-29,2024,2023,2024,\n")
    db = tmp_path / "many.duckdb"
    assert main(["build", "--raw", str(raw_dir), "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert "extracting: 100%" in captured.err
    assert "22/22" in captured.err
    assert captured.out.startswith(f"built {db}: 25 documents (22 texts, 3 cited sources), ")


def _new_report(tmp_path: Path, name: str = "2025_report.txt") -> Path:
    source = tmp_path / "incoming" / name
    source.parent.mkdir(exist_ok=True)
    source.write_text("芦淞区2025年政府工作报告\n2024年，全区地区生产总值增长6.1%。\n", encoding="utf-8")
    return source


def test_add_copies_the_file_appends_a_row_and_rebuilds(
    raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, db = _new_report(tmp_path), tmp_path / "lusong.duckdb"
    title = '芦淞区 政府工作报告, "2025"'
    status = main(
        [
            "add",
            str(source),
            "--title",
            title,
            "--meeting-date",
            "2025-01-20",
            "--publisher",
            "株洲日报",
            "--raw",
            str(raw_dir),
            "--db",
            str(db),
        ]
    )
    assert status == 0
    assert capsys.readouterr().out.startswith(f"built {db}: 6 documents (3 texts, 3 cited sources), ")
    assert (raw_dir / "2025_report.txt").read_bytes() == source.read_bytes()
    manifest = (raw_dir / "manifest.csv").read_text(encoding="utf-8")
    assert manifest.startswith((RAW / "manifest.csv").read_text(encoding="utf-8"))
    assert manifest.endswith(
        '2025_report.txt,"芦淞区 政府工作报告, ""2025""",株洲日报,,,2025-01-20,2025,2024,2025,\n'
    )
    rows = list(csv.DictReader(manifest.splitlines()))
    assert (rows[-1]["title"], rows[-1]["report_year"]) == (title, "2025")
    assert _query(
        db,
        "SELECT doc_id, source_file, title, report_year, source_type, region FROM documents "
        "WHERE source_file = ?",
        ["2025_report.txt"],
    ) == [
        ("2025_report", "2025_report.txt", title, 2025, "news_report", "芦淞区"),
    ]


def test_add_with_source_type_and_region_adds_those_columns(
    raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, db = _new_report(tmp_path), tmp_path / "lusong.duckdb"
    status = main(
        [
            "add",
            str(source),
            "--title",
            "报告",
            "--meeting-date",
            "2025-01-20",
            "--report-year",
            "2025",
            "--source-type",
            "work_report",
            "--region",
            "株洲市芦淞区",
            "--raw",
            str(raw_dir),
            "--db",
            str(db),
        ]
    )
    assert status == 0, capsys.readouterr().err
    rows = list(csv.DictReader((raw_dir / "manifest.csv").read_text(encoding="utf-8").splitlines()))
    assert [(row["file"], row["source_type"], row["region"]) for row in rows] == [
        ("001_e12562c7a12b9cfd.txt", "", ""),
        (TEXT_2024, "", ""),
        ("2025_report.txt", "work_report", "株洲市芦淞区"),
    ]
    assert _query(db, "SELECT source_type, region FROM documents ORDER BY doc_id") == [
        ("news_report", "芦淞区"),
        ("news_report", "芦淞区"),
        ("work_report", "株洲市芦淞区"),
        ("cited_source", "芦淞区"),
        ("cited_source", "芦淞区"),
        ("cited_source", "芦淞区"),
    ]


def test_add_refuses_a_name_that_is_taken(
    raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _new_report(tmp_path, name=TEXT_2024)
    manifest_before = _sha256(raw_dir / "manifest.csv")
    status = main(
        [
            "add",
            str(source),
            "--title",
            "t",
            "--meeting-date",
            "2025-01-20",
            "--raw",
            str(raw_dir),
            "--db",
            str(tmp_path / "x.duckdb"),
        ]
    )
    assert status == 1
    assert capsys.readouterr().err == (
        f"error: {TEXT_2024}: manifest.csv already lists a file of that name; rename the new file\n"
    )
    assert (raw_dir / TEXT_2024).read_bytes() == (RAW / TEXT_2024).read_bytes()
    assert _sha256(raw_dir / "manifest.csv") == manifest_before


def test_add_refuses_an_unlisted_file_of_the_same_name(
    raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (raw_dir / "2025_report.txt").write_text("另一份文件", encoding="utf-8")
    source = _new_report(tmp_path)
    status = main(["add", str(source), "--title", "t", "--meeting-date", "2025-01-20", "--raw", str(raw_dir)])
    assert status == 1
    assert capsys.readouterr().err == (
        f"error: 2025_report.txt: a different file of that name is already in {raw_dir}; "
        "rename the new file\n"
    )
    assert (raw_dir / "2025_report.txt").read_text(encoding="utf-8") == "另一份文件"


@pytest.mark.parametrize(
    ("content", "arguments", "message"),
    [
        (b"", ["--meeting-date", "2025-01-20"], "error: new.txt: empty file"),
        (
            "报告".encode(),
            ["--meeting-date", "20.01.2025"],
            "error: new.txt: the new manifest row: bad meeting_date '20.01.2025' (expected YYYY-MM-DD)",
        ),
        (
            "报告".encode(),
            ["--meeting-date", "2025-01-20", "--report-year", "next"],
            "error: new.txt: the new manifest row: report_year 'next' is not a year (expected e.g. 2024)",
        ),
    ],
)
def test_add_refuses_bad_input_before_copying(
    raw_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    arguments: list[str],
    message: str,
) -> None:
    source = tmp_path / "new.txt"
    source.write_bytes(content)
    manifest_before = _sha256(raw_dir / "manifest.csv")
    assert main(["add", str(source), "--title", "t", *arguments, "--raw", str(raw_dir)]) == 1
    assert capsys.readouterr().err == message + "\n"
    assert not (raw_dir / "new.txt").exists()
    assert _sha256(raw_dir / "manifest.csv") == manifest_before


def test_add_undoes_itself_when_the_rebuild_fails(
    raw_dir: Path, tmp_path: Path, good_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "same_as_2024.txt"
    shutil.copyfile(raw_dir / TEXT_2024, source)  # a duplicate: the build refuses it
    db = Path(shutil.copyfile(good_db, tmp_path / "lusong.duckdb"))
    db_before, manifest_before = _sha256(db), _sha256(raw_dir / "manifest.csv")
    status = main(
        [
            "add",
            str(source),
            "--title",
            "t",
            "--meeting-date",
            "2025-01-20",
            "--raw",
            str(raw_dir),
            "--db",
            str(db),
        ]
    )
    assert status == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"error: same_as_2024.txt: duplicate document: same content as {TEXT_2024}"
    )
    assert not (raw_dir / "same_as_2024.txt").exists()
    assert _sha256(raw_dir / "manifest.csv") == manifest_before
    assert _sha256(db) == db_before


def test_add_of_a_file_already_in_the_input_directory_only_lists_it(
    raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    placed = _new_report(tmp_path)
    shutil.move(placed, raw_dir / placed.name)
    status = main(
        [
            "add",
            str(raw_dir / placed.name),
            "--title",
            "t",
            "--meeting-date",
            "2025-01-20",
            "--raw",
            str(raw_dir),
            "--db",
            str(tmp_path / "lusong.duckdb"),
        ]
    )
    assert status == 0, capsys.readouterr().err
    assert (
        (raw_dir / "manifest.csv")
        .read_text(encoding="utf-8")
        .endswith("2025_report.txt,t,,,,2025-01-20,2025,2024,2025,\n")
    )


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["add", "x.txt"])
    assert raised.value.code == 2
    assert "the following arguments are required: --title, --meeting-date" in capsys.readouterr().err


def test_add_to_an_input_directory_without_a_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = tmp_path / "fresh"
    shutil.copytree(RAW / "geo", raw / "geo")
    source, db = _new_report(tmp_path), tmp_path / "fresh.duckdb"
    status = main(
        [
            "add",
            str(source),
            "--title",
            "报告",
            "--meeting-date",
            "2025-01-20",
            "--raw",
            str(raw),
            "--db",
            str(db),
        ]
    )
    assert status == 0, capsys.readouterr().err
    assert (raw / "manifest.csv").read_text(encoding="utf-8") == (
        "file,title,publisher,reporter,meeting,meeting_date,report_year,reviews,plans,notes\n"
        "2025_report.txt,报告,,,,2025-01-20,2025,2024,2025,\n"
    )
    assert _query(db, "SELECT doc_id, report_year FROM documents") == [("2025_report", 2025)]


CRAFTED = (
    "芦淞区2025年政府工作报告\n"
    "2024年，全区地区生产总值增长6.1%，目标投资1万亿亿元，固定资产投资增长99999%，"
    "社会消费品零售总额150亿元。\n"
)


def test_a_figure_beyond_its_plausible_range_is_left_out_with_a_warning(tmp_path: Path) -> None:
    """The build succeeds, names the file and each figure left out, and loads the document's other facts;
    `report` gives the reason of each number left out."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW / "geo", raw / "geo")
    (raw / "crafted.txt").write_text(CRAFTED, encoding="utf-8")
    (raw / "manifest.csv").write_text(
        "file,title,publisher,reporter,meeting,meeting_date,report_year,reviews,plans,notes\n"
        "crafted.txt,t,,,,2025-01-20,2025,2024,2025,\n",
        encoding="utf-8",
    )
    db = tmp_path / "lusong.duckdb"
    built = _python_m_etl("build", "--raw", str(raw), "--db", str(db))
    assert built.returncode == 0, built.stderr
    assert built.stderr.splitlines() == [
        "warning: crafted.txt: figure '1万亿亿元' at character 40 (1e+20 yuan) is outside the plausible "
        "range of yuan (-1e+15 to 1e+15); left out, not loaded as a fact",
        "warning: crafted.txt: figure '99999%' at character 54 (99999 percent) is outside the plausible "
        "range of percent (-100 to 1000); left out, not loaded as a fact",
    ]
    assert _query(db, "SELECT indicator_id, value, unit FROM facts ORDER BY char_start") == [
        ("gdp", 6.1, "percent"),
        ("retail_sales", 1.5e10, "yuan"),
    ]
    assert _python_m_etl("check", "--db", str(db)).returncode == 0
    report = _python_m_etl("report", "--raw", str(raw)).stdout
    assert re.search(r"目标投资\[1\]万亿亿元.*excluded: implausible", report)
    assert re.search(r"增长\[99999\]%.*excluded: implausible", report)
    assert "implausible 2" in report.splitlines()[-1]
