"""The servers and the browser of the browser benchmarks, reusing the browser tests' harness.

tests/e2e/conftest.py starts `streamlit run app.py` on a free loopback port with its output in a log file,
polls /_stcore/health and stops the process group; it launches the system Chromium with the project's
flags. Here the same server serves any script (the dashboard or the floor app) and logs to bench/out/.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import DESKTOP, StreamlitServer, chromium_path, launch_chromium  # noqa: E402

OUT = ROOT / "bench" / "out"
DASHBOARD, FLOOR = "app.py", "bench/floor_app.py"

__all__ = ["DESKTOP", "BenchServer", "browser", "running"]


@dataclass
class BenchServer(StreamlitServer):
    """StreamlitServer running `script` (relative to the repository) with its log under bench/out/."""

    script: str = DASHBOARD

    def __post_init__(self) -> None:
        OUT.mkdir(parents=True, exist_ok=True)
        self.log_path = OUT / f"server-{self.name}.log"

    def command(self) -> list[str]:
        cmd = super().command()
        cmd[cmd.index("app.py")] = self.script
        return cmd


@contextlib.contextmanager
def running(*servers: BenchServer) -> Iterator[tuple[BenchServer, ...]]:
    """Start the servers one after another; stop every one started, whatever happens."""
    started: list[BenchServer] = []
    try:
        for server in servers:
            started.append(server)
            server.start()
            print(f"  {server.name}: {server.url} (log {server.log_path.relative_to(ROOT)})", flush=True)
        yield servers
    finally:
        for server in started:
            server.stop()


@contextlib.contextmanager
def browser() -> Iterator[object]:
    """Headless system Chromium (the browser tests' flags), closed on exit."""
    if chromium_path() is None:
        raise SystemExit(
            "Chromium not found (/usr/bin/chromium or LUSONG_CHROMIUM): apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()
