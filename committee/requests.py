"""The request class: every text a user sends arrives NFC-normalized.

Bangla can be typed two ways (a precomposed letter, or the letter and its nukta), and
the two spellings look identical on screen. Normalizing once, at the edge, makes every
form field, query parameter and JSON string compare equal however it was typed.
"""
from __future__ import annotations

import unicodedata
from typing import Any

from flask import Request, current_app
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from .bangla import to_bangla_digits

# The largest value an INTEGER column holds on PostgreSQL (int4; SQLite's is larger). Ids
# and serials from a request above it are refused at the edge (404 for a URL, 400 for a
# parameter or a field) instead of overflowing inside the database driver (a 500).
MAX_INT = 2**31 - 1
# No document of ours nests deeper than ~6 levels; a deeper one is refused as bad JSON before
# anything walks it recursively (Python's recursion limit would turn it into a 500).
MAX_JSON_DEPTH = 64
# An import's body (POST /api/v1/meetings/import, the import page's upload) is at most
# IMPORT_MAX_CONTENT_LENGTH bytes (config; default 2 MiB), well under MAX_CONTENT_LENGTH: the
# Magura minutes are 25 KB (47 KB as ASCII-escaped JSON), so 2 MiB holds ~40 times their text;
# a larger document is no set of minutes. Larger bodies are refused with 413 before they are
# read; the page's limit adds room for the multipart envelope and the CSRF field, so a file
# just over 2 MiB still gets the page's own message (meetings/import_views.py).
IMPORT_MAX_CONTENT_LENGTH = 2 * 1024 * 1024
BODY_LIMITS = {"api.import_meeting": 0, "meetings.import_file": 64 * 1024}


def size_text(size: int) -> str:
    """A byte count in Bangla: 2097152 -> "২ মেগাবাইট", 2000 -> "২০০০ বাইট"."""
    for unit, name in ((1024 * 1024, "মেগাবাইট"), (1024, "কিলোবাইট")):
        if size >= unit and size % unit == 0:
            return f"{to_bangla_digits(size // unit)} {name}"
    return f"{to_bangla_digits(size)} বাইট"


def nfc(value: Any) -> Any:
    """`value` with every string in it (also inside lists and dicts) in NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {nfc(k) if isinstance(k, str) else k: nfc(v) for k, v in value.items()}
    return value


class NFCMultiDict(ImmutableMultiDict):
    """Query strings and form fields, with their text values normalized."""
    def __init__(self, mapping=None):
        if mapping is None:
            super().__init__()
            return
        if isinstance(mapping, MultiDict):
            pairs = mapping.items(multi=True)
        elif isinstance(mapping, dict):
            pairs = [(k, v) for k, vs in mapping.items()
                     for v in (vs if isinstance(vs, (list, tuple)) else [vs])]
        else:
            pairs = mapping
        super().__init__([(k, nfc(v)) for k, v in pairs])


class AppRequest(Request):
    """Flask's request, normalizing form data, query strings and JSON bodies."""
    parameter_storage_class = NFCMultiDict

    @property
    def max_content_length(self) -> int | None:
        """MAX_CONTENT_LENGTH, or the smaller limit of an import (BODY_LIMITS)."""
        limit = super().max_content_length
        envelope = BODY_LIMITS.get(self.endpoint) if self._max_content_length is None \
            and current_app else None
        if envelope is None:
            return limit
        own = current_app.config.get("IMPORT_MAX_CONTENT_LENGTH", IMPORT_MAX_CONTENT_LENGTH)
        return min(limit, own + envelope) if limit is not None else own + envelope

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True):
        """Flask's get_json, NFC-normalized; too deeply nested JSON counts as malformed."""
        try:
            value = super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError as exc:  # the decoder's own depth limit
            return None if silent else self.on_json_loading_failure(exc)
        if not _shallow(value):
            error = ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
            return None if silent else self.on_json_loading_failure(error)
        return nfc(value)


def _shallow(value: Any) -> bool:
    """True when no list or object in `value` is nested deeper than MAX_JSON_DEPTH."""
    stack = [(value, 1)]
    while stack:  # iterative, so the check itself cannot hit the recursion limit
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node \
            if isinstance(node, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth >= MAX_JSON_DEPTH:
                    return False
                stack.append((child, depth + 1))
    return True
