"""What every page stands in: page config, the sidebar filters, the bilingual navigation, URL notices, and
the page's title with the sector filter above its content.

A page file is `def body(ctx): ...` and `shell.page("<id>", body)`. `page()` draws the title, then runs the
sector filter and `body` in one st.fragment: a click on a sector reruns that fragment alone, so the browser
redraws the filter and the page's content, not the sidebar, the navigation and the title (bench/README.md,
1g). The sidebar's filters (report year, kinds, language) rerun the whole app, fragment included.

Two ways a page file runs, and both get the full shell:

1. Normally `app.py` runs first: `run_app()` draws the shell, registers the pages with `st.navigation`
   and runs the chosen page, which calls `page()` and receives the shell's context.
2. On a freshly started server Streamlit 1.67 starts in its legacy multipage mode because `pages/` exists
   (`PagesManager.uses_pages_directory` is True until some run calls `st.navigation`); a deep link such
   as `/trends` then runs `pages/2_trends.py` on its own and `app.py` never runs (script_runner._mpa_v1).
   `page()` sees that `app.py` handed over no context. In a browser it registers app.py's pages with
   `st.navigation`, which switches the server over, and `st.switch_page`s to the same page with the URL's
   parameters before drawing anything: widgets drawn in the legacy run would change identity on the next
   run (their page hash differs), and a visitor's first click on them would be lost. AppTest.switch_page
   also runs a page on its own, without a browser request: there `page()` draws the shell itself and calls
   `st.navigation` (without running a page).

The hand-over is a session-state entry set by `run_app()` and consumed by `page()` in the same run.

A deep link's first load logs two 404s, `/<page>/_stcore/health` and `/<page>/_stcore/host-config`: the
frontend does not know the base path, so it probes the URL's path and then its parent (PD() in
static/js/index.*.js), and the server answers 404 under a page path on purpose
(starlette_static_routes._RESERVED_STATIC_PATH_SUFFIXES) so that the parent wins. No config option
changes the probe (the base comes from window.__streamlit.BACKEND_BASE_URL, which only an embedding host
sets), and answering 200 there would make the page path the base URL and break the websocket. Upstream:
streamlit/streamlit#7074. Harmless; tests/e2e/streamlit_ui.py ignores exactly these (BASE_PROBE).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from urllib.parse import quote, urlencode

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from dashboard import charts, db, filters, i18n

HANDOVER = "_shell_context"
REROUTED = "_shell_rerouted"  # a legacy run of a page file was run again through app.py


@dataclass(frozen=True)
class PageSpec:
    page_id: str
    path: str
    params: tuple[str, ...] = ()  # the page's own URL parameters, dropped on other pages


# No page icons: Streamlit makes the current page's Material icon the favicon and fetches it from
# fonts.gstatic.com, which fails offline; emoji would need an emoji font many machines lack.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "pages/1_overview.py"),
    PageSpec("trends", "pages/2_trends.py"),
    PageSpec("targets", "pages/3_targets.py"),
    PageSpec("spatial", "pages/4_spatial.py", ("zone",)),
    PageSpec("sources", "pages/5_sources.py", ("doc", "fact", "q")),
    PageSpec("data", "pages/6_data.py"),
)


@dataclass(frozen=True)
class Context:
    """What a page needs from the shell: the filters, its id and the report to describe."""

    filters: filters.Filters
    page_id: str
    choices: filters.Choices  # what the filters offer (the sector bar's options)
    sector_names: Mapping[str, Mapping[str, str]]  # language -> sector id -> name
    latest_year: int | None = None  # of the newest report with a text

    @property
    def lang(self) -> str:
        return self.filters.lang

    @property
    def report_year(self) -> int | None:
        """The report the overview describes: the one chosen, else the latest."""
        return self.filters.year if self.filters.year is not None else self.latest_year

    def t(self, key: str, **values: object) -> str:
        return i18n.t(key, self.lang, **values)

    def url_params(self, **extra: str) -> dict[str, str | list[str]]:
        """The current filters as URL parameters plus `extra`, for links into another page."""
        return {**filters.to_params(self.filters), **extra}


def _latest_report(years: pd.DataFrame) -> int | None:
    """The newest year with a report text (cited sources alone do not make a report), else the newest."""
    with_text = years[years["has_text"]]
    pick = with_text if not with_text.empty else years
    return int(pick["report_year"].iloc[0]) if not pick.empty else None


def _choices() -> tuple[filters.Choices, dict[str, dict[str, str]], int | None]:
    sectors = db.sectors()
    years = db.report_years()
    names = {
        lang: dict(zip(sectors["sector_id"], sectors[f"name_{i18n.suffix(lang)}"], strict=True))
        for lang in i18n.LANGS
    }
    choices = filters.Choices(
        sectors=tuple(sectors["sector_id"]),
        years=tuple(int(y) for y in years["report_year"]),
        kinds=i18n.codes("kinds"),
    )
    return choices, names, _latest_report(years)


def _database_error(exc: db.DatabaseUnavailable, lang: str) -> None:
    if exc.error is None:
        st.error(i18n.t("db.missing", lang, path=exc.path), icon=":material/database:")
    else:
        st.error(i18n.t("db.broken", lang, path=exc.path, error=exc.error), icon=":material/database:")
    st.stop()


def _navigation(lang: str) -> tuple[st.Page, str]:
    """Register the pages with titles in `lang`; the page the URL asks for and its id."""
    pages = {
        spec.page_id: st.Page(
            spec.path,
            title=i18n.t(f"page.{spec.page_id}", lang),
            icon="",
            url_path=spec.page_id,
            default=spec.page_id == "overview",
        )
        for spec in PAGES
    }
    chosen = st.navigation(list(pages.values()), position="sidebar")
    return chosen, next((pid for pid, p in pages.items() if p is chosen), "overview")


def _drop_foreign_params(page_id: str) -> None:
    own = next((s.params for s in PAGES if s.page_id == page_id), ())
    for spec in PAGES:
        for name in spec.params:
            if name not in own and name in st.query_params:
                del st.query_params[name]


def _show_notices(lang: str) -> None:
    filters.warn(filters.notices(), lang)


def _render(page_id: str | None) -> tuple[Context, st.Page]:
    st.set_page_config(layout="wide")
    lang = st.session_state.get(filters.STATE, filters.Filters()).lang
    try:
        choices, names, latest = _choices()
    except db.DatabaseUnavailable as exc:
        _navigation(lang)
        _database_error(exc, lang)
    chosen = filters.sidebar(choices)
    page, routed_id = _navigation(chosen.lang)
    current = page_id or routed_id
    st.set_page_config(
        page_title=f"{i18n.t(f'page.{current}', chosen.lang)} · {i18n.t('app.title', chosen.lang)}"
    )
    _drop_foreign_params(current)
    _show_notices(chosen.lang)
    context = Context(chosen, current, choices, names, latest)
    return context, page


def _passage_params(doc_id: str, fact_id: str | None) -> dict[str, str]:
    return {"doc": doc_id, **({"fact": fact_id} if fact_id else {})}


def passage_link(ctx: Context, doc_id: str, fact_id: str | None, label: str | None = None) -> None:
    """A link to the Sources page at this figure's passage, keeping the filters."""
    st.page_link(
        next(s.path for s in PAGES if s.page_id == "sources"),
        label=label or ctx.t("source.link"),
        icon=":material/format_quote:",
        query_params=ctx.url_params(**_passage_params(doc_id, fact_id)),
    )


