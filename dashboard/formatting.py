"""Values in base units -> text a reader expects: 4.6e10 yuan -> 460亿元 / 46 billion yuan."""

from __future__ import annotations

import textwrap
from functools import cache

from etl.catalog import load_catalog

# Units whose Chinese figures are usually written in 万 (8万户, 1.2万人).
_WAN_UNITS = frozenset({"household", "person", "case", "m2", "mu", "tonne"})

# Where a Chinese qualifier goes: before the figure (突破8万户), after the number (4000余个) or last.
_ZH_PREFIX = {"over": "突破", "nearly": "近"}
_ZH_AFTER_NUMBER = {"more_than": "余"}
_ZH_SUFFIX = {"about": "左右", "at_least": "以上", "within": "以内"}
_EN_PREFIX = {
    "about": "about ",
    "at_least": "at least ",
    "over": "over ",
    "within": "within ",
    "nearly": "nearly ",
    "more_than": "more than ",
}


@cache
def unit_names() -> dict[str, tuple[str, str]]:
    return {u.id: (u.zh, u.en) for u in load_catalog().units}


def number(x: float, lang: str = "zh") -> str:
    """At most two decimals, no trailing zeros; thousands separators in English."""
    rounded = round(float(x), 2)
    if rounded == int(rounded):
        return f"{int(rounded):,}" if lang == "en" else str(int(rounded))
    text = f"{rounded:,.2f}" if lang == "en" else f"{rounded:.2f}"
    return text.rstrip("0").rstrip(".")


def _zh_amount(v: float, unit: str) -> tuple[str, str]:
    """(number, unit text) in Chinese, scaled to 亿/万 where a reader expects it."""
    unit_zh = unit_names().get(unit, (unit, unit))[0].replace("(", "").replace(")", "")
    if unit == "yuan":
        if abs(v) >= 1e8:
            return number(v / 1e8), "亿元"
        if abs(v) >= 1e4:
            return number(v / 1e4), "万元"
        return number(v), "元"
    if unit in _WAN_UNITS and abs(v) >= 1e4:
        return number(v / 1e4), "万" + unit_zh
    if unit == "percent":
        return number(v), "%"
    if unit == "ratio":
        return number(v), ""
    return number(v), unit_zh


def _en_amount(v: float, unit: str) -> str:
    unit_en = unit_names().get(unit, (unit, unit))[1]
    if unit == "yuan":
        for scale, word in ((1e9, "billion"), (1e6, "million")):
            if abs(v) >= scale:
                return f"{number(v / scale, 'en')} {word} yuan"
        return f"{number(v, 'en')} yuan"
    if unit == "percent":
        return f"{number(v, 'en')}%"
    if unit == "ratio":
        return number(v, "en")
    return f"{number(v, 'en')} {unit_en}"


def compact(v: float, unit: str, lang: str, qualifier: str | None = None) -> tuple[str, str | None]:
    """(figure, unit to name elsewhere) for a narrow card. Chinese figures are short as written; English
    ones keep % and yuan (¥46 bn) and leave count units (items, households) to the label."""
    if lang != "en":
        return value(v, unit, lang, qualifier), None
    prefix = _EN_PREFIX.get(qualifier or "", "")
    if unit == "yuan":
        for scale, word in ((1e9, "bn"), (1e6, "m")):
            if abs(v) >= scale:
                return f"{prefix}¥{number(v / scale, 'en')} {word}", None
        return f"{prefix}¥{number(v, 'en')}", None
    if unit in ("percent", "pct_point", "ratio", "rank"):
        return value(v, unit, lang, qualifier), None
    return prefix + number(v, "en"), unit_names().get(unit, (unit, unit))[1]


def value(v: float, unit: str, lang: str, qualifier: str | None = None) -> str:
    """A figure with its unit and qualifier: 突破8万户 / over 80,000 households."""
    if lang == "en":
        return _EN_PREFIX.get(qualifier or "", "") + _en_amount(v, unit)
    if unit == "rank":
        return f"第{number(v)}名"
    num, unit_text = _zh_amount(v, unit)
    q = qualifier or ""
    return f"{_ZH_PREFIX.get(q, '')}{num}{_ZH_AFTER_NUMBER.get(q, '')}{unit_text}{_ZH_SUFFIX.get(q, '')}"


def difference(diff: float, unit: str, lang: str) -> str:
    """A signed difference: growth rates differ in percentage points, not percent."""
    sign = "+" if diff > 0 else ("-" if diff < 0 else "±")
    if unit == "percent":
        unit = "pct_point"
    return sign + value(abs(diff), unit, lang)


def period(start: int, end: int, lang: str) -> str:
    """2023年 / 2021–2025年 (en: 2023 / 2021–2025)."""
    years = str(start) if start == end else f"{start}–{end}"
    return years if lang == "en" else f"{years}年"


def indicator_label(name: str, measure: str, lang: str) -> str:
    """An indicator's name with its measure where the name alone is ambiguous (地区生产总值增速)."""
    if measure == "growth_pct":
        return f"{name} growth" if lang == "en" else f"{name}增速"
    return name


def text_lines(text: str, width: int, limit: int) -> list[str]:
    """`text` cut to `limit` characters and broken into lines of about `width`: at spaces when it has
    words (English), else every `width` characters (CJK has no spaces)."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if " " in text:
        return textwrap.wrap(text, width) or [""]
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]
