"""Query results -> the tables people read: names in the chosen language, values with units (pure)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import pandas as pd

from dashboard import charts, formatting, i18n


def _qualifier(q: object) -> str | None:
    return q if isinstance(q, str) else None


def _values(df: pd.DataFrame, lang: str, value: str = "value", qualifier: str = "qualifier") -> list[str]:
    return [
        formatting.value(v, u, lang, _qualifier(q))
        for v, u, q in zip(df[value], df["unit"], df[qualifier], strict=True)
    ]


def _periods(df: pd.DataFrame, lang: str) -> list[str]:
    return [
        formatting.period(int(a), int(b), lang)
        for a, b in zip(df["period_start"], df["period_end"], strict=True)
    ]


def facts(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Indicator, sector, kind, measure, value, as written, period, quote, document, ids."""
    s = i18n.suffix(lang)
    return pd.DataFrame(
        {
            i18n.t("col.indicator", lang): df[f"indicator_{s}"],
            i18n.t("col.sector", lang): df[f"sector_{s}"],
            i18n.t("col.kind", lang): [i18n.code_name("kinds", k, lang) for k in df["kind"]],
            i18n.t("col.measure", lang): [i18n.code_name("measures", m, lang) for m in df["measure"]],
            i18n.t("col.value", lang): _values(df, lang),
            i18n.t("col.value_text", lang): df["value_text"],
            i18n.t("col.period", lang): _periods(df, lang),
            i18n.t("col.quote", lang): df["quote"],
            i18n.t("col.document", lang): df["doc_title"],
            "fact_id": df["fact_id"],
        }
    )


