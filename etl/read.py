"""Files → decoded text and metadata: the manifest, its documents, and what is wrong with them.

No interpretation happens here: a `Document` holds the text exactly as decoded (line endings normalised,
HTML reduced to its visible text) so that offsets found later index into `documents.text`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
from bs4 import BeautifulSoup

from etl.model import Document
from etl.region import region_of

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = (
    "file",
    "title",
    "publisher",
    "reporter",
    "meeting",
    "meeting_date",
    "report_year",
    "reviews",
    "plans",
    "notes",
)
# Columns the build needs; the others (reporter, notes, region, source_type) may be absent.
REQUIRED_COLUMNS = (
    "file",
    "title",
    "publisher",
    "meeting",
    "meeting_date",
    "report_year",
    "reviews",
    "plans",
)
DOCUMENT_SUFFIXES = (".txt", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
# A report or article is 10-100 KB of text. Extraction time grows with a document's length (faster than
# linearly for very long sentences), so a 50 MB file would keep a build running for hours: the text is
# limited, and the file's bytes more loosely (a saved web page carries scripts and markup around its text).
MAX_FILE_BYTES = 16 * 2**20
MAX_TEXT_CHARS = 1_000_000
DEFAULT_REGION = "芦淞区"
DEFAULT_SOURCE_TYPE = "news_report"
# Encodings accepted from detection when the bytes are not UTF-8 (Chinese texts, or UTF-16/32 with a BOM).
DETECTABLE_ENCODINGS = frozenset({"gb18030", "gbk", "gb2312", "hz", "big5", "utf_16", "utf_32"})
HIDDEN_TAGS = ["script", "style", "noscript", "template", "head", "iframe", "svg"]
BLOCK_TAGS = (
    "address article aside blockquote br caption dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul"
).split()
CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
CJK_LINE_BREAK = re.compile(f"(?<=[{CJK}])[ \\t]*\\n\\s*(?=[{CJK}])")
WHITESPACE_RUN = re.compile(r"\s+")
# Control characters other than tab, newline, form feed and carriage return mark a binary file.
CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13}


class InputError(Exception):
    """A problem with one input file: the build reports it as `error: <file>: <problem>`."""

    def __init__(self, file: str, problem: str) -> None:
        super().__init__(f"{file}: {problem}")
        self.file = file
        self.problem = problem


@dataclass(frozen=True)
class ManifestEntry:
    """One manifest row, validated, with the line it came from."""

    line: int
    file: str
    title: str
    publisher: str | None
    meeting: str | None
    meeting_date: dt.date
    report_year: int
    reviews: str | None
    plans: str | None
    region: str
    source_type: str
    url: str | None


@dataclass(frozen=True)
class Corpus:
    """The documents that could be read and the problems with the ones that could not."""

    documents: tuple[Document, ...]
    problems: tuple[InputError, ...]
    input_files: tuple[Path, ...]  # every file read, for the run's input checksum


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def normalise_line_endings(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16/32 text has NUL bytes by design
        return False
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte in CONTROL_BYTES)
    return b"\x00" in sample or controls > len(sample) // 100


def _is_damaged_utf8(data: bytes) -> tuple[bool, int]:
    """(True, offset of the first bad byte) when the bytes are mostly UTF-8 with some invalid bytes."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        lenient = data.decode("utf-8", errors="replace")
        bad = lenient.count("\ufffd")
        valid_non_ascii = sum(1 for char in lenient if ord(char) > 127) - bad
        return valid_non_ascii >= bad, error.start
    return False, -1


