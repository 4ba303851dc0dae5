"""ETL fuzzing: strange input files end in a built database or a clear message, never a traceback.

Each case adds generated files (and manifest rows) to a small input directory and runs the real command
line (`etl.__main__.main`) over it, against a copy of a good database. Whatever the input:

- the command returns 0 (the database is built, opens, holds only finite numbers) or 1 with `error:
  <file>: <problem>` lines naming a file that was given, and then the previous database is byte-identical;
- no exception escapes (an exception here fails the test with its traceback: that is the bug);
- nothing is left next to the database (no temporary files).

Examples are derandomised so that CI is repeatable; `LUSONG_FUZZ_EXAMPLES=200 LUSONG_FUZZ_RANDOM=1` explores
further. The number of cases run is printed at the end of the run.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.__main__ import main
from etl.build import build

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
REPORT = (RAW / "000_596955ab977b3f6e.txt").read_text(encoding="utf-8")
HEADER = ["file", "title", "publisher", "meeting", "meeting_date", "report_year", "reviews", "plans"]
GOOD_ROW = ["{name}", "模糊测试", "株洲日报", "", "2024-01-29", "2024", "2023", "2024"]
BASE_TEXT = "芦淞区2024年政府工作报告\n2023年，全区地区生产总值增长6.1%，新增城镇就业1.2万人。\n"
EXAMPLES = int(os.environ.get("LUSONG_FUZZ_EXAMPLES", "5"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("LUSONG_FUZZ_RANDOM") != "1",
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
ERROR_LINE = re.compile(r"error: (?P<file>.+?): (?P<problem>.+)")
# A figure beyond the plausible range of its unit (etl/catalog.yaml) is left out of a good build: a warning
LEFT_OUT_LINE = re.compile(
    r"warning: (?P<file>[^:]+): figure '.+' at character \d+ \(.+\) is outside the plausible range of \w+ "
    r"\(.+ to .+\); left out, not loaded as a fact"
)
CASES: Counter[str] = Counter()  # cases run, by kind, for the report at the end


@dataclass(frozen=True)
class Workspace:
    raw: Path  # geo/, a manifest and one good text
    good_db: Path  # built from raw


@pytest.fixture(scope="module")
def workspace(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Workspace]:
    base = tmp_path_factory.mktemp("fuzz")
    raw = base / "raw"
    shutil.copytree(RAW / "geo", raw / "geo")
    (raw / "base.txt").write_text(BASE_TEXT, encoding="utf-8")
    _write_manifest(raw / "manifest.csv", [[c.format(name="base.txt") for c in GOOD_ROW]])
    good_db = base / "good.duckdb"
    build(raw, good_db, progress=False, jobs=1)
    yield Workspace(raw, good_db)
    summary = ", ".join(f"{kind} {n}" for kind, n in sorted(CASES.items()))
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print(f"\nETL fuzzing: {sum(CASES.values())} generated inputs ({summary})")


def _write_manifest(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Outcome:
    status: int
    out: str
    err: str
    db: Path
    facts: tuple[tuple, ...] = ()  # (doc_id, value, unit, value_text) of a built database
    texts: tuple[tuple[str, str | None], ...] = ()  # (doc_id, text) of a built database


def run_build(
    workspace: Workspace,
    files: dict[str, bytes],
    rows: list[list[str]] | None = None,
    manifest: bytes | None = None,
) -> Outcome:
    """Build from the base input plus `files` (listed by `rows`, default one good row each, or by a raw
    `manifest`) over a copy of the good database; check what every build must satisfy."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        home = Path(tmp)
        raw = home / "raw"
        shutil.copytree(workspace.raw, raw)
        for name, data in files.items():
            (raw / name).write_bytes(data)
        if manifest is not None:
            (raw / "manifest.csv").write_bytes(manifest)
        else:
            base_row = [c.format(name="base.txt") for c in GOOD_ROW]
            listed = rows if rows is not None else [[c.format(name=n) for c in GOOD_ROW] for n in files]
            _write_manifest(raw / "manifest.csv", [base_row, *listed])
        db = home / "lusong.duckdb"
        shutil.copyfile(workspace.good_db, db)
        before = _sha256(db)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["build", "--raw", str(raw), "--db", str(db), "--jobs", "1"])
        outcome = Outcome(status, out.getvalue(), err.getvalue(), db)
        listed = (raw / "manifest.csv").read_bytes().decode("utf-8", errors="replace")
        _assert_clean(outcome, before, [*files, "manifest.csv", str(raw), str(raw / "manifest.csv")], listed)
        if status != 0:
            return outcome
        facts, texts = _content(db)
        return Outcome(status, outcome.out, outcome.err, db, facts, texts)


