"""Faults during a build or an `add`: a killed process, a read-only directory, a full disk.

What must hold: the previous database is intact (same bytes) or completely replaced by a new one that meets
the contract, never half-written; the next build succeeds with no manual clean-up; an unwritable place gives
a clear `error: <file>: <problem>` message. tests/test_bad_input.py covers `build` on a full and on a
read-only file system; here: SIGKILL at random points, `build` as an unprivileged user in a read-only
directory (that test in test_bad_input.py is skipped as root, which CI is), and `add` on a full or
read-only input directory.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from etl.catalog import load_catalog
from etl.check import find_violations

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
ROUNDS = int(os.environ.get("LUSONG_FAULT_ROUNDS", "6"))
NOBODY = 65534
NEW_REPORT = "芦淞区2025年政府工作报告\n2024年，全区地区生产总值增长6.1%。\n"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _etl(*args: str, user: int | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "etl", *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def _meets_contract(db: Path) -> bool:
    with duckdb.connect(str(db), read_only=True) as con:
        return not find_violations(con, load_catalog())


@pytest.fixture(scope="module")
def place() -> Iterator[Path]:
    """A directory every user can enter (pytest's tmp_path is private to root), removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="lusong-faults-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def raw_dir(place: Path) -> Path:
    raw = place / "raw"
    shutil.copytree(RAW, raw)
    return raw


@pytest.fixture(scope="module")
def good_db(place: Path, raw_dir: Path) -> tuple[Path, float]:
    """A database built by the command line, and how long that build took (to aim the kills)."""
    path = place / "good.duckdb"
    started = time.monotonic()
    result = _etl("build", "--raw", str(raw_dir), "--db", str(path))
    assert result.returncode == 0, result.stderr
    return path, time.monotonic() - started


# --- SIGKILL -----------------------------------------------------------------------------------------


def test_a_build_killed_at_random_points_loses_nothing(
    raw_dir: Path, good_db: tuple[Path, float], place: Path
) -> None:
    good, seconds = good_db
    data = place / "killed"
    data.mkdir()
    db = Path(shutil.copyfile(good, data / "lusong.duckdb"))
    seed = int(os.environ.get("LUSONG_FAULT_SEED", "6"))
    chance = random.Random(seed)
    outcomes = []
    for round_ in range(ROUNDS):
        before = _sha256(db)
        delay = chance.uniform(0.05, 1.1) * seconds  # from the imports to after the rename
        process = subprocess.Popen(
            [sys.executable, "-m", "etl", "build", "--raw", str(raw_dir), "--db", str(db)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        finished = process.poll() is not None
        if not finished:
            os.killpg(process.pid, signal.SIGKILL)  # the build and anything it started
        process.wait(timeout=30)
        after = _sha256(db)
        if after == before:
            outcomes.append("old database")
        else:  # the rename happened: it must be a whole new database
            assert _meets_contract(db), f"round {round_}: a killed build left a broken database"
            outcomes.append("new database" + (" (finished)" if finished else ""))
        with duckdb.connect(str(db), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    stale = sorted(p.name for p in data.iterdir() if p.name != "lusong.duckdb")
    # no manual clean-up: the next build just works, whatever the kills left behind
    result = _etl("build", "--raw", str(raw_dir), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert _meets_contract(db)
    assert "lusong.duckdb" in os.listdir(data)
    print(
        f"\n{ROUNDS} SIGKILL rounds (seed {seed}, build {seconds:.1f} s): "
        + ", ".join(f"{n}× {o}" for o, n in sorted({o: outcomes.count(o) for o in outcomes}.items()))
        + f"; stale temporary files after the kills: {len(stale)}"
    )


def test_a_killed_add_leaves_a_usable_input_directory(
    raw_dir: Path, good_db: tuple[Path, float], place: Path
) -> None:
    """`add` killed mid-way: the database is the old or a new whole one, and the next build works."""
    good, seconds = good_db
    home = place / "killed-add"
    raw = home / "raw"
    shutil.copytree(raw_dir, raw)
    db = Path(shutil.copyfile(good, home / "lusong.duckdb"))
    before = _sha256(db)
    source = home / "2025_report.txt"
    source.write_text(NEW_REPORT, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "etl", "add", str(source), "--title", "新报告", "--meeting-date", "2025-01-20",
         "--raw", str(raw), "--db", str(db)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    time.sleep(0.6 * seconds)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert _sha256(db) == before or _meets_contract(db)
    result = _etl("build", "--raw", str(raw), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert _meets_contract(db)


# --- read-only and full places -----------------------------------------------------------------------


def test_a_read_only_data_directory_as_an_unprivileged_user(good_db: tuple[Path, float], place: Path) -> None:
    """chmod does not stop root: the build runs as `nobody`, as a host's service user would."""
    good, _ = good_db
    data = place / "read-only"
    data.mkdir()
    db = Path(shutil.copyfile(good, data / "lusong.duckdb"))
    raw = data / "raw"
    shutil.copytree(RAW, raw)
    before = _sha256(db)
    for path in (data, raw, db):
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        result = _etl("build", "--raw", str(raw), "--db", str(db), user=NOBODY)
    finally:
        data.chmod(0o755)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {db}: cannot write the database (")
    assert "Permission denied" in result.stderr
    assert result.stderr.endswith("; the previous one is unchanged\n")
    assert _sha256(db) == before
    assert sorted(os.listdir(data)) == ["lusong.duckdb", "raw"]


def test_add_to_a_read_only_input_directory(good_db: tuple[Path, float], place: Path) -> None:
    good, _ = good_db
    home = place / "read-only-add"
    raw = home / "raw"
    shutil.copytree(RAW, raw)
    db = Path(shutil.copyfile(good, home / "lusong.duckdb"))
    source = home / "2025_report.txt"
    source.write_text(NEW_REPORT, encoding="utf-8")
    manifest_before, db_before = _sha256(raw / "manifest.csv"), _sha256(db)
    home.chmod(0o755)
    raw.chmod(0o555)
    try:
        result = _etl(
            "add", str(source), "--title", "新报告", "--meeting-date", "2025-01-20", "--raw", str(raw),
            "--db", str(db), user=NOBODY,
        )  # fmt: skip
    finally:
        raw.chmod(0o755)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(
        f"error: {raw / '2025_report.txt'}: cannot add the file (Permission denied)"
    )
    assert not (raw / "2025_report.txt").exists()
    assert (_sha256(raw / "manifest.csv"), _sha256(db)) == (manifest_before, db_before)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs for the input directory, then filled up. Needs root and permission to mount."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_add_on_a_full_disk(small_disk: Path, good_db: tuple[Path, float], tmp_path: Path) -> None:
    """The new report does not fit: a clear message, no partial copy, the manifest as it was."""
    good, _ = good_db
    raw = small_disk / "raw"
    shutil.copytree(RAW, raw)
    db = Path(shutil.copyfile(good, tmp_path / "lusong.duckdb"))
    free = os.statvfs(small_disk)
    (small_disk / "filler.bin").write_bytes(bytes(max(0, free.f_bavail * free.f_frsize - 200_000)))
    source = tmp_path / "2025_report.txt"
    source.write_text(
        NEW_REPORT * 11_000, encoding="utf-8"
    )  # about 0.8 MB: under the size limit, over the room
    manifest_before, db_before = _sha256(raw / "manifest.csv"), _sha256(db)
    result = _etl(
        "add",
        str(source),
        "--title",
        "新报告",
        "--meeting-date",
        "2025-01-20",
        "--raw",
        str(raw),
        "--db",
        str(db),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: "), result.stderr
    assert "No space left on device" in result.stderr.splitlines()[0]
    assert not (raw / "2025_report.txt").exists()
    assert (_sha256(raw / "manifest.csv"), _sha256(db)) == (manifest_before, db_before)


# --- add killed or refused in the middle of a write ----------------------------------------------------

# `add` in a child whose files may not grow beyond a limit. Python ignores SIGXFSZ at start-up, so a write
# past the limit fails with EFBIG ("File too large"), as on a full disk; with `kill` the default action is
# restored and the kernel kills the process in the middle of the write, as a power cut or `kill -9` would.
_ADD_WITH_A_FILE_SIZE_LIMIT = """
import resource, signal, sys
from etl.__main__ import main
limit, kill = int(sys.argv[1]), sys.argv[2] == "kill"
if kill:
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.exit(main(sys.argv[3:]))
"""


def _add_with_a_file_size_limit(
    source: Path, raw: Path, db: Path, limit: int, kill: bool
) -> subprocess.CompletedProcess[str]:
    arguments = ["add", str(source), "--title", "新报告", "--meeting-date", "2025-01-20", "--raw", str(raw),
                 "--db", str(db)]  # fmt: skip
    return subprocess.run(
        [sys.executable, "-c", _ADD_WITH_A_FILE_SIZE_LIMIT, str(limit), "kill" if kill else "fail",
         *arguments],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip


@pytest.fixture
def add_home(tmp_path: Path, good_db: tuple[Path, float]) -> tuple[Path, Path]:
    """An input directory and a database of its own for one `add`."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    return raw, Path(shutil.copyfile(good_db[0], tmp_path / "lusong.duckdb"))


def test_add_killed_while_writing_the_manifest_keeps_the_old_manifest(add_home: tuple[Path, Path]) -> None:
    """The manifest is replaced whole (temporary file, fsync, rename), never rewritten in place."""
    raw, db = add_home
    source = raw / "2025_report.txt"  # already in place: `add` only writes the manifest row
    source.write_text(NEW_REPORT, encoding="utf-8")
    manifest_before, db_before = (raw / "manifest.csv").read_bytes(), _sha256(db)
    result = _add_with_a_file_size_limit(source, raw, db, len(manifest_before) + 10, kill=True)
    assert result.returncode == -signal.SIGXFSZ, result.stderr
    assert (raw / "manifest.csv").read_bytes() == manifest_before
    assert _sha256(db) == db_before
    # the leftover of the killed write is not an input, and the next `add` removes it and works
    assert _etl("build", "--raw", str(raw), "--db", str(db)).stderr.splitlines() == [
        "error: 2025_report.txt: file in " + str(raw) + " has no row in manifest.csv",
        f"build stopped: 1 input problem(s); {db} is unchanged "
        "(--skip-invalid builds without the files named)",
    ]
    added = _etl("add", str(source), "--title", "新报告", "--meeting-date", "2025-01-20", "--raw", str(raw),
                 "--db", str(db))  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert sorted(p.name for p in raw.iterdir() if p.name.endswith(".tmp")) == []


def test_add_killed_while_copying_the_report_leaves_no_partial_report(
    add_home: tuple[Path, Path], tmp_path: Path
) -> None:
    raw, db = add_home
    source = tmp_path / "2025_report.txt"
    source.write_text(NEW_REPORT * 100, encoding="utf-8")  # 6 KB, over the limit below
    manifest_before = (raw / "manifest.csv").read_bytes()
    result = _add_with_a_file_size_limit(source, raw, db, 4096, kill=True)
    assert result.returncode == -signal.SIGXFSZ, result.stderr
    assert not (raw / "2025_report.txt").exists()  # not half a report under the real name
    assert (raw / "manifest.csv").read_bytes() == manifest_before
    assert _etl("build", "--raw", str(raw), "--db", str(db)).returncode == 0


def test_a_manifest_that_cannot_be_written_is_named_and_left_as_it_was(add_home: tuple[Path, Path]) -> None:
    """A write that fails (here: past a file size limit, as on a full disk) names the file and the problem."""
    raw, db = add_home
    source = raw / "2025_report.txt"
    source.write_text(NEW_REPORT, encoding="utf-8")
    manifest_before, db_before = (raw / "manifest.csv").read_bytes(), _sha256(db)
    result = _add_with_a_file_size_limit(source, raw, db, len(manifest_before) + 10, kill=False)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"error: {raw / 'manifest.csv'}: cannot add the file (File too large)"
    )
    assert "Traceback" not in result.stderr
    assert (raw / "manifest.csv").read_bytes() == manifest_before
    assert _sha256(db) == db_before
    assert sorted(p.name for p in raw.iterdir() if p.name.startswith(".")) == []
