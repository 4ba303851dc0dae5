"""Every number of the two source texts is part of a fact or an entity, or excluded with a named reason."""

from __future__ import annotations

import pytest

from etl.catalog import Catalog
from etl.coverage import NumberUse, explain_numbers, outcome_counts
from etl.extract import extract_document
from etl.model import Document


def _uses(doc: Document, catalog: Catalog) -> list[NumberUse]:
    facts, entities, _ = extract_document(doc, catalog)
    return explain_numbers(doc, facts, entities)


@pytest.mark.parametrize("doc_id", ["000_596955ab977b3f6e", "001_e12562c7a12b9cfd"])
def test_no_number_is_unexplained(
    source_documents: dict[str, Document], catalog: Catalog, doc_id: str
) -> None:
    uses = _uses(source_documents[doc_id], catalog)
    print(f"\n{doc_id}: {len(uses)} numbers: {dict(sorted(outcome_counts(uses).items()))}")
    assert [u for u in uses if u.detail == "unexplained"] == []


@pytest.mark.parametrize(
    ("doc_id", "context", "written", "reason"),
    [
        ("001_e12562c7a12b9cfd", "10月26日,芦淞区", "10", "date"),
        ("001_e12562c7a12b9cfd", "芦淞区六届人大", "六", "session"),
        ("001_e12562c7a12b9cfd", "全市第二个千亿", "二", "ordinal"),
        ("001_e12562c7a12b9cfd", "1 高度 坚持", "1", "heading"),
        ("001_e12562c7a12b9cfd", "实施“三高四新”战略", "三", "slogan"),  # quoted, even in a subtitle
        ("000_596955ab977b3f6e", "锚定“三高四新”美好", "三", "slogan"),
        ("001_e12562c7a12b9cfd", "从6大方面", "6", "counted_phrase"),
        ("001_e12562c7a12b9cfd", "七个街道", "七", "counted_phrase"),
        ("001_e12562c7a12b9cfd", "首个A1通用机场", "1", "code"),
        ("001_e12562c7a12b9cfd", "一、二、三产业", "一", "counted_phrase"),
        ("000_596955ab977b3f6e", "一、三季度", "一", "date"),
        ("000_596955ab977b3f6e", "国家4A级景区", "4", "level"),
        ("000_596955ab977b3f6e", "区委‘128’年度", "128", "slogan"),
        ("000_596955ab977b3f6e", "第六届人民代表大会", "六", "session"),
        ("000_596955ab977b3f6e", "零售总额", "零", "word"),
        ("000_596955ab977b3f6e", "市场总体总量突破8万户", "8", "duplicate"),
        ("000_596955ab977b3f6e", "芦淞·1937文创产业园", "1937", "entity"),
        ("001_e12562c7a12b9cfd", "依托331厂", "331", "entity"),
    ],
)
def test_named_reasons(
    source_documents: dict[str, Document],
    catalog: Catalog,
    doc_id: str,
    context: str,
    written: str,
    reason: str,
) -> None:
    doc = source_documents[doc_id]
    position = doc.text.index(context) + context.index(written)
    [use] = [u for u in _uses(doc, catalog) if u.start == position]
    assert (use.written, use.outcome if use.outcome != "excluded" else use.detail) == (written, reason)
