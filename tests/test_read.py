"""etl.read: decoding, HTML text, the manifest and the corpus, against the real sources."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from etl.read import (
    MAX_FILE_BYTES,
    MAX_TEXT_CHARS,
    InputError,
    decode_text,
    html_to_text,
    normalise_line_endings,
    read_corpus,
    read_manifest,
    read_text,
)

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
TEXT_2024 = "000_596955ab977b3f6e.txt"
TEXT_2021 = "001_e12562c7a12b9cfd.txt"
SAMPLE = "芦淞区地区生产总值增长5.4%，市场主体总量突破8万户。\n新增“四上”企业42家。\n"


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """A copy of the two texts and the manifest."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("manifest.csv", TEXT_2024, TEXT_2021):
        shutil.copyfile(RAW / name, raw / name)
    return raw


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (SAMPLE.encode("utf-8"), SAMPLE),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), SAMPLE),
        ((SAMPLE * 3).encode("gb18030"), SAMPLE * 3),
        ((SAMPLE * 3).encode("gbk"), SAMPLE * 3),
        ("GDP 460亿元".encode(), "GDP 460亿元"),
        (b"plain ASCII", "plain ASCII"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "mixed", "ascii"],
)
def test_decode_text_reads_utf8_and_detects_gb18030(data: bytes, expected: str) -> None:
    assert decode_text(data, "x.txt") == expected


def test_the_real_texts_decode_as_gb18030_too() -> None:
    text = (RAW / TEXT_2024).read_text(encoding="utf-8")
    assert decode_text(text.encode("gb18030"), TEXT_2024) == text


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b" \n\r\n\t", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file (control or NUL bytes), not text"),
        (
            SAMPLE.encode("utf-8")[:21] + b"\xff\xfe" + SAMPLE.encode("utf-8"),
            "undecodable bytes: invalid UTF-8 at byte 21",
        ),
        (
            bytes(range(0x80, 0x100)) * 4,
            "undecodable bytes: neither UTF-8 nor GB18030/GBK (detected nothing)",
        ),
    ],
    ids=["empty", "blank", "png", "damaged-utf8", "high-bytes"],
)
def test_decode_text_names_the_problem(data: bytes, problem: str) -> None:
    with pytest.raises(InputError) as raised:
        decode_text(data, "bad.txt")
    assert (raised.value.file, raised.value.problem) == ("bad.txt", problem)
    assert str(raised.value) == f"bad.txt: {problem}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a\r\nb\rc\n", "a\nb\nc\n"), ("", ""), ("\r\r\n", "\n\n"), ("无换行", "无换行")],
)
def test_normalise_line_endings(text: str, expected: str) -> None:
    assert normalise_line_endings(text) == expected


