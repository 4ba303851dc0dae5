"""空间布局 · Spatial plan: the district boundary and the five zones of 四城一中心 (schematic positions)."""

from functools import partial

import streamlit as st

from dashboard import db, filters, maps, shell, tables


def body(ctx: shell.Context) -> None:
    f = ctx.filters
    zones = maps.place_zones(db.zones(f.sectors, f.kinds, f.year), ctx.lang)
    names = dict(zip(zones["zone_id"], zones[f"name_{'en' if ctx.lang == 'en' else 'zh'}"], strict=True))
    schematic = [names[z] for z in zones.loc[zones["is_schematic"], "zone_id"]]
    if len(schematic) == len(zones):
        st.warning(ctx.t("spatial.caption"), icon=":material/info:")
    elif schematic:
        st.warning(ctx.t("spatial.caption.partial", zones=", ".join(schematic)), icon=":material/info:")

    # The selected zone is shareable: `?zone=<id>` seeds the picker; the picker and the map write it back.
    url_zone = filters.page_param("zone", list(names))
    if "zone_pick" not in st.session_state or st.session_state.get("_zone_url") != url_zone:
        st.session_state["zone_pick"] = url_zone

    def _zone_from_map(key: str) -> None:
        zone = maps.clicked_zone(st.session_state[key].selection)
        if zone is not None:
            st.session_state["zone_pick"] = zone

    left, right = st.columns(2, gap="large")
    basemap = left.radio(
        ctx.t("spatial.basemap"),
        ("white-bg", "open-street-map"),
        format_func=lambda s: ctx.t("spatial.basemap.blank" if s == "white-bg" else "spatial.basemap.osm"),
        horizontal=True,
        key="basemap",
    )
    zone = right.selectbox(
        ctx.t("spatial.zone"),
        list(names),
        index=None,  # nothing chosen shows the placeholder, and a choice can be cleared again
        format_func=names.get,
        placeholder=ctx.t("spatial.zone.none"),
        key="zone_pick",
    )
    if basemap == "white-bg":  # no tiles: Vega-Lite, light and offline
        st.vega_lite_chart(
            maps.zone_map_spec(zones, db.boundary(), ctx.lang, zone),
            key="zone_map",
            on_select=partial(_zone_from_map, "zone_map"),
        )
    else:  # OpenStreetMap tiles under a Plotly MapLibre map
        st.plotly_chart(
            maps.zone_map(zones, db.boundary(), ctx.lang, basemap, zone),
            key="zone_map_tiles",
            on_select=partial(_zone_from_map, "zone_map_tiles"),
            selection_mode="points",
            config={"displayModeBar": False, "scrollZoom": False},
        )
    filters.set_page_param("zone", zone)
    st.session_state["_zone_url"] = zone

    if zone is not None:
        row = zones[zones["zone_id"] == zone].iloc[0]
        suffix = "en" if ctx.lang == "en" else "zh"
        st.subheader(names[zone], anchor="zone")
        st.write(row[f"description_{suffix}"])
        st.caption(ctx.t("spatial.schematic", anchor=row[f"anchor_{suffix}"] or "—"))
        left, right = st.columns(2, gap="large")
        zone_facts = db.zone_facts(zone, f.sectors, f.kinds, f.year)
        n_facts = max(int(row["n_facts"]), len(zone_facts))  # the table holds the first rows only
        left.markdown(f"**{ctx.t('spatial.facts')}** ({n_facts:,})")
        if zone_facts.empty:
            left.info(ctx.t("empty"))
        else:
            if len(zone_facts) < n_facts:
                left.caption(ctx.t("table.showing", n=f"{len(zone_facts):,}", total=f"{n_facts:,}"))
            left.dataframe(
                tables.facts(zone_facts, ctx.lang), hide_index=True, column_config={"fact_id": None}
            )
        zone_entities = db.zone_entities(zone, f.sectors, f.year)
        right.markdown(f"**{ctx.t('spatial.entities')}** ({len(zone_entities)})")
        if zone_entities.empty:
            right.info(ctx.t("empty"))
        else:
            right.dataframe(tables.entities(zone_entities, ctx.lang), hide_index=True)


shell.page("spatial", body)
