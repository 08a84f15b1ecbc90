"""Importing a committee-minutes/1 document once per idempotency key (web page and API).

The import itself is ``imports.import_minutes`` (all or nothing, it commits); this
adds the key: a repeated request answers with the meeting the first one stored. Without
a key, the same minutes imported again answer with their meeting too (``created`` False:
one meeting per committee and date), and other minutes of that date are refused.
"""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..interchange.validate import ValidationError
from ..models import Meeting
from ..retrysafe import Gone, Key, first_answer, kept_after_commit, remembered_with_new
from .importer import Imported, ImportRefused, import_minutes


def import_once(doc, user, key: Key | None = None) -> Imported:
    """Import `doc` as a new meeting, or return the meeting stored under `key` before
    (as the first request answered: ``created`` True).

    Raises what import_minutes raises (ValidationError, among them AlreadyImported;
    ImportRefused), KeyReused for a key used elsewhere, Gone when the meeting stored
    under the key was deleted since.
    The returned meeting stays loaded: its answer needs no query after the commit.
    """
    first = first_answer(key)
    if first is None:
        try:
            with remembered_with_new(key, Meeting), kept_after_commit():
                result = import_minutes(doc, user)
            if not result.created and first_answer(key) == result.meeting.id:
                return Imported(result.meeting, True)  # a twin with this key stored it
            return result
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
    return Imported(meeting, True)
