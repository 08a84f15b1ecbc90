"""Writes that are safe to retry (house style 15): idempotency keys, answers from memory.

A client that lost an answer sends the request again; a browser double submits a form.
Such a write carries a key (the API's ``Idempotency-Key`` header, a form's one-time token):

* :func:`first_answer` finds a key already used by the same user: the view answers as the
  first request did (the same meeting, the same letter) and stores nothing;
* otherwise the key is stored *in the write's own transaction* (:func:`remember`, or
  :func:`remembered_with_new` around a service that commits itself), so it exists exactly
  when the write does. A twin running at the same time fails on the unique constraint at
  its commit, rolls back, and then finds the first one's key.

A key is bound to the request it first came with: the SHA-256 of the request's body in a
canonical form (:func:`request_hash`) is stored with it, and the same key sent with another
body raises :class:`BodyChanged` (a :class:`KeyReused`: the API answers 422, a form asks
for a fresh page). Keys are kept 24 hours (``KEEP_HOURS``): storing a key deletes the
expired ones first, in the same transaction, at most once every ``PURGE_EVERY_SECONDS``
per process (:func:`purge_expired`). A retry after that is a new request.

The answer to a write is built from what the request already holds
(:func:`kept_after_commit`), never from a query after the commit: a connection lost
there would turn a stored write into an error, and the client's retry into a duplicate.
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from flask import has_request_context, request
from sqlalchemy import delete, event, select

from .extensions import db
from .models import IdempotencyKey
from .models._common import utcnow
from .models.idempotency import KEEP_HOURS, MAX_KEY_LENGTH

HEADER = "Idempotency-Key"
FORM_FIELD = "idempotency_key"
_VALID = re.compile(rf"[\x21-\x7e]{{1,{MAX_KEY_LENGTH}}}")

BAD_KEY = (f"{HEADER} হেডারে ১ থেকে {MAX_KEY_LENGTH} অক্ষরের একটি চাবি দিন (ইংরেজি অক্ষর, "
           "অঙ্ক ও চিহ্ন; ফাঁকা জায়গা ছাড়া), যেমন একটি UUID")
KEY_REUSED = (f"এই {HEADER} আগে অন্য একটি অনুরোধে (অন্য কাজে বা অন্য তথ্য নিয়ে) ব্যবহার করা "
              "হয়েছে; একই চাবিতে শুধু হুবহু একই অনুরোধ আবার পাঠানো যায়, প্রতিটি নতুন অনুরোধে "
              "নতুন চাবি দিন")
GONE = "এই অনুরোধে আগে যে সভাটি যোগ হয়েছিল, সেটি এর মধ্যে মুছে ফেলা হয়েছে"


class BadKey(ValueError):
    """The key is empty, too long, or not printable ASCII."""


class KeyReused(Exception):
    """The key was used for another request (another endpoint, another meeting)."""


class BodyChanged(KeyReused):
    """The key was used at the same endpoint with another request body."""


class Gone(Exception):
    """What the first request with the key created has been deleted since."""


@dataclass(frozen=True)
class Key:
    """A request's idempotency key: unique per user, bound to the endpoint that used it
    and, when `bound`, to the body of the request being handled (:func:`request_hash`)."""

    user_id: int
    value: str
    endpoint: str
    bound: bool = field(default=False, compare=False)

    @cached_property
    def request_hash(self) -> str | None:
        """The request's body hash, computed on first use: by then the view has read and
        checked the body (a body over its size limit is refused as such, not here)."""
        return request_hash() if self.bound and has_request_context() else None


def request_key(value: str | None, user, endpoint: str, *, strict: bool = True) -> Key | None:
    """The key a request carries, bound to the request's body, or None without one.

    An invalid key raises BadKey when `strict` (a header the client chose); a form's
    token that is not one of ours is ignored (the form still works, without the guard).
    """
    if value is None or value == "":
        return None
    if not _VALID.fullmatch(value):
        if strict:
            raise BadKey(value)
        return None
    return Key(user.id, value, endpoint, bound=True)


# Form fields that differ between two submissions of the same form (the CSRF token is
# signed with a time) or are the key itself: not part of what the key is bound to.
_UNBOUND_FIELDS = frozenset({"csrf_token", FORM_FIELD})
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def request_hash() -> str:
    """SHA-256 (hex) of the current request's body in a canonical form.

    * JSON: the parsed value with sorted keys and fixed separators, ASCII-escaped (key
      order and white space do not matter); an empty body counts as ``{}``;
    * a form: its fields (without the CSRF token and the one-time token) and, for each
      uploaded file, its name and the SHA-256 of its bytes;
    * anything else: the bytes as sent.
    """
    if request.mimetype in _FORMS:
        fields = {name: values for name, values in request.form.lists()
                  if name not in _UNBOUND_FIELDS}
        files = {name: [[f.filename or "", _file_digest(f)] for f in uploads]
                 for name, uploads in request.files.lists()}
        return _sha256(b"form:" + _canonical({"fields": fields, "files": files}))
    data = request.get_data(cache=True)
    if not data.strip():
        return _sha256(b"json:" + _canonical({}))
    if request.is_json:
        value = request.get_json(silent=True)
        if value is not None:
            return _sha256(b"json:" + _canonical(value))
    return _sha256(b"raw:" + data)


def _canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=True).encode("ascii")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(upload) -> str:
    """SHA-256 of an uploaded file's bytes; the stream is left where it was."""
    stream = upload.stream
    try:
        position = stream.tell()
        stream.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: stream.read(1 << 16), b""):
            digest.update(chunk)
        stream.seek(position)
    except (AttributeError, OSError, ValueError):  # not seekable: its name stands for it
        return ""
    return digest.hexdigest()


