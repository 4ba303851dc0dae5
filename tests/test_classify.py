"""Kind, period, sector and zone of a figure (etl/classify.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from etl.catalog import Catalog
from etl.classify import DocumentYears, document_years, sector_of, timing, zone_of
from etl.model import Document

YEARS_2024 = DocumentYears(report_year=2024, review=(2023, 2023), plan=(2024, 2024))
YEARS_2021 = DocumentYears(report_year=2021, review=(2016, 2020), plan=(2021, 2025))
# A conference of December 2023 that plans 2024: its 今年 is 2023.
YEARS_DECEMBER_2023 = DocumentYears(report_year=2024, review=(2023, 2023), plan=(2024, 2024), current=2023)
YEARS_2022 = DocumentYears(report_year=2022, review=(2021, 2021), plan=(2022, 2022))


def _document(report_year: int | None, reviews: str | None, plans: str | None) -> Document:
    return Document(
        doc_id="d", source_file="d.txt", source_type="work_report", title="t", publisher=None, meeting=None,
        meeting_date=dt.date(2021, 10, 26), report_year=report_year, region="芦淞区", url=None, sha256=None,
        text="", reviews=reviews, plans=plans,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("report_year", "reviews", "plans", "expected"),
    [
        (2024, "2023", "2024", YEARS_2024),
        (2021, "past five years", "next five years", YEARS_2021),
        (2025, None, None, DocumentYears(2025, (2024, 2024), (2025, 2025))),
        (None, None, None, DocumentYears(2021, (2020, 2020), (2021, 2021))),  # from the meeting date
        (2023, "2021-2022", "2023", DocumentYears(2023, (2021, 2022), (2023, 2023))),
        (2022, "2021", "2022", DocumentYears(2022, (2021, 2021), (2022, 2022), current=2021)),  # in Oct 2021
    ],
)
def test_document_years(
    report_year: int | None, reviews: str | None, plans: str | None, expected: DocumentYears
) -> None:
    assert document_years(_document(report_year, reviews, plans)) == expected


def test_document_years_without_any_date_uses_the_latest_year_in_the_text() -> None:
    doc = dataclasses.replace(
        _document(None, None, None), meeting_date=None, text="2022年工作回顾……2023年工作安排"
    )
    assert document_years(doc).report_year == 2023


@pytest.mark.parametrize(
    ("before", "sentence", "earlier", "headings", "years", "expected"),
    [
        # 2024 report: results of 2023, targets of 2024
        ("报告指出,过去一年,芦淞区预计全年地区生产总值增长", "", [], (), YEARS_2024, ("actual", 2023, 2023)),
        ("今年主要预期目标是:地区生产总值增长", "", [], (), YEARS_2024, ("target", 2024, 2024)),
        (
            "今年,芦淞区将持续打好蓝天、碧水、净土保卫战,实现蓝天“",
            "",
            [],
            (),
            YEARS_2024,
            ("target", 2024, 2024),
        ),
        ("新增高新技术企业", "", [], ("2024如何“干”", "1 产业“塑形”"), YEARS_2024, ("target", 2024, 2024)),
        (
            "开工项目",
            "",
            [],
            ("芦淞区", "2023有多“拼”", "1 拼经济抓项目促发展"),
            YEARS_2024,
            ("actual", 2023, 2023),
        ),
        (
            "培育省级上市后备企业",
            "",
            ["报告指出,过去一年,芦淞区预计…。"],
            (),
            YEARS_2024,
            ("actual", 2023, 2023),
        ),
        (
            "市场总体总量突破",
            "",
            [],
            ("芦淞区", "全力打造航空新城 时尚芦淞"),
            YEARS_2024,
            ("actual", 2023, 2023),
        ),
        ("市场总体总量突破", "", [], ("聚焦2024 芦淞区两会",), YEARS_2024, ("actual", 2023, 2023)),
        # 2021 report: the past five years (2016–2020) and the next five (2021–2025, the 十四五 period)
        (
            "全区GDP增至",
            "",
            ["政府工作报告指出,过去5年,芦淞区提升发展质效。"],
            (),
            YEARS_2021,
            ("actual", 2016, 2020),
        ),
        (
            "确保基本医疗保险参保率稳定在",
            "",
            [],
            ("未来五年", "3 温度 教育更均衡"),
            YEARS_2021,
            ("plan", 2021, 2025),
        ),
        (
            "航空产业规模突破",
            "",
            [],
            ("一图读懂 芦淞区政府工作报告", "三大产业集群"),
            YEARS_2021,
            ("plan", 2021, 2025),
        ),
        ("", "“十四五”时期,新增就业", [], (), YEARS_2021, ("plan", 2021, 2025)),
        # explicit years and other cues
        ("2022年全区地区生产总值增长", "", [], (), YEARS_2024, ("actual", 2022, 2022)),
        ("到2027年,航空产业规模", "", [], (), YEARS_2024, ("plan", 2024, 2027)),
        ("去年全区新增就业", "", [], (), YEARS_2024, ("actual", 2023, 2023)),
        ("力争新增", "", [], (), YEARS_2024, ("target", 2024, 2024)),
        ("", "", [], (), YEARS_2024, ("actual", 2023, 2023)),  # nothing said: the year under review
        # issue 7: conferences, goals, local years, parts named by their year or words
        ("预计今年地区生产总值增长", "", [], (), YEARS_DECEMBER_2023, ("actual", 2023, 2023)),
        ("今年以来,全县", "", [], (), YEARS_DECEMBER_2023, ("actual", 2023, 2023)),
        ("明年主要预期目标是:地区生产总值增长", "", [], (), YEARS_DECEMBER_2023, ("target", 2024, 2024)),
        ("今年主要预期目标是:地区生产总值增长", "", [], (), YEARS_2024, ("target", 2024, 2024)),
        ("今后五年,主要目标是:地区生产总值年均增长", "", [], (), YEARS_2022, ("plan", 2022, 2026)),
        ("力争新增", "", ["过去一年,地区生产总值增长5%。"], (), YEARS_2024, ("target", 2024, 2024)),
        ("全县地区生产总值由2016年的", "", [], (), YEARS_2022, ("actual", 2016, 2016)),
        ("由2016年的186亿元增加到2021年的", "", [], (), YEARS_2022, ("actual", 2021, 2021)),
        (
            "由2016年的186亿元增加到2021年的265亿元,年均增长",
            "",
            ["过去五年,是不平凡的五年。"],
            (),
            YEARS_2022,
            ("actual", 2017, 2021),
        ),  # fmt: skip
        ("“十四五”以来,年均增长", "", [], (), YEARS_2024, ("actual", 2021, 2023)),
        ("“十三五”时期", "", [], (), YEARS_2021, ("plan", 2016, 2020)),
        ("", "全年实施重点项目", [], ("三、2024年重点工作",), YEARS_2024, ("target", 2024, 2024)),
        ("", "全年实施重点项目", [], ("一、2023年经济工作回顾",), YEARS_2024, ("actual", 2023, 2023)),
        ("", "新增就业", [], ("四、明年重点工作",), YEARS_DECEMBER_2023, ("target", 2024, 2024)),
    ],
)
def test_timing(
    before: str,
    sentence: str,
    earlier: list[str],
    headings: tuple[str, ...],
    years: DocumentYears,
    expected: tuple[str, int, int],
) -> None:
    result = timing(before, sentence or before, earlier, headings, years)
    assert (result.kind, result.period_start, result.period_end) == expected


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("航空产业规模", "aviation"),
        ("服饰产业支撑全市规模", "apparel"),
        ("新材料产业规模", "new_materials"),
        ("新增公办学位", "education"),
        ("雨污分流管网", "environment"),
        ("改造老旧小区", "urban_development"),
        ("园区技工贸总收入", "economy"),  # nothing specific: the default
    ],
)
def test_sector_of(text: str, sector: str) -> None:
    assert sector_of(text) == sector


@pytest.mark.parametrize(
    ("sentence", "zone"),
    [
        ("航空城规划面积拓展至64平方公里,机场空域面积增至6000平方公里", "aviation_city"),
        ("力争大京风景名胜区创成国家4A级景区", "jingcheng_eco_city"),
        ("加强钟鼓岭、贺家土等网红街区运营管理", "cbd"),
        ("枫溪港整治入选省十大典型案例", "fengxi_new_city"),
        ("引导消费业态向航空城、服饰城延伸", None),  # two zones: not tied to one
        ("新增城镇就业1.1万人", None),
    ],
)
def test_zone_of(catalog: Catalog, sentence: str, zone: str | None) -> None:
    assert zone_of(sentence, catalog) == zone
