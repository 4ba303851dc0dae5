"""The only dashboard module that opens DuckDB.

One read-only connection per process and database file (st.cache_resource), reopened when the file
changes, a cursor per query
(a DuckDB connection is not safe to share across Streamlit's threads), and query results cached with
st.cache_data keyed on the file's path, mtime and size: a rebuild (the ETL renames a new file into
place) changes the key, so a running app reads the new file without a restart.

The SQL lives in dashboard/queries/<name>.sql with $named parameters; nothing is ever formatted into it.

Every view is of one place: the queries behind the overview, trends, targets, map and data take `$region`
(HOME_REGION, 芦淞区, unless a caller asks for another), so a neighbouring county's report added with
`python -m etl add` never mixes into them. Only the list of documents (the Sources page) spans every region.
"""

from __future__ import annotations

import os
import threading
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from etl.region import DEFAULT_REGION

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "lusong.duckdb"
QUERIES = Path(__file__).with_name("queries")
HOME_REGION = DEFAULT_REGION  # the place the dashboard is about (documents.region)
TABLE_ROWS = 1000  # rows a table on a page shows (st.dataframe); downloads hold them all

Stamp = tuple[int, int, int]


class DatabaseUnavailable(Exception):
    """The database file is missing or cannot be opened; the message names the file."""

    def __init__(self, path: Path, error: str | None = None) -> None:
        super().__init__(f"{path}: {error or 'missing'}")
        self.path = path
        self.error = error


def db_path() -> Path:
    """The database file, read per call so tests and deployments can point LUSONG_DB elsewhere."""
    return Path(os.environ.get("LUSONG_DB") or DEFAULT_DB)


def _stamp(path: Path) -> Stamp:
    try:
        stat = path.stat()
    except OSError as exc:
        raise DatabaseUnavailable(path) from exc
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


ROW_GROUP_ROWS = 122_880  # rows per DuckDB row group (its default), the unit its scans are split by


