"""The database contract as queries that select the violating rows: zero rows means the check passes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.catalog import Catalog
from etl.derived import SQL as DERIVED_SQL

SCHEMA_PATH = Path(__file__).with_name("schema.sql")
# The codes of entities.type and entities.status (etl/schema.sql).
ENTITY_TYPES = ("project", "place", "enterprise", "event", "programme", "brand", "award", "institution")
ENTITY_STATUSES = ("planned", "started", "completed", "in_production", "opened", "in_operation", "awarded")
FIRST_YEAR, LAST_YEAR = 1949, 2100
SAMPLE_ROWS = 5


@dataclass(frozen=True)
class Check:
    name: str
    sql: str  # selects the rows that violate the contract
    params: dict[str, object]


@dataclass(frozen=True)
class Violation:
    check: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]

    def describe(self) -> str:
        sample = "\n".join(
            f"    {dict(zip(self.columns, row, strict=True))}" for row in self.rows[:SAMPLE_ROWS]
        )
        more = f"\n    … and {len(self.rows) - SAMPLE_ROWS} more" if len(self.rows) > SAMPLE_ROWS else ""
        return f"{self.check}: {len(self.rows)} violating row(s)\n{sample}{more}"


def expected_columns(schema_sql: str) -> list[tuple[str, str]]:
    """(table, column) for every column of the contract, read from schema.sql."""
    with duckdb.connect() as con:
        con.execute(schema_sql)
        return con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "ORDER BY table_name, ordinal_position"
        ).fetchall()


def _set_checks(catalog: Catalog) -> list[Check]:
    sector_ids = [sector.id for sector in catalog.sectors]
    zone_ids = [zone.id for zone in catalog.zones]
    return [
        Check(
            "sectors are exactly the catalog's",
            "SELECT 'extra' AS problem, sector_id FROM sectors WHERE NOT list_contains($ids, sector_id) "
            "UNION ALL SELECT 'missing', id FROM unnest($ids) AS t(id) "
            "WHERE id NOT IN (SELECT sector_id FROM sectors)",
            {"ids": sector_ids},
        ),
        Check(
            "zones are exactly the catalog's",
            "SELECT 'extra' AS problem, zone_id FROM zones WHERE NOT list_contains($ids, zone_id) "
            "UNION ALL SELECT 'missing', id FROM unnest($ids) AS t(id) "
            "WHERE id NOT IN (SELECT zone_id FROM zones)",
            {"ids": zone_ids},
        ),
        Check(
            "units are the catalog's",
            "SELECT 'extra' AS problem, unit_id FROM units WHERE NOT list_contains($ids, unit_id) "
            "UNION ALL SELECT 'missing', id FROM unnest($ids) AS t(id) "
            "WHERE id NOT IN (SELECT unit_id FROM units)",
            {"ids": [unit.id for unit in catalog.units]},
        ),
        Check(
            "every catalog indicator is present and not generated",
            "SELECT id FROM unnest($ids) AS t(id) "
            "WHERE id NOT IN (SELECT indicator_id FROM indicators WHERE NOT is_generated)",
            {"ids": [indicator.id for indicator in catalog.indicators]},
        ),
    ]


def _reference_checks() -> list[Check]:
    references = [
        ("facts", "fact_id", "doc_id", "documents"),
        ("facts", "fact_id", "indicator_id", "indicators"),
        ("facts", "fact_id", "sector_id", "sectors"),
        ("facts", "fact_id", "zone_id", "zones"),
        ("facts", "fact_id", "unit", "units"),
        ("indicators", "indicator_id", "sector_id", "sectors"),
        ("indicators", "indicator_id", "unit", "units"),
        ("entities", "entity_id", "doc_id", "documents"),
        ("entities", "entity_id", "sector_id", "sectors"),
        ("entities", "entity_id", "zone_id", "zones"),
    ]
    return [_reference_check(*reference) for reference in references]


def _reference_check(table: str, key: str, column: str, parent: str) -> Check:
    # Identifiers come from the constant list above, never from input: this is not injectable.
    parent_key = {
        "documents": "doc_id",
        "indicators": "indicator_id",
        "sectors": "sector_id",
        "zones": "zone_id",
        "units": "unit_id",
    }[parent]
    sql = (
        f"SELECT {key}, {column} FROM {table} "  # noqa: S608
        f"WHERE {column} IS NOT NULL AND {column} NOT IN (SELECT {parent_key} FROM {parent})"
    )
    return Check(f"{table}.{column} refers to {parent}", sql, {})


def _code_checks(catalog: Catalog) -> list[Check]:
    return [
        Check(
            "facts.kind is a catalog kind",
            "SELECT fact_id, kind FROM facts WHERE NOT list_contains($ids, kind)",
            {"ids": [kind.id for kind in catalog.kinds]},
        ),
        Check(
            "facts.measure is a catalog measure",
            "SELECT fact_id, measure FROM facts WHERE NOT list_contains($ids, measure)",
            {"ids": [measure.id for measure in catalog.measures]},
        ),
        Check(
            "facts.qualifier is a catalog qualifier",
            "SELECT fact_id, qualifier FROM facts "
            "WHERE qualifier IS NOT NULL AND NOT list_contains($ids, qualifier)",
            {"ids": [qualifier.id for qualifier in catalog.qualifiers]},
        ),
        Check(
            "growth and change facts carry percent and pct_point",
            "SELECT fact_id, measure, unit FROM facts "
            "WHERE (measure = 'growth_pct' AND unit <> 'percent') "
            "OR (measure = 'change_pp' AND unit <> 'pct_point')",
            {},
        ),
        Check(
            "entities.type is a known entity type",
            "SELECT entity_id, type FROM entities WHERE NOT list_contains($types, type)",
            {"types": list(ENTITY_TYPES)},
        ),
        Check(
            "entities.status is a known status",
            "SELECT entity_id, status FROM entities "
            "WHERE status IS NOT NULL AND NOT list_contains($statuses, status)",
            {"statuses": list(ENTITY_STATUSES)},
        ),
    ]


# documents.text[char_start:char_end] in Python is substring(text, char_start + 1, char_end - char_start) in
# DuckDB (1-based, counted in code points like Python). Whitespace is ignored when comparing, because a figure
# in the column-laid-out sources may be broken across lines; the plain comparison runs first because it is
# cheap and almost always enough.


def _offset_checks() -> list[Check]:
    return [
        Check(
            "fact offsets are set exactly for documents with text",
            "SELECT f.fact_id, f.doc_id, f.char_start, f.char_end "
            "FROM facts f JOIN documents d USING (doc_id) "
            "WHERE (d.text IS NULL) <> (f.char_start IS NULL) OR (d.text IS NULL) <> (f.char_end IS NULL)",
            {},
        ),
        Check(
            "fact offsets lie inside the text",
            "SELECT f.fact_id, f.char_start, f.char_end, length(d.text) AS text_length "
            "FROM facts f JOIN documents d USING (doc_id) "
            "WHERE f.char_start IS NOT NULL "
            "AND NOT (0 <= f.char_start AND f.char_start < f.char_end AND f.char_end <= length(d.text))",
            {},
        ),
        Check(
            "documents.text[char_start:char_end] contains the fact's value_text",
            "SELECT fact_id, written AS value_text, text_slice FROM ("
            "SELECT f.fact_id, f.value_text AS written, "
            "substring(d.text, f.char_start + 1, f.char_end - f.char_start) AS text_slice "
            "FROM facts f JOIN documents d USING (doc_id) WHERE f.char_start IS NOT NULL) "
            "WHERE NOT contains(text_slice, written) "
            "AND NOT contains(regexp_replace(text_slice, '\\s', '', 'g'), "
            "regexp_replace(written, '\\s', '', 'g'))",
            {},
        ),
        Check(
            "entity offsets lie inside the text",
            "SELECT e.entity_id, e.char_start, e.char_end, length(d.text) AS text_length "
            "FROM entities e JOIN documents d USING (doc_id) "
            "WHERE d.text IS NULL "
            "OR NOT (0 <= e.char_start AND e.char_start < e.char_end AND e.char_end <= length(d.text))",
            {},
        ),
        Check(
            "documents.text[char_start:char_end] contains the entity's name",
            "SELECT entity_id, written AS name_zh, text_slice FROM ("
            "SELECT e.entity_id, e.name_zh AS written, "
            "substring(d.text, e.char_start + 1, e.char_end - e.char_start) AS text_slice "
            "FROM entities e JOIN documents d USING (doc_id)) "
            "WHERE NOT contains(text_slice, written) "
            "AND NOT contains(regexp_replace(text_slice, '\\s', '', 'g'), "
            "regexp_replace(written, '\\s', '', 'g'))",
            {},
        ),
    ]


def _value_checks(catalog: Catalog) -> list[Check]:
    units = list(catalog.unit_ranges)
    return [
        Check(
            "facts have a finite value and a period inside the years",
            "SELECT fact_id, value, period_start, period_end FROM facts "
            "WHERE NOT isfinite(value) OR period_start > period_end "
            "OR period_start < $first OR period_end > $last",
            {"first": FIRST_YEAR, "last": LAST_YEAR},
        ),
        Check(  # extraction leaves such figures out; a fact beyond the range means a bug let one through
            "facts have a value within the plausible range of their unit (etl/catalog.yaml)",
            "SELECT f.fact_id, f.value, f.unit, r.low, r.high FROM facts f "
            "JOIN (SELECT unnest($units) AS unit, unnest($lows) AS low, unnest($highs) AS high) r "
            "ON f.unit = r.unit WHERE isfinite(f.value) AND NOT f.value BETWEEN r.low AND r.high",
            {
                "units": units,
                "lows": [catalog.unit_ranges[unit][0] for unit in units],
                "highs": [catalog.unit_ranges[unit][1] for unit in units],
            },
        ),
        Check(
            "facts have a value_text and a quote",
            "SELECT fact_id FROM facts WHERE trim(value_text) = '' OR trim(quote) = ''",
            {},
        ),
        Check(
            "documents with text have the sha256 of their bytes, cited sources have neither",
            "SELECT doc_id, sha256 FROM documents "
            "WHERE (text IS NULL) <> (sha256 IS NULL) "
            "OR NOT regexp_full_match(coalesce(sha256, repeat('0', 64)), '[0-9a-f]{64}') "
            "OR trim(source_type) = '' OR trim(region) = ''",
            {},
        ),
        Check(
            "zones have a WGS-84 anchor and an outline unless schematic",
            "SELECT zone_id, lat, lon, is_schematic FROM zones "
            "WHERE lat IS NULL OR lon IS NULL OR NOT lat BETWEEN -90 AND 90 OR NOT lon BETWEEN -180 AND 180 "
            "OR (NOT is_schematic AND geometry_geojson IS NULL) OR anchor_zh IS NULL OR anchor_en IS NULL",
            {},
        ),
        Check(
            "the district boundary is present as GeoJSON",
            "SELECT 'lusong_district' AS boundary_id WHERE NOT EXISTS (SELECT 1 FROM boundaries "
            "WHERE boundary_id = 'lusong_district' AND json_valid(geometry_geojson) "
            "AND json_extract_string(geometry_geojson, '$.type') IN ('Polygon', 'MultiPolygon'))",
            {},
        ),
        Check(
            "the latest etl run counts what the tables hold",
            "SELECT r.run_id, r.n_documents, r.n_facts, r.n_entities FROM (SELECT 1) "
            "LEFT JOIN (SELECT * FROM etl_runs ORDER BY finished_at DESC LIMIT 1) r ON TRUE "
            "WHERE r.run_id IS NULL OR r.n_documents <> (SELECT count(*) FROM documents) "
            "OR r.n_facts <> (SELECT count(*) FROM facts) OR r.n_entities <> (SELECT count(*) FROM entities)",
            {},
        ),
    ]


# The columns of goal_status the ETL computes but list_order (one goal of an unknown kind would shift it for
# every later goal); the others are copies of the goal's fact, written with it.
JUDGEMENT = (
    "fact_id, region, report_year, sector_id, kind, final_value, final_fact_id, latest_value, "
    "latest_qualifier, latest_year, status"
)


# The derived tables checked whole (every column, every row), with what they hold.
DERIVED_COPIES = {
    "series": "every indicator, measure and unit of the facts",
    "fact_details": "every fact with its names",
    "entity_details": "every entity with its names",
    "text_bigrams": "the bigrams of every text",
}


def _derived_checks(catalog: Catalog) -> list[Check]:
    # A stale or corrupted judgement: rows stored but not judged so now, or judged but not stored. Whether a
    # fact of an unknown kind is a goal cannot be told: that fact is the kind check's, not this one's. The
    # copied columns are left to the checks of the facts they copy (one breach, one violation).
    return [
        Check(
            "goal_status holds every target and plan as etl/goal_status.sql judges it",
            f"WITH judged AS (SELECT {JUDGEMENT} FROM ({DERIVED_SQL['goal_status']})), "  # noqa: S608 (own SQL)
            f"stored AS (SELECT {JUDGEMENT} FROM goal_status WHERE fact_id NOT IN "
            "(SELECT fact_id FROM facts WHERE NOT list_contains($kinds, kind))) "
            "SELECT 'stored, not judged' AS problem, * FROM (FROM stored EXCEPT ALL FROM judged) "
            "UNION ALL SELECT 'judged, not stored', * FROM (FROM judged EXCEPT ALL FROM stored)",
            {"kinds": [kind.id for kind in catalog.kinds]},
        ),
        *(
            Check(
                f"{table} holds {rows} as etl/{table}.sql derives it",
                f"WITH derived AS ({DERIVED_SQL[table]}) "  # noqa: S608 (the project's own SQL, no input)
                f"SELECT 'stored, not derived' AS problem, * FROM (FROM {table} EXCEPT ALL FROM derived) "
                f"UNION ALL SELECT 'derived, not stored', * FROM (FROM derived EXCEPT ALL FROM {table})",
                {},
            )
            for table, rows in DERIVED_COPIES.items()
        ),
    ]


def contract_checks(catalog: Catalog) -> list[Check]:
    return [
        *_set_checks(catalog),
        *_reference_checks(),
        *_code_checks(catalog),
        *_offset_checks(),
        *_value_checks(catalog),
        *_derived_checks(catalog),
    ]


def missing_columns(con: duckdb.DuckDBPyConnection, schema_sql: str) -> Violation | None:
    expected = expected_columns(schema_sql)
    present = set(con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall())
    missing = tuple(pair for pair in expected if pair not in present)
    return Violation("required tables and columns exist", ("table", "column"), missing) if missing else None


def find_violations(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> list[Violation]:
    """Every contract violation in the database; an empty list when it meets the contract."""
    schema_violation = missing_columns(con, SCHEMA_PATH.read_text(encoding="utf-8"))
    if schema_violation:
        return [schema_violation]  # the other checks would fail on the missing columns
    violations = []
    for check in contract_checks(catalog):
        cursor = con.execute(check.sql, check.params)
        rows = tuple(cursor.fetchall())
        if rows:
            columns = tuple(column[0] for column in cursor.description)
            violations.append(Violation(check.name, columns, rows))
    return violations
