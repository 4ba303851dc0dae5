"""Every dashboard page through Streamlit's AppTest, against the real data/lusong.duckdb.

Expected values come from the database in each test, never from hard-coded figures.
Pages opened with AppTest.switch_page run on their own, as a deep link on a freshly started server does
(Streamlit's legacy multipage mode; see dashboard/shell.py), so these tests cover that path too.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import db, formatting, i18n, maps
from etl import derived

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
DB = ROOT / "data" / "lusong.duckdb"
PAGES = ["overview", "trends", "targets", "spatial", "sources", "data"]
FILES = {
    "overview": "pages/1_overview.py",
    "trends": "pages/2_trends.py",
    "targets": "pages/3_targets.py",
    "spatial": "pages/4_spatial.py",
    "sources": "pages/5_sources.py",
    "data": "pages/6_data.py",
}
TIMEOUT = 90


@pytest.fixture(autouse=True)
def _real_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LUSONG_DB", raising=False)


def open_page(page: str, **params: str | list[str]) -> AppTest:
    """The app with URL parameters `params`, showing `page` (the overview through app.py)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    if page != "overview":
        at.query_params.update(params)  # the overview dropped the other pages' own parameters
        at.switch_page(FILES[page]).run()
    return at


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def plotly_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@dataclass(frozen=True)
class ShownCard:
    """A KPI card as the Overview's HTML shows it (dashboard/overview.py)."""

    label: str
    value: str
    delta: str | None
    color: str | None  # green | red | gray
    arrow: str | None  # up | down | off
    note: str
    quotes: list[str]  # the sentences in the card's tooltip
    href: str
    fact: str
    doc: str


def _field(pattern: str, text: str) -> str | None:
    found = re.search(pattern, text, re.DOTALL)
    return html.unescape(found.group(1)) if found else None


def overview_html(at: AppTest) -> str:
    """The Overview's content: one st.html block (dashboard/overview.py)."""
    (body,) = [h.proto.body for h in at.get("html") if 'class="lusong-overview"' in h.proto.body]
    return body


def kpi_cards(at: AppTest) -> list[ShownCard]:
    """The Overview's KPI cards, parsed from its HTML."""
    cards = []
    for attrs, card in re.findall(
        r'<article class="lusong-kpi"(.*?)>(.*?)</article>', overview_html(at), re.DOTALL
    ):
        delta = re.search(r'<div class="delta (\w+)" data-arrow="(\w+)">(?:[↑↓] )?(.*?)</div>', card)
        cards.append(
            ShownCard(
                label=_field(r'<h3 class="label">(.*?)</h3>', card),
                value=_field(r'<div class="value">(.*?)</div>', card),
                delta=html.unescape(delta.group(3)) if delta else None,
                color=delta.group(1) if delta else None,
                arrow=delta.group(2) if delta else None,
                note=_field(r'<div class="note">(.*?)</div>', card),
                quotes=[html.unescape(q) for q in re.findall(r"<p>“(.*?)”<span", card)],
                href=_field(r'<a href="(.*?)">', card),
                fact=_field(r'data-fact="(.*?)"', attrs),
                doc=_field(r'data-doc="(.*?)"', attrs),
            )
        )
    return cards


