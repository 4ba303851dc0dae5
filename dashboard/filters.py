"""The filters and their mirror in the URL (`?sector=aviation&year=2024&kind=target&lang=en`).

The sector filter is drawn at the top of each page's content (`sector_bar`), inside the fragment that holds
the page (dashboard/shell.py), so choosing a sector reruns that fragment only; the report year, the kinds and
the language are in the sidebar (`sidebar`) and rerun the whole app.

Why not `bind="query-params"`: Streamlit 1.67 serialises a bound widget's value as its *displayed* label
(the `format_func` output; see MultiSelectSerde.serialize and SessionState._seed_widget_from_url), so a
sector filter showing 航空/低空经济 writes `sector=航空/低空经济`, an English link would not open in
Chinese, and invalid values are dropped silently. Here the URL always carries the stable ids:

- `st.session_state[STATE]` holds the one current `Filters`;
- it is seeded from the URL on a session's first run and whenever the URL changes from outside the app
  (browser history), with a visible notice for every value that is not understood;
- the widgets are views of it: their keys are (re)assigned from it before they are drawn, and their
  `on_change` callbacks write the user's choice back into it;
- after the widgets are drawn, the URL is rewritten from it (ids only, defaults left out).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import streamlit as st

from dashboard import i18n

KEYS: tuple[str, ...] = ("sector", "year", "kind", "lang")
WIDGETS: dict[str, str] = {key: f"filter_{key}" for key in KEYS}
ALL_YEARS = 0  # the year picker's "every report" option (None would read as "nothing chosen")
STATE = "_filters"
SEEN = "_filters_url"
NOTICES = "_filters_notices"
YEAR_DIGITS = 4
ID_LENGTH = 200  # longer than any id (sector, zone, document, fact): not looked up, just noted
SHOWN_LENGTH = 60  # of a value quoted in a notice
SHOWN_VALUES = 3  # values quoted per parameter in a notice; the rest are counted


@dataclass(frozen=True)
class Filters:
    sectors: tuple[str, ...] = ()  # empty: every sector
    year: int | None = None  # report year; None: every report
    kinds: tuple[str, ...] = ()  # empty: every kind
    lang: str = i18n.DEFAULT_LANG


@dataclass(frozen=True)
class Choices:
    """What each filter accepts, in display order."""

    sectors: tuple[str, ...]
    years: tuple[int, ...]
    kinds: tuple[str, ...]
    langs: tuple[str, ...] = i18n.LANGS


Problem = tuple[str, str]  # (parameter, value as given)


def _split(values: Sequence[str]) -> list[str]:
    """Repeated parameters and comma-separated lists alike: ['a,b', 'c'] -> ['a', 'b', 'c']."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _choose_many(
    key: str, values: Sequence[str], valid: Sequence[str], problems: list[Problem]
) -> tuple[str, ...]:
    chosen = set()
    for value in _split(values):
        if value in valid:
            chosen.add(value)
        else:
            problems.append((key, value))
    return tuple(v for v in valid if v in chosen)


def _year(value: str) -> int | None:
    """A year written in at most four ASCII digits, else None. str.isdigit() alone would let in ² (which
    int() rejects), ٢٠٢٤ (which int() reads as 2024) and 100,000 digits (past int()'s 4300-digit limit)."""
    if len(value) <= YEAR_DIGITS and value.isascii() and value.isdigit():
        return int(value)
    return None


def _choose_year(values: Sequence[str], valid: Sequence[int], problems: list[Problem]) -> int | None:
    year = None
    for value in _split(values):
        number = _year(value)
        if number is not None and number in valid and year is None:
            year = number
        elif number is None or number != year:
            problems.append(("year", value))
    return year


def _choose_lang(values: Sequence[str], valid: Sequence[str], problems: list[Problem]) -> str:
    lang = None
    for value in _split(values):
        if value.lower() in valid and lang is None:
            lang = value.lower()
        elif value.lower() != lang:
            problems.append(("lang", value))
    return lang or i18n.DEFAULT_LANG


def parse(params: Mapping[str, Sequence[str]], choices: Choices) -> tuple[Filters, list[Problem]]:
    """The filters a URL asks for, and every value in it that was not understood (and is ignored)."""
    problems: list[Problem] = []
    filters = Filters(
        sectors=_choose_many("sector", params.get("sector", ()), choices.sectors, problems),
        year=_choose_year(params.get("year", ()), choices.years, problems),
        kinds=_choose_many("kind", params.get("kind", ()), choices.kinds, problems),
        lang=_choose_lang(params.get("lang", ()), choices.langs, problems),
    )
    return filters, problems


