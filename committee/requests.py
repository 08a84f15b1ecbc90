"""The request class: every text a user sends arrives NFC-normalized.

Bangla can be typed two ways (a precomposed letter, or the letter and its nukta), and
the two spellings look identical on screen. Normalizing once, at the edge, makes every
form field, query parameter and JSON string compare equal however it was typed.
"""
from __future__ import annotations

import unicodedata
from typing import Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

# The largest value an INTEGER column holds on PostgreSQL (int4; SQLite's is larger). Ids
# and serials from a request above it are refused at the edge (404 for a URL, 400 for a
# parameter or a field) instead of overflowing inside the database driver (a 500).
MAX_INT = 2**31 - 1
# No document of ours nests deeper than ~6 levels; a deeper one is refused as bad JSON before
# anything walks it recursively (Python's recursion limit would turn it into a 500).
MAX_JSON_DEPTH = 64


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
