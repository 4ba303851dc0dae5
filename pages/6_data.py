"""数据 · Data: the filtered facts and entities, downloadable as CSV and Parquet."""

import streamlit as st

from dashboard import db, downloads, shell, tables

ctx = shell.page("data")
f = ctx.filters
st.title(ctx.t("page.data"), anchor="data")

facts = db.facts_table(f.sectors, f.kinds, f.year)
entities = db.entities_table(f.sectors, f.year)
for column, (key, n) in zip(
    st.columns(4),
    [
        ("data.n_facts", len(facts)),
        ("data.n_indicators", facts["indicator_id"].nunique()),
        ("data.n_documents", facts["doc_id"].nunique()),
        ("data.n_entities", len(entities)),
    ],
    strict=True,
):
    column.metric(ctx.t(key), f"{n:,}")

st.subheader(f"{ctx.t('data.facts')} ({len(facts)})", anchor="facts")
if facts.empty:
    st.info(ctx.t("empty"))
else:
    st.dataframe(tables.facts(facts, ctx.lang), hide_index=True, column_config={"fact_id": None})
    downloads.buttons(ctx.lang, facts, "lusong_facts")

st.subheader(f"{ctx.t('data.entities')} ({len(entities)})", anchor="entities")
if entities.empty:
    st.info(ctx.t("empty"))
else:
    st.dataframe(tables.entities(entities, ctx.lang), hide_index=True)
    downloads.buttons(ctx.lang, entities, "lusong_entities")