def _assert_clean(outcome: Outcome, before: str, given: list[str], manifest: str) -> None:
    assert "Traceback" not in outcome.err + outcome.out
    assert sorted(p.name for p in outcome.db.parent.iterdir()) == ["lusong.duckdb", "raw"], "leftovers"
    if outcome.status == 0:
        assert outcome.out.startswith(f"built {outcome.db}: "), outcome.out
        for line in outcome.err.splitlines():  # --skip-invalid is not used: only figures left out, by name
            left_out = LEFT_OUT_LINE.fullmatch(line)
            if not left_out or left_out["file"] not in given:
                raise AssertionError(f"unexpected output on a good build: {line}")
        return
    assert outcome.status == 1, (outcome.status, outcome.err)
    assert _sha256(outcome.db) == before, "a failed build changed the database"
    lines = outcome.err.splitlines()
    first = ERROR_LINE.fullmatch(lines[0]) if lines else None
    assert first, f"no `error: <file>: <problem>` line: {outcome.err[:500]!r}"
    errors = [m for line in lines if (m := ERROR_LINE.fullmatch(line))]
    # a file given, the database, or a name as the manifest wrote it
    named = {m["file"] for m in errors} - {*given, str(outcome.db)}
    assert all(name.strip() in manifest for name in named), (named, given)
    assert all(m["problem"].strip() for m in errors)


def _content(db: Path) -> tuple[tuple[tuple, ...], tuple[tuple[str, str | None], ...]]:
    """The facts and texts of a built database, after checking that its numbers are finite."""
    with duckdb.connect(str(db), read_only=True) as con:
        texts = tuple(con.execute("SELECT doc_id, text FROM documents ORDER BY doc_id").fetchall())
        facts = tuple(con.execute("SELECT doc_id, value, unit, value_text FROM facts").fetchall())
    assert "base" in dict(texts)
    for doc_id, value, _unit, value_text in facts:
        assert value is None or math.isfinite(value), (doc_id, value_text, value)
    return facts, texts


# --- strategies --------------------------------------------------------------------------------------

SENTENCES = [s + "。" for s in REPORT.replace("\n", "").split("。") if 8 < len(s) < 200]
REPORT_CHARS = "".join(sorted({c for c in REPORT if c.strip() and c.encode("gbk", "ignore")}))
reports = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=30).map("\n".join)
names = st.sampled_from(["fuzz.txt", "fuzz.html", "报告.txt", "FUZZ.TXT", "a b.htm"])


@FUZZ
@given(files=st.dictionaries(names, st.binary(max_size=4096), min_size=1, max_size=3))
def test_random_bytes(workspace: Workspace, files: dict[str, bytes]) -> None:
    CASES["random bytes"] += len(files)
    run_build(workspace, files)


@FUZZ
@given(
    text=reports,
    cut=st.integers(min_value=0),
    damage=st.binary(min_size=1, max_size=8),
    where=st.floats(0, 1),
)
def test_truncated_and_damaged_utf8(
    workspace: Workspace, text: str, cut: int, damage: bytes, where: float
) -> None:
    data = text.encode("utf-8")
    truncated = data[: len(data) - cut % min(4, len(data))]  # likely in the middle of a character
    at = int(len(data) * where)
    CASES["truncated or damaged UTF-8"] += 2
    run_build(workspace, {"cut.txt": truncated, "damaged.txt": data[:at] + damage + data[at:]})


@FUZZ
@given(text=reports, encoding=st.sampled_from(["gbk", "gb18030"]), html=st.booleans())
def test_gbk_reports_decode_to_the_same_text(
    workspace: Workspace, text: str, encoding: str, html: bool
) -> None:
    """A report saved in GBK/GB18030 is read as the same text as its UTF-8 copy."""
    CASES["GBK/GB18030 text"] += 1
    name = "gbk.html" if html else "gbk.txt"
    body = f"<html><body><p>{text}</p></body></html>" if html else text
    outcome = run_build(workspace, {name: body.encode(encoding)})
    assert outcome.status == 0, outcome.err
    if not html:
        assert dict(outcome.texts)["gbk"] == text


