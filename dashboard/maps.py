"""The spatial plan's map, pure: no Streamlit, no database.

The district boundary and the zones of 四城一中心, drawn two ways:
- `zone_map_spec`, the default: a Vega-Lite spec (geoshape and points on a Mercator projection fitted to the
  district, no tiles, works offline). Streamlit draws it with its 0.8 MB Vega code in SVG, against Plotly's
  4.7 MB and MapLibre's software WebGL: the Spatial page settles in 1.3x the floor app instead of 3.5x
  (bench/README.md). A click on a zone selects it through the `zone` selection (`clicked_zone`).
- `zone_map`, with OpenStreetMap tiles on request: a Plotly MapLibre map (`scattermap`), each zone marker
  with its zone id in `customdata`.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting, i18n
from dashboard.charts import NO_SECTOR_COLOR, SECTOR_COLORS

FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


IS_BOUNDARY = "datum.properties.kind === 'boundary'"
ZONE_SELECTION = "zone"  # the Vega-Lite map's selection parameter: the zone_id of the marker clicked
# Where a zone's name goes for each label position of `_label_positions`: Vega text mark properties.
LABEL_MARKS: dict[str, dict[str, object]] = {
    "middle right": {"align": "left", "baseline": "middle", "dx": 14},
    "middle left": {"align": "right", "baseline": "middle", "dx": -14},
    "bottom center": {"align": "center", "baseline": "top", "dy": 14},
}


def clicked_zone(selection: object) -> str | None:
    """The zone id of a click on either map: the Vega-Lite map's `zone` selection or a Plotly point."""
    selection = dict(selection or {})
    for mark in selection.get(ZONE_SELECTION) or ():
        if isinstance(mark, dict) and mark.get("zone_id"):
            return str(mark["zone_id"])
    for point in selection.get("points") or ():
        data = point.get("customdata") if isinstance(point, dict) else None
        if data:
            return str(data[0])
    return None


def zone_map_spec(zones: pd.DataFrame, boundary: pd.DataFrame, lang: str, selected: str | None) -> dict:
    """The blank map as a Vega-Lite spec: the boundary, any official zone outlines, a marker per zone in its
    sector's colour (larger when `selected`) with its name beside it and its hover text as tooltip.

    `zones` comes from `place_zones`. No view is fixed: the projection fits the boundary and the zones to the
    width the page gives it."""
    suffix = i18n.suffix(lang)
    features = [
        {"type": "Feature", "geometry": json.loads(text), "properties": {"kind": "boundary"}}
        for text in boundary["geometry_geojson"]
    ]
    for row in zones[zones["geometry_geojson"].notna()].itertuples():
        color = SECTOR_COLORS.get(row.sector_id, NO_SECTOR_COLOR) if isinstance(row.sector_id, str) else None
        properties = {"kind": "zone", "color": color or NO_SECTOR_COLOR}
        features.append(
            {"type": "Feature", "geometry": json.loads(row.geometry_geojson), "properties": properties}
        )
    no_sector = i18n.t("spatial.no_sector", lang)
    points = [
        {
            "zone_id": row["zone_id"],
            "name": row[f"name_{suffix}"],
            "lon": float(row["plot_lon"]),
            "lat": float(row["plot_lat"]),
            "sector": row[f"sector_{suffix}"] if isinstance(row["sector_id"], str) else no_sector,
            "position": row["label_position"],
            "tip": row["tip"],
        }
        for _, row in zones.iterrows()
    ]
    colors = {  # the legend: a colour per sector name
        p["sector"]: SECTOR_COLORS.get(sector_id, NO_SECTOR_COLOR)
        if isinstance(sector_id, str)
        else NO_SECTOR_COLOR
        for p, sector_id in zip(points, zones["sector_id"], strict=True)
    }
    where = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
    }
    shapes = {
        "data": {"values": features},
        "mark": {"type": "geoshape", "strokeWidth": 2},
        "encoding": {
            "fill": {"condition": {"test": IS_BOUNDARY, "value": "rgba(180,35,44,0.06)"},
                     "value": "rgba(90,90,90,0.08)"},
            "stroke": {"condition": {"test": IS_BOUNDARY, "value": "#b4232c"},
                       "field": "properties.color", "type": "nominal", "scale": None},
        },
    }  # fmt: skip
    markers = {
        "data": {"values": points},
        "params": [{"name": ZONE_SELECTION, "select": {"type": "point", "fields": ["zone_id"]}}],
        "mark": {"type": "circle", "opacity": 0.9, "cursor": "pointer"},
        "encoding": {
            **where,
            "color": {"field": "sector", "type": "nominal",
                      "scale": {"domain": list(colors), "range": list(colors.values())},
                      "legend": {"title": None, "orient": "top", "columns": 2, "labelLimit": 150}},
            "size": {"condition": {"test": f"datum.zone_id === {json.dumps(selected)}", "value": 700},
                     "value": 380},
            "tooltip": {"field": "tip"},
            "description": {"field": "zone_id"},  # the marker's aria-label: its zone id
        },
    }  # fmt: skip
    labels = [
        {
            "data": {"values": points},
            "transform": [{"filter": {"field": "position", "equal": position}}],
            "mark": {"type": "text", "fontSize": 14, "color": "#1f2933", **LABEL_MARKS[position]},
            "encoding": {**where, "text": {"field": "name"}},
        }
        for position in sorted({p["position"] for p in points})
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": i18n.t("page.spatial", lang),
        "height": SPEC_HEIGHT,
        "width": "container",
        "projection": {"type": "mercator"},
        "layer": [shapes, markers, *labels],
    }


