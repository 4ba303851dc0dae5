"""芦淞发展看板 · Lusong Development Dashboard — `streamlit run app.py`.

The shell (page config, sidebar filters mirrored in the URL, bilingual navigation) lives in
dashboard/shell.py so that a page opened on its own by a deep link gets it too.
"""

from dashboard import shell

shell.run_app()
