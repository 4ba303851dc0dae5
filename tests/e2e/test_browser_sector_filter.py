"""The sector filter sits above each page's content, in the fragment that holds the page: a click on a sector
reruns that fragment alone (the sidebar, the navigation and the title are not sent again), the content and the
URL follow, and the sidebar's filters, which rerun the whole app, keep the sector chosen."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.e2e.site import BY_ID, PAGES
from tests.e2e.streamlit_ui import (
    KPI,
    PRESSED,
    SECTOR_FILTER,
    SIDEBAR,
    assert_no_errors,
    heading,
    open_app,
    rerun,
    screenshot,
)

pytestmark = pytest.mark.e2e


class Messages:
    """The server's messages to the page (Streamlit's ForwardMsg over the WebSocket), decoded."""

    def __init__(self, page) -> None:
        self.received: list[ForwardMsg] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            message = ForwardMsg()
            message.ParseFromString(payload)
            self.received.append(message)

    def since(self, start: int) -> list[ForwardMsg]:
        return self.received[start:]


def elements(messages: list[ForwardMsg]) -> list[str]:
    """What each delta draws: the element or block type."""
    drawn = []
    for m in messages:
        if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element":
            drawn.append(m.delta.new_element.WhichOneof("type"))
        elif m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "add_block":
            drawn.append(f"block:{m.delta.add_block.WhichOneof('type')}")
    return drawn


def kpi_labels(page) -> list[str]:
    return [t.strip() for t in page.locator(f"{KPI} .label").all_inner_texts()]


def click_sector(page, name: str) -> None:
    with rerun(page):
        page.locator(SECTOR_FILTER).get_by_role("button", name=name, exact=True).click()


def test_a_sector_click_reruns_the_page_not_the_shell(app_server, page):
    messages = Messages(page)
    overview = BY_ID["overview"]
    open_app(page, overview.url(app_server.url))
    every = kpi_labels(page)
    assert every, "no KPI cards on the Overview"
    full_run = [m for m in messages.received if m.WhichOneof("type") == "navigation"]
    assert full_run, "the first run sent no navigation (the messages were not captured)"

    before = len(messages.received)
    click_sector(page, "科技创新")  # innovation: none of the headline indicators
    rerun_messages = messages.since(before)
    finished = [m.script_finished for m in rerun_messages if m.WhichOneof("type") == "script_finished"]
    assert finished == [ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY], "not a fragment run of its own"
    kinds = {m.WhichOneof("type") for m in rerun_messages}
    assert "navigation" not in kinds and "page_config_changed" not in kinds, kinds
    drawn = elements(rerun_messages)
    assert "heading" not in drawn, f"the title or the sidebar was drawn again: {drawn}"
    assert drawn.count("button_group") == 1 and "html" in drawn, drawn  # the sector pills and the content

    assert parse_qs(urlsplit(page.url).query)["sector"] == ["innovation"]
    assert kpi_labels(page) == [], "the Overview still shows headline KPIs for a sector without any"
    assert page.locator(f"{SECTOR_FILTER} {PRESSED}").all_inner_texts() == ["科技创新"]
    screenshot(page, "sector-filter-innovation")

    click_sector(page, "科技创新")  # off again: every sector
    assert kpi_labels(page) == every
    assert "sector" not in parse_qs(urlsplit(page.url).query)
    assert_no_errors(page, page.console.errors)


def test_the_sidebar_filters_keep_the_sector(app_server, page):
    """A kind chosen in the sidebar reruns the whole app, which draws the sector chosen in the fragment."""
    open_app(page, BY_ID["overview"].url(app_server.url))
    click_sector(page, "经济总量")
    kinds = page.locator(f"{SIDEBAR} .st-key-filter_kind")
    with rerun(page):
        kinds.get_by_role("button", name="年度目标", exact=True).click()
    query = parse_qs(urlsplit(page.url).query)
    assert query["sector"] == ["economy"] and query["kind"] == ["target"], query
    assert page.locator(f"{SECTOR_FILTER} {PRESSED}").all_inner_texts() == ["经济总量"]
    assert_no_errors(page, page.console.errors)


@pytest.mark.parametrize("target", PAGES, ids=[p.page_id for p in PAGES])
def test_every_page_has_the_sector_filter_above_its_content(app_server, page, target):
    """Under the title, before anything else of the page; a sector clicked there carries to the next page."""
    open_app(page, target.url(app_server.url, "sector=economy"))
    assert heading(page) == target.zh
    title_box = page.locator("[data-testid='stMain'] h1").first.bounding_box()
    filter_box = page.locator(SECTOR_FILTER).bounding_box()
    content_box = page.locator(target.content).first.bounding_box()
    assert title_box["y"] < filter_box["y"] < content_box["y"], (title_box, filter_box, content_box)
    assert page.locator(f"{SECTOR_FILTER} {PRESSED}").all_inner_texts() == ["经济总量"]
    assert_no_errors(page, page.console.errors)