def decode_text(data: bytes, file: str) -> str:
    """The text of a file's bytes: UTF-8 (with or without BOM), or a detected Chinese encoding.

    Raises InputError for empty, binary or undecodable content.
    """
    if not data.strip():
        raise InputError(file, "empty file")
    if _looks_binary(data):
        raise InputError(file, "binary file (control or NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    damaged, offset = _is_damaged_utf8(data)
    if damaged:
        raise InputError(file, f"undecodable bytes: invalid UTF-8 at byte {offset}")
    if offset < 0:
        return data.decode("utf-8")
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding not in DETECTABLE_ENCODINGS:
        detected = "nothing" if best is None else best.encoding
        raise InputError(file, f"undecodable bytes: neither UTF-8 nor GB18030/GBK (detected {detected})")
    return str(best)


def _collapse_whitespace(text: str) -> str:
    """HTML whitespace as a browser shows it: a line break between Chinese characters vanishes, any other run
    of whitespace is one space."""
    return WHITESPACE_RUN.sub(" ", CJK_LINE_BREAK.sub("", text))


def html_to_text(html: str) -> str:
    """The visible text of an HTML page, one block (paragraph, heading, list item, cell) per line; scripts
    and styles dropped, inline markup (<b>, <a>, <span>) joined into its sentence."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(HIDDEN_TAGS):
        hidden.decompose()
    for string in soup.find_all(string=True):
        if string.find_parent("pre") is None:
            string.replace_with(_collapse_whitespace(str(string)))
    for block in soup.find_all(BLOCK_TAGS):
        block.insert_before("\n")
        block.insert_after("\n")
    lines = (line.strip() for line in soup.get_text().splitlines())
    return "\n".join(line for line in lines if line)


def read_text(path: Path, data: bytes) -> str:
    """The document text of a file's bytes, line endings normalised; refused over MAX_FILE_BYTES bytes or
    MAX_TEXT_CHARS characters of text."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            path.name,
            f"file too large ({len(data) / 2**20:.1f} MiB; a file may have at most "
            f"{MAX_FILE_BYTES // 2**20} MiB)",
        )
    text = decode_text(data, path.name)
    if path.suffix.lower() in HTML_SUFFIXES:
        text = html_to_text(text)
        if not text.strip():
            raise InputError(path.name, "HTML page without visible text")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            path.name,
            f"text too long ({len(text):,} characters; a document may have at most {MAX_TEXT_CHARS:,})",
        )
    return normalise_line_endings(text)


def _optional(row: dict[str, str | None], column: str) -> str | None:
    value = (row.get(column) or "").strip()
    return value or None


def parse_manifest_row(row: dict[str, str | None], line: int, where: str | None = None) -> ManifestEntry:
    """One manifest row, validated; raises InputError naming the file, `where` the row is and the problem."""
    file = _optional(row, "file")
    where = where or f"{MANIFEST_NAME} line {line}"
    if file is None:
        raise InputError(MANIFEST_NAME, f"line {line}: empty file name")
    if Path(file).name != file:
        raise InputError(file, f"{where}: file name must not contain a directory")
    title = _optional(row, "title")
    if title is None:
        raise InputError(file, f"{where}: empty title")
    meeting_date = _parse_date(_optional(row, "meeting_date"), file, where)
    return ManifestEntry(
        line=line,
        file=file,
        title=title,
        publisher=_optional(row, "publisher"),
        meeting=_optional(row, "meeting"),
        meeting_date=meeting_date,
        report_year=_parse_year(_optional(row, "report_year"), meeting_date, file, where),
        reviews=_optional(row, "reviews"),
        plans=_optional(row, "plans"),
        region=_optional(row, "region") or DEFAULT_REGION,
        source_type=_optional(row, "source_type") or DEFAULT_SOURCE_TYPE,
        url=_optional(row, "url"),
    )