def latest_report(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT max(report_year) FROM documents WHERE text IS NOT NULL").fetchone()[0]


def sector_name(con: duckdb.DuckDBPyConnection, sector: str, lang: str) -> str:
    zh, en = con.execute("SELECT name_zh, name_en FROM sectors WHERE sector_id = ?", [sector]).fetchone()
    return en if lang == "en" else zh


# --- every page -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders_with_the_full_sidebar(page: str, lang: str) -> None:
    at = open_page(page, lang=lang)
    no_errors(at)
    assert [t.value for t in at.title] == [i18n.t(f"page.{page}", lang)]
    # The shell ran even where the page file ran alone: the filters in the sidebar, the sector filter on
    # the page (in the fragment that holds the page's content)
    assert [p.key for p in at.sidebar.pills] == ["filter_kind"] and len(at.sidebar.radio) == 1
    assert at.sidebar.radio[0].value == lang
    assert [p.key for p in at.main.pills if p.key.startswith("filter_")] == ["filter_sector"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_with_a_sector_filter_renders(page: str) -> None:
    at = open_page(page, sector="aviation")
    no_errors(at)
    assert at.pills(key="filter_sector").value == ["aviation"]


# --- KPI cards -------------------------------------------------------------------------------------------


def test_kpi_values_equal_the_database(con: duckdb.DuckDBPyConnection) -> None:
    """Each headline indicator with an actual figure shows its latest actual, formatted from the database."""
    report = latest_report(con)
    expected = con.execute(
        """
        SELECT f.indicator_id, i.name_zh, f.measure, f.value, f.unit, f.qualifier
        FROM facts f JOIN indicators i USING (indicator_id) JOIN documents d USING (doc_id)
        WHERE f.kind = 'actual' AND list_contains(?, f.indicator_id)
          AND coalesce(d.report_year, f.period_end + 1) <= ?
        QUALIFY row_number() OVER (
            PARTITION BY f.indicator_id
            ORDER BY f.period_end DESC, f.period_end - f.period_start, d.report_year DESC NULLS LAST,
                     f.char_start NULLS LAST, f.fact_id) = 1
        """,
        [list(i18n.headline_indicators()), report],
    ).fetchall()
    assert expected, "the database has no actual figure for any headline indicator"
    at = open_page("overview")
    no_errors(at)
    shown = {c.label: c.value for c in kpi_cards(at)}
    for _, name, measure, value, unit, qualifier in expected:
        label = f"{name}增速" if measure == "growth_pct" else name
        assert shown.get(label) == formatting.value(value, unit, "zh", qualifier), (label, shown)


def test_kpi_deltas_name_the_target_and_equal_the_database(con: duckdb.DuckDBPyConnection) -> None:
    """A card compared with a target says which (较2024年目标 …), shows the difference of the database's
    values, and has no arrow: a gap to a target is not growth."""
    report = latest_report(con)
    rows = con.execute(
        """
        WITH actual AS (
            SELECT f.indicator_id, f.measure, f.unit, f.value, f.period_end
            FROM facts f JOIN documents d USING (doc_id)
            WHERE f.kind = 'actual' AND f.period_start = f.period_end AND list_contains(?, f.indicator_id)
              AND d.report_year <= ?
            QUALIFY row_number() OVER (PARTITION BY f.indicator_id ORDER BY f.period_end DESC, f.fact_id) = 1
        )
        SELECT a.indicator_id, i.name_zh, a.measure, a.unit, a.value - t.value, t.period_end
        FROM actual a JOIN indicators i USING (indicator_id)
        JOIN facts t ON t.indicator_id = a.indicator_id AND t.kind = 'target' AND t.measure = a.measure
            AND t.unit = a.unit AND t.period_start = t.period_end AND t.period_end >= a.period_end
        JOIN documents td ON td.doc_id = t.doc_id AND td.report_year <= ?
        QUALIFY row_number() OVER (PARTITION BY a.indicator_id ORDER BY t.period_end, t.fact_id) = 1
        """,
        [list(i18n.headline_indicators()), report, report],
    ).fetchall()
    assert rows, "no headline indicator has both an actual and a target"
    at = open_page("overview")
    no_errors(at)
    cards = {c.label: c for c in kpi_cards(at)}
    for _, name, measure, unit, diff, year in rows:
        card = cards[f"{name}增速" if measure == "growth_pct" else name]
        assert card.delta == f"较{year}年目标 {formatting.difference(diff, unit, 'zh')}", card.label
        assert card.arrow == "off", card.label  # no arrow
    english = [c.delta for c in kpi_cards(open_page("overview", lang="en")) if c.delta]
    assert english and all(delta.startswith("vs ") for delta in english)


def test_kpi_cards_without_an_actual_say_so(con: duckdb.DuckDBPyConnection) -> None:
    with_actual = {
        row[0]
        for row in con.execute(
            "SELECT DISTINCT indicator_id FROM facts"
            " WHERE kind = 'actual' AND list_contains(?, indicator_id)",
            [list(i18n.headline_indicators())],
        ).fetchall()
    }
    at = open_page("overview")
    empty = [c for c in kpi_cards(at) if c.value == "—"]
    assert empty, "the database has no headline indicator with a target but no actual"
    for card in empty:
        names = {
            r[0]
            for r in con.execute(
                "SELECT indicator_id FROM indicators WHERE ? LIKE name_zh || '%'", [card.label]
            ).fetchall()
        }
        assert names and not names & with_actual, card.label
        assert card.note.startswith(i18n.t("kpi.no_actual", "zh")), card.note


def test_kpi_tooltip_holds_the_quotes(con: duckdb.DuckDBPyConnection) -> None:
    """The tooltip of a card quotes the sentence of the fact behind its value first."""
    at = open_page("overview")
    cards = kpi_cards(at)
    assert cards
    for card in cards:
        (quote,) = con.execute("SELECT quote FROM facts WHERE fact_id = ?", [card.fact]).fetchone()
        assert card.quotes[0] == " ".join(quote.split()), card.label


# --- sector filter ---------------------------------------------------------------------------------------


def test_sector_filter_limits_the_data_page_to_that_sector(con: duckdb.DuckDBPyConnection) -> None:
    every = open_page("data")
    aviation = open_page("data", sector="aviation")
    no_errors(aviation)
    n_aviation = con.execute("SELECT count(*) FROM facts WHERE sector_id = 'aviation'").fetchone()[0]
    n_all = con.execute("SELECT count(*) FROM facts").fetchone()[0]
    facts_all, facts_aviation = every.dataframe[0].value, aviation.dataframe[0].value
    assert len(facts_all) == n_all and len(facts_aviation) == n_aviation < n_all
    column = i18n.t("col.sector", "zh")
    assert set(facts_aviation[column]) == {sector_name(con, "aviation", "zh")}


def test_data_page_counts_equal_the_database(con: duckdb.DuckDBPyConnection) -> None:
    at = open_page("data", sector="economy")
    no_errors(at)
    shown = {m.label: m.value for m in at.metric}
    facts, indicators, documents = con.execute(
        "SELECT count(*), count(DISTINCT indicator_id), count(DISTINCT doc_id) FROM facts"
        " WHERE sector_id = 'economy'"
    ).fetchone()
    entities = con.execute("SELECT count(*) FROM entities WHERE sector_id = 'economy'").fetchone()[0]
    assert shown == {
        i18n.t("data.n_facts", "zh"): f"{facts:,}",
        i18n.t("data.n_indicators", "zh"): f"{indicators:,}",
        i18n.t("data.n_documents", "zh"): f"{documents:,}",
        i18n.t("data.n_entities", "zh"): f"{entities:,}",
    }


def test_sources_page_counts_the_documents_figures(con: duckdb.DuckDBPyConnection) -> None:
    doc = con.execute(
        "SELECT doc_id FROM documents WHERE text IS NOT NULL ORDER BY doc_id LIMIT 1"
    ).fetchone()[0]
    at = open_page("sources", doc=doc, q="芦淞")
    no_errors(at)
    shown = {m.label: m.value for m in at.metric}
    n_facts = con.execute("SELECT count(*) FROM facts WHERE doc_id = ?", [doc]).fetchone()[0]
    text = con.execute("SELECT text FROM documents WHERE doc_id = ?", [doc]).fetchone()[0]
    assert shown[i18n.t("sources.n_figures", "zh")] == str(n_facts)
    assert shown[i18n.t("sources.n_marked", "zh")] == str(n_facts)
    assert shown[i18n.t("sources.n_matches", "zh")] == str(text.count("芦淞"))


def _sector_counts(at: AppTest) -> dict[str, dict[str, int]]:
    """The Overview's facts-per-sector table (st.html): sector name -> kind id -> count, in row order."""
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', overview_html(at))
    return {
        html.unescape(name): {k: int(n) for k, n in re.findall(r'data-kind="(\w+)" data-n="(\d+)"', cells)}
        for name, cells in rows
    }


def test_sector_filter_limits_the_overview_chart(con: duckdb.DuckDBPyConnection) -> None:
    at = open_page("overview", sector=["apparel", "aviation"])
    no_errors(at)
    assert set(_sector_counts(at)) == {sector_name(con, "apparel", "zh"), sector_name(con, "aviation", "zh")}
    # the landing page loads neither Plotly nor the data grid's code (bench/README.md)
    assert not at.get("plotly_chart") and not at.dataframe


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_facts_per_sector_counts_each_kind(con: duckdb.DuckDBPyConnection, lang: str) -> None:
    at = open_page("overview", lang=lang)
    no_errors(at)
    table = _sector_counts(at)
    rows = con.execute(
        "SELECT s.name_zh, s.name_en, f.kind, count(*) FROM facts f JOIN sectors s USING (sector_id)"
        " JOIN documents d USING (doc_id) WHERE d.region = ? GROUP BY ALL",
        [db.HOME_REGION],
    ).fetchall()
    assert sum(n for *_, n in rows) == sum(sum(kinds.values()) for kinds in table.values()) > 0
    for zh, en, kind, n in rows:
        assert table[en if lang == "en" else zh][kind] == n
    totals = [sum(kinds.values()) for kinds in table.values()]
    assert totals == sorted(totals, reverse=True)  # most facts first
    header = re.findall(r"<th>(.*?)</th>", overview_html(at))
    assert header == [i18n.code_name("kinds", k, lang) for k in next(iter(table.values()))]


def test_commitments_list_the_report_years_goals_with_their_passages(con: duckdb.DuckDBPyConnection) -> None:
    """Every target and plan stated in the latest report is listed with its value, its sentence and a link
    to its passage that keeps the filters."""
    report = latest_report(con)
    expected = con.execute(
        "SELECT f.fact_id, f.doc_id, f.quote, f.value, f.unit, f.qualifier FROM facts f JOIN documents d"
        " USING (doc_id) WHERE d.report_year = ? AND f.kind IN ('target', 'plan') AND d.region = ?",
        [report, db.HOME_REGION],
    ).fetchall()
    assert expected, "the latest report states no target"
    at = open_page("overview", lang="en", kind=["target", "plan"])
    no_errors(at)
    items = re.findall(r'<li data-fact="(.*?)">(.*?)</li>', overview_html(at))
    assert len(items) == min(len(expected), 10)  # the page's COMMITMENTS_SHOWN; the rest on Targets
    by_fact = {fact: (doc, quote, value, unit, q) for fact, doc, quote, value, unit, q in expected}
    for fact, body in items:
        doc, quote, value, unit, qualifier = by_fact[fact]
        text = html.unescape(body)
        assert formatting.value(value, unit, "en", qualifier) in text and " ".join(quote.split()) in text
        (href,) = re.findall(r'href="(.*?)"', body)
        params = parse_qs(urlsplit(html.unescape(href)).query)
        assert urlsplit(html.unescape(href)).path == "sources"
        assert params["doc"] == [doc] and params["fact"] == [fact]
        assert params["lang"] == ["en"] and params["kind"] == ["target", "plan"]


def test_every_kpi_card_links_to_its_passage(con: duckdb.DuckDBPyConnection) -> None:
    """Each card ends in a link to the Sources page at the fact behind the card's value."""
    at = open_page("overview", sector="economy", lang="en")
    no_errors(at)
    cards = kpi_cards(at)
    assert cards
    for card in cards:
        assert urlsplit(card.href).path == "sources", card.href
        params = parse_qs(urlsplit(card.href).query)
        assert params["sector"] == ["economy"] and params["lang"] == ["en"]
        assert params["doc"] == [card.doc] and params["fact"] == [card.fact]
        found = con.execute(
            "SELECT count(*) FROM facts WHERE doc_id = ? AND fact_id = ?", [card.doc, card.fact]
        )
        assert found.fetchone() == (1,)
    sources = open_page("sources", doc=cards[0].doc, fact=cards[0].fact, lang="en")
    no_errors(sources)
    assert sources.query_params.get("fact") == cards[0].fact


def test_sector_filter_changes_the_kpi_cards(con: duckdb.DuckDBPyConnection) -> None:
    """The headline indicators belong to some sectors only: another sector shows none of them."""
    sectors = {r[0] for r in con.execute("SELECT DISTINCT sector_id FROM indicators").fetchall()}
    headline_sectors = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT sector_id FROM indicators WHERE list_contains(?, indicator_id)",
            [list(i18n.headline_indicators())],
        ).fetchall()
    }
    outside = sorted(sectors - headline_sectors)[0]
    every, filtered = open_page("overview"), open_page("overview", sector=outside)
    assert len(kpi_cards(every)) > 0 and len(kpi_cards(filtered)) == 0
    note = f'<div class="lusong-note" role="status">{i18n.t("overview.no_kpi", "zh")}</div>'
    assert note in overview_html(filtered)