def targets(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Targets with status and the latest actual figure of the same indicator and measure."""
    s = i18n.suffix(lang)
    latest = [
        f"{formatting.value(v, u, lang, _qualifier(q))} ({int(y)})" if pd.notna(v) else ""
        for v, u, q, y in zip(
            df["latest_value"], df["unit"], df["latest_qualifier"], df["latest_year"].fillna(0), strict=True
        )
    ]
    return pd.DataFrame(
        {
            i18n.t("col.status", lang): [status_label(x, lang) for x in df["status"]],
            i18n.t("col.indicator", lang): df[f"indicator_{s}"],
            i18n.t("col.goal", lang): _values(df, lang),
            i18n.t("col.period", lang): _periods(df, lang),
            i18n.t("col.year", lang): df["period_end"].astype(int),
            i18n.t("col.sector", lang): df[f"sector_{s}"],
            i18n.t("col.kind", lang): [i18n.code_name("kinds", k, lang) for k in df["kind"]],
            i18n.t("col.latest_actual", lang): latest,
            i18n.t("col.quote", lang): df["quote"],
            i18n.t("col.document", lang): df["doc_title"],
            "fact_id": df["fact_id"],
        }
    )


def status_label(status: str, lang: str) -> str:
    return i18n.t(f"status.{status}", lang)


def entities(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Name, type, sector, progress, (how often mentioned, when the rows are grouped by name), quote,
    document."""
    s = i18n.suffix(lang)
    columns = {
        i18n.t("col.name", lang): df["name_zh"],
        i18n.t("col.type", lang): [i18n.label("etype", x, lang) for x in df["type"]],
        i18n.t("col.sector", lang): df[f"sector_{s}"],
        i18n.t("col.entity_status", lang): [i18n.label("estatus", x, lang) for x in df["status"]],
    }
    if "mentions" in df:
        columns[i18n.t("col.mentions", lang)] = df["mentions"].astype(int)
    columns[i18n.t("col.quote", lang)] = df["quote"]
    columns[i18n.t("col.document", lang)] = df["doc_title"]
    return pd.DataFrame(columns)


def document_labels(docs: pd.DataFrame, home_region: str) -> dict[str, str]:
    """doc_id -> what the document picker shows: the title and report year, and in front the place a
    document is about when it is not `home_region` ([青溪县] …), so another place's report is not taken
    for the district's."""
    labels = {}
    for doc_id, title, year, region in zip(
        docs["doc_id"], docs["title"], docs["report_year"], docs["region"], strict=True
    ):
        label = f"{title} ({int(year)})" if pd.notna(year) else str(title)
        labels[doc_id] = label if region == home_region else f"[{region}] {label}"
    return labels


def sector_counts(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Facts per sector and kind: a row per sector (most facts first), a column per kind that has any."""
    counts: dict[str, dict[str, int]] = {}
    for name, kind, n in zip(df[f"sector_{i18n.suffix(lang)}"], df["kind"], df["n"], strict=True):
        row = counts.setdefault(name, {})
        row[kind] = row.get(kind, 0) + int(n)
    kinds = [k for k in charts.KIND_STYLE if any(k in row for row in counts.values())]
    order = sorted(counts, key=lambda name: (-sum(counts[name].values()), name))
    return pd.DataFrame(
        {i18n.t("col.sector", lang): order} | {k: [counts[name].get(k, 0) for name in order] for k in kinds}
    )


# Plain HTML (st.html) for the Overview's two summaries: an st.dataframe's front-end code (1.2 MB) was what
# kept the first KPI card over 1.3x the bare-Streamlit floor, and its grid was a third of a filter
# change's redraw (bench/README.md). The Data and Targets pages keep the sortable tables.
_BARS_STYLE = """<style>
.lusong-bars {width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 0.9rem}
.lusong-bars th, .lusong-bars td {padding: 0.3rem 0.5rem; text-align: left;
  border-bottom: 1px solid rgba(49, 51, 63, 0.1)}
.lusong-bars tbody th {font-weight: normal}
.lusong-bars .sector {width: 34%}
.lusong-bars .cell {display: flex; align-items: center; gap: 0.4rem}
.lusong-bars .track {flex: 1 1 auto}
.lusong-bars .bar {display: block; height: 0.75rem}
.lusong-bars .n {flex: 0 0 auto; text-align: right; font-variant-numeric: tabular-nums}
</style>"""
_GOALS_STYLE = """<style>
.lusong-goals {padding-left: 1.4rem; margin: 0}
.lusong-goals li {margin: 0 0 0.6rem 0}
.lusong-goals .meta {color: rgba(49, 51, 63, 0.6)}
.lusong-goals .quote {color: rgba(49, 51, 63, 0.75); font-size: 0.85rem; overflow: hidden;
  display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical}
.lusong-goals a {font-size: 0.85rem}
</style>"""


def sector_bars_html(counts: pd.DataFrame, lang: str) -> str:
    """`sector_counts` as an HTML table: the count of each kind written next to a bar in the kind's chart
    colour, all bars on one scale (the largest count's bar fills its cell, less the room for the numbers)."""
    sector, *kinds = counts.columns
    top = max((int(n) for k in kinds for n in counts[k]), default=0) or 1
    digits = len(str(top))  # every count takes as much room as the largest, so the bars share one scale
    head = "".join(f"<th>{escape(i18n.code_name('kinds', k, lang))}</th>" for k in kinds)
    rows = []
    for name, *numbers in counts.itertuples(index=False):
        cells = "".join(
            f'<td data-kind="{k}" data-n="{int(n)}"><div class="cell"><div class="track"><span class="bar" '
            f'aria-hidden="true" style="width:{100 * int(n) / top:.1f}%;background:'
            f'{charts.KIND_STYLE[k]["color"]}"></span></div>'
            f'<span class="n" style="min-width:{digits}ch">{int(n)}</span></div></td>'
            for k, n in zip(kinds, numbers, strict=True)
        )
        rows.append(f'<tr><th scope="row">{escape(name)}</th>{cells}</tr>')
    return (
        f'{_BARS_STYLE}<table class="lusong-bars"><thead><tr>'
        f'<th class="sector">{escape(sector)}</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def commitments_html(df: pd.DataFrame, lang: str, passage_url: Callable[[str, str], str]) -> str:
    """The targets and plans of a report as a list: indicator, the value aimed at, period, sector and kind,
    the sentence it was stated in (two lines; the whole sentence on hover) and a link to its passage."""
    s = i18n.suffix(lang)
    link = escape(i18n.t("source.link", lang))
    items = []
    for row, value, period in zip(
        df.itertuples(index=False), _values(df, lang), _periods(df, lang), strict=True
    ):
        quote = escape(" ".join(str(row.quote).split()))
        meta = " · ".join([period, getattr(row, f"sector_{s}"), i18n.code_name("kinds", row.kind, lang)])
        items.append(
            f'<li data-fact="{escape(row.fact_id)}"><b>{escape(getattr(row, f"indicator_{s}"))}</b> '
            f'{escape(value)} <span class="meta">· {escape(meta)}</span>'
            f'<div class="quote" title="{quote}">“{quote}”</div>'
            f'<a href="{escape(passage_url(row.doc_id, row.fact_id))}">{link}</a></li>'
        )
    return f'{_GOALS_STYLE}<ol class="lusong-goals">{"".join(items)}</ol>'
