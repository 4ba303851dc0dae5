"""Query results -> the tables people read: names in the chosen language, values with units (pure)."""

from __future__ import annotations

import pandas as pd

from dashboard import formatting, i18n


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
