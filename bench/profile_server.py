"""Where the dashboard's server spends its time while visitors open its pages: py-spy on the real server.

    .venv/bin/python bench/profile_server.py [--visits 3] [--pages overview,trends] [--top 25]

Starts the dashboard (as bench/page_speed.py does), attaches `py-spy record` to the server, and opens each
page --visits times in fresh browser contexts, changing the sector filter once on each visit. Then it reads
the sampled stacks and prints, for the samples taken while a page script ran (a stack through app.py or
pages/):

- the project's functions by inclusive time (dashboard/, pages/, app.py);
- the library calls made from project code by inclusive time (the first frame outside the project below
  the last project frame: st.plotly_chart, st.dataframe, DuckDB's execute, DataFrame.df(), ...).

The raw stacks stay in bench/out/profile-server.txt (collapsed format, for flamegraph tools). py-spy needs
ptrace rights (root, or kernel.yama.ptrace_scope = 0).
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import page_speed  # noqa: E402
import report  # noqa: E402
import servers  # noqa: E402

FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^():]+)(?::\d+)?\)$")
# py-spy names files under the server's working directory by their base name alone
PROJECT = {p.name: str(p.relative_to(ROOT)) for d in ("dashboard", "pages") for p in (ROOT / d).glob("*.py")}
PROJECT["app.py"] = "app.py"


def project_file(path: str) -> str | None:
    return PROJECT.get(path) if "/" not in path else None


def summarise(collapsed: Path, top: int) -> str:
    own: collections.Counter[str] = collections.Counter()
    calls: collections.Counter[str] = collections.Counter()
    script_samples = total = 0
    for line in collapsed.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = [FRAME.match(f) for f in stack.split(";")]
        parsed = [(m.group("func"), m.group("file")) for m in frames if m]
        in_project = [i for i, (_, path) in enumerate(parsed) if project_file(path)]
        if not in_project:
            continue
        script_samples += count
        for name in {f"{func} ({project_file(path)})" for func, path in parsed if project_file(path)}:
            own[name] += count
        last = in_project[-1]
        if last + 1 < len(parsed):
            func, path = parsed[last + 1]
            caller = parsed[last][0]
            calls[f"{func} ({_short(path)}) from {caller}"] += count
        else:
            calls[f"(in {parsed[last][0]} itself)"] += count

    def rows(counter: collections.Counter[str]) -> list[list[str]]:
        return [
            [name, f"{n:,}", f"{100 * n / max(script_samples, 1):.0f}%"]
            for name, n in counter.most_common(top)
        ]

    return "\n".join([
        f"{total:,} samples in all, {script_samples:,} while a page script ran.",
        "",
        report.table(["project function (inclusive)", "samples", "of script time"], rows(own)),
        "",
        report.table(["library call from project code", "samples", "of script time"], rows(calls)),
    ])  # fmt: skip


def _short(path: str) -> str:
    marker = "site-packages/"
    return path.split(marker, 1)[1] if marker in path else path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--visits", type=int, default=3)
    parser.add_argument("--pages", type=lambda s: s.split(","), help="comma-separated page ids (default all)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    opts = parser.parse_args(argv)
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(py_spy).exists():
        raise SystemExit("py-spy not found: pip install -r requirements-dev.txt")
    targets = page_speed.dashboard_targets(opts.pages)
    out = report.OUT / "profile-server.txt"
    server = servers.BenchServer("profile", script=servers.DASHBOARD)
    with servers.running(server), servers.browser() as browser:
        page_speed.visit(browser, f"{server.url}/")  # warm: imports, caches, the first run's set-up
        spy = subprocess.Popen(
            [py_spy, "record", "--pid", str(server.process.pid), "--rate", str(opts.rate), "--format", "raw",
             "--output", str(out), "--nonblocking"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            time.sleep(1.0)
            for _ in range(opts.visits):
                for t in targets:
                    v = page_speed.visit(browser, f"{server.url}/{t.path}", "sector")
                    print(f"  {t.name}: settled {v.settled:,.0f} ms, filter {v.click:,.0f} ms", flush=True)
        finally:
            spy.send_signal(signal.SIGINT)  # py-spy writes its output on SIGINT
            try:
                spy.wait(timeout=60)
            except subprocess.TimeoutExpired:
                spy.kill()
    if not out.exists():
        raise SystemExit("py-spy wrote no profile (ptrace not permitted?)")
    print()
    print(summarise(out, opts.top))


if __name__ == "__main__":
    main()
