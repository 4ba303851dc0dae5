"""The dashboard's pure parts: value formatting, URL parsing, passage highlighting, KPI cards, their HTML."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest

from dashboard import filters, formatting, kpis, overview, passages

CHOICES = filters.Choices(
    sectors=("economy", "aviation", "apparel"), years=(2024, 2021), kinds=("actual", "target", "plan")
)


@pytest.mark.parametrize(
    "value, unit, lang, qualifier, expected",
    [
        (4.6e10, "yuan", "zh", None, "460亿元"),
        (4.6e10, "yuan", "en", None, "46 billion yuan"),
        (3.14e9, "yuan", "zh", None, "31.4亿元"),
        (1.5e5, "yuan", "zh", None, "15万元"),
        (2.6e8, "yuan", "en", None, "260 million yuan"),
        (5.4, "percent", "zh", None, "5.4%"),
        (7.0, "percent", "zh", "about", "7%左右"),
        (7.0, "percent", "en", "about", "about 7%"),
        (80000, "household", "zh", "over", "突破8万户"),
        (80000, "household", "en", "over", "over 80,000 households"),
        (4000, "item", "zh", "more_than", "4000余个"),
        (3.0, "percent", "zh", "within", "3%以内"),
        (1.6, "pct_point", "zh", None, "1.6个百分点"),
        (1.6, "pct_point", "en", None, "1.6 pp"),
        (1.0, "rank", "zh", None, "第1名"),
        (1575, "place", "zh", None, "1575个学位"),
        (12000, "person", "zh", None, "1.2万人"),
    ],
)
def test_values_read_as_people_write_them(value, unit, lang, qualifier, expected) -> None:
    assert formatting.value(value, unit, lang, qualifier) == expected


@pytest.mark.parametrize(
    "diff, unit, lang, expected",
    [
        (1.6, "percent", "zh", "+1.6个百分点"),
        (-1.6, "percent", "en", "-1.6 pp"),
        (2, "item", "zh", "+2个"),
        (0, "item", "en", "±0 items"),
    ],
)
def test_differences_are_signed_and_growth_differs_in_points(diff, unit, lang, expected) -> None:
    assert formatting.difference(diff, unit, lang) == expected


@pytest.mark.parametrize(
    "value, unit, lang, qualifier, expected",
    [
        (80000, "household", "en", "over", ("over 80,000", "households")),
        (80000, "household", "zh", "over", ("突破8万户", None)),
        (4.6e10, "yuan", "en", None, ("¥46 bn", None)),
        (5.4, "percent", "en", None, ("5.4%", None)),
    ],
)
def test_compact_values_for_cards(value, unit, lang, qualifier, expected) -> None:
    assert formatting.compact(value, unit, lang, qualifier) == expected


def test_period() -> None:
    assert formatting.period(2023, 2023, "zh") == "2023年"
    assert formatting.period(2021, 2025, "en") == "2021–2025"


@pytest.mark.parametrize(
    "params, expected, problems",
    [
        ({}, filters.Filters(), []),
        ({"sector": ["aviation"]}, filters.Filters(sectors=("aviation",)), []),
        ({"sector": ["apparel,aviation"]}, filters.Filters(sectors=("aviation", "apparel")), []),
        (
            {"sector": ["apparel", "aviation", "apparel"]},
            filters.Filters(sectors=("aviation", "apparel")),
            [],
        ),
        ({"sector": ["foo"]}, filters.Filters(), [("sector", "foo")]),
        ({"sector": ["航空/低空经济"]}, filters.Filters(), [("sector", "航空/低空经济")]),
        ({"year": ["2024"]}, filters.Filters(year=2024), []),
        ({"year": ["abc"]}, filters.Filters(), [("year", "abc")]),
        ({"year": ["1999"]}, filters.Filters(), [("year", "1999")]),
        ({"year": ["2024", "2021"]}, filters.Filters(year=2024), [("year", "2021")]),
        ({"kind": ["target", "nope"]}, filters.Filters(kinds=("target",)), [("kind", "nope")]),
        ({"lang": ["EN"]}, filters.Filters(lang="en"), []),
        ({"lang": ["xx"]}, filters.Filters(), [("lang", "xx")]),
        ({"sector": [""], "lang": [""]}, filters.Filters(), []),
    ],
)
def test_url_parameters_parse_to_filters(params, expected, problems) -> None:
    assert filters.parse(params, CHOICES) == (expected, problems)


@pytest.mark.parametrize(
    "year", ["²", "٢٠٢٤", "２０２４", "\ufeff2024", "02024", "9" * 100_000, "-2024", "2024.0"]
)
def test_a_year_is_four_ascii_digits_or_ignored(year: str) -> None:
    assert filters.parse({"year": [year]}, CHOICES) == (filters.Filters(), [("year", year)])


def test_a_notice_shows_a_value_as_inert_text() -> None:
    assert filters.shown("[点我](https://evil.example/x)") == "`[点我](https://evil.example/x)`"
    assert filters.shown("www.evil.example a`b") == "``www.evil.example a`b``"
    assert filters.shown("`x") == "`` `x ``"
    assert filters.shown("\x1b[0m a\r\n\u202e") == "`\\u001b[0m a\\u000d\\u000a\\u202e`"
    assert filters.shown("芦" * 100) == "`" + "芦" * filters.SHOWN_LENGTH + "`…"


def test_notices_quote_a_few_distinct_values_per_parameter() -> None:
    problems = [("sector", v) for v in ["a", "b", "a", "c", "d"]] + [("year", "x")]
    sector, year = filters.notice_texts(problems, "en")
    assert sector == (
        "URL parameter sector: 4 values are not recognised and were ignored: “`a`”, “`b`”, “`c`”…"
    )
    assert year == "URL parameter year: the value “`x`” is not recognised and was ignored."


def test_filters_write_ids_and_leave_defaults_out() -> None:
    assert filters.to_params(filters.Filters()) == {}
    chosen = filters.Filters(sectors=("aviation", "apparel"), year=2021, kinds=("plan",), lang="en")
    params = filters.to_params(chosen)
    assert params == {"sector": ["aviation", "apparel"], "year": ["2021"], "kind": ["plan"], "lang": ["en"]}
    assert filters.parse(params, CHOICES) == (chosen, [])


def test_passages_escape_the_source_and_mark_figures() -> None:
    text = "增长<b>5.4%</b>，目标7%左右。"
    figures = [passages.Figure("f1", 5, 9, "GDP"), passages.Figure("f2", 16, 20, "GDP <target>")]
    out = passages.highlight(text, figures, focus="f2")
    assert "<b>" not in out and "&lt;b&gt;" in out
    assert out.count("<mark") == 2 and 'id="fact-f2"' in out and "&lt;target&gt;" in out
    assert out.index("5.4%") < out.index("7%左右")


def test_passages_skip_overlapping_and_out_of_range_figures() -> None:
    text = "abcdef"
    figures = [
        passages.Figure("a", 0, 3, ""),
        passages.Figure("b", 2, 4, ""),
        passages.Figure("c", 5, 99, ""),
    ]
    assert passages.highlight(text, figures).count("<mark") == 1


def test_search_hits_inside_and_outside_figures() -> None:
    text = "航空城 航空小镇 航空"
    out = passages.highlight(text, [passages.Figure("f", 4, 8, "")], needle="航空")
    assert out.count("<mark") == 4  # one figure + three hits (one inside the figure)
    assert passages.search_hits(text, "") == []
    assert passages.search_hits("GDP gdp", "GDP") == [(0, 3), (4, 7)]


def _fact(fid, kind, value, start, end, measure="growth_pct", unit="percent", qualifier=None, report=2024):
    return {
        "fact_id": fid,
        "doc_id": "d",
        "indicator_id": "gdp",
        "indicator_zh": "地区生产总值",
        "indicator_en": "GDP",
        "kind": kind,
        "value": value,
        "unit": unit,
        "qualifier": qualifier,
        "measure": measure,
        "period_start": start,
        "period_end": end,
        "char_start": 0,
        "quote": f"q{fid}",
        "doc_title": "t",
        "publisher": "p",
        "meeting_date": None,
        "report_year": report,
        "has_text": True,
        "value_text": str(value),
    }


def test_kpi_compares_with_the_target_of_the_same_year_first() -> None:
    facts = pd.DataFrame(
        [
            _fact("a", "actual", 5.4, 2023, 2023),
            _fact("t", "target", 6.0, 2023, 2023),
            _fact("n", "target", 7.0, 2024, 2024),
        ]
    )
    (card,) = kpis.cards(facts, ("gdp",), "zh")
    assert (card.value, card.delta, card.delta_color) == ("5.4%", "较2023年目标 -0.6个百分点", "red")
    assert card.delta_arrow == "off"  # a gap to a target, not a fall
    assert card.note == "2023年实绩 · 2023年目标 6%"
    assert [q.text for q in card.quotes] == ["qa", "qt"]  # the value's sentence, then the target's
    met = facts.assign(value=[6.5, 6.0, 7.0])
    (card,) = kpis.cards(met, ("gdp",), "en")
    assert (card.delta, card.delta_color, card.delta_arrow) == ("vs 2023 target +0.5 pp", "green", "off")


def test_kpi_below_a_ceiling_or_a_rank_is_met() -> None:
    facts = pd.DataFrame(
        [_fact("a", "actual", 2.5, 2023, 2023), _fact("t", "target", 3.0, 2023, 2023, qualifier="within")]
    )
    (card,) = kpis.cards(facts, ("gdp",), "zh")
    assert (card.delta, card.delta_color) == ("较2023年目标 -0.5个百分点", "green")


def test_kpi_falls_back_to_the_next_target_then_the_previous_year() -> None:
    facts = pd.DataFrame(
        [
            _fact("a", "actual", 5.4, 2023, 2023),
            _fact("n", "target", 7.0, 2024, 2024),
            _fact("p", "actual", 6.0, 2022, 2022),
            _fact("s", "actual", 7.5, 2016, 2020),
        ]
    )
    (card,) = kpis.cards(facts, ("gdp",), "en")
    assert (card.label, card.value) == ("GDP growth", "5.4%")
    # the actual minus the next year's target: grey, no arrow (neither met nor missed yet)
    assert (card.delta, card.delta_color, card.delta_arrow) == ("vs 2024 target -1.6 pp", "gray", "off")
    assert card.note == "2023 actual · 2024 target 7%"
    previous_only = facts[facts["fact_id"] != "n"]
    (card,) = kpis.cards(previous_only, ("gdp",), "zh")
    # a change since the year before: the one delta with an arrow
    assert (card.delta, card.delta_color, card.delta_arrow) == ("较2022年 -0.6个百分点", "red", "down")
    assert card.note == "2023年实绩 · 2022年实绩 6%"


def test_kpi_without_an_actual_shows_the_target_and_says_so() -> None:
    (card,) = kpis.cards(
        pd.DataFrame([_fact("n", "target", 6.0, 2024, 2024, qualifier="about")]), ("gdp",), "zh"
    )
    assert card.value == "—" and "暂无实绩" in card.note and "6%左右" in card.note and card.delta is None
    assert kpis.cards(pd.DataFrame([_fact("n", "target", 6.0, 2024, 2024)]).iloc[0:0], ("gdp",), "zh") == []


class _Tags(HTMLParser):
    """The elements and attributes of an HTML fragment, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text += data


def test_kpi_cards_html_shows_hostile_text_as_text() -> None:
    """Every text of a card comes from the database (names, quotes, titles): it is escaped, so a crafted
    report can add no element, attribute or link to the Overview."""
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">"'
    card = kpis.Card(
        indicator_id=f"gdp{payload}",
        label=f"GDP {payload}",
        value=f"5.4%{payload}",
        delta=f"vs 2024 target {payload}",
        delta_color="gray",
        delta_arrow="off",
        note=f"2023 actual {payload}",
        quotes=(kpis.Quote(f"quote {payload}", f"“title {payload}”"),),
        fact_id=f"f{payload}",
        doc_id=f"d{payload}",
        has_text=True,
    )
    shown = overview.cards_html([card], "en", lambda doc, fact: f"sources?doc={doc}&fact={fact}")
    tags = _Tags()
    tags.feed(shown)
    assert tags.tags == {"section", "article", "div", "h3", "span", "p", "a"}
    assert "onerror" not in tags.attrs and "src" not in tags.attrs
    for text in (card.label, card.value, card.delta, card.note, card.quotes[0].text):
        assert text in tags.text
