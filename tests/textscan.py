"""The Bangla-digits scan: every HTML page and flashed message the tests make, checked for
ISO dates and ASCII digits where Bangla ones belong (tests/test_text_digits_scan.py).

`install(app)` (tests/conftest.py, TESTING only) records, for each text/html response and
each flashed message, the offending text nodes: an ISO date (2022-03-14), an ASCII digit
touching Bangla text ("500 অক্ষর", "13 টি", "সর্বোচ্চ 500"), or a Bangla digit glued to a
Latin letter ("A২": user data converted). Not scanned: <script>, <style>, <code>, <pre>,
<textarea> and attribute values (an <input>'s value is what was typed).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from flask import message_flashed, request

SKIP = {"script", "style", "code", "pre", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
BN_LETTER = "\u0980-\u09e5\u09f0-\u09ff"  # Bangla block without its digits ০-৯
RULES = (
    ("ISO date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b")),
    # A number that is part of a Latin name ("SHA-256 হ্যাশ", "A2 কক্ষ") is not the app's.
    ("ASCII digit next to Bangla", re.compile(
        rf"[{BN_LETTER}০-৯]\s?[0-9]|(?<![A-Za-z0-9])(?<![A-Za-z]-)[0-9]+\s?[{BN_LETTER}০-৯]")),
    ("Bangla digit glued to a Latin letter", re.compile(r"[A-Za-z][০-৯]|[০-৯][A-Za-z]")),
)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []
        self.nodes: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skipping.append(tag)

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.nodes.append(" ".join(data.split()))


def text_nodes(html: str) -> list[str]:
    """The visible text nodes of a page (what the scan reads)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.nodes


def offences(texts, allowed=()) -> list[str]:
    """"rule: «text»" for each text breaking a rule; `allowed` strings (user data the
    tests typed) are blanked out first."""
    found = []
    for text in texts:
        checked = text
        for value in allowed:
            checked = checked.replace(value, " ")
        for rule, pattern in RULES:
            if pattern.search(checked):
                found.append(f"{rule}: «{text}»")
    return found


@dataclass
class Scan:
    """What the scan saw: pages and messages read, offences with where they were."""

    pages: int = 0
    messages: int = 0
    found: list[str] = field(default_factory=list)
    allowed: set[str] = field(default_factory=set)
    # Everything found since the run began (reset() keeps it): the run's summary.
    in_run: set[str] = field(default_factory=set)

    def page(self, where: str, html: str) -> None:
        self.pages += 1
        self._add([f"{where}: {o}" for o in offences(text_nodes(html), self.allowed)])

    def message(self, where: str, text: str) -> None:
        self.messages += 1
        self._add([f"{where} (flash): {o}" for o in offences([str(text)], self.allowed)])

    def _add(self, found: list[str]) -> None:
        self.found += found
        self.in_run.update(found)

    def reset(self) -> None:
        self.pages, self.messages, self.found = 0, 0, []


SCAN = Scan()


def summary(terminalreporter, scan: Scan = SCAN, limit: int = 40) -> None:
    """The run's offences at the end of pytest's report (the data other tests type, such
    as a room "A2", shows up here too: read, not asserted; test_text_digits_scan asserts)."""
    if not scan.in_run:
        return
    terminalreporter.section("Bangla digits scan (tests/textscan.py)")
    lines = sorted(scan.in_run)
    for line in lines[:limit]:
        terminalreporter.line(line[:300])
    if len(lines) > limit:
        terminalreporter.line(f"... and {len(lines) - limit} more")


# User data the tests' documents carry, shown as it was typed: the Magura minutes say
# "কোভিড-19" (item ১০).
TYPED_DATA = frozenset({"কোভিড-19"})


def install(app, scan: Scan = SCAN) -> None:
    """Record every HTML response and flashed message of `app` (a test app only)."""
    assert app.testing, "the text scan is for test apps"
    scan.allowed |= TYPED_DATA

    @app.after_request
    def _scan_page(response):
        if response.mimetype == "text/html" and not response.direct_passthrough:
            scan.page(f"{request.method} {request.full_path.rstrip('?')} "
                      f"[{response.status_code}]", response.get_data(as_text=True))
        return response

    def _flashed(sender, message, category, **extra):
        scan.message(f"{request.method} {request.path}", message)

    message_flashed.connect(_flashed, app, weak=False)
