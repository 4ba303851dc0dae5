"""The derived tables, filled from the others when the database is built (and by bench/synthetic_db.py) so
that no dashboard query has to compute them: each is the result of its etl/<table>.sql, and `etl check`
recomputes and compares every one.

- series: every indicator, measure and unit of the facts, numbered (fact_details.series_key);
- fact_details, entity_details: the facts and entities with their document's, indicator's and sector's
  fields, so that a page reads one table instead of joining four;
- goal_status: every target and plan judged against the actual facts once (etl/goal_status.sql says how);
- text_bigrams: the bigram index of the document texts, for the document search.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

SQL = {
    table: Path(__file__).with_name(f"{table}.sql").read_text(encoding="utf-8")
    for table in ("series", "fact_details", "entity_details", "goal_status", "text_bigrams")
}


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """Fill every derived table from the base tables, in order (fact_details reads series, goal_status reads
    fact_details); each is emptied first, so a changed copy can be derived again."""
    for table, sql in SQL.items():  # the project's own table names and SQL, no input
        con.execute(f"DELETE FROM {table}")  # noqa: S608
        con.execute(f"INSERT INTO {table} BY NAME ({sql})")