def test_a_sector_without_data_shows_a_message_not_an_empty_chart(con: duckdb.DuckDBPyConnection) -> None:
    empty = con.execute(
        "SELECT sector_id FROM sectors WHERE sector_id NOT IN (SELECT sector_id FROM facts) ORDER BY 1"
    ).fetchall()
    if not empty:
        pytest.skip("every sector has facts in this database")
    at = open_page("trends", sector=empty[0][0])
    no_errors(at)
    assert not at.get("plotly_chart") and [i.value for i in at.info] == [i18n.t("empty", "zh")]


# --- URL state -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sector_id_in_the_url_selects_that_sector_in_either_language(
    con: duckdb.DuckDBPyConnection, lang: str
) -> None:
    at = open_page("overview", sector="aviation", lang=lang)
    no_errors(at)
    widget = at.pills(key="filter_sector")
    assert widget.value == ["aviation"]
    assert widget.format_func("aviation") == sector_name(con, "aviation", lang)
    assert at.query_params.get("sector") in ("aviation", ["aviation"])


def test_widget_choices_round_trip_through_the_url() -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.pills(key="filter_sector").set_value(["apparel", "aviation"]).run()
    at.pills(key="filter_kind").set_value(["target"]).run()
    year = at.sidebar.selectbox[0].options[-1].rstrip("年")
    at.sidebar.selectbox[0].set_value(int(year)).run()
    at.sidebar.radio[0].set_value("en").run()
    no_errors(at)
    params = dict(at.query_params)
    assert params == {"sector": ["aviation", "apparel"], "kind": "target", "year": year, "lang": "en"}

    again = AppTest.from_file(APP, default_timeout=TIMEOUT)
    again.query_params.update(params)
    again.run()
    no_errors(again)
    assert again.pills(key="filter_sector").value == ["aviation", "apparel"]
    assert again.pills(key="filter_kind").value == ["target"]
    assert again.sidebar.selectbox[0].value == int(year)
    assert again.sidebar.radio[0].value == "en"
    assert overview_html(again) == overview_html(at)


