"""Writes that are safe to retry (house style 15): idempotency keys, answers from memory.

A client that lost an answer sends the request again; a browser double submits a form.
Such a write carries a key (the API's ``Idempotency-Key`` header, a form's one-time token):

* :func:`first_answer` finds a key already used by the same user: the view answers as the
  first request did (the same meeting, the same letter) and stores nothing;
* otherwise the key is stored *in the write's own transaction* (:func:`remember`, or
  :func:`remembered_with_new` around a service that commits itself), so it exists exactly
  when the write does. A twin running at the same time fails on the unique constraint at
  its commit, rolls back, and then finds the first one's key.

The answer to a write is built from what the request already holds
(:func:`kept_after_commit`), never from a query after the commit: a connection lost
there would turn a stored write into an error, and the client's retry into a duplicate.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import event, select

from ..extensions import db
from ..models import IdempotencyKey
from ..models.idempotency import MAX_KEY_LENGTH

HEADER = "Idempotency-Key"
FORM_FIELD = "idempotency_key"
_VALID = re.compile(rf"[\x21-\x7e]{{1,{MAX_KEY_LENGTH}}}")

BAD_KEY = (f"{HEADER} হেডারে ১ থেকে {MAX_KEY_LENGTH} অক্ষরের একটি চাবি দিন (ইংরেজি অক্ষর, "
           "অঙ্ক ও চিহ্ন; ফাঁকা জায়গা ছাড়া), যেমন একটি UUID")
KEY_REUSED = (f"এই {HEADER} আগে অন্য একটি অনুরোধে ব্যবহার করা হয়েছে; প্রতিটি নতুন অনুরোধে "
              "নতুন চাবি দিন")
GONE = "এই অনুরোধে আগে যে সভাটি যোগ হয়েছিল, সেটি এর মধ্যে মুছে ফেলা হয়েছে"


class BadKey(ValueError):
    """The key is empty, too long, or not printable ASCII."""


class KeyReused(Exception):
    """The key was used for another request (another endpoint, another meeting)."""


class Gone(Exception):
    """What the first request with the key created has been deleted since."""


@dataclass(frozen=True)
class Key:
    """A request's idempotency key: unique per user, bound to the endpoint that used it."""

    user_id: int
    value: str
    endpoint: str


def request_key(value: str | None, user, endpoint: str, *, strict: bool = True) -> Key | None:
    """The key a request carries, or None without one.

    An invalid key raises BadKey when `strict` (a header the client chose); a form's
    token that is not one of ours is ignored (the form still works, without the guard).
    """
    if value is None or value == "":
        return None
    if not _VALID.fullmatch(value):
        if strict:
            raise BadKey(value)
        return None
    return Key(user.id, value, endpoint)


def new_form_token() -> str:
    """A one-time token for a form that creates something (the form's hidden field)."""
    return secrets.token_urlsafe(32)


def first_answer(key: Key | None) -> int | None:
    """The id of what the first request with `key` created, or None if there was none.

    Raises KeyReused when the user used the key at another endpoint.
    """
    if key is None:
        return None
    row = db.session.scalar(select(IdempotencyKey).where(
        IdempotencyKey.user_id == key.user_id, IdempotencyKey.key == key.value))
    if row is None:
        return None
    if row.endpoint != key.endpoint:
        raise KeyReused(key.value)
    return row.resource_id


def remember(key: Key | None, resource_id: int) -> None:
    """Store `key` with the write's resource in the write's transaction (no commit here)."""
    if key is not None:
        db.session.add(IdempotencyKey(user_id=key.user_id, key=key.value,
                                      endpoint=key.endpoint, resource_id=resource_id))


@contextmanager
def remembered_with_new(key: Key | None, model: type) -> Iterator[None]:
    """Around a service that commits itself (the import): the commit that stores the
    block's first new `model` row stores `key` with its id, in the same transaction."""
    if key is None:
        yield
        return
    session = db.session()
    created: list = []

    def after_flush(sess, _context):
        created.extend(obj for obj in sess.new if isinstance(obj, model))

    def after_soft_rollback(_sess, _previous):
        created.clear()  # the service may try again: only its last attempt counts

    def before_commit(_sess):
        if created:
            remember(key, created[0].id)  # flushed by this very commit
            created.clear()

    listeners = (("after_flush", after_flush), ("after_soft_rollback", after_soft_rollback),
                 ("before_commit", before_commit))
    for name, listener in listeners:
        event.listen(session, name, listener)
    try:
        yield
    finally:
        for name, listener in listeners:
            event.remove(session, name, listener)


@contextmanager
def kept_after_commit() -> Iterator[None]:
    """Commits in the block leave the loaded objects as they are (not expired), so the
    answer is built from them without a new query."""
    session = db.session()
    previous = session.expire_on_commit
    session.expire_on_commit = False
    try:
        yield
    finally:
        session.expire_on_commit = previous


def commit_kept() -> None:
    """Commit, keeping the loaded objects for the answer; roll back on failure."""
    try:
        with kept_after_commit():
            db.session.commit()
    except Exception:
        db.session.rollback()
        raise
