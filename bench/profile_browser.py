"""Where the browser spends its time on a page of the dashboard: a V8 CPU profile of one navigation.

    .venv/bin/python bench/profile_browser.py [--pages trends,overview] [--floor] [--top 15]

Starts the dashboard (and with --floor the floor app), opens each page in a fresh context with the Chrome
DevTools Protocol's CPU profiler running from before the navigation until the page has settled (as
bench/page_speed.py defines it), and prints the sampled main-thread time by script (which JavaScript chunk:
Streamlit's core, PlotlyChart, DataFrame, ...) and by function, self time, plus the time to settle.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import page_speed  # noqa: E402
import report  # noqa: E402
import servers  # noqa: E402


def profile(browser, url: str) -> tuple[dict, float]:
    context, page = page_speed.new_page(browser)
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 500})
        cdp.send("Profiler.start")
        page.goto(url, wait_until="commit", timeout=page_speed.TIMEOUT_MS)
        settled = page_speed._times(page, page_speed.TIMEOUT_MS)["settled"]
        result = cdp.send("Profiler.stop")["profile"]
    finally:
        context.close()
    return result, settled


def self_times(prof: dict) -> tuple[collections.Counter[str], collections.Counter[str], float]:
    """(ms by script, ms by function, total ms) of a CDP profile, from its samples and time deltas."""
    nodes = {n["id"]: n for n in prof["nodes"]}
    by_script: collections.Counter[str] = collections.Counter()
    by_function: collections.Counter[str] = collections.Counter()
    total = 0.0
    for node_id, delta in zip(prof["samples"], prof["timeDeltas"], strict=True):
        ms = delta / 1000
        frame = nodes[node_id]["callFrame"]
        name = frame["functionName"] or "(anonymous)"
        script = frame["url"].rsplit("/", 1)[-1] or name  # (program), (idle), (garbage collector)
        if name == "(idle)":
            continue
        total += ms
        by_script[script] += ms
        by_function[f"{name} [{script}]"] += ms
    return by_script, by_function, total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=lambda s: s.split(","), help="comma-separated page ids (default all)")
    parser.add_argument("--floor", action="store_true", help="profile the floor app too")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="serve the dashboard from this checkout")
    parser.add_argument("--repeat", type=int, default=1, help="profile each page this many times")
    opts = parser.parse_args(argv)
    app = servers.BenchServer("profile-browser", script=servers.DASHBOARD, cwd=opts.app_dir)
    floor = servers.BenchServer("profile-browser-floor", script=servers.FLOOR)
    started = [app, floor] if opts.floor else [app]
    with servers.running(*started), servers.browser() as browser:
        urls = {t.name: f"{app.url}/{t.path}" for t in page_speed.dashboard_targets(opts.pages)}
        if opts.floor:
            urls = {"floor": f"{floor.url}/", **urls}
        for url in urls.values():
            page_speed.visit(browser, url)  # warm the servers: imports, caches
        for name, url in urls.items():
            for _ in range(opts.repeat - 1):
                prof, settled = profile(browser, url)
                print(
                    f"#### {name}: settled at {settled:,.0f} ms; main-thread CPU {self_times(prof)[2]:,.0f}"
                )
            prof, settled = profile(browser, url)
            by_script, by_function, total = self_times(prof)
            print(f"\n#### {name}: settled at {settled:,.0f} ms; main-thread CPU sampled {total:,.0f} ms\n")
            rows = [
                [s, f"{ms:,.0f}", f"{100 * ms / total:.0f}%"] for s, ms in by_script.most_common(opts.top)
            ]
            print(report.table(["script (self time)", "ms", "share"], rows))
            rows = [[f, f"{ms:,.0f}"] for f, ms in by_function.most_common(opts.top)]
            print()
            print(report.table(["function [script] (self time)", "ms"], rows))


if __name__ == "__main__":
    main()
