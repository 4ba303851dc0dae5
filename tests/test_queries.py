"""The bounded queries of dashboard/queries/*.sql against the queries they replace, on real databases.

At 1,000,000 facts the queries choose in SQL what a page can show (bench/README.md, Findings 3); these
tests check that the choosing changes nothing a page shows: the same KPI cards, the same rows below the
limits, complete downloads.
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import db, downloads, i18n, kpis, tables
from etl import derived
from etl.check import SCHEMA_PATH

ROOT = Path(__file__).resolve().parents[1]
DB = ROOT / "data" / "lusong.duckdb"

# headline_facts.sql as it was: every actual and target of the headline indicators (131,555 rows at 1M), with
# the columns kpis.cards reads.
ALL_HEADLINE_FACTS = """
SELECT f.fact_id, f.doc_id, f.indicator_id, f.value, f.unit, f.qualifier, f.kind, f.measure,
       f.period_start, f.period_end, f.char_start, f.quote,
       i.name_zh AS indicator_zh, i.name_en AS indicator_en,
       d.title AS doc_title, d.publisher, d.meeting_date, d.report_year, d.text IS NOT NULL AS has_text
FROM facts AS f
JOIN indicators AS i ON i.indicator_id = f.indicator_id
JOIN documents AS d ON d.doc_id = f.doc_id
WHERE list_contains($indicators::VARCHAR[], f.indicator_id)
  AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
  AND f.kind IN ('actual', 'target')
  AND coalesce(d.report_year, f.period_end + 1) <= $report_year::INTEGER
  AND d.region = $region
ORDER BY f.indicator_id, f.period_end DESC, d.report_year DESC NULLS LAST, f.char_start NULLS LAST, f.fact_id
"""


# targets.sql as it was before goal_status: every target and plan judged on every call (dashboard/queries/
# _targets_judged.sql inlined); etl/goal_status.sql now judges each goal once at build time.
TARGETS_JUDGED_PER_CALL = """
WITH
goals AS (    -- what judging needs; names, quotes and titles only for the rows shown
    SELECT f.rowid AS fact_row, f.fact_id, f.indicator_id, f.sector_id, f.kind, f.measure, f.value, f.unit,
           f.qualifier, f.period_start, f.period_end
    FROM facts AS f
    JOIN documents AS d ON d.doc_id = f.doc_id
    WHERE f.kind IN ('target', 'plan')
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], f.kind))
      AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
      AND d.region = $region
),
actuals AS (
    SELECT a.indicator_id, a.measure, a.unit, a.period_start, a.period_end, a.fact_id, a.value, a.qualifier
    FROM facts AS a JOIN documents AS d ON d.doc_id = a.doc_id
    WHERE a.kind = 'actual' AND d.region = $region
),
horizon AS (SELECT max(period_end) AS last_year FROM actuals),
spans AS (     -- one actual per indicator, measure, unit and period (ties: the larger fact id)
    SELECT indicator_id, measure, unit, period_start, period_end,
           max(fact_id) AS fact_id, arg_max(value, fact_id) AS value
    FROM actuals GROUP BY ALL
),
latest AS (    -- the latest actual per indicator, measure and unit
    SELECT indicator_id, measure, unit, max(period_end) AS year,
           arg_max(value, (period_end, fact_id)) AS value,
           arg_max(qualifier, (period_end, fact_id)) AS qualifier
    FROM actuals GROUP BY ALL
),
-- Each goal joins one row of each: linear in the facts (a join of every goal to every actual was quadratic).
judged AS (
    SELECT g.*,
           coalesce(same.value, final_year.value) AS final_value,
           coalesce(same.fact_id, final_year.fact_id) AS final_fact_id,
           CASE WHEN l.year >= g.period_start THEN l.value END AS latest_value,
           CASE WHEN l.year >= g.period_start THEN l.qualifier END AS latest_qualifier,
           CASE WHEN l.year >= g.period_start THEN l.year END AS latest_year
    FROM goals AS g
    LEFT JOIN spans AS same
      ON same.indicator_id = g.indicator_id AND same.measure = g.measure AND same.unit = g.unit
     AND same.period_start = g.period_start AND same.period_end = g.period_end
    LEFT JOIN spans AS final_year
      ON final_year.indicator_id = g.indicator_id AND final_year.measure = g.measure
     AND final_year.unit = g.unit AND final_year.period_start = g.period_end
     AND final_year.period_end = g.period_end AND g.measure IN ('level', 'share_pct', 'rank', 'ratio')
    LEFT JOIN latest AS l ON l.indicator_id = g.indicator_id AND l.measure = g.measure AND l.unit = g.unit
),
statused AS (
    SELECT j.*,
           CASE
               WHEN j.final_value IS NOT NULL THEN
                   CASE WHEN CASE WHEN j.qualifier = 'within' OR j.measure = 'rank'
                                  THEN j.final_value <= j.value ELSE j.final_value >= j.value END
                        THEN 'met' ELSE 'missed' END
               WHEN j.period_end > h.last_year OR h.last_year IS NULL THEN 'in_progress'
               ELSE 'no_data'
           END AS status
    FROM judged AS j
    CROSS JOIN horizon AS h
),
matching AS (
    SELECT s.*, count(*) OVER () AS n_matching
    FROM statused AS s
    WHERE (len($statuses::VARCHAR[]) = 0 OR list_contains($statuses::VARCHAR[], s.status))
      AND ($needle = '' OR s.fact_row IN (
          SELECT f.rowid
          FROM facts AS f
          JOIN indicators AS i ON i.indicator_id = f.indicator_id
          WHERE $needle <> '' AND f.kind IN ('target', 'plan')  -- nothing to read without a needle
            AND contains(upper(f.quote || i.name_zh || i.name_en || f.value_text), upper($needle))
      ))
    ORDER BY s.period_end DESC, s.sector_id, s.indicator_id, s.fact_id
    LIMIT $limit
)
SELECT m.fact_id, f.doc_id, m.indicator_id, i.name_zh AS indicator_zh, i.name_en AS indicator_en, m.sector_id,
       s.name_zh AS sector_zh, s.name_en AS sector_en, m.kind, m.measure, m.value, m.unit, m.qualifier,
       f.value_text, m.period_start, m.period_end, f.quote, d.title AS doc_title, d.report_year,
       m.final_value, m.final_fact_id, m.latest_value, m.latest_qualifier, m.latest_year, m.status,
       m.n_matching
