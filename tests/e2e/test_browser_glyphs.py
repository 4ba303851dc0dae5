"""Chinese text is drawn with real glyphs, not tofu, in the page and in the charts; the check can fail."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.e2e.conftest import DESKTOP, launch_chromium
from tests.e2e.glyphs import glyph_report, no_cjk_fontconfig
from tests.e2e.site import BY_ID
from tests.e2e.streamlit_ui import CHART, KPI, MAIN, SIDEBAR, open_app, screenshot

pytestmark = pytest.mark.e2e

# Chinese text of different kinds on the overview: the heading, a KPI label, the sidebar's filter heading.
TEXTS = {
    "heading": f"{MAIN} h1",
    "kpi label": f"{KPI} .label",
    "sidebar": f"{SIDEBAR} h3",
}


def test_chinese_text_has_real_glyphs(app_server, page):
    open_app(page, BY_ID["overview"].url(app_server.url))
    for what, selector in TEXTS.items():
        report = glyph_report(page, selector)
        assert report.real_glyphs, f"{what} ({selector}) not drawn with CJK glyphs: {report}"


def test_chinese_text_in_charts_has_real_glyphs(app_server, page):
    """Plotly draws its text as SVG with its own font setting; it must reach a CJK font too."""
    open_app(page, BY_ID["trends"].url(app_server.url))
    texts = page.locator(f"{MAIN} {CHART} svg text").all()
    chinese = [t for t in texts if any("\u4e00" <= ch <= "\u9fff" for ch in t.text_content() or "")]
    assert chinese, "no Chinese text in the trend charts"
    for text in chinese[:5]:
        handle = text.element_handle()
        handle.evaluate("e => e.setAttribute('data-glyph-check', '1')")
        report = glyph_report(page, "[data-glyph-check='1']")
        handle.evaluate("e => e.removeAttribute('data-glyph-check')")
        assert report.real_glyphs, f"chart text not drawn with CJK glyphs: {report}"


def test_glyph_check_detects_tofu_without_a_cjk_font(playwright_instance, app_server):
    """The same check in a Chromium whose fontconfig lists no font with Chinese: it must report tofu.
    The screenshot shows what a visitor without CJK fonts would see."""
    with tempfile.TemporaryDirectory(prefix="no-cjk-fonts-") as tmp:
        env = {**os.environ, **no_cjk_fontconfig(Path(tmp))}
        browser = launch_chromium(playwright_instance, env=env)
        try:
            page = browser.new_page(viewport=DESKTOP)
            open_app(page, BY_ID["overview"].url(app_server.url))
            report = glyph_report(page, TEXTS["heading"])
            screenshot(page, "control-no-cjk-font-overview")
        finally:
            browser.close()
    assert report.n_han > 0, report
    assert not report.real_glyphs, f"the glyph check passed text drawn without any CJK font: {report}"
    assert report.like_tofu and report.narrow, report
