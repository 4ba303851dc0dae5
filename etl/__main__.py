"""python -m etl build|check|add — the command line of the ETL.

Input problems are reported as `error: <file>: <problem>` lines on stderr with exit code 1, never as a
traceback; the previous database stays in place.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb

from etl.build import BuildSummary, InputErrors, build
from etl.catalog import load_catalog
from etl.check import find_violations
from etl.load import ContractError, write_file_atomically
from etl.read import (
    DOCUMENT_SUFFIXES,
    MANIFEST_COLUMNS,
    MANIFEST_NAME,
    InputError,
    decode_text,
    parse_manifest_row,
    read_text,
)

# The repository's data directory, wherever the command is run from.
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
DEFAULT_RAW = DATA_DIR / "raw"
DEFAULT_DB = DATA_DIR / "lusong.duckdb"
EXIT_OK, EXIT_FAILED = 0, 1  # argparse exits with 2 on usage errors


def _error(file: object, problem: str) -> None:
    print(f"error: {file}: {problem}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Build and check data/lusong.duckdb.")
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="read data/raw, extract, write the database atomically")
    _add_build_options(build_command)
    check_command = commands.add_parser("check", help="check the database against the contract")
    check_command.add_argument("--db", type=Path, default=DEFAULT_DB)
    add_command = commands.add_parser("add", help="add a report to data/raw and the manifest, then rebuild")
    add_command.add_argument(
        "file", type=Path, help="the report (.txt or .html); its name becomes source_file"
    )
    add_command.add_argument("--title", required=True)
    add_command.add_argument("--meeting-date", required=True, help="YYYY-MM-DD")
    add_command.add_argument(
        "--report-year", help="the year the report plans for (default: the meeting's year)"
    )
    add_command.add_argument("--publisher")
    add_command.add_argument("--meeting")
    add_command.add_argument("--source-type", help="e.g. work_report, news_report (default: news_report)")
    add_command.add_argument("--region", help="default: 芦淞区")
    _add_build_options(add_command)
    report_command = commands.add_parser(
        "report", help="every number of each document: part of a fact or an entity, or why it is not a fact"
    )
    report_command.add_argument("--doc", action="append", default=[], help="doc_id or file name (repeatable)")
    report_source = report_command.add_mutually_exclusive_group()
    report_source.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="extract from this directory")
    report_source.add_argument("--db", type=Path, help="read texts, facts and entities of a built database")
    report_command.add_argument("--summary", action="store_true", help="only the counts, not every number")
    return parser


def _add_build_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="input directory (default: data/raw)")
    command.add_argument("--db", type=Path, default=DEFAULT_DB, help="database (default: data/lusong.duckdb)")
    command.add_argument(
        "--skip-invalid", action="store_true", help="leave out invalid files instead of stopping"
    )
    command.add_argument(
        "--jobs", type=int, help="extraction processes for large corpora (default: one per CPU)"
    )


def run_build(raw_dir: Path, db_path: Path, skip_invalid: bool, jobs: int | None = None) -> int:
    try:
        summary = build(raw_dir, db_path, skip_invalid=skip_invalid, jobs=jobs)
    except InputErrors as errors:
        for problem in errors.problems:
            _error(problem.file, problem.problem)
        print(
            f"build stopped: {len(errors.problems)} input problem(s); {db_path} is unchanged "
            "(--skip-invalid builds without the files named)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    except ContractError as error:
        _error(
            db_path, "the new database breaks the contract and was not installed; the old one is unchanged"
        )
        for violation in error.violations:
            print(violation.describe(), file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:  # read-only directory, full disk, missing directory
        reason = error.strerror or str(error)
        _error(db_path, f"cannot write the database ({reason}); the previous one is unchanged")
        return EXIT_FAILED
    _report(summary)
    return EXIT_OK


def _report(summary: BuildSummary) -> None:
    for problem in summary.skipped:
        print(f"warning: {problem.file}: {problem.problem} (skipped)", file=sys.stderr)
    for problem in summary.warnings:
        print(f"warning: {problem.file}: {problem.problem}", file=sys.stderr)
    print(summary.line())


def run_check(db_path: Path) -> int:
    if not db_path.is_file():
        _error(db_path, "database not found (build it with: python -m etl build)")
        return EXIT_FAILED
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            violations = find_violations(con, load_catalog())
    except duckdb.Error as error:
        _error(db_path, f"cannot read the database: {error}")
        return EXIT_FAILED
    for violation in violations:
        print(violation.describe())
    if violations:
        print(f"{db_path}: {len(violations)} contract check(s) failed", file=sys.stderr)
        return EXIT_FAILED
    print(f"{db_path}: meets the contract")
    return EXIT_OK


def manifest_row(args: argparse.Namespace) -> dict[str, str]:
    """The manifest row for `add`, validated like every other row."""
    row = {
        "file": args.file.name,
        "title": args.title,
        "publisher": args.publisher or "",
        "meeting": args.meeting or "",
        "meeting_date": args.meeting_date,
        "report_year": args.report_year or "",
        "region": args.region or "",
        "source_type": args.source_type or "",
    }
    entry = parse_manifest_row(row, line=0, where="the new manifest row")
    # an annual report reviews the year before the one it plans for
    row["report_year"], row["reviews"], row["plans"] = (
        str(entry.report_year),
        str(entry.report_year - 1),
        str(entry.report_year),
    )
    return row


def _manifest_with_columns(data: bytes, columns: Sequence[str]) -> bytes:
    """The manifest with `columns` added to its header (blank in the existing rows) where missing."""
    rows = list(csv.reader(io.StringIO(decode_text(data, MANIFEST_NAME)))) if data.strip() else []
    header = rows[0] if rows else list(MANIFEST_COLUMNS)
    added = [column for column in columns if column not in header]
    if not added and rows:
        return data
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*header, *added])
    writer.writerows([*row, *([""] * len(added))] for row in rows[1:])
    return out.getvalue().encode("utf-8")


def append_to_manifest(manifest: Path, row: dict[str, str]) -> None:
    """Append `row` to the manifest with the csv module, adding region/source_type columns only if used."""
    data = manifest.read_bytes() if manifest.is_file() else b""
    used_optional = [column for column in ("region", "source_type") if row.get(column)]
    data = _manifest_with_columns(data, used_optional)
    header = next(csv.reader(io.StringIO(decode_text(data, MANIFEST_NAME))))
    out = io.StringIO()
    line_end = "\r\n" if b"\r\n" in data else "\n"
    csv.writer(out, lineterminator=line_end).writerow([row.get(column, "") for column in header])
    separator = b"" if data.endswith(b"\n") else line_end.encode()
    write_file_atomically(manifest, data + separator + out.getvalue().encode("utf-8"))


def _listed_files(manifest: Path) -> set[str]:
    if not manifest.is_file():
        return set()
    rows = csv.DictReader(io.StringIO(decode_text(manifest.read_bytes(), MANIFEST_NAME)))
    return {(row.get("file") or "").strip() for row in rows}


def _check_new_file(source: Path, raw_dir: Path) -> None:
    """Refuse a file that is missing, of the wrong type, unreadable, or whose name is taken."""
    if not source.is_file():
        raise InputError(str(source), "file not found")
    if source.suffix.lower() not in DOCUMENT_SUFFIXES:
        raise InputError(source.name, f"unsupported file type {source.suffix!r} (expected .txt or .html)")
    if source.name in _listed_files(raw_dir / MANIFEST_NAME):
        raise InputError(
            source.name, f"{MANIFEST_NAME} already lists a file of that name; rename the new file"
        )
    target = raw_dir / source.name
    if target.exists() and not _same_file(source, target):
        raise InputError(
            source.name, f"a different file of that name is already in {raw_dir}; rename the new file"
        )
    read_text(source, source.read_bytes())  # empty, binary or undecodable files are refused before copying


def _same_file(first: Path, second: Path) -> bool:
    return first.resolve() == second.resolve()


def run_add(args: argparse.Namespace) -> int:
    raw_dir: Path = args.raw
    manifest = raw_dir / MANIFEST_NAME
    try:
        _check_new_file(args.file, raw_dir)
        row = manifest_row(args)
    except InputError as problem:
        _error(problem.file, problem.problem)
        return EXIT_FAILED
    manifest_before = manifest.read_bytes() if manifest.is_file() else None
    target = raw_dir / args.file.name
    copied = not target.exists()  # a file already in raw_dir (the same file) only gets its manifest row
    try:
        if copied:  # whole or not at all: a killed copy must not leave half a report under its real name
            write_file_atomically(target, args.file.read_bytes())
        append_to_manifest(manifest, row)
    except OSError as error:
        _undo_add(target if copied else None, manifest, manifest_before)
        _error(error.filename or raw_dir, f"cannot add the file ({error.strerror or error})")
        return EXIT_FAILED
    status = run_build(raw_dir, args.db, args.skip_invalid, args.jobs)
    if status != EXIT_OK:
        _undo_add(target if copied else None, manifest, manifest_before)
        print(f"{args.file.name} was not added; {raw_dir} is as it was", file=sys.stderr)
    return status


def _undo_add(copied: Path | None, manifest: Path, manifest_before: bytes | None) -> None:
    if copied is not None:
        copied.unlink(missing_ok=True)
    if (manifest.read_bytes() if manifest.is_file() else None) == manifest_before:
        return  # never changed (the copy failed first): nothing to write, maybe nowhere writable
    if manifest_before is None:
        manifest.unlink(missing_ok=True)
    else:
        write_file_atomically(manifest, manifest_before)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "build":
        return run_build(args.raw, args.db, args.skip_invalid, args.jobs)
    if args.command == "check":
        return run_check(args.db)
    if args.command == "report":
        from etl.report import run_report

        return run_report(args.raw, args.db, args.doc, list_numbers=not args.summary)
    return run_add(args)


if __name__ == "__main__":
    sys.exit(main())
