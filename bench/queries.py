"""Query latency: every query function of dashboard/db.py, p50/p95, on the real and a synthetic database.

    .venv/bin/python bench/queries.py [--runs 100] [--budget 6] [--only real|1m] [--write-readme]

Each public function of dashboard.db that runs a query is called as a page calls it, with the arguments a
page passes by default (no filter; the latest report year; the first series, zone and document) and, for
functions that take sectors, once more with one sector chosen (what the sector filter sends). Streamlit's
st.cache_data is bypassed (db._query is swapped for the function it wraps), so every call is a cursor,
the DuckDB query and the DataFrame conversion: what a visitor waits for on a cache miss. The connection is
opened once per database, as the app's st.cache_resource does.

Per function and database: one call to warm up, then up to --runs timed calls or --budget seconds,
whichever comes first (at least 3 calls); a call slower than --timeout is interrupted and reported as such.
Goals (issue 5): p95 <= 20 ms on data/lusong.duckdb, <= 100 ms at 1,000,000 facts.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import report  # noqa: E402
import synthetic_db  # noqa: E402

from dashboard import db, i18n  # noqa: E402

GOAL_REAL_S, GOAL_1M_S = 0.020, 0.100
NOT_QUERIES = {"query", "db_path", "connect", "version"}
MIN_RUNS = 3
SEARCH_NEEDLE = "芦淞"  # in every text: the search a visitor is most likely to try, and the largest answer


@dataclass
class Result:
    function: str
    variant: str
    rows: int = 0
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # process CPU time (all DuckDB threads) per call
    error: str | None = None

    @property
    def p50(self) -> float:
        return report.percentile(self.times, 50)

    @property
    def p95(self) -> float:
        return report.percentile(self.times, 95)

    @property
    def cpu50(self) -> float:
        return report.percentile(self.cpu, 50)


class _Connection:
    """The app's read-only connection, remembering the cursor in use so that a watchdog can interrupt it."""

    def __init__(self, path: str) -> None:
        self.con = db.connect(path)  # the app's own way of opening it (threads by table size)
        self.current: duckdb.DuckDBPyConnection | None = None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        self.current = self.con.cursor()
        return self.current

    def interrupt(self) -> None:
        if self.current is not None:
            self.current.interrupt()


class _Holder:
    """Stands in for db._connections(): hands out the benchmark's connection for any path."""

    def __init__(self, connection: _Connection) -> None:
        self.connection = connection

    def get(self, _path: str, _stamp: object) -> _Connection:
        return self.connection


@contextlib.contextmanager
def uncached(path: Path) -> Iterator[_Connection]:
    """dashboard.db reading `path` with st.cache_data bypassed and one plain connection."""
    connection = _Connection(str(path))
    # db.py keeps its connections in st.cache_resource: _connections() (a holder) or _connection(path, stamp)
    if hasattr(db, "_connections"):
        hook, stand_in = "_connections", (lambda: _Holder(connection))
    elif hasattr(db, "_connection"):
        hook, stand_in = "_connection", (lambda _path, _stamp: connection)
    else:
        raise SystemExit(
            "dashboard/db.py has neither _connections() nor _connection(): update bench/queries.py"
        )
    saved = db._query, getattr(db, hook), os.environ.get("LUSONG_DB")
    db._query = db._query.__wrapped__  # the function st.cache_data wraps
    setattr(db, hook, stand_in)
    os.environ["LUSONG_DB"] = str(path)
    try:
        yield connection
    finally:
        db._query = saved[0]
        setattr(db, hook, saved[1])
        if saved[2] is None:
            os.environ.pop("LUSONG_DB", None)
        else:
            os.environ["LUSONG_DB"] = saved[2]
        connection.con.close()


def query_functions() -> dict[str, Callable[..., Any]]:
    """The public functions of dashboard.db that run a query, in source order."""
    found = [
        (inspect.getsourcelines(fn)[1], name, fn)
        for name, fn in inspect.getmembers(db, inspect.isfunction)
        if fn.__module__ == db.__name__ and not name.startswith("_") and name not in NOT_QUERIES
    ]
    return {name: fn for _, name, fn in sorted(found)}


def default_arguments() -> dict[str, Any]:
    """The arguments pages pass by default, read from the database in use (call inside `uncached`)."""
    years = db.report_years()
    with_text = years[years["has_text"]]
    latest = int((with_text if not with_text.empty else years)["report_year"].iloc[0])
    series = db.series_list((), (), None)
    zones = db.zones((), (), None).sort_values("n_facts", ascending=False)
    docs = db.documents()
    top = series.iloc[0]
    return {
        "sectors": (),
        "kinds": (),
        "year": None,
        "report_year": latest,
        "indicators": i18n.headline_indicators(),
        "indicator": top["indicator_id"],
        "measure": top["measure"],
        "unit": top["unit"],
        "zone": zones["zone_id"].iloc[0],
        "doc_id": docs["doc_id"].iloc[0],
        "text": SEARCH_NEEDLE,
    }


def _timed_call(fn: Callable[..., Any], args: dict[str, Any], connection: _Connection, timeout: float):
    watchdog = threading.Timer(timeout, connection.interrupt)
    watchdog.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        frame = fn(**args)
    finally:
        watchdog.cancel()
    return time.perf_counter() - started, time.process_time() - cpu_started, frame