@FUZZ
@given(text=st.text(alphabet=REPORT_CHARS, min_size=40, max_size=600))
def test_gbk_random_chinese_text_is_read_or_named(workspace: Workspace, text: str) -> None:
    CASES["GBK random text"] += 1
    run_build(workspace, {"gbk_random.txt": text.encode("gbk")})


@settings(FUZZ, max_examples=max(2, EXAMPLES // 3))
@given(
    sentence=st.sampled_from(SENTENCES),
    repeat=st.integers(min_value=2_000, max_value=8_000),
    sep=st.sampled_from(["", "，", " "]),
)
def test_huge_lines(workspace: Workspace, sentence: str, repeat: int, sep: str) -> None:
    """One line of 50,000 to 1.5 million characters."""
    CASES["huge lines"] += 1
    line = (sentence.rstrip("。") + sep) * repeat
    run_build(workspace, {"line.txt": (line + "\n").encode("utf-8")})


EDGE_FIGURES = [
    ("地区生产总值增长0.0%", "gdp", 0.0),
    ("税收收入10000亿元", "tax_revenue", 1.0e12),
    ("社会消费品零售总额一万万元", "retail_sales", 1.0e8),
    ("固定资产投资下降3.2%", "fixed_asset_investment", -3.2),
    ("外贸进出口总额增长-5.2%", "foreign_trade", -5.2),
    ("规模工业增加值增长－1.5%", "industrial_value_added", -1.5),
    ("地区生产总值增长１２．５％", "gdp", 12.5),
    ("地区生产总值99999999999999999999999999亿元", None, None),
    ("地区生产总值0.000000001亿元", None, None),
    ("新增城镇就业0人", None, None),
    ("地区生产总值增长1e308%", None, None),
    ("税收收入-0亿元", None, None),
    ("目标投资1万亿亿元", None, None),  # beyond the plausible range of yuan: left out with a warning
    ("固定资产投资增长99999%", None, None),
]


@FUZZ
@given(picks=st.lists(st.sampled_from(EDGE_FIGURES), min_size=1, max_size=6), year=st.integers(1990, 2100))
def test_numbers_at_the_edges(workspace: Workspace, picks: list, year: int) -> None:
    CASES["numbers at the edges"] += 1
    text = f"芦淞区{year}年政府工作报告\n{year - 1}年，全区" + "，".join(p[0] for p in picks) + "。\n"
    outcome = run_build(workspace, {"edge.txt": text.encode("utf-8")})
    assert outcome.status == 0, outcome.err


@pytest.mark.parametrize(("sentence", "indicator", "value"), [e for e in EDGE_FIGURES if e[1] is not None])
def test_edge_figures_keep_their_value_and_sign(
    workspace: Workspace, sentence: str, indicator: str, value: float
) -> None:
    """`0.0%` is zero, `10000亿` is 1e12, a decline (下降, or a minus sign) is a negative growth."""
    CASES["numbers at the edges"] += 1
    text = f"芦淞区2024年政府工作报告\n2023年，全区{sentence}。\n"
    outcome = run_build(workspace, {"edge.txt": text.encode("utf-8")})
    assert outcome.status == 0, outcome.err
    found = [(v, vt) for doc, v, _u, vt in outcome.facts if doc == "edge"]
    assert len(found) == 1, found
    assert found[0][0] == pytest.approx(value), (sentence, found)


SCRIPTS = [
    "<script>window.__pwned = 1; alert(1)</script>",
    '<img src=x onerror="window.__pwned=1">',
    "<style>body{display:none}</style>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<svg onload=alert(1)><script>alert(2)</script></svg>",
    "<!-- <script>alert(3)</script> -->",
    '<a href="javascript:alert(1)">链接</a>',
    "<p>&lt;script&gt;alert(4)&lt;/script&gt;</p>",
    "<script>",  # unclosed
    "<noscript><p>请启用脚本</p></noscript>",
    "<template><p>模板</p></template>",
    "<![CDATA[ alert(5) ]]>",
]


@FUZZ
@given(
    parts=st.lists(
        st.one_of(st.sampled_from(SCRIPTS), st.sampled_from(SENTENCES).map("<p>{}</p>".format)), max_size=12
    ),
    tail=st.text(max_size=50),
)
def test_html_with_scripts(workspace: Workspace, parts: list[str], tail: str) -> None:
    """Script bodies never become document text; a page without visible text is named, not built."""
    CASES["HTML with scripts"] += 1
    page = "<html><head><title>标题</title><script>var a=1</script></head><body>" + "".join(parts) + tail
    outcome = run_build(workspace, {"page.html": page.encode("utf-8")})
    if outcome.status == 1:
        assert outcome.err.startswith("error: page.html: "), outcome.err
    else:
        text = dict(outcome.texts)["page"]
        assert "__pwned" not in text and "var a=1" not in text and "display:none" not in text


ODD_CELLS = [
    "", " ", "2024", "2024-01-29", "2024-02-30", "20240129", "2024/01/29", "-1", "0", "2024.0", "1e3",
    "２０２４", "99999999999999999999", "None", "null", "NaN", "true", "\x00", '"', "'", ",", "\n",
    "../base.txt", "/etc/passwd", "..", "fuzz.txt", "base.txt", "x" * 5000,
]  # fmt: skip
cells = st.one_of(st.text(max_size=30), st.sampled_from(ODD_CELLS))


@FUZZ
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=10), min_size=1, max_size=4))
def test_manifest_rows_with_wrong_types(workspace: Workspace, rows: list[list[str]]) -> None:
    """Rows of any shape and type: each bad row is named by the file (or manifest line) it concerns."""
    CASES["manifest rows"] += len(rows)
    files = {"fuzz.txt": "芦淞区2024年新增就业1万人。\n".encode()}
    outcome = run_build(workspace, files, rows=rows)
    assert outcome.status in (0, 1)


