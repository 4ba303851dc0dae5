"""Page speed in headless Chromium against the Streamlit floor (bench/floor_app.py), in the same run.

    .venv/bin/python bench/page_speed.py [--rounds 10] [--pages overview,trends] [--write-readme]

Both apps are served from this working tree on free loopback ports (logs in bench/out/). Each round
opens every page of the dashboard right after the floor app (A B A B ...), each in a fresh browser
context (no cache, no cookies, a new Streamlit session), and the Overview and the floor visit before it go
on with two interactions each: choosing a sector in the dashboard's sector filter, then a second one, and
choosing another value in the floor's selectbox, then the first value again. The first change of a
session is reported apart from the second: the browser runs much of the rerun's code for the first time
then. The times are taken inside the page (performance.now(), from the start
of the navigation or from the pointerdown of the click), checked every animation frame:

- first KPI: a KPI value drawn (visible, not empty): an st.metric's ([data-testid='stMetricValue']: the
  floor's, the counts on Targets, Sources, Data) or an Overview card's (HTML: article.lusong-kpi .value);
- settled: the script run has finished (stApp connected, script state notRunning), no element is still
  a placeholder ([data-testid='stSkeleton']: Streamlit loads the code of many elements lazily), the
  page's heading or metric is there and every [data-testid='stPlotlyChart'] is drawn (the browser tests'
  own check);
- interaction: from the click to a finished rerun (its script_finished message received after the
  click, then notRunning, nothing a skeleton) with every chart drawn and what the rerun changes shown:
  the floor's new metric value, the dashboard's URL changed to one with a sector.

Each figure is given as median, p10-p90, and as a ratio to the floor: the median over rounds of the
ratio of the pair measured back to back (its p10-p90 in brackets). Goals (issue 5): Overview first KPI
<= 1.3x floor, every page settled <= 2.0x floor, sector filter interaction <= 1.5x floor.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import report  # noqa: E402
import servers  # noqa: E402

from dashboard import shell  # noqa: E402
from tests.e2e.streamlit_ui import _CHARTS_DRAWN  # noqa: E402 (the browser tests' "every chart drawn")

GOAL_FIRST_KPI, GOAL_SETTLED, GOAL_INTERACTION = 1.3, 2.0, 1.5
TIMEOUT_MS = 60_000
# the widget's key as a class; on the page since session 6 (in the sidebar before: --app-dir on an older tree)
SECTOR_FILTER = ".st-key-filter_sector"
FLOOR_SELECT = "[data-testid='stSelectbox']"
# bench/floor_app.py: the value each choice shows (the first change picks B, the second goes back to A)
FLOOR_CHOICES = (("B", "31.4亿元"), ("A", "5.4%"))

# Runs before the app's own scripts in every new page: records when the first KPI value is drawn and when
# the page has settled, and, once window.__bench.t0 is set by a click, when the rerun it caused settled.
PROBE = """
(() => {
  if (window !== window.top) return;
  const chartsDrawn = %(charts_drawn)s;
  const b = window.__bench = {kpi: null, settled: null, t0: null, after: null, expect: null, finished: null};
  // The end of a script run is Streamlit's ForwardMsg whose top-level field 6 (script_finished) is set.
  // The state attribute is not enough: when messages queue behind a busy main thread, React commits
  // `running` and `notRunning` together and the attribute never changes, so a check on it and on the URL
  // (written early in the run) could stop the clock halfway through the rerun.
  const finishes = a => {
    let i = 0;
    const varint = () => {
      let v = 0, s = 1, x;
      do { x = a[i++]; v += (x & 127) * s; s *= 128; } while (x > 127);
      return v;
    };
    while (i < a.length) {
      const tag = varint(), wire = tag & 7;
      if (tag >>> 3 === 6) return true;
      // the length first: `i += varint()` would add it to i as it was before varint() moved i on
      if (wire === 0) varint(); else if (wire === 2) { const n = varint(); i += n; }
      else if (wire === 1) i += 8; else if (wire === 5) i += 4; else return false;
    }
    return false;
  };
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', e => {
        if (e.data instanceof ArrayBuffer && finishes(new Uint8Array(e.data))) b.finished = performance.now();
      });
    }
  };
  const content = "[data-testid='stMain'] h1, [data-testid='stMain'] [data-testid='stMetric'], "
    + "[data-testid='stMain'] article.lusong-kpi";
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  // idle: connected, the script run finished, and no element still a skeleton (Streamlit draws an
  // element whose code it has not loaded yet as [data-testid='stSkeleton'] until its chunk arrives)
  const idle = () => {
    const app = document.querySelector("[data-testid='stApp']");
    return app !== null && app.dataset.testConnectionState === 'CONNECTED'
      && app.dataset.testScriptState === 'notRunning'
      && document.querySelector("[data-testid='stSkeleton']") === null;
  };
  const metricText = () => [...document.querySelectorAll(
      "[data-testid='stMain'] [data-testid='stMetric'] [data-testid='stMetricValue'], "
      + "[data-testid='stMain'] article.lusong-kpi .value")]
    .filter(visible).map(e => e.textContent.trim()).filter(t => t);
  const tick = () => {
    const now = performance.now();
    if (b.kpi === null && metricText().length > 0) b.kpi = now;
    if (b.settled === null && idle() && chartsDrawn() && document.querySelector(content))
      b.settled = now;
    // the rerun the click caused has finished (its script_finished arrived after the click) and is drawn:
    // the floor's new metric value, the dashboard's filter in the URL
    if (b.t0 !== null && b.after === null && b.finished > b.t0 && idle() && chartsDrawn()
        && (b.expect.metric !== undefined ? metricText().includes(b.expect.metric)
            : location.search !== b.search && location.search.includes(b.expect.url)))
      b.after = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""
ARM_CLICK = """(expect) => {
  const b = window.__bench; b.t0 = null; b.after = null; b.finished = null; b.expect = expect;
  b.search = location.search;  // the rerun writes the new choice into the URL
  document.addEventListener('pointerdown', () => { if (b.t0 === null) b.t0 = performance.now(); },
                            {capture: true, once: true});
}"""


@dataclass(frozen=True)
class Target:
    name: str
    app: str  # "floor" or "dashboard"
    path: str  # URL path under the server


@dataclass
class Series:
    """The times of one figure over the rounds, in ms (NaN: not reached in time, or not on this page)."""

    values: list[float] = field(default_factory=list)

    def ok(self) -> list[float]:
        return [v for v in self.values if not math.isnan(v)]

    def median(self) -> float:
        return report.percentile(self.ok(), 50)

    def spread(self) -> str:
        ok = self.ok()
        if not ok:
            return "—"
        return f"{report.percentile(ok, 10):,.0f}–{report.percentile(ok, 90):,.0f}"

    def failures(self) -> int:
        return len(self.values) - len(self.ok())


def dashboard_targets(names: list[str] | None) -> list[Target]:
    pages = [Target(spec.page_id, "dashboard", "" if spec.page_id == "overview" else spec.page_id)
             for spec in shell.PAGES]  # fmt: skip
    return [p for p in pages if names is None or p.name in names]


def new_page(browser):
    context = browser.new_context(viewport=servers.DESKTOP, locale="zh-CN")
    context.add_init_script(PROBE % {"charts_drawn": _CHARTS_DRAWN})
    return context, context.new_page()


def _times(page, timeout_ms: float) -> dict[str, float | None]:
    page.wait_for_function("() => window.__bench && window.__bench.settled !== null", timeout=timeout_ms)
    return page.evaluate("() => ({kpi: window.__bench.kpi, settled: window.__bench.settled})")


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


@dataclass
class Visit:
    """One navigation: ms to the first KPI and to settled, ms of the interaction after it (NaN if none or
    not seen in time), and the CPU the navigation took (until settled), in ms: the browser's processes and
    the server's."""

    kpi: float = math.nan
    settled: float = math.nan
    click: float = math.nan
    click_again: float = math.nan  # a second change in the same session
    cpu_browser: float = math.nan
    cpu_server: float = math.nan


def _cpu_snapshot() -> dict[int, float]:
    """CPU seconds (user + system) of every process under this one: the servers and the browser's."""
    found = {}
    for proc in psutil.Process().children(recursive=True):
        try:
            times = proc.cpu_times()
            found[proc.pid] = times.user + times.system
        except psutil.Error:
            pass
    return found


def _cpu_used(
    before: dict[int, float], after: dict[int, float], server_pids: set[int]
) -> tuple[float, float]:
    """(browser ms, server ms) between two snapshots; processes started in between count from zero."""
    browser = server = 0.0
    for pid, seconds in after.items():
        used = (seconds - before.get(pid, 0.0)) * 1000
        if pid in server_pids:
            server += used
        else:
            browser += used
    return browser, server


def _tree(pid: int) -> set[int]:
    try:
        return {pid, *(p.pid for p in psutil.Process(pid).children(recursive=True))}
    except psutil.Error:
        return {pid}


def visit(browser, url: str, interaction: str | None = None, server_pid: int | None = None,
          timeout_ms: float = TIMEOUT_MS) -> Visit:  # fmt: skip
    """Open `url` in a fresh context and time it; with `interaction` ("floor" or "sector") go on to change
    the filter and time the rerun."""
    context, page = new_page(browser)
    result = Visit()
    step = "navigation"
    try:
        before = _cpu_snapshot()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        times = _times(page, timeout_ms)
        after = _cpu_snapshot()
        result.kpi, result.settled = _nan(times["kpi"]), _nan(times["settled"])
        if server_pid is not None:
            result.cpu_browser, result.cpu_server = _cpu_used(before, after, _tree(server_pid))
        if interaction is not None:
            step = "interaction"
            page.wait_for_timeout(200)  # let the page go quiet (late layout, websocket) before the click
            change_filter(page, interaction, 0, timeout_ms)
            result.click = page.evaluate("() => window.__bench.after - window.__bench.t0")
            step = "second interaction"
            page.wait_for_timeout(200)
            change_filter(page, interaction, 1, timeout_ms)
            result.click_again = page.evaluate("() => window.__bench.after - window.__bench.t0")
    except Exception as exc:  # a page that does not settle in time is a figure (NaN), not a crash
        print(f"    ! {step} on {url}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}", flush=True)
    finally:
        context.close()
    return result


def change_filter(page, interaction: str, n: int = 0, timeout_ms: float = TIMEOUT_MS) -> None:
    """Change `n` (0 or 1) of a session: the floor's selectbox to another value, or one more sector (the
    first, then the second) in the dashboard's sector filter; wait for the rerun."""
    if interaction == "floor":
        choice, value = FLOOR_CHOICES[n]
        page.locator(FLOOR_SELECT).locator("input").click()
        page.evaluate(ARM_CLICK, {"metric": value})
        page.get_by_role("option", name=choice, exact=True).click()
    else:
        page.evaluate(ARM_CLICK, {"url": "sector="})
        pills = page.locator(SECTOR_FILTER).get_by_role("button").filter(has_text=re.compile(r"\S"))
        pills.nth(n).click()  # a pill, not the label's help icon (a button without text)
    page.wait_for_function("() => window.__bench.after !== null", timeout=timeout_ms)
    if interaction == "floor":
        page.keyboard.press("Escape")


def paired_ratio(a: Series, floor: Series) -> tuple[float, str]:
    ratios = [
        x / f for x, f in zip(a.values, floor.values, strict=True) if not (math.isnan(x) or math.isnan(f))
    ]
    if not ratios:
        return math.nan, "—"
    spread = f"{report.percentile(ratios, 10):.2f}–{report.percentile(ratios, 90):.2f}"
    return report.percentile(ratios, 50), spread


def _ratio_cell(a: Series, floor: Series, goal: float | None) -> str:
    ratio, spread = paired_ratio(a, floor)
    if math.isnan(ratio):
        return "—"
    mark = "" if goal is None else (" ✓" if ratio <= goal else " ✗")
    return f"{ratio:.2f}× [{spread}]{mark}"


def _cpu_cell(s: Series) -> str:
    m = s.median()
    return "—" if math.isnan(m) else f"{m:,.0f} ms ({s.spread()})"


def _ms_cell(s: Series) -> str:
    m = s.median()
    fails = f" ({s.failures()} timed out)" if s.failures() and s.ok() else ""
    return "—" if math.isnan(m) else f"{m:,.0f} ms ({s.spread()}){fails}"


def run(opts) -> str:
    targets = dashboard_targets(opts.pages)
    floor_server = servers.BenchServer("floor", script=servers.FLOOR)
    app_server = servers.BenchServer(
        "dashboard", script=servers.DASHBOARD, cwd=opts.app_dir, env=dict(opts.env or [])
    )
    kpi = {t.name: Series() for t in targets}
    settled = {t.name: Series() for t in targets}
    floor_kpi = {t.name: Series() for t in targets}  # the floor navigation paired with each page
    floor_settled = {t.name: Series() for t in targets}
    click, floor_click = Series(), Series()  # the first change of a session
    again, floor_again = Series(), Series()  # the second
    cpu = {t.name: (Series(), Series()) for t in targets}  # (browser, server) ms per navigation
    floor_cpu = {t.name: (Series(), Series()) for t in targets}
    # the sector filter is timed on the Overview (else the first page measured), the selectbox on the floor
    # navigation paired with it
    names = [t.name for t in targets]
    interaction_page = None if opts.no_interaction else ("overview" if "overview" in names else names[0])
    started = time.monotonic()
    rounds_done = 0
    print("starting servers", flush=True)
    with servers.running(floor_server, app_server), servers.browser() as browser:
        floor_url = floor_server.url + "/"
        urls = {t.name: f"{app_server.url}/{t.path}" for t in targets}
        print("warming up (every page once, not counted)", flush=True)
        visit(browser, floor_url, "floor")
        for url in urls.values():
            visit(browser, url, "sector")
        floor_pid, app_pid = floor_server.process.pid, app_server.process.pid
        for round_no in range(1, opts.rounds + 1):
            if time.monotonic() - started > opts.max_seconds:
                print(f"  stopping after {rounds_done} rounds: over --max-seconds {opts.max_seconds:g}")
                break
            for t in targets:
                interacting = t.name == interaction_page
                f = visit(browser, floor_url, "floor" if interacting else None, floor_pid)
                a = visit(browser, urls[t.name], "sector" if interacting else None, app_pid)
                floor_kpi[t.name].values.append(f.kpi)
                floor_settled[t.name].values.append(f.settled)
                kpi[t.name].values.append(a.kpi)
                settled[t.name].values.append(a.settled)
                for side, (mine, floors) in enumerate(zip(cpu[t.name], floor_cpu[t.name], strict=True)):
                    mine.values.append((a.cpu_browser, a.cpu_server)[side])
                    floors.values.append((f.cpu_browser, f.cpu_server)[side])
                if interacting:
                    floor_click.values.append(f.click)
                    click.values.append(a.click)
                    floor_again.values.append(f.click_again)
                    again.values.append(a.click_again)
            rounds_done = round_no
            line = ", ".join(f"{t.name} {settled[t.name].values[-1]:,.0f}" for t in targets)
            print(f"  round {round_no}: floor {floor_settled[targets[0].name].values[-1]:,.0f} ms; {line} ms"
                  + (f"; filter {click.values[-1]:,.0f} then {again.values[-1]:,.0f} vs floor "
                     f"{floor_click.values[-1]:,.0f} then {floor_again.values[-1]:,.0f} ms"
                     if not opts.no_interaction else ""), flush=True)  # fmt: skip
    elapsed = time.monotonic() - started

    all_floor_kpi = Series([v for s in floor_kpi.values() for v in s.values])
    all_floor_settled = Series([v for s in floor_settled.values() for v in s.values])
    rows = [["floor (bench/floor_app.py)", _ms_cell(all_floor_kpi), "1", _ms_cell(all_floor_settled), "1"]]
    for t in targets:
        rows.append([
            t.name,
            _ms_cell(kpi[t.name]),
            _ratio_cell(kpi[t.name], floor_kpi[t.name], GOAL_FIRST_KPI if t.name == "overview" else None),
            _ms_cell(settled[t.name]),
            _ratio_cell(settled[t.name], floor_settled[t.name], GOAL_SETTLED),
        ])  # fmt: skip
    pages_table = report.table(
        ["page", "first KPI: median (p10–p90)", "× floor [p10–p90]", "settled: median (p10–p90)",
         "× floor [p10–p90]"],
        rows,
    )  # fmt: skip
    all_floor_cpu = [Series([v for pair in floor_cpu.values() for v in pair[side].values]) for side in (0, 1)]
    cpu_rows = [
        ["floor (bench/floor_app.py)", _cpu_cell(all_floor_cpu[0]), "1", _cpu_cell(all_floor_cpu[1]), "1"]
    ]
    for t in targets:
        cpu_rows.append([
            t.name,
            _cpu_cell(cpu[t.name][0]), _ratio_cell(cpu[t.name][0], floor_cpu[t.name][0], None),
            _cpu_cell(cpu[t.name][1]), _ratio_cell(cpu[t.name][1], floor_cpu[t.name][1], None),
        ])  # fmt: skip
    cpu_table = report.table(
        ["page", "browser CPU to settled: median", "× floor [p10–p90]", "server CPU: median",
         "× floor [p10–p90]"],
        cpu_rows,
    )  # fmt: skip
    parts = [
        "### Page speed (headless Chromium, against the floor app)",
        "",
        f"Taken {report.machine()}.",
        f"`bench/page_speed.py --rounds {opts.rounds}{_variant(opts)}`: {rounds_done} rounds in "
        f"{elapsed:.0f} s; every page right after the floor app (A B A B), each navigation in a fresh "
        "browser context; times from the navigation start, read in the page every animation frame. "
        "× floor = median over rounds of the ratio to the floor navigation just before it. Goals: Overview "
        "first KPI ≤ 1.3×, every page settled ≤ 2.0×, filter ≤ 1.5×. First KPI is shown for the pages "
        "that have metric cards.",
        "",
        pages_table,
        "",
        "CPU time used by the navigation until settled (psutil: user + system of the browser's processes, "
        "and of the app's server), which waiting for a busy CPU does not inflate:",
        "",
        cpu_table,
    ]
    if not opts.no_interaction:
        parts += [
            "",
            report.table(
                ["interaction", "click → settled: median (p10–p90)", "× floor [p10–p90]"],
                [
                    ["floor: choose another value in the selectbox", _ms_cell(floor_click), "1"],
                    [
                        f"{interaction_page}: choose a sector in the sector filter",
                        _ms_cell(click),
                        _ratio_cell(click, floor_click, GOAL_INTERACTION),
                    ],
                    ["floor: the selectbox again, back to the first value", _ms_cell(floor_again), "1"],
                    [
                        f"{interaction_page}: a second sector in the sector filter",
                        _ms_cell(again),
                        _ratio_cell(again, floor_again, GOAL_INTERACTION),
                    ],
                ],
            ),  # fmt: skip
        ]
    return "\n".join(parts)


def _variant(opts) -> str:
    """The options that make this run differ from the default one, as written on the command line."""
    parts = [f" --env {k}={v}" for k, v in opts.env or []]
    if opts.app_dir != ROOT:
        parts.append(f" --app-dir {opts.app_dir}")
    if opts.pages:
        parts.append(f" --pages {','.join(opts.pages)}")
    return "".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--pages", type=lambda s: s.split(","), help="comma-separated page ids (default all)")
    parser.add_argument("--no-interaction", action="store_true")
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="serve the dashboard from this checkout")
    parser.add_argument(
        "--env",
        type=lambda s: tuple(s.split("=", 1)),
        action="append",
        metavar="KEY=VALUE",
        help="environment of the dashboard server, e.g. STREAMLIT_RUNNER_POST_SCRIPT_GC=false",
    )
    parser.add_argument("--max-seconds", type=float, default=600, help="stop starting rounds after this")
    parser.add_argument("--write-readme", action="store_true", help="put the results into bench/README.md")
    opts = parser.parse_args(argv)
    body = run(opts)
    print()
    print(body)
    if opts.write_readme:
        report.write_section("page_speed", body)
    else:
        report.OUT.mkdir(parents=True, exist_ok=True)
        (report.OUT / "page_speed.md").write_text(body + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