def measure(
    name: str, fn: Callable[..., Any], variant: str, args: dict[str, Any], connection: _Connection, opts
) -> Result:
    result = Result(name, variant)
    try:
        _, _, frame = _timed_call(fn, args, connection, opts.timeout)  # warm-up
        result.rows = len(frame)
        deadline = time.perf_counter() + opts.budget
        while len(result.times) < opts.runs and (
            len(result.times) < MIN_RUNS or time.perf_counter() < deadline
        ):
            elapsed, cpu, _ = _timed_call(fn, args, connection, opts.timeout)
            result.times.append(elapsed)
            result.cpu.append(cpu)
    except duckdb.InterruptException:
        result.error = f"> {opts.timeout:.0f} s (interrupted)"
    except Exception as exc:  # a benchmark reports a broken query and goes on with the others
        result.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:80]}"
    return result


def run_database(path: Path, opts) -> list[Result]:
    results = []
    with uncached(path) as connection:
        defaults = default_arguments()
        sector = db.sectors()["sector_id"].iloc[0]
        for name, fn in query_functions().items():
            if opts.functions and name not in opts.functions:
                continue
            signature = inspect.signature(fn).parameters
            params = [p for p in signature if p in defaults]  # the others keep the function's own default
            unknown = [
                p for p, v in signature.items() if p not in defaults and v.default is inspect.Parameter.empty
            ]
            if unknown:
                results.append(Result(name, "—", error=f"no default for {', '.join(unknown)}"))
                continue
            args = {p: defaults[p] for p in params}
            variants = [("default", args)]
            if "sectors" in params:
                variants.append((f"sector={sector}", {**args, "sectors": (sector,)}))
            for variant, variant_args in variants:
                result = measure(name, fn, variant, variant_args, connection, opts)
                results.append(result)
                status = result.error or (
                    f"p50 {report.ms(result.p50)}, p95 {report.ms(result.p95)}, cpu {report.ms(result.cpu50)}"
                )
                print(f"  {name:18} {variant:18} {len(result.times):4} runs  {status}", flush=True)
    return results


def _cell(result: Result | None, goal: float) -> tuple[str, ...]:
    if result is None:
        return "—", "—", "—", "—", "—"
    if result.error:
        return str(result.rows or "—"), result.error, "", "", ""
    mark = "✓" if result.p95 <= goal else "✗"
    p95 = f"{report.ms(result.p95)} {mark}"
    return str(result.rows), report.ms(result.p50), p95, report.ms(result.cpu50), str(len(result.times))


def render(real: list[Result], big: list[Result], big_label: str) -> str:
    keyed = {(r.function, r.variant): r for r in big}
    rows = []
    for r in real or big:
        b = keyed.get((r.function, r.variant))
        rows.append([r.function, r.variant, *_cell(r if real else None, GOAL_REAL_S), *_cell(b, GOAL_1M_S)])
    big = big_label
    headers = ["function", "arguments", "rows", "real p50", "real p95 (≤20 ms)", "cpu p50", "n",
               f"{big} rows", f"{big} p50", f"{big} p95 (≤100 ms)", "cpu p50", "n"]  # fmt: skip
    return report.table(headers, rows)


def summary(results: list[Result], goal: float) -> str:
    timed = [r for r in results if not r.error]
    met = sum(r.p95 <= goal for r in timed)
    return f"{met}/{len(results)} within {goal * 1000:.0f} ms p95"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=100, help="timed calls per function (default 100)")
    parser.add_argument("--budget", type=float, default=6.0, help="seconds per function before stopping")
    parser.add_argument("--timeout", type=float, default=10.0, help="interrupt a call after this many s")
    parser.add_argument("--only", choices=("real", "1m"), help="one database only")
    parser.add_argument(
        "--functions", type=lambda s: s.split(","), help="comma-separated names (default all)"
    )
    parser.add_argument("--synthetic", type=Path, default=synthetic_db.DEFAULT_PATH)
    parser.add_argument("--write-readme", action="store_true", help="put the results into bench/README.md")
    opts = parser.parse_args(argv)
    if opts.functions and opts.write_readme:
        parser.error("--write-readme takes the whole table: not with --functions")
    logging.getLogger("streamlit").setLevel(logging.ERROR)

    real: list[Result] = []
    big: list[Result] = []
    if opts.only != "1m":
        print(f"real database {db.DEFAULT_DB.relative_to(ROOT)}:", flush=True)
        real = run_database(db.DEFAULT_DB, opts)
    if opts.only != "real":
        path = synthetic_db.ensure(opts.synthetic)
        print(f"synthetic database {path.name} ({synthetic_db.describe(path)}):", flush=True)
        big = run_database(path, opts)

    big_label = "1M"
    text = render(real, big, big_label)
    lines = [
        "### Query latency",
        "",
        f"Taken {report.machine()}.",
        f"`bench/queries.py --runs {opts.runs} --budget {opts.budget:g}`: each query function of "
        "dashboard/db.py called with st.cache_data bypassed (cursor + DuckDB + DataFrame), after one "
        "warm-up call; n = timed calls (fewer than --runs when the per-function budget ran out); "
        "cpu = process CPU time per call (all DuckDB threads), which the other jobs on the machine "
        "inflate less than the wall-clock times.",
    ]
    if real:
        lines.append(f"Real database: {synthetic_db.describe(db.DEFAULT_DB)}; {summary(real, GOAL_REAL_S)}.")
    if big:
        lines.append(f"Synthetic: {synthetic_db.describe(opts.synthetic)}; {summary(big, GOAL_1M_S)}.")
    body = "\n".join([*lines, "", text])
    print()
    print(body)
    if opts.write_readme:
        report.write_section("queries", body)
    else:
        report.OUT.mkdir(parents=True, exist_ok=True)
        (report.OUT / "queries.md").write_text(body + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
