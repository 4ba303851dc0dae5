"""Figures as written → values in base units (etl/numbers.py)."""

from __future__ import annotations

import pytest

from etl.catalog import Catalog
from etl.numbers import find_quantities, parse_numeral, parse_rank, to_half_width


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("31.4", 31.4),
        ("8万", 80_000),
        ("1.7万", 17_000),
        ("2.6亿", 260_000_000),
        ("三百", 300),
        ("一万两千", 12_000),
        ("两", 2),
        ("十", 10),
        ("二十五", 25),
        ("一万万", 100_000_000),  # 万万 = 亿, an old way of writing it
        ("两万万", 200_000_000),
        ("三千万万", 300_000_000_000),
        ("１２", 12),  # full-width digits
        ("１．５", 1.5),
        ("1,200", 1200),
        ("", None),
        ("高度", None),
    ],
)
def test_parse_numeral(written: str, value: float | None) -> None:
    assert parse_numeral(written) == (pytest.approx(value) if value is not None else None)


@pytest.mark.parametrize(
    ("written", "place"),
    [
        ("全市第一", 1),
        ("全省第3", 3),
        ("排名第十二", 12),
        ("全能亚军", 2),
        ("综合冠军", 1),
        ("全省季军", 3),
        ("亚", None),
    ],
)
def test_parse_rank(written: str, place: int | None) -> None:
    assert parse_rank(written) == place


def test_half_width_keeps_offsets() -> None:
    written = "增长５．４％"
    assert to_half_width(written) == "增长5.4%"
    assert len(to_half_width(written)) == len(written)


@pytest.mark.parametrize(
    ("text", "written", "value", "unit", "qualifier"),
    [
        ("市场主体总量突破8万户", "突破8万户", 80_000, "household", "over"),
        ("为企业争取授信31.4亿元", "31.4亿元", 3_140_000_000, "yuan", None),
        ("减免税费2.6亿元", "2.6亿元", 260_000_000, "yuan", None),
        ("地区生产总值增长5.4%", "5.4%", 5.4, "percent", None),
        ("地区生产总值增长５．４％", "５．４％", 5.4, "percent", None),
        ("增长7%左右", "7%左右", 7, "percent", "about"),
        ("参保率稳定在95%以上", "95%以上", 95, "percent", "at_least"),
        ("新增国省创新平台5个以上", "5个以上", 5, "item", "at_least"),
        ("办理跨省(域)事项1.7万件", "1.7万件", 17_000, "case", None),
        ("新增城镇就业1.1万人", "1.1万人", 11_000, "person", None),
        ("航空城规划面积拓展至64平方公里", "64平方公里", 64, "km2", None),
        ("新建雨污分流管网20公里", "20公里", 20, "km", None),
        ("高度上调至8000米", "8000米", 8000, "m", None),
        ("人均达到15万元", "15万元", 150_000, "yuan", None),
        ("新增公办学位1200个", "1200个", 1200, "item", None),
        ("提高0.5个百分点", "0.5个百分点", 0.5, "pct_point", None),
        ("新增义务教育学位4000余个", "4000余个", 4000, "item", "more_than"),
        ("接待游客近300万人次", "近300万人次", 3_000_000, "person", "nearly"),
        ("居民消费价格涨幅控制在3%以内", "3%以内", 3, "percent", "within"),
        ("超过500亿元", "超过500亿元", 50_000_000_000, "yuan", "over"),
        ("新增三百个", "三百个", 300, "item", None),
        ("吸纳一万两千人", "一万两千人", 12_000, "person", None),
        ("行政效能指标全市第一", "全市第一", 1, "rank", None),
        ("获评全能亚军", "全能亚军", 2, "rank", None),
        ("实现蓝天“300天”", "300天", 300, "day", None),
        # units of bulletins and other places' reports
        ("生猪出栏52.3万头", "52.3万头", 523_000, "head", None),
        ("蔬菜播种面积1.85万公顷", "1.85万公顷", 18_500, "hectare", None),
        ("全社会用电量18.6亿千瓦时", "18.6亿千瓦时", 1_860_000_000, "kwh", None),
        ("农业机械总动力12.8万千瓦", "12.8万千瓦", 128_000, "kw", None),
        ("实际使用外资2860万美元", "2860万美元", 28_600_000, "usd", None),
        ("PM2.5年均浓度32微克/立方米", "32微克/立方米", 32, "ug_m3", None),
        ("人均可支配收入3.2万元/人", "3.2万元/人", 32_000, "yuan", None),
        ("粮食总产量16.8万吨", "16.8万吨", 168_000, "tonne", None),
        ("造林面积1.2万亩", "1.2万亩", 12_000, "mu", None),
        ("新能源汽车1.6万辆", "1.6万辆", 16_000, "unit", None),
        ("商品房销售面积65.2万平方米", "65.2万平方米", 652_000, "m2", None),
        ("新增养老床位500张", "500张", 500, "item", None),
        ("进出口总额增长-5.2%", "-5.2%", -5.2, "percent", None),  # a minus sign (web copies)
        ("规模工业增加值增长－1.5%", "－1.5%", -1.5, "percent", None),  # a full-width one
    ],
)
def test_find_quantities(
    catalog: Catalog, text: str, written: str, value: float, unit: str, qualifier: str | None
) -> None:
    [quantity] = find_quantities(text, catalog.unit_factors)
    assert (quantity.written, quantity.unit, quantity.qualifier) == (written, unit, qualifier)
    assert quantity.value == pytest.approx(value)
    assert text[quantity.start : quantity.end] == written


