"""The contract check that no fact lies beyond the plausible range of its unit (etl/check.py, catalog.yaml).

Extraction leaves such figures out (tests/test_extract.py); this check catches a fact that a bug lets through.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl import derived
from etl.build import build
from etl.catalog import Catalog, load_catalog
from etl.check import find_violations
from etl.supplementary import read_supplementary

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
CHECK = "facts have a value within the plausible range of their unit (etl/catalog.yaml)"


@pytest.fixture(scope="module")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plausible") / "lusong.duckdb"
    build(RAW, path, progress=False)
    return path


def test_every_unit_has_a_range(catalog: Catalog) -> None:
    assert set(catalog.unit_ranges) == {unit.id for unit in catalog.units}
    assert all(low < high for low, high in catalog.unit_ranges.values())
    assert catalog.unit_ranges["yuan"] == (-1.0e15, 1.0e15)
    assert catalog.unit_ranges["percent"] == (-100, 1000)


@pytest.mark.parametrize(
    ("value", "unit", "plausible"),
    [
        (1.3e14, "yuan", True),
        (1.0e15, "yuan", True),
        (1.0e20, "yuan", False),
        (-100, "percent", True),
        (-120, "percent", False),
        (99_999, "percent", False),
        (1.0e10, "person", True),
        (1.0e11, "person", False),
    ],
)
def test_is_plausible(catalog: Catalog, value: float, unit: str, plausible: bool) -> None:
    assert catalog.is_plausible(value, unit) is plausible


@pytest.mark.parametrize(
    ("unit", "value"), [("yuan", 1.0e40), ("percent", 99_999.0), ("percent", -101.0), ("person", 2.0e10)]
)
def test_the_check_catches_a_fact_beyond_its_range(
    built_db: Path, tmp_path: Path, unit: str, value: float
) -> None:
    db = Path(shutil.copyfile(built_db, tmp_path / "lusong.duckdb"))
    with duckdb.connect(str(db)) as con:
        fact_id = con.execute("SELECT min(fact_id) FROM facts WHERE unit = ?", [unit]).fetchone()[0]
        con.execute("UPDATE facts SET value = ? WHERE fact_id = ?", [value, fact_id])
        derived.derive(con)  # as a build from these rows would
        violations = find_violations(con, load_catalog())
    assert [(v.check, v.rows) for v in violations] == [
        (CHECK, ((fact_id, value, unit, *load_catalog().unit_ranges[unit]),))
    ]


def test_the_built_database_passes(built_db: Path) -> None:
    with duckdb.connect(str(built_db), read_only=True) as con:
        assert find_violations(con, load_catalog()) == []


SUPPLEMENTARY_HEADER = (
    "indicator_zh,value,unit,qualifier,kind,period,sector,source_title,publisher,source_date,source_url,"
    "source_type\n"
)
SOURCE = "某报道,某报,2024-02-01,https://example.org/a.html,区政府工作报告"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            f"固定资产投资,1000000000000,亿元,,target,2024,economy,{SOURCE}",
            "line 2: value 1e+20 yuan is outside the plausible range of yuan (-1e+15 to 1e+15)",
        ),
        (
            f"地区生产总值增长,99999,%,,target,2024,economy,{SOURCE}",
            "line 2: value 99999 percent is outside the plausible range of percent (-100 to 1000)",
        ),
    ],
)
def test_a_cited_figure_beyond_its_range_is_a_bad_row(catalog: Catalog, row: str, problem: str) -> None:
    """supplementary_facts.csv: such a row is named by its line like any bad row; the good rows are read."""
    data = SUPPLEMENTARY_HEADER + row + "\n" + f"竣工项目,9,个,,actual,2023,economy,{SOURCE}\n"
    cited = read_supplementary(data.encode("utf-8"), catalog)
    assert [(p.file, p.problem) for p in cited.problems] == [("supplementary_facts.csv", problem)]
    assert [f.value_text for f in cited.facts] == ["9个"]