def to_params(filters: Filters) -> dict[str, list[str]]:
    """The URL parameters of `filters`: ids only, defaults left out so a default view has a clean URL."""
    params: dict[str, list[str]] = {}
    if filters.sectors:
        params["sector"] = list(filters.sectors)
    if filters.year is not None:
        params["year"] = [str(filters.year)]
    if filters.kinds:
        params["kind"] = list(filters.kinds)
    if filters.lang != i18n.DEFAULT_LANG:
        params["lang"] = [filters.lang]
    return params


# --- Streamlit glue ----------------------------------------------------------------------------------


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in KEYS if key in st.query_params}


def current(choices: Choices) -> Filters:
    """The filters of this run: from the URL when it is new to this session, else the session's own."""
    url = _url_params()
    state = st.session_state
    # A URL without any filter parameter after a page switch keeps the session's filters; a URL that
    # carries parameters this session did not write (first load, browser back/forward) wins.
    if STATE not in state or (url and url != state.get(SEEN)):
        filters, problems = parse(url, choices)
        state[STATE] = filters
        state[NOTICES] = problems
    return _still_valid(state[STATE], choices)


def _still_valid(filters: Filters, choices: Choices) -> Filters:
    """In display order, without choices a rebuilt database no longer offers."""
    return replace(
        filters,
        sectors=tuple(s for s in choices.sectors if s in filters.sectors),
        year=filters.year if filters.year in choices.years else None,
        kinds=tuple(k for k in choices.kinds if k in filters.kinds),
        lang=filters.lang if filters.lang in choices.langs else i18n.DEFAULT_LANG,
    )


def _widget_values(filters: Filters) -> dict[str, object]:
    """The sidebar's widgets' values (the sector filter's is set by `sector_bar`, which draws it)."""
    return {
        "year": ALL_YEARS if filters.year is None else filters.year,
        "kind": list(filters.kinds),
        "lang": filters.lang,
    }


def _sync_widgets(filters: Filters) -> None:
    """Point each widget at the filters before it is drawn, on every run.

    Not only when they differ: a widget's identity includes the page script it is drawn from, so the
    same filter is a new widget when the shell ran from a page file (deep link on a fresh server) and
    then from app.py; and widgets keep their value as displayed labels, which a language switch
    invalidates. The session's `Filters` is the truth, so writing it back is always right.
    """
    for key, value in _widget_values(filters).items():
        st.session_state[WIDGETS[key]] = value


def _commit(key: str) -> None:
    """on_change of the filter widget of `key`: the user's choice becomes that part of the session's filters
    (each widget writes its own part: the sector filter's fragment run does not draw the others)."""
    state = st.session_state
    value = state.get(WIDGETS[key])
    part = {
        "sector": lambda: {"sectors": tuple(value or ())},
        "year": lambda: {"year": value or None},
        "kind": lambda: {"kinds": tuple(value or ())},
        "lang": lambda: {"lang": value or i18n.DEFAULT_LANG},
    }[key]()
    state[STATE] = replace(state.get(STATE, Filters()), **part)
    state[NOTICES] = []


def write_url(filters: Filters) -> None:
    """Make the URL say `filters` (ids only), touching only the parameters that differ."""
    wanted = to_params(filters)
    for key in KEYS:
        if key not in wanted:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get_all(key) != wanted[key]:
            st.query_params[key] = wanted[key]
    st.session_state[SEEN] = wanted


def sidebar(choices: Choices) -> Filters:
    """Draw the report year, kind and language filters in the sidebar; return the filters of this run (the
    URL already rewritten). The sector filter is drawn by `sector_bar`, later in the same run."""
    filters = current(choices)
    _sync_widgets(filters)
    lang = filters.lang
    with st.sidebar:
        st.subheader(i18n.t("filter.heading", lang), anchor=False)
        st.selectbox(
            i18n.t("filter.year", lang),
            options=(ALL_YEARS, *choices.years),
            format_func=lambda y: (
                i18n.t("filter.year.all", lang)
                if y == ALL_YEARS
                else i18n.t("filter.year.option", lang, year=y)
            ),
            key=WIDGETS["year"],
            on_change=_commit,
            args=("year",),
        )
        st.pills(
            i18n.t("filter.kind", lang),
            options=choices.kinds,
            format_func=lambda k: i18n.code_name("kinds", k, lang),
            selection_mode="multi",
            key=WIDGETS["kind"],
            help=i18n.t("filter.kind.help", lang),
            on_change=_commit,
            args=("kind",),
        )
        st.radio(
            i18n.t("filter.lang", lang),
            options=choices.langs,
            format_func=lambda code: i18n.LANG_LABELS.get(code, code),
            key=WIDGETS["lang"],
            horizontal=True,
            on_change=_commit,
            args=("lang",),
        )
        st.caption(i18n.t("filter.share", lang))
    return _settle(choices)


