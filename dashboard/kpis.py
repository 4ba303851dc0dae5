"""The KPI cards of the overview, chosen from the headline indicators' facts (pure: DataFrame in, cards out).

For each headline indicator the card shows its latest actual figure (a single year before a multi-year
span), and as delta the comparison that matters, first that exists of:
1. the target for the same period (met or missed),
2. the next target set after it (the report's goal for the coming year), shown without judging colour,
3. the actual figure of the previous period.
An indicator with targets but no actual yet shows its next target as the card's delta and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import formatting, i18n


@dataclass(frozen=True)
class Card:
    indicator_id: str
    label: str
    value: str
    delta: str | None
    delta_color: str  # normal | inverse | off
    note: str  # what the value is and what the delta compares it with
    help: str
    fact_id: str  # the fact behind the value (or behind the delta when no actual exists)
    doc_id: str
    has_text: bool


def _qualifier(row: pd.Series) -> str | None:
    return row["qualifier"] if isinstance(row["qualifier"], str) else None


def _fmt(row: pd.Series, lang: str) -> str:
    return formatting.value(row["value"], row["unit"], lang, _qualifier(row))


def _label(row: pd.Series, lang: str) -> str:
    name = row[f"indicator_{i18n.suffix(lang)}"]
    if row["measure"] == "growth_pct":
        name = f"{name} growth" if lang == "en" else f"{name}增速"
    return name


def _period_note(row: pd.Series, lang: str) -> str:
    """What the value is: "2023年实绩" / "2023 actual"."""
    period = formatting.period(int(row["period_start"]), int(row["period_end"]), lang)
    kind = i18n.code_name("kinds", row["kind"], lang)
    return f"{period} {kind.lower()}" if lang == "en" else f"{period}{kind}"


def _source_line(row: pd.Series, lang: str) -> str:
    title = str(row["doc_title"])
    parts = [f"《{title}》" if lang == "zh" else f"“{title}”"]
    if isinstance(row.get("publisher"), str):
        parts.append(row["publisher"])
    if pd.notna(row.get("meeting_date")):
        parts.append(str(row["meeting_date"])[:10])
    return ", ".join(parts) if lang == "en" else "，".join(parts)


def _quote_md(row: pd.Series, lang: str) -> str:
    quote = " ".join(str(row["quote"]).split())
    return f"“{quote}”  \n— {_source_line(row, lang)}"


def _same_shape(rows: pd.DataFrame, ref: pd.Series) -> pd.DataFrame:
    return rows[(rows["measure"] == ref["measure"]) & (rows["unit"] == ref["unit"])]


def latest_actual(rows: pd.DataFrame) -> pd.Series | None:
    """The latest actual: latest final year, a single year before a span, the newest report, text order."""
    actual = rows[rows["kind"] == "actual"]
    if actual.empty:
        return None
    ranked = actual.assign(_span=actual["period_end"] - actual["period_start"]).sort_values(
        ["period_end", "_span", "report_year", "char_start", "fact_id"],
        ascending=[False, True, False, True, True],
        na_position="last",
        kind="stable",
    )
    return ranked.iloc[0]


def _first(rows: pd.DataFrame, by: list[str], ascending: list[bool]) -> pd.Series | None:
    if rows.empty:
        return None
    return rows.sort_values([*by, "fact_id"], ascending=[*ascending, True], kind="stable").iloc[0]


def _comparison(
    rows: pd.DataFrame, actual: pd.Series, lang: str
) -> tuple[str | None, str | None, str, pd.Series | None]:
    """(delta, description, colour, the fact compared with) for one actual figure."""
    like = _same_shape(rows, actual)
    targets = like[like["kind"] == "target"]
    same = targets[
        (targets["period_start"] == actual["period_start"]) & (targets["period_end"] == actual["period_end"])
    ]
    target = _first(same, ["report_year"], [False])
    if target is not None:
        lower_is_better = _qualifier(target) == "within" or actual["measure"] == "rank"
        delta = formatting.difference(actual["value"] - target["value"], actual["unit"], lang)
        year = int(target["period_end"])
        return (
            delta,
            i18n.t("kpi.vs_target", lang, year=year, target=_fmt(target, lang)),
            ("inverse" if lower_is_better else "normal"),
            target,
        )
    later = targets[targets["period_start"] > actual["period_end"]]
    target = _first(later, ["period_start", "report_year"], [True, False])
    if target is not None:
        delta = formatting.difference(target["value"] - actual["value"], actual["unit"], lang)
        description = (
            f"{i18n.t('kpi.next_target', lang, year=int(target['period_end']))} {_fmt(target, lang)}"
        )
        return delta, description, "off", target
    span = actual["period_end"] - actual["period_start"]
    earlier = like[
        (like["kind"] == "actual")
        & (like["period_end"] < actual["period_end"])
        & (like["period_end"] - like["period_start"] == span)
    ]
    previous = _first(earlier, ["period_end", "report_year"], [False, False])
    if previous is not None:
        delta = formatting.difference(actual["value"] - previous["value"], actual["unit"], lang)
        description = i18n.t(
            "kpi.vs_previous", lang, year=int(previous["period_end"]), value=_fmt(previous, lang)
        )
        return delta, description, "normal", previous
    return None, None, "off", None


def _card(indicator_id: str, rows: pd.DataFrame, lang: str) -> Card | None:
    actual = latest_actual(rows)
    if actual is None:
        target = _first(rows[rows["kind"] == "target"], ["period_end", "report_year"], [False, False])
        if target is None:
            return None
        return Card(
            indicator_id=indicator_id,
            label=_label(target, lang),
            value=i18n.t("kpi.no_actual", lang),
            delta=None,
            delta_color="off",
            note=f"{i18n.t('kpi.next_target', lang, year=int(target['period_end']))}: {_fmt(target, lang)}",
            help=_quote_md(target, lang),
            fact_id=str(target["fact_id"]),
            doc_id=str(target["doc_id"]),
            has_text=bool(target["has_text"]),
        )
    delta, description, color, other = _comparison(rows, actual, lang)
    help_text = _quote_md(actual, lang)
    if other is not None:
        help_text += "\n\n" + _quote_md(other, lang)
    return Card(
        indicator_id=indicator_id,
        label=_label(actual, lang),
        value=_fmt(actual, lang),
        delta=delta,
        delta_color=color,
        note=" · ".join(x for x in (_period_note(actual, lang), description) if x),
        help=help_text,
        fact_id=str(actual["fact_id"]),
        doc_id=str(actual["doc_id"]),
        has_text=bool(actual["has_text"]),
    )


def cards(facts: pd.DataFrame, indicators: tuple[str, ...], lang: str) -> list[Card]:
    """One card per headline indicator that has any actual or target fact, in catalog order."""
    result = []
    for indicator_id in indicators:
        card = _card(indicator_id, facts[facts["indicator_id"] == indicator_id], lang)
        if card is not None:
            result.append(card)
    return result
