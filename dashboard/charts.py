"""DataFrame -> Vega-Lite spec (a dict for `st.vega_lite_chart`), pure: no Streamlit, no database.

The Trends charts are Vega-Lite, which Streamlit loads as about 0.8 MB of front-end code, not Plotly's
4.7 MB: a visitor's browser spends most of a chart page's time compiling that code (bench/README.md).
Every mark carries its fact id and document (the `pick` selection returns them, for the link to its
passage) and its quote in the tooltip. Sparse data stay sparse: points for single years, bars for periods,
no lines drawn between years the sources do not connect. The data travel inside the spec.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from dashboard import formatting, i18n

SECTOR_COLORS: dict[str, str] = {
    "economy": "#b4232c",
    "aviation": "#1f5fa8",
    "apparel": "#c2548f",
    "new_materials": "#6a51a3",
    "innovation": "#2a9d8f",
    "business_environment": "#e07b24",
    "culture_tourism": "#d4a017",
    "education": "#4f8a3c",
    "health": "#0f8b8d",
    "employment_social": "#8c6d31",
    "environment": "#3f9b4f",
    "agriculture": "#7a9a01",
    "urban_development": "#5b6770",
    "governance": "#7b3f61",
}
NO_SECTOR_COLOR = "#9aa0a6"
# Actuals are filled dots; goals open shapes, so a target and an actual of one year stay apart.
KIND_STYLE: dict[str, dict[str, object]] = {
    "actual": {"shape": "circle", "color": "#1f3b57", "filled": True},
    "target": {"shape": "diamond", "color": "#b4232c", "filled": False},
    "plan": {"shape": "square", "color": "#e07b24", "filled": False},
}
PICK = "pick"  # the selection parameter of every clickable layer (`pick`, `pick_1`, … when several)
LEVEL_INSIDE = 40  # % of its goal from which a cluster's level is written inside its bar
LABEL_LINES = "split(datum.label, '\\n')"  # an axis label of several lines: its text joined by \n


def axis_scale(unit: str, lang: str) -> tuple[float, str]:
    """(divisor, axis title) for plotting values of `unit` in the units people read."""
    if unit == "yuan":
        return (1e9, "billion yuan") if lang == "en" else (1e8, "亿元")
    if unit == "percent":
        return 1.0, "%"
    unit_names = formatting.unit_names()
    zh, en = unit_names.get(unit, (unit, unit))
    return 1.0, en if lang == "en" else zh


def picked(selection: object) -> tuple[str, str] | None:
    """(fact_id, doc_id) of the mark a user clicked, from the selection state of a chart of this module
    (`event.selection`: each `pick…` parameter holds a list of the clicked marks' fields)."""
    for name, marks in dict(selection or {}).items():
        if not str(name).startswith(PICK):
            continue
        for mark in marks or ():
            if isinstance(mark, dict) and mark.get("fact_id") and mark.get("doc_id"):
                return str(mark["fact_id"]), str(mark["doc_id"])
    return None


def _tip(value_text: str, quote: str, title: str, lang: str) -> str:
    """The tooltip of a fact: its value as written, the quote, and the document (lines of pre-line text)."""
    return f"{value_text}\n“{quote}”\n{i18n.t('source.document', lang)}: {title}"


def _kind_scale(kinds: Iterable[str], lang: str, what: str = "color") -> dict:
    present = [k for k in KIND_STYLE if k in set(kinds)]
    values = [KIND_STYLE[k]["shape" if what == "shape" else "color"] for k in present]
    return {"domain": [i18n.code_name("kinds", k, lang) for k in present], "range": values}


def _year_axis(starts: Iterable[float], ends: Iterable[float], title: str, pad: float) -> dict:
    """An x encoding in years: a tick per year, the data's span plus `pad` on both sides."""
    lo, hi = math.floor(min(starts)), math.ceil(max(ends))
    return {
        "type": "quantitative",
        "scale": {"domain": [lo - pad, hi + pad], "nice": False, "zero": False},
        "axis": {"values": list(range(lo, hi + 1)), "format": "d", "title": title, "labelOverlap": True},
    }


def _spec(rows: list[dict], layers: list[dict], height: object, title: str) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": title,
        "data": {"values": rows},
        "height": height,
        "width": "container",
        "layer": layers,
    }


def _pick(name: str) -> dict:
    """A click selects one mark; its fact and document come back to Streamlit."""
    return {"name": name, "select": {"type": "point", "fields": ["fact_id", "doc_id"], "on": "click"}}


