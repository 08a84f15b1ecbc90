"""Legacy minutes from Word documents: read, keep for the officer's check, then import.

`read_file` reads one document and stores nothing (the CLI's `read-docx`, the API's
`read-docx`). `stage` keeps uploaded files with what was read from them (DocxUpload), so
that the preview can show each field beside its source and the officer can correct it;
`confirm` imports one (the original file becomes the minutes letter's frozen document,
under the memo number it carries); `confirm_batch` imports, in date order, every staged
document of a batch that has no problem. Uploads are kept for KEEP_HOURS.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from docx.opc.exceptions import PackageNotFoundError
from sqlalchemy import delete, select

from ..bangla import to_bangla_digits
from ..committees.service import find_committee
from ..directory.service import find_district, find_upazila, known_places
from ..extensions import db
from ..imports.importer import (
    ImportRefused,
    file_problems,
    import_minutes,
)
from ..interchange.validate import ValidationError, validate_document
from ..models import DocxUpload, Letter
from ..models._common import utcnow
from ..models.wordimport import KEEP_HOURS
from .blocks import read_blocks
from .files import Unreadable, is_zip_of_documents, open_batch, open_document
from .parse import Reading, read_minutes

__all__ = ["ImportRefused", "Unreadable", "read_file", "stage", "confirm", "confirm_batch"]

# The fields of the minutes, for the share recognised (an item adds its own three).
FIELDS = (
    ("committee.office_header", "দপ্তরের শিরোনাম"), ("committee.name", "কমিটির নাম"),
    ("committee.district", "জেলা"), ("committee.file_number", "নথি নম্বর"),
    ("meeting.held_on", "সভার তারিখ"), ("meeting.time", "সভার সময়"),
    ("meeting.venue", "স্থান"), ("meeting.chair.name", "সভাপতির নাম"),
    ("meeting.chair.designation", "সভাপতির পদবি"), ("meeting.opening", "সূচনা"),
    ("meeting.items", "আলোচ্য বিষয়"), ("meeting.closing", "সমাপনী"),
    ("issue.memo_serial", "স্মারক নম্বর"), ("issue.memo_date", "স্মারকের তারিখ"),
    ("issue.signatory.name", "জারিকারীর নাম"),
    ("issue.signatory.designation", "জারিকারীর পদবি"),
    ("issue.distribution", "বিতরণ তালিকা"),
)
REFUSED_DISTRICT = "এই জেলায় কার্যবিবরণী যোগ করার অনুমতি আপনার নেই"
NOT_MINUTES = ("«{name}» সরকারি ছকের কার্যবিবরণী নয়: শিরোনাম, আলোচনা | সিদ্ধান্ত | "
               "বাস্তবায়নে সারণি বা স্মারক নম্বর কিছুই পাওয়া যায়নি")


def _value(doc: dict, path: str):
    node = doc
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def field_share(doc: dict, problems: list[dict], sources: dict | None = None
                ) -> tuple[int, int]:
    """(recognised, expected) fields: a field counts when it has a value and no problem.
    An item's offices are expected when its বাস্তবায়নে cell has text (`sources`)."""
    flagged = {p["path"] for p in problems}
    fields = [path for path, _ in FIELDS if doc.get("issue") is not None
              or not path.startswith("issue.")]
    for i, item in enumerate((doc.get("meeting") or {}).get("items") or []):
        fields += [f"meeting.items[{i}].title", f"meeting.items[{i}].decisions"]
        if item.get("responsible") or sources is None \
                or f"meeting.items[{i}].responsible" in sources:
            fields.append(f"meeting.items[{i}].responsible")
    good = 0
    for path in fields:
        if path in flagged:
            continue
        if path.startswith("meeting.items["):
            index, _, key = path[len("meeting.items["):].partition("].")
            value = doc["meeting"]["items"][int(index)].get(key)
        else:
            value = _value(doc, path)
        good += bool(value) or value == 0
    return good, len(fields)


