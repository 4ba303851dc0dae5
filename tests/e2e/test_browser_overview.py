"""The Overview's two summaries are plain HTML (st.html): in a real browser their styles apply (bars as wide
as their counts, quotes cut to two lines), and a commitment's link opens the Sources page at its passage."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.site import BY_ID
from tests.e2e.streamlit_ui import MAIN, assert_no_errors, open_app, screenshot, wait_for_app

pytestmark = pytest.mark.e2e


def test_sector_bars_are_drawn_to_scale(app_server, page):
    open_app(page, BY_ID["overview"].url(app_server.url))
    cells = page.locator(f"{MAIN} table.lusong-bars td[data-n]")
    assert cells.count() > 0
    bars = cells.evaluate_all(
        "cs => cs.map(c => [Number(c.dataset.n),"
        " c.querySelector('.bar').getBoundingClientRect().toJSON()])"
    )
    top = max(n for n, _ in bars)
    widest = max(box["width"] for _, box in bars)
    assert widest > 20
    for n, box in bars:
        assert box["width"] == pytest.approx(widest * n / top, abs=1.5), (n, box, widest, top)
        assert n == 0 or box["height"] > 5, "the <style> block did not apply: bars have no height"
    assert_no_errors(page, page.console.errors)


def test_a_commitments_link_opens_its_passage(app_server, page):
    open_app(page, BY_ID["overview"].url(app_server.url, "lang=en"))
    item = page.locator(f"{MAIN} ol.lusong-goals li").first
    quote = item.locator(".quote")
    box = quote.bounding_box()
    line = float(quote.evaluate("q => parseFloat(getComputedStyle(q).lineHeight)"))
    assert box["height"] <= 2 * line + 1, "a quote longer than two lines is not clamped"
    fact = item.get_attribute("data-fact")
    screenshot(page, "overview-commitments")
    item.locator("a").click()
    page.wait_for_url("**/sources?**")
    wait_for_app(page)
    query = parse_qs(urlsplit(page.url).query)
    assert query["fact"] == [fact] and query["lang"] == ["en"] and query["doc"]
    assert page.locator(f"{MAIN} mark").count() > 0  # the passage is highlighted
    assert_no_errors(page, page.console.errors)