FROM matching AS m
JOIN facts AS f ON f.rowid = m.fact_row
JOIN indicators AS i ON i.indicator_id = m.indicator_id
JOIN sectors AS s ON s.sector_id = m.sector_id
JOIN documents AS d ON d.doc_id = f.doc_id
WHERE f.rowid IN (SELECT fact_row FROM matching)
ORDER BY m.period_end DESC, m.sector_id, m.indicator_id, m.fact_id
"""


@pytest.fixture(scope="module")
def real() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(DB), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def crowded() -> duckdb.DuckDBPyConnection:
    """The real database in memory with every headline fact copied 12 times, each copy changed the ways
    that decide which fact a card takes: its period moved or widened, the kind swapped, another document
    (another report year), no text offset, another value; and every target once more. Ties and near-ties
    everywhere."""
    connection = duckdb.connect()
    connection.execute(f"ATTACH '{DB}' AS src (READ_ONLY)")
    for table in ("facts", "entities", "documents", "indicators", "sectors", *derived.SQL):
        connection.execute(f"CREATE TABLE {table} AS FROM src.{table}")
    connection.execute("DETACH src")
    connection.execute(
        """
        INSERT INTO documents
        SELECT doc_id || '-' || n, source_file, source_type, title || ' ' || n, publisher, meeting,
               meeting_date, CASE WHEN n % 4 = 0 THEN NULL ELSE report_year + n % 3 - 1 END, region, url,
               sha256, CASE WHEN n % 2 = 0 THEN text END
        FROM documents, range(1, 4) AS r(n)
        """
    )
    connection.execute(
        """
        INSERT INTO facts
        SELECT f.fact_id || '-' || n,
               CASE WHEN n % 4 = 0 THEN f.doc_id ELSE f.doc_id || '-' || (n % 3 + 1) END,
               f.indicator_id, f.sector_id, f.zone_id,
               f.value + (n % 5 - 2) * 0.5, f.unit, f.value_text, f.qualifier,
               CASE WHEN n % 3 = 0 THEN (CASE f.kind WHEN 'actual' THEN 'target' ELSE 'actual' END)
                    ELSE f.kind END,
               f.measure,
               f.period_start + (n % 7 - 3) - (CASE WHEN n % 5 = 0 THEN 2 ELSE 0 END),
               f.period_end + (n % 7 - 3),
               CASE WHEN n % 6 = 0 THEN NULL ELSE f.char_start - n END,  -- text order against id order
               CASE WHEN n % 6 = 0 THEN NULL ELSE f.char_end + n END,
               f.quote
        FROM facts AS f, range(1, 13) AS r(n)
        WHERE list_contains($indicators, f.indicator_id)
        """,
        {"indicators": list(i18n.headline_indicators())},
    )
    # A second figure in the same sentence's document and period, earlier in the text but with a larger id:
    # the newest by text order, not the first by id.
    connection.execute(
        """
        INSERT INTO facts
        SELECT f.* REPLACE (f.fact_id || '~' AS fact_id, f.value + 2 AS value, f.char_start - 1 AS char_start)
        FROM facts AS f
        WHERE list_contains($indicators, f.indicator_id) AND f.kind = 'target' AND f.char_start > 0
        """,
        {"indicators": list(i18n.headline_indicators())},
    )
    derived.derive(connection)
    yield connection
    connection.close()


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: dict):
    return con.execute(sql, params).df()


def _combinations(con: duckdb.DuckDBPyConnection):
    sql = "SELECT DISTINCT report_year FROM documents WHERE report_year > 0"
    years = [y for (y,) in con.execute(sql).fetchall()]
    sectors = [s for (s,) in con.execute("SELECT DISTINCT sector_id FROM facts ORDER BY 1").fetchall()]
    choices = [(), *((s,) for s in sectors), tuple(sectors[:2])]
    for year, chosen in itertools.product([*years, min(years) - 1, 2200], choices):
        yield {
            "indicators": list(i18n.headline_indicators()),
            "sectors": list(chosen),
            "report_year": year,
            "region": db.HOME_REGION,
        }


def _same_cards(con: duckdb.DuckDBPyConnection) -> int:
    """Asserts equal cards from the new and the old query for every filter combination; returns how many
    combinations gave any card."""
    with_cards = 0
    for params in _combinations(con):
        fewer = _frame(con, db._sql("headline_facts"), params)
        every = _frame(con, ALL_HEADLINE_FACTS, params)
        assert set(fewer["fact_id"]) <= set(every["fact_id"])
        assert list(fewer.columns) == list(every.columns)
        for lang in ("zh", "en"):
            expected = kpis.cards(every, i18n.headline_indicators(), lang)
            assert kpis.cards(fewer, i18n.headline_indicators(), lang) == expected, params
        with_cards += bool(expected)
    return with_cards


def test_headline_facts_give_the_same_cards_as_every_fact(real: duckdb.DuckDBPyConnection) -> None:
    assert _same_cards(real) > 10


def test_headline_facts_give_the_same_cards_among_many_close_facts(
    crowded: duckdb.DuckDBPyConnection,
) -> None:
    assert _same_cards(crowded) > 10


def test_headline_facts_keep_at_most_two_rows_per_period(crowded: duckdb.DuckDBPyConnection) -> None:
    params = next(p for p in _combinations(crowded) if not p["sectors"] and p["report_year"] > 2100)
    every = _frame(crowded, ALL_HEADLINE_FACTS, params)
    fewer = _frame(crowded, db._sql("headline_facts"), params)
    span = ["indicator_id", "kind", "measure", "unit", "period_start", "period_end"]
    assert every.groupby(span).size().max() > 2
    assert fewer.groupby(span).size().max() <= 2
    assert len(fewer.drop_duplicates(span)) == len(every.drop_duplicates(span))


@pytest.fixture(scope="module")
def many_rows(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real database with every fact 60 times and every entity 10 times: more rows than a
    page's table shows (db.TABLE_ROWS)."""
    path = tmp_path_factory.mktemp("many") / "lusong.duckdb"
    path.write_bytes(DB.read_bytes())
    with duckdb.connect(str(path)) as writer:
        writer.execute(
            "INSERT INTO facts SELECT f.* REPLACE (fact_id || '-' || n AS fact_id)"
            " FROM facts AS f, range(1, 60) AS r(n)"
        )
        writer.execute(
            "INSERT INTO entities SELECT e.* REPLACE (entity_id || '-' || n AS entity_id)"
            " FROM entities AS e, range(1, 10) AS r(n)"
        )
        derived.derive(writer)
    return path