@dataclass
class FileReading:
    """One file's reading, as the preview, the CLI and the API show it."""
    filename: str
    document: dict | None
    sources: dict = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)
    refused: str | None = None
    bijoy: bool = False
    sha256: str = ""

    def as_json(self) -> dict:
        recognised, expected = field_share(self.document, self.problems, self.sources) \
            if self.document else (0, 0)
        return {"filename": self.filename, "document": self.document,
                "sources": self.sources, "problems": self.problems,
                "refused": self.refused, "bijoy": self.bijoy, "sha256": self.sha256,
                "recognised": recognised, "expected": expected}


def _read(data: bytes, filename: str) -> tuple[Reading, bytes]:
    upload = open_document(data, filename)
    try:
        blocks = read_blocks(upload.data)
    except (PackageNotFoundError, KeyError, ValueError, AttributeError) as exc:
        raise Unreadable(f"«{filename}» Word ফাইল হিসেবে খোলা যায়নি: ফাইলটি নষ্ট") from exc
    districts, upazilas = known_places()
    reading = read_minutes(blocks, districts, upazilas)
    doc = reading.document
    if not doc["meeting"]["items"] and not doc["committee"]["name"] and not (
            doc.get("issue") and doc["issue"].get("memo_serial")):
        raise Unreadable(NOT_MINUTES.format(name=filename))
    return reading, upload.original


def _known_file_number(doc: dict) -> None:
    """Draft minutes carry no memo number, hence no file number: an existing committee of
    that name (district, upazila) lends its own."""
    committee = doc["committee"]
    if committee.get("file_number") or not committee.get("district"):
        return
    district = find_district(committee["district"])
    if district is None:
        return
    upazila = find_upazila(district, committee["upazila"]) if committee.get("upazila") else None
    found = find_committee(committee.get("name") or "", district.id,
                           upazila.id if upazila else None)
    if found is not None:
        committee["file_number"] = found.file_number


def check_document(doc: dict, user=None) -> list[dict]:
    """What stops `doc` from being imported now, in Bangla (empty: it can be)."""
    try:
        validate_document(doc, committee_check=file_problems)
    except ValidationError as exc:
        return list(exc.problems)
    return []


def read_file(data: bytes, filename: str, user=None) -> FileReading:
    """Read one document; stores nothing. A file that cannot be read comes back with
    `refused` set (never an exception)."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        reading, _ = _read(data, filename)
    except Unreadable as exc:
        return FileReading(filename, None, refused=str(exc), sha256=sha)
    _known_file_number(reading.document)
    problems = reading.problems + [p for p in check_document(reading.document, user)
                                   if p not in reading.problems]
    already = already_imported(sha)
    if already is not None:
        problems.append(already_problem(already))
    return FileReading(filename, reading.document, reading.sources, problems,
                       bijoy=reading.bijoy, sha256=sha)


def already_problem(meeting_id: int) -> dict:
    return {"path": "", "meeting_id": meeting_id, "already": True,
            "message": "এই ফাইলটি আগেই আমদানি করা হয়েছে; নতুন কিছু যোগ হবে না"}


def only_already(problems: list[dict]) -> int | None:
    """The meeting this very file was imported as, when that is its only "problem"."""
    if problems and all(p.get("already") for p in problems):
        return problems[0]["meeting_id"]
    return None


def already_imported(sha256: str) -> int | None:
    """The meeting whose minutes letter is this very file, if any."""
    return db.session.scalar(select(Letter.meeting_id).where(Letter.sha256 == sha256)
                             .limit(1))


# --------------------------------------------------------------------------- staging

def _purge() -> None:
    db.session.execute(delete(DocxUpload).where(
        DocxUpload.created_at < utcnow() - timedelta(hours=KEEP_HOURS)))


def expand(files: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[dict]]:
    """Zips opened into their Word documents; (files, what was skipped and why)."""
    out, skipped = [], []
    for name, data in files:
        if name.lower().endswith(".zip") or is_zip_of_documents(data):
            try:
                inner, left = open_batch(data, name)
            except Unreadable as exc:
                skipped.append({"file": name, "message": str(exc)})
                continue
            out += inner
            skipped += left
        else:
            out.append((name, data))
    return out, skipped


def stage(files: list[tuple[str, bytes]], user) -> str:
    """Read and keep the uploaded files (zips opened) for the officer's check; returns
    the batch's id. Files that cannot be read are kept as refused, without their bytes."""
    _purge()
    batch = secrets.token_urlsafe(12)
    documents, skipped = expand(files)
    for name, data in documents:
        reading = read_file(data, name, user)
        db.session.add(DocxUpload(batch=batch, user_id=user.id, filename=name[:255],
                                  sha256=reading.sha256,
                                  data=b"" if reading.refused else data,
                                  reading=reading.as_json()))
    for entry in skipped:
        db.session.add(DocxUpload(batch=batch, user_id=user.id, filename=entry["file"][:255],
                                  sha256="", data=b"",
                                  reading=FileReading(entry["file"], None,
                                                      refused=entry["message"]).as_json()))
    db.session.commit()
    return batch


