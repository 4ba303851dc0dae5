"""What the benchmarks share: percentiles, plain-text tables, the machine they ran on, and the results
section of bench/README.md each script may rewrite (between its own markers, nothing else)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
README = ROOT / "bench" / "README.md"


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown pipe table padded so that it also reads well in a terminal."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(_is_number(row[i]) for row in cells[1:]) and len(cells) > 1 for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        padded = [
            " " * (w - _width(c)) + c if num else c + " " * (w - _width(c))
            for c, w, num in zip(row, widths, numeric, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            ("-" * (w + 1) + ":") if num else ("-" * (w + 2)) for w, num in zip(widths, numeric, strict=True)
        )
        + "|"
    )
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 1 for ch in text)


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[<>≤≥~]?\s*[-+]?[\d,.]+\s*(×|ms|s|MiB|%)?\s*[✓✗]?|—|n/a", text.strip()))


def ms(seconds: float) -> str:
    return (
        "—"
        if seconds != seconds
        else f"{seconds * 1000:,.0f} ms"
        if seconds >= 0.1
        else f"{seconds * 1000:.1f} ms"
    )


def _cpu_ticks() -> tuple[int, int] | None:
    """(steal, total) jiffies of all CPUs from /proc/stat (Linux), or None."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    ticks = [int(x) for x in fields[:8]]  # user nice system idle iowait irq softirq steal
    return (ticks[7] if len(ticks) > 7 else 0), sum(ticks)


_STARTED = _cpu_ticks()  # when the benchmark script imported this module


def stolen() -> str:
    """The share of CPU time the hypervisor gave to other machines since the script started: on a shared
    host it slows everything measured here, the floor included, as other jobs do."""
    now = _cpu_ticks()
    if now is None or _STARTED is None or now[1] <= _STARTED[1]:
        return "n/a"
    return f"{100 * (now[0] - _STARTED[0]) / (now[1] - _STARTED[1]):.0f} %"


def machine() -> str:
    """One line: date, CPU count, memory (free -h), Python, load average, CPU stolen by the host."""
    try:
        free = subprocess.run(["free", "-h"], capture_output=True, text=True, timeout=5, check=False).stdout
        mem = next((line.split()[1] for line in free.splitlines() if line.startswith("Mem:")), "?")
    except OSError:
        mem = "?"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{now}; {os.cpu_count()} CPUs (nproc), {mem} RAM (free -h), Python {platform.python_version()}, "
        f"load average {load} at the end, {stolen()} of the CPU time stolen by the host during the run"
    )


def write_section(name: str, body: str) -> Path:
    """Write `body` to bench/out/<name>.md and put it between `<!-- <name>:begin -->` and
    `<!-- <name>:end -->` in bench/README.md (appended when the markers are missing)."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.md").write_text(body + "\n", encoding="utf-8")
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    block = f"{begin}\n{body.strip()}\n{end}"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")
    return README