def connect(path: str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to `path` with as many DuckDB threads as its largest table can use.

    DuckDB parallelises a scan by row groups of 122,880 rows: a table of one row group is read by one thread
    whatever the setting, and every further thread only adds set-up and synchronisation to each query
    (measured: one thread instead of two cut most queries on the 69 facts of data/lusong.duckdb by 25-35 %,
    while at 1,000,000 facts, 9 row groups, the heavy queries need both cores). So the threads are the row
    groups of the largest table (its row count as stored), at least one and at most DuckDB's default (the
    machine's cores). The app (_Connections) and bench/queries.py both open their connections here.
    """
    connection = duckdb.connect(path, read_only=True)
    try:
        rows, cores = connection.execute(
            "SELECT coalesce(max(estimated_size), 0), current_setting('threads') FROM duckdb_tables()"
        ).fetchone()
        row_groups = -(-int(rows) // ROW_GROUP_ROWS)
        connection.execute("SET threads = $threads", {"threads": max(1, min(int(cores), row_groups))})
    except BaseException:
        connection.close()
        raise
    return connection


class _Connections:
    """One read-only connection per database path, replaced when the file changes.

    The old connection must be closed before the new one opens: DuckDB keeps one database instance per
    path and process, so a second connect() to a renamed-over path would reuse the old file's instance.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[str, tuple[Stamp, duckdb.DuckDBPyConnection]] = {}

    def get(self, path: str, stamp: Stamp) -> duckdb.DuckDBPyConnection:
        with self._lock:
            held = self._held.get(path)
            if held is not None and held[0] == stamp:
                return held[1]
            if held is not None:
                held[1].close()
            connection = connect(path)
            self._held[path] = (stamp, connection)
            return connection


@st.cache_resource(show_spinner=False)
def _connections() -> _Connections:
    return _Connections()


@cache
def _sql(name: str) -> str:
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


def _run(path: str, stamp: Stamp, name: str, params: dict[str, Any]) -> pd.DataFrame:
    try:
        cursor = _connections().get(path, stamp).cursor()
    except duckdb.Error as exc:
        raise DatabaseUnavailable(Path(path), str(exc)) from exc
    try:
        return cursor.execute(_sql(name), params).df()
    finally:
        cursor.close()


_query = st.cache_data(max_entries=512, show_spinner=False)(_run)


def query(name: str, **params: Any) -> pd.DataFrame:
    """Run dashboard/queries/<name>.sql with `params` bound to its $names, cached per database version."""
    return _query(*version(), name, params)


def version() -> tuple[str, Stamp]:
    """The database file and its stamp, for the cache key of what is built from query results: a rebuild
    (a new file renamed into place) changes it."""
    path = db_path()
    return str(path), _stamp(path)


def _table(name: str, limit: int | None, **params: Any) -> pd.DataFrame:
    """The first `limit` rows of a table query, cached; with no limit (a download: every row, made when
    the button is clicked) run uncached, so a million rows are not kept in memory after the download."""
    if limit is not None:
        return query(name, limit=limit, **params)
    path = db_path()
    return _run(str(path), _stamp(path), name, {**params, "limit": None})


def _filters(
    sectors: tuple[str, ...], kinds: tuple[str, ...], year: int | None, region: str
) -> dict[str, Any]:
    return {"sectors": list(sectors), "kinds": list(kinds), "year": year, "region": region}


# --- what the sidebar offers -------------------------------------------------------------------------


def sectors() -> pd.DataFrame:
    """sector_id, name_zh, name_en, n_facts, in catalog order."""
    return query("sectors")


def report_years(region: str = HOME_REGION) -> pd.DataFrame:
    """report_year, has_text: the report years of the documents, newest first."""
    return query("report_years", region=region)


# --- overview ----------------------------------------------------------------------------------------


def headline_facts(
    indicators: tuple[str, ...], sectors: tuple[str, ...], report_year: int, region: str = HOME_REGION
) -> pd.DataFrame:
    """Of the actual and target facts of the headline indicators known by the report of `report_year`, the
    ones kpis.cards can use (at most two per indicator, kind, measure, unit and period): the same cards."""
    return query(
        "headline_facts",
        indicators=list(indicators),
        sectors=list(sectors),
        report_year=report_year,
        region=region,
    )


def facts_by_sector(
    sectors: tuple[str, ...], kinds: tuple[str, ...], year: int | None, region: str = HOME_REGION
) -> pd.DataFrame:
    """sector_id, sector names, kind, n: how many facts each sector has."""
    return query("facts_by_sector", **_filters(sectors, kinds, year, region))


def commitments(
    sectors: tuple[str, ...], kinds: tuple[str, ...], report_year: int, region: str = HOME_REGION
) -> pd.DataFrame:
    """The targets and plans stated in the documents of `report_year`, in text order."""
    return query(
        "commitments", sectors=list(sectors), kinds=list(kinds), report_year=report_year, region=region
    )


# --- trends ------------------------------------------------------------------------------------------


def series_list(
    sectors: tuple[str, ...], kinds: tuple[str, ...], year: int | None, region: str = HOME_REGION
) -> pd.DataFrame:
    """One row per indicator, measure and unit with facts under the filters, the 200 best covered first."""
    return query("series_list", **_filters(sectors, kinds, year, region))


def series_facts(
    indicator: str,
    measure: str,
    unit: str,
    sectors: tuple[str, ...],
    kinds: tuple[str, ...],
    year: int | None,
    region: str = HOME_REGION,
) -> pd.DataFrame:
    """The facts of one indicator, measure and unit, for the actual-vs-target chart: one per period and kind
    (the newest report's)."""
    return query(
        "series_facts",
        indicator=indicator,
        measure=measure,
        unit=unit,
        **_filters(sectors, kinds, year, region),
    )


def multi_year_facts(
    sectors: tuple[str, ...], kinds: tuple[str, ...], year: int | None, region: str = HOME_REGION
) -> pd.DataFrame:
    """Facts whose period spans several years (five-year averages, plan goals)."""
    return query("multi_year_facts", **_filters(sectors, kinds, year, region))


def cluster_goals(sectors: tuple[str, ...], year: int | None, region: str = HOME_REGION) -> pd.DataFrame:
    """The 12 largest industry-cluster size goals (plans in yuan) with the latest actual level of the same
    indicator."""
    return query("cluster_goals", sectors=list(sectors), year=year, region=region)


# --- targets -----------------------------------------------------------------------------------------


def target_counts(
    sectors: tuple[str, ...], kinds: tuple[str, ...], year: int | None, region: str = HOME_REGION
) -> pd.DataFrame:
    """status, n: how many targets and plans under the filters have each status (those with none left out)."""
    return query("target_counts", **_filters(sectors, kinds, year, region))


def targets(
    sectors: tuple[str, ...],
    kinds: tuple[str, ...],
    year: int | None,
    region: str = HOME_REGION,
    statuses: tuple[str, ...] = (),
    needle: str = "",
    limit: int | None = TABLE_ROWS,
) -> pd.DataFrame:
    """The targets and plans with their status judged from actual facts of the same indicator and measure;
    of a status in `statuses` (none: all) and containing `needle` (case-insensitive) in the quote, the
    indicator's names or the value as written; the first `limit`, with n_matching, how many match in all."""
    return _table(
        "targets", limit, statuses=list(statuses), needle=needle, **_filters(sectors, kinds, year, region)
    )


# --- spatial plan ------------------------------------------------------------------------------------


def zones(
    sectors: tuple[str, ...], kinds: tuple[str, ...], year: int | None, region: str = HOME_REGION
) -> pd.DataFrame:
    """The zones with their anchors, their main sector under the filters and how many items they hold."""
    return query("zones", **_filters(sectors, kinds, year, region))


def boundary() -> pd.DataFrame:
    """The district boundary: names, GeoJSON geometry (WGS-84) and source."""
    return query("boundary")


def zone_facts(
    zone: str,
    sectors: tuple[str, ...],
    kinds: tuple[str, ...],
    year: int | None,
    region: str = HOME_REGION,
    limit: int | None = TABLE_ROWS,
) -> pd.DataFrame:
    """The facts of one zone under the filters, latest first: the first `limit` (None: all, uncached)."""
    return _table("zone_facts", limit, zone=zone, **_filters(sectors, kinds, year, region))


def zone_entities(
    zone: str, sectors: tuple[str, ...], year: int | None, region: str = HOME_REGION
) -> pd.DataFrame:
    return query("zone_entities", zone=zone, sectors=list(sectors), year=year, region=region)


# --- sources -----------------------------------------------------------------------------------------


def documents(region: str = HOME_REGION) -> pd.DataFrame:
    """Every document of every region without its text (id, title, publisher, date, report year, type, url,
    region, has_text), those about `region` first."""
    return query("documents", region=region)


def document(doc_id: str) -> pd.DataFrame:
    """One document with its text (zero rows when the id is unknown)."""
    return query("document", doc_id=doc_id)


def document_facts(doc_id: str) -> pd.DataFrame:
    """The facts extracted from one document, with their character offsets, in text order."""
    return query("document_facts", doc_id=doc_id)


def search_documents(text: str) -> pd.DataFrame:
    """doc_id, title, matches: documents whose text contains `text` (case-insensitive)."""
    return query("search_documents", needle=text)


# --- data --------------------------------------------------------------------------------------------


def data_counts(
    sectors: tuple[str, ...], kinds: tuple[str, ...], year: int | None, region: str = HOME_REGION
) -> pd.DataFrame:
    """One row: n_facts, n_indicators, n_documents (with facts) and n_entities under the filters, the totals
    of facts_table and entities_table."""
    return query("data_counts", **_filters(sectors, kinds, year, region))


def facts_table(
    sectors: tuple[str, ...],
    kinds: tuple[str, ...],
    year: int | None,
    region: str = HOME_REGION,
    limit: int | None = TABLE_ROWS,
) -> pd.DataFrame:
    """The facts under the filters with names, document and quote, latest period first: the first `limit`
    (None: all, uncached, for a download)."""
    return _table("facts_table", limit, **_filters(sectors, kinds, year, region))


def entities_table(
    sectors: tuple[str, ...], year: int | None, region: str = HOME_REGION, limit: int | None = TABLE_ROWS
) -> pd.DataFrame:
    """The entities under the filters (an entity with no sector is outside any sector filter): the first
    `limit` (None: all, uncached, for a download)."""
    return _table("entities_table", limit, sectors=list(sectors), year=year, region=region)
