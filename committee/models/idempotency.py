"""Idempotency keys: a retried write is recorded once and answers as the first did."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._common import utcnow

# Longest key accepted: a UUID is 36 characters, the web forms' tokens 43.
MAX_KEY_LENGTH = 200
# A key is kept at least this long; older ones are purged (committee.retrysafe).
KEEP_HOURS = 24


class IdempotencyKey(db.Model):
    """A write done under a client's key (an `Idempotency-Key` header, a form's one-time
    token): stored in the write's own transaction, with the id of what it created.

    Unique per user: a second request with the key (a retry, a double submit) finds this
    row, or, when it runs at the same time, fails on the constraint and then finds it.
    The key is bound to the request it came with (`request_hash`): the same key with
    another body is refused. Keys older than KEEP_HOURS are deleted.
    """

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    # The view that did the write (e.g. "api.import_meeting"): a key is not reused elsewhere.
    endpoint: Mapped[str] = mapped_column(String(100))
    # What the first answer was about: the meeting created, the letter issued.
    resource_id: Mapped[int] = mapped_column()
    # SHA-256 (hex) of the canonical request body (committee.retrysafe.request_hash); null
    # for keys stored before it was kept, which match any body.
    request_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 index=True)
