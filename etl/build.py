"""The build: read every input, extract, and write the database atomically."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from etl.catalog import CATALOG_PATH, Catalog, load_catalog
from etl.extract import extract_document
from etl.geo import geo_input_files, read_boundary, read_zones
from etl.load import DatabaseContent, Run, write_database
from etl.model import Document, Entity, Fact, Indicator
from etl.read import Corpus, InputError, read_corpus
from etl.supplementary import SUPPLEMENTARY_NAME, CitedFigures, read_supplementary

PROGRESS_FROM_DOCUMENTS = 20  # show a progress bar when there are at least this many documents
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
class Extraction:
    facts: list[Fact]
    entities: list[Entity]
    indicators: list[Indicator]
    problems: list[InputError]


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


def extract_all(documents: tuple[Document, ...], catalog: Catalog, progress: bool) -> Extraction:
    """Facts, entities and generated indicators of every document; a document that fails is a problem."""
    extraction = Extraction([], [], [], [])
    show_bar = progress and len(documents) >= PROGRESS_FROM_DOCUMENTS
    for document in tqdm(documents, desc="extracting", unit="doc", file=sys.stderr, disable=not show_bar):
        try:
            facts, entities, indicators = extract_document(document, catalog)
        except Exception as error:  # one odd document must not crash the build
            problem = f"extraction failed: {type(error).__name__}: {error}"
            extraction.problems.append(InputError(document.source_file or document.doc_id, problem))
            continue
        extraction.facts.extend(facts)
        extraction.entities.extend(entities)
        extraction.indicators.extend(indicators)
    return extraction


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


def _read_inputs(raw_dir: Path, catalog: Catalog) -> tuple[Corpus, CitedFigures]:
    if not raw_dir.is_dir():
        raise InputErrors([InputError(str(raw_dir), "input directory not found")])
    try:
        return read_corpus(raw_dir), read_cited_figures(raw_dir, catalog)
    except InputError as problem:
        raise InputErrors([problem]) from None


def build(raw_dir: Path, db_path: Path, *, skip_invalid: bool = False, progress: bool = True) -> BuildSummary:
    """Build db_path from raw_dir. Raises InputErrors for bad input (the old database stays in place)."""
    clock, started_at = time.perf_counter(), _now()
    catalog = load_catalog()
    corpus, cited = _read_inputs(raw_dir, catalog)
    try:
        zones, boundary = read_zones(raw_dir, catalog), read_boundary(raw_dir)
    except InputError as problem:
        raise InputErrors([problem]) from None
    skipped = _stop_unless_skipping([*corpus.problems, *cited.problems], skip_invalid)
    extraction = extract_all(corpus.documents, catalog, progress)
    skipped += _stop_unless_skipping(extraction.problems, skip_invalid)
    failed = {problem.file for problem in extraction.problems}
    documents = [doc for doc in corpus.documents if doc.source_file not in failed] + list(cited.documents)
    content = DatabaseContent(
        documents=documents,
        zones=zones,
        boundaries=[boundary],
        indicators=all_indicators(catalog, [*cited.indicators, *extraction.indicators]),
        facts=[*extraction.facts, *cited.facts],
        entities=extraction.entities,
    )
    inputs = [*corpus.input_files, *geo_input_files(raw_dir), CATALOG_PATH]
    if cited.documents:
        inputs.append(raw_dir / SUPPLEMENTARY_NAME)
    run = Run(
        run_id=f"{started_at:%Y%m%dT%H%M%S}-{input_sha256(raw_dir, inputs)[:8]}",
        started_at=started_at,
        finished_at=_now(),
        n_documents=len(documents),
        n_facts=len(content.facts),
        n_entities=len(content.entities),
        input_sha256=input_sha256(raw_dir, inputs),
        code_version=code_version(),
    )
    write_database(db_path, content, catalog, run)
    return BuildSummary(
        db_path,
        len(documents) - len(cited.documents),
        len(cited.documents),
        len(content.facts),
        len(content.entities),
        time.perf_counter() - clock,
        skipped,
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
