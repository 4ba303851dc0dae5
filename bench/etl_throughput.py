"""ETL throughput: build a synthetic corpus from the two sources and time the real build on it.

Each synthetic document is one of the two source articles with its paragraphs shuffled, its figures
scaled by a random factor and its years shifted, so no two documents are the same. Run from the repository
root:

    .venv/bin/python bench/etl_throughput.py [--documents 1000] [--profile] [--keep DIR]

Prints documents/s, MB/s (of text read), total seconds and the counts of facts and entities.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import os
import pstats
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.build import BuildSummary, build  # noqa: E402 (after the path is set)
from etl.read import MANIFEST_COLUMNS  # noqa: E402

RAW = ROOT / "data" / "raw"
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
FIGURE = re.compile(r"(?<![\d.])(\d+)(?:\.(\d+))?(?![\d.])")


def shift_years(text: str, shift: int) -> str:
    return YEAR.sub(lambda match: str(int(match.group(1)) + shift), text)


def scale_figures(text: str, rng: random.Random) -> str:
    """Every number that is not a year scaled by 0.8–1.25, written with as many decimals as before."""

    def scaled(match: re.Match[str]) -> str:
        whole, decimals = match.group(1), match.group(2)
        if YEAR.fullmatch(match.group(0)):
            return match.group(0)
        value = float(match.group(0)) * rng.uniform(0.8, 1.25)
        return (
            f"{value:.{len(decimals)}f}" if decimals else str(max(1, round(value))) if whole != "0" else "0"
        )

    return FIGURE.sub(scaled, text)


def vary(text: str, rng: random.Random, year_shift: int) -> str:
    paragraphs = text.split("\n\n")
    rng.shuffle(paragraphs)
    return scale_figures(shift_years("\n\n".join(paragraphs), year_shift), rng)


def write_corpus(raw: Path, n_documents: int, seed: int = 2024) -> int:
    """n_documents varied texts, their manifest, and the other inputs; returns the bytes of text written."""
    shutil.copytree(RAW / "geo", raw / "geo")
    shutil.copyfile(RAW / "supplementary_facts.csv", raw / "supplementary_facts.csv")
    with (RAW / "manifest.csv").open(encoding="utf-8") as manifest:
        sources = list(csv.DictReader(manifest))
    texts = {row["file"]: (RAW / row["file"]).read_text(encoding="utf-8") for row in sources}
    rng = random.Random(seed)
    rows, n_bytes = [], 0
    for number in range(n_documents):
        source = sources[number % len(sources)]
        shift = -(number // len(sources)) % 12  # report years back to 12 years earlier
        data = vary(texts[source["file"]], rng, -shift).encode("utf-8")
        name = f"{number:05}_synthetic.txt"
        (raw / name).write_bytes(data)
        n_bytes += len(data)
        rows.append(_manifest_row(source, name, number, shift))
    with (raw / "manifest.csv").open("w", encoding="utf-8", newline="") as manifest:
        writer = csv.DictWriter(manifest, MANIFEST_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return n_bytes


def _manifest_row(source: dict[str, str], name: str, number: int, shift: int) -> dict[str, str]:
    year = int(source["report_year"]) - shift
    meeting_date = dt.date.fromisoformat(source["meeting_date"])
    row = dict(
        source,
        file=name,
        title=f"{source['title']} (synthetic {number})",
        report_year=str(year),
        meeting_date=meeting_date.replace(year=meeting_date.year - shift).isoformat(),
    )
    if source["reviews"].isdigit():
        row["reviews"], row["plans"] = str(year - 1), str(year)
    return row


def _run(raw: Path, profile: bool, jobs: int | None) -> tuple[BuildSummary, float]:
    db = raw.parent / "bench.duckdb"
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    summary = build(raw, db, progress=True, jobs=jobs)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    if profiler:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(35)
    return summary, seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the build to stderr")
    parser.add_argument("--keep", type=Path, help="write the corpus and database here and keep them")
    parser.add_argument("--jobs", type=int, help="extraction processes (default: one per CPU)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="etl-bench-"))
    try:
        raw = work / "raw"
        raw.mkdir(parents=True)
        n_bytes = write_corpus(raw, args.documents)
        summary, seconds = _run(raw, args.profile, args.jobs)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    megabytes = n_bytes / 1e6
    print(
        f"documents:   {summary.n_texts} texts ({megabytes:.1f} MB) + {summary.n_cited_sources} cited sources"
    )
    print(f"facts:       {summary.n_facts}")
    print(f"entities:    {summary.n_entities}")
    phases = ", ".join(f"{phase} {spent:.1f} s" for phase, spent in summary.phase_seconds.items())
    print(f"total:       {seconds:.1f} s ({phases})")
    print(f"throughput:  {summary.n_texts / seconds:.1f} documents/s, {megabytes / seconds:.2f} MB/s")
    own = resource.getrusage(resource.RUSAGE_SELF)
    # extraction workers are children of multiprocessing's fork server, not of this process: with --jobs 1
    # this figure is the whole build's CPU time, otherwise it leaves the workers out
    print(f"cpu:         {own.ru_utime + own.ru_stime:.1f} s in the main process")
    loads = " ".join(f"{load:.1f}" for load in os.getloadavg())
    print(f"load:        {loads} (1, 5, 15 min) on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
