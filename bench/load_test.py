"""Load: N concurrent browser sessions for S seconds against one dashboard server on loopback.

    .venv/bin/python bench/load_test.py [--sessions 20] [--seconds 60] [--seed 1] [--ramp 0]

One headless Chromium, one context per session (its own cookies, cache and Streamlit session), driven with
Playwright's async API. Each session, until the time is up, moves on: two moves in three open a page by
URL with random filters (sector, year, kind, language; a zone or a document on their pages), the third
clicks another page in the sidebar navigation (the same Streamlit session). A move's page time runs from the
navigation or click to the page settled, as the browser tests wait for it: the script run finished, no
skeleton left, every chart drawn, the heading shown. Errors: an error box on the page, an uncaught
exception in the page, a move that did not settle within its timeout.

It stops by itself: no move starts after --seconds, and one that is running is abandoned at --seconds + 120.
The server is stopped at the end whatever happens. It prints figures and asserts nothing (bench/README.md,
"Load"). The served database is a copy of data/lusong.duckdb under bench/out/, so that a rebuild of the
working tree's database during the run does not change what is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import report  # noqa: E402
import servers  # noqa: E402

from dashboard import shell  # noqa: E402
from tests.e2e.conftest import CHROMIUM_ARGS, DESKTOP, chromium_path  # noqa: E402
from tests.e2e.streamlit_ui import _CHARTS_DRAWN, _NO_SKELETONS, _SCRIPT_DONE, ERRORS, SIDEBAR  # noqa: E402

GRACE_S = 120  # a move still running at the end gets this long before it is abandoned
MOVE_TIMEOUT_MS = 90_000
SETTLED = f"""() => ({_SCRIPT_DONE})() && ({_NO_SKELETONS})() && ({_CHARTS_DRAWN})()
    && document.querySelector("[data-testid='stMain'] h1") !== null"""


@dataclass
class Choices:
    sectors: list[str]
    years: list[int]
    zones: list[str]
    docs: list[str]
    kinds: tuple[str, ...] = ("actual", "target", "plan")


@dataclass
class Tally:
    times_ms: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=lambda: {"url": [], "click": [], "filter": []})
    errors: list[str] = field(default_factory=list)
    abandoned: int = 0
    rig_cpu_s: float = 0.0  # CPU seconds of the browser and Playwright's driver over the run


def read_choices(db: Path) -> Choices:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        ids = lambda sql: [row[0] for row in con.execute(sql).fetchall()]  # noqa: E731
        return Choices(
            sectors=ids("SELECT sector_id FROM sectors ORDER BY sector_id"),
            years=ids("SELECT DISTINCT report_year FROM documents WHERE report_year IS NOT NULL ORDER BY 1"),
            zones=ids("SELECT zone_id FROM zones ORDER BY zone_id"),
            docs=ids("SELECT doc_id FROM documents ORDER BY doc_id"),
        )


def random_url(base: str, choices: Choices, chance: random.Random) -> str:
    spec = chance.choice(shell.PAGES)
    params: list[tuple[str, str]] = []
    for sector in chance.sample(choices.sectors, chance.choice([0, 0, 1, 2])):
        params.append(("sector", sector))
    if chance.random() < 0.4 and choices.years:
        params.append(("year", str(chance.choice(choices.years))))
    if chance.random() < 0.3:
        params.append(("kind", chance.choice(choices.kinds)))
    if chance.random() < 0.3:
        params.append(("lang", "en"))
    if spec.page_id == "spatial" and chance.random() < 0.6:
        params.append(("zone", chance.choice(choices.zones)))
    if spec.page_id == "sources" and chance.random() < 0.6:
        params.append(("doc", chance.choice(choices.docs)))
    path = "" if spec.page_id == "overview" else spec.page_id
    return f"{base}/{path}" + (f"?{urlencode(params)}" if params else "")


async def _unsettled(page) -> str:
    """Which of the conditions of SETTLED fails, for the error message."""
    checks = {
        "script run finished": _SCRIPT_DONE,
        "no skeleton": _NO_SKELETONS,
        "charts drawn": _CHARTS_DRAWN,
        "heading": "() => document.querySelector(\"[data-testid='stMain'] h1\") !== null",
    }
    try:
        return ", ".join(f"{name}: {await page.evaluate(js)}" for name, js in checks.items())
    except Exception as exc:  # the page itself may be gone
        return f"page not readable: {type(exc).__name__}"


async def settle(page, started: float, timeout_ms: float) -> float:
    await page.wait_for_function(SETTLED, timeout=timeout_ms, polling=50)
    return (time.perf_counter() - started) * 1000


async def change_filter(page, chance: random.Random) -> float:
    """Change one filter as a visitor does (toggle a sector on the page or a kind in the sidebar, switch the
    language) and wait until the rerun has put it into the URL; the time of the click."""
    before = await page.evaluate("() => location.search")
    what = chance.choice(("sector", "sector", "kind", "lang"))
    started = time.perf_counter()
    if what in ("sector", "kind"):
        # a pill, not the group's help icon (also a button, without text)
        buttons = page.locator(f".st-key-filter_{what} button")
        pills = buttons.filter(has_text=re.compile(r"\S"))
        await pills.first.wait_for(timeout=MOVE_TIMEOUT_MS)
        await pills.nth(chance.randrange(await pills.count())).click(timeout=MOVE_TIMEOUT_MS)
    elif what == "lang":
        other = f"{SIDEBAR} [data-testid='stRadio'] [role='radiogroup'] label:not(:has(input:checked))"
        await page.locator(other).first.click(timeout=MOVE_TIMEOUT_MS)
    try:
        await page.wait_for_function("s => location.search !== s", arg=before, timeout=MOVE_TIMEOUT_MS)
    except Exception as exc:
        raise RuntimeError(f"changing the {what} filter on {page.url} did not reach the URL") from exc
    return started


async def move(page, base: str, choices: Choices, chance: random.Random, tally: Tally, first: bool) -> None:
    """A visitor's next step: the first opens a shared link; then one in five opens another link (or
    reloads), two in five click another page in the navigation, two in five change a filter."""
    nav = page.locator("[data-testid='stSidebarNav'] a")
    roll = 0.0 if first else chance.random()
    if roll >= 0.6:
        kind = "filter"
        started = await change_filter(page, chance)
    elif roll >= 0.2 and await nav.count() > 1:
        kind, target = "click", nav.nth(chance.randrange(await nav.count()))
        started = time.perf_counter()
        await target.click(timeout=MOVE_TIMEOUT_MS)
        await page.wait_for_timeout(300)  # let the rerun start (as the browser tests do)
    else:
        kind = "url"
        started = time.perf_counter()
        await page.goto(random_url(base, choices, chance), wait_until="commit", timeout=MOVE_TIMEOUT_MS)
    try:
        elapsed = await settle(page, started, MOVE_TIMEOUT_MS)
    except Exception as exc:
        raise RuntimeError(f"{kind} move to {page.url} not settled ({await _unsettled(page)})") from exc
    shown = await page.locator(ERRORS).all_inner_texts()
    if shown:
        tally.errors.append(f"error box on {page.url}: {shown[0][:200]}")
    tally.times_ms.append(elapsed)
    tally.by_kind[kind].append(elapsed)


async def session(
    browser, number: int, base: str, choices: Choices, seed: int, end: float, tally: Tally, delay: float,
    shared=None, think: float = 0.0,
):  # fmt: skip
    """One visitor: a page in its own browser context, or with `shared` a page of that context (its own
    Streamlit session all the same: a session is a websocket, not a cookie)."""
    chance = random.Random(seed * 1000 + number)
    await asyncio.sleep(delay)  # --ramp: sessions arrive one after another instead of all at once
    context = shared or await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    page.on("pageerror", lambda exc: tally.errors.append(f"session {number}: uncaught exception: {exc}"))
    first = True
    try:
        while time.monotonic() < end:
            try:
                await asyncio.wait_for(
                    move(page, base, choices, chance, tally, first), timeout=end + GRACE_S - time.monotonic()
                )
            except TimeoutError:
                tally.abandoned += 1
                break
            except Exception as exc:  # a move that does not settle is an error, and the session goes on
                tally.errors.append(
                    f"session {number}: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
                )
            first = False
            await asyncio.sleep(chance.uniform(0, 2 * think))  # reading the page before the next step
    finally:
        await (page if shared else context).close()


async def drive(
    base: str, choices: Choices, sessions: int, seconds: float, seed: int, ramp: float = 0.0,
    shared_cache: bool = True, think: float = 0.0, server_pid: int = 0,
) -> tuple[Tally, float]:  # fmt: skip
    from playwright.async_api import async_playwright

    tally = Tally()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        try:
            shared = await browser.new_context(viewport=DESKTOP, locale="zh-CN") if shared_cache else None
            started = time.monotonic()
            end = started + seconds
            await asyncio.gather(
                *(
                    session(browser, n, base, choices, seed, end, tally, ramp * n / sessions, shared, think)
                    for n in range(sessions)
                )
            )
            wall = time.monotonic() - started
            tally.rig_cpu_s = _rig_cpu(server_pid)  # before the browser closes: its processes still count
        finally:
            await browser.close()
    return tally, wall


def summary(tally: Tally, sessions: int, seconds: float, wall: float) -> str:
    t = tally.times_ms

    def pct(values: list[float], q: float) -> str:
        return f"{report.percentile(values, q) / 1000:.1f} s" if values else "—"

    load1 = os.getloadavg()[0]
    lines = [
        f"{sessions} sessions for {seconds:.0f} s (wall {wall:.0f} s), "
        f"load average (1 min) at the end {load1:.1f}",
        f"page moves settled: {len(t)} ({len(t) / wall:.2f}/s); by URL {len(tally.by_kind['url'])}, "
        f"by navigation click {len(tally.by_kind['click'])}, by filter change {len(tally.by_kind['filter'])}",
        f"page time: p50 {pct(t, 50)}, p95 {pct(t, 95)}, max {max(t) / 1000 if t else 0:.1f} s "
        f"(URL p95 {pct(tally.by_kind['url'], 95)}, click p95 {pct(tally.by_kind['click'], 95)}, "
        f"filter p95 {pct(tally.by_kind['filter'], 95)})",
        f"errors: {len(tally.errors)}; moves abandoned at the end: {tally.abandoned}",
    ]
    return "\n".join(lines + [f"  ! {e}" for e in tally.errors[:20]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--ramp", type=float, default=0.0, help="seconds over which the sessions start (default: all at once)"
    )
    parser.add_argument(
        "--think", type=float, default=0.0,
        help="mean seconds a visitor reads before the next step (uniform 0 to twice this; default 0)",
    )
    parser.add_argument(
        "--own-caches",
        action="store_true",
        help="a browser context per session (20 cold caches: every session compiles the front end itself)",
    )
    args = parser.parse_args()
    if chromium_path() is None:
        raise SystemExit(
            "Chromium not found (/usr/bin/chromium or LUSONG_CHROMIUM): apt-get install chromium"
        )
    servers.OUT.mkdir(parents=True, exist_ok=True)
    db = Path(shutil.copyfile(ROOT / "data" / "lusong.duckdb", servers.OUT / "load.duckdb"))
    choices = read_choices(db)
    server = servers.BenchServer("load", env={"LUSONG_DB": str(db)})
    print(f"load: {args.sessions} browser sessions for {args.seconds:.0f} s", flush=True)
    with servers.running(server):
        server_before = _tree_cpu(server.process.pid)
        tally, wall = asyncio.run(
            drive(
                server.url, choices, args.sessions, args.seconds, args.seed, args.ramp,
                not args.own_caches, args.think, server.process.pid,
            )  # fmt: skip
        )
        server_used = _tree_cpu(server.process.pid) - server_before
    print(summary(tally, args.sessions, args.seconds, wall), flush=True)
    print(
        f"CPU used during the run: server {server_used:.0f} s ({server_used / wall:.0%} of one core); "
        f"browser and Playwright driver {tally.rig_cpu_s:.0f} s ({tally.rig_cpu_s / wall:.0%} of one core); "
        f"{os.cpu_count()} cores in all",
        flush=True,
    )


def _cpu(procs: list[psutil.Process]) -> float:
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) so far of a process and its children."""
    root = psutil.Process(pid)
    return _cpu([root, *root.children(recursive=True)])


def _rig_cpu(server_pid: int) -> float:
    """CPU seconds so far of every process under this one but the server: the browser's processes and
    Playwright's driver (all started by this run)."""
    server = {server_pid, *(c.pid for c in psutil.Process(server_pid).children(recursive=True))}
    return _cpu([p for p in psutil.Process().children(recursive=True) if p.pid not in server])


if __name__ == "__main__":
    main()
