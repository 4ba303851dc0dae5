"""A synthetic database at scale (default 1,000,000 facts in 10,000 documents) for the query benchmarks.

    .venv/bin/python bench/synthetic_db.py [--facts N] [--documents N] [--out PATH] [--force]

It follows etl/schema.sql and meets the contract of `python -m etl check` (checked after the build):
the catalog tables (sectors, zones, units, indicators, boundaries) are copied from data/lusong.duckdb, so
every id is a catalog id, and every synthetic document, fact and entity is a copy of a real one:

- document n copies a real document (80 % of them one with text, 20 % a cited source without text) with a
  header of fixed length in front of the text, so each text is distinct and the copied offsets shift by a
  constant; its report year runs over 2000-2026, and the periods of its facts shift with it;
- each document holds facts/documents facts copied from its template's facts in turn, 60 % of them
  re-assigned to one of 1,000 generated indicators (as the ETL keeps phrases it cannot resolve), 10 % of
  them given a zone;
- each document with text holds 20 entities copied from its template's entities;
- the derived tables (series, fact_details, entity_details, goal_status, text_bigrams) are filled by the
  ETL's own function (etl/derived.py).

Everything is generated in DuckDB SQL (range, hash, joins) with parameters; the file is written with the
ETL's block size to a temporary name under bench/out/ and renamed into place when complete.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl import derived  # noqa: E402
from etl.catalog import load_catalog  # noqa: E402
from etl.check import SCHEMA_PATH, find_violations  # noqa: E402
from etl.load import BLOCK_SIZE  # noqa: E402

REAL_DB = ROOT / "data" / "lusong.duckdb"
OUT = ROOT / "bench" / "out"
DEFAULT_PATH = OUT / "synthetic_1m.duckdb"
N_FACTS, N_DOCUMENTS, N_GENERATED, ENTITIES_PER_DOC = 1_000_000, 10_000, 1_000, 20
HEADER_CHARS = 13  # len('〔合成文档000000〕\n')
CATALOG_TABLES = ("sectors", "zones", "boundaries", "units", "indicators")

# Template documents: real documents that have facts, numbered within "with text" and "cited source".
TEMPLATE_DOCS = """
CREATE TEMP TABLE tdoc AS
SELECT row_number() OVER (PARTITION BY text IS NOT NULL ORDER BY doc_id) - 1 AS k,
       count(*) OVER (PARTITION BY text IS NOT NULL) AS n, text IS NOT NULL AS has_text, *
FROM src_documents
WHERE doc_id IN (SELECT doc_id FROM src_facts)
"""
DOC_MAP = """
CREATE TEMP TABLE docmap AS
SELECT r.d, 'syn_' || lpad(r.d::VARCHAR, 6, '0') AS doc_id, t.doc_id AS template_doc, t.has_text,
       2000 + r.d % 27 AS report_year, 2000 + r.d % 27 - coalesce(t.report_year, 2000 + r.d % 27) AS shift
FROM range($n_docs) AS r(d)
JOIN tdoc AS t
  ON t.has_text = (r.d % 10 < $text_tenths OR NOT $have_cited) AND t.k = r.d % t.n
"""
DOCUMENTS = """
INSERT INTO documents
SELECT m.doc_id, t.source_file, t.source_type, t.title || ' #' || m.d, t.publisher, t.meeting,
       t.meeting_date + to_years(m.shift::INTEGER), m.report_year, t.region, t.url,
       CASE WHEN t.text IS NOT NULL
            THEN sha256('〔合成文档' || lpad(m.d::VARCHAR, 6, '0') || '〕' || chr(10) || t.text) END,
       CASE WHEN t.text IS NOT NULL
            THEN '〔合成文档' || lpad(m.d::VARCHAR, 6, '0') || '〕' || chr(10) || t.text END