def test_html_to_text_keeps_visible_text_only() -> None:
    html = (
        "<html><head><title>t</title><style>p{color:red}</style></head><body>"
        "<script>var gdp = 1;</script><h1>芦淞区</h1><p>GDP增长<b>5.4%</b>。</p>"
        "<noscript>enable js</noscript><p>  </p><div>市场主体突破8万户</div></body></html>"
    )
    assert html_to_text(html) == "芦淞区\nGDP增长5.4%。\n市场主体突破8万户"


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>地区生产\n    总值增长5%</p>", "地区生产总值增长5%"),
        ("<p>GDP\n growth <i>rate</i></p>", "GDP growth rate"),
        ("<ul><li>一</li><li>二<br>三</li></ul>", "一\n二\n三"),
        ("<table><tr><td>GDP</td><td>460亿元</td></tr></table>", "GDP\n460亿元"),
        ("<div>新增<a href='#'>“四上”企业</a>42家</div>", "新增“四上”企业42家"),
        ("", ""),
    ],
)
def test_html_to_text_joins_inline_markup_and_breaks_blocks(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_read_text_of_an_html_file_in_gbk() -> None:
    html = "<html><body><p>新增就业1.2万人</p><script>x()</script></body></html>" * 3
    assert read_text(Path("page.html"), html.encode("gbk")) == "新增就业1.2万人\n" * 2 + "新增就业1.2万人"


def test_a_saved_web_page_over_a_mebibyte_is_read_for_its_text() -> None:
    page = "<html><script>" + "x" * (3 * 2**20) + "</script><p>新增就业1.2万人</p></html>"
    assert read_text(Path("page.html"), page.encode("utf-8")) == "新增就业1.2万人"


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("big.txt", b"a" * (MAX_FILE_BYTES + 1), "file too large (16.0 MiB"),
        ("long.txt", "增长".encode() * (MAX_TEXT_CHARS // 2 + 1), "text too long (1,000,002 characters"),
    ],
)
def test_read_text_refuses_oversized_documents(name: str, data: bytes, problem: str) -> None:
    with pytest.raises(InputError) as error:
        read_text(Path(name), data)
    assert error.value.file == name and problem in error.value.problem


def test_read_text_keeps_text_exactly_but_line_endings(tmp_path: Path) -> None:
    text = (RAW / TEXT_2021).read_text(encoding="utf-8")
    assert read_text(Path("a.txt"), text.replace("\n", "\r\n").encode("utf-8")) == text


def test_read_manifest_of_the_real_manifest() -> None:
    entries, problems = read_manifest((RAW / "manifest.csv").read_bytes())
    assert problems == []
    assert [(e.line, e.file, e.meeting_date, e.report_year, e.reviews, e.plans) for e in entries] == [
        (2, TEXT_2021, dt.date(2021, 10, 26), 2021, "past five years", "next five years"),
        (3, TEXT_2024, dt.date(2024, 1, 29), 2024, "2023", "2024"),
    ]
    first = entries[0]
    assert (
        first.title
        == "芦淞区 砥砺奋进新征程 矢志建功新时代 (培育制造名城 建设幸福株洲——县市区两会特别报道·芦淞篇)"
    )
    assert (first.publisher, first.meeting, first.region, first.source_type, first.url) == (
        "株洲日报",
        "芦淞区六届人大一次会议",
        "芦淞区",
        "news_report",
        None,
    )


MANIFEST_HEADER = "file,title,publisher,reporter,meeting,meeting_date,report_year,reviews,plans,notes\n"


@pytest.mark.parametrize(
    ("row", "file", "problem"),
    [
        (
            "a.txt,T,P,,M,2024-13-01,2024,,,",
            "a.txt",
            "manifest.csv line 2: bad meeting_date '2024-13-01' (expected YYYY-MM-DD)",
        ),
        (
            "a.txt,T,P,,M,29.01.2024,2024,,,",
            "a.txt",
            "manifest.csv line 2: bad meeting_date '29.01.2024' (expected YYYY-MM-DD)",
        ),
        ("a.txt,T,P,,M,,2024,,,", "a.txt", "manifest.csv line 2: empty meeting_date (expected YYYY-MM-DD)"),
        (
            "a.txt,T,P,,M,2024-01-29,二〇二四,,,",
            "a.txt",
            "manifest.csv line 2: report_year '二〇二四' is not a year (expected e.g. 2024)",
        ),
        (
            "a.txt,T,P,,M,2024-01-29,2024.5,,,",
            "a.txt",
            "manifest.csv line 2: report_year '2024.5' is not a year (expected e.g. 2024)",
        ),
        ("a.txt,,P,,M,2024-01-29,2024,,,", "a.txt", "manifest.csv line 2: empty title"),
        (",T,P,,M,2024-01-29,2024,,,", "manifest.csv", "line 2: empty file name"),
        (
            "../a.txt,T,P,,M,2024-01-29,2024,,,",
            "../a.txt",
            "manifest.csv line 2: file name must not contain a directory",
        ),
        ("a.txt,T,P,,M,2024-01-29,2024,,,,extra", "manifest.csv", "line 2: more fields than columns"),
    ],
)
def test_read_manifest_reports_bad_rows(row: str, file: str, problem: str) -> None:
    entries, problems = read_manifest((MANIFEST_HEADER + row + "\n").encode())
    assert entries == []
    assert [(p.file, p.problem) for p in problems] == [(file, problem)]


def test_read_manifest_defaults_blank_report_year_to_the_meeting_year() -> None:
    entries, _ = read_manifest((MANIFEST_HEADER + "a.txt,T,,,,2025-01-20,,,,\n").encode())
    assert (entries[0].report_year, entries[0].publisher, entries[0].meeting) == (2025, None, None)


def test_read_manifest_reads_optional_region_source_type_and_url() -> None:
    data = "file,title,publisher,meeting,meeting_date,report_year,reviews,plans,region,source_type,url\n"
    data += "a.txt,T,P,M,2025-01-20,2025,2024,2025,株洲市,work_report,https://example.org/a\n"
    entries, _ = read_manifest(data.encode())
    assert (entries[0].region, entries[0].source_type, entries[0].url) == (
        "株洲市",
        "work_report",
        "https://example.org/a",
    )


def test_read_manifest_refuses_missing_columns() -> None:
    with pytest.raises(InputError) as raised:
        read_manifest(b"file,title,meeting_date\na.txt,T,2024-01-29\n")
    assert (
        str(raised.value) == "manifest.csv: missing column(s) publisher, meeting, report_year, reviews, plans"
    )


def test_read_corpus_reads_both_texts_exactly(raw_dir: Path) -> None:
    corpus = read_corpus(raw_dir)
    assert corpus.problems == ()
    assert [doc.doc_id for doc in corpus.documents] == ["001_e12562c7a12b9cfd", "000_596955ab977b3f6e"]
    for doc in corpus.documents:
        data = (raw_dir / doc.source_file).read_bytes()
        assert doc.text == data.decode("utf-8")
        assert doc.sha256 == hashlib.sha256(data).hexdigest()
    doc = corpus.documents[1]
    assert (doc.source_file, doc.report_year, doc.meeting_date, doc.reviews, doc.plans) == (
        TEXT_2024,
        2024,
        dt.date(2024, 1, 29),
        "2023",
        "2024",
    )
    assert (len(corpus.documents[0].text), len(doc.text)) == (4735, 4097)
    assert sorted(path.name for path in corpus.input_files) == [TEXT_2024, TEXT_2021, "manifest.csv"]


def test_read_corpus_reads_html_listed_in_the_manifest(raw_dir: Path) -> None:
    (raw_dir / "page.html").write_text(
        "<p>芦淞区2025年</p><style>x{}</style><p>GDP增长6%</p>", encoding="utf-8"
    )
    with (raw_dir / "manifest.csv").open("a", encoding="utf-8") as manifest:
        manifest.write("page.html,网页,,,,2025-01-20,2025,2024,2025,\n")
    corpus = read_corpus(raw_dir)
    assert corpus.problems == ()
    assert (corpus.documents[-1].doc_id, corpus.documents[-1].text) == ("page", "芦淞区2025年\nGDP增长6%")
