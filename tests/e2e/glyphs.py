"""Does Chinese text render with real glyphs, or as tofu (the boxes a browser draws for a missing glyph)?

Two independent measures of the text a user sees:
- width: a CJK glyph is full-width, as wide as the font size (1 em); a missing-glyph box is narrower, so every
  Han character of the element, measured in the DOM with a Range, must be close to 1 em wide;
- shape: each distinct character, drawn alone with the element's own font into a canvas, must leave ink,
  differ from the drawing of a private-use code point (no font has a glyph for U+E000, so that drawing *is*
  the tofu of this browser) and differ from every other character (tofu boxes are all alike).
A browser whose fontconfig knows no CJK font (see `no_cjk_fontconfig`) fails both; that is the proof the
check can fail.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

_MEASURE = r"""(selector) => {
    const el = document.querySelector(selector);
    if (!el) return null;
    const style = getComputedStyle(el);
    const fontSize = parseFloat(style.fontSize);
    const text = el.innerText ?? el.textContent;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const widths = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const chars = [...node.data];
        let offset = 0;
        for (const ch of chars) {
            const len = ch.length;
            if (/\p{Script=Han}/u.test(ch)) {
                const range = document.createRange();
                range.setStart(node, offset); range.setEnd(node, offset + len);
                const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
                widths.push({ch, ratio: range.getBoundingClientRect().width / size});
            }
            offset += len;
        }
    }
    const han = [...new Set([...text].filter(c => /\p{Script=Han}/u.test(c)))];
    const canvas = document.createElement('canvas');
    canvas.width = 96; canvas.height = 96;
    const ctx = canvas.getContext('2d', {willReadFrequently: true});
    const font = `${style.fontStyle} ${style.fontWeight} 64px ${style.fontFamily}`;
    const draw = (ch) => {
        ctx.clearRect(0, 0, 96, 96);
        ctx.font = font; ctx.fillStyle = '#000'; ctx.textBaseline = 'top';
        ctx.fillText(ch, 8, 8);
        const data = ctx.getImageData(0, 0, 96, 96).data;
        let ink = 0, hash = 0;
        for (let i = 3; i < data.length; i += 4) {
            if (data[i] > 0) ink++;
            hash = (hash * 31 + data[i]) >>> 0;
        }
        return {ink, hash};
    };
    const tofu = draw('\uE000');
    const drawn = han.map(ch => ({ch, ...draw(ch)}));
    return {text, fontFamily: style.fontFamily, fontSize, widths, tofu, drawn};
}"""


@dataclass
class GlyphReport:
    text: str
    font_family: str
    narrow: list[str]  # Han characters whose DOM width is not about 1 em
    blank: list[str]  # drawn without ink
    like_tofu: list[str]  # drawn exactly as the missing-glyph box
    alike: list[str]  # drawn exactly as another, different character
    n_han: int

    @property
    def real_glyphs(self) -> bool:
        return self.n_han > 0 and not (self.narrow or self.blank or self.like_tofu or self.alike)


def glyph_report(page, selector: str) -> GlyphReport:
    measured = page.evaluate(_MEASURE, selector)
    assert measured is not None, f"no element {selector!r} on {page.url}"
    narrow = [w["ch"] for w in measured["widths"] if not 0.9 <= w["ratio"] <= 1.1]
    drawn = measured["drawn"]
    seen: dict[int, str] = {}
    alike = []
    for d in drawn:
        if d["hash"] in seen:
            alike.append(f"{d['ch']}={seen[d['hash']]}")
        seen.setdefault(d["hash"], d["ch"])
    return GlyphReport(
        text=measured["text"],
        font_family=measured["fontFamily"],
        narrow=narrow,
        blank=[d["ch"] for d in drawn if d["ink"] == 0],
        like_tofu=[d["ch"] for d in drawn if d["hash"] == measured["tofu"]["hash"]],
        alike=alike,
        n_han=len(measured["widths"]),
    )


def _font_files(pattern: str = ":") -> list[str]:
    """Font files fontconfig knows (matching a pattern); none when fontconfig's tools are missing."""
    if shutil.which("fc-list") is None:
        return []
    listed = subprocess.run(["fc-list", pattern, "--format", "%{file}\\n"], capture_output=True, text=True)
    return listed.stdout.split()


def no_cjk_fontconfig(directory: Path) -> dict[str, str]:
    """Environment for a browser that sees only this machine's fonts without Chinese coverage."""
    fonts = directory / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    without = sorted(set(_font_files()) - set(_font_files(":lang=zh")))
    for i, path in enumerate(without):
        link = fonts / f"{i:03d}_{Path(path).name}"
        if not link.exists():
            link.symlink_to(path)
    config = directory / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{fonts}</dir>\n  <cachedir>{directory / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(config)}
