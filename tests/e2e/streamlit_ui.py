"""What the browser tests do with a Streamlit page: wait for a run, look for errors, take pictures."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
except ImportError:  # without playwright the browser tests skip (see conftest), but this must import
    PlaywrightTimeoutError = TimeoutError

if TYPE_CHECKING:
    from playwright.sync_api import Page

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"

APP = "[data-testid='stAppViewContainer']"
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
CHART = ":is([data-testid='stPlotlyChart'], [data-testid='stVegaLiteChart'])"
METRIC = "[data-testid='stMetric']"
SIDEBAR = "[data-testid='stSidebar']"
MAIN = "[data-testid='stMain']"
KPI = f"{MAIN} article.lusong-kpi"  # the Overview's KPI cards (HTML, dashboard/overview.py)
SECTOR_FILTER = f"{MAIN} .st-key-filter_sector"  # on the page, above its content; the widget's key as a class
PRESSED = "button[aria-pressed='true']"  # a chosen pill
NAV = "[data-testid='stSidebarNav']"

# Generous: the machines that run this are shared, and a first page run builds the caches.
TIMEOUT = 120_000

# Installed in every page before its scripts: counts the script runs the app goes through, so a test can
# tell the run its click triggered from the one before it.
RUN_COUNTER = """(() => {
    window.__streamlitRuns = 0;
    new MutationObserver(records => {
        for (const r of records) if (r.target.dataset.testScriptState === 'running') window.__streamlitRuns++;
    }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
})();"""

# A finished run that drew something in the main area: a cold deep link's first run draws nothing there
# and hands over to app.py (dashboard/shell.py page()), whose run follows a moment later.
_SCRIPT_DONE = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    return app !== null && app.dataset.testConnectionState === 'CONNECTED'
        && app.dataset.testScriptState === 'notRunning'
        && document.querySelector("[data-testid='stMain'] [data-testid='stElementContainer']") !== null;
}"""

# A plotly chart is drawn once its div holds a figure laid out by Streamlit (which sets the width, and the
# click mode that makes a click a selection) with an svg or a canvas of nonzero size, and its maps (MapLibre)
# have loaded their style and sources. A Vega-Lite chart once vega-embed has drawn its svg (or canvas).
_CHARTS_DRAWN = """() => [...document.querySelectorAll("[data-testid='stVegaLiteChart']")].every(c =>
    [...c.querySelectorAll('canvas, svg.marks')].some(e => {
        const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; }))
  && [...document.querySelectorAll("[data-testid='stPlotlyChart']")].every(c => {
    const gd = c.querySelector('.js-plotly-plot');
    if (!gd || !gd._fullLayout || !gd.layout || gd.layout.width === undefined) return false;
    const maps = Object.keys(gd._fullLayout).filter(k => /^map\\d*$/.test(k))
        .map(k => gd._fullLayout[k]._subplot);
    if (maps.some(s => !s || !s.map || !s.map.loaded())) return false;
    return [...c.querySelectorAll('svg.main-svg, canvas')].some(e => {
        const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
})"""


# Charts and tables are loaded lazily: a skeleton stands in for them until their code has arrived.
_NO_SKELETONS = """() =>
    document.querySelectorAll("[data-testid='stMain'] [data-testid='stSkeleton']").length === 0
    && [...document.querySelectorAll("[data-testid='stDataFrame']")].every(d => d.querySelector('canvas'))"""


def wait_for_app(page: Page, timeout: float = TIMEOUT) -> None:
    """Wait for the app container, a finished script run, and every chart and table drawn."""
    page.wait_for_selector(APP, timeout=timeout)
    page.wait_for_function(_SCRIPT_DONE, timeout=timeout)
    page.wait_for_function(_NO_SKELETONS, timeout=timeout)
    page.wait_for_function(_CHARTS_DRAWN, timeout=timeout)


def open_app(page: Page, url: str, timeout: float = TIMEOUT) -> None:
    page.goto(url, wait_until="domcontentloaded", timeout=timeout)
    wait_for_app(page, timeout)


def runs(page: Page) -> int:
    """How many script runs this page has seen start (counted by RUN_COUNTER)."""
    return page.evaluate("() => window.__streamlitRuns || 0")


@contextmanager
def rerun(page: Page, timeout: float = TIMEOUT) -> Iterator[None]:
    """Around an interaction: wait for the run it triggers to start, then for the page to settle."""
    before = runs(page)
    yield
    try:
        page.wait_for_function("n => (window.__streamlitRuns || 0) > n", arg=before, timeout=10_000)
    except PlaywrightTimeoutError:
        pass  # the interaction triggered no run (nothing changed): the page is as it was
    wait_for_app(page, timeout)


# Opened at a page path (/trends), Streamlit's frontend first looks for its server one level down
# (/trends/_stcore/health, /trends/_stcore/host-config) and falls back to the base on the 404: not an error.
BASE_PROBE = re.compile(r"status of 404 .*'url': '[^']*/_stcore/(health|host-config)'")


def heading(page: Page) -> str:
    """The page's first h1, as shown."""
    return page.locator(f"{MAIN} h1").first.inner_text(timeout=10_000).strip()


def nav_titles(page: Page) -> list[str]:
    """The navigation's page titles (each link's last line: the icon's ligature name may come first)."""
    return [t.strip().splitlines()[-1].strip() for t in page.locator(f"{NAV} a").all_inner_texts()]


def visible_count(page: Page, selector: str) -> int:
    return sum(1 for e in page.locator(selector).all() if e.is_visible())


def error_texts(page: Page) -> list[str]:
    return [e.inner_text() for e in page.query_selector_all(ERRORS)]


def assert_no_errors(page: Page, console_errors: list[str], ignore: re.Pattern | None = None) -> None:
    """No error box on the page and no error in its console, once its requests have settled."""
    try:  # a failing request (e.g. to an unreachable host) reports its error only when it fails
        page.wait_for_load_state("networkidle", timeout=15_000)
    except PlaywrightTimeoutError:
        pass
    shown = error_texts(page)
    assert not shown, f"Streamlit error box on {page.url}: {shown}"
    real = [e for e in console_errors if not (BASE_PROBE.search(e) or (ignore and ignore.search(e)))]
    assert not real, f"browser console errors on {page.url}: {real}"


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot. Streamlit scrolls inside its main container, not the document, so the
    viewport is first stretched to the content's height."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    viewport = page.viewport_size
    height = page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight,
            ...[...document.querySelectorAll(
                "[data-testid='stMain'], [data-testid='stAppViewContainer'], [data-testid='stSidebarContent']"
            )].map(e => e.scrollHeight))"""
    )
    if viewport and height > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": min(int(height) + 40, 12_000)})
        page.wait_for_timeout(500)  # charts resize to the new viewport
    page.screenshot(path=str(path), full_page=True)
    if viewport:
        page.set_viewport_size(viewport)
    return path
