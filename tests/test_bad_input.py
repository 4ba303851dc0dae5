"""Bad input: each problem is named with its file, the build stops (or skips with --skip-invalid), no
traceback, and the previous database is untouched (same bytes)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from etl.__main__ import main
from etl.build import build

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
TEXT_2024 = "000_596955ab977b3f6e.txt"
TEXT_2021 = "001_e12562c7a12b9cfd.txt"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
ROW = "{name},新文件,株洲日报,,,2025-01-20,2025,2024,2025,\n"


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("good") / "lusong.duckdb"
    build(RAW, path, progress=False)
    return path


@pytest.fixture
def db(good_db: Path, tmp_path: Path) -> Path:
    """A copy of a good database built from the unchanged input."""
    return Path(shutil.copyfile(good_db, tmp_path / "lusong.duckdb"))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _add_listed(raw: Path, name: str, data: bytes) -> None:
    (raw / name).write_bytes(data)
    with (raw / "manifest.csv").open("a", encoding="utf-8") as manifest:
        manifest.write(ROW.format(name=name))


def _replace_in_manifest(raw: Path, old: str, new: str) -> None:
    manifest = raw / "manifest.csv"
    text = manifest.read_text(encoding="utf-8")
    assert old in text
    manifest.write_text(text.replace(old, new), encoding="utf-8")


def _empty_file(raw: Path) -> None:
    _add_listed(raw, "002_empty.txt", b"")


def _binary_file(raw: Path) -> None:
    _add_listed(raw, "002_image.txt", PNG + bytes(200))


def _undecodable_file(raw: Path) -> None:
    text = (raw / TEXT_2024).read_bytes()
    _add_listed(raw, "002_damaged.txt", text[:300] + b"\xff\xfe\xfd" + text[300:])


def _row_without_file(raw: Path) -> None:
    with (raw / "manifest.csv").open("a", encoding="utf-8") as manifest:
        manifest.write(ROW.format(name="002_missing.txt"))


def _file_without_row(raw: Path) -> None:
    (raw / "002_unlisted.html").write_text("<p>芦淞区新增就业1万人</p>", encoding="utf-8")


def _same_content_twice(raw: Path) -> None:
    _add_listed(raw, "002_copy.txt", (raw / TEXT_2024).read_bytes())


def _same_file_twice(raw: Path) -> None:
    with (raw / "manifest.csv").open("a", encoding="utf-8") as manifest:
        manifest.write(ROW.format(name=TEXT_2021))


def _bad_date(raw: Path) -> None:
    _replace_in_manifest(raw, "2024-01-29", "2024-01-32")


def _bad_year(raw: Path) -> None:
    _replace_in_manifest(raw, "2024-01-29,2024,", "2024-01-29,2024年,")


def _bad_supplementary_row(raw: Path) -> None:
    with (raw / "supplementary_facts.csv").open("a", encoding="utf-8") as file:
        file.write("新增城镇就业,一万二,万人,,actual,2023,employment_social,某报道,某报,2024-02-01,,\n")


# (how to break the input, the file named, the problem, documents left when skipping)
SKIPPABLE: list[tuple[Callable[[Path], None], str, str, int]] = [
    (_empty_file, "002_empty.txt", "empty file", 5),
    (_binary_file, "002_image.txt", "binary file (control or NUL bytes), not text", 5),
    (_undecodable_file, "002_damaged.txt", "undecodable bytes: invalid UTF-8 at byte 300", 5),
    (_row_without_file, "002_missing.txt", "listed in manifest.csv line 4 but not found in {raw}", 5),
    (_file_without_row, "002_unlisted.html", "file in {raw} has no row in manifest.csv", 5),
    (_same_content_twice, "002_copy.txt", f"duplicate document: same content as {TEXT_2024}", 5),
    (_same_file_twice, TEXT_2021, "listed twice in manifest.csv (lines 2 and 4)", 5),
    (_bad_date, TEXT_2024, "manifest.csv line 3: bad meeting_date '2024-01-32' (expected YYYY-MM-DD)", 4),
    (_bad_year, TEXT_2024, "manifest.csv line 3: report_year '2024年' is not a year (expected e.g. 2024)", 4),
    (_bad_supplementary_row, "supplementary_facts.csv", "line 27: value '一万二' is not a number", 5),
]
IDS = [case[0].__name__.strip("_") for case in SKIPPABLE]


@pytest.mark.parametrize(("breakage", "file", "problem", "n_documents"), SKIPPABLE, ids=IDS)
def test_bad_input_stops_the_build_and_keeps_the_database(
    raw_dir: Path, db: Path, capsys: pytest.CaptureFixture[str], breakage, file, problem, n_documents
) -> None:
    before = _sha256(db)
    breakage(raw_dir)
    status = main(["build", "--raw", str(raw_dir), "--db", str(db)])
    err = capsys.readouterr().err
    assert status == 1
    assert err.splitlines()[0] == f"error: {file}: {problem.format(raw=raw_dir)}"
    assert err.splitlines()[-1] == (
        f"build stopped: 1 input problem(s); {db} is unchanged "
        "(--skip-invalid builds without the files named)"
    )
    assert _sha256(db) == before
    assert sorted(path.name for path in db.parent.iterdir()) == ["lusong.duckdb", "raw"]


@pytest.mark.parametrize(("breakage", "file", "problem", "n_documents"), SKIPPABLE, ids=IDS)
def test_skip_invalid_builds_without_the_bad_file(
    raw_dir: Path, db: Path, capsys: pytest.CaptureFixture[str], breakage, file, problem, n_documents
) -> None:
    breakage(raw_dir)
    status = main(["build", "--raw", str(raw_dir), "--db", str(db), "--skip-invalid"])
    captured = capsys.readouterr()
    assert status == 0
    assert captured.err.splitlines() == [f"warning: {file}: {problem.format(raw=raw_dir)} (skipped)"]
    assert captured.out.startswith(f"built {db}: {n_documents} documents")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (n_documents,)


def _missing_column(raw: Path) -> None:
    manifest = raw / "manifest.csv"
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    manifest.write_text(lines[0].replace("meeting_date", "date"), encoding="utf-8")


def _no_manifest(raw: Path) -> None:
    (raw / "manifest.csv").unlink()


def _no_boundary(raw: Path) -> None:
    (raw / "geo" / "lusong_boundary_wgs84.geojson").unlink()


def _broken_zone_file(raw: Path) -> None:
    (raw / "zones.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")


def _undecodable_manifest(raw: Path) -> None:
    (raw / "manifest.csv").write_bytes(PNG)


FATAL: list[tuple[Callable[[Path], None], str, str]] = [
    (_missing_column, "manifest.csv", "missing column(s) meeting_date"),
    (_no_manifest, "{raw}/manifest.csv", "manifest not found"),
    (_undecodable_manifest, "manifest.csv", "binary file (control or NUL bytes), not text"),
    (_no_boundary, "geo/lusong_boundary_wgs84.geojson", "not found"),
    (_broken_zone_file, "zones.geojson", "not valid JSON (Expecting value at line 1)"),
]


@pytest.mark.parametrize(
    ("breakage", "file", "problem"), FATAL, ids=[c[0].__name__.strip("_") for c in FATAL]
)
def test_unusable_input_stops_even_with_skip_invalid(
    raw_dir: Path, db: Path, capsys: pytest.CaptureFixture[str], breakage, file, problem
) -> None:
    before = _sha256(db)
    breakage(raw_dir)
    status = main(["build", "--raw", str(raw_dir), "--db", str(db), "--skip-invalid"])
    assert status == 1
    assert capsys.readouterr().err.splitlines()[0] == f"error: {file.format(raw=raw_dir)}: {problem}"
    assert _sha256(db) == before


def test_every_problem_is_listed_at_once(raw_dir: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _empty_file(raw_dir)
    _file_without_row(raw_dir)
    _bad_supplementary_row(raw_dir)
    assert main(["build", "--raw", str(raw_dir), "--db", str(db)]) == 1
    assert capsys.readouterr().err.splitlines()[:3] == [
        "error: 002_empty.txt: empty file",
        f"error: 002_unlisted.html: file in {raw_dir} has no row in manifest.csv",
        "error: supplementary_facts.csv: line 27: value '一万二' is not a number",
    ]


def test_a_missing_input_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--raw", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.duckdb")]) == 1
    assert (
        capsys.readouterr().err.splitlines()[0] == f"error: {tmp_path / 'nowhere'}: input directory not found"
    )


def test_an_unwritable_database_directory(
    raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "missing" / "lusong.duckdb"
    assert main(["build", "--raw", str(raw_dir), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {db}: cannot write the database (IO Error: Cannot open file")
    assert err.rstrip().endswith("No such file or directory); the previous one is unchanged")


def test_a_directory_in_place_of_the_database(
    raw_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "lusong.duckdb"
    db.mkdir()
    assert main(["build", "--raw", str(raw_dir), "--db", str(db)]) == 1
    assert capsys.readouterr().err == (
        f"error: {db}: cannot write the database (Is a directory); the previous one is unchanged\n"
    )
    assert db.is_dir() and list(db.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only directories")
def test_a_read_only_data_directory(raw_dir: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _sha256(db)
    db.parent.chmod(0o555)
    try:
        assert main(["build", "--raw", str(raw_dir), "--db", str(db)]) == 1
    finally:
        db.parent.chmod(0o755)
    assert capsys.readouterr().err.startswith(f"error: {db}: cannot write the database")
    assert _sha256(db) == before


def test_the_command_prints_no_traceback(raw_dir: Path, db: Path) -> None:
    """The real command line, in its own process: exit code 1, error lines, no traceback."""
    before = _sha256(db)
    _binary_file(raw_dir)
    _row_without_file(raw_dir)
    result = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--raw", str(raw_dir), "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[:2] == [
        "error: 002_image.txt: binary file (control or NUL bytes), not text",
        f"error: 002_missing.txt: listed in manifest.csv line 5 but not found in {raw_dir}",
    ]
    assert result.stdout == ""
    assert _sha256(db) == before


@pytest.fixture
def small_filesystem(tmp_path: Path, good_db: Path):
    """An 800 KiB tmpfs holding a copy of the good database: room for it, not for a second one.

    Needs root and permission to mount (CAP_SYS_ADMIN); skipped where that is missing."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=800k", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        shutil.copyfile(good_db, mount_point / "lusong.duckdb")
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_a_full_disk(raw_dir: Path, small_filesystem: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = small_filesystem / "lusong.duckdb"
    before = _sha256(db)
    assert main(["build", "--raw", str(raw_dir), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {db}: cannot write the database (")
    assert "No space left on device" in err
    assert err.endswith("; the previous one is unchanged\n")
    assert _sha256(db) == before
    assert [path.name for path in small_filesystem.iterdir()] == ["lusong.duckdb"]


def test_a_read_only_file_system(
    raw_dir: Path, small_filesystem: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = small_filesystem / "lusong.duckdb"
    before = _sha256(db)
    subprocess.run(["mount", "-o", "remount,ro", str(small_filesystem)], check=True)
    assert main(["build", "--raw", str(raw_dir), "--db", str(db)]) == 1
    assert capsys.readouterr().err == (
        f"error: {db}: cannot write the database (Read-only file system); the previous one is unchanged\n"
    )
    assert _sha256(db) == before
