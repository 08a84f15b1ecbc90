"""Evidence files of follow-ups: size-limited, type-checked by content, kept in instance/."""
from __future__ import annotations

import os
import re
import unicodedata
import uuid
import zipfile

from flask import current_app
from werkzeug.datastructures import FileStorage

MAX_BYTES = 5 * 1024 * 1024
KINDS = {  # extension -> (mimetype, check on the first bytes)
    "pdf": ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    "png": ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             lambda head: head.startswith(b"PK\x03\x04")),
}


class EvidenceError(ValueError):
    """The upload is refused; the message (Bangla) says why."""


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


def save_evidence(upload: FileStorage | None) -> dict | None:
    """Store an uploaded file and return FollowUp evidence columns, or None if no file."""
    if upload is None or not upload.filename:
        return None
    ext = upload.filename.rsplit(".", 1)[-1].lower() if "." in upload.filename else ""
    if ext not in KINDS:
        raise EvidenceError("প্রমাণক হিসেবে শুধু PDF, PNG, JPG বা DOCX ফাইল দেওয়া যাবে")
    data = upload.stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise EvidenceError("প্রমাণক ফাইল ৫ মেগাবাইটের বেশি হতে পারবে না")
    mimetype, check = KINDS[ext]
    if not check(data[:16]) or (ext == "docx" and not _is_docx(data)):
        raise EvidenceError("ফাইলের ভেতরের ধরন তার নামের সঙ্গে মেলে না")
    name = f"{uuid.uuid4().hex}.{ext}"
    with open(os.path.join(evidence_dir(), name), "wb") as fh:
        fh.write(data)
    return {"evidence_path": name, "evidence_name": safe_name(upload.filename),
            "evidence_type": mimetype}


def _is_docx(data: bytes) -> bool:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        return False