def wrap(text: str, width: int = 32, limit: int = 240) -> str:
    """Escaped text broken into lines for a hover label (see formatting.text_lines)."""
    return "<br>".join(html.escape(line) for line in formatting.text_lines(text, width, limit))


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
SPEC_HEIGHT = 460  # the district is about twice as wide as tall: a desktop-wide map fills this height
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
    layout = {
        "height": MAP_HEIGHT,
        "margin": {"l": 8, "r": 8, "t": 32, "b": 8},
        "font": {"family": FONT},
        "hoverlabel": {"font": {"family": FONT}, "align": "left"},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": {"text": ""}},
        "clickmode": "event+select",
        "map": {"style": MAP_STYLES.get(map_style, MAP_STYLES["white-bg"]), "fitbounds": "locations"},
    }
    return go.Figure(data=_zone_traces(zones, boundary, lang, selected), layout=layout)


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
    lines = [_zone_lines(row, sharing[row["zone_id"]], lang) for _, row in placed.iterrows()]
    placed["hover"] = [_zone_hover(zone_lines) for zone_lines in lines]
    placed["tip"] = ["\n".join(zone_lines) for zone_lines in lines]
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


def _zone_lines(row: pd.Series, others: list[str], lang: str) -> list[str]:
    """What hovering a zone says: its name, description, that its position is schematic (and shared), and
    how many facts and projects it holds."""
    s = i18n.suffix(lang)
    lines = [str(row[f"name_{s}"]), str(row[f"description_{s}"])]
    if bool(row["is_schematic"]):
        lines.append(i18n.t("spatial.schematic", lang, anchor=row.get(f"anchor_{s}") or "—"))
    if others:
        lines.append(i18n.t("spatial.shared_anchor", lang, other="、".join(others)))
    facts, entities = i18n.t("spatial.facts", lang), i18n.t("spatial.entities", lang)
    lines.append(f"{facts}: {row['n_facts']} · {entities}: {row['n_entities']}")
    return lines


def _zone_hover(lines: list[str]) -> str:
    """The Plotly hover of `_zone_lines`: the name in bold, the description wrapped, notes in italics."""
    name, description, *notes, counts = lines
    return "<br>".join(
        [f"<b>{html.escape(name)}</b>", wrap(description, 30, 150)]
        + [f"<i>{html.escape(note)}</i>" for note in notes]
        + [html.escape(counts)]
    )
