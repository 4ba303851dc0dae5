"""The extractor against our hand-annotated golden files of both source texts.

`pytest tests/test_golden.py --update-golden` rewrites the golden files from the extractor's output; only
do that on purpose, and check every changed line against the source text before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.catalog import Catalog
from etl.extract import extract_document
from etl.model import Document, Entity, Fact

GOLDEN_DIR = Path(__file__).parent / "golden"
FACTS_GOLDEN = GOLDEN_DIR / "facts.jsonl"
ENTITIES_GOLDEN = GOLDEN_DIR / "entities.jsonl"
FACT_FIELDS = (
    "doc_id", "indicator_id", "value", "unit", "value_text", "qualifier", "kind", "measure",
    "period_start", "period_end", "sector_id", "zone_id",
)  # fmt: skip
ENTITY_FIELDS = ("doc_id", "name_zh", "type", "sector_id", "zone_id", "status")
MIN_SCORE = 0.95
# Entities are harder for rules: names without a type word (广交会, 京港澳高速东移线) are missed.
MIN_ENTITY_SCORE = 0.85
# Figures the dashboard leads with: each must be found exactly (doc, indicator, value, kind, measure).
HEADLINE_FIGURES = [
    ("001_e12562c7a12b9cfd", "gdp", 46_000_000_000, "actual", "level"),
    ("001_e12562c7a12b9cfd", "gdp", 7.5, "actual", "growth_pct"),
    ("001_e12562c7a12b9cfd", "gdp_per_capita", 150_000, "actual", "level"),
    ("001_e12562c7a12b9cfd", "medical_insurance_rate", 95, "plan", "share_pct"),
    ("001_e12562c7a12b9cfd", "aviation_industry_scale", 50_000_000_000, "plan", "level"),
    ("001_e12562c7a12b9cfd", "apparel_industry_scale", 150_000_000_000, "plan", "level"),
    ("001_e12562c7a12b9cfd", "new_materials_industry_scale", 10_000_000_000, "plan", "level"),
    ("000_596955ab977b3f6e", "gdp", 5.4, "actual", "growth_pct"),
    ("000_596955ab977b3f6e", "industrial_value_added", 10.1, "actual", "growth_pct"),
    ("000_596955ab977b3f6e", "retail_sales", 9.1, "actual", "growth_pct"),
    ("000_596955ab977b3f6e", "gdp", 7, "target", "growth_pct"),
    ("000_596955ab977b3f6e", "industrial_value_added", 8.5, "target", "growth_pct"),
    ("000_596955ab977b3f6e", "fixed_asset_investment", 6, "target", "growth_pct"),
    ("000_596955ab977b3f6e", "retail_sales", 7.5, "target", "growth_pct"),
    ("000_596955ab977b3f6e", "projects_started", 34, "actual", "count"),
    ("000_596955ab977b3f6e", "projects_completed", 25, "actual", "count"),
    ("000_596955ab977b3f6e", "market_entities", 80_000, "actual", "count"),
    ("000_596955ab977b3f6e", "new_large_enterprises", 77, "actual", "count"),
    ("000_596955ab977b3f6e", "individual_to_enterprise", 653, "actual", "count"),
    ("000_596955ab977b3f6e", "aviation_city_area", 64, "actual", "level"),
    ("000_596955ab977b3f6e", "airspace_area", 6000, "actual", "level"),
    ("000_596955ab977b3f6e", "airspace_ceiling", 8000, "actual", "level"),
    ("000_596955ab977b3f6e", "credit_secured", 3_140_000_000, "actual", "level"),
    ("000_596955ab977b3f6e", "tax_fee_relief", 260_000_000, "actual", "level"),
    ("000_596955ab977b3f6e", "cross_province_services", 17_000, "actual", "count"),
    ("000_596955ab977b3f6e", "new_little_giants", 17, "actual", "count"),
    ("000_596955ab977b3f6e", "new_innovation_platforms", 17, "actual", "count"),
    ("000_596955ab977b3f6e", "storm_sewer_pipes", 20, "actual", "level"),
    ("000_596955ab977b3f6e", "old_residential_renovation", 4374, "actual", "count"),
    ("000_596955ab977b3f6e", "new_urban_jobs", 11_000, "actual", "count"),
    ("000_596955ab977b3f6e", "new_public_school_places", 1200, "actual", "count"),
    ("000_596955ab977b3f6e", "new_inclusive_kindergarten_places", 1575, "actual", "count"),
    ("000_596955ab977b3f6e", "new_high_tech_enterprises", 19, "target", "count"),
    ("000_596955ab977b3f6e", "new_little_giants", 10, "target", "count"),
    ("000_596955ab977b3f6e", "new_innovation_platforms", 5, "target", "count"),
    ("000_596955ab977b3f6e", "good_air_days", 300, "target", "count"),
]


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _fact_row(fact: Fact) -> dict:
    return {field: getattr(fact, field) for field in FACT_FIELDS}


def _entity_row(entity: Entity) -> dict:
    return {field: getattr(entity, field) for field in ENTITY_FIELDS}


def _key(row: dict, fields: tuple[str, ...]) -> tuple:
    return tuple(round(row[f], 6) if isinstance(row[f], float) else row[f] for f in fields)


def _score(
    expected: list[dict], found: list[dict], fields: tuple[str, ...]
) -> tuple[float, float, list, list]:
    """Recall, precision, the golden rows missed and the extracted rows not in the golden file."""
    expected_keys = [_key(row, fields) for row in expected]
    found_keys = [_key(row, fields) for row in found]
    missed = [key for key in expected_keys if key not in found_keys]
    spurious = [key for key in found_keys if key not in expected_keys]
    recall = 1 - len(missed) / len(expected_keys) if expected_keys else 1.0
    precision = 1 - len(spurious) / len(found_keys) if found_keys else 1.0
    return recall, precision, missed, spurious


@pytest.fixture(scope="module")
def extracted(source_documents: dict[str, Document], catalog: Catalog) -> dict[str, tuple]:
    return {doc_id: extract_document(doc, catalog) for doc_id, doc in sorted(source_documents.items())}


@pytest.fixture(scope="module")
def golden_facts(extracted: dict[str, tuple], update_golden: bool) -> list[dict]:
    if update_golden:
        _write_jsonl(FACTS_GOLDEN, [_fact_row(f) for facts, _, _ in extracted.values() for f in facts])
    return _read_jsonl(FACTS_GOLDEN)


@pytest.fixture(scope="module")
def golden_entities(extracted: dict[str, tuple], update_golden: bool) -> list[dict]:
    if update_golden:
        _write_jsonl(
            ENTITIES_GOLDEN, [_entity_row(e) for _, entities, _ in extracted.values() for e in entities]
        )
    return _read_jsonl(ENTITIES_GOLDEN)


@pytest.mark.parametrize("doc_id", ["000_596955ab977b3f6e", "001_e12562c7a12b9cfd"])
def test_facts_match_the_golden_file(doc_id: str, extracted: dict, golden_facts: list[dict]) -> None:
    expected = [row for row in golden_facts if row["doc_id"] == doc_id]
    found = [_fact_row(fact) for fact in extracted[doc_id][0]]
    recall, precision, missed, spurious = _score(expected, found, FACT_FIELDS)
    print(f"\n{doc_id} facts: recall {recall:.1%} ({len(expected) - len(missed)}/{len(expected)}), "
          f"precision {precision:.1%} ({len(found) - len(spurious)}/{len(found)})")  # fmt: skip
    assert recall >= MIN_SCORE, f"missed: {missed}"
    assert precision >= MIN_SCORE, f"not in the golden file: {spurious}"


@pytest.mark.parametrize("doc_id", ["000_596955ab977b3f6e", "001_e12562c7a12b9cfd"])
def test_entities_match_the_golden_file(doc_id: str, extracted: dict, golden_entities: list[dict]) -> None:
    expected = [row for row in golden_entities if row["doc_id"] == doc_id]
    found = [_entity_row(entity) for entity in extracted[doc_id][1]]
    recall, precision, missed, spurious = _score(expected, found, ENTITY_FIELDS)
    print(f"\n{doc_id} entities: recall {recall:.1%} ({len(expected) - len(missed)}/{len(expected)}), "
          f"precision {precision:.1%} ({len(found) - len(spurious)}/{len(found)})")  # fmt: skip
    assert recall >= MIN_ENTITY_SCORE, f"missed: {missed}"
    assert precision >= MIN_ENTITY_SCORE, f"not in the golden file: {spurious}"


@pytest.mark.parametrize(("doc_id", "indicator_id", "value", "kind", "measure"), HEADLINE_FIGURES)
def test_every_headline_figure_is_found(
    doc_id: str, indicator_id: str, value: float, kind: str, measure: str, extracted: dict
) -> None:
    found = [
        fact for fact in extracted[doc_id][0]
        if (fact.indicator_id, fact.kind, fact.measure) == (indicator_id, kind, measure)
        and fact.value == pytest.approx(value)
    ]  # fmt: skip
    assert len(found) == 1


def test_offsets_point_at_the_figure_as_written(
    source_documents: dict[str, Document], extracted: dict
) -> None:
    for doc_id, (facts, entities, _) in extracted.items():
        text = source_documents[doc_id].text
        for fact in facts:
            assert text[fact.char_start : fact.char_end] == fact.value_text, fact
        for entity in entities:
            assert text[entity.char_start : entity.char_end].replace("\n", "") == entity.name_zh, entity


def test_golden_rows_are_unique_and_use_catalog_indicators(golden_facts: list[dict]) -> None:
    """Every figure of the two texts has a catalog indicator; a generated id in the golden file is a gap."""
    assert all(not row["indicator_id"].startswith("gen_") for row in golden_facts)
    assert len(golden_facts) == len({_key(row, FACT_FIELDS) for row in golden_facts})
