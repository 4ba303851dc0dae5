"""Hostile share links: every page through AppTest with crafted values in every URL parameter.

A link is the one input a stranger controls. Whatever it carries (SQL-like text, 100 KB values, control
characters, unknown and repeated keys), each page must render without an error, name the ignored values in
a notice, and leave the database as it was: the app holds it read-only and binds every value as a
parameter (ruff S608 guards the code; this checks the running app).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import db, i18n

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SOURCE_DB = ROOT / "data" / "lusong.duckdb"
FILES = {
    "overview": "app.py",
    "trends": "pages/2_trends.py",
    "targets": "pages/3_targets.py",
    "spatial": "pages/4_spatial.py",
    "sources": "pages/5_sources.py",
    "data": "pages/6_data.py",
}
TIMEOUT = 120
FILTER_PARAMS = ("sector", "year", "kind", "lang")  # parsed by the shell on every page
PAGE_PARAMS = ("zone", "doc", "fact", "q")  # each page's own (dropped on the others)
UNKNOWN = {
    "__proto__": "x",
    "sector[]": "aviation",
    "../../etc/passwd": "1",
    "SELECT * FROM facts": "1",
    "q\x00": "1",
}
SQL = ["' OR 1=1 --", "aviation'; DROP TABLE facts;--", "1; ATTACH '/tmp/x.db' AS x; --"]
CONTROL = ["\x00", "\x1b[31mred\x1b[0m", "a\r\nb", "\u202eevil", "\t\x0b\x0c", "²", "٢٠٢٤", "\ufeff2024"]
PAYLOADS = {"sql": SQL, "control": CONTROL}
# 100 KB values, one parameter per link: Streamlit ignores a whole query string over 512 Ki characters, so
# a link with a 100 KB value in all eight parameters would test nothing.
HUGE = {"digits": "9" * 100_000, "text": "芦" * 34_000}  # a 100,000-digit "year"; 102 KB of UTF-8
OWNER = {"zone": "spatial", "doc": "sources", "fact": "sources", "q": "sources"}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the committed database (others may rebuild data/ while this runs)."""
    path = tmp_path_factory.mktemp("hostile") / "lusong.duckdb"
    shutil.copyfile(SOURCE_DB, path)
    return path


@pytest.fixture(autouse=True)
def _serve(database: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUSONG_DB", str(database))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hostile_params(values: list[str]) -> dict[str, list[str]]:
    """Every parameter repeated with every payload, a valid id among them where there is one, plus
    unknown keys."""
    params: dict[str, list[str]] = {name: list(values) for name in (*FILTER_PARAMS, *PAGE_PARAMS)}
    params["sector"] = [values[0], "aviation", *values[1:], "aviation"]
    params["lang"] = [*values, "zh"]
    return {**params, **{key: [value] for key, value in UNKNOWN.items()}}


def open_with(page: str, params: dict[str, list[str]]) -> AppTest:
    """The app opened at `page` by a link carrying `params` (a page other than the overview runs on its
    own, as a deep link on a fresh server does)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    if page != "overview":
        at.query_params.update(params)
        at.switch_page(FILES[page]).run()
    return at


def _as_list(value: str | list[str] | None) -> list[str]:
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def assert_read_only_connections() -> None:
    """Every connection the app holds refuses writes."""
    held = db._connections()._held  # the one place the app opens DuckDB
    assert held, "the app holds no database connection"
    for _stamp, connection in held.values():
        assert connection.execute("SELECT current_setting('access_mode')").fetchone() == ("read_only",)
        with pytest.raises(duckdb.Error, match="read-only"):
            connection.execute("CREATE TABLE pwned (i INTEGER)")
        with pytest.raises(duckdb.Error, match="read-only"):
            connection.execute("DELETE FROM facts")


@pytest.mark.parametrize("kind", list(PAYLOADS))
@pytest.mark.parametrize("page", list(FILES))
def test_a_hostile_link_renders_with_notices_and_changes_nothing(
    page: str, kind: str, database: Path
) -> None:
    before = _sha256(database)
    at = open_with(page, hostile_params(PAYLOADS[kind]))
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert [t.value for t in at.title] == [i18n.t(f"page.{page}", "zh")]
    # the valid ids among the junk are kept, the rest ignored
    assert at.pills(key="filter_sector").value == ["aviation"]
    assert at.sidebar.radio[0].value == "zh"
    notices = [w.value for w in at.warning]
    for param in FILTER_PARAMS:
        assert any(f"网址参数 {param} " in n for n in notices), (param, [n[:80] for n in notices])
    own = {"spatial": "zone", "sources": "doc"}.get(page)
    if own:
        assert any(f"网址参数 {own} " in n for n in notices), (own, [n[:80] for n in notices])
    # the URL is rewritten to ids only: nothing hostile is echoed back into a share link
    url = {name: _as_list(at.query_params.get(name)) for name in (*FILTER_PARAMS, "zone", "doc", "fact")}
    assert url["sector"] == ["aviation"]
    assert not [(n, v[:20]) for n, values in url.items() for v in values if v in PAYLOADS[kind]]
    assert_read_only_connections()
    assert _sha256(database) == before
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM facts").fetchone()[0] > 0


@pytest.mark.parametrize("kind", list(HUGE))
@pytest.mark.parametrize("param", [*FILTER_PARAMS, *PAGE_PARAMS])
def test_a_100_kb_value_in_any_parameter(param: str, kind: str, database: Path) -> None:
    before = _sha256(database)
    page = OWNER.get(param, "overview")
    at = open_with(page, {param: [HUGE[kind]]})
    assert not at.exception, [e.value[:300] for e in at.exception]
    assert not at.error, [e.value[:300] for e in at.error]
    assert [t.value for t in at.title] == [i18n.t(f"page.{page}", "zh")]
    if param in (*FILTER_PARAMS, "zone", "doc"):
        assert any(f"网址参数 {param} " in w.value for w in at.warning), [w.value[:80] for w in at.warning]
    if param == "q":
        assert at.text_input[0].value == HUGE[kind]
    assert HUGE[kind] not in _as_list(at.query_params.get(param)) or param == "q"
    assert_read_only_connections()
    assert _sha256(database) == before


def test_the_search_box_takes_hostile_text_as_text(database: Path) -> None:
    """`q` is free text: SQL-like and control characters are searched for literally, not run."""
    before = _sha256(database)
    at = open_with("sources", {"q": [SQL[1]]})
    assert at.text_input[0].value == SQL[1]
    for needle in [*SQL, "%", "_", "\\", "'", *CONTROL[:4], HUGE["text"]]:
        at.text_input[0].input(needle).run()
        assert not at.exception, (needle[:20], [e.value for e in at.exception])
        assert at.text_input[0].value == needle
    assert_read_only_connections()
    assert _sha256(database) == before