def actual_vs_target(df: pd.DataFrame, unit: str, lang: str) -> dict:
    """One indicator over the years: actuals as filled dots, targets as open diamonds and plans as open
    squares; figures of several years as bars spanning their period. Nothing joins the points."""
    divisor, axis_title = axis_scale(unit, lang)
    kind_name = {k: i18n.code_name("kinds", k, lang) for k in KIND_STYLE}
    rows = [
        {
            "fact_id": r.fact_id,
            "doc_id": r.doc_id,
            "kind": kind_name.get(r.kind, r.kind),
            "filled": bool(KIND_STYLE.get(r.kind, KIND_STYLE["actual"])["filled"]),
            "span": bool(r.period_start < r.period_end),
            "x0": float(r.period_start - 0.4 if r.period_start < r.period_end else r.period_end),
            "x1": float(r.period_end + 0.4 if r.period_start < r.period_end else r.period_end),
            "y": float(r.value) / divisor,
            "tip": _tip(r.value_text, r.quote, r.doc_title, lang),
        }
        for r in df.itertuples(index=False)
    ]
    legend = {
        "title": None,
        "orient": "top",
        "symbolOpacity": 1,
        "symbolStrokeWidth": 2,
    }  # not the spans' 0.45
    color = {"field": "kind", "type": "nominal", "scale": _kind_scale(df["kind"], lang), "legend": legend}
    x = _year_axis(df["period_start"], df["period_end"], i18n.t("col.year", lang), pad=0.7)
    y = {"field": "y", "type": "quantitative", "title": axis_title, "scale": {"zero": True}}
    spans = {
        "transform": [{"filter": "datum.span"}],
        "params": [_pick(f"{PICK}_span")],
        "mark": {"type": "rule", "strokeWidth": 8, "opacity": 0.45, "cursor": "pointer"},
        "encoding": {"x": {"field": "x0", **x}, "x2": {"field": "x1"}, "y": y, "color": color,
                     "tooltip": {"field": "tip"}},
    }  # fmt: skip
    points = {
        "transform": [{"filter": "!datum.span"}],
        "params": [_pick(PICK)],
        "mark": {"type": "point", "size": 170, "strokeWidth": 2, "opacity": 1, "cursor": "pointer"},
        "encoding": {
            "x": {"field": "x0", **x},
            "y": y,
            "color": color,
            "shape": {"field": "kind", "type": "nominal", "scale": _kind_scale(df["kind"], lang, "shape"),
                      "legend": legend},
            # filled: the kind's colour; open: white inside, so a target over an actual stays visible
            "fill": {"condition": {"test": "datum.filled", "field": "kind", "type": "nominal",
                                   "scale": _kind_scale(df["kind"], lang), "legend": None},
                     "value": "white"},
            "tooltip": {"field": "tip"},
        },
    }  # fmt: skip
    return _spec(rows, [spans, points], 360, axis_title)


def period_bars(df: pd.DataFrame, lang: str) -> dict:
    """Multi-year figures as bars from the first to the last year they cover, labelled with the value; a
    row per indicator and measure (a level and a growth rate of one period must not share a row)."""
    name_col = f"indicator_{i18n.suffix(lang)}"
    rows = [
        {
            "fact_id": r["fact_id"],
            "doc_id": r["doc_id"],
            "row": "\n".join(
                formatting.text_lines(formatting.indicator_label(r[name_col], r["measure"], lang), 14, 28)
            ),
            "kind": i18n.code_name("kinds", r["kind"], lang),
            "x0": float(r["period_start"]) - 0.45,
            "x1": float(r["period_end"]) + 0.45,
            "mid": (float(r["period_start"]) + float(r["period_end"])) / 2,
            "label": formatting.value(
                r["value"], r["unit"], lang, r["qualifier"] if isinstance(r["qualifier"], str) else None
            ),
            "tip": _tip(r["value_text"], r["quote"], r["doc_title"], lang),
        }
        for _, r in df.iterrows()
    ]
    order = list(dict.fromkeys(row["row"] for row in rows))
    y = {"field": "row", "type": "nominal", "sort": order, "title": None,
         "axis": {"labelExpr": LABEL_LINES, "labelLimit": 0}}  # fmt: skip
    x = _year_axis(df["period_start"], df["period_end"], i18n.t("col.period", lang), pad=0.6)
    bars = {
        "params": [_pick(PICK)],
        "mark": {"type": "bar", "height": {"band": 0.6}, "opacity": 0.75, "cursor": "pointer"},
        "encoding": {
            "x": {"field": "x0", **x},
            "x2": {"field": "x1"},
            "y": y,
            "color": {"field": "kind", "type": "nominal", "scale": _kind_scale(df["kind"], lang),
                      "legend": {"title": None, "orient": "top"}},
            "tooltip": {"field": "tip"},
        },
    }  # fmt: skip
    labels = {
        "mark": {"type": "text", "color": "white", "fontWeight": "bold"},
        "encoding": {"x": {"field": "mid", **x}, "y": y, "text": {"field": "label"},
                     "tooltip": {"field": "tip"}},
    }  # fmt: skip
    return _spec(rows, [bars, labels], {"step": 46}, i18n.t("trends.spans", lang))


