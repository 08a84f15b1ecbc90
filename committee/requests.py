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

    def get_json(self, *args, **kwargs):  # noqa: D102 (same contract as Flask's)
        return nfc(super().get_json(*args, **kwargs))
