"""Download buttons for a table: CSV (UTF-8 with BOM, so Excel reads the Chinese) and Parquet."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from dashboard import i18n


def csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8-sig")


def parquet_bytes(df: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    df.to_parquet(buffer, index=False)
    return buffer.getvalue()


def buttons(lang: str, df: pd.DataFrame, stem: str) -> None:
    """Two buttons side by side; the files are made only when clicked."""
    with st.container(horizontal=True):
        st.download_button(
            i18n.t("data.download_csv", lang),
            data=lambda: csv_bytes(df),
            file_name=f"{stem}.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key=f"{stem}_csv",
        )
        st.download_button(
            i18n.t("data.download_parquet", lang),
            data=lambda: parquet_bytes(df),
            file_name=f"{stem}.parquet",
            mime="application/vnd.apache.parquet",
            icon=":material/download:",
            on_click="ignore",
            key=f"{stem}_parquet",
        )
