"""The place a document is about (etl/region.py, and the manifest's `region` column through etl/read.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.read import read_corpus
from etl.region import region_of


@pytest.mark.parametrize(
    ("title", "text", "region"),
    [
        ("青溪县2023年国民经济和社会发展统计公报", "", "青溪县"),
        ("在中共青溪县委经济工作会议上的报告（摘要）", "", "青溪县"),
        ("松川县人民政府工作报告", "", "松川县"),
        ("醴陵市2024年政府工作报告", "", "醴陵市"),
        ("株洲市芦淞区2023年国民经济和社会发展统计公报", "", "芦淞区"),  # the county-level place
        ("芦淞区 全力打造航空新城 时尚芦淞 (聚焦2024 芦淞区两会)", "", "芦淞区"),
        ("芦淞区 砥砺奋进新征程 (培育制造名城 建设幸福株洲——县市区两会特别报道·芦淞篇)", "", "芦淞区"),
        ("政府工作报告", "——2022年1月8日在松川县第十八届人民代表大会第一次会议上", "松川县"),
        ("政府工作报告", "——2025年1月10日在区第七届人民代表大会第五次会议上\n\n我代表区人民政府", "芦淞区"),
        ("政府工作报告", "全区地区生产总值增长5%,园区、社区、城区建设加快。", "芦淞区"),  # no place
        ("", None, "芦淞区"),
    ],
)
def test_region_of(title: str, text: str | None, region: str) -> None:
    assert region_of(title, text) == region


def _corpus_with(tmp_path: Path, header: str, row: str) -> str:
    (tmp_path / "a.txt").write_text("全县地区生产总值增长5%。", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    [doc] = read_corpus(tmp_path).documents
    return doc.region


COLUMNS = "file,title,publisher,meeting,meeting_date,report_year,reviews,plans"


def test_the_region_is_detected_when_the_manifest_gives_none(tmp_path: Path) -> None:
    row = "a.txt,攸县2024年政府工作报告,,,2024-01-10,2024,2023,2024"
    assert _corpus_with(tmp_path, COLUMNS, row) == "攸县"


def test_the_manifest_region_wins(tmp_path: Path) -> None:
    row = "a.txt,攸县2024年政府工作报告,,,2024-01-10,2024,2023,2024,茶陵县"
    assert _corpus_with(tmp_path, COLUMNS + ",region", row) == "茶陵县"


def test_a_title_without_a_place_is_the_district(tmp_path: Path) -> None:
    assert _corpus_with(tmp_path, COLUMNS, "a.txt,2024年政府工作报告,,,2024-01-10,2024,2023,2024") == "芦淞区"
