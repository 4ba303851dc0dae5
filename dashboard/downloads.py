"""Download buttons for a table: CSV (UTF-8 with BOM, so Excel reads the Chinese) and Parquet.

A page shows only the first rows of a large table; the downloads run the table's query for every row, and
only when a button is clicked (Streamlit calls `data` then), so a page view never fetches them all."""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import i18n


def csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8-sig")


def parquet_bytes(df: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    df.to_parquet(buffer, index=False)
    return buffer.getvalue()


def buttons(lang: str, rows: Callable[[], pd.DataFrame], stem: str) -> None:
    """Two buttons side by side; `rows` is called, and the file made, only when one is clicked."""
    with st.container(horizontal=True):
        st.download_button(
            i18n.t("data.download_csv", lang),
            data=lambda: csv_bytes(rows()),
            file_name=f"{stem}.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key=f"{stem}_csv",
        )
        st.download_button(
            i18n.t("data.download_parquet", lang),
            data=lambda: parquet_bytes(rows()),
            file_name=f"{stem}.parquet",
            mime="application/vnd.apache.parquet",
            icon=":material/download:",
            on_click="ignore",
            key=f"{stem}_parquet",
        )
