"""Evidence files of follow-ups: size-limited, type-checked by content, kept in instance/.

A file and its follow-up row exist together or not at all:

1. :func:`stage_evidence` checks the upload and writes it under a temporary name in the
   evidence directory (``.part-<name>``, flushed to disk). A write that fails (a full disk,
   a read-only or unwritable folder) raises :class:`StorageError` with a Bangla message and
   leaves no file behind;
2. the caller stores the follow-up row with the final name (``StagedEvidence.columns``)
   and commits;
3. only then :meth:`StagedEvidence.keep` moves the file into place (``os.replace``, atomic
   in one directory); if the commit fails, :meth:`StagedEvidence.discard` removes it.

A part left behind by a process that died between its commit and its move, or by a
commit whose outcome was unknown, is settled by :func:`settle_stale_parts` once it is an
hour old: moved into place when its row exists, removed when it does not.
"""
from __future__ import annotations

import errno
import io
import os
import re
import threading
import time
import unicodedata
import uuid
import zipfile
from contextlib import suppress
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import FileStorage

from ..extensions import db
from ..models import FollowUp

MAX_BYTES = 5 * 1024 * 1024
KINDS = {  # extension -> (mimetype, check on the first bytes)
    "pdf": ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    "png": ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             lambda head: head.startswith(b"PK\x03\x04")),
}
# Temporary names: hidden, and never a name a row holds (those are <hex>.<ext>).
PART_PREFIX = ".part-"
# A part this old belongs to no request still running.
STALE_PART_SECONDS = 3600

_NOTHING_STORED = ("কিছুই সংরক্ষণ করা হয়নি। আপনার লেখা নিচে রাখা আছে; ফাইলটি আবার বেছে নিয়ে "
                   "পরে চেষ্টা করুন, অথবা ফাইল ছাড়া সংরক্ষণ করুন। সমস্যা থেকে গেলে অ্যাডমিনকে "
                   "জানান।")
DISK_FULL = "সার্ভারের ডিস্কে জায়গা নেই, তাই প্রমাণক ফাইলটি রাখা যায়নি এবং " + _NOTHING_STORED
READ_ONLY = ("সার্ভারে প্রমাণক ফাইল রাখার ফোল্ডারে এখন লেখা যাচ্ছে না (শুধু পড়া যায়), তাই "
             "প্রমাণক ফাইলটি রাখা যায়নি এবং " + _NOTHING_STORED)
NOT_WRITTEN = "সার্ভারে প্রমাণক ফাইলটি লেখা যায়নি, তাই " + _NOTHING_STORED
# Saved, but its file could not be moved into place after the commit (very rare).
KEPT_WITHOUT_FILE = ("অগ্রগতি সংরক্ষণ করা হয়েছে, কিন্তু সার্ভারে সমস্যার কারণে প্রমাণক ফাইলটি "
                     "রাখা যায়নি; ফাইলটি আবার অগ্রগতি জমা দিয়ে যোগ করুন")


class EvidenceError(ValueError):
    """The upload is refused; the message (Bangla) says why."""


class StorageError(EvidenceError):
    """The server could not write the file (full disk, read-only or unwritable folder).

    `status` is the HTTP status of the page that says so: 507 for a full disk, else 503.
    """

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def evidence_dir() -> str:
    """Where evidence files live: EVIDENCE_DIR (shared by every instance), else instance/."""
    path = current_app.config.get("EVIDENCE_DIR") or os.path.join(current_app.instance_path,
                                                                  "evidence")
    os.makedirs(path, exist_ok=True)
    return path


_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\ufeff]")


def safe_name(filename: str) -> str:
    """The file name as the user sees it: no folder part, no control character, NFC,
    at most 200 characters (the extension kept); "evidence" if nothing is left."""
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join(_UNSAFE.sub(" ", name).split()).strip(". ")
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 \
            else name[:200]
    return name or "evidence"


@dataclass
class StagedEvidence:
    """An upload written under its temporary name, waiting for its row's commit."""

    directory: str
    name: str  # the final name, as the row stores it
    columns: dict  # FollowUp's evidence_path, evidence_name, evidence_type

    @property
    def part_path(self) -> str:
        return os.path.join(self.directory, PART_PREFIX + self.name)

    @property
    def final_path(self) -> str:
        return os.path.join(self.directory, self.name)

    def keep(self) -> None:
        """Move the file into place: call once its row is committed. Raises OSError."""
        os.replace(self.part_path, self.final_path)
        _sync_directory(self.directory)

    def discard(self) -> None:
        """Remove the temporary file: its row was not stored."""
        with suppress(FileNotFoundError):
            os.remove(self.part_path)


