"""Security in the browser: hostile content stays inert text, hostile links inject nothing, and a rebuild
under load shows users no error.

Content injection: a report is added (`python -m etl add`, into a copy of data/raw and a database of its
own, served through LUSONG_DB) whose text and title carry `<script>`, `<img onerror>` and markdown
`javascript:` links, each of which would set `window.__pwned` or open a dialog if it ever ran. The Sources,
Data, Overview and Spatial pages are opened (KPI help tooltips hovered): no dialog, `window.__pwned`
undefined, no `javascript:` link, and the payload shown as text where the text is shown.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.conftest import ROOT
from tests.e2e.site import BY_ID
from tests.e2e.streamlit_ui import KPI, MAIN, assert_no_errors, error_texts, open_app, screenshot

pytestmark = pytest.mark.e2e

MARK = "window.__pwned"
SCRIPT = f"<script>{MARK}=1;alert(1)</script>"
IMG = f'<img src=x onerror="{MARK}=2;alert(2)">'
MD_LINK = f"[点击查看](javascript:{MARK}=3;alert(3))"
TITLE = f'芦淞区2025年<img src=x onerror="{MARK}=4;alert(4)">报告[标题](javascript:{MARK}=5)'
REPORT = (
    "芦淞区2025年政府工作报告\n"
    f"{SCRIPT}\n"
    f"2024年，全区地区生产总值增长6.1%{IMG}，新增城镇就业1.2万人{MD_LINK}。\n"
    f"2025年主要预期目标：地区生产总值增长6.5%左右{SCRIPT}。\n"
)
DOC_ID = "2025_payload"
PAYLOADS = (SCRIPT, IMG, MD_LINK)
JS_LINKS = "a[href^='javascript' i], [src^='javascript' i], iframe"


def _etl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def _add(raw: Path, db: Path, name: str, text: str, title: str) -> subprocess.CompletedProcess[str]:
    source = raw.parent / "incoming" / name
    source.parent.mkdir(exist_ok=True)
    source.write_text(text, encoding="utf-8")
    return _etl(
        "add", str(source), "--title", title, "--meeting-date", "2025-01-20", "--source-type", "work_report",
        "--raw", str(raw), "--db", str(db),
    )  # fmt: skip


@pytest.fixture(scope="module")
def payload_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("payload")
    raw = home / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    db = home / "lusong.duckdb"
    added = _add(raw, db, f"{DOC_ID}.txt", REPORT, TITLE)
    assert added.returncode == 0, added.stderr
    return db


def watch(page) -> dict[str, list]:
    """Dialogs (dismissed) and requests to hosts other than the app's, as they happen."""
    seen: dict[str, list] = {"dialogs": [], "foreign": []}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on(
        "request",
        lambda r: (
            seen["foreign"].append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:")) else None
        ),
    )
    return seen


def assert_inert(page, seen: dict[str, list]) -> None:
    page.wait_for_timeout(500)  # an onerror fires once the broken image has failed to load
    assert seen["dialogs"] == [], f"a dialog opened on {page.url}: {seen['dialogs']}"
    assert page.evaluate(f"() => typeof {MARK}") == "undefined", f"injected script ran on {page.url}"
    links = page.locator(JS_LINKS).evaluate_all("els => els.map(e => e.outerHTML.slice(0, 200))")
    assert links == [], f"javascript: links or frames on {page.url}: {links}"


def hover_help_icons(page) -> None:
    """Open the KPI cards' tooltips, which hold their quotes and sources."""
    icons = page.locator(f"{KPI} .tip")
    for index in range(min(icons.count(), 12)):
        try:
            icons.nth(index).hover(timeout=5_000)
        except PlaywrightTimeoutError:  # covered by another element: the others are enough
            continue
        page.wait_for_timeout(300)


@pytest.mark.parametrize("page_id", ["sources", "data", "overview", "spatial"])
def test_hostile_document_text_is_inert(start_server, page, payload_db: Path, page_id: str) -> None:
    server = start_server(f"security-{page_id}", env={"LUSONG_DB": str(payload_db)})
    seen = watch(page)
    query = f"doc={DOC_ID}" if page_id == "sources" else ""
    open_app(page, BY_ID[page_id].url(server.url, query))
    hover_help_icons(page)
    assert_inert(page, seen)
    assert_no_errors(page, page.console.errors)
    if page_id == "sources":
        shown = page.locator(MAIN).inner_text()
        for payload in PAYLOADS:
            assert payload in shown, f"{payload!r} is not shown as text"
        # a search for the payload marks it, still as text
        page.goto(BY_ID["sources"].url(server.url, f"doc={DOC_ID}&q={quote('<script>')}"))
        open_app(page, page.url)
        assert page.locator(f"{MAIN} mark", has_text="<script>").count() >= 1
        assert_inert(page, seen)
    if page_id == "overview":  # the new report is the latest: its figures are the KPI cards
        assert page.locator(KPI).count() >= 1
    screenshot(page, f"security-{page_id}")


