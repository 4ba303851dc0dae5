"""The floor of the page-speed benchmark: the fastest a Streamlit page can be on this machine.

One st.metric and one st.selectbox that changes it, nothing else: `streamlit run bench/floor_app.py`.
bench/page_speed.py and bench/memory.py run it next to the dashboard and report the dashboard's figures as
ratios to this app's, measured in the same run.
"""

import streamlit as st

VALUES = {"A": "5.4%", "B": "31.4亿元", "C": "8万户"}

choice = st.selectbox("Value", list(VALUES), key="floor_choice")
st.metric("Floor", VALUES[choice])
