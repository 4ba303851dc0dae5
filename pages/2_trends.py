"""趋势 · Trends: one indicator's actuals and targets by year, multi-year figures, cluster goals."""

import streamlit as st

from dashboard import charts, db, i18n, shell


def body(ctx: shell.Context) -> None:
    f = ctx.filters
    st.caption(ctx.t("trends.sparse"))

    series = db.series_list(f.sectors, f.kinds, f.year)
    if series.empty:
        st.info(ctx.t("empty"))
        st.stop()

    st.subheader(ctx.t("trends.actual_vs_target"), anchor="actual-vs-target")
    keys = [f"{r.indicator_id}|{r.measure}|{r.unit}" for r in series.itertuples()]
    name = f"indicator_{i18n.suffix(ctx.lang)}"
    labels = {
        key: f"{r[name]} · {i18n.code_name('measures', r['measure'], ctx.lang)} "
        f"({charts.axis_scale(r['unit'], ctx.lang)[1]})"
        for key, (_, r) in zip(keys, series.iterrows(), strict=True)
    }
    if st.session_state.get("trend_series") not in labels:
        st.session_state["trend_series"] = keys[0]
    choice = st.selectbox(ctx.t("trends.series"), keys, format_func=labels.get, key="trend_series")
    indicator, measure, unit = choice.split("|")
    points = db.series_facts(indicator, measure, unit, f.sectors, f.kinds, f.year)
    event = st.vega_lite_chart(
        charts.actual_vs_target(points, unit, ctx.lang), key="trend_chart", on_select="rerun"
    )
    shell.selected_passage(ctx, event, points)

    st.subheader(ctx.t("trends.spans"), anchor="multi-year")
    spans = db.multi_year_facts(f.sectors, f.kinds, f.year)
    if spans.empty:
        st.info(ctx.t("empty"))
    else:
        st.caption(ctx.t("trends.spans.caption"))
        event = st.vega_lite_chart(charts.period_bars(spans, ctx.lang), key="span_chart", on_select="rerun")
        shell.selected_passage(ctx, event, spans)

    st.subheader(ctx.t("trends.clusters"), anchor="clusters")
    goals = db.cluster_goals(f.sectors, f.year)
    if goals.empty:
        st.info(ctx.t("empty"))
    else:
        st.caption(ctx.t("trends.clusters.caption"))
        st.vega_lite_chart(charts.cluster_goals(goals, ctx.lang), key="cluster_chart")
        for quote in goals["quote"].unique():
            st.caption(f"“{quote}”")


shell.page("trends", body)
