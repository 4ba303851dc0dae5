"""The KPI cards of the overview, chosen from the headline indicators' facts (pure: rows in, cards out).

For each headline indicator the card shows its latest actual figure (a single year before a multi-year
span), and as delta the comparison that matters, first that exists of:
1. the target for the same period: 较2023年目标 +2个 / vs 2023 target +2 items, green when met, red when
   missed, no arrow (a gap to a target is not a change over time);
2. the next target set after it (the report's goal for the coming year): 较2024年目标 -1.6个百分点 /
   vs 2024 target -1.6 pp, grey and without arrow (a later year's goal is neither met nor missed yet);
3. the actual figure of the previous period: 较2022年 -3个 / vs 2022 -3 items, the one change over time,
   with an arrow up or down.
The difference is always the card's value minus the figure it is compared with, and the delta names that
figure, so it reads on its own. An indicator with targets but no actual yet says so and names its next
target.

The rows are plain dicts: a few dozen of them, so Python beats DataFrame operations by two orders of
magnitude, and the cards are the first thing the overview paints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard import formatting, i18n

Row = dict[str, Any]


@dataclass(frozen=True)
class Quote:
    text: str  # the sentence, its whitespace collapsed
    source: str  # 《title》，publisher，date / “title”, publisher, date


@dataclass(frozen=True)
class Card:
    indicator_id: str
    label: str
    value: str
    delta: str | None  # names what the value is compared with: 较2024年目标 -1.6个百分点
    delta_color: str  # green | red | gray: st.metric would judge a string delta by a leading "-" only
    delta_arrow: str  # up | down | off: an arrow only for a change since an earlier period
    note: str  # what the value is and the figure the delta compares it with
    quotes: tuple[Quote, ...]  # the sentences the value and the compared figure come from
    fact_id: str  # the fact behind the value (or behind the note when no actual exists)
    doc_id: str
    has_text: bool


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _fmt(row: Row, lang: str) -> str:
    return formatting.value(row["value"], row["unit"], lang, _text(row["qualifier"]))


def _label(row: Row, lang: str) -> str:
    return formatting.indicator_label(row[f"indicator_{i18n.suffix(lang)}"], row["measure"], lang)


def _period_note(row: Row, lang: str) -> str:
    """What the value is: "2023年实绩" / "2023 actual"."""
    period = formatting.period(int(row["period_start"]), int(row["period_end"]), lang)
    kind = i18n.code_name("kinds", row["kind"], lang)
    return f"{period} {kind.lower()}" if lang == "en" else f"{period}{kind}"


def _compared_note(row: Row, lang: str) -> str:
    """The figure a delta compares with: "2024年目标 7%左右" / "2022 actual 28"."""
    if row["kind"] != "target":
        return f"{_period_note(row, lang)} {_fmt(row, lang)}"
    period = formatting.period(int(row["period_start"]), int(row["period_end"]), lang)
    return f"{i18n.t('kpi.target_of', lang, period=period)} {_fmt(row, lang)}"


def _source_line(row: Row, lang: str) -> str:
    title = str(row["doc_title"])
    parts = [f"《{title}》" if lang == "zh" else f"“{title}”"]
    if _text(row.get("publisher")):
        parts.append(row["publisher"])
    if row.get("meeting_date") is not None and not pd.isna(row["meeting_date"]):
        parts.append(str(row["meeting_date"])[:10])
    return ", ".join(parts) if lang == "en" else "，".join(parts)


def _quote(row: Row, lang: str) -> Quote:
    return Quote(" ".join(str(row["quote"]).split()), _source_line(row, lang))


def _int(value: object, missing: int) -> int:
    return missing if value is None or pd.isna(value) else int(value)


def _newest_first(rows: Iterable[Row]) -> list[Row]:
    """Latest final year, then a single year before a span, the newest report, text order, id."""
    return sorted(
        rows,
        key=lambda r: (
            -r["period_end"],
            r["period_end"] - r["period_start"],
            -_int(r["report_year"], -1),
            _int(r.get("char_start"), 1 << 40),
            r["fact_id"],
        ),
    )


def latest_actual(rows: Sequence[Row]) -> Row | None:
    ranked = _newest_first(r for r in rows if r["kind"] == "actual")
    return ranked[0] if ranked else None


@dataclass(frozen=True)
class Comparison:
    delta: str
    color: str  # green | red | gray
    arrow: str  # up | down | off
    other: Row  # the fact compared with


def _delta(key: str, actual: Row, other: Row, lang: str) -> str:
    """较2024年目标 -1.6个百分点 / vs 2024 target -1.6 pp: the card's value minus `other`, named."""
    diff = formatting.difference(actual["value"] - other["value"], actual["unit"], lang)
    period = formatting.period(int(other["period_start"]), int(other["period_end"]), lang)
    return i18n.t(key, lang, period=period, diff=diff)