def test_filters_persist_across_pages() -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.pills(key="filter_sector").set_value(["economy"]).run()
    at.sidebar.radio[0].set_value("en").run()
    for page in PAGES[1:]:
        at.switch_page(FILES[page]).run()
        no_errors(at)
        assert at.pills(key="filter_sector").value == ["economy"], page
        assert [t.value for t in at.title] == [i18n.t(f"page.{page}", "en")]


@pytest.mark.parametrize(
    "params, names",
    [
        ({"sector": "foo"}, ["sector"]),
        ({"year": "abc"}, ["year"]),
        ({"lang": "xx"}, ["lang"]),
        ({"kind": "guess"}, ["kind"]),
        ({"sector": ["aviation", "nope"], "year": "1066", "lang": "fr"}, ["sector", "year", "lang"]),
    ],
)
def test_bad_url_parameters_are_ignored_with_a_notice(params: dict, names: list[str]) -> None:
    at = open_page("overview", **params)
    no_errors(at)
    warnings = " ".join(w.value for w in at.warning)
    for name in names:
        assert f" {name} " in warnings, warnings
    for name in names:
        value = at.query_params.get(name)
        assert value in (None, "aviation", ["aviation"]), (name, value)
    assert [t.value for t in at.title] == [i18n.t("page.overview", "zh")]


