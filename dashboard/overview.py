"""总览 · The Overview's content: the KPI cards, facts per sector and the report's commitments, as plain HTML.

Built once per filter combination, report and database version and cached (`html`), so a sector change,
which reruns only the page's fragment (dashboard/shell.py), costs the server a cache lookup. Plain HTML
(st.html) rather than st.metric cards in st.columns: the browser redraws the page once per element a rerun
sends, and eight bordered metric cards with their captions were 34 elements, the larger part of a filter
change's time (bench/README.md, 1g). The cards keep what st.metric showed: the label with the sentences
behind it on hover or focus, the value, the delta in its colour (an arrow only for a change over time), and
a link to the passage.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import streamlit as st

from dashboard import db, filters, i18n, kpis, shell, tables

COMMITMENTS_SHOWN = 10  # the rest are on the Targets page

_STYLE = """<style>
.lusong-overview {container-type: inline-size}
.lusong-overview .caption {margin: 0 0 1rem 0; color: rgba(49, 51, 63, 0.6); font-size: 0.875rem}
.lusong-overview h3 {margin: 2rem 0 0.75rem 0; padding: 0; font-size: 1.75rem; font-weight: 700;
  line-height: 1.2}
.lusong-overview .sections {display: grid; grid-template-columns: 1fr; column-gap: 3rem}
.lusong-overview .more {margin: 0.5rem 0 0 0; font-size: 0.875rem}
.lusong-note {padding: 1rem; border-radius: 0.5rem; color: rgb(0, 66, 128);
  background: rgba(28, 131, 225, 0.1)}
.lusong-kpis {display: grid; grid-template-columns: 1fr; gap: 1rem}
.lusong-kpi {position: relative; display: flex; flex-direction: column; gap: 0.35rem; padding: 1rem;
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem}
.lusong-kpi .head {display: flex; align-items: baseline}
.lusong-kpi .label {margin: 0; padding: 0; font-size: 0.875rem; font-weight: normal; line-height: 1.4}
.lusong-kpi .tip {margin-left: 0.3rem; color: rgba(49, 51, 63, 0.6); cursor: help}
.lusong-kpi .tip-body {display: none; position: absolute; z-index: 10; top: 2.4rem; left: 0;
  width: min(24rem, 90cqw); padding: 0.6rem 0.75rem; background: #fff; color: rgb(49, 51, 63);
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.12)}
.lusong-kpi .tip:hover + .tip-body, .lusong-kpi .tip:focus + .tip-body, .lusong-kpi .tip-body:hover {
  display: block}
