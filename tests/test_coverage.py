"""Every number of the two source texts is part of a fact or an entity, or excluded with a named reason."""

from __future__ import annotations

import dataclasses
import datetime as dt

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


WEB_PAGE = (
    "首页 > 新闻中心\n发布时间:2024-02-05 09:30  浏览次数:2356\n\n全县GDP增长 5.1 %。\n\n"
    "版权所有:县人民政府办公室 电话:0731-22345678\n湘ICP备12345678号-1 湘公网安备 43020302000123号\n\n"
    '(一)产业项目提速。新增"四上"企业 52 家,新签约项目31个,其中50亿元以上项目2个。'
)


@pytest.mark.parametrize(
    ("context", "written", "reason"),
    [
        ("2024-02-05", "02", "date"),
        ("09:30", "30", "time"),
        ("浏览次数:2356", "2356", "page_counter"),
        ("0731-22345678", "22345678", "phone"),
        ("ICP备12345678号-1", "1", "registration"),
        ("公网安备 43020302000123", "43020302000123", "registration"),
        ("增长 5.1 %", "5.1", "fact"),
        ("(一)产业", "一", "heading"),  # a run-in heading
        ('新增"四上"企业', "四", "slogan"),  # ASCII quotes
        ("其中50亿元以上项目", "50", "threshold"),
    ],
)
def test_numbers_of_a_web_page(catalog: Catalog, context: str, written: str, reason: str) -> None:
    doc = dataclasses.replace(_web_document(), text=WEB_PAGE)
    position = WEB_PAGE.index(context) + context.rindex(written)
    [use] = [u for u in _uses(doc, catalog) if u.start == position]
    assert (use.written, use.outcome if use.outcome != "excluded" else use.detail) == (written, reason)


def _web_document() -> Document:
    return Document(
        doc_id="web", source_file="web.html", source_type="work_report", title="县报告", publisher=None,
        meeting=None, meeting_date=dt.date(2024, 1, 18), report_year=2024, region="某县", url=None,
        sha256=None, text=None, reviews="2023", plans="2024",
    )  # fmt: skip
