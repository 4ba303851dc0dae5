"""Every page in a real browser: no error box, no console exception, its heading and content, a screenshot."""

from __future__ import annotations

import pytest

from dashboard import shell
from tests.e2e.glyphs import glyph_report
from tests.e2e.site import CHART_OR_METRIC, PAGES
from tests.e2e.streamlit_ui import (
    CHART,
    MAIN,
    assert_no_errors,
    heading,
    open_app,
    screenshot,
    visible_count,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
# Streamlit's own English defaults, which a Chinese page must not show (a widget without a translated
# placeholder, e.g. a selectbox whose value is None).
STREAMLIT_ENGLISH = ("Choose an option", "Choose options", "No results", "Select all")

# Where Streamlit's defaults show: texts, and the placeholders of empty inputs.
_ENGLISH_DEFAULTS = """(defaults) => {
    const app = document.querySelector("[data-testid='stAppViewContainer']");
    const found = defaults.filter(d => app.innerText.includes(d));
    for (const input of app.querySelectorAll('input')) {
        if (!input.value && defaults.includes(input.placeholder))
            found.push(`${input.ariaLabel}: ${input.placeholder}`);
    }
    return found;
}"""

# A drawn chart: an svg or canvas of nonzero size holding data: for Plotly a trace with data in it, for
# Vega-Lite at least one mark (a point, bar, rule or text for a datum).
_CHART_HAS_DRAWING = """(chart) => {
    const drawn = [...chart.querySelectorAll('svg.main-svg, svg.marks, canvas')].some(e => {
        const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
    const gd = chart.querySelector('.js-plotly-plot');
    if (!gd) return drawn && chart.querySelectorAll('svg.marks [aria-roledescription]').length > 0;
    const hasData = (gd.data || []).some(t => ['x', 'y', 'lon', 'lat', 'values']
        .some(k => Array.isArray(t[k]) ? t[k].length > 0 : (t[k] && t[k].length > 0)));
    return drawn && hasData;
}"""


# Text a chart writes over its data (annotations, bar and point labels; Vega's text marks and axis labels)
# whose boxes overlap another's. Vega hides an axis label that would collide with opacity 0.
_OVERLAPPING_TEXT = """(chart) => {
    const labels = 'text.annotation-text, text.bartext, .textpoint text, g.mark-text text';
    const boxes = [...chart.querySelectorAll(labels)]
        .filter(e => e.getAttribute('opacity') !== '0' && getComputedStyle(e).opacity !== '0')
        .map(e => ({text: e.textContent.trim(), r: e.getBoundingClientRect()}))
        .filter(b => b.text && b.r.width > 0 && b.r.height > 0);
    const clashes = [];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r, b = boxes[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 2) clashes.push(`${boxes[i].text} / ${boxes[j].text}`);
    }
    return clashes;
}"""


def assert_charts_drawn_and_legible(page) -> None:
    charts = page.locator(f"{MAIN} {CHART}").all()
    empty = [i for i, chart in enumerate(charts) if not chart.evaluate(_CHART_HAS_DRAWING)]
    assert not empty, f"empty charts (numbers {empty} in page order) on {page.url}"
    clashes = {i: c for i, chart in enumerate(charts) if (c := chart.evaluate(_OVERLAPPING_TEXT))}
    assert not clashes, f"overlapping labels in charts (by number in page order) on {page.url}: {clashes}"


def test_the_page_list_is_the_apps():
    """The browser tests cover every page the app registers."""
    assert [p.page_id for p in PAGES] == [spec.page_id for spec in shell.PAGES]


@pytest.mark.parametrize("target", PAGES, ids=[p.page_id for p in PAGES])
def test_page_in_chinese_at_desktop_width(app_server, page, target):
    open_app(page, target.url(app_server.url))
    screenshot(page, f"page-{target.page_id}-zh-desktop")
    assert heading(page) == target.zh
    assert visible_count(page, target.content) >= 1, f"no {target.content} visible on {page.url}"
    assert_charts_drawn_and_legible(page)
    report = glyph_report(page, f"{MAIN} h1")
    assert report.real_glyphs, f"heading of {page.url} not drawn with CJK glyphs: {report}"
    english = page.evaluate(_ENGLISH_DEFAULTS, list(STREAMLIT_ENGLISH))
    assert not english, f"Streamlit's English defaults on the Chinese page {page.url}: {english}"
    assert_no_errors(page, page.console.errors)


@pytest.mark.parametrize("target", PAGES, ids=[p.page_id for p in PAGES])
def test_page_in_english_at_phone_width(app_server, new_context, target):
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_app(page, target.url(app_server.url, "lang=en"))
    screenshot(page, f"page-{target.page_id}-en-phone")
    assert heading(page) == target.en
    assert visible_count(page, target.content) >= 1, f"no {target.content} visible on {page.url}"
    overflow = page.evaluate(
        "() => document.querySelector(\"[data-testid='stMain']\").scrollWidth - window.innerWidth"
    )
    assert overflow <= 1, f"{page.url} is {overflow}px wider than a phone screen"
    assert_charts_drawn_and_legible(page)
    assert_no_errors(page, context.console.errors)


TEXT_AND_TABLE_PAGES = [p for p in PAGES if p.page_id in ("sources", "data")]


@pytest.mark.parametrize("target", TEXT_AND_TABLE_PAGES, ids=[p.page_id for p in TEXT_AND_TABLE_PAGES])
def test_text_and_table_pages_show_a_chart_or_kpi(app_server, page, target):
    """Sources and Data open with a row of counts (st.metric); the other pages' content already is a chart
    or KPI (see site.PAGES)."""
    open_app(page, target.url(app_server.url))
    assert visible_count(page, f"{MAIN} :is({CHART_OR_METRIC})") >= 1, f"no chart or KPI on {page.url}"
