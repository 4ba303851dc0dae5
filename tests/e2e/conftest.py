"""Fixtures of the browser tests: the real `streamlit run` on a free loopback port, and headless Chromium.

One server (and one browser) is shared by the whole session; tests that need a server of their own (a
fresh start, a path prefix, a read-only checkout) start it through `start_server` and it is stopped when
the test ends, failed or not. Server output goes to a log file under test-artifacts/e2e/ (a PIPE that
nobody reads can fill up and block the server).

Without Chromium (or the playwright package) the browser tests are skipped with the reason; under CI
(`CI=true`) that is a failure instead, so a CI run cannot pass without having run them.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e.streamlit_ui import RUN_COUNTER

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM_DEFAULT = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SERVER_START_TIMEOUT_S = 90
DESKTOP = {"width": 1366, "height": 900}


def unavailable(reason: str) -> None:
    """Skip, or fail under CI: a CI run must not pass without the browser tests having run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class StreamlitServer:
    """`streamlit run app.py` in `cwd` on a loopback port, maybe behind a path prefix or as another user."""

    name: str
    cwd: Path = ROOT
    base_path: str = ""
    user: int | None = None  # run as this uid/gid (e.g. nobody) through setpriv
    env: dict[str, str] = field(default_factory=dict)
    port: int = 0
    log_path: Path = field(init=False)
    process: subprocess.Popen | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.log_path = ARTIFACTS / f"server-{self.name}.log"

    @property
    def url(self) -> str:
        prefix = f"/{self.base_path}" if self.base_path else ""
        return f"http://127.0.0.1:{self.port}{prefix}"

    def command(self) -> list[str]:
        cmd = [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.headless", "true",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            # other people edit the working tree while the tests run; a rerun prompt must not appear
            "--server.fileWatcherType", "none",
        ]  # fmt: skip
        if self.base_path:
            cmd += ["--server.baseUrlPath", self.base_path]
        if self.user is not None:
            cmd = ["setpriv", f"--reuid={self.user}", f"--regid={self.user}", "--clear-groups", *cmd]
        return cmd

    def start(self) -> StreamlitServer:
        if not (self.cwd / "app.py").exists():
            pytest.fail(f"no app.py in {self.cwd}: nothing to serve", pytrace=False)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for _attempt in range(3):  # a free port can be taken between free_port() and the bind
            self.port = free_port()
            env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
            env.pop("CI", None)  # Streamlit must not change behaviour under CI
            with open(self.log_path, "w", encoding="utf-8") as log:
                log.write(f"$ {' '.join(self.command())}\n")
                log.flush()
                self.process = subprocess.Popen(
                    self.command(), cwd=self.cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL, start_new_session=True,
                )  # fmt: skip
            if self._wait_healthy():
                return self
            log_text = self.log()
            self.stop()
            if "already in use" not in log_text:
                break
        pytest.fail(f"streamlit server {self.name!r} did not become healthy; log {self.log_path}:\n"
                    f"{self.log()[-3000:]}", pytrace=False)  # fmt: skip
        raise AssertionError  # unreachable: pytest.fail raises

    def _wait_healthy(self) -> bool:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.read().decode().strip() == "ok":
                        return True
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        return False

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        pgid = self.process.pid  # start_new_session: the process leads its own group
        try:
            os.killpg(pgid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass


# ---- servers -------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def app_server(browser) -> Iterator[StreamlitServer]:
    """The app served from the working tree, shared by the session. Depends on `browser` so that
    without Chromium no server is started at all."""
    server = StreamlitServer("session").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def prefixed_server(browser) -> Iterator[StreamlitServer]:
    """The app behind `--server.baseUrlPath lusong`, as a reverse proxy or a host serves it."""
    server = StreamlitServer("prefix-lusong", base_path="lusong").start()
    yield server
    server.stop()


@pytest.fixture
def start_server(browser) -> Iterator:
    """Start servers of a test's own (fresh, elsewhere, as another user); all are stopped afterwards."""
    started: list[StreamlitServer] = []

    def start(name: str, **kwargs) -> StreamlitServer:
        server = StreamlitServer(name, **kwargs)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


# ---- browser -------------------------------------------------------------------------------------------


def chromium_path() -> str | None:
    configured = os.environ.get("LUSONG_CHROMIUM", CHROMIUM_DEFAULT)
    if Path(configured).is_file() and os.access(configured, os.X_OK):
        return configured
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_chromium(playwright, env: dict[str, str] | None = None):
    return playwright.chromium.launch(
        executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True, env=env
    )


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        unavailable(f"the playwright package is not installed ({exc}); pip install -r requirements-dev.txt")
    if chromium_path() is None:
        unavailable(
            f"Chromium not found at {os.environ.get('LUSONG_CHROMIUM', CHROMIUM_DEFAULT)} nor on PATH; "
            "install it with `apt-get install chromium fonts-noto-cjk` (or set LUSONG_CHROMIUM)"
        )
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance) -> Iterator:
    try:
        browser = launch_chromium(playwright_instance)
    except Exception as exc:  # a Chromium that cannot start is as good as none
        unavailable(f"Chromium at {chromium_path()} failed to start: {exc}")
    yield browser
    browser.close()


class Console:
    """Errors a page reported: uncaught exceptions and console.error messages."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def attach(self, page) -> None:
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught exception: {exc}"))
        page.on(
            "console",
            lambda msg: (
                self.errors.append(f"console.error: {msg.text} @ {msg.location}")
                if msg.type == "error"
                else None
            ),
        )


@pytest.fixture
def new_context(browser) -> Iterator:
    """Fresh browser contexts (no shared cookies, storage or cache), each page's console collected in
    `context.console`; closed after the test."""
    contexts = []

    def make(**kwargs):
        context = browser.new_context(viewport=kwargs.pop("viewport", DESKTOP), locale="zh-CN", **kwargs)
        context.set_default_timeout(60_000)  # shared machines are slow; waits for a run have their own
        context.add_init_script(RUN_COUNTER)
        context.console = Console()
        context.on("page", context.console.attach)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh context; its console errors are in `page.console.errors`."""
    context = new_context()
    page = context.new_page()
    page.console = context.console
    return page
