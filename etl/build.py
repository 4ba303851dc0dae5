"""The build: read every input, extract, and write the database atomically."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from tqdm import tqdm

from etl.catalog import CATALOG_PATH, Catalog, load_catalog
from etl.extract import DocumentExtraction, extract
from etl.geo import BoundaryRow, ZoneRow, geo_input_files, read_boundary, read_zones
from etl.load import DatabaseContent, Run, write_database
from etl.model import Document, Entity, Fact, Indicator
from etl.read import Corpus, InputError, read_corpus
from etl.supplementary import SUPPLEMENTARY_NAME, CitedFigures, read_supplementary

PROGRESS_FROM_DOCUMENTS = 20  # show a progress bar when there are at least this many documents
PARALLEL_FROM_DOCUMENTS = 100  # below this, starting worker processes costs more than it saves
ETL_DIR = Path(__file__).parent


class InputErrors(Exception):
    """Problems with the input that stop the build (without --skip-invalid)."""

    def __init__(self, problems: Iterable[InputError]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class BuildSummary:
    db_path: Path
    n_texts: int
    n_cited_sources: int
    n_facts: int
    n_entities: int
    seconds: float
    skipped: tuple[InputError, ...]
    phase_seconds: dict[str, float]  # read, extract, write
    warnings: tuple[InputError, ...] = ()  # figures left out of documents that were loaded

    @property
    def n_documents(self) -> int:
        return self.n_texts + self.n_cited_sources

    def line(self) -> str:
        return (
            f"built {self.db_path}: {self.n_documents} documents ({self.n_texts} texts, "
            f"{self.n_cited_sources} cited sources), {self.n_facts} facts, {self.n_entities} entities "
            f"in {self.seconds:.1f} s"
        )


@dataclass(frozen=True)
class Inputs:
    """Everything read from the input directory, before extraction."""

    corpus: Corpus
    cited: CitedFigures
    zones: list[ZoneRow]
    boundary: BoundaryRow

    @property
    def problems(self) -> list[InputError]:
        return [*self.corpus.problems, *self.cited.problems]

    def files(self, raw_dir: Path) -> list[Path]:
        """Every file read, for the run's input checksum."""
        files = [*self.corpus.input_files, *geo_input_files(raw_dir), CATALOG_PATH]
        return files + [raw_dir / SUPPLEMENTARY_NAME] if self.cited.documents else files


@dataclass(frozen=True)
class Extraction:
    facts: list[Fact]
    entities: list[Entity]
    indicators: list[Indicator]
    problems: list[InputError]
    warnings: list[InputError]