def test_tables_show_their_first_rows_and_downloads_hold_them_all(
    many_rows: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LUSONG_DB", str(many_rows))
    with duckdb.connect(str(many_rows), read_only=True) as con:
        every_fact = con.execute(
            "SELECT fact_id FROM facts JOIN documents USING (doc_id) WHERE region = $region"
            " ORDER BY period_end DESC, sector_id, indicator_id, fact_id",
            {"region": db.HOME_REGION},
        ).fetchall()
        n_entities = con.execute("SELECT count(*) FROM entities").fetchone()[0]
    assert len(every_fact) > db.TABLE_ROWS and n_entities > db.TABLE_ROWS
    shown = db.facts_table((), (), None)
    assert list(shown["fact_id"]) == [f for (f,) in every_fact[: db.TABLE_ROWS]]
    full = db.facts_table((), (), None, limit=None)
    assert list(full["fact_id"]) == [f for (f,) in every_fact]
    assert list(full.columns) == list(shown.columns)
    csv_lines = downloads.csv_bytes(full).decode("utf-8-sig").count("\n")
    assert csv_lines >= len(every_fact) + 1  # quotes may hold line breaks: at least one line per row
    assert len(pd.read_parquet(io.BytesIO(downloads.parquet_bytes(full)))) == len(every_fact)
    assert len(db.entities_table((), None)) == db.TABLE_ROWS
    assert len(db.entities_table((), None, limit=None)) == n_entities
    counts = db.data_counts((), (), None).iloc[0]
    assert (int(counts["n_facts"]), int(counts["n_entities"])) == (len(every_fact), n_entities)


def _data_page(**params: str) -> AppTest:
    """The Data page as a visitor opens it from the app (tests/test_app_pages.py, open_page)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params.update(params)
    at.run()
    at.query_params.update(params)
    at.switch_page("pages/6_data.py").run()
    assert not at.exception
    return at


def test_the_data_page_says_how_many_rows_it_shows(many_rows: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUSONG_DB", str(many_rows))
    with duckdb.connect(str(many_rows), read_only=True) as con:
        n_facts = con.execute("SELECT count(*) FROM facts").fetchone()[0]
        n_entities = con.execute("SELECT count(*) FROM entities").fetchone()[0]
    for lang in ("zh", "en"):
        at = _data_page(lang=lang)
        assert [len(table.value) for table in at.dataframe] == [db.TABLE_ROWS, db.TABLE_ROWS]
        captions = [c.value for c in at.caption]
        for total in (n_facts, n_entities):
            expected = i18n.t("data.showing", lang, n=f"{db.TABLE_ROWS:,}", total=f"{total:,}")
            assert expected in captions
        assert {m.label: m.value for m in at.metric}[i18n.t("data.n_facts", lang)] == f"{n_facts:,}"


def test_the_data_page_says_nothing_of_rows_when_it_shows_them_all() -> None:
    at = _data_page()
    shown = "显示前"
    assert not any(shown in c.value for c in at.caption)


SEARCH_EVERY_TEXT = """
SELECT doc_id, title, report_year,
       (length(text) - length(replace(lower(text), lower($needle), ''))) // length($needle) AS matches
FROM documents
WHERE text IS NOT NULL AND length($needle) > 0 AND contains(lower(text), lower($needle))
ORDER BY matches DESC, report_year DESC NULLS LAST, doc_id
"""  # search_documents.sql as it was: every text lower-cased twice


NEEDLES = "芦淞 芦淞区 航空城 GDP gdp Gdp % 2024 。 亿元 a 无此词 淞芦 区芦淞 年，".split()


@pytest.mark.parametrize("needle", NEEDLES)
def test_search_finds_and_counts_as_before(real: duckdb.DuckDBPyConnection, needle: str) -> None:
    expected = real.execute(SEARCH_EVERY_TEXT, {"needle": needle}).fetchall()
    assert real.execute(db._sql("search_documents"), {"needle": needle}).fetchall() == expected


def _texts(*texts: str | None) -> duckdb.DuckDBPyConnection:
    """An in-memory database of the contract holding documents with these texts (a, b, ...), indexed as the
    build indexes them."""
    con = duckdb.connect()
    con.execute(SCHEMA_PATH.read_text(encoding="utf-8"))
    con.executemany(
        "INSERT INTO documents (doc_id, source_type, title, report_year, region, text)"
        " VALUES (?, 'news_report', upper(?), 2024, '芦淞区', ?)",
        [(chr(ord("a") + i), chr(ord("a") + i), text) for i, text in enumerate(texts)],
    )
    derived.derive(con)
    return con


@pytest.mark.parametrize(
    ("needle", "matches"),
    [("gdp", 3), ("GDP", 3), ("gDp", 3), ("芦淞", 2), ("芦淞区", 1), ("Ü", 2), ("", None)],
)
def test_search_ignores_case_and_counts_every_match(needle: str, matches: int | None) -> None:
    con = _texts("GDP，gdp；Gdp。芦淞区与芦淞 Über über", None)
    found = con.execute(db._sql("search_documents"), {"needle": needle}).fetchall()
    assert found == ([("a", "A", 2024, matches)] if matches else [])


ODD_TEXTS = (
    "GDP，gdp；Gdp。芦淞区与芦淞 Über über",
    "哈哈哈哈哈 哈哈。abababa ABA",  # pairs of equal characters and needles that overlap themselves
    "İstanbul KELVIN \u212a k\n芦\n淞",  # case mappings that change the bytes; line breaks
    "淞x芦 芦y淞 区芦",  # every character of 芦淞 and 淞芦 but neither
    "ab ba 芦淞 淞区",  # every bigram of aba and 芦淞区 but neither
    "e\u0301e\u0301 👍🏽👍🏽",  # combining marks and modifiers: several code points to one character
    "甲乙" * 80 + "丙",  # needles longer than the 64 characters whose bigrams are looked up
    "",
    None,
)


@pytest.mark.parametrize(
    "needle",
    [*"哈哈 哈哈哈 哈 ab aba ABA bab 芦淞 淞芦 芦淞区 k K \u212a İs is lv gd Dp p， 区与芦 x".split(),
     "芦\n", "\n淞", "e\u0301", "\u0301e", "👍🏽", "🏽👍", " ", "芦淞区与芦淞 Ü",
     "甲乙" * 35, "乙甲" * 70 + "乙丙", "甲乙" * 35 + "丁", "甲" * 100_000],
)
def test_search_of_odd_texts_finds_and_counts_as_reading_every_text(needle: str) -> None:
    """The bigram index gives the same documents and counts as lower-casing and counting in every text."""
    con = _texts(*ODD_TEXTS)
    expected = con.execute(SEARCH_EVERY_TEXT, {"needle": needle}).fetchall()
    assert expected or needle in ("淞芦", "甲乙" * 35 + "丁", "甲" * 100_000)  # the others are in the texts
    assert con.execute(db._sql("search_documents"), {"needle": needle}).fetchall() == expected


def test_copies_of_a_figure_add_no_points_to_a_series(
    many_rows: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    series = db.series_list((), (), None)
    top = series.iloc[0]
    args = (top["indicator_id"], top["measure"], top["unit"], (), (), None)
    real_points = db.series_facts(*args)
    monkeypatch.setenv("LUSONG_DB", str(many_rows))
    crowded_points = db.series_facts(*args)  # 60 facts per point: the original is the first in text order
    pd.testing.assert_frame_equal(crowded_points, real_points)
    assert db.series_list((), (), None)["n_facts"].iloc[0] == 60 * top["n_facts"]


def test_charts_and_tables_are_bounded(many_rows: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUSONG_DB", str(many_rows))
    goals = db.cluster_goals((), None)
    with duckdb.connect(str(many_rows), read_only=True) as con:
        n_goals, top_values = con.execute(
            "SELECT count(*), list(value ORDER BY value DESC)[1:12] FROM facts"
            " WHERE kind = 'plan' AND unit = 'yuan' AND measure = 'level'"
            " AND sector_id IN ('aviation', 'apparel', 'new_materials')"
        ).fetchone()
        zone, n_zone = con.execute(
            "SELECT zone_id, count(*) FROM facts WHERE zone_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
    assert n_goals > 12 and list(goals["value"]) == top_values
    assert len(db.multi_year_facts((), (), None)) <= 40
    assert len(db.commitments((), (), int(db.report_years()["report_year"].iloc[0]))) <= 200
    limited = db.zone_facts(zone, (), (), None, limit=10)
    full = db.zone_facts(zone, (), (), None, limit=None)
    assert len(full) == n_zone and len(limited) == 10
    pd.testing.assert_frame_equal(limited, full.head(10))


def _targets_page(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params.update(params)
    at.run()
    at.query_params.update(params)
    at.switch_page("pages/3_targets.py").run()
    assert not at.exception
    return at


def test_target_counts_are_the_statuses_of_every_target(real: duckdb.DuckDBPyConnection) -> None:
    params = {"sectors": [], "kinds": [], "year": None, "region": db.HOME_REGION}
    every = real.execute(db._sql("targets"), {**params, "statuses": [], "needle": "", "limit": None}).df()
    counts = real.execute(db._sql("target_counts"), params).df()
    assert dict(zip(counts["status"], counts["n"], strict=True)) == every["status"].value_counts().to_dict()
    assert (every["n_matching"] == len(every)).all()


def test_the_targets_page_filters_by_status_and_text_in_sql(real: duckdb.DuckDBPyConnection) -> None:
    params = {"sectors": [], "kinds": [], "year": None, "region": db.HOME_REGION}
    every = real.execute(db._sql("targets"), {**params, "statuses": [], "needle": "", "limit": None}).df()
    at = _targets_page()
    status_col, indicator_col = i18n.t("col.status", "zh"), i18n.t("col.indicator", "zh")
    assert len(at.dataframe[0].value) == len(every)
    status = every["status"].value_counts().index[0]
    at.pills(key="target_status").set_value([status]).run()
    shown = at.dataframe[0].value
    assert len(shown) == (every["status"] == status).sum()
    assert set(shown[status_col]) == {tables.status_label(status, "zh")}
    word = every["indicator_zh"].iloc[0][:2]
    at.text_input(key="target_search").set_value(word).run()
    haystack = every["quote"] + every["indicator_zh"] + every["indicator_en"] + every["value_text"]
    expected = every[(every["status"] == status) & haystack.str.contains(word, case=False, regex=False)]
    assert list(at.dataframe[0].value[indicator_col]) == list(expected["indicator_zh"])


def test_the_targets_page_says_how_many_it_shows(many_rows: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUSONG_DB", str(many_rows))
    with duckdb.connect(str(many_rows), read_only=True) as con:
        n_goals = con.execute("SELECT count(*) FROM facts WHERE kind IN ('target', 'plan')").fetchone()[0]
    at = _targets_page(lang="en")
    assert n_goals > db.TABLE_ROWS
    assert len(at.dataframe[0].value) == db.TABLE_ROWS
    expected = i18n.t("table.showing", "en", n=f"{db.TABLE_ROWS:,}", total=f"{n_goals:,}")
    assert expected in [c.value for c in at.caption]
    assert sum(int(m.value) for m in at.metric) == n_goals


TARGET_CHOICES = [([], "", None), (["met"], "", None), (["in_progress", "no_data"], "", 5), ([], "增长", 9)]


def _target_filters(con: duckdb.DuckDBPyConnection):
    years = [None, *(y for (y,) in con.execute("SELECT DISTINCT report_year FROM documents").fetchall())]
    sectors = [s for (s,) in con.execute("SELECT DISTINCT sector_id FROM facts ORDER BY 1").fetchall()]
    for year, chosen, kinds in itertools.product(
        years, [[], *([s] for s in sectors), sectors[:3]], [[], ["target"], ["plan"], ["actual", "plan"]]
    ):
        yield {"sectors": chosen, "kinds": kinds, "year": year, "region": db.HOME_REGION}


@pytest.mark.parametrize("database", ["real", "crowded"])
def test_targets_judged_by_the_etl_are_those_judged_per_call(
    database: str, request: pytest.FixtureRequest
) -> None:
    """The same rows, columns and dtypes as the judging per call for every filter combination, on the real
    database and on a copy crowded with moved, widened and re-kinded copies of the headline facts."""
    con = request.getfixturevalue(database)
    n_judged = 0
    for params in _target_filters(con):
        for statuses, needle, limit in TARGET_CHOICES:
            table = {**params, "statuses": statuses, "needle": needle, "limit": limit}
            expected = con.execute(TARGETS_JUDGED_PER_CALL, table).df()
            pd.testing.assert_frame_equal(con.execute(db._sql("targets"), table).df(), expected)
            n_judged += len(expected)
        every = con.execute(TARGETS_JUDGED_PER_CALL, {**params, "statuses": [], "needle": "", "limit": None})
        expected_counts = every.df()["status"].value_counts().sort_index()
        counts = con.execute(db._sql("target_counts"), params).df()
        assert dict(zip(counts["status"], counts["n"], strict=True)) == expected_counts.to_dict(), params
    assert n_judged > 300


# series_list.sql as it was before the table series: grouped on the indicator, measure and unit themselves.
SERIES_BY_NAME = """
WITH per_year AS (
    SELECT indicator_id, measure, unit, period_end, count(*) AS n,
           bit_or(CASE kind WHEN 'actual' THEN 1 WHEN 'target' THEN 2 WHEN 'plan' THEN 4 ELSE 8 END) AS kinds
    FROM fact_details
    WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
      AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
      AND region = $region
    GROUP BY indicator_id, measure, unit, period_end
),
series AS (
    SELECT indicator_id, measure, unit, sum(n)::BIGINT AS n_facts, count(*) AS n_years,
           bit_count(bit_or(kinds))::BIGINT AS n_kinds
    FROM per_year
    GROUP BY indicator_id, measure, unit
)
SELECT s.indicator_id, s.measure, s.unit, i.name_zh AS indicator_zh, i.name_en AS indicator_en,
       i.is_generated, s.n_facts, s.n_years, s.n_kinds
FROM series AS s
JOIN indicators AS i ON i.indicator_id = s.indicator_id
ORDER BY i.is_generated, s.n_years DESC, s.n_kinds DESC, s.n_facts DESC, s.indicator_id, s.measure, s.unit
LIMIT 200
"""


@pytest.mark.parametrize("database", ["real", "crowded"])
def test_series_counted_by_key_are_those_counted_by_name(
    database: str, request: pytest.FixtureRequest
) -> None:
    """The same rows, columns and dtypes for every filter combination on the real and the crowded database."""
    con = request.getfixturevalue(database)
    n_series = 0
    for params in _target_filters(con):
        expected = con.execute(SERIES_BY_NAME, params).df()
        pd.testing.assert_frame_equal(con.execute(db._sql("series_list"), params).df(), expected)
        n_series += len(expected)
    assert n_series > 300


# documents.sql and report_years.sql as they were: whether a document has its text told by the text itself.
BY_THE_TEXT = {
    "documents": """
SELECT doc_id, source_file, source_type, title, publisher, meeting, meeting_date, report_year, url, region,
       text IS NOT NULL AS has_text
FROM documents
ORDER BY region = $region DESC, has_text DESC, report_year DESC NULLS LAST, meeting_date DESC NULLS LAST,
         doc_id
""",
    "report_years": """
SELECT report_year, bool_or(text IS NOT NULL) AS has_text
FROM documents
WHERE report_year IS NOT NULL AND region = $region
GROUP BY report_year
ORDER BY report_year DESC
""",
}


@pytest.mark.parametrize("name", BY_THE_TEXT)
def test_documents_with_text_are_told_by_their_sha256_as_by_their_text(
    real: duckdb.DuckDBPyConnection, name: str
) -> None:
    for region in (db.HOME_REGION, "株洲市"):
        expected = real.execute(BY_THE_TEXT[name], {"region": region}).df()
        pd.testing.assert_frame_equal(real.execute(db._sql(name), {"region": region}).df(), expected)
    assert real.execute(BY_THE_TEXT["documents"], {"region": db.HOME_REGION}).df()["has_text"].nunique() == 2


def test_connections_use_as_many_threads_as_the_largest_table_has_row_groups(tmp_path: Path) -> None:
    """One thread on the real database (every table within one row group), more only for a table that
    spans several row groups, never more than DuckDB's default; read-only either way."""
    with duckdb.connect() as plain:
        cores = int(plain.execute("SELECT current_setting('threads')").fetchone()[0])

    def threads(path: Path) -> int:
        connection = db.connect(str(path))
        try:
            with pytest.raises(duckdb.Error):
                connection.execute("CREATE TABLE t (x INTEGER)")
            return int(connection.cursor().execute("SELECT current_setting('threads')").fetchone()[0])
        finally:
            connection.close()

    assert threads(DB) == 1
    big = tmp_path / "big.duckdb"
    with duckdb.connect(str(big)) as writer:
        writer.execute("CREATE TABLE small AS FROM range(10)")
        writer.execute("CREATE TABLE large AS FROM range($n)", {"n": 2 * db.ROW_GROUP_ROWS + 1})
    assert threads(big) == min(cores, 3)
