"""A link reproduces the view it was copied from: filters set with the widgets, the URL opened elsewhere."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.site import BY_ID
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

KIND = f"{SIDEBAR} .st-key-filter_kind"  # the widgets' keys as classes
LANG = f"{SIDEBAR} [data-testid='stRadio']"


def choose_sector(page, name: str) -> None:
    with rerun(page):
        page.locator(SECTOR_FILTER).get_by_role("button", name=name, exact=True).click()


def choose_language(page, label: str) -> None:
    with rerun(page):
        page.locator(LANG).get_by_text(label, exact=True).click()


YEAR = f"{SIDEBAR} [data-testid='stSelectbox'] input[role='combobox']"


def widget_state(page) -> dict[str, object]:
    """What the filters show: the chosen sectors and kinds (pills pressed), the report year, the language."""
    return {
        "sectors": [t.strip() for t in page.locator(f"{SECTOR_FILTER} {PRESSED}").all_inner_texts()],
        "year": page.locator(YEAR).input_value(),
        "kinds": [t.strip() for t in page.locator(f"{KIND} {PRESSED}").all_inner_texts()],
        "lang": page.locator(f"{LANG} label:has(input:checked)").inner_text().strip(),
    }


def kpi_values(page) -> list[tuple[str, str, str]]:
    """Every KPI card as (label, value, delta), in page order."""
    cards = []
    for card in page.locator(KPI).all():
        delta = card.locator(".delta")
        cards.append(
            (
                card.locator(".label").inner_text().strip(),
                card.locator(".value").inner_text().strip(),
                delta.inner_text().strip() if delta.count() else "",
            )
        )
    return cards


def test_share_link_round_trip(app_server, new_context):
    overview = BY_ID["overview"]
    sharer = new_context().new_page()
    open_app(sharer, overview.url(app_server.url))
    unfiltered = kpi_values(sharer)
    choose_sector(sharer, "经济总量")
    choose_language(sharer, "English")
    assert heading(sharer) == overview.en

    link = sharer.url
    query = parse_qs(urlsplit(link).query)
    assert query.get("sector") == ["economy"], f"the link carries no stable sector id: {link}"
    assert query.get("lang") == ["en"], link
    state = widget_state(sharer)
    assert state["sectors"] == ["Economy"] and state["lang"] == "English", state
    shared_kpis = kpi_values(sharer)
    assert shared_kpis, "no KPI cards for the economy sector"
    assert shared_kpis != unfiltered, "neither the sector nor the language changed the KPI cards"
    assert_no_errors(sharer, sharer.context.console.errors)
    screenshot(sharer, "share-link-sharer")

    receiver_context = new_context()  # no cookies, no storage, no session: only the link
    receiver = receiver_context.new_page()
    open_app(receiver, link)
    assert heading(receiver) == overview.en
    assert widget_state(receiver) == state
    assert kpi_values(receiver) == shared_kpis
    assert parse_qs(urlsplit(receiver.url).query) == query, "opening the link rewrote it"
    assert_no_errors(receiver, receiver_context.console.errors)
    screenshot(receiver, "share-link-receiver")


def test_share_link_opens_in_the_other_language(app_server, new_context):
    """The link carries ids, not labels: the same sector opens in Chinese when the language is dropped."""
    overview = BY_ID["overview"]
    page = new_context().new_page()
    open_app(page, overview.url(app_server.url, "sector=economy&lang=en"))
    english = kpi_values(page)
    assert widget_state(page)["sectors"] == ["Economy"]
    open_app(page, overview.url(app_server.url, "sector=economy"))
    assert widget_state(page)["sectors"] == ["经济总量"]
    assert heading(page) == overview.zh
    chinese = kpi_values(page)
    assert len(chinese) == len(english) >= 1, (chinese, english)
