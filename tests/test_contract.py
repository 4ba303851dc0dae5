"""The database contract: the built and the committed database meet it, and every check catches its breach."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from etl import derived
from etl.build import build
from etl.catalog import load_catalog
from etl.check import SCHEMA_PATH, expected_columns, find_violations

ROOT = Path(__file__).resolve().parents[1]
COMMITTED_DB = ROOT / "data" / "lusong.duckdb"
SECTOR_IDS = [
    "agriculture",
    "apparel",
    "aviation",
    "business_environment",
    "culture_tourism",
    "economy",
    "education",
    "employment_social",
    "environment",
    "governance",
    "health",
    "innovation",
    "new_materials",
    "urban_development",
]
ZONE_IDS = ["apparel_city", "aviation_city", "cbd", "fengxi_new_city", "jingcheng_eco_city"]


@pytest.fixture(scope="module")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("contract") / "lusong.duckdb"
    build(ROOT / "data" / "raw", path, progress=False)
    return path


@pytest.fixture
def db_copy(built_db: Path, tmp_path: Path) -> Path:
    return Path(shutil.copyfile(built_db, tmp_path / "copy.duckdb"))


def _violated_checks(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [violation.check for violation in find_violations(con, load_catalog())]


def test_the_built_database_meets_the_contract(built_db: Path) -> None:
    assert _violated_checks(built_db) == []


def test_the_committed_database_meets_the_contract() -> None:
    assert _violated_checks(COMMITTED_DB) == []


@pytest.mark.parametrize("db_name", ["built", "committed"])
def test_exactly_the_fourteen_sectors_and_five_zones(built_db: Path, db_name: str) -> None:
    db = built_db if db_name == "built" else COMMITTED_DB
    with duckdb.connect(str(db), read_only=True) as con:
        assert [
            r[0] for r in con.execute("SELECT sector_id FROM sectors ORDER BY 1").fetchall()
        ] == SECTOR_IDS
        assert [r[0] for r in con.execute("SELECT zone_id FROM zones ORDER BY 1").fetchall()] == ZONE_IDS
        assert con.execute(
            "SELECT count(*) FROM boundaries WHERE boundary_id = 'lusong_district'"
        ).fetchone() == (1,)


def test_every_fact_slice_holds_its_figure_in_python(built_db: Path) -> None:
    """The same rule as the SQL check, with Python slicing: text[char_start:char_end] contains value_text."""
    with duckdb.connect(str(built_db), read_only=True) as con:
        rows = con.execute(
            "SELECT d.text, f.char_start, f.char_end, f.value_text "
            "FROM facts f JOIN documents d USING (doc_id) "
            "WHERE f.char_start IS NOT NULL"
        ).fetchall()
    assert len(rows) > 30
    for text, start, end, value_text in rows:
        assert re.sub(r"\s", "", value_text) in re.sub(r"\s", "", text[start:end])


def test_the_expected_columns_come_from_schema_sql() -> None:
    columns = expected_columns(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert ("facts", "char_start") in columns and ("zones", "is_schematic") in columns
    assert len(columns) == 12 + 3 + 11 + 5 + 3 + 6 + 16 + 10 + 7 + 29 + 15 + 27 + 3 + 8


GOAL_STATUS_CHECK = "goal_status holds every target and plan as etl/goal_status.sql judges it"
FACT_DETAILS_CHECK = "fact_details holds every fact with its names as etl/fact_details.sql derives it"
ENTITY_DETAILS_CHECK = "entity_details holds every entity with its names as etl/entity_details.sql derives it"
SERIES_CHECK = "series holds every indicator, measure and unit of the facts as etl/series.sql derives it"
BIGRAMS_CHECK = "text_bigrams holds the bigrams of every text as etl/text_bigrams.sql derives it"
COLUMNS_CHECK = "required tables and columns exist"
# A breach of a base table is derived again before the checks run, as a build would derive it from the broken
# rows (each breach is then one check's); these checks are of breaches that must not be (a derived table
# edited or left stale, a dropped column).
NOT_DERIVED_AGAIN = (
    GOAL_STATUS_CHECK, FACT_DETAILS_CHECK, ENTITY_DETAILS_CHECK, SERIES_CHECK, BIGRAMS_CHECK, COLUMNS_CHECK
)
# (a change that breaks the contract, the check that must catch it, or the checks in the order they run)
BREACHES = [
    ("INSERT INTO sectors VALUES ('finance', '金融', 'Finance')", "sectors are exactly the catalog's"),
    (
        "INSERT INTO zones (zone_id, name_zh, name_en, description_zh, description_en, lat, lon, anchor_zh, "
        "anchor_en, is_schematic) VALUES ('port', '港', 'Port', '-', '-', 27.8, 113.1, 'a', 'a', TRUE)",
        "zones are exactly the catalog's",
    ),
    ("INSERT INTO units VALUES ('furlong', '浪', 'furlong')", "units are the catalog's"),
    (
        "UPDATE indicators SET is_generated = TRUE WHERE indicator_id = 'gdp'",
        "every catalog indicator is present and not generated",
    ),
    (
        "UPDATE facts SET kind = 'hope' WHERE fact_id = (SELECT min(fact_id) FROM facts)",
        "facts.kind is a catalog kind",
    ),
    (
        "UPDATE facts SET measure = 'vibe' WHERE fact_id = (SELECT min(fact_id) FROM facts)",
        "facts.measure is a catalog measure",
    ),
    (
        "UPDATE facts SET qualifier = 'roughly' WHERE fact_id = (SELECT min(fact_id) FROM facts)",
        "facts.qualifier is a catalog qualifier",
    ),
    (
        "UPDATE facts SET measure = 'growth_pct', unit = 'yuan' "
        "WHERE fact_id = (SELECT min(fact_id) FROM facts WHERE unit = 'yuan')",
        "growth and change facts carry percent and pct_point",
    ),
    (
        "UPDATE entities SET type = 'thing' WHERE entity_id = (SELECT min(entity_id) FROM entities)",
        "entities.type is a known entity type",
    ),
    (
        "UPDATE entities SET status = 'dreamt' WHERE entity_id = (SELECT min(entity_id) FROM entities)",
        "entities.status is a known status",
    ),
    (
        "UPDATE facts SET char_start = NULL, char_end = NULL WHERE fact_id = (SELECT min(fact_id) FROM facts "
        "WHERE char_start IS NOT NULL)",
        "fact offsets are set exactly for documents with text",
    ),
    (
        "UPDATE facts SET char_end = 100000 "
        "WHERE fact_id = (SELECT min(fact_id) FROM facts WHERE char_start IS NOT NULL)",
        "fact offsets lie inside the text",
    ),
    # one character short: Python's text[start:end - 1] no longer holds the whole figure
    (
        "UPDATE facts SET char_end = char_end - 1 WHERE fact_id = (SELECT min(fact_id) FROM facts "
        "WHERE char_start IS NOT NULL)",
        "documents.text[char_start:char_end] contains the fact's value_text",
    ),
    (
        "UPDATE entities SET char_end = char_end + 100000 "
        "WHERE entity_id = (SELECT min(entity_id) FROM entities)",
        "entity offsets lie inside the text",
    ),
    (
        "UPDATE entities SET name_zh = '不在原文里的名字' "
        "WHERE entity_id = (SELECT min(entity_id) FROM entities)",
        "documents.text[char_start:char_end] contains the entity's name",
    ),
    (
        "UPDATE facts SET period_start = period_end + 1 WHERE fact_id = (SELECT min(fact_id) FROM facts)",
        "facts have a finite value and a period inside the years",
    ),
    (
        "UPDATE facts SET value = 'NaN'::DOUBLE WHERE fact_id = (SELECT min(fact_id) FROM facts)",
        "facts have a finite value and a period inside the years",
    ),
    (
        "UPDATE facts SET quote = ' ' WHERE fact_id = (SELECT min(fact_id) FROM facts)",
        "facts have a value_text and a quote",
    ),
    (
        "UPDATE documents SET sha256 = NULL WHERE text IS NOT NULL",
        "documents with text have the sha256 of their bytes, cited sources have neither",
    ),
    (
        "UPDATE zones SET lat = NULL WHERE zone_id = 'cbd'",
        "zones have a WGS-84 anchor and an outline unless schematic",
    ),
    (
        "UPDATE zones SET is_schematic = FALSE WHERE zone_id = 'cbd'",
        "zones have a WGS-84 anchor and an outline unless schematic",
    ),
    (
        'UPDATE boundaries SET geometry_geojson = \'{"type": "Point", "coordinates": [113, 27]}\'',
        "the district boundary is present as GeoJSON",
    ),
    ("DELETE FROM etl_runs", "the latest etl run counts what the tables hold"),
    ("UPDATE etl_runs SET n_facts = n_facts + 1", "the latest etl run counts what the tables hold"),
    ("ALTER TABLE facts DROP COLUMN quote", COLUMNS_CHECK),
    # a corrupted or stale judgement of the targets and plans
    (
        "UPDATE goal_status SET status = CASE status WHEN 'met' THEN 'missed' ELSE 'met' END "
        "WHERE fact_id = (SELECT min(fact_id) FROM goal_status)",
        GOAL_STATUS_CHECK,
    ),
    ("UPDATE goal_status SET final_value = 1e9 WHERE final_value IS NOT NULL", GOAL_STATUS_CHECK),
    ("UPDATE goal_status SET report_year = report_year + 1", GOAL_STATUS_CHECK),
    ("DELETE FROM goal_status WHERE fact_id = (SELECT max(fact_id) FROM goal_status)", GOAL_STATUS_CHECK),
    (  # an actual that reaches every goal it judges, copied into fact_details but not judged again
        "UPDATE facts SET value = 1e9 WHERE fact_id = (SELECT min(final_fact_id) FROM goal_status); "
        "UPDATE fact_details SET value = 1e9 WHERE fact_id = (SELECT min(final_fact_id) FROM goal_status)",
        GOAL_STATUS_CHECK,
    ),
    # a corrupted or stale copy of the facts and entities with their names
    (
        "UPDATE fact_details SET quote = quote || '。' "
        "WHERE fact_id = (SELECT min(fact_id) FROM fact_details)",
        FACT_DETAILS_CHECK,
    ),
    (  # a fact of an indicator without goals: no judgement changes
        "DELETE FROM fact_details WHERE fact_id = (SELECT max(fact_id) FROM fact_details "
        "WHERE indicator_id NOT IN (SELECT indicator_id FROM goal_status))",
        FACT_DETAILS_CHECK,
    ),
    (
        "INSERT INTO fact_details SELECT * FROM fact_details "
        "WHERE indicator_id NOT IN (SELECT indicator_id FROM goal_status) LIMIT 1",
        FACT_DETAILS_CHECK,
    ),
    (
        "UPDATE facts SET value = value + 1 WHERE fact_id = (SELECT min(fact_id) FROM facts)",
        FACT_DETAILS_CHECK,
    ),
    (  # both copies of the names left stale
        "UPDATE indicators SET name_en = 'GDP (renamed)' WHERE indicator_id = 'gdp'",
        (SERIES_CHECK, FACT_DETAILS_CHECK),
    ),
    ("UPDATE entity_details SET zone_id = NULL WHERE zone_id IS NOT NULL", ENTITY_DETAILS_CHECK),
    (
        "UPDATE entities SET status = NULL WHERE entity_id = (SELECT min(entity_id) FROM entities "
        "WHERE status IS NOT NULL)",
        ENTITY_DETAILS_CHECK,
    ),
    (  # a fact counted under another series
        "UPDATE fact_details SET series_key = series_key % (SELECT count(*) FROM series) + 1 "
        "WHERE fact_id = (SELECT min(fact_id) FROM fact_details)",
        FACT_DETAILS_CHECK,
    ),
    # a corrupted or stale list of the series and index of the texts
    ("UPDATE series SET indicator_zh = indicator_zh || '（旧）' WHERE series_key = 1", SERIES_CHECK),
    (  # a series without facts
        "INSERT INTO series SELECT max(series_key) + 1, 'gdp', 'count', 'yuan', '地区生产总值', 'GDP', FALSE "
        "FROM series",
        SERIES_CHECK,
    ),
    ("UPDATE text_bigrams SET n = n + 1 WHERE bigram = '芦淞'", BIGRAMS_CHECK),
    ("DELETE FROM text_bigrams WHERE bigram = (SELECT max(bigram) FROM text_bigrams)", BIGRAMS_CHECK),
    (  # a text edited after it was indexed
        "UPDATE documents SET text = text || '株洲' WHERE text IS NOT NULL",
        BIGRAMS_CHECK,
    ),
    (
        "INSERT INTO goal_status SELECT * REPLACE ('no_such_fact' AS fact_id) FROM goal_status LIMIT 1",
        GOAL_STATUS_CHECK,
    ),
    ("ALTER TABLE goal_status DROP COLUMN status", COLUMNS_CHECK),
]


@pytest.mark.parametrize(("breach", "check"), BREACHES)
def test_each_check_catches_its_breach(db_copy: Path, breach: str, check: str | tuple[str, ...]) -> None:
    checks = list(check) if isinstance(check, tuple) else [check]
    with duckdb.connect(str(db_copy)) as con:
        con.execute(breach)
        if not set(checks) & set(NOT_DERIVED_AGAIN):
            derived.derive(con)
    assert _violated_checks(db_copy) == checks


def test_foreign_keys_are_checked_in_a_database_without_constraints(tmp_path: Path) -> None:
    """A database written by another tool may lack the REFERENCES clauses; the checks still catch orphans."""
    schema = re.sub(r"REFERENCES \w+ \(\w+\)", "", SCHEMA_PATH.read_text(encoding="utf-8"))
    db = tmp_path / "loose.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(schema)
        con.execute(
            "INSERT INTO facts VALUES ('f', 'nodoc', 'noind', 'nosector', NULL, 1, 'nounit', '1', NULL, "
            "'actual', 'count', 2024, 2024, NULL, NULL, 'q')"
        )
    violated = _violated_checks(db)
    for reference in (
        "facts.doc_id refers to documents",
        "facts.indicator_id refers to indicators",
        "facts.sector_id refers to sectors",
        "facts.unit refers to units",
    ):
        assert reference in violated