def _judged(diff: float, lower_is_better: bool) -> str:
    """green when the actual reaches the target (at most it, for 以内 and ranks), else red."""
    return "green" if (diff <= 0 if lower_is_better else diff >= 0) else "red"


def _comparison(rows: Sequence[Row], actual: Row, lang: str) -> Comparison | None:
    """The delta of one actual figure: its own period's target, else the next target, else the previous
    period's actual (see the module docstring)."""
    like = [r for r in rows if r["measure"] == actual["measure"] and r["unit"] == actual["unit"]]
    targets = [r for r in like if r["kind"] == "target"]
    span = (actual["period_start"], actual["period_end"])
    same = _newest_first(r for r in targets if (r["period_start"], r["period_end"]) == span)
    if same:
        target = same[0]
        lower_is_better = _text(target["qualifier"]) == "within" or actual["measure"] == "rank"
        color = _judged(actual["value"] - target["value"], lower_is_better)
        return Comparison(_delta("kpi.delta.target", actual, target, lang), color, "off", target)
    later = sorted(
        (r for r in targets if r["period_start"] > actual["period_end"]),
        key=lambda r: (r["period_start"], -_int(r["report_year"], -1), r["fact_id"]),
    )
    if later:
        return Comparison(_delta("kpi.delta.target", actual, later[0], lang), "gray", "off", later[0])
    length = actual["period_end"] - actual["period_start"]
    earlier = _newest_first(
        r
        for r in like
        if r["kind"] == "actual"
        and r["period_end"] < actual["period_end"]
        and r["period_end"] - r["period_start"] == length
    )
    if not earlier:
        return None
    previous = earlier[0]
    diff = actual["value"] - previous["value"]
    if diff == 0:
        return Comparison(_delta("kpi.delta.previous", actual, previous, lang), "gray", "off", previous)
    color = _judged(diff, lower_is_better=actual["measure"] == "rank")
    arrow = "up" if diff > 0 else "down"
    return Comparison(_delta("kpi.delta.previous", actual, previous, lang), color, arrow, previous)


def _card(indicator_id: str, rows: Sequence[Row], lang: str) -> Card | None:
    actual = latest_actual(rows)
    if actual is None:
        targets = _newest_first(r for r in rows if r["kind"] == "target")
        if not targets:
            return None
        target = targets[0]
        return Card(
            indicator_id=indicator_id,
            label=_label(target, lang),
            value="—",
            delta=None,
            delta_color="gray",
            delta_arrow="off",
            note=f"{i18n.t('kpi.no_actual', lang)} · {_compared_note(target, lang)}",
            quotes=(_quote(target, lang),),
            fact_id=str(target["fact_id"]),
            doc_id=str(target["doc_id"]),
            has_text=bool(target["has_text"]),
        )
    comparison = _comparison(rows, actual, lang)
    other = comparison.other if comparison is not None else None
    quotes = (_quote(actual, lang),) + ((_quote(other, lang),) if other is not None else ())
    shown, unit_word = formatting.compact(actual["value"], actual["unit"], lang, _text(actual["qualifier"]))
    compared = _compared_note(other, lang) if other is not None else None
    return Card(
        indicator_id=indicator_id,
        label=_label(actual, lang),
        value=shown,
        delta=comparison.delta if comparison is not None else None,
        delta_color=comparison.color if comparison is not None else "gray",
        delta_arrow=comparison.arrow if comparison is not None else "off",
        note=" · ".join(x for x in (unit_word, _period_note(actual, lang), compared) if x),
        quotes=quotes,
        fact_id=str(actual["fact_id"]),
        doc_id=str(actual["doc_id"]),
        has_text=bool(actual["has_text"]),
    )


def cards(facts: pd.DataFrame, indicators: tuple[str, ...], lang: str) -> list[Card]:
    """One card per headline indicator that has any actual or target fact, in catalog order."""
    by_indicator: dict[str, list[Row]] = {}
    for row in facts.to_dict("records"):
        by_indicator.setdefault(row["indicator_id"], []).append(row)
    result = []
    for indicator_id in indicators:
        card = _card(indicator_id, by_indicator.get(indicator_id, []), lang)
        if card is not None:
            result.append(card)
    return result
