"""目标追踪 · Targets: every target and plan with its status, filterable and sortable."""

import streamlit as st

from dashboard import db, shell, tables


def body(ctx: shell.Context) -> None:
    f = ctx.filters
    st.caption(ctx.t("targets.caption"))

    counts = db.target_counts(f.sectors, f.kinds, f.year)
    if counts.empty:
        st.info(ctx.t("empty"))
        st.stop()

    statuses = ("met", "missed", "in_progress", "no_data")
    per_status = dict(zip(counts["status"], counts["n"], strict=True))
    for column, status in zip(st.columns(4), statuses, strict=True):
        column.metric(tables.status_label(status, ctx.lang), int(per_status.get(status, 0)))

    left, right = st.columns([1, 1])
    picked = left.pills(
        ctx.t("targets.status"),
        statuses,
        format_func=lambda s: tables.status_label(s, ctx.lang),
        selection_mode="multi",
        key="target_status",
    )
    needle = right.text_input(ctx.t("targets.search"), key="target_search").strip()
    goals = db.targets(f.sectors, f.kinds, f.year, statuses=tuple(picked), needle=needle)
    if goals.empty:
        st.info(ctx.t("empty"))
    else:
        st.dataframe(
            tables.targets(goals, ctx.lang),
            hide_index=True,
            column_config={"fact_id": None},
            height=min(640, 35 * len(goals) + 38),
        )
        total = int(goals["n_matching"].iloc[0])
        if len(goals) < total:
            st.caption(ctx.t("table.showing", n=f"{len(goals):,}", total=f"{total:,}"))


shell.page("targets", body)
