"""etl.supplementary: cited figures become documents without text and facts with base-unit values."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from etl.catalog import Catalog, load_catalog
from etl.read import InputError
from etl.supplementary import (
    base_value,
    generated_indicator_id,
    measure_of,
    read_supplementary,
    strip_growth_word,
    value_text_of,
)

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
HEADER = (
    "indicator_zh,value,unit,qualifier,kind,period,sector,source_title,publisher,source_date,source_url,"
    "source_type\n"
)
SOURCE = "某报道,某报,2024-02-01,https://example.org/a.html,区政府工作报告"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode("utf-8")


def test_the_real_file_gives_three_sources_and_25_facts(catalog: Catalog) -> None:
    cited = read_supplementary((RAW / "supplementary_facts.csv").read_bytes(), catalog)
    assert cited.problems == ()
    assert [
        (d.doc_id, d.publisher, d.meeting_date.isoformat(), d.report_year, d.url) for d in cited.documents
    ] == [
        (
            "sup_0af470860dcc",
            "红网",
            "2022-01-13",
            2022,
            "https://zz.rednet.cn/m/content/2022/01/13/10768823.html",
        ),
        ("sup_66a8df25bba7", "红网时刻新闻", "2023-02-21", 2023, "http://studyofnet.com/394148232.html"),
        (
            "sup_567160f58576",
            "红网",
            "2025-01-21",
            2025,
            "https://zz.rednet.cn/content/646945/66/14650489.html",
        ),
    ]
    for document in cited.documents:
        assert (document.source_file, document.source_type, document.region) == (
            "supplementary_facts.csv",
            "cited_source",
            "芦淞区",
        )
        assert (document.text, document.sha256) == (None, None)
    assert cited.documents[1].title == "株洲市芦淞区第六届人民代表大会第三次会议举行第一次全体会议"
    assert cited.documents[1].meeting == "区政府工作报告(新闻报道)"
    assert len(cited.facts) == 25
    assert {(f.char_start, f.char_end) for f in cited.facts} == {(None, None)}
    assert sorted({(f.period_start, f.kind) for f in cited.facts}) == [
        (2021, "actual"),
        (2022, "actual"),
        (2022, "target"),
        (2023, "target"),
        (2025, "target"),
    ]


def _fact_for(catalog: Catalog, phrase: str):
    cited = read_supplementary((RAW / "supplementary_facts.csv").read_bytes(), catalog)
    return next(fact for fact in cited.facts if fact.quote.startswith(phrase))


def test_a_cited_count_in_ten_thousands(catalog: Catalog) -> None:
    fact = _fact_for(catalog, "新增城镇就业")
    assert (fact.value, fact.unit, fact.value_text, fact.qualifier, fact.measure, fact.kind) == (
        12000.0,
        "person",
        "1.2万人",
        None,
        "count",
        "actual",
    )
    assert (fact.period_start, fact.period_end, fact.sector_id, fact.doc_id) == (
        2022,
        2022,
        "employment_social",
        "sup_66a8df25bba7",
    )
    assert fact.quote == (
        "新增城镇就业1.2万人（株洲市芦淞区第六届人民代表大会第三次会议举行第一次全体会议，红网时刻新闻，2023-02-21）"
    )


def test_a_cited_growth_target_resolves_to_the_catalog(catalog: Catalog) -> None:
    fact = _fact_for(catalog, "地区生产总值增长8%")
    assert (fact.indicator_id, fact.measure, fact.value, fact.unit, fact.value_text, fact.qualifier) == (
        "gdp",
        "growth_pct",
        8.0,
        "percent",
        "8%以上",
        "at_least",
    )
    assert (fact.kind, fact.period_start, fact.doc_id) == ("target", 2022, "sup_0af470860dcc")


def test_a_cited_amount_in_hundred_millions(catalog: Catalog) -> None:
    fact = _fact_for(catalog, "完成重点项目投资")
    assert (fact.value, fact.unit, fact.value_text, fact.measure) == (
        11750000000.0,
        "yuan",
        "117.5亿元",
        "level",
    )


def test_projects_started_is_a_count_of_the_catalog_indicator(catalog: Catalog) -> None:
    fact = _fact_for(catalog, "项目开工")
    assert (fact.indicator_id, fact.measure, fact.value, fact.unit, fact.period_start) == (
        "projects_started",
        "count",
        41.0,
        "item",
        2021,
    )


def test_the_generic_counter_takes_the_indicators_unit(catalog: Catalog) -> None:
    fact = _fact_for(catalog, "新增义务教育学位")
    assert fact.value_text == "4000余个"
    assert (fact.qualifier, fact.value) == ("more_than", 4000.0)
    assert fact.unit == catalog.indicator(fact.indicator_id).unit


@pytest.mark.parametrize(
    ("qualifier", "expected_id", "value_text"),
    [
        ("以上", "at_least", "5%以上"),
        ("左右", "about", "5%左右"),
        ("以内", "within", "5%以内"),
        ("余", "more_than", "5余%"),
        ("突破", "over", "突破5%"),
        ("近", "nearly", "近5%"),
        ("", None, "5%"),
    ],
)
def test_qualifiers(catalog: Catalog, qualifier: str, expected_id: str | None, value_text: str) -> None:
    cited = read_supplementary(
        _csv(f"地区生产总值增长,5,%,{qualifier},target,2024,economy,{SOURCE}"), catalog
    )
    assert [(f.qualifier, f.value_text) for f in cited.facts] == [(expected_id, value_text)]


def test_an_unknown_phrase_gets_a_generated_indicator(catalog: Catalog) -> None:
    cited = read_supplementary(
        _csv(
            f"新建城市书房数,12,个,,actual,2023,culture_tourism,{SOURCE}",
            f"夜间客流增长,15,%,,actual,2023,culture_tourism,{SOURCE}",
        ),
        catalog,
    )
    assert [(i.indicator_id, i.name_zh, i.unit, i.sector_id, i.is_generated) for i in cited.indicators] == [
        (
            "gen_" + hashlib.sha1("新建城市书房数".encode()).hexdigest()[:10],
            "新建城市书房数",
            "item",
            "culture_tourism",
            True,
        ),
        (
            "gen_" + hashlib.sha1("夜间客流".encode()).hexdigest()[:10],
            "夜间客流",
            None,
            "culture_tourism",
            True,
        ),
    ]
    assert [(f.indicator_id, f.measure) for f in cited.facts] == [
        (cited.indicators[0].indicator_id, "count"),
        (cited.indicators[1].indicator_id, "growth_pct"),
    ]


def test_ids_are_stable_and_documents_are_shared(catalog: Catalog) -> None:
    data = _csv(
        f"地区生产总值增长,5,%,,target,2024,economy,{SOURCE}", f"竣工项目,9,个,,actual,2023,economy,{SOURCE}"
    )
    first, second = read_supplementary(data, catalog), read_supplementary(data, catalog)
    assert [f.fact_id for f in first.facts] == [f.fact_id for f in second.facts]
    assert len({f.fact_id for f in first.facts}) == 2
    expected_doc = (
        "sup_"
        + hashlib.sha256(b"https://example.org/a.html\n\xe6\x9f\x90\xe6\x8a\xa5\xe9\x81\x93").hexdigest()[:12]
    )
    assert [d.doc_id for d in first.documents] == [expected_doc]
    assert {f.doc_id for f in first.facts} == {expected_doc}


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            f"地区生产总值增长,5,英镑,,target,2024,economy,{SOURCE}",
            "line 2: unit '英镑' is not in the catalog",
        ),
        (f"地区生产总值增长,五,%,,target,2024,economy,{SOURCE}", "line 2: value '五' is not a number"),
        (f"地区生产总值增长,nan,%,,target,2024,economy,{SOURCE}", "line 2: value 'nan' is not a number"),
        (
            f"地区生产总值增长,5,%,大约,target,2024,economy,{SOURCE}",
            "line 2: qualifier '大约' is not one of 左右, 以上, 突破, 以内, 近, 余",
        ),
        (f"地区生产总值增长,5,%,,goal,2024,economy,{SOURCE}", "line 2: kind 'goal' is not in the catalog"),
        (
            f"地区生产总值增长,5,%,,target,2024,finance,{SOURCE}",
            "line 2: sector 'finance' is not in the catalog",
        ),
        (f"地区生产总值增长,5,%,,target,24,economy,{SOURCE}", "line 2: period '24' is not a year"),
        (f",5,%,,target,2024,economy,{SOURCE}", "line 2: empty indicator_zh"),
        (
            "地区生产总值增长,5,%,,target,2024,economy,某报道,某报,2024/02/01,,",
            "line 2: bad source_date '2024/02/01' (expected YYYY-MM-DD)",
        ),
    ],
)
def test_bad_rows_are_reported_with_their_line(catalog: Catalog, row: str, problem: str) -> None:
    cited = read_supplementary(_csv(row, f"竣工项目,9,个,,actual,2023,economy,{SOURCE}"), catalog)
    assert [(p.file, p.problem) for p in cited.problems] == [("supplementary_facts.csv", problem)]
    assert [f.value_text for f in cited.facts] == ["9个"]


def test_a_repeated_row_is_reported(catalog: Catalog) -> None:
    row = f"竣工项目,9,个,,actual,2023,economy,{SOURCE}"
    cited = read_supplementary(_csv(row, row), catalog)
    assert [p.problem for p in cited.problems] == ["line 3: the same figure is listed twice"]
    assert len(cited.facts) == 1


def test_missing_columns_stop_the_file(catalog: Catalog) -> None:
    with pytest.raises(InputError) as raised:
        read_supplementary("indicator_zh,value,unit\n竣工项目,9,个\n".encode(), catalog)
    assert raised.value.problem == (
        "missing column(s) qualifier, kind, period, sector, source_title, publisher, source_date, source_url"
    )


@pytest.mark.parametrize(
    ("value", "factor", "expected"),
    [
        ("1.2", 1.0e4, 12000.0),
        ("31.4", 1.0e8, 3140000000.0),
        ("8", 1.0e4, 80000.0),
        ("5.4", 1, 5.4),
        ("0.1", 1.0e4, 1000.0),
        ("117.5", 1.0e8, 11750000000.0),
    ],
)
def test_base_value_has_no_rounding_noise(value: str, factor: float, expected: float) -> None:
    assert base_value(Decimal(value), factor) == expected


@pytest.mark.parametrize(
    ("phrase", "unit", "measure"),
    [
        ("地区生产总值增长", "percent", "growth_pct"),
        ("居民消费价格涨幅", "percent", "growth_pct"),
        ("森林覆盖率", "percent", "share_pct"),
        ("城镇化率提高", "pct_point", "change_pp"),
        ("项目开工", "item", "count"),
        ("新增城镇就业", "person", "count"),
        ("完成投资", "yuan", "level"),
        ("提质改造资源产业路", "km", "level"),
    ],
)
def test_measure_of(phrase: str, unit: str, measure: str) -> None:
    assert measure_of(phrase, unit) == measure


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("地方一般公共预算收入增长", "地方一般公共预算收入"),
        ("居民消费价格涨幅", "居民消费价格"),
        ("增长", "增长"),
        ("新增城镇就业", "新增城镇就业"),
    ],
)
def test_strip_growth_word(phrase: str, name: str) -> None:
    assert strip_growth_word(phrase) == name


def test_generated_indicator_id_is_the_sha1_scheme_of_extract() -> None:
    assert generated_indicator_id("完成投资") == "gen_" + hashlib.sha1("完成投资".encode()).hexdigest()[:10]


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "text"),
    [
        ("8", "%", "以上", "8%以上"),
        ("4000", "个", "余", "4000余个"),
        ("8", "万户", "突破", "突破8万户"),
        ("1.2", "万人", None, "1.2万人"),
    ],
)
def test_value_text_of(value: str, unit: str, qualifier: str | None, text: str) -> None:
    assert value_text_of(value, unit, qualifier) == text