def code_version() -> str:
    """`git describe --always --dirty` of the ETL code, or a hash of etl/*.py outside a git checkout."""
    try:
        described = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=ETL_DIR,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        described = None
    if described is not None and described.returncode == 0 and described.stdout.strip():
        return described.stdout.strip()
    digest = hashlib.sha256()
    for path in sorted(ETL_DIR.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return "src-" + digest.hexdigest()[:12]


def input_sha256(raw_dir: Path, paths: Iterable[Path]) -> str:
    """One checksum over every input file: its path relative to raw_dir (or name) and its bytes."""
    digest = hashlib.sha256()
    for path in sorted(set(paths)):
        name = path.relative_to(raw_dir).as_posix() if path.is_relative_to(raw_dir) else path.name
        digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def read_cited_figures(raw_dir: Path, catalog: Catalog) -> CitedFigures:
    path = raw_dir / SUPPLEMENTARY_NAME
    if not path.is_file():
        return CitedFigures((), (), (), ())
    return read_supplementary(path.read_bytes(), catalog)


ExtractResult = DocumentExtraction | str  # or why extraction failed


def extract_one(document: Document, catalog: Catalog) -> ExtractResult:
    """The extraction of one document, or the reason it failed (an odd document must not crash the build)."""
    try:
        return extract(document, catalog)
    except Exception as error:
        return f"extraction failed: {type(error).__name__}: {error}"


def _extract_results(documents: tuple[Document, ...], catalog: Catalog, jobs: int) -> Iterator[ExtractResult]:
    """Results in document order; in `jobs` processes when there are enough documents to pay for them."""
    if jobs < 2 or len(documents) < PARALLEL_FROM_DOCUMENTS:
        yield from (extract_one(document, catalog) for document in documents)
        return
    chunk = max(1, min(16, len(documents) // (jobs * 8)))
    done = 0
    try:
        with ProcessPoolExecutor(jobs, mp_context=_worker_context()) as pool:
            for result in pool.map(extract_one, documents, repeat(catalog), chunksize=chunk):
                yield result
                done += 1
    except (BrokenProcessPool, OSError):  # a worker died (out of memory) or none could start: go on here
        yield from (extract_one(document, catalog) for document in documents[done:])


def _worker_context() -> multiprocessing.context.BaseContext:
    """Workers forked from a single-threaded server that has imported the extractor once.

    Not plain fork: the parent may hold threads such as tqdm's monitor. Not spawn: each worker would import
    everything again.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["etl.extract"])
    return context


def extract_all(
    documents: tuple[Document, ...], catalog: Catalog, progress: bool, jobs: int = 1
) -> Extraction:
    """Facts, entities and generated indicators of every document; a document that fails is a problem."""
    extraction = Extraction([], [], [], [], [])
    show_bar = progress and len(documents) >= PROGRESS_FROM_DOCUMENTS
    results = _extract_results(documents, catalog, jobs)
    bar = tqdm(
        results, total=len(documents), desc="extracting", unit="doc", file=sys.stderr, disable=not show_bar
    )
    for document, result in zip(documents, bar, strict=True):
        if isinstance(result, str):
            extraction.problems.append(InputError(document.source_file or document.doc_id, result))
            continue
        extraction.facts.extend(result.facts)
        extraction.entities.extend(result.entities)
        extraction.indicators.extend(result.indicators)
        file = document.source_file or document.doc_id
        extraction.warnings.extend(InputError(file, figure.describe()) for figure in result.implausible)
    return extraction


def default_jobs() -> int:
    """The processors this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def all_indicators(catalog: Catalog, generated: Iterable[Indicator]) -> list[Indicator]:
    """The catalog's indicators, then each generated one once (the first seen wins)."""
    indicators = {indicator.id: indicator.as_indicator() for indicator in catalog.indicators}
    for indicator in generated:
        indicators.setdefault(indicator.indicator_id, indicator)
    return list(indicators.values())


def _stop_unless_skipping(problems: list[InputError], skip_invalid: bool) -> tuple[InputError, ...]:
    if problems and not skip_invalid:
        raise InputErrors(problems)
    return tuple(problems)


def read_inputs(raw_dir: Path, catalog: Catalog) -> Inputs:
    """Texts, cited figures, zones and boundary; raises InputErrors when a whole input is unusable."""
    if not raw_dir.is_dir():
        raise InputErrors([InputError(str(raw_dir), "input directory not found")])
    try:
        corpus, cited = read_corpus(raw_dir), read_cited_figures(raw_dir, catalog)
        return Inputs(corpus, cited, read_zones(raw_dir, catalog), read_boundary(raw_dir))
    except InputError as problem:
        raise InputErrors([problem]) from None
    except OSError as error:  # a file that exists but cannot be read (permissions, I/O error)
        problem = InputError(str(error.filename or raw_dir), f"cannot read ({error.strerror or error})")
        raise InputErrors([problem]) from None


def database_content(inputs: Inputs, extraction: Extraction, catalog: Catalog) -> DatabaseContent:
    """The rows to load: documents whose extraction failed are left out with their problem."""
    failed = {problem.file for problem in extraction.problems}
    texts = [doc for doc in inputs.corpus.documents if doc.source_file not in failed]
    return DatabaseContent(
        documents=[*texts, *inputs.cited.documents],
        zones=inputs.zones,
        boundaries=[inputs.boundary],
        indicators=all_indicators(catalog, [*inputs.cited.indicators, *extraction.indicators]),
        facts=[*extraction.facts, *inputs.cited.facts],
        entities=extraction.entities,
    )


def run_record(started_at: dt.datetime, content: DatabaseContent, checksum: str) -> Run:
    # finished_at is when the content is complete; writing and checking it follow
    return Run(
        run_id=f"{started_at:%Y%m%dT%H%M%S}-{checksum[:8]}",
        started_at=started_at,
        finished_at=_now(),
        n_documents=len(content.documents),
        n_facts=len(content.facts),
        n_entities=len(content.entities),
        input_sha256=checksum,
        code_version=code_version(),
    )


class _Stopwatch:
    """Seconds spent in each phase of the build."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._start = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.seconds[phase] = now - self._start
        self._start = now


def build(
    raw_dir: Path,
    db_path: Path,
    *,
    skip_invalid: bool = False,
    progress: bool = True,
    jobs: int | None = None,
) -> BuildSummary:
    """Build db_path from raw_dir, extracting in `jobs` processes (default: one per processor).

    Raises InputErrors for bad input; the old database stays in place.
    """
    clock, watch, started_at = time.perf_counter(), _Stopwatch(), _now()
    catalog = load_catalog()
    inputs = read_inputs(raw_dir, catalog)
    skipped = _stop_unless_skipping(inputs.problems, skip_invalid)
    watch.lap("read")
    extraction = extract_all(inputs.corpus.documents, catalog, progress, jobs or default_jobs())
    skipped += _stop_unless_skipping(extraction.problems, skip_invalid)
    watch.lap("extract")
    content = database_content(inputs, extraction, catalog)
    run = run_record(started_at, content, input_sha256(raw_dir, inputs.files(raw_dir)))
    write_database(db_path, content, catalog, run)
    watch.lap("write")
    n_cited = len(inputs.cited.documents)
    return BuildSummary(
        db_path=db_path,
        n_texts=len(content.documents) - n_cited,
        n_cited_sources=n_cited,
        n_facts=len(content.facts),
        n_entities=len(content.entities),
        seconds=time.perf_counter() - clock,
        skipped=skipped,
        phase_seconds=watch.seconds,
        warnings=tuple(extraction.warnings),
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
