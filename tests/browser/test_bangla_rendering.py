"""Bangla renders with a real Bangla font, not as tofu boxes."""
from __future__ import annotations

import pytest

from tests.conftest import make_user

pytestmark = pytest.mark.browser
expect = pytest.importorskip(
    "playwright.sync_api", reason="browser tests: the playwright package is not installed "
    "(scripts/setup-venv requirements-dev.txt)").expect


def platform_fonts(page, selector: str) -> dict[str, int]:
    """The system fonts Chromium used to draw the text of `selector`: family -> glyphs."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"no {selector} on the page"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {f["familyName"]: f["glyphCount"] for f in fonts}


def test_login_page_draws_bangla_with_a_bangla_font(app, page, shot):
    make_user(app, "admin", "admin")  # with no user yet, /login is the first-run setup
    page.goto("/login")
    expect(page.get_by_role("heading", name="লগইন")).to_be_visible()
    shot("01-login")
    fonts = platform_fonts(page, "main h1")
    bangla = {name: n for name, n in fonts.items() if "Bengali" in name}
    assert bangla and all(bangla.values()), (
        f"the heading was drawn with {fonts}, no Bangla font: install fonts-noto-core "
        "(scripts/system-packages)")
    # The whole heading is Bangla: no glyph may come from a fallback font (a tofu box).
    assert set(fonts) == set(bangla), f"glyphs drawn outside a Bangla font: {fonts}"
