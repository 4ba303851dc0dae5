"""DataFrame -> plotly Figure, pure: no Streamlit, no database.

Every point carries its fact id and document in `customdata` (for the link to its passage) and its
quote in the hover. Sparse data stay sparse: points for single years, bars for periods, no lines drawn
between years the sources do not connect.
"""

from __future__ import annotations

import html
import json
import math
import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting, i18n

FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"

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
KIND_STYLE: dict[str, dict[str, object]] = {
    "actual": {"symbol": "circle", "color": "#1f3b57"},
    "target": {"symbol": "diamond-open", "color": "#b4232c"},
    "plan": {"symbol": "square-open", "color": "#e07b24"},
}


def wrap(text: str, width: int = 32, limit: int = 240) -> str:
    """Escaped text broken into lines of about `width` characters for a hover label or tick: at spaces
    when the text has words (English), else every `width` characters (CJK has no spaces)."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if " " in text and text.isascii():
        lines = textwrap.wrap(text, width) or [""]
    else:
        lines = [text[i : i + width] for i in range(0, len(text), width)] or [""]
    return "<br>".join(html.escape(line) for line in lines)


def _figure(traces: list[dict], height: int, **layout: object) -> go.Figure:
    """A figure from trace and layout dicts: ten times faster than add_trace/update_layout calls."""
    base = {
        "height": height,
        "margin": {"l": 8, "r": 8, "t": 32, "b": 8},
        "font": {"family": FONT},
        "hoverlabel": {"font": {"family": FONT}, "align": "left"},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": {"text": ""}},
    }
    return go.Figure(data=traces, layout={**base, **layout})


def axis_scale(unit: str, lang: str) -> tuple[float, str]:
    """(divisor, axis title) for plotting values of `unit` in the units people read."""
    if unit == "yuan":
        return (1e9, "billion yuan") if lang == "en" else (1e8, "亿元")
    if unit == "percent":
        return 1.0, "%"
    unit_names = formatting.unit_names()
    zh, en = unit_names.get(unit, (unit, unit))
    return 1.0, en if lang == "en" else zh


def _hover(quote: str, value_text: str, title: str, lang: str) -> str:
    source = i18n.t("source.document", lang)
    return f"<b>{html.escape(value_text)}</b><br>{wrap(quote)}<br><i>{source}: {wrap(title, 40, 80)}</i>"


def actual_vs_target(df: pd.DataFrame, unit: str, lang: str) -> go.Figure:
    """One indicator over the years: actuals as dots, targets as open diamonds, multi-year figures as
    bars spanning their period. Nothing joins the points."""
    divisor, axis_title = axis_scale(unit, lang)
    traces = []
    single = df[df["period_start"] == df["period_end"]]
    for kind, part in single.groupby("kind", sort=False):
        style = KIND_STYLE.get(str(kind), KIND_STYLE["actual"])
        traces.append(
            {
                "type": "scatter",
                "x": part["period_end"].tolist(),
                "y": (part["value"] / divisor).tolist(),
                "mode": "markers",
                "name": i18n.code_name("kinds", str(kind), lang),
                "marker": {
                    "symbol": style["symbol"],
                    "color": style["color"],
                    "size": 13,
                    "line": {"width": 2},
                },
                "customdata": part[["fact_id", "doc_id"]].to_numpy().tolist(),
                "hovertext": [
                    _hover(q, v, t, lang)
                    for q, v, t in zip(part["quote"], part["value_text"], part["doc_title"], strict=True)
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    spans = df[df["period_start"] < df["period_end"]]
    for row in spans.itertuples(index=False):
        style = KIND_STYLE.get(row.kind, KIND_STYLE["actual"])
        period = formatting.period(row.period_start, row.period_end, lang)
        label = f"{i18n.code_name('kinds', row.kind, lang)} {period}"
        traces.append(
            {
                "type": "scatter",
                "x": [row.period_start - 0.4, row.period_end + 0.4],
                "y": [row.value / divisor] * 2,
                "mode": "lines",
                "line": {"color": style["color"], "width": 8},
                "opacity": 0.45,
                "name": label,
                "customdata": [[row.fact_id, row.doc_id]] * 2,
                "hovertext": [_hover(row.quote, row.value_text, row.doc_title, lang)] * 2,
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    return _figure(
        traces,
        height=380,
        clickmode="event+select",
        xaxis={"dtick": 1, "tickformat": "d", "title": {"text": i18n.t("col.year", lang)}},
        yaxis={"title": {"text": axis_title}, "rangemode": "tozero"},
    )


def period_bars(df: pd.DataFrame, lang: str) -> go.Figure:
    """Multi-year figures as bars from the first to the last year they cover, labelled with the value."""
    name_col = f"indicator_{i18n.suffix(lang)}"
    # One row per indicator and measure: a level and a growth rate of one period must not share a row.
    labels = [
        wrap(formatting.indicator_label(name, measure, lang), 14, 28)
        for name, measure in zip(df[name_col], df["measure"], strict=True)
    ]
    traces = []
    for kind, part in df.groupby("kind", sort=False):
        style = KIND_STYLE.get(str(kind), KIND_STYLE["actual"])
        traces.append(
            {
                "type": "bar",
                "y": [labels[df.index.get_loc(i)] for i in part.index],
                "base": (part["period_start"] - 0.45).tolist(),
                "x": (part["period_end"] - part["period_start"] + 0.9).tolist(),
                "orientation": "h",
                "width": 0.6,
                "name": i18n.code_name("kinds", str(kind), lang),
                "marker": {"color": style["color"], "opacity": 0.75},
                "text": [
                    formatting.value(v, u, lang, q if isinstance(q, str) else None)
                    for v, u, q in zip(part["value"], part["unit"], part["qualifier"], strict=True)
                ],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "customdata": part[["fact_id", "doc_id"]].to_numpy().tolist(),
                "hovertext": [
                    _hover(q, v, t, lang)
                    for q, v, t in zip(part["quote"], part["value_text"], part["doc_title"], strict=True)
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    return _figure(
        traces,
        height=max(200, 44 * len(df) + 110),
        barmode="overlay",
        clickmode="event+select",
        xaxis={"dtick": 1, "tickformat": "d", "title": {"text": i18n.t("col.period", lang)}},
        yaxis={"automargin": True, "autorange": "reversed"},
    )


def cluster_goals(df: pd.DataFrame, lang: str) -> go.Figure:
    """Each cluster against its own goal: the goal is the full outlined bar (100%), the latest known
    level fills its share of it, or a note says no level has been reported. The goals differ by an order
    of magnitude (100亿 to 1500亿), so one shared axis would hide the small ones."""
    s = i18n.suffix(lang)
    goals = [
        f"{i18n.t('col.goal', lang)} {formatting.value(v, 'yuan', lang, q if isinstance(q, str) else None)}"
        for v, q in zip(df["value"], df["qualifier"], strict=True)
    ]
    # The goal goes into the row label, not into the bar, where it collided with the level or the
    # "no level" note on narrow screens.
    names = [
        f"{name}<br>{formatting.period(a, b, lang)}<br>{goal}"
        for name, a, b, goal in zip(
            df[f"sector_{s}"], df["period_start"], df["period_end"], goals, strict=True
        )
    ]
    colors = [SECTOR_COLORS.get(x, NO_SECTOR_COLOR) for x in df["sector_id"]]
    traces = [
        {
            "type": "bar",
            "y": names,
            "x": [100] * len(df),
            "orientation": "h",
            "width": 0.6,
            "name": i18n.t("col.goal", lang),
            "marker": {"color": "rgba(255,255,255,0)", "line": {"color": colors, "width": 2}},
            "customdata": df[["fact_id", "doc_id"]].to_numpy().tolist(),
            "hovertext": [
                _hover(q, v, t, lang)
                for q, v, t in zip(df["quote"], df["value_text"], df["doc_title"], strict=True)
            ],
            "hovertemplate": "%{hovertext}<extra></extra>",
        }
    ]
    known = df["level_value"].notna().to_numpy()
    if known.any():
        part = df[known]
        traces.append(
            {
                "type": "bar",
                "y": [n for n, k in zip(names, known, strict=True) if k],
                "x": (100 * part["level_value"] / part["value"]).tolist(),
                "orientation": "h",
                "width": 0.6,
                "name": i18n.t("col.level", lang),
                "marker": {"color": [c for c, k in zip(colors, known, strict=True) if k]},
                "text": [
                    f"{formatting.value(v, 'yuan', lang)} ({int(y)})"
                    for v, y in zip(part["level_value"], part["level_year"], strict=True)
                ],
                "textposition": "inside",
                "insidetextanchor": "start",
                "hovertext": [wrap(str(q)) for q in part["level_quote"]],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    notes = [
        {
            "y": name,
            "x": 0,
            "xanchor": "left",
            "xshift": 8,
            "showarrow": False,
            "text": f"<i>{html.escape(i18n.t('trends.no_level', lang))}</i>",
            "font": {"color": "#5b6770"},
        }
        for name, is_known in zip(names, known, strict=True)
        if not is_known
    ]
    return _figure(
        traces,
        height=max(200, 84 * len(df) + 90),
        barmode="overlay",
        annotations=notes,
        xaxis={"title": {"text": i18n.t("spatial.progress", lang)}, "range": [0, 102], "ticksuffix": "%"},
        yaxis={"automargin": True, "autorange": "reversed"},
    )


def _rings(geometry: dict) -> list[list[list[float]]]:
    """The outer and inner rings of a Polygon or MultiPolygon as lists of [lon, lat]."""
    if geometry.get("type") == "Polygon":
        return list(geometry["coordinates"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def _ring_trace(
    geojsons: Sequence[str], name: str, color: str = "#b4232c", fill: str = "rgba(180,35,44,0.06)"
) -> dict:
    lons: list[float | None] = []
    lats: list[float | None] = []
    for text in geojsons:
        for ring in _rings(json.loads(text)):
            lons += [p[0] for p in ring] + [None]
            lats += [p[1] for p in ring] + [None]
    return {
        "type": "scattermap",
        "lon": lons,
        "lat": lats,
        "mode": "lines",
        "fill": "toself",
        "fillcolor": fill,
        "line": {"color": color, "width": 2},
        "name": name,
        "hoverinfo": "skip",
    }


# The base maps as MapLibre styles of our own: Plotly's named styles carry a `glyphs` URL on
# fonts.openmaptiles.org, from which MapLibre would fetch the Latin letters of the zone labels (a failed
# request offline, where the blank base map must work). Without a `glyphs` URL MapLibre draws every
# label locally with the browser's fonts (the CJK stack below), Chinese and English alike.
MAP_STYLES: dict[str, dict] = {
    "white-bg": {
        "id": "white-bg",
        "version": 8,
        # an empty `sources` is dropped on its way to the browser, and MapLibre requires the key
        "sources": {"blank": {"type": "geojson", "data": {"type": "FeatureCollection", "features": []}}},
        "layers": [{"id": "white-bg", "type": "background", "paint": {"background-color": "#ffffff"}}],
    },
    "open-street-map": {
        "id": "open-street-map",
        "version": 8,
        "sources": {
            "osm-tiles": {
                "type": "raster",
                "tiles": ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"],
                "tileSize": 256,
                "attribution": '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
            }
        },
        "layers": [{"id": "osm-tiles", "type": "raster", "source": "osm-tiles"}],
    },
}
MAP_HEIGHT = 600
LABEL_SPAN = (0.09, 0.02)  # degrees of lon and lat a zone's name takes on a phone-wide map (about 110 px)


def zone_map(
    zones: pd.DataFrame, boundary: pd.DataFrame, lang: str, map_style: str, selected: str | None
) -> go.Figure:
    """The district boundary and the zone anchors (schematic) with their names, one marker trace per
    sector for the legend.

    `zones` needs plot_lat / plot_lon (anchors, offset where two zones share one), label_position, hover and
    sector columns; its rows carry the zone id in customdata for the selection event. No centre or
    zoom is set: the map fits the boundary and the zones to whatever width the page gives it (MapLibre's
    fitBounds, Plotly's `fitbounds="locations"`), so the whole district is in view on a phone and on a
    wide screen alike.
    """
    return _figure(
        _zone_traces(zones, boundary, lang, selected),
        height=MAP_HEIGHT,
        clickmode="event+select",
        map={"style": MAP_STYLES.get(map_style, MAP_STYLES["white-bg"]), "fitbounds": "locations"},
    )


def _zone_traces(zones: pd.DataFrame, boundary: pd.DataFrame, lang: str, selected: str | None) -> list[dict]:
    """The boundary, any official zone outlines, one marker trace per sector, then the labels."""
    suffix = i18n.suffix(lang)
    traces = []
    if not boundary.empty:
        traces.append(_ring_trace(list(boundary["geometry_geojson"]), i18n.t("spatial.boundary", lang)))
    # Outlines exist only where someone supplied official ones (data/raw/zones.geojson via the ETL).
    for row in zones[zones["geometry_geojson"].notna()].itertuples():
        color = (
            SECTOR_COLORS.get(row.sector_id, NO_SECTOR_COLOR)
            if isinstance(row.sector_id, str)
            else NO_SECTOR_COLOR
        )
        traces.append(
            _ring_trace([row.geometry_geojson], getattr(row, f"name_{suffix}"), color, "rgba(90,90,90,0.08)")
        )
    for sector_id, part in zones.groupby(zones["sector_id"].fillna(""), sort=False):
        name = part[f"sector_{suffix}"].iloc[0] if sector_id else i18n.t("spatial.no_sector", lang)
        traces.append(
            {
                "type": "scattermap",
                "lon": part["plot_lon"].tolist(),
                "lat": part["plot_lat"].tolist(),
                "mode": "markers",
                "name": name,
                "marker": {
                    "size": [26 if z == selected else 19 for z in part["zone_id"]],
                    "color": SECTOR_COLORS.get(str(sector_id), NO_SECTOR_COLOR),
                    "opacity": 0.9,
                },
                "customdata": part[["zone_id"]].to_numpy().tolist(),
                "hovertext": part["hover"].tolist(),
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    return traces + _label_traces(zones, lang)


def _label_traces(zones: pd.DataFrame, lang: str) -> list[dict]:
    """The zones' names next to their markers, one trace per label position (textposition is one per
    trace; see _label_positions). The traces' own markers are invisible (Plotly places the text by a
    marker's size) and take no hover or click (`skip`): the zone markers alone carry the zone ids."""
    return [
        {
            "type": "scattermap",
            "lon": part["plot_lon"].tolist(),
            "lat": part["plot_lat"].tolist(),
            "mode": "markers+text",
            "marker": {"size": 30, "opacity": 0},  # larger than a (selected) zone marker: a gap
            "text": part[f"name_{i18n.suffix(lang)}"].tolist(),
            "textposition": position,
            "textfont": {"family": FONT, "size": 14, "color": "#1f2933"},
            "hoverinfo": "skip",
            "showlegend": False,
        }
        for position, part in zones.groupby("label_position", sort=True)
    ]


