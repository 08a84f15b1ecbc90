"""Browser fixtures: the app served in-process, Debian's Chromium driven by Playwright.

The server runs the session app of tests/conftest.py (same database: SQLite, or
TEST_DATABASE_URL), so a test sets up users with the usual factories and the browser
sees them. We never download a browser: Chromium comes from Debian (CHROMIUM_PATH
overrides /usr/bin/chromium); without it, or without the playwright package, the
tests skip with the reason.

Every page a test opens fails the test on a JavaScript error, a console error (which
includes failed loads and Content-Security-Policy refusals) or a CSP violation event.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.conftest import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
TIMEOUT_MS = 10_000

# Reported as console errors, so the collector below sees them; init scripts run
# outside the page's CSP.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + e.blockedURI
                + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-"):  # one line per request is noise here
        pass


@pytest.fixture(scope="session")
def live_server(_session_app):
    """The base URL of the session app served on 127.0.0.1 (a free port)."""
    server = make_server("127.0.0.1", 0, _session_app, threaded=True,
                         request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless; skips the browser tests when it cannot run (in CI,
    where scripts/system-packages installs it, a missing browser fails them instead)."""
    unavailable = pytest.fail if os.environ.get("CI") else pytest.skip
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        unavailable("browser tests: the playwright package is not installed "
                    "(scripts/setup-venv requirements-dev.txt)")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"browser tests: no Chromium at {CHROMIUM} (install Debian's `chromium` "
                    "with scripts/system-packages, or set CHROMIUM_PATH)")
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()


class PageErrors:
    """JavaScript errors, console errors and CSP violations seen by one page."""

    def __init__(self, page):
        self.messages: list[str] = []
        page.on("pageerror", lambda exc: self.messages.append(f"JavaScript error: {exc}"))
        page.on("console", self._console)

    def _console(self, msg) -> None:
        if msg.type == "error":
            where = msg.location.get("url", "")
            self.messages.append(f"console error on {where}: {msg.text}")

    def check(self) -> None:
        """Fail with every message collected so far (then start afresh)."""
        messages, self.messages = self.messages, []
        assert not messages, "the browser reported errors:\n" + "\n".join(messages)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so `page` knows whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(request, app, browser, live_server):
    """A fresh browser context on the live server (empty tables, as `app` gives).

    A failed test leaves test-output/screenshots/FAILED-<test>.png behind.
    """
    context = browser.new_context(base_url=live_server, locale="bn-BD",
                                  viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)
    tab = context.new_page()
    tab.errors = PageErrors(tab)
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / f"FAILED-{request.node.name}.png"), full_page=True)
    context.close()
    tab.errors.check()


@pytest.fixture
def shot(page):
    """shot(name): a full-page screenshot into test-output/screenshots/NAME.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(page):
    """login(username): sign in through the login form and wait for the top bar."""
    from playwright.sync_api import expect

    def sign_in(username: str, password: str = PASSWORD) -> None:
        page.goto("/login")
        page.get_by_label("ব্যবহারকারীর নাম").fill(username)
        page.get_by_label("পাসওয়ার্ড").fill(password)
        page.get_by_role("button", name="প্রবেশ করুন").click()
        expect(page.locator("header.topbar .user")).to_contain_text(username)

    return sign_in


@pytest.fixture
def logout(page):
    """logout(): the top bar's logout button (a POST with the CSRF token)."""
    from playwright.sync_api import expect

    def sign_out() -> None:
        page.get_by_role("button", name="লগ আউট").click()
        expect(page.get_by_role("status")).to_contain_text("আপনি লগ আউট করেছেন")
        expect(page.get_by_role("heading", name="লগইন")).to_be_visible()

    return sign_out
