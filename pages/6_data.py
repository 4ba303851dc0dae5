"""数据 · Data: the filtered facts and entities, downloadable as CSV and Parquet."""

import streamlit as st

from dashboard import db, downloads, shell, tables

ctx = shell.page("data")
f = ctx.filters
st.title(ctx.t("page.data"), anchor="data")

facts = db.facts_table(f.sectors, f.kinds, f.year)
st.subheader(f"{ctx.t('data.facts')} ({len(facts)})", anchor="facts")
if facts.empty:
    st.info(ctx.t("empty"))
else:
    st.dataframe(tables.facts(facts, ctx.lang), hide_index=True, column_config={"fact_id": None})
    downloads.buttons(ctx.lang, facts, "lusong_facts")

entities = db.entities_table(f.sectors, f.year)
st.subheader(f"{ctx.t('data.entities')} ({len(entities)})", anchor="entities")
if entities.empty:
    st.info(ctx.t("empty"))
else:
    st.dataframe(tables.entities(entities, ctx.lang), hide_index=True)
    downloads.buttons(ctx.lang, entities, "lusong_entities")