@pytest.mark.parametrize(
    ("text", "value"), [("授信31.4亿元", 3_140_000_000.0), ("生产总值328.6亿元", 32_860_000_000.0)]
)
def test_base_values_have_no_float_noise(catalog: Catalog, text: str, value: float) -> None:
    [quantity] = find_quantities(text, catalog.unit_factors)
    assert quantity.value == value  # exactly: 328.6 * 1e8 is 32860000000.000004 in floating point


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("增长5%—6%", [("5%", 5, "at_least"), ("6%", 6, "within")]),
        ("增长5—6%", [("5", 5, "at_least"), ("6%", 6, "within")]),
        ("增长5.5%-6%", [("5.5%", 5.5, "at_least"), ("6%", 6, "within")]),
        (
            "完成投资300至400亿元",
            [("300", 30_000_000_000, "at_least"), ("400亿元", 40_000_000_000, "within")],
        ),
        ("增长6%左右", [("6%左右", 6, "about")]),  # not a range
        # a list whose last figure writes the unit for all
        ("分别增长8.1和6.5%", [("8.1", 8.1, None), ("6.5%", 6.5, None)]),
        (
            "分别拉动0.3、2.1和2.9个百分点",
            [("0.3", 0.3, None), ("2.1", 2.1, None), ("2.9个百分点", 2.9, None)],
        ),
        ("分别为12、15亿元", [("12", 1_200_000_000, None), ("15亿元", 1_500_000_000, None)]),
    ],
)
def test_ranges_and_lists_sharing_a_unit(catalog: Catalog, text: str, expected: list[tuple]) -> None:
    found = find_quantities(text, catalog.unit_factors)
    assert [(q.written, q.value, q.qualifier) for q in found] == [
        (w, pytest.approx(v), q) for w, v, q in expected
    ]
    assert all(text[q.start : q.end] == q.written for q in found)


@pytest.mark.parametrize(
    "text",
    [
        "10月26日",  # a date has no unit
        "2024年开年",
        "第六届人民代表大会第四次会议",
        "芦淞·1937文创产业园",
        "SA750样机",
        "国家4A级景区",
        "万人狂欢",  # a bare 万 is a crowd, not a figure
        "“128”年度发展要求",
        "电话:0731-22345678",  # a phone number, not a range
        "2021—2025年",
    ],
)
def test_no_quantity_in(catalog: Catalog, text: str) -> None:
    assert find_quantities(text, catalog.unit_factors) == []
