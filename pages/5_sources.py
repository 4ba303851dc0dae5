"""原文 · Sources: each document's text with every extracted figure marked; deep links ?doc=…&fact=…"""

import streamlit as st

from dashboard import db, filters, i18n, passages, shell, tables

OTHERS_LISTED = 20  # documents named with their number of matches under the search box


def body(ctx: shell.Context) -> None:
    docs = db.documents()
    titles = tables.document_labels(docs, db.HOME_REGION)

    # ?doc= and ?q= seed the picker and the search box when the URL is new to the session.
    url_doc = filters.page_param("doc", list(titles))
    url_fact = filters.page_param("fact")
    url_q = filters.page_param("q", max_length=None) or ""
    if st.session_state.get("_source_url") != (url_doc, url_fact, url_q):
        of_year = docs[docs["report_year"] == ctx.filters.year] if ctx.filters.year else docs
        st.session_state["source_doc"] = (
            url_doc or next(iter(of_year["doc_id"]), None) or next(iter(titles), None)
        )
        st.session_state["source_q"] = url_q
    if docs.empty:
        st.info(ctx.t("empty"))
        st.stop()

    left, right = st.columns([3, 2])
    doc_id = left.selectbox(ctx.t("sources.document"), list(titles), format_func=titles.get, key="source_doc")
    needle = right.text_input(ctx.t("sources.search"), key="source_q").strip()

    facts = db.document_facts(doc_id)
    fact_id = url_fact if url_fact in set(facts["fact_id"]) and doc_id == url_doc else None
    if url_fact and url_doc == doc_id and fact_id is None:
        filters.warn([("fact", url_fact)], ctx.lang)
    filters.set_page_param("doc", doc_id)
    filters.set_page_param("fact", fact_id)
    filters.set_page_param("q", needle or None)
    st.session_state["_source_url"] = (doc_id, fact_id, needle)

    counts: dict[str, int] = {}
    if needle:
        found = db.search_documents(needle)
        counts = {d: int(n) for d, n in zip(found["doc_id"], found["matches"], strict=True)}
    figures_col, marked_col, matches_col = st.columns(3)
    figures_col.metric(ctx.t("sources.n_figures"), len(facts))
    matches_col.metric(ctx.t("sources.n_matches"), counts.get(doc_id, 0) if needle else "—")
    if needle:
        others = [(d, n) for d, n in counts.items() if d != doc_id]  # most matches first
        listed = "".join(f" · {titles[d]}: {n}" for d, n in others[:OTHERS_LISTED])
        if len(others) > OTHERS_LISTED:
            listed += f" · {ctx.t('sources.more', n=len(others) - OTHERS_LISTED)}"
        st.caption(ctx.t("sources.matches", n=counts.get(doc_id, 0)) + listed)

    document = db.document(doc_id).iloc[0]
    text = document["text"]
    if document["region"] != db.HOME_REGION:
        st.info(ctx.t("sources.other_region", region=document["region"]), icon=":material/location_on:")
    suffix = i18n.suffix(ctx.lang)
    if not isinstance(text, str):
        marked_col.metric(ctx.t("sources.n_marked"), "—")
        st.info(ctx.t("sources.no_text", url=document["url"] or "—"))
        linked = facts[facts["fact_id"] == fact_id]
        if not linked.empty:  # a cited figure: the citation is all there is
            st.markdown(f"> {linked['quote'].iloc[0]}")
        st.stop()

    marks = [
        passages.Figure(
            r.fact_id,
            int(r.char_start),
            int(r.char_end),
            f"{getattr(r, f'indicator_{suffix}')}: {r.value_text}",
        )
        for r in facts.itertuples()
        if r.char_start == r.char_start
        and r.char_end == r.char_end
        # the sidebar's sector and kind filters decide which figures are marked; the linked one always is
        and (r.fact_id == fact_id or not ctx.filters.sectors or r.sector_id in ctx.filters.sectors)
        and (r.fact_id == fact_id or not ctx.filters.kinds or r.kind in ctx.filters.kinds)
    ]
    marked_col.metric(ctx.t("sources.n_marked"), len(marks))
    focus = next((m for m in marks if m.fact_id == fact_id), None)
    if focus is not None:  # the passage itself, above the whole text (which cannot be scrolled to it)
        with st.container(border=True):
            st.caption(f"{ctx.t('sources.fact')}: {focus.label}")
            st.html(
                f'<div style="white-space:pre-wrap;line-height:1.8">{passages.excerpt(text, focus)}</div>'
            )
    marked = passages.compact(passages.highlight(text, marks, focus=fact_id, needle=needle))
    with st.container(height=640, border=True):
        st.html(f'<div style="white-space:pre-wrap;line-height:1.8">{marked}</div>')


shell.page("sources", body)