def _parse_date(value: str | None, file: str, where: str) -> dt.date:
    if value is None:
        raise InputError(file, f"{where}: empty meeting_date (expected YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(file, f"{where}: bad meeting_date {value!r} (expected YYYY-MM-DD)") from None


def _parse_year(value: str | None, meeting_date: dt.date, file: str, where: str) -> int:
    """The report year as written, or the meeting's year when blank."""
    if value is None:
        return meeting_date.year
    if not value.isascii() or not value.isdigit() or not 1900 <= int(value) <= 2200:
        raise InputError(file, f"{where}: report_year {value!r} is not a year (expected e.g. 2024)")
    return int(value)


def read_manifest(data: bytes) -> tuple[list[ManifestEntry], list[InputError]]:
    """The valid manifest rows and the problems of the others.

    Raises InputError when the manifest as a whole is unusable (undecodable, missing columns).
    """
    text = decode_text(data, MANIFEST_NAME)
    reader = csv.DictReader(io.StringIO(normalise_line_endings(text)))
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise InputError(MANIFEST_NAME, f"missing column(s) {', '.join(missing)}")
    entries: list[ManifestEntry] = []
    problems: list[InputError] = []
    for row in reader:
        line = reader.line_num
        if None in row:  # more fields than the header has
            problems.append(InputError(MANIFEST_NAME, f"line {line}: more fields than columns"))
            continue
        try:
            entries.append(parse_manifest_row(row, line))
        except InputError as problem:
            problems.append(problem)
    return entries, problems


def _document(entry: ManifestEntry, text: str, sha256: str) -> Document:
    return Document(
        doc_id=Path(entry.file).stem,
        source_file=entry.file,
        source_type=entry.source_type,
        title=entry.title,
        publisher=entry.publisher,
        meeting=entry.meeting,
        meeting_date=entry.meeting_date,
        report_year=entry.report_year,
        # no region in the manifest: the place the title (or the opening) names, else 芦淞区
        region=entry.region if entry.region != DEFAULT_REGION else region_of(entry.title, text),
        url=entry.url,
        sha256=sha256,
        text=text,
        reviews=entry.reviews,
        plans=entry.plans,
    )


def _unlisted_files(raw_dir: Path, listed: set[str]) -> list[InputError]:
    return [
        InputError(path.name, f"file in {raw_dir} has no row in {MANIFEST_NAME}")
        for path in sorted(raw_dir.iterdir())
        if path.is_file() and path.suffix.lower() in DOCUMENT_SUFFIXES and path.name not in listed
    ]


def read_corpus(raw_dir: Path) -> Corpus:
    """Every document listed in raw_dir/manifest.csv, read and checked, in manifest order."""
    manifest_path = raw_dir / MANIFEST_NAME
    if not manifest_path.is_file():
        raise InputError(str(manifest_path), "manifest not found")
    entries, problems = read_manifest(manifest_path.read_bytes())
    documents: list[Document] = []
    input_files = [manifest_path]
    first_line_of: dict[str, int] = {}
    file_with_sha: dict[str, str] = {}
    file_with_id: dict[str, str] = {}
    for entry in entries:
        if entry.file in first_line_of:
            problems.append(
                InputError(
                    entry.file,
                    f"listed twice in {MANIFEST_NAME} (lines {first_line_of[entry.file]} and {entry.line})",
                )
            )
            continue
        first_line_of[entry.file] = entry.line
        path = raw_dir / entry.file
        try:
            document = _read_entry(path, entry)
        except InputError as problem:
            problems.append(problem)
            continue
        input_files.append(path)
        duplicate = _duplicate_problem(document, file_with_sha, file_with_id)
        if duplicate:
            problems.append(duplicate)
            continue
        file_with_sha[document.sha256 or ""] = entry.file
        file_with_id[document.doc_id] = entry.file
        documents.append(document)
    named_in_manifest = set(first_line_of) | {problem.file for problem in problems}  # bad rows too
    problems.extend(_unlisted_files(raw_dir, named_in_manifest))
    return Corpus(tuple(documents), tuple(problems), tuple(input_files))


def _read_entry(path: Path, entry: ManifestEntry) -> Document:
    if not path.is_file():
        raise InputError(
            entry.file, f"listed in {MANIFEST_NAME} line {entry.line} but not found in {path.parent}"
        )
    if path.suffix.lower() not in DOCUMENT_SUFFIXES:
        raise InputError(entry.file, f"unsupported file type {path.suffix!r} (expected .txt or .html)")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(entry.file, f"cannot read the file ({error.strerror or error})") from None
    return _document(entry, read_text(path, data), sha256_of(data))


def _duplicate_problem(
    document: Document, file_with_sha: dict[str, str], file_with_id: dict[str, str]
) -> InputError | None:
    file = document.source_file or document.doc_id
    if document.sha256 in file_with_sha:
        return InputError(file, f"duplicate document: same content as {file_with_sha[document.sha256]}")
    if document.doc_id in file_with_id:
        return InputError(
            file, f"duplicate doc_id {document.doc_id!r}: same name as {file_with_id[document.doc_id]}"
        )
    return None