def cluster_goals(df: pd.DataFrame, lang: str) -> dict:
    """Each cluster against its own goal: the goal is the full outlined bar (100%), the latest known
    level fills its share of it, or a note says no level has been reported. The goals differ by an order
    of magnitude (100亿 to 1500亿), so one shared axis would hide the small ones; the goal is written in
    the row's label, where it cannot collide with the level or the note on a narrow screen."""
    s = i18n.suffix(lang)
    rows = []
    for _, r in df.iterrows():
        qualifier = r["qualifier"] if isinstance(r["qualifier"], str) else None
        goal = f"{i18n.t('col.goal', lang)} {formatting.value(r['value'], 'yuan', lang, qualifier)}"
        known = pd.notna(r["level_value"])
        rows.append(
            {
                "fact_id": r["fact_id"],
                "doc_id": r["doc_id"],
                "row": "\n".join(
                    [str(r[f"sector_{s}"]), formatting.period(r["period_start"], r["period_end"], lang), goal]
                ),
                "color": SECTOR_COLORS.get(r["sector_id"], NO_SECTOR_COLOR),
                "share": min(100.0, 100 * r["level_value"] / r["value"]) if known else None,
                "level": (
                    f"{formatting.value(r['level_value'], 'yuan', lang)} ({int(r['level_year'])})"
                    if known
                    else i18n.t("trends.no_level", lang)
                ),
                "tip": _tip(r["value_text"], r["quote"], r["doc_title"], lang),
                "level_tip": f"“{r['level_quote']}”" if known else i18n.t("trends.no_level", lang),
            }
        )
    y = {"field": "row", "type": "nominal", "sort": None, "title": None,
         "axis": {"labelExpr": LABEL_LINES, "labelLimit": 0}}  # fmt: skip
    x = {"type": "quantitative", "scale": {"domain": [0, 102], "nice": False},
         "axis": {"title": i18n.t("spatial.progress", lang), "labelExpr": "datum.value + '%'",
                  "values": [0, 20, 40, 60, 80, 100]}}  # fmt: skip
    goal = {
        "mark": {"type": "bar", "height": {"band": 0.6}, "fill": "transparent", "strokeWidth": 2},
        "encoding": {"x": {"datum": 100, **x}, "x2": {"datum": 0}, "y": y,
                     "stroke": {"field": "color", "type": "nominal", "scale": None},
                     "tooltip": {"field": "tip"}},
    }  # fmt: skip
    level = {
        "transform": [{"filter": "datum.share !== null"}],
        "mark": {"type": "bar", "height": {"band": 0.6}},
        "encoding": {"x": {"field": "share", **x}, "x2": {"datum": 0}, "y": y,
                     "fill": {"field": "color", "type": "nominal", "scale": None},
                     "tooltip": {"field": "level_tip"}},
    }  # fmt: skip
    # The level in white inside a bar long enough to hold it, else in dark grey just after the bar; the
    # note in grey italics at the start of an empty goal.
    inside = f"datum.share !== null && datum.share >= {LEVEL_INSIDE}"
    text = {
        "transform": [{"calculate": f"{inside} ? 0 : (datum.share || 0)", "as": "at"}],
        "mark": {"type": "text", "align": "left", "dx": 8},
        "encoding": {
            "x": {"field": "at", **x},
            "y": y,
            "text": {"field": "level"},
            "color": {"condition": {"test": inside, "value": "white"}, "value": "#3d4852"},
            "fontStyle": {
                "condition": {"test": "datum.share !== null", "value": "normal"},
                "value": "italic",
            },
            "tooltip": {"field": "level_tip"},
        },
    }
    return _spec(rows, [goal, level, text], {"step": 84}, i18n.t("trends.clusters", lang))
