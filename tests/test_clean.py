"""Undoing the newspaper column layout (etl/clean.py)."""

from __future__ import annotations

import pytest

from etl.clean import clean_text, display_quote, earlier_in_paragraph, is_heading_line, split_sentences
from etl.model import Document

DOC_2024 = "000_596955ab977b3f6e"
DOC_2021 = "001_e12562c7a12b9cfd"


@pytest.mark.parametrize(
    ("doc_id", "joined"),
    [
        (DOC_2024, "服饰市场主体转企升级。"),
        (DOC_2024, "拥有丰富旅游资源。"),
        (DOC_2024, "优势产业扩能升级。"),
        (DOC_2024, "示范企业,新增国省专精特新"),
        (DOC_2024, "居民养老保障水平持续提高"),
        (DOC_2021, "引导消费业态向航空城、服饰城延伸"),
        (DOC_2021, "努力答好新时代高质量发展答卷。"),
        (DOC_2021, "提质升级产业园区。"),
        (DOC_2021, "通航博览会、湖南服博会暨芦淞服饰节。"),
        (DOC_2021, "推动大京风景名胜区保护性开发。"),
        (DOC_2021, "加快雨污分流管网建设"),
    ],
)
def test_column_breaks_are_joined(source_documents: dict[str, Document], doc_id: str, joined: str) -> None:
    assert joined in clean_text(source_documents[doc_id].text).text


@pytest.mark.parametrize(
    ("doc_id", "kept_apart"),
    [
        (DOC_2021, "过去五年\n综合实力迈上新台阶\n"),  # headings stay on their own lines
        (DOC_2021, "投入与产出相匹配\n三大产业集群\n"),  # an infographic row is not prose cut short
        (DOC_2021, "1 高度 坚持制造强区,打造产业新高地\n在政府工作报告中"),
        (DOC_2024, "## 2023有多“拼”\n### 1 拼经济抓项目促发展\n"),
    ],
)
def test_headings_and_infographic_rows_are_not_joined(
    source_documents: dict[str, Document], doc_id: str, kept_apart: str
) -> None:
    assert kept_apart in clean_text(source_documents[doc_id].text).text


@pytest.mark.parametrize("doc_id", [DOC_2024, DOC_2021])
def test_every_cleaned_character_maps_back_to_the_same_character(
    source_documents: dict[str, Document], doc_id: str
) -> None:
    original = source_documents[doc_id].text
    clean = clean_text(original)
    for position, char in enumerate(clean.text):
        if char != "\n":
            assert original[clean.original_offset(position)] == char


def test_a_span_across_a_column_break_covers_the_break() -> None:
    original = "持续推进市场群提质升级,抓好服饰市场主体转企\n\n升级。"
    clean = clean_text(original)
    start = clean.text.index("转企升级")
    char_start, char_end = clean.original_span(start, start + 4)
    assert original[char_start:char_end] == "转企\n\n升级"


def test_empty_and_blank_texts() -> None:
    assert clean_text("").text == ""
    assert clean_text("\n\n  \n").text == ""
    assert split_sentences(clean_text("")) == []


def test_sentences_carry_the_open_headings(source_documents: dict[str, Document]) -> None:
    sentences = split_sentences(clean_text(source_documents[DOC_2024].text))
    [opening] = [s for s in sentences if s.text.startswith("新增高新技术企业")] or [
        s for s in sentences if "新增高新技术企业19家" in s.text
    ]
    assert opening.headings == ("2024如何“干”", "1 产业“塑形”")
    [review] = [s for s in sentences if s.text.startswith("开工项目34个")]
    assert review.headings[-2:] == ("2023有多“拼”", "1 拼经济抓项目促发展")


def test_plain_part_headings_replace_each_other(source_documents: dict[str, Document]) -> None:
    sentences = split_sentences(clean_text(source_documents[DOC_2021].text))
    [row] = [s for s in sentences if s.text.startswith("航空产业规模突破500亿元")]
    assert "一图读懂 芦淞区政府工作报告" in row.headings
    assert "未来五年" not in row.headings
    [insurance] = [s for s in sentences if "参保率" in s.text]
    assert insurance.headings[0] == "未来五年"


def test_sentences_split_at_full_stops_and_keep_closing_quotes() -> None:
    sentences = split_sentences(clean_text("他说：“好。”然后走了！还有吗？最后一句"))
    assert [s.text for s in sentences] == ["他说：“好。”", "然后走了！", "还有吗？", "最后一句"]


@pytest.mark.parametrize(
    ("line", "is_heading"),
    [
        ("## 2024如何“干”", True),
        ("### 2 流量密码", True),
        ("1 高度 坚持制造强区,打造产业新高地", True),
        ("一个目标定位", True),
        ("过去五年", True),
        ("6家企业获评中国成长型服饰品牌,魔美名作入围中国服装行业百强。", False),
        ("一、三季度打造“三个高地”工作获评全能亚军。", False),
    ],
)
def test_heading_lines(line: str, is_heading: bool) -> None:
    assert is_heading_line(line) is is_heading


def test_earlier_sentences_of_the_paragraph_only() -> None:
    sentences = split_sentences(clean_text("标题\n\n甲。乙。丙。\n\n丁。戊。"))
    texts = [s.text for s in sentences]
    assert earlier_in_paragraph(sentences, texts.index("丙。")) == ["甲。", "乙。"]
    assert earlier_in_paragraph(sentences, texts.index("戊。")) == ["丁。"]
    assert earlier_in_paragraph(sentences, texts.index("甲。")) == []


def test_display_quote_collapses_spaces() -> None:
    assert display_quote("  航空产业规模突破500亿元   服饰产业 ") == "航空产业规模突破500亿元 服饰产业"
