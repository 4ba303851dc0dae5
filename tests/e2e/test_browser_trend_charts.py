"""The Trends charts in a real browser: a click on a mark shows its quote and a link to its passage, also
on the first click after a deep link woke a fresh server (dashboard/shell.py), and the tooltip quotes the
source."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.site import BY_ID
from tests.e2e.streamlit_ui import MAIN, assert_no_errors, open_app, rerun, screenshot

pytestmark = pytest.mark.e2e

CHARTS = f"{MAIN} [data-testid='stVegaLiteChart']"
MARK = "path[aria-roledescription='{}']"
# the bordered box under a chart: the innermost block holding a quote
PASSAGE = f"{MAIN} [data-testid='stVerticalBlock']:has(blockquote):not(:has([data-testid='stVerticalBlock']))"


def click_mark(page, chart: int, role: str, index: int = 0) -> dict[str, list[str]]:
    """Click a mark; return the query of the passage link the page then shows under the chart."""
    mark = page.locator(CHARTS).nth(chart).locator(MARK.format(role)).nth(index)
    box = mark.bounding_box()
    with rerun(page):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    passage = page.locator(PASSAGE)
    assert passage.count() == 1, f"no passage shown after clicking a {role} on {page.url}"
    href = passage.locator("a").first.get_attribute("href")
    assert urlsplit(href).path.split("/")[-1] == "sources", href
    return parse_qs(urlsplit(href).query)


def test_the_first_click_after_a_cold_deep_link_shows_the_passage(start_server, page):
    server = start_server("fresh-trends-click")
    open_app(page, BY_ID["trends"].url(server.url, "sector=economy"))
    query = click_mark(page, 0, "point")
    assert query["doc"] and query["fact"] and query["sector"] == ["economy"]
    quote = page.locator(PASSAGE).locator("blockquote").inner_text()
    assert quote.strip(), "the clicked fact's quote is empty"
    screenshot(page, "trends-point-clicked")
    assert_no_errors(page, page.console.errors)


def test_a_bar_click_shows_its_passage_and_the_tooltip_quotes_it(app_server, page):
    open_app(page, BY_ID["trends"].url(app_server.url))
    bar = page.locator(CHARTS).nth(1).locator(MARK.format("bar")).first
    bar.hover(position={"x": 4, "y": 4})
    tooltip = page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for(timeout=10_000)
    text = tooltip.inner_text()
    query = click_mark(page, 1, "bar")
    quote = page.locator(PASSAGE).locator("blockquote").inner_text().strip()
    assert quote and quote in " ".join(text.split()), (quote, text)
    assert query["doc"] and query["fact"]
    assert_no_errors(page, page.console.errors)
