"""目标追踪 · Targets: every target and plan with its status, filterable and sortable."""

import streamlit as st

from dashboard import db, shell, tables

ctx = shell.page("targets")
f = ctx.filters
st.title(ctx.t("page.targets"), anchor="targets")
st.caption(ctx.t("targets.caption"))

goals = db.targets(f.sectors, f.kinds, f.year)
if goals.empty:
    st.info(ctx.t("empty"))
    st.stop()

statuses = ("met", "missed", "in_progress", "no_data")
for column, status in zip(st.columns(4), statuses, strict=True):
    column.metric(tables.status_label(status, ctx.lang), int((goals["status"] == status).sum()))

left, right = st.columns([1, 1])
picked = left.pills(
    ctx.t("targets.status"),
    statuses,
    format_func=lambda s: tables.status_label(s, ctx.lang),
    selection_mode="multi",
    key="target_status",
)
needle = right.text_input(ctx.t("targets.search"), key="target_search").strip()
if picked:
    goals = goals[goals["status"].isin(picked)]
if needle:
    haystack = goals["quote"] + goals["indicator_zh"] + goals["indicator_en"] + goals["value_text"]
    goals = goals[haystack.str.contains(needle, case=False, regex=False)]
if goals.empty:
    st.info(ctx.t("empty"))
else:
    st.dataframe(
        tables.targets(goals, ctx.lang),
        hide_index=True,
        column_config={"fact_id": None},
        height=min(640, 35 * len(goals) + 38),
    )
