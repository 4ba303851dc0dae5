"""总览 · Overview: the headline KPI cards first (the first thing to paint), then the facts per sector and
the report's commitments; one HTML block (dashboard/overview.py)."""

import streamlit as st

from dashboard import overview, shell


def body(ctx: shell.Context) -> None:
    st.html(overview.html(ctx))


shell.page("overview", body)
