"""Query results -> the tables people read: names in the chosen language, values with units (pure)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

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


def commitments(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    s = i18n.suffix(lang)
    return pd.DataFrame(
        {
            i18n.t("col.indicator", lang): df[f"indicator_{s}"],
            i18n.t("col.value", lang): _values(df, lang),
            i18n.t("col.period", lang): _periods(df, lang),
            i18n.t("col.sector", lang): df[f"sector_{s}"],
            i18n.t("col.quote", lang): df["quote"],
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


def sector_counts(df: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Facts per sector and kind as a bar table for `st.dataframe`: a row per sector (most facts first),
    a bar column per kind on one common scale, in the kinds' chart colours.

    A table, not a Plotly figure, so the landing page never loads Plotly's 4.7 MB of front-end code
    (half the Overview's browser time on a first visit; bench/README.md)."""
    counts: dict[str, dict[str, int]] = {}
    for name, kind, n in zip(df[f"sector_{i18n.suffix(lang)}"], df["kind"], df["n"], strict=True):
        row = counts.setdefault(name, {})
        row[kind] = row.get(kind, 0) + int(n)
    kinds = [k for k in charts.KIND_STYLE if any(k in row for row in counts.values())]
    order = sorted(counts, key=lambda name: (-sum(counts[name].values()), name))
    sector = i18n.t("col.sector", lang)
    labels = {k: i18n.code_name("kinds", k, lang) for k in kinds}
    table = pd.DataFrame(
        {sector: order} | {labels[k]: [counts[name].get(k, 0) for name in order] for k in kinds}
    )
    top = max((n for row in counts.values() for n in row.values()), default=0)
    config: dict[str, Any] = {sector: st.column_config.TextColumn(sector, width="medium")}
    for kind in kinds:
        color = str(charts.KIND_STYLE[kind]["color"])
        config[labels[kind]] = st.column_config.ProgressColumn(
            labels[kind], width="small", format="%d", min_value=0, max_value=max(top, 1), color=color
        )
    return table, config
