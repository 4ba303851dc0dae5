"""The tables of etl/schema.sql written to a new DuckDB file that replaces the old one only when complete.

The database is built in a temporary file next to the target, checked against the contract, and then moved
over the target with os.replace(): readers never see a half-written file, and a failed build leaves the
previous database untouched.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from etl import derived
from etl.catalog import Catalog
from etl.check import SCHEMA_PATH, Violation, find_violations
from etl.geo import BoundaryRow, ZoneRow
from etl.model import Document, Entity, Fact, Indicator

# Small blocks keep the committed file small: about 0.5 MB instead of 7 MB with DuckDB's default 256 KiB
# blocks, of which each table takes at least a few. Readers take the block size from the file.
BLOCK_SIZE = 16384


class ContractError(Exception):
    """The database built does not meet the contract; it was not installed."""

    def __init__(self, violations: list[Violation]) -> None:
        super().__init__(f"{len(violations)} contract check(s) failed")
        self.violations = violations


@dataclass(frozen=True)
class Run:
    run_id: str
    started_at: dt.datetime
    finished_at: dt.datetime
    n_documents: int
    n_facts: int
    n_entities: int
    input_sha256: str
    code_version: str


@dataclass(frozen=True)
class DatabaseContent:
    documents: Sequence[Document]
    zones: Sequence[ZoneRow]
    boundaries: Sequence[BoundaryRow]
    indicators: Sequence[Indicator]
    facts: Sequence[Fact]
    entities: Sequence[Entity]

    def rows(self, catalog: Catalog, run: Run) -> dict[str, list[dict[str, object]]]:
        """The rows of every table by column name, in an order that respects the foreign keys."""
        return {
            "documents": _dicts(self.documents),
            "sectors": [{"sector_id": s.id, "name_zh": s.zh, "name_en": s.en} for s in catalog.sectors],
            "zones": _dicts(self.zones),
            "boundaries": _dicts(self.boundaries),
            "units": [{"unit_id": u.id, "name_zh": u.zh, "name_en": u.en} for u in catalog.units],
            "indicators": _dicts(self.indicators),
            "facts": _dicts(self.facts),
            "entities": _dicts(self.entities),
            "etl_runs": _dicts([run]),
        }


def _dicts(records: Sequence[object]) -> list[dict[str, object]]:
    """The fields of each record: its __dict__, shallow and not copied (dataclasses.asdict is 50× slower)."""
    return [vars(record) for record in records]


def temporary_path_for(target: Path) -> Path:
    """A fresh file name next to the target (same file system, so os.replace is atomic), naming the
    process that writes it so that a later build can tell a killed build's leftovers."""
    return target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:12]}.tmp")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporary files of builds of `target` whose process is gone (killed mid-build)."""
    prefix = f".{target.name}."
    removed = []
    for path in target.parent.glob(f"{prefix}*.tmp*"):
        pid = path.name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def write_file_atomically(target: Path, data: bytes) -> None:
    """Replace `target` with `data` whole or not at all: write a temporary file next to it, fsync it and
    os.replace() it over the target, so that a kill or a full disk mid-write leaves the old file as it was.

    An OSError names `target` (not the temporary file) and leaves no temporary file behind.
    """
    remove_stale_temporaries(target)
    temporary = temporary_path_for(target)
    try:
        with open(temporary, "xb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except OSError as error:
        raise OSError(error.errno, error.strerror or str(error), str(target)) from error
    finally:
        temporary.unlink(missing_ok=True)
    _sync_directory(target.parent)


def _sync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable (a crash right after os.replace could otherwise undo it)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # e.g. a directory we may write but not read: the rename is done, only not yet synced
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot sync a directory
    finally:
        os.close(descriptor)


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [name for (name,) in rows]


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, object]]) -> None:
    """Insert rows given by column name (keys that are not columns are ignored) in one batch."""
    if not rows:
        return
    columns = _columns(con, table)
    arrow_table = pa.table({column: [row.get(column) for row in rows] for column in columns})
    con.from_arrow(arrow_table).insert_into(table)


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def write_database(target: Path, content: DatabaseContent, catalog: Catalog, run: Run) -> None:
    """Build the database in a temporary file, check it, and move it over `target`.

    Raises ContractError when the new database breaks the contract (a key or a check), OSError when the
    directory cannot be written (read-only, full, missing); in both cases `target` is left as it was.
    """
    remove_stale_temporaries(target)
    temporary = temporary_path_for(target)
    try:
        _write_checked(temporary, content, catalog, run)
        os.replace(temporary, target)
    except duckdb.ConstraintException as error:
        violation = Violation("primary and foreign keys hold", ("error",), ((str(error),),))
        raise ContractError([violation]) from None
    # a full disk fails the checkpoint fatally, or the commit of the derived tables' write-ahead log
    except (duckdb.IOException, duckdb.FatalException, duckdb.TransactionException) as error:
        raise OSError(errno.EIO, str(error), str(temporary)) from None
    finally:
        _remove(temporary)


def _write_checked(path: Path, content: DatabaseContent, catalog: Catalog, run: Run) -> None:
    with duckdb.connect(str(path), config={"default_block_size": str(BLOCK_SIZE)}) as con:
        con.execute("SET enable_progress_bar = false")  # the checks of a large build would draw one
        con.execute(SCHEMA_PATH.read_text(encoding="utf-8"))
        for table, rows in content.rows(catalog, run).items():
            insert_rows(con, table, rows)
        derived.derive(con)
        violations = find_violations(con, catalog)
        if violations:
            raise ContractError(violations)
        con.execute("CHECKPOINT")
