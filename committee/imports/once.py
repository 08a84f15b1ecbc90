"""Importing a committee-minutes/1 document once per idempotency key (web page and API).

The import itself is ``imports.import_document`` (all or nothing, it commits); this
adds the key: a repeated request answers with the meeting the first one stored.
"""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..interchange.validate import ValidationError
from ..models import Meeting
from ..retrysafe import Gone, Key, first_answer, kept_after_commit, remembered_with_new
from .importer import ImportRefused, import_document


def import_once(doc, user, key: Key | None = None) -> Meeting:
    """Import `doc` as a new meeting, or return the meeting stored under `key` before.

    Raises what import_document raises (ValidationError, ImportRefused), KeyReused for a
    key used elsewhere, Gone when the meeting stored under the key was deleted since.
    The returned meeting stays loaded: its answer needs no query after the commit.
    """
    first = first_answer(key)
    if first is None:
        try:
            with remembered_with_new(key, Meeting), kept_after_commit():
                return import_document(doc, user)
        except ImportRefused:
            db.session.rollback()  # the lookups of the refused district are not kept
            raise
        except (IntegrityError, ValidationError):
            # A twin with this key may have been stored first: then this one took
            # nothing (its own commit failed on the key, or on what the twin stored).
            db.session.rollback()
            first = first_answer(key)
            if first is None:
                raise
    meeting = db.session.get(Meeting, first)
    if meeting is None:
        raise Gone(first)
    return meeting
