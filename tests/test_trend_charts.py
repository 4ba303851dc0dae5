"""The Trends page's three Vega-Lite charts, through AppTest against data/lusong.duckdb and as pure
functions: every mark is a fact of the database with its value, its document and its quote, and a click
on a mark names that fact (charts.picked)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, db, formatting, i18n

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _real_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LUSONG_DB", raising=False)


@pytest.fixture(scope="module")
def facts(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    df = con.execute("SELECT f.*, d.region FROM facts AS f JOIN documents AS d ON d.doc_id = f.doc_id").df()
    return {row["fact_id"]: row for row in df.to_dict("records")}


def open_trends(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params.update(params)
    at.run()
    at.query_params.update(params)
    at.switch_page("pages/2_trends.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def specs(at: AppTest) -> list[dict]:
    """The page's charts as sent: Streamlit moves a spec's inline rows into an Arrow table beside it."""
    charts_sent = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        spec["data"] = {"values": pa.ipc.open_stream(chart.proto.data.data).read_all().to_pylist()}
        charts_sent.append(spec)
    return charts_sent


def rows(spec: dict) -> list[dict]:
    return spec["data"]["values"]


def assert_traceable(spec: dict, facts: dict[str, dict]) -> None:
    """Every mark's row is a fact of the district with its document, and its tooltip quotes it."""
    assert rows(spec), spec["description"]
    for row in rows(spec):
        fact = facts[row["fact_id"]]
        assert row["doc_id"] == fact["doc_id"] and fact["region"] == db.HOME_REGION
        assert fact["quote"] in row["tip"] and fact["value_text"] in row["tip"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_mark_is_a_fact_with_its_document_and_quote(facts: dict[str, dict], lang: str) -> None:
    at = open_trends(lang=lang)
    series, spans, clusters = specs(at)
    for spec in (series, spans, clusters):
        assert_traceable(spec, facts)
    # the clickable layers return the fact and the document of the mark clicked
    picks = [p for layer in series["layer"] + spans["layer"] for p in layer.get("params", [])]
    assert picks and all(p["select"]["fields"] == ["fact_id", "doc_id"] for p in picks)
    assert all(p["name"].startswith(charts.PICK) for p in picks)


def test_the_series_chart_draws_every_point_of_each_series(con: duckdb.DuckDBPyConnection, facts) -> None:
    """For two series of the picker: one mark per period and kind the database has, at its value."""
    at = open_trends()
    options = at.selectbox(key="trend_series").options
    keys = [f"{r.indicator_id}|{r.measure}|{r.unit}" for r in db.series_list((), (), None).itertuples()]
    assert len(options) == len(keys)
    for key in keys[:2]:
        at.selectbox(key="trend_series").set_value(key).run()
        indicator, measure, unit = key.split("|")
        (spec, *_) = specs(at)
        expected = con.execute(
            "SELECT DISTINCT f.period_start, f.period_end, f.kind FROM facts AS f"
            " JOIN documents AS d ON d.doc_id = f.doc_id"
            " WHERE f.indicator_id = ? AND f.measure = ? AND f.unit = ? AND d.region = ?",
            [indicator, measure, unit, db.HOME_REGION],
        ).fetchall()
        drawn = [facts[row["fact_id"]] for row in rows(spec)]
        assert sorted((f["period_start"], f["period_end"], f["kind"]) for f in drawn) == sorted(expected)
        divisor, _ = charts.axis_scale(unit, "zh")
        for row, fact in zip(rows(spec), drawn, strict=True):
            assert row["y"] == pytest.approx(fact["value"] / divisor)
            assert row["span"] == (fact["period_start"] < fact["period_end"])
            assert row["kind"] == i18n.code_name("kinds", fact["kind"], "zh")


def test_period_bars_span_their_years_and_write_the_value(facts: dict[str, dict]) -> None:
    at = open_trends(lang="en")
    (_, spans, _) = specs(at)
    for row in rows(spans):
        fact = facts[row["fact_id"]]
        assert fact["period_start"] < fact["period_end"]
        assert (row["x0"], row["x1"]) == (fact["period_start"] - 0.45, fact["period_end"] + 0.45)
        qualifier = fact["qualifier"] if isinstance(fact["qualifier"], str) else None
        assert row["label"] == formatting.value(fact["value"], fact["unit"], "en", qualifier)


def test_cluster_goals_fill_the_share_of_their_goal_or_say_no_level() -> None:
    goals = db.cluster_goals((), None)
    assert not goals.empty
    spec = charts.cluster_goals(goals, "zh")
    for row, goal in zip(rows(spec), goals.itertuples(), strict=True):
        assert row["fact_id"] == goal.fact_id
        if pd.isna(goal.level_value):
            assert row["share"] is None and row["level"] == i18n.t("trends.no_level", "zh")
        else:
            assert row["share"] == pytest.approx(min(100.0, 100 * goal.level_value / goal.value))
    # a level of a quarter of its goal, and one over its goal (capped at the full bar)
    crowded = pd.concat([goals.head(1)] * 2, ignore_index=True)
    crowded["level_value"] = [crowded["value"][0] / 4, crowded["value"][0] * 2]
    crowded["level_year"] = [2024, 2025]
    crowded["level_quote"] = ["q1", "q2"]
    first, second = rows(charts.cluster_goals(crowded, "en"))
    assert first["share"] == pytest.approx(25.0) and second["share"] == 100.0
    assert first["level"].endswith("(2024)") and first["level_tip"] == "“q1”"


def test_a_click_names_its_fact_and_document() -> None:
    assert charts.picked({"pick": [{"fact_id": "f1", "doc_id": "d1"}], "pick_span": []}) == ("f1", "d1")
    assert charts.picked({"pick": {}, "pick_span": [{"fact_id": "f2", "doc_id": "d2"}]}) == ("f2", "d2")
    other = {"other": [{"fact_id": "f", "doc_id": "d"}]}  # not a selection of this module's charts
    for nothing in (None, {}, {"pick": {}}, {"pick": [{"fact_id": "f1"}]}, other):
        assert charts.picked(nothing) is None