def new_form_token() -> str:
    """A one-time token for a form that creates something (the form's hidden field)."""
    return secrets.token_urlsafe(32)


def first_answer(key: Key | None) -> int | None:
    """The id of what the first request with `key` created, or None if there was none.

    Raises KeyReused when the user used the key at another endpoint, BodyChanged when
    the first request with it had another body.
    """
    if key is None:
        return None
    row = db.session.scalar(select(IdempotencyKey).where(
        IdempotencyKey.user_id == key.user_id, IdempotencyKey.key == key.value))
    if row is None:
        return None
    if row.endpoint != key.endpoint:
        raise KeyReused(key.value)
    if row.request_hash is not None and key.request_hash is not None \
            and row.request_hash != key.request_hash:
        raise BodyChanged(key.value)
    return row.resource_id


def remember(key: Key | None, resource_id: int) -> None:
    """Store `key` with the write's resource in the write's transaction (no commit here);
    expired keys are purged first when it is time (:func:`purge_expired`)."""
    if key is not None:
        _purge_when_due()
        db.session.add(IdempotencyKey(user_id=key.user_id, key=key.value,
                                      endpoint=key.endpoint, resource_id=resource_id,
                                      request_hash=key.request_hash))


# -- purging expired keys -----------------------------------------------------------------

PURGE_EVERY_SECONDS = 300
PURGE_BATCH = 5000  # rows per purge: one purge never holds a write for long
_purge_lock = threading.Lock()
_next_purge = 0.0  # time.monotonic() of this process's next purge


def purge_expired(now: datetime | None = None, batch: int = PURGE_BATCH) -> int:
    """Delete up to `batch` keys older than KEEP_HOURS, in the session's transaction (the
    caller commits); returns how many. Rows another transaction is deleting at the same
    time are skipped (PostgreSQL's SKIP LOCKED), so two purges never wait for each other."""
    cutoff = (now or utcnow()) - timedelta(hours=KEEP_HOURS)
    expired = (select(IdempotencyKey.id).where(IdempotencyKey.created_at < cutoff)
               .order_by(IdempotencyKey.id).limit(batch).with_for_update(skip_locked=True))
    result = db.session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.id.in_(expired.scalar_subquery()))
        .execution_options(synchronize_session=False))
    return result.rowcount or 0


def _purge_when_due() -> None:
    """Purge expired keys if this process has not done so for PURGE_EVERY_SECONDS."""
    global _next_purge
    now = time.monotonic()
    with _purge_lock:
        if now < _next_purge:
            return
        _next_purge = now + PURGE_EVERY_SECONDS
    if purge_expired() >= PURGE_BATCH:
        with _purge_lock:
            _next_purge = 0.0  # more are left: the next key stored purges again


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
