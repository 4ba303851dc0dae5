"""The table goal_status: every target and plan judged against the actual facts once, when the database is
built (etl/goal_status.sql), instead of on every dashboard query."""

from __future__ import annotations

from pathlib import Path

import duckdb

JUDGED_SQL = Path(__file__).with_name("goal_status.sql").read_text(encoding="utf-8")


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """Fill goal_status from facts and documents (emptied first, so a changed copy can be judged again)."""
    con.execute("DELETE FROM goal_status")
    con.execute(f"INSERT INTO goal_status BY NAME ({JUDGED_SQL})")  # the project's own SQL, no input
