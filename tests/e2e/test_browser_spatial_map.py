"""The spatial-plan map offline: the district boundary and the five zones drawn with every non-loopback
request aborted, and a click on a zone (a real mouse click on its marker) showing that zone's details.
The blank map is Vega-Lite (SVG: each zone marker a path whose aria-label is its zone id)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
import numpy as np
import pytest
from PIL import Image

from tests.e2e.conftest import ARTIFACTS, ROOT
from tests.e2e.site import BY_ID
from tests.e2e.streamlit_ui import CHART, MAIN, assert_no_errors, open_app, rerun, screenshot

pytestmark = pytest.mark.e2e

DB = ROOT / "data" / "lusong.duckdb"
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
BOUNDARY_RGB = (0xB4, 0x23, 0x2C)  # the boundary line colour (the theme's primary colour)
ZONE_PICKER = "[data-testid='stSelectbox']"
ABORTED = re.compile(r"Failed to load resource: net::ERR_FAILED")  # the requests this test aborts

# The SVG the Vega-Lite map drew: its shapes (boundary, outlines), and each zone marker's id and centre.
_DRAWN = """(chart) => {
    const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const shapes = [...chart.querySelectorAll("path[aria-roledescription='geoshape']")].filter(visible);
    const markers = [...chart.querySelectorAll("path[aria-roledescription='circle']")].filter(visible)
        .map(e => { const r = e.getBoundingClientRect(), zone = e.getAttribute('aria-label');
                    return {zone, x: r.left + r.width / 2, y: r.top + r.height / 2}; });
    return {shapes: shapes.length, markers};
}"""


def zones_in_db() -> list[dict]:
    """Each zone with its name, description and number of facts, straight from the database."""
    columns = ("zone_id", "name_zh", "description_zh", "n_facts")
    with duckdb.connect(str(DB), read_only=True) as con:
        rows = con.execute(
            "SELECT z.zone_id, z.name_zh, z.description_zh, count(f.fact_id) FROM zones AS z "
            "LEFT JOIN facts AS f ON f.zone_id = z.zone_id GROUP BY ALL ORDER BY z.zone_id"
        ).fetchall()
    return [dict(zip(columns, row, strict=True)) for row in rows]


def offline_context(new_context):
    """A context in which only the app's own server answers; the aborted URLs are kept."""
    context = new_context()
    context.blocked = []

    def route(route):
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK:
            route.continue_()
        else:
            context.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    return context


def boundary_pixels(path: Path) -> int:
    """Pixels of about the boundary line's colour in a screenshot."""
    pixels = np.asarray(Image.open(path).convert("RGB"), dtype=np.int16)
    return int((np.abs(pixels - np.array(BOUNDARY_RGB)) < 40).all(axis=-1).sum())


def click_zone(page, chart, zone_id: str) -> None:
    xy = next((m for m in chart.evaluate(_DRAWN)["markers"] if m["zone"] == zone_id), None)
    assert xy is not None, f"no marker of zone {zone_id} on the map"
    with rerun(page):
        page.mouse.click(xy["x"], xy["y"])


def test_map_draws_boundary_and_zones_offline_and_a_click_shows_the_zone(app_server, new_context):
    zones = zones_in_db()
    assert len(zones) == 5, zones
    context = offline_context(new_context)
    page = context.new_page()
    spatial = BY_ID["spatial"]
    open_app(page, spatial.url(app_server.url))
    chart = page.locator(f"{MAIN} {CHART}").first

    drawn = chart.evaluate(_DRAWN)
    assert drawn["shapes"] >= 1, f"no district boundary drawn: {drawn}"
    drawn_zones = sorted(m["zone"] for m in drawn["markers"])
    assert drawn_zones == sorted(z["zone_id"] for z in zones), f"zones on the map: {drawn_zones}"

    screenshot(page, "spatial-offline")
    map_shot = ARTIFACTS / "spatial-offline-map.png"
    chart.screenshot(path=str(map_shot))
    assert boundary_pixels(map_shot) > 500, "the boundary line is not visible in the map's screenshot"

    # A click on each zone's marker selects that zone and shows its details; the two zones sharing an
    # anchor point are drawn apart and each can be clicked.
    for zone in zones:
        click_zone(page, chart, zone["zone_id"])
        chosen = page.locator(f"{MAIN} {ZONE_PICKER} input[role='combobox']").first.input_value()
        assert chosen == zone["name_zh"], f"a click on {zone['zone_id']} selected {chosen!r}"
        details = page.locator(f"{MAIN} h3", has_text=zone["name_zh"])
        assert details.count() == 1 and details.is_visible(), f"no details heading for {zone['zone_id']}"
        assert page.get_by_text(zone["description_zh"], exact=False).first.is_visible()
        facts = f"片区数据 ({zone['n_facts']})"
        assert facts in page.locator(MAIN).inner_text(), f"{zone['zone_id']}: no '{facts}'"
        assert parse_qs(urlsplit(page.url).query).get("zone") == [zone["zone_id"]], page.url
        assert_no_errors(page, context.console.errors, ignore=ABORTED)
    screenshot(page, "spatial-offline-zone-selected")

    # The selection is part of the link: a fresh context opening it shows the same zone.
    last = zones[-1]
    receiver_context = offline_context(new_context)
    receiver = receiver_context.new_page()
    open_app(receiver, page.url)
    chosen = receiver.locator(f"{MAIN} {ZONE_PICKER} input[role='combobox']").first.input_value()
    assert chosen == last["name_zh"], f"the shared link {page.url} opened with zone {chosen!r}"
    assert receiver.locator(f"{MAIN} h3", has_text=last["name_zh"]).is_visible()

    blocked = context.blocked + receiver_context.blocked
    assert not blocked, f"the page asked hosts other than its server for: {blocked}"
