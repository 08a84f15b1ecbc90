"""Word documents of minutes read for import, kept until the officer confirms them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._common import utcnow

# An upload not confirmed within this many hours is deleted (committee.wordimport.service).
KEEP_HOURS = 24


class DocxUpload(db.Model):
    """One uploaded file: its bytes (the record, frozen as the letter when imported), what
    was read from it, and the officer's corrections (`reading`, updated at each check).

    Uploads of one submission share a `batch`; `meeting_id` is set once imported.
    """

    __tablename__ = "docx_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch: Mapped[str] = mapped_column(String(40), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    reading: Mapped[dict] = mapped_column(JSON)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id",
                                                              ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 index=True)