def page_url(chosen: filters.Filters, page_id: str, **extra: str) -> str:
    """`<page>?<the filters and extra>`, relative to the page's own URL, so it works under any base path."""
    params = {**filters.to_params(chosen), **extra}
    return f"{page_id}?" + urlencode(params, doseq=True, quote_via=quote)


def passage_url(chosen: filters.Filters, doc_id: str, fact_id: str | None) -> str:
    """The Sources page at this figure's passage, keeping the filters: `sources?doc=…&fact=…`."""
    return page_url(chosen, "sources", **_passage_params(doc_id, fact_id))


def selected_passage(ctx: Context, event: object, facts: pd.DataFrame) -> None:
    """Under a chart: the quote of the mark the user clicked (charts.picked) and a link to its passage."""
    chosen = charts.picked(getattr(event, "selection", None))
    if chosen is None:
        return
    fact_id, doc_id = chosen
    quote = facts.loc[facts["fact_id"] == fact_id, "quote"]
    with st.container(border=True):
        st.caption(ctx.t("trends.selected"))
        if not quote.empty:
            st.markdown(f"> {quote.iloc[0]}")
        passage_link(ctx, doc_id, fact_id)


def run_app() -> None:
    """app.py: draw the shell, then run the page the URL asks for."""
    context, page = _render(None)
    st.session_state[HANDOVER] = context
    page.run()


def _legacy_run() -> bool:
    """Whether this is Streamlit's legacy run of a page file (case 2 of the module's docstring). AppTest
    keeps its legacy mode on but gives its runs one widget identity (and it has no browser request)."""
    return bool(PagesManager.uses_pages_directory) and bool(st.context.headers)


def page(page_id: str, body: Callable[[Context], None]) -> None:
    """What every page file does: `shell.page("trends", body)`. Draws the shell if app.py did not, the page's
    title, then the sector filter and `body(context)` in one fragment: choosing a sector reruns that
    fragment alone, not the sidebar, the navigation and the title (bench/README.md, 1g)."""
    context = st.session_state.pop(HANDOVER, None)
    if context is None:
        if _legacy_run() and not st.session_state.get(REROUTED):
            # The legacy run's widgets belong to the page file, every later run's to app.py's st.Page:
            # a first click on a chart or a widget drawn now would be lost on the next run. Register
            # app.py's pages (which switches the server over) and go to the same page through app.py
            # with the URL's parameters before anything is drawn. Once per session.
            st.session_state[REROUTED] = True
            _navigation(filters.current_lang())
            path = next(spec.path for spec in PAGES if spec.page_id == page_id)
            st.switch_page(path, query_params={k: st.query_params.get_all(k) for k in st.query_params})
        context, _ = _render(page_id)
    st.title(context.t(f"page.{page_id}"), anchor=page_id)
    _by_sector(context, body)


@st.fragment
def _by_sector(context: Context, body: Callable[[Context], None]) -> None:
    """The sector filter and the page's content. On a rerun of this fragment alone (a sector clicked) the
    context is the last full run's but for the sectors: every other filter can only change in a full run."""
    chosen = filters.sector_bar(context.choices, context.sector_names)
    body(replace(context, filters=chosen))