def check_upload(upload: FileStorage) -> tuple[bytes, str, str]:
    """The upload's bytes, extension and mimetype; EvidenceError when it is refused."""
    ext = upload.filename.rsplit(".", 1)[-1].lower() if "." in upload.filename else ""
    if ext not in KINDS:
        raise EvidenceError("প্রমাণক হিসেবে শুধু PDF, PNG, JPG বা DOCX ফাইল দেওয়া যাবে")
    data = upload.stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise EvidenceError("প্রমাণক ফাইল ৫ মেগাবাইটের বেশি হতে পারবে না")
    mimetype, check = KINDS[ext]
    if not check(data[:16]) or (ext == "docx" and not _is_docx(data)):
        raise EvidenceError("ফাইলের ভেতরের ধরন তার নামের সঙ্গে মেলে না")
    return data, ext, mimetype


def stage_evidence(upload: FileStorage | None) -> StagedEvidence | None:
    """Check an upload and write it under a temporary name; None if no file was sent.

    Raises EvidenceError for a refused file, StorageError when it cannot be written
    (then no file is left behind).
    """
    if upload is None or not upload.filename:
        return None
    data, ext, mimetype = check_upload(upload)
    name = f"{uuid.uuid4().hex}.{ext}"
    try:
        directory = evidence_dir()
        staged = StagedEvidence(directory, name, {
            "evidence_path": name, "evidence_name": safe_name(upload.filename),
            "evidence_type": mimetype})
        _write(staged.part_path, data)
    except OSError as exc:
        raise storage_error(exc) from exc
    _settle_when_due(directory)
    return staged


def storage_error(exc: OSError) -> StorageError:
    """The Bangla refusal for a write that failed (logged for the administrator)."""
    current_app.logger.error("evidence file not written: %s", exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageError(DISK_FULL, 507)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StorageError(READ_ONLY, 503)
    return StorageError(NOT_WRITTEN, 503)


def _write(path: str, data: bytes) -> None:
    """Write `data` to a new file at `path`, on disk before returning; on any failure
    the file is removed and the OSError raised."""
    try:
        with open(path, "xb") as fh:
            _fill(fh, data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with suppress(OSError):
            os.remove(path)
        raise


def _fill(fh, data: bytes) -> None:
    """The write itself (tests replace it to simulate a full disk)."""
    fh.write(data)


def _sync_directory(directory: str) -> None:
    """Make a rename in `directory` durable (where the platform allows it)."""
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# -- parts left behind ---------------------------------------------------------------------

_settle_lock = threading.Lock()
_next_settle = 0.0  # time.monotonic() of this process's next look at stale parts


def settle_stale_parts(directory: str, older_than: float = STALE_PART_SECONDS) -> int:
    """Settle the temporary files older than `older_than` seconds: move a file into place
    when a follow-up row holds its name (its commit went through, its move did not),
    remove it otherwise. Returns how many were settled; leaves them when the database
    cannot be asked."""
    cutoff = time.time() - older_than
    parts = []
    with suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            if entry.name.startswith(PART_PREFIX) and entry.stat().st_mtime < cutoff:
                parts.append(entry.name[len(PART_PREFIX):])
    if not parts:
        return 0
    try:
        kept = set(db.session.scalars(select(FollowUp.evidence_path)
                                      .where(FollowUp.evidence_path.in_(parts))))
    except SQLAlchemyError:
        return 0
    settled = 0
    for name in parts:
        staged = StagedEvidence(directory, name, {})
        with suppress(OSError):
            if name in kept:
                staged.keep()
            else:
                staged.discard()
            settled += 1
    return settled


def _settle_when_due(directory: str) -> None:
    """Settle stale parts if this process has not looked for an hour."""
    global _next_settle
    now = time.monotonic()
    with _settle_lock:
        if now < _next_settle:
            return
        _next_settle = now + STALE_PART_SECONDS
    settle_stale_parts(directory)


def committed(name: str) -> bool | None:
    """Whether a follow-up row holding the evidence `name` is stored (after a commit that
    failed: a lost connection may have lost only the answer); None when unknown."""
    try:
        db.session.rollback()
        return db.session.scalar(select(FollowUp.id).where(FollowUp.evidence_path == name)) \
            is not None
    except SQLAlchemyError:
        with suppress(SQLAlchemyError):
            db.session.rollback()
        return None


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        return False
