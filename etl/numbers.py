"""Pure parsers for figures as written in Chinese reports: numerals, multipliers, units, bounds and ranks.

Nothing here knows about indicators or documents: `find_quantities` turns a text into `Quantity` spans
whose `value` is already in base units, given the table of written units from the catalog.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from types import ModuleType

# Full-width digits and signs map one character to one character, so offsets survive the translation.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")

CHINESE_DIGITS = "零〇一二两三四五六七八九十百千"
MULTIPLIERS = {"万": 1.0e4, "亿": 1.0e8, "千万": 1.0e7, "百万": 1.0e6, "万亿": 1.0e12}

# Written qualifier → the qualifier id of the contract.
PREFIX_QUALIFIERS = {
    "突破": "over",
    "超过": "over",
    "超": "over",
    "逾": "more_than",
    "近": "nearly",
    "约": "about",
    "不少于": "at_least",
    "不低于": "at_least",
    "不超过": "within",
}
SUFFIX_QUALIFIERS = {
    "左右": "about",
    "以上": "at_least",
    "以内": "within",
    "以下": "within",
    "余": "more_than",
    "多": "more_than",
}

# Ranks: 全市第一, 排名第3, 全能亚军.
PLACINGS = {"冠军": 1, "亚军": 2, "季军": 3}

_ARABIC = r"\d+(?:,\d{3})*(?:[.．]\d+)?"
_CHINESE = f"[{CHINESE_DIGITS}][{CHINESE_DIGITS}万亿]*(?:点[零〇一二三四五六七八九]+)?"
_MULTIPLIER = "(?:万亿|千万|百万|万|亿)"


@dataclass(frozen=True)
class Quantity:
    """One figure as written: `text[start:end]` is `written` (qualifier words included)."""

    start: int
    end: int
    written: str
    number: float  # the numeral as written, multiplier applied (1.7万 → 17000)
    value: float  # in base units (31.4亿元 → 3140000000)
    unit: str  # base unit id: yuan, percent, pct_point, household, rank …
    written_unit: str  # 元, %, 个百分点, 户, 家 … ("" for ranks)
    qualifier: str | None
    is_chinese_numeral: bool


def to_half_width(text: str) -> str:
    """Full-width digits, point, percent and comma as ASCII; same length as the input."""
    return text.translate(_FULL_WIDTH)


@lru_cache(maxsize=1)
def _cn2an() -> ModuleType:
    """The cn2an module, imported on first use: it takes half a second to import."""
    import cn2an

    return cn2an


@lru_cache(maxsize=4096)
def parse_numeral(written: str) -> float | None:
    """The value of an Arabic or Chinese numeral with an optional trailing multiplier, else None.

    `31.4` → 31.4, `1.7万` → 17000, `三百` → 300, `一万两千` → 12000, `8万` → 80000, `１２` → 12,
    `一万万` → 1e8 (an old way to write 亿, which cn2an refuses).
    """
    text = to_half_width(written.strip()).replace(",", "").replace("万万", "亿")
    if not text:
        return None
    factor = 1.0
    for word in sorted(MULTIPLIERS, key=len, reverse=True):
        if text.endswith(word) and len(text) > len(word) and text[-len(word) - 1].isdigit():
            text, factor = text[: -len(word)], MULTIPLIERS[word]
            break
    try:
        return float(text) * factor
    except ValueError:
        pass
    try:
        return float(_cn2an().cn2an(text, "smart")) * factor
    except (ValueError, KeyError, IndexError, TypeError):
        return None


@lru_cache(maxsize=1024)
def parse_rank(written: str) -> int | None:
    """The place of a ranking phrase: `全市第一` → 1, `第3名` → 3, `全能亚军` → 2; else None."""
    for word, place in PLACINGS.items():
        if written.endswith(word):
            return place
    match = re.search(rf"第({_ARABIC}|[{CHINESE_DIGITS}]+)", to_half_width(written))
    if match is None:
        return None
    number = parse_numeral(match.group(1))
    return int(number) if number is not None else None


_RANK = re.compile(
    r"(?:全市|全省|全国|全区|全县|排名|位居|位列)第(?:\d++|[一二三四五六七八九十]++)(?![个届次批家项位])名?"
    r"|第(?:\d++|[一二三四五六七八九十]++)名"
    rf"|(?:全能|综合|团体|总|全市|全省|全国|全区)(?:{'|'.join(PLACINGS)})"
)
_PREFIXES_LONGEST_FIRST = tuple(sorted(PREFIX_QUALIFIERS, key=len, reverse=True))


@lru_cache(maxsize=8)
def quantity_pattern(written_units: tuple[str, ...]) -> re.Pattern[str]:
    """A regex for `numeral [multiplier] [余] unit [suffix qualifier]`; prefix qualifiers (突破, 近) are
    looked up before the match, so that the regex starts with a digit class and scans fast."""
    units = "|".join(re.escape(u) for u in sorted(written_units, key=len, reverse=True))
    suffixes = "|".join(sorted(SUFFIX_QUALIFIERS, key=len, reverse=True))
    return re.compile(
        rf"(?P<number>{_ARABIC}|{_CHINESE})"
        rf"(?P<multiplier>{_MULTIPLIER})?"
        r"[ \u00a0]?"  # web copies: 5.4 %
        rf"(?P<about>余|多)?"
        rf"(?P<unit>{units})"
        rf"(?P<suffix>{suffixes})?"
    )


def find_quantities(text: str, unit_factors: dict[str, tuple[str, float]]) -> list[Quantity]:
    """Every figure with a unit (or a ranking) in `text`, left to right.

    `unit_factors` maps a written unit to (base unit id, factor), as `Catalog.unit_factors`.
    Bare numbers without a unit (years, codes, headings) are not returned: `numeric_mentions` finds those.
    """
    ranks = [rank for m in _RANK.finditer(text) if (rank := _rank(m)) is not None]
    found = list(ranks)
    for match in quantity_pattern(tuple(unit_factors)).finditer(text):
        quantity = _quantity(text, match, unit_factors)
        if quantity and not _overlaps(ranks, quantity):
            found.append(quantity)
    found.sort(key=lambda q: q.start)
    if _RANGE_MARKS.search(text):
        found = _with_ranges(text, found)
    return _with_shared_units(text, found) if _LIST_MARKS.search(text) else found


def _overlaps(ranks: list[Quantity], quantity: Quantity) -> bool:
    """Whether `quantity` overlaps one of `ranks` (left to right, apart): the last rank to start before its
    end ends after its start."""
    before = bisect.bisect_left(ranks, quantity.end, key=lambda r: r.start) - 1
    return before >= 0 and ranks[before].end > quantity.start


_LIST_MARKS = re.compile(r"\d[、和及与]\d")
# Figures listed before the one that writes the unit: 0.3、2.1和2.9个百分点, 8.1和6.5%.
_SHARED_UNIT_LIST = re.compile(rf"(?:{_ARABIC}[、和及与])+$")
_LISTED_NUMBER = re.compile(_ARABIC)


def _with_shared_units(text: str, found: list[Quantity]) -> list[Quantity]:
    """`分别增长8.1和6.5%`: each bare figure of the list takes the unit (and multiplier) of the last one."""
    out: list[Quantity] = []
    for quantity in found:
        listed = (
            None
            if quantity.unit == "rank"
            else _SHARED_UNIT_LIST.search(text, max(0, quantity.start - 60), quantity.start)
        )
        if listed and not (out and out[-1].end > listed.start()):
            out += [
                _same_unit_as(quantity, number)
                for number in _LISTED_NUMBER.finditer(text, listed.start(), listed.end())
            ]
        out.append(quantity)
    return out


_RANGE_MARKS = re.compile(r"[—–\-~～至]")
# The lower bound of a range right before a figure: 5—6%, 5%—6%, 300至400亿元.
_RANGE_LOW = re.compile(
    rf"(?P<low>{_ARABIC})(?P<unit>[^\d\s—–\-~～至]{{0,6}}?)[ ]?(?:—{{1,2}}|[–\-~～至])[ ]?$"
)


def _with_ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """A range `5%—6%` or `5—6%` is two figures: the lower bound (at_least) and the upper one (within)."""
    out: list[Quantity] = []
    for quantity in found:
        low = _RANGE_LOW.search(text, max(0, quantity.start - 24), quantity.start)
        if (
            not low
            or quantity.qualifier
            or quantity.unit == "rank"
            or low.group("unit") not in ("", quantity.written_unit)
        ):
            out.append(quantity)
            continue
        if out and out[-1].start == low.start():  # 5%—6%: the lower bound was found with its unit
            out[-1] = replace(out[-1], qualifier="at_least")
        else:
            out.append(_lower_bound(low, quantity))
        out.append(replace(quantity, qualifier="within"))
    return out


def _same_unit_as(written_with_unit: Quantity, bare: re.Match[str]) -> Quantity:
    """A bare figure (`8.1` in `8.1和6.5%`) in the unit and multiplier of the figure that writes them."""
    return _scaled_like(written_with_unit, bare.group(), bare.start(), bare.end(), None)


def _lower_bound(low: re.Match[str], high: Quantity) -> Quantity:
    """The bare lower bound of `5—6%`, in the unit and multiplier of the upper one."""
    return _scaled_like(high, low.group("low"), low.start(), low.end("low"), "at_least")


def _scaled_like(high: Quantity, written: str, start: int, end: int, qualifier: str | None) -> Quantity:
    numeral = parse_numeral(written) or 0.0
    high_digits = _LISTED_NUMBER.search(to_half_width(high.written))
    high_numeral = parse_numeral(high_digits.group()) if high_digits else None
    scale = high.value / high_numeral if high_numeral else 1.0
    multiplier = high.number / high_numeral if high_numeral else 1.0
    return Quantity(
        start=start,
        end=end,
        written=written,
        number=numeral * multiplier,
        value=_round(numeral * scale),
        unit=high.unit,
        written_unit=high.written_unit,
        qualifier=qualifier,
        is_chinese_numeral=False,
    )


def _rank(match: re.Match[str]) -> Quantity | None:
    place = parse_rank(match.group())
    if place is None:
        return None
    return Quantity(
        match.start(), match.end(), match.group(), float(place), float(place), "rank", "", None, False
    )


def _quantity(text: str, match: re.Match[str], unit_factors: dict[str, tuple[str, float]]) -> Quantity | None:
    number = parse_numeral(match.group("number"))
    if number is None:
        return None
    start = match.start()
    if _is_minus_sign(text, start):  # 增长-5.2%: a negative figure; 5-6% is a range, 0731-2234 a phone
        start -= 1
        number = -number
    qualifier = None
    prefix = next((p for p in _PREFIXES_LONGEST_FIRST if text.endswith(p, 0, start)), None)
    if prefix:
        start -= len(prefix)
        qualifier = PREFIX_QUALIFIERS[prefix]
    multiplier = MULTIPLIERS.get(match.group("multiplier") or "", 1.0)
    written_unit = match.group("unit")
    base_unit, factor = unit_factors[written_unit]
    if match.group("about"):
        qualifier = SUFFIX_QUALIFIERS[match.group("about")]
    if match.group("suffix"):
        qualifier = SUFFIX_QUALIFIERS[match.group("suffix")]
    is_chinese = to_half_width(match.group("number"))[0] not in "0123456789"
    return Quantity(
        start=start,
        end=match.end(),
        written=text[start : match.end()],
        number=number * multiplier,
        value=_round(number * multiplier * factor),
        unit=base_unit,
        written_unit=written_unit,
        qualifier=qualifier,
        is_chinese_numeral=is_chinese,
    )


_MINUS_SIGNS = "-－−"


def _is_minus_sign(text: str, start: int) -> bool:
    """A minus sign right before the figure at `start`, not a dash between two figures (5-6%, 5%-6%)."""
    if start == 0 or text[start - 1] not in _MINUS_SIGNS:
        return False
    before = text[start - 2 : start - 1]
    return not (before.isdigit() or before in ("%", "％") or before.isalpha() and before.isascii())


def _round(value: float) -> float:
    """Strip binary noise from decimal arithmetic: 31.4 * 1e8 → 3140000000.0, not 3140000000.0000005; 328.6 *
    1e8 → 32860000000.0, not 32860000000.000004 (12 significant digits are more than any report writes)."""
    return float(f"{value:.12g}") + 0.0  # + 0.0: no negative zero (-0亿元)


_NUMERIC_MENTION = re.compile(rf"{_ARABIC}|{_CHINESE}")


def numeric_mentions(text: str) -> list[tuple[int, int]]:
    """Spans of every run of digits or Chinese numerals, fact or not (for coverage and exclusion checks)."""
    return [match.span() for match in _NUMERIC_MENTION.finditer(text)]