def place_zones(zones: pd.DataFrame, lang: str, offset: float = 0.009) -> pd.DataFrame:
    """Zones with a point to draw (plot_lat, plot_lon) and a hover text.

    Zones sharing an anchor (two zones may use the same proxy point) are spread on a small circle around
    it so that each stays visible and clickable; the hover says so, and says every position is schematic.
    """
    s = i18n.suffix(lang)
    placed = zones[zones["lat"].notna() & zones["lon"].notna()].copy()
    anchor = placed["lat"].round(5).astype(str) + "," + placed["lon"].round(5).astype(str)
    rank = placed.groupby(anchor).cumcount()
    size = placed.groupby(anchor)["zone_id"].transform("count")
    angle = 2 * math.pi * rank / size.clip(lower=1)
    shift = offset * (size > 1)
    placed["plot_lat"] = placed["lat"] + shift * angle.map(math.sin)
    placed["plot_lon"] = placed["lon"] + shift * angle.map(math.cos) / math.cos(math.radians(27.8))
    placed["label_position"] = _label_positions(placed, shift * angle.map(math.cos))
    names = dict(zip(placed["zone_id"], placed[f"name_{s}"], strict=True))
    sharing = {
        zone: [names[z] for z in placed.loc[anchor == key, "zone_id"] if z != zone]
        for zone, key in zip(placed["zone_id"], anchor, strict=True)
    }
    placed["hover"] = [_zone_hover(row, sharing[row["zone_id"]], lang) for _, row in placed.iterrows()]
    return placed