def test_bad_zone_and_document_are_ignored_with_a_notice() -> None:
    spatial = open_page("spatial", zone="atlantis")
    no_errors(spatial)
    assert any(" zone " in w.value for w in spatial.warning)
    sources = open_page("sources", doc="no_such_doc")
    no_errors(sources)
    assert any(" doc " in w.value for w in sources.warning)


# --- English -------------------------------------------------------------------------------------------


def test_english_mode_shows_english_labels(con: duckdb.DuckDBPyConnection) -> None:
    at = open_page("overview", lang="en")
    no_errors(at)
    assert [t.value for t in at.title] == ["Overview"]
    assert at.pills(key="filter_sector").label == "Sector"
    names_en = {r[0] for r in con.execute("SELECT name_en FROM indicators").fetchall()}
    cards = kpi_cards(at)
    assert cards
    for card in cards:
        name = card.label.removesuffix(" growth")
        assert name in names_en, card.label
    data = open_page("data", lang="en")
    assert "Indicator" in data.dataframe[0].value.columns
    sectors_en = {r[0] for r in con.execute("SELECT name_en FROM sectors").fetchall()}
    assert set(data.dataframe[0].value["Sector"]) <= sectors_en


# --- the spatial plan and the sources -------------------------------------------------------------------


def test_zone_in_the_url_shows_its_description_and_items(con: duckdb.DuckDBPyConnection) -> None:
    zone, name, description = con.execute(
        "SELECT zone_id, name_zh, description_zh FROM zones ORDER BY zone_id LIMIT 1"
    ).fetchone()
    at = open_page("spatial", zone=zone)
    no_errors(at)
    assert at.selectbox(key="zone_pick").value == zone
    assert name in [s.value for s in at.subheader]
    assert any(description in m.value for m in at.markdown)
    assert at.query_params.get("zone") == zone


def vega_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def map_layers(spec: dict) -> tuple[list[dict], list[dict], list[dict]]:
    """The blank map's shapes (GeoJSON features), zone markers and label layers."""
    shapes, markers, *labels = spec["layer"]
    assert shapes["mark"]["type"] == "geoshape" and markers["mark"]["type"] == "circle"
    return shapes["data"]["values"], markers["data"]["values"], labels


