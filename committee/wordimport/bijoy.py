"""Text typed in the legacy Bijoy encoding (SutonnyMJ and the other "…MJ" fonts), to Unicode.

Bijoy stores Bangla as Latin-1 letters drawn by a special font: "miKvi" is সরকার. A run is
Bijoy when its font is one of those fonts (the reliable sign; "SutonnyOMJ" is the Unicode
version and is left alone), or, for a run without such a font, when its text has no Bangla
letter and reads like Bijoy (`looks_like_bijoy`).

The conversion itself is the `bijoytounicode` package (MPL-2.0, vendored unchanged as
bijoy_tables.py), checked against known words in tests/test_wordimport_read.py; the newer
Bijoy keyboards' "ÿ" for ক্ষ, which it does not know, is mapped to its older "¶" first, and
"æ" (the u-sign drawn under র: "iæ" = রু), which it reads as ম্ন, to the plain u-sign "y".
"""
from __future__ import annotations

import re
import unicodedata

from docx.oxml.ns import qn

from .bijoy_tables import bijoy2unicode

_BIJOY_FONT = re.compile(r"(?<!O)MJ$|bijoy", re.IGNORECASE)
_BANGLA = re.compile(r"[\u0980-\u09ff]")
# Letters the Bijoy fonts draw as conjuncts and signs; rare in English text.
_MARKERS = set("‡†ˆ‰©Ö¨¯Íš¿ª¶ÿ¤¢¦¥®ß×Ø÷æÔ»¼½¾ƒ„…Ë±µ")
_WORD = re.compile(r"[^\s\d.,;:()/\-]+")
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
_PRE_MAP = str.maketrans({"ÿ": "¶", "æ": "y"})


def is_bijoy_font(name: str | None) -> bool:
    return bool(name) and bool(_BIJOY_FONT.search(name.strip()))


_FONT_ATTRIBUTE = re.compile(rb'w:(?:ascii|hAnsi)="([^"]+)"')


def mentions_bijoy_font(*xml: bytes) -> bool:
    """Whether any of these XML parts (the body, the styles) names a Bijoy font; when
    none does, no run can be in one and the per-run check is skipped."""
    return any(is_bijoy_font(m.decode("utf-8", "replace"))
               for part in xml for m in _FONT_ATTRIBUTE.findall(part))


def run_is_bijoy(run_el, paragraph, style_fonts: dict) -> bool:
    """Whether a <w:r> is set in a Bijoy font (its own font, else its paragraph style's;
    `style_fonts` caches each style's answer for the document)."""
    fonts = run_el.find(qn("w:rPr") + "/" + qn("w:rFonts"))
    if fonts is not None:
        name = fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))
        if name:
            return is_bijoy_font(name)
    p_pr = paragraph._p.pPr
    style_id = p_pr.pStyle.val if p_pr is not None and p_pr.pStyle is not None else ""
    if style_id not in style_fonts:
        style, answer = paragraph.style, False
        while style is not None:
            if style.font is not None and style.font.name:
                answer = is_bijoy_font(style.font.name)
                break
            style = style.base_style
        style_fonts[style_id] = answer
    return style_fonts[style_id]


def looks_like_bijoy(text: str) -> bool:
    """Text with no Bangla letter whose words mostly carry Bijoy's signs or its
    mid-word capitals ("ZvwiL", "miKvi"): ordinary English has neither."""
    if not text or _BANGLA.search(text):
        return False
    words = [w for w in _WORD.findall(text) if any(ch.isalpha() for ch in w)]
    if len(words) < 2:
        return False
    marked = sum(1 for w in words if _MARKERS.intersection(w) or _INNER_CAPITAL.search(w))
    return marked * 2 >= len(words)


def to_unicode(text: str) -> str:
    """Bijoy text as Unicode Bangla (NFC); digits become Bangla digits, as the font drew them."""
    if not text:
        return text
    return unicodedata.normalize("NFC", bijoy2unicode(text.translate(_PRE_MAP)))
