"""Shared fixtures and options. Keep it small: fixtures for one test file belong in that file."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.catalog import Catalog, load_catalog
from etl.model import Document
from etl.read import read_corpus

RAW_DIR = Path(__file__).resolve().parents[1] / "data" / "raw"
REAL_DB = RAW_DIR.parent / "lusong.duckdb"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.jsonl from the extractor output (check the diff by hand)",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """A copy of data/raw that a test may change (a test file may narrow it with its own fixture)."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    return raw


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def source_documents() -> dict[str, Document]:
    """The source texts of data/raw, read by the real reader, by doc_id."""
    corpus = read_corpus(RAW_DIR)
    return {doc.doc_id: doc for doc in corpus.documents}


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    """A read-only connection to the committed data/lusong.duckdb, where page tests read expected values."""
    connection = duckdb.connect(str(REAL_DB), read_only=True)
    yield connection
    connection.close()
