"""Undo the newspaper column layout: join broken lines, split sentences, track headings.

The cleaned text is built from slices of the original, so every cleaned position maps back to an exact
offset in `Document.text` (`CleanText.original_span`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# How far before and after a figure or a name its words are read (clause, indicator name, timing cues, status
# verbs) and how much of a long sentence a fact's quote keeps. Real sentences are under 200 characters; the
# bound keeps a pathological one (no punctuation for hundreds of thousands of characters) linear: each figure
# reads a window of it, not all of it.
CONTEXT_CHARS = 500
_TERMINAL = "。！？!?…"
_CLAUSE_MARKS = re.compile(r"[。，,、；;：:！？!?]")
_CLOSING = "”’」』）)"
_SENTENCE = re.compile(rf"[^。！？!?]+(?:[。！？!?]+[{_CLOSING}]*)?|[。！？!?]+")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s*(.*)$")
_NUMBERED_HEADING = re.compile(
    r"^(?:\d{1,2}\s+|[一二三四五六七八九十]{1,2}、|[（(][一二三四五六七八九十]{1,2}[）)])\S"
)
_TOP_NUMBERED_HEADING = re.compile(r"^[一二三四五六七八九十]{1,2}、")
# A spaced list (infographic row, byline): CJK, space, CJK.
_SPACED_ITEMS = re.compile(r"[\u4e00-\u9fff”）)]\s+[\u4e00-\u9fff“（(\d]")
# Plain-text headings that open a part of the report (they set the kind and period of what follows).
_PART_HEADING = re.compile(
    r"过去|未来|回顾|安排|如何|怎么|有多|数读|一图读懂|导语|工作总结|主要目标|十[四五]五"
)
_HEADING_MAX_CHARS = 30


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offsets in CleanText.text
    end: int
    paragraph: int
    headings: tuple[str, ...]  # the open headings, outermost first
    is_heading: bool


@dataclass(frozen=True)
class CleanText:
    text: str
    # Piecewise map to the original: cleaned text from clean_starts[i] on is original from orig_starts[i].
    clean_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]

    def original_offset(self, position: int) -> int:
        piece = bisect_right(self.clean_starts, position) - 1
        return self.orig_starts[piece] + position - self.clean_starts[piece]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets covering cleaned `text[start:end]` (end exclusive)."""
        if end <= start:
            offset = self.original_offset(start)
            return offset, offset
        return self.original_offset(start), self.original_offset(end - 1) + 1


@dataclass(frozen=True)
class _Line:
    start: int  # original offset
    text: str


def _lines(text: str) -> list[_Line]:
    """Non-blank lines with their original offsets, stripped of surrounding spaces."""
    lines = []
    for match in re.finditer(r"[^\n]+", text):
        stripped = match.group().strip()
        if stripped:
            lead = len(match.group()) - len(match.group().lstrip())
            lines.append(_Line(match.start() + lead, stripped))
    return lines


def is_heading_line(line: str) -> bool:
    """A markdown or numbered heading, or a short line without punctuation (title, caption, list head)."""
    if _MARKDOWN_HEADING.match(line):
        return True
    if _NUMBERED_HEADING.match(line) and len(line) <= 2 * _HEADING_MAX_CHARS and "。" not in line:
        return True
    return len(line) <= _HEADING_MAX_CHARS and not _CLAUSE_MARKS.search(line)


def _breaks_mid_sentence(previous: str, following: str) -> bool:
    """True when `previous` is prose cut by the column layout and `following` carries it on."""
    if previous[-1] in _TERMINAL or previous[-1] in _CLOSING and previous[-2:-1] in tuple(_TERMINAL):
        return False
    if is_heading_line(previous) or _SPACED_ITEMS.search(previous) or not _CLAUSE_MARKS.search(previous):
        return False
    return not is_heading_line(following) and bool(_CLAUSE_MARKS.search(following))


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    paragraphs: list[list[_Line]] = []
    for line in lines:
        if paragraphs and _breaks_mid_sentence(paragraphs[-1][-1].text, line.text):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return paragraphs


def clean_text(text: str) -> CleanText:
    """The text with column breaks joined and paragraphs on single lines, mapped back to `text`."""
    paragraphs = _paragraphs(_lines(text))
    parts: list[str] = []
    clean_starts: list[int] = []
    orig_starts: list[int] = []
    position = 0
    for index, paragraph in enumerate(paragraphs):
        if index:
            # The paragraph separator stands for the line break after the previous paragraph.
            previous = paragraphs[index - 1][-1]
            clean_starts.append(position)
            orig_starts.append(previous.start + len(previous.text))
            parts.append("\n")
            position += 1
        for line in paragraph:
            clean_starts.append(position)
            orig_starts.append(line.start)
            parts.append(line.text)
            position += len(line.text)
    if not clean_starts:
        clean_starts, orig_starts = [0], [0]
    return CleanText("".join(parts), tuple(clean_starts), tuple(orig_starts))


def heading_level(line: str) -> int:
    """1–2 for markdown `#`/`##` and part headings (过去五年, 2024如何干, 数读); 3 for the rest."""
    markdown = _MARKDOWN_HEADING.match(line)
    if markdown:
        return min(len(markdown.group(1)), 3)
    if _TOP_NUMBERED_HEADING.match(line):
        return 2  # 一、2023年工作回顾: a part of the report
    if _NUMBERED_HEADING.match(line):
        return 3  # （一）主要目标, 1 高度: a section inside a part
    return 2 if _PART_HEADING.search(line) else 3


def heading_title(line: str) -> str:
    markdown = _MARKDOWN_HEADING.match(line)
    return markdown.group(2).strip() if markdown else line


def split_sentences(clean: CleanText) -> list[Sentence]:
    """Sentences of the cleaned text with the headings open at each; heading lines are sentences too."""
    sentences: list[Sentence] = []
    stack: list[tuple[int, str]] = []
    start = 0
    for paragraph_index, paragraph in enumerate(clean.text.split("\n")):
        if not paragraph:
            pass
        elif is_heading_line(paragraph):
            level = heading_level(paragraph)
            stack = [(lvl, title) for lvl, title in stack if lvl < level]
            stack.append((level, heading_title(paragraph)))
            headings = tuple(title for _, title in stack)
            sentences.append(
                Sentence(paragraph, start, start + len(paragraph), paragraph_index, headings, True)
            )
        else:
            headings = tuple(title for _, title in stack)
            for match in _SENTENCE.finditer(paragraph):
                sentences.append(
                    Sentence(
                        match.group(),
                        start + match.start(),
                        start + match.end(),
                        paragraph_index,
                        headings,
                        False,
                    )
                )
        start += len(paragraph) + 1
    return sentences


def earlier_in_paragraph(sentences: list[Sentence], index: int) -> list[str]:
    """The texts of the sentences before `sentences[index]` in its paragraph (headings left out), walking back
    only as far as the paragraph goes: the cost is the paragraph's, not the document's."""
    paragraph = sentences[index].paragraph
    first = index
    while first > 0 and sentences[first - 1].paragraph == paragraph:
        first -= 1
    return [s.text for s in sentences[first:index] if not s.is_heading]


def display_quote(sentence: str) -> str:
    """The sentence as shown to a reader: surrounding spaces removed, inner runs of spaces single."""
    return re.sub(r"\s+", " ", sentence).strip()
