"""A document's text as safe HTML with its extracted figures and search hits marked (pure).

The text is the source's, so it is escaped character by character; the only markup is ours: <mark>
elements around the figures (offsets from the database) and around search hits.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

FIGURE_STYLE = "background:#ffe8a3;border-radius:3px;padding:0 1px"
FOCUS_STYLE = "background:#b4232c;color:#fff;border-radius:3px;padding:0 2px;font-weight:600"
HIT_STYLE = "background:#b9e3ff;border-radius:3px"


@dataclass(frozen=True)
class Figure:
    fact_id: str
    start: int
    end: int
    label: str  # shown as the mark's tooltip


def search_hits(text: str, needle: str) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of every case-insensitive occurrence of `needle`."""
    needle = needle.strip()
    if not needle:
        return []
    folded, target = text.casefold(), needle.casefold()
    if len(folded) != len(text):  # casefold changed lengths (e.g. ß): fall back to exact matching
        folded, target = text, needle
    hits, start = [], folded.find(target)
    while start >= 0:
        hits.append((start, start + len(target)))
        start = folded.find(target, start + len(target))
    return hits


def _valid(figures: Sequence[Figure], size: int) -> list[Figure]:
    """Figures inside the text, in order, without overlaps (the earlier one wins)."""
    kept: list[Figure] = []
    for fig in sorted(figures, key=lambda f: (f.start, f.end)):
        if 0 <= fig.start < fig.end <= size and (not kept or fig.start >= kept[-1].end):
            kept.append(fig)
    return kept


def _hits_html(text: str, start: int, end: int, hits: Sequence[tuple[int, int]]) -> str:
    """Escaped text[start:end] with the search hits inside it marked."""
    out, pos = [], start
    for a, b in hits:
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        out += [html.escape(text[pos:a]), f'<mark style="{HIT_STYLE}">', html.escape(text[a:b]), "</mark>"]
        pos = b
    out.append(html.escape(text[pos:end]))
    return "".join(out)


def highlight(text: str, figures: Sequence[Figure], focus: str | None = None, needle: str = "") -> str:
    """The text as HTML: figures in <mark> (the `focus` fact stands out), search hits marked too."""
    hits = search_hits(text, needle)
    out, pos = [], 0
    for fig in _valid(figures, len(text)):
        out.append(_hits_html(text, pos, fig.start, hits))
        style = FOCUS_STYLE if fig.fact_id == focus else FIGURE_STYLE
        out.append(
            f'<mark id="fact-{html.escape(fig.fact_id)}" title="{html.escape(fig.label)}" style="{style}">'
            f"{_hits_html(text, fig.start, fig.end, hits)}</mark>"
        )
        pos = fig.end
    out.append(_hits_html(text, pos, len(text), hits))
    return "".join(out)


def excerpt(text: str, figure: Figure, context: int = 90) -> str:
    """HTML of the text around one figure (the figure marked as the focus), with ellipses where cut."""
    start, end = max(0, figure.start - context), min(len(text), figure.end + context)
    window = Figure(figure.fact_id, figure.start - start, figure.end - start, figure.label)
    body = highlight(text[start:end], [window], focus=figure.fact_id)
    return ("…" if start > 0 else "") + compact(body) + ("…" if end < len(text) else "")


def compact(markup: str) -> str:
    """Runs of blank lines (the sources' newspaper columns) shown as one blank line."""
    return re.sub(r"\n{3,}", "\n\n", markup)
