"""How the app is served: deep links on a fresh server, behind a path prefix, from a read-only checkout."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import ROOT
from tests.e2e.site import BY_ID, DEEP, PAGES
from tests.e2e.streamlit_ui import (
    KPI,
    NAV,
    SECTOR_FILTER,
    SIDEBAR,
    assert_no_errors,
    heading,
    nav_titles,
    open_app,
    screenshot,
    visible_count,
    wait_for_app,
)

pytestmark = pytest.mark.e2e

ALL_TITLES_ZH = [p.zh for p in PAGES]


def assert_full_shell(page, expected_heading: str) -> None:
    """The sidebar with its filters and the navigation with the bilingual titles, then the page itself with
    the sector filter above its content."""
    assert page.locator(SIDEBAR).is_visible(), f"no sidebar on {page.url}"
    radios = page.locator(f"{SIDEBAR} [data-testid='stRadio']")
    radios.first.wait_for(state="attached", timeout=10_000)  # the sidebar's last widget, drawn by now
    assert page.locator(f"{SIDEBAR} .st-key-filter_kind").count() == 1, f"no kind filter on {page.url}"
    assert page.locator(SECTOR_FILTER).count() == 1, f"no sector filter on {page.url}"
    assert radios.count() == 1, f"no language switch on {page.url}"
    assert page.locator(NAV).count() == 1, f"no page navigation on {page.url}"
    assert nav_titles(page) == ALL_TITLES_ZH, f"navigation on {page.url}"
    assert heading(page) == expected_heading


@pytest.mark.parametrize("target", DEEP, ids=[p.page_id for p in DEEP])
def test_deep_link_is_the_first_request_of_a_fresh_server(start_server, page, target):
    """A shared /<page> link waking a hosted app up: the page opens with the whole app around it
    (DEVELOPERS.md pitfall: Streamlit runs the page file on its own, without app.py), and the app stays
    whole when moving on from it."""
    server = start_server(f"fresh-{target.page_id}")
    open_app(page, target.url(server.url))
    assert_full_shell(page, target.zh)
    assert visible_count(page, target.content) >= 1, f"nothing of {target.content} on {page.url}"
    assert_no_errors(page, page.console.errors)
    screenshot(page, f"deep-link-fresh-{target.page_id}")

    overview = BY_ID["overview"]
    page.locator(f"{NAV} a", has_text=overview.zh).click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/", timeout=60_000)
    open_app(page, page.url)  # a full reload of the page the navigation led to, as a visitor might do
    assert_full_shell(page, overview.zh)
    assert_no_errors(page, page.console.errors)


@pytest.mark.parametrize("target", PAGES, ids=[p.page_id for p in PAGES])
def test_every_page_loads_behind_a_path_prefix(prefixed_server, page, target):
    """`--server.baseUrlPath lusong`, as a reverse proxy or a host serves the app under a path."""
    open_app(page, target.url(prefixed_server.url))
    assert page.url.startswith(f"{prefixed_server.url}/"), page.url
    assert_full_shell(page, target.zh)
    assert visible_count(page, target.content) >= 1, f"nothing of {target.content} on {page.url}"
    links = page.locator(f"{NAV} a").evaluate_all("as => as.map(a => new URL(a.href).pathname)")
    assert all(link.startswith("/lusong") for link in links), f"navigation leaves the prefix: {links}"
    assert_no_errors(page, page.console.errors)
    screenshot(page, f"prefix-lusong-{target.page_id}")


# ---- a read-only checkout ------------------------------------------------------------------------------

NOT_DEPLOYED = shutil.ignore_patterns(
    ".git", ".venv", "test-artifacts", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis",
    "*.duckdb.wal", "*.tmp*", ".lusong.duckdb.*", "out",
)  # fmt: skip
NOBODY = 65534


@pytest.fixture
def read_only_checkout() -> Iterator[Path]:
    """A copy of the working tree at another path with no write permission anywhere in it, as a host
    mounts a deployed repository."""
    top = Path(tempfile.mkdtemp(prefix="lusong-ro-"))
    top.chmod(0o755)  # the unprivileged server user must reach it
    checkout = top / "checkout"
    try:
        shutil.copytree(ROOT, checkout, ignore=NOT_DEPLOYED, symlinks=True)
    except shutil.Error as exc:  # others edit the working tree meanwhile: a file may vanish mid-copy
        if not (checkout / "app.py").exists() or not (checkout / "data" / "lusong.duckdb").exists():
            raise
        print(f"copied with {len(exc.args[0])} files missing: {exc.args[0][:3]}")
    home = top / "home"
    home.mkdir(mode=0o777)
    home.chmod(0o777)  # the server's HOME stays writable: ~/.streamlit is not part of the checkout
    for path in [checkout, *checkout.rglob("*")]:
        if not path.is_symlink():
            mode = path.stat().st_mode
            path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    yield checkout
    for path in [checkout, *checkout.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    shutil.rmtree(top, ignore_errors=True)


def open_files(pid: int) -> list[str]:
    fds = Path(f"/proc/{pid}/fd")
    found = []
    for fd in fds.iterdir():
        try:
            found.append(os.readlink(fd))
        except OSError:
            pass
    return found


def test_app_runs_from_a_read_only_checkout(start_server, page, read_only_checkout):
    """Hosting mounts the repository read-only: the committed database must be opened read-only and nothing
    may be written next to it. Root ignores file permissions, so as root the server runs as `nobody`."""
    user = NOBODY if os.geteuid() == 0 else None
    home = read_only_checkout.parent / "home"
    server = start_server("read-only-checkout", cwd=read_only_checkout, user=user, env={"HOME": str(home)})
    overview = BY_ID["overview"]
    open_app(page, overview.url(server.url))
    assert heading(page) == overview.zh
    assert visible_count(page, KPI) >= 1, "no KPI card from the read-only database"
    assert_no_errors(page, page.console.errors)
    screenshot(page, "read-only-checkout-overview")

    db_files = [f for f in open_files(server.process.pid) if f.endswith(".duckdb")]
    assert db_files == [str(read_only_checkout / "data" / "lusong.duckdb")], (
        f"the server has {db_files} open, not the checkout's own database (an absolute path?)"
    )
    log = server.log()
    for symptom in ("Permission denied", "Read-only file system", "Traceback"):
        assert symptom not in log, f"{symptom!r} in the server log {server.log_path}"


def test_kpi_card_links_open_their_passage_behind_the_prefix(prefixed_server, page):
    """Each Overview card ends in a link to its passage, relative to the page's URL: clicked, it opens the
    Sources page under the same path prefix with that figure marked."""
    open_app(page, BY_ID["overview"].url(prefixed_server.url, "sector=economy"))
    links = page.locator(f"{KPI} a[href*='sources?']")
    paths = links.evaluate_all("as => as.map(a => new URL(a.href).pathname)")
    assert len(paths) == page.locator(KPI).count() > 0
    assert set(paths) == {"/lusong/sources"}, paths
    fact = parse_qs(urlsplit(links.first.get_attribute("href")).query)["fact"][0]
    links.first.click()
    page.wait_for_url("**/lusong/sources?**")
    wait_for_app(page)
    assert heading(page) == BY_ID["sources"].zh
    assert page.locator(f"mark#fact-{fact}").first.is_visible()
    assert parse_qs(urlsplit(page.url).query)["sector"] == ["economy"]
    assert_no_errors(page, page.console.errors)
    screenshot(page, "prefix-lusong-passage-from-kpi")