def test_map_draws_the_boundary_and_every_zone(con: duckdb.DuckDBPyConnection) -> None:
    at = open_page("spatial")
    assert not at.get("plotly_chart")  # the blank map is Vega-Lite: no Plotly, no MapLibre
    (spec,) = vega_specs(at)
    shapes, markers, _ = map_layers(spec)
    boundaries = [json.loads(g) for (g,) in con.execute("SELECT geometry_geojson FROM boundaries").fetchall()]
    assert [f["geometry"] for f in shapes if f["properties"]["kind"] == "boundary"] == boundaries
    zones = {r[0] for r in con.execute("SELECT zone_id FROM zones WHERE lat IS NOT NULL").fetchall()}
    assert sorted(m["zone_id"] for m in markers) == sorted(zones)
    points = [(m["lat"], m["lon"]) for m in markers]
    assert len(set(points)) == len(points), "two zones drawn on the same spot"
    # offline: every layer carries its data; nothing is fetched (no url data, no tiles)
    assert "url" not in json.dumps(spec["layer"]).replace('"url_', "")
    # a click on a marker selects its zone
    assert (
        markers
        and {"name": "zone", "select": {"type": "point", "fields": ["zone_id"]}} in spec["layer"][1]["params"]
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_names_every_zone_and_fits_the_district(con: duckdb.DuckDBPyConnection, lang: str) -> None:
    at = open_page("spatial", lang=lang)
    no_errors(at)
    (spec,) = vega_specs(at)
    _, markers, labels = map_layers(spec)
    rows = con.execute(
        "SELECT z.name_zh, z.name_en, z.zone_id, count(f.fact_id) FROM zones AS z"
        " LEFT JOIN facts AS f ON f.zone_id = z.zone_id WHERE z.lat IS NOT NULL GROUP BY ALL"
    ).fetchall()
    names = {zone: en if lang == "en" else zh for zh, en, zone, _ in rows}
    # each label layer writes the names of the zones at one label position, beside their markers
    written = [m for layer in labels for m in layer["data"]["values"]
               if m["position"] == layer["transform"][0]["filter"]["equal"]]  # fmt: skip
    assert sorted(m["name"] for m in written) == sorted(names.values())
    assert all(layer["encoding"]["text"] == {"field": "name"} for layer in labels)
    assert {(m["zone_id"], m["lat"], m["lon"]) for m in written} == {
        (m["zone_id"], m["lat"], m["lon"]) for m in markers
    }
    # the tooltip names the zone and counts its facts
    for m in markers:
        assert m["tip"].startswith(names[m["zone_id"]])
        n_facts = next(n for _, _, zone, n in rows if zone == m["zone_id"])
        assert f"{i18n.t('spatial.facts', lang)}: {n_facts}" in m["tip"]
    # no fixed view: the projection fits the boundary and the zones to the map's width
    assert spec["projection"] == {"type": "mercator"} and spec["width"] == "container"


def test_a_click_on_either_map_names_its_zone() -> None:
    assert maps.clicked_zone({"zone": [{"zone_id": "cbd"}]}) == "cbd"  # the blank map (Vega-Lite)
    assert maps.clicked_zone({"points": [{"customdata": ["cbd"]}]}) == "cbd"  # the street map (Plotly)
    for nothing in (None, {}, {"zone": {}}, {"zone": [{}]}, {"points": []}, {"points": [{"x": 1}]}):
        assert maps.clicked_zone(nothing) is None


def test_the_street_map_is_plotly_with_tiles_and_every_zone(con: duckdb.DuckDBPyConnection) -> None:
    at = open_page("spatial")
    at.radio(key="basemap").set_value("open-street-map").run()
    no_errors(at)
    assert not at.get("vega_lite_chart")
    (spec,) = plotly_specs(at)
    style = spec["layout"]["map"]["style"]
    assert style["id"] == "open-street-map" and any(s.get("tiles") for s in style["sources"].values())
    assert "glyphs" not in style  # labels drawn with local fonts
    zones = {z for trace in spec["data"] if trace.get("customdata") for (z,) in trace["customdata"]}
    assert zones == {r[0] for r in con.execute("SELECT zone_id FROM zones WHERE lat IS NOT NULL").fetchall()}
    assert spec["layout"]["map"].get("fitbounds") == "locations"


def test_a_zone_lists_each_project_or_place_once(con: duckdb.DuckDBPyConnection) -> None:
    zone, n_mentions = con.execute(
        "SELECT zone_id, count(*) FROM entities WHERE zone_id IS NOT NULL"
        " GROUP BY zone_id ORDER BY count(*) - count(DISTINCT name_zh) DESC, zone_id LIMIT 1"
    ).fetchone()
    at = open_page("spatial", zone=zone)
    no_errors(at)
    table = at.dataframe[-1].value
    names = table[i18n.t("col.name", "zh")]
    keys = names.str.replace(r"[·•・\s]", "", regex=True)
    assert keys.is_unique, list(names)
    assert table[i18n.t("col.mentions", "zh")].sum() == n_mentions


def test_source_link_shows_the_figures_passage(con: duckdb.DuckDBPyConnection) -> None:
    doc_id, fact_id, figure = con.execute(
        "SELECT f.doc_id, f.fact_id, substr(d.text, f.char_start + 1, f.char_end - f.char_start)"
        " FROM facts f JOIN documents d USING (doc_id)"
        " WHERE d.text IS NOT NULL AND f.char_start IS NOT NULL ORDER BY f.fact_id LIMIT 1"
    ).fetchone()
    at = open_page("sources", doc=doc_id, fact=fact_id)
    no_errors(at)
    assert at.selectbox(key="source_doc").value == doc_id
    excerpt, text = [h.proto.body for h in at.get("html")]
    mark = f'<mark id="fact-{fact_id}"'
    assert mark in excerpt and mark in text and html.escape(figure) in excerpt
    assert at.query_params.get("fact") == fact_id


def test_a_cited_source_shows_its_citation(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute(
        "SELECT f.doc_id, f.fact_id, f.quote FROM facts f JOIN documents d USING (doc_id)"
        " WHERE d.text IS NULL ORDER BY f.fact_id LIMIT 1"
    ).fetchone()
    if row is None:
        pytest.skip("no cited source in this database")
    doc_id, fact_id, quote = row
    at = open_page("sources", doc=doc_id, fact=fact_id)
    no_errors(at)
    assert any(quote in m.value for m in at.markdown)


def test_missing_database_shows_a_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "none.duckdb"
    monkeypatch.setenv("LUSONG_DB", str(missing))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert str(missing) in at.error[0].value


def test_a_rebuilt_database_is_read_without_restart(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    live = tmp_path / "lusong.duckdb"
    live.write_bytes(DB.read_bytes())
    monkeypatch.setenv("LUSONG_DB", str(live))
    at = open_page("data")
    before = len(at.dataframe[0].value)
    rebuilt = tmp_path / "next.duckdb"
    rebuilt.write_bytes(DB.read_bytes())
    with duckdb.connect(str(rebuilt)) as writer:
        writer.execute("DELETE FROM facts WHERE fact_id = (SELECT min(fact_id) FROM facts)")
        derived.derive(writer)  # as the ETL's build does
    rebuilt.replace(live)  # what the ETL does: build elsewhere, rename into place
    at.run()
    assert len(at.dataframe[0].value) == before - 1


def test_sources_mark_only_the_filtered_sectors_figures(con: duckdb.DuckDBPyConnection) -> None:
    doc_id, sector = con.execute(
        "SELECT f.doc_id, f.sector_id FROM facts f JOIN documents d USING (doc_id)"
        " WHERE d.text IS NOT NULL AND f.char_start IS NOT NULL"
        " GROUP BY ALL ORDER BY count(*) DESC, 1, 2 LIMIT 1"
    ).fetchone()
    expected = con.execute(
        "SELECT count(*) FILTER (WHERE sector_id = ?), count(*) FROM facts"
        " WHERE doc_id = ? AND char_start IS NOT NULL",
        [sector, doc_id],
    ).fetchone()
    marked = []
    for params in ({"sector": sector}, {}):
        at = open_page("sources", doc=doc_id, **params)
        no_errors(at)
        marked.append(at.get("html")[-1].proto.body.count('<mark id="fact-'))
    # overlapping figures are drawn once, so at most the database's count; a filter never adds any
    assert 0 < marked[0] <= expected[0] and marked[0] <= marked[1] <= expected[1]
    assert marked[1] > marked[0] or expected[0] == expected[1]


# --- another place's report ------------------------------------------------------------------------------

OTHER_REGION = "青溪县"
OTHER_DOC = "qingxi_2026"
OTHER_VALUE = 97.31  # a growth rate no report of 芦淞区 states
OTHER_ENTITY = "青溪县测试工业园"


@pytest.fixture(scope="module")
def two_regions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the database plus a newer report of another county: a GDP growth actual for the year after
    the district's latest (it would be the KPI card if regions mixed), a target, and a project placed in a
    zone of the district's plan."""
    path = tmp_path_factory.mktemp("regions") / "lusong.duckdb"
    shutil.copyfile(DB, path)
    with duckdb.connect(str(path)) as con:
        year = latest_report(con) + 2
        text = f"{OTHER_REGION}{year}年政府工作报告。地区生产总值增长{OTHER_VALUE}%。{OTHER_ENTITY}开工。"
        con.execute(
            "INSERT INTO documents (doc_id, source_type, title, report_year, region, text)"
            " VALUES (?, 'work_report', ?, ?, ?, ?)",
            [OTHER_DOC, f"{OTHER_REGION}{year}年政府工作报告", year, OTHER_REGION, text],
        )
        for suffix, kind, period in (("a", "actual", year - 1), ("t", "target", year)):
            con.execute(
                "INSERT INTO facts SELECT ? AS fact_id, ? AS doc_id, indicator_id, sector_id,"
                " 'aviation_city' AS zone_id, ? AS value, unit, ? AS value_text, NULL AS qualifier,"
                " ? AS kind, measure, ? AS period_start, ? AS period_end, 0 AS char_start, 4 AS char_end,"
                " ? AS quote"
                " FROM facts WHERE indicator_id = 'gdp' AND measure = 'growth_pct' LIMIT 1",
                [f"other_{suffix}", OTHER_DOC, OTHER_VALUE, f"{OTHER_VALUE}%", kind, period, period, text],
            )
        con.execute(
            "INSERT INTO entities (entity_id, doc_id, name_zh, type, sector_id, zone_id, char_start,"
            " char_end, quote) VALUES ('other_e', ?, ?, 'project', 'aviation', 'aviation_city', 0, 4, ?)",
            [OTHER_DOC, OTHER_ENTITY, text],
        )
        derived.derive(con)
    return path


def _shown_text(at: AppTest) -> str:
    """Everything a page shows as text: metrics, captions, markdown, tables and chart data."""
    parts = [f"{m.label} {m.value} {m.proto.delta} {m.proto.help}" for m in at.metric]
    parts += [html.unescape(re.sub(r"<[^>]+>", " ", h.proto.body)) for h in at.get("html")]
    parts += [e.value for kind in ("caption", "markdown", "info", "warning") for e in at.get(kind)]
    parts += [frame.value.to_csv() for frame in at.dataframe]
    parts += [chart.proto.spec for chart in at.get("plotly_chart")]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", ["overview", "trends", "targets", "data"])
def test_another_places_report_stays_out_of_the_default_views(
    page: str, two_regions: Path, monkeypatch: pytest.MonkeyPatch, con: duckdb.DuckDBPyConnection
) -> None:
    monkeypatch.setenv("LUSONG_DB", str(two_regions))
    at = open_page(page)
    no_errors(at)
    shown = _shown_text(at)
    assert str(OTHER_VALUE) not in shown and OTHER_REGION not in shown and OTHER_ENTITY not in shown
    # the year picker offers the district's report years only
    years = {r[0] for r in con.execute("SELECT DISTINCT report_year FROM documents").fetchall()} - {None}
    assert {int(o.rstrip("年")) for o in at.sidebar.selectbox[0].options[1:]} == years
    if page == "overview":  # the cards still describe the district's latest report
        caption = i18n.t("overview.caption", "zh", report=latest_report(con))
        assert f'<p class="caption">{html.escape(caption)}</p>' in overview_html(at)
        assert len(kpi_cards(at)) > 0
    if page == "data":
        n_facts, n_entities = con.execute(
            "SELECT (SELECT count(*) FROM facts), (SELECT count(*) FROM entities)"
        ).fetchone()
        assert [len(frame.value) for frame in at.dataframe] == [n_facts, n_entities]


def test_the_map_zone_lists_only_the_districts_items(
    two_regions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LUSONG_DB", str(two_regions))
    at = open_page("spatial", zone="aviation_city")
    no_errors(at)
    shown = _shown_text(at)
    assert str(OTHER_VALUE) not in shown and OTHER_ENTITY not in shown


def test_the_sources_page_lists_another_places_report_by_its_region(
    two_regions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LUSONG_DB", str(two_regions))
    default = open_page("sources")
    no_errors(default)
    picker = default.selectbox(key="source_doc")
    assert picker.value != OTHER_DOC  # the default document is the district's
    label = picker.format_func(OTHER_DOC)
    assert label.startswith(f"[{OTHER_REGION}] ")
    other = open_page("sources", doc=OTHER_DOC)
    no_errors(other)
    assert any(OTHER_REGION in i.value for i in other.info)
    assert OTHER_ENTITY in other.get("html")[-1].proto.body


def test_a_crowded_zone_counts_all_its_facts_and_says_how_many_it_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The zone's table holds its first db.TABLE_ROWS facts; the heading counts them all."""
    path = tmp_path / "crowded.duckdb"
    shutil.copyfile(DB, path)
    with duckdb.connect(str(path)) as writer:
        zone, n_zone = writer.execute(
            "SELECT zone_id, count(*) FROM facts WHERE zone_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
        copies = db.TABLE_ROWS // n_zone + 1
        writer.execute(
            "INSERT INTO facts SELECT f.* REPLACE (fact_id || '-' || n AS fact_id)"
            " FROM facts AS f, range(1, ?) AS r(n) WHERE f.zone_id = ?",
            [copies, zone],
        )
        derived.derive(writer)
    total = n_zone * copies
    monkeypatch.setenv("LUSONG_DB", str(path))
    at = open_page("spatial", zone=zone, lang="en")
    no_errors(at)
    assert f"**{i18n.t('spatial.facts', 'en')}** ({total:,})" in [m.value for m in at.markdown]
    shown = i18n.t("table.showing", "en", n=f"{db.TABLE_ROWS:,}", total=f"{total:,}")
    assert shown in [c.value for c in at.caption]
    assert len(at.dataframe[0].value) == db.TABLE_ROWS