def _label_positions(placed: pd.DataFrame, moved_east: pd.Series) -> list[str]:
    """Where each zone's name goes (a Plotly textposition), so that names do not cover each other or a
    marker: left of a zone moved west of a shared anchor (its neighbour's name is on the right); below a
    zone with another zone close on its east at about the same latitude (on a phone-wide map its name
    would run into that marker, and MapLibre hides a label that collides); right of the marker otherwise."""
    positions = []
    for lat, lon, east in zip(placed["plot_lat"], placed["plot_lon"], moved_east, strict=True):
        crowded = (
            (placed["plot_lon"] > lon)
            & (placed["plot_lon"] - lon < LABEL_SPAN[0])
            & ((placed["plot_lat"] - lat).abs() < LABEL_SPAN[1])
        )
        if east < -1e-9:
            positions.append("middle left")
        elif crowded.any():
            positions.append("bottom center")
        else:
            positions.append("middle right")
    return positions


def _zone_hover(row: pd.Series, others: list[str], lang: str) -> str:
    s = i18n.suffix(lang)
    lines = [f"<b>{html.escape(str(row[f'name_{s}']))}</b>", wrap(str(row[f"description_{s}"]), 30, 150)]
    anchor = row.get(f"anchor_{s}")
    if bool(row["is_schematic"]):
        lines.append("<i>" + html.escape(i18n.t("spatial.schematic", lang, anchor=anchor or "—")) + "</i>")
    if others:
        lines.append(
            "<i>" + html.escape(i18n.t("spatial.shared_anchor", lang, other="、".join(others))) + "</i>"
        )
    facts, entities = i18n.t("spatial.facts", lang), i18n.t("spatial.entities", lang)
    lines.append(f"{facts}: {row['n_facts']} · {entities}: {row['n_entities']}")
    return "<br>".join(lines)