def sector_bar(choices: Choices, sector_names: Mapping[str, Mapping[str, str]]) -> Filters:
    """Draw the sector filter (in the page's fragment); return the filters of this run, the URL rewritten.

    `sector_names` maps a language to the sectors' names in it. On a fragment run (a sector was clicked)
    this is the only filter drawn, so it points only its own widget at the session's filters.
    """
    filters = _still_valid(st.session_state.get(STATE, Filters()), choices)
    st.session_state[WIDGETS["sector"]] = list(filters.sectors)
    lang = filters.lang
    st.pills(
        i18n.t("filter.sector", lang),
        options=choices.sectors,
        format_func=lambda s: sector_names[lang].get(s, s),
        selection_mode="multi",
        key=WIDGETS["sector"],
        help=i18n.t("filter.sector.help", lang),
        on_change=_commit,
        args=("sector",),
    )
    return _settle(choices)


def _settle(choices: Choices) -> Filters:
    """The session's filters as still valid, written back and into the URL."""
    filters = _still_valid(st.session_state[STATE], choices)
    st.session_state[STATE] = filters
    write_url(filters)
    return filters


def notices() -> list[Problem]:
    """The URL values this session ignored, until the user changes a filter."""
    return list(st.session_state.get(NOTICES, ()))


def shown(value: str) -> str:
    """A URL value as inert text in a notice, which Streamlit renders as Markdown: control and format
    characters spelled out (\\x1b as \\u001b, a right-to-left override as \\u202e), cut to SHOWN_LENGTH
    characters, and set in a code span, where no link, image, emphasis, HTML, formula or Streamlit
    directive can form. Backslash escapes were not enough: Streamlit still made `https://…`, `www.…` and
    `a@b.c` into links after their punctuation was escaped."""
    cut = value[:SHOWN_LENGTH]
    visible = "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch)[0] in "CZ" and ch != " " else ch for ch in cut
    )
    if not visible:
        return ""
    fence = "`" * (max((len(run) for run in re.findall("`+", visible)), default=0) + 1)
    pad = " " if visible.startswith("`") or visible.endswith("`") else ""
    return f"{fence}{pad}{visible}{pad}{fence}" + ("…" if len(value) > SHOWN_LENGTH else "")


def notice_texts(problems: Sequence[Problem], lang: str) -> list[str]:
    """One notice per parameter, quoting its first few distinct ignored values and counting the rest."""
    by_param: dict[str, dict[str, None]] = {}  # a dict keeps the first-seen order of distinct values
    for param, value in problems:
        by_param.setdefault(param, {})[value] = None
    texts = []
    for param, distinct in by_param.items():
        values = list(distinct)
        if len(values) == 1:
            texts.append(i18n.t("notice.bad_param", lang, param=param, value=shown(values[0])))
            continue
        quoted = i18n.t("notice.list_sep", lang).join(f"“{shown(v)}”" for v in values[:SHOWN_VALUES])
        more = "…" if len(values) > SHOWN_VALUES else ""
        texts.append(i18n.t("notice.bad_params", lang, param=param, n=len(values), values=quoted + more))
    return texts


def warn(problems: Sequence[Problem], lang: str) -> None:
    """Show the notices of `problems` (parameter, value as given)."""
    for text in notice_texts(problems, lang):
        st.warning(text, icon=":material/link_off:")


def page_param(
    name: str, valid: Sequence[str] | None = None, max_length: int | None = ID_LENGTH
) -> str | None:
    """A page's own URL parameter (e.g. `zone`), or None. A value not in `valid` or longer than
    `max_length` is noted and dropped (None: free text of any length, such as a search)."""
    if name not in st.query_params:
        return None
    value = st.query_params.get(name, "").strip()
    too_long = max_length is not None and len(value) > max_length
    if too_long or (valid is not None and value not in valid):
        if value:
            warn([(name, value)], current_lang())
        del st.query_params[name]
        return None
    return value or None


def current_lang() -> str:
    """The language of this session's filters (the default before the first run has parsed them)."""
    return st.session_state[STATE].lang if STATE in st.session_state else i18n.DEFAULT_LANG


def set_page_param(name: str, value: str | None) -> None:
    """Set or clear a page's own URL parameter, only when it changes."""
    if value is None:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value