.lusong-kpi .tip-body p {margin: 0 0 0.4rem 0; font-size: 0.8rem; line-height: 1.5}
.lusong-kpi .tip-body p:last-child {margin: 0}
.lusong-kpi .tip-body .src {display: block; color: rgba(49, 51, 63, 0.6)}
.lusong-kpi .value {font-size: 1.85rem; line-height: 1.25; overflow-wrap: anywhere}
.lusong-kpi .delta {align-self: flex-start; padding: 0.1rem 0.5rem; border-radius: 1rem; font-size: 0.85rem}
.lusong-kpi .delta.green {color: #177233; background: rgba(33, 195, 84, 0.12)}
.lusong-kpi .delta.red {color: #a12a2f; background: rgba(255, 43, 43, 0.09)}
.lusong-kpi .delta.gray {color: rgba(49, 51, 63, 0.7); background: rgba(49, 51, 63, 0.07)}
.lusong-kpi .note {color: rgba(49, 51, 63, 0.6); font-size: 0.85rem; line-height: 1.5}
.lusong-kpi a {margin-top: auto; font-size: 0.85rem}
/* two cards a row, then four; a card in the right half opens its sentences towards the left */
@container (min-width: 28rem) {
  .lusong-kpis {grid-template-columns: repeat(2, 1fr)}
  .lusong-overview .sections {grid-template-columns: repeat(2, 1fr)}
  .lusong-kpi:nth-child(2n) .tip-body {left: auto; right: 0}
}
@container (min-width: 54rem) {
  .lusong-kpis {grid-template-columns: repeat(4, 1fr)}
  .lusong-kpi:nth-child(2n) .tip-body {left: 0; right: auto}
  .lusong-kpi:nth-child(4n+3) .tip-body, .lusong-kpi:nth-child(4n) .tip-body {left: auto; right: 0}
}
</style>"""
_ARROWS = {"up": "↑ ", "down": "↓ ", "off": ""}


def _card_html(card: kpis.Card, lang: str, passage_url: str) -> str:
    quotes = "".join(
        f"<p>“{escape(q.text)}”<span class='src'>— {escape(q.source)}</span></p>" for q in card.quotes
    )
    delta = (
        f'<div class="delta {card.delta_color}" data-arrow="{card.delta_arrow}">'
        f"{_ARROWS[card.delta_arrow]}{escape(card.delta)}</div>"
        if card.delta
        else ""
    )
    return (
        f'<article class="lusong-kpi" data-indicator="{escape(card.indicator_id)}" '
        f'data-fact="{escape(card.fact_id)}" data-doc="{escape(card.doc_id)}">'
        f'<div class="head"><h3 class="label">{escape(card.label)}</h3>'
        f'<span class="tip" tabindex="0" role="img" aria-label="{escape(i18n.t("kpi.quotes", lang))}" '
        f'aria-describedby="kpi-{escape(card.indicator_id)}">ⓘ</span>'
        f'<div class="tip-body" role="tooltip" id="kpi-{escape(card.indicator_id)}">{quotes}</div></div>'
        f'<div class="value">{escape(card.value)}</div>{delta}'
        f'<div class="note">{escape(card.note)}</div>'
        f'<a href="{escape(passage_url)}">{escape(i18n.t("source.link", lang))}</a></article>'
    )


def cards_html(cards: list[kpis.Card], lang: str, passage_url: Callable[[str, str], str]) -> str:
    """The KPI cards in a grid (four in a row on a desktop, two or one on a narrower screen)."""
    items = "".join(_card_html(c, lang, passage_url(c.doc_id, c.fact_id)) for c in cards)
    return f'<section class="lusong-kpis">{items}</section>'


def _note(text: str) -> str:
    return f'<div class="lusong-note" role="status">{escape(text)}</div>'


def html(ctx: shell.Context) -> str:
    """The Overview under the context's filters: the caption, the KPI cards, facts per sector and the
    report's commitments, as one HTML block; cached per database version, filters and report."""
    return _html(db.version(), ctx.filters, ctx.report_year)


@st.cache_data(max_entries=512, show_spinner=False)
def _html(version: object, chosen: filters.Filters, report: int | None) -> str:
    """`version` (db.version()) only keys the cache: a rebuilt database is read again."""
    lang = chosen.lang

    def t(key: str, **values: object) -> str:
        return escape(i18n.t(key, lang, **values))

    def passage_url(doc_id: str, fact_id: str | None) -> str:
        return shell.passage_url(chosen, doc_id, fact_id)

    cards = kpis.cards(
        db.headline_facts(i18n.headline_indicators(), chosen.sectors, report),
        i18n.headline_indicators(),
        lang,
    )
    by_sector = db.facts_by_sector(chosen.sectors, chosen.kinds, chosen.year)
    promised = db.commitments(chosen.sectors, chosen.kinds, report)
    more = ""
    if len(promised) > COMMITMENTS_SHOWN:
        targets = escape(shell.page_url(chosen, "targets"))
        label = t("overview.more_commitments", shown=COMMITMENTS_SHOWN)
        more = f'<p class="more"><a href="{targets}">{label}</a></p>'
    return (
        f'{_STYLE}<div class="lusong-overview"><p class="caption">{t("overview.caption", report=report)}</p>'
        + (cards_html(cards, lang, passage_url) if cards else _note(i18n.t("overview.no_kpi", lang)))
        + f'<div class="sections"><section><h3 id="by-sector">{t("overview.by_sector")}</h3>'
        + (
            tables.sector_bars_html(tables.sector_counts(by_sector, lang), lang)
            if not by_sector.empty
            else _note(i18n.t("empty", lang))
        )
        + f'</section><section><h3 id="commitments">{t("overview.commitments", report=report)}</h3>'
        + (
            tables.commitments_html(promised.head(COMMITMENTS_SHOWN), lang, passage_url)
            if not promised.empty
            else _note(i18n.t("empty", lang))
        )
        + f"{more}</section></div></div>"
    )