@pytest.mark.parametrize(
    "value",
    [
        "[点我领奖](https://evil.example/phish)",
        "![pixel](http://evil.example/pixel.png)",
        "<img src=x onerror=window.__pwned=1>",
        "<script>window.__pwned=1</script>",
    ],
    ids=["markdown-link", "markdown-image", "img-onerror", "script"],
)
def test_a_hostile_link_injects_nothing_into_the_notice(app_server, page, value: str) -> None:
    """Crafted share links: the notice names the value as text, with no link, image or script in it."""
    seen = watch(page)
    open_app(page, f"{app_server.url}/?sector={quote(value)}&zone={quote(value)}")
    notice = page.locator(f"{MAIN} [data-testid='stAlertContentWarning']")
    assert notice.count() >= 1, "no notice for the unknown sector"
    assert_inert(page, seen)
    assert page.locator(f"{MAIN} a[href*='evil.example'], {MAIN} img[src*='evil.example']").count() == 0, (
        f"the notice for {value!r} renders markup: {notice.first.inner_html()[:300]}"
    )
    assert not [u for u in seen["foreign"] if "evil.example" in u], seen["foreign"]
    assert "evil.example" in notice.first.inner_text() or "window.__pwned" in notice.first.inner_text()


# --- rebuild while serving ---------------------------------------------------------------------------

NEW_TITLE = "芦淞区2026年政府工作报告（重建测试）"
NEW_DOC = "2026_rebuilt"
NEW_TEXT = "芦淞区2026年政府工作报告\n2025年，全区地区生产总值增长7.3%，新增城镇就业1.5万人。\n"
VISITS = ("overview", "data", "sources", "trends")


def test_rebuild_while_serving_shows_no_error_and_the_new_data(start_server, new_context, tmp_path: Path):
    """Visitors move between pages while `python -m etl add` rebuilds the served database: no error box, and
    the new report appears without a restart."""
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    db = tmp_path / "lusong.duckdb"
    built = _etl("build", "--raw", str(raw), "--db", str(db))
    assert built.returncode == 0, built.stderr
    server = start_server("security-rebuild", env={"LUSONG_DB": str(db)})
    contexts = [new_context() for _ in range(3)]
    visitors = [context.new_page() for context in contexts]
    source = raw.parent / "incoming" / f"{NEW_DOC}.txt"
    source.parent.mkdir()
    source.write_text(NEW_TEXT, encoding="utf-8")
    rebuild = subprocess.Popen(
        [sys.executable, "-m", "etl", "add", str(source), "--title", NEW_TITLE,
         "--meeting-date", "2026-01-20", "--raw", str(raw), "--db", str(db)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    visits, step, deadline = 0, 0, time.monotonic() + 600
    try:
        while time.monotonic() < deadline:
            done = rebuild.poll() is not None
            for visitor in visitors:  # every visitor moves to its next page
                page_id = VISITS[step % len(VISITS)]
                step += 1
                open_app(visitor, BY_ID[page_id].url(server.url))
                assert not error_texts(visitor), f"error shown during the rebuild: {error_texts(visitor)}"
                visits += 1
            if done:  # one more round of visits after the rebuild ended
                break
    finally:
        if rebuild.poll() is None:
            rebuild.kill()
        out, err = rebuild.communicate(timeout=60)
    assert rebuild.returncode == 0, err
    assert visits >= 2 * len(visitors), f"only {visits} visits"
    # the same server, the same visitor sessions: the new report is there
    for context, visitor in zip(contexts, visitors, strict=True):
        open_app(visitor, BY_ID["sources"].url(server.url, f"doc={NEW_DOC}"))
        assert not error_texts(visitor)
        main = visitor.locator(MAIN).inner_text()
        assert "地区生产总值增长7.3%" in main, main[:500]
        assert not re.search(r"网址参数 doc ", main), "the new document was not found"
        assert_no_errors(visitor, context.console.errors)
    screenshot(visitors[0], "security-rebuilt")
