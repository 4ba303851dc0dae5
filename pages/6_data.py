"""数据 · Data: the filtered facts and entities, downloadable as CSV and Parquet."""

from functools import partial

import streamlit as st

from dashboard import db, downloads, shell, tables


def body(ctx: shell.Context) -> None:
    f = ctx.filters

    counts = db.data_counts(f.sectors, f.kinds, f.year).iloc[0]
    n_facts, n_entities = int(counts["n_facts"]), int(counts["n_entities"])
    for column, key in zip(
        st.columns(4), ("n_facts", "n_indicators", "n_documents", "n_entities"), strict=True
    ):
        column.metric(ctx.t(f"data.{key}"), f"{int(counts[key]):,}")

    def _shown(n: int, total: int) -> None:
        if n < total:
            st.caption(ctx.t("data.showing", n=f"{n:,}", total=f"{total:,}"))

    st.subheader(f"{ctx.t('data.facts')} ({n_facts})", anchor="facts")
    if n_facts == 0:
        st.info(ctx.t("empty"))
    else:
        facts = db.facts_table(f.sectors, f.kinds, f.year)
        st.dataframe(tables.facts(facts, ctx.lang), hide_index=True, column_config={"fact_id": None})
        _shown(len(facts), n_facts)
        every_fact = partial(db.facts_table, f.sectors, f.kinds, f.year, limit=None)
        downloads.buttons(ctx.lang, every_fact, "lusong_facts")

    st.subheader(f"{ctx.t('data.entities')} ({n_entities})", anchor="entities")
    if n_entities == 0:
        st.info(ctx.t("empty"))
    else:
        entities = db.entities_table(f.sectors, f.year)
        st.dataframe(tables.entities(entities, ctx.lang), hide_index=True)
        _shown(len(entities), n_entities)
        every_entity = partial(db.entities_table, f.sectors, f.year, limit=None)
        downloads.buttons(ctx.lang, every_entity, "lusong_entities")


shell.page("data", body)