def batch_uploads(batch: str, user) -> list[DocxUpload]:
    """The user's uploads of one batch, in meeting-date order (unreadable ones last)."""
    rows = list(db.session.scalars(select(DocxUpload).where(
        DocxUpload.batch == batch, DocxUpload.user_id == user.id).order_by(DocxUpload.id)))
    return sorted(rows, key=_date_order)


def _date_order(upload: DocxUpload):
    doc = upload.reading.get("document") or {}
    held_on = (doc.get("meeting") or {}).get("held_on") or ""
    return (upload.reading.get("refused") is not None, held_on == "", held_on, upload.id)


def get_upload(upload_id: int, user) -> DocxUpload | None:
    """One of the user's own uploads (another user's is as good as missing)."""
    upload = db.session.get(DocxUpload, upload_id)
    return upload if upload is not None and upload.user_id == user.id else None


def correct(upload: DocxUpload, document: dict, user) -> list[dict]:
    """Keep the officer's corrected document and check it again; returns its problems."""
    problems = check_document(document, user)
    if upload.meeting_id is None:
        already = already_imported(upload.sha256)
        if already is not None:
            problems.append(already_problem(already))
    upload.reading = {**upload.reading, "document": document, "problems": problems,
                      "corrected": True}
    db.session.commit()
    return problems


def confirm(upload: DocxUpload, user):
    """Import the upload's (corrected) document; the original file is kept as the
    minutes letter's document. Returns the import's answer (meeting, created).
    Raises ValidationError (problems stored on the upload) or ImportRefused."""
    document = upload.reading.get("document")
    if upload.meeting_id is not None:
        raise AlreadyDone(upload.meeting_id)
    try:
        answer = import_minutes(document, user, original=upload.data or None)
    except ValidationError as exc:
        db.session.rollback()
        upload.reading = {**upload.reading, "problems": list(exc.problems)}
        db.session.commit()
        raise
    upload.meeting_id = answer.meeting.id
    db.session.commit()
    return answer


class AlreadyDone(Exception):
    """This upload was imported already (the meeting's id)."""

    def __init__(self, meeting_id: int):
        super().__init__(meeting_id)
        self.meeting_id = meeting_id


def confirm_batch(uploads: list[DocxUpload], user) -> list[dict]:
    """Import, in date order, every upload with no problem; one summary line each."""
    summary = []
    for upload in uploads:
        reading = upload.reading
        line = {"id": upload.id, "file": upload.filename, "meeting_id": upload.meeting_id}
        if reading.get("refused"):
            summary.append({**line, "status": "refused", "message": reading["refused"]})
        elif upload.meeting_id is not None or only_already(reading.get("problems")):
            line["meeting_id"] = upload.meeting_id or only_already(reading["problems"])
            summary.append({**line, "status": "done", "message": "আগেই আমদানি হয়েছে"})
        elif reading.get("problems"):
            summary.append({**line, "status": "problems",
                            "message": f"{to_bangla_digits(len(reading['problems']))}টি "
                                       "সমস্যা: দেখে সংশোধন করুন"})
        else:
            try:
                answer = confirm(upload, user)
            except ValidationError as exc:
                summary.append({**line, "status": "problems",
                                "message": exc.problems[0]["message"]})
                continue
            except ImportRefused:  # another district's minutes: the others still come in
                summary.append({**line, "status": "refused", "message": REFUSED_DISTRICT})
                continue
            line["meeting_id"] = answer.meeting.id
            summary.append({**line, "status": "imported" if answer.created else "done",
                            "message": "আমদানি হয়েছে" if answer.created
                            else "আগেই আমদানি হয়েছে"})
    return summary
