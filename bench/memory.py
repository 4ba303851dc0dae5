"""Memory: peak RSS of the Streamlit server's process tree with 10 open browser sessions, against the floor.

    .venv/bin/python bench/memory.py [--sessions 10] [--write-readme]

For each app (the floor app first, then the dashboard), a fresh server is started on a loopback port and
its process tree (the server and any children) is sampled every 50 ms from start to stop. Then --sessions
browser contexts are opened one after another and kept open (each its own Streamlit session); the
dashboard's sessions cycle through its pages, and each session also changes the sector filter once (the
floor's changes its selectbox), so every session holds the state a visitor leaves behind. Reported: RSS
after start-up (before any session), with one session (the imports and caches of a first visit), with
every session open and per further session, and the peak seen; for the main process also
the kernel's high-water mark (VmHWM), which catches a peak between two samples.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import page_speed  # noqa: E402
import report  # noqa: E402
import servers  # noqa: E402

MIB = 2**20


class TreeSampler(threading.Thread):
    """Samples the RSS of a process and its descendants every `interval` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.last = 0
        self._stop_event = threading.Event()

    def sample(self) -> int:
        total = 0
        for proc in [self.root, *self.root.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        self.last = total
        self.peak = max(self.peak, total)
        return total

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                self.sample()
            except psutil.Error:
                return
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)


def high_water_mark(pid: int) -> int:
    """VmHWM of the process, in bytes (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


@dataclass
class Figures:
    app: str
    start: int
    first_session: int
    open_sessions: int
    peak: int
    hwm: int
    sessions: int
    elapsed: float


def measure(app: str, script: str, paths: list[str], n_sessions: int, browser, env=None) -> Figures:
    server = servers.BenchServer(f"memory-{app}", script=script, env=dict(env or []))
    contexts = []
    started = time.monotonic()
    with servers.running(server):
        sampler = TreeSampler(server.process.pid)
        time.sleep(1.0)  # let the freshly started server finish importing
        start = sampler.sample()
        sampler.start()
        first = 0
        try:
            for i in range(n_sessions):
                context, page = page_speed.new_page(browser)
                contexts.append(context)
                url = f"{server.url}/{paths[i % len(paths)]}"
                page.goto(url, wait_until="commit", timeout=page_speed.TIMEOUT_MS)
                page.wait_for_function("() => window.__bench && window.__bench.settled !== null",
                                       timeout=page_speed.TIMEOUT_MS)  # fmt: skip
                page_speed.change_filter(page, "floor" if app == "floor" else "sector")
                if i == 0:
                    time.sleep(1.0)
                    first = sampler.sample()
            time.sleep(2.0)
            open_sessions = sampler.sample()
            hwm = high_water_mark(server.process.pid)
        finally:
            for context in contexts:
                context.close()
            sampler.stop()
    return Figures(
        app, start, first, open_sessions, sampler.peak, hwm, len(contexts), time.monotonic() - started
    )


def mib(n: int) -> str:
    return f"{n / MIB:,.0f} MiB"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument(
        "--env",
        type=lambda s: tuple(s.split("=", 1)),
        action="append",
        metavar="KEY=VALUE",
        help="environment of the dashboard server, e.g. STREAMLIT_RUNNER_POST_SCRIPT_GC=false",
    )
    parser.add_argument("--write-readme", action="store_true", help="put the results into bench/README.md")
    opts = parser.parse_args(argv)
    pages = [t.path for t in page_speed.dashboard_targets(None)]
    with servers.browser() as browser:
        floor = measure("floor", servers.FLOOR, [""], opts.sessions, browser)
        print(f"  floor: peak {mib(floor.peak)} in {floor.elapsed:.0f} s", flush=True)
        app = measure("dashboard", servers.DASHBOARD, pages, opts.sessions, browser, opts.env)
        print(f"  dashboard: peak {mib(app.peak)} in {app.elapsed:.0f} s", flush=True)
    rows = []
    for f in (floor, app):
        per_session = (f.open_sessions - f.first_session) / max(f.sessions - 1, 1)
        rows.append([
            "floor (bench/floor_app.py)" if f.app == "floor" else "dashboard (app.py)",
            mib(f.start), mib(f.first_session), mib(f.open_sessions), mib(f.peak), mib(f.hwm),
            f"{per_session / MIB:,.1f} MiB",
            f"{f.peak / floor.peak:.2f}×",
        ])  # fmt: skip
    variant = "".join(f" --env {k}={v}" for k, v in opts.env or [])
    body = "\n".join([
        "### Memory (server process tree, 10 browser sessions)",
        "",
        f"Taken {report.machine()}.",
        f"`bench/memory.py --sessions {opts.sessions}{variant}`: a fresh server per app, its process "
        "tree's RSS sampled every 50 ms (psutil); sessions opened one after another in headless Chromium "
        "and kept open, the dashboard's cycling through its pages, each changing the sector filter (the "
        "floor: its selectbox) once.",
        "",
        report.table(
            ["app", "after start", "1 session", f"{opts.sessions} sessions open", "peak (sampled)",
             "main VmHWM", "per further session", "peak × floor"],
            rows,
        ),
    ])  # fmt: skip
    print()
    print(body)
    if opts.write_readme:
        report.write_section("memory", body)
    else:
        report.OUT.mkdir(parents=True, exist_ok=True)
        (report.OUT / "memory.md").write_text(body + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
