"""总览 · Overview: the headline KPI cards first (the first thing to paint), then the rest."""

from functools import partial

import streamlit as st

from dashboard import db, i18n, kpis, shell, tables

COMMITMENTS_SHOWN = 10  # the rest are on the Targets page

ctx = shell.page("overview")
st.title(ctx.t("page.overview"), anchor="overview")
report = ctx.report_year
st.caption(ctx.t("overview.caption", report=report))

facts = db.headline_facts(i18n.headline_indicators(), ctx.filters.sectors, report)
cards = kpis.cards(facts, i18n.headline_indicators(), ctx.lang)
if not cards:
    st.info(ctx.t("overview.no_kpi"))
for start in range(0, len(cards), 4):
    for column, card in zip(st.columns(4), cards[start : start + 4], strict=False):
        with column.container(border=True):
            st.metric(
                card.label,
                card.value,
                delta=card.delta,
                delta_color=card.delta_color,
                delta_arrow=card.delta_arrow,
                help=card.help,
            )
            st.caption(f"{card.note}  \n{shell.passage_markdown(ctx, card.doc_id, card.fact_id)}")

left, right = st.columns(2, gap="large")
with left:
    st.subheader(ctx.t("overview.by_sector"), anchor="by-sector")
    by_sector = db.facts_by_sector(ctx.filters.sectors, ctx.filters.kinds, ctx.filters.year)
    if by_sector.empty:
        st.info(ctx.t("empty"))
    else:
        st.html(tables.sector_bars_html(tables.sector_counts(by_sector, ctx.lang), ctx.lang))
with right:
    st.subheader(ctx.t("overview.commitments", report=report), anchor="commitments")
    promised = db.commitments(ctx.filters.sectors, ctx.filters.kinds, report)
    if promised.empty:
        st.info(ctx.t("empty"))
    else:
        shown = promised.head(COMMITMENTS_SHOWN)
        st.html(tables.commitments_html(shown, ctx.lang, partial(shell.passage_url, ctx)))
        if len(promised) > len(shown):
            more = ctx.t("overview.more_commitments", shown=len(shown))
            st.caption(f"[{more}]({shell.page_url(ctx, 'targets')})")