FROM docmap AS m
JOIN src_documents AS t ON t.doc_id = m.template_doc
ORDER BY m.d
"""
GENERATED_INDICATORS = """
INSERT INTO indicators
SELECT 'gen_' || lpad(g::VARCHAR, 4, '0'), '合成指标' || g, 'synthetic indicator ' || g, NULL,
       (SELECT list(sector_id ORDER BY sector_id) FROM sectors)[1 + g % (SELECT count(*) FROM sectors)], TRUE
FROM range($n_generated) AS r(g)
"""
TEMPLATE_FACTS = """
CREATE TEMP TABLE tfact AS
SELECT row_number() OVER (PARTITION BY doc_id ORDER BY fact_id) - 1 AS k,
       count(*) OVER (PARTITION BY doc_id) AS n, *
FROM src_facts
"""
FACTS = """
INSERT INTO facts
SELECT substr(md5('fact' || r.i::VARCHAR), 1, 16),
       m.doc_id,
       CASE WHEN hash(r.i) % 10 < 6 THEN 'gen_' || lpad((hash(r.i * 31) % $n_generated)::VARCHAR, 4, '0')
            ELSE t.indicator_id END,
       t.sector_id,
       coalesce(t.zone_id, CASE WHEN hash(r.i * 17) % 10 = 0 THEN
           z.ids[1 + (hash(r.i * 7) % len(z.ids))::BIGINT]
       END),
       t.value * (0.9 + (hash(r.i * 13) % 200) / 1000.0),
       t.unit, t.value_text, t.qualifier, t.kind, t.measure,
       t.period_start + m.shift, t.period_end + m.shift,
       t.char_start + $header, t.char_end + $header,
       t.quote
FROM range($n_facts) AS r(i)
JOIN docmap AS m ON m.d = r.i // $per_doc
JOIN tfact AS t ON t.doc_id = m.template_doc AND t.k = (r.i % $per_doc) % t.n
CROSS JOIN (SELECT list(zone_id ORDER BY zone_id) AS ids FROM zones) AS z
ORDER BY r.i
"""
TEMPLATE_ENTITIES = """
CREATE TEMP TABLE tentity AS
SELECT row_number() OVER (PARTITION BY doc_id ORDER BY entity_id) - 1 AS k,
       count(*) OVER (PARTITION BY doc_id) AS n, *
FROM src_entities
"""
ENTITIES = """
INSERT INTO entities
SELECT substr(md5('entity' || r.j::VARCHAR), 1, 16), m.doc_id, t.name_zh, t.type, t.sector_id, t.zone_id,
       t.status, t.char_start + $header, t.char_end + $header, t.quote
FROM range($n_docs * $per_doc) AS r(j)
JOIN docmap AS m ON m.d = r.j // $per_doc AND m.has_text
JOIN tentity AS t ON t.doc_id = m.template_doc AND t.k = (r.j % $per_doc) % t.n
ORDER BY r.j
"""
RUN = """
INSERT INTO etl_runs
SELECT 'synthetic-' || strftime(now(), '%Y%m%dT%H%M%S'), now()::TIMESTAMP, now()::TIMESTAMP,
       (SELECT count(*) FROM documents), (SELECT count(*) FROM facts), (SELECT count(*) FROM entities),
       repeat('0', 64), 'bench/synthetic_db.py'
"""


def _copy_real(con: duckdb.DuckDBPyConnection, real: Path) -> None:
    """Register the real database's tables as src_<table> (Arrow) and copy the catalog tables."""
    with duckdb.connect(str(real), read_only=True) as src:
        for table in (*CATALOG_TABLES, "documents", "facts", "entities"):
            con.register(f"src_{table}", src.table(table).to_arrow_table())
    con.execute("INSERT INTO sectors BY NAME SELECT * FROM src_sectors")
    con.execute("INSERT INTO zones BY NAME SELECT * FROM src_zones")
    con.execute("INSERT INTO boundaries BY NAME SELECT * FROM src_boundaries")
    con.execute("INSERT INTO units BY NAME SELECT * FROM src_units")
    con.execute("INSERT INTO indicators BY NAME SELECT * FROM src_indicators")