@FUZZ
@given(manifest=st.one_of(st.binary(max_size=2048), st.text(max_size=500).map(str.encode)))
def test_manifest_of_any_bytes(workspace: Workspace, manifest: bytes) -> None:
    CASES["manifest bytes"] += 1
    run_build(workspace, {}, manifest=manifest)


# --- a 50 MB file ------------------------------------------------------------------------------------

BIG_MB = 50
BIG_TIMEOUT_S = 90  # a guard against a hang, not a speed goal: a refusal takes a second or two


@pytest.mark.parametrize("kind", ["text", "binary"])
def test_a_50_mb_file_ends_in_a_database_or_a_message(
    workspace: Workspace, tmp_path: Path, kind: str
) -> None:
    """A 50 MB input (a text a thousand times a real report's size, or binary junk) must not hang the
    build or exhaust the machine: it is refused with a message, or built."""
    CASES["50 MB file"] += 1
    raw = tmp_path / "raw"
    shutil.copytree(workspace.raw, raw)
    unit = ("".join(SENTENCES) + "\n").encode("utf-8") if kind == "text" else os.urandom(1 << 20)
    with (raw / "big.txt").open("wb") as file:
        for _ in range(BIG_MB * (1 << 20) // len(unit) + 1):
            file.write(unit)
    _write_manifest(
        raw / "manifest.csv",
        [[c.format(name=n) for c in GOOD_ROW] for n in ("base.txt", "big.txt")],
    )
    db = Path(shutil.copyfile(workspace.good_db, tmp_path / "lusong.duckdb"))
    before = _sha256(db)
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "etl", "build", "--raw", str(raw), "--db", str(db), "--jobs", "1"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=BIG_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"the build of a {BIG_MB} MB {kind} file was still running after {BIG_TIMEOUT_S} s: "
            "no size limit on input files, and extraction time grows with the square of a document's "
            "length (etl/extract.py _fact and etl/entities.py _tells_results scan every earlier sentence for "
            "each figure; etl/classify.py _contexts/_cues_in scan the sentence before each figure)",
            pytrace=False,
        )
    elapsed = time.monotonic() - started
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    if result.returncode == 0:
        assert result.stdout.startswith(f"built {db}: ")
    else:
        assert result.returncode == 1
        assert result.stderr.startswith("error: big.txt: "), result.stderr[:500]
        assert _sha256(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lusong.duckdb", "raw"]
    print(f"{BIG_MB} MB {kind} file: exit {result.returncode} in {elapsed:.1f} s: {result.stderr[:200]!r}")