def _generate(con: duckdb.DuckDBPyConnection, n_facts: int, n_docs: int) -> None:
    have_cited = bool(
        con.execute("SELECT count(*) FROM src_documents WHERE text IS NULL AND doc_id IN "
                    "(SELECT doc_id FROM src_facts)").fetchone()[0]
    )  # fmt: skip
    con.execute(TEMPLATE_DOCS)
    con.execute(DOC_MAP, {"n_docs": n_docs, "text_tenths": 8, "have_cited": have_cited})
    con.execute(DOCUMENTS)
    con.execute(GENERATED_INDICATORS, {"n_generated": N_GENERATED})
    con.execute(TEMPLATE_FACTS)
    per_doc = max(1, n_facts // n_docs)
    con.execute(
        FACTS, {"n_facts": n_facts, "per_doc": per_doc, "n_generated": N_GENERATED, "header": HEADER_CHARS}
    )
    con.execute(TEMPLATE_ENTITIES)
    con.execute(ENTITIES, {"n_docs": n_docs, "per_doc": ENTITIES_PER_DOC, "header": HEADER_CHARS})
    con.execute(RUN)
    derived.derive(con)  # as the ETL derives them


def build(
    path: Path = DEFAULT_PATH,
    n_facts: int = N_FACTS,
    n_docs: int = N_DOCUMENTS,
    real: Path = REAL_DB,
    check: bool = True,
    block_size: int = BLOCK_SIZE,
) -> Path:
    """Write the synthetic database to `path` (replacing it only when complete) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        with duckdb.connect(str(temporary), config={"default_block_size": str(block_size)}) as con:
            con.execute(SCHEMA_PATH.read_text(encoding="utf-8"))
            _copy_real(con, real)
            _generate(con, n_facts, n_docs)
            if check:
                violations = find_violations(con, load_catalog())
                if violations:
                    found = "\n".join(v.describe() for v in violations)
                    raise SystemExit(f"synthetic database breaks the contract:\n{found}")
            con.execute("CHECKPOINT")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}.wal").unlink(missing_ok=True)
    return path


def ensure(path: Path = DEFAULT_PATH, **kwargs) -> Path:
    """The synthetic database, built when missing or older than this script or the schema."""
    # Not the real database's mtime: the ETL rebuilds it often, and its catalog ids change rarely.
    sources = [Path(__file__), SCHEMA_PATH]
    if path.exists() and path.stat().st_mtime >= max(s.stat().st_mtime for s in sources):
        return path
    started = time.perf_counter()
    print(f"building {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} ...", flush=True)
    build(path, **kwargs)
    print(f"  built in {time.perf_counter() - started:.1f} s: {describe(path)}", flush=True)
    return path


def describe(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        docs, with_text, facts, entities, indicators = con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(text) FROM documents), "
            "(SELECT count(*) FROM facts), (SELECT count(*) FROM entities), (SELECT count(*) FROM indicators)"
        ).fetchone()
    size = path.stat().st_size / 2**20
    return (
        f"{docs:,} documents ({with_text:,} with text), {facts:,} facts, {entities:,} entities, "
        f"{indicators:,} indicators, {size:.0f} MiB"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--facts", type=int, default=N_FACTS)
    parser.add_argument("--documents", type=int, default=N_DOCUMENTS)
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--block-size", type=int, default=BLOCK_SIZE, help="DuckDB block size in bytes")
    parser.add_argument("--no-check", action="store_true", help="skip the contract check (etl.check)")
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = parser.parse_args(argv)
    if (
        args.force
        or args.out != DEFAULT_PATH
        or (args.facts, args.documents, args.block_size) != (N_FACTS, N_DOCUMENTS, BLOCK_SIZE)
    ):
        started = time.perf_counter()
        build(args.out, args.facts, args.documents, check=not args.no_check, block_size=args.block_size)
        print(f"built {args.out} in {time.perf_counter() - started:.1f} s: {describe(args.out)}")
    else:
        ensure(args.out, check=not args.no_check, block_size=args.block_size)
        print(describe(args.out))


if __name__ == "__main__":
    main()
