"""Opening what an officer uploads: a .docx, an old .doc, or a zip of them.

Everything that is not a readable Word document is refused here with a Bangla message,
before any parsing: a file too large, a zip bomb (a member or a total that inflates past
the limits), a password-protected document, a corrupt one, a .doc when LibreOffice is not
installed. Nothing is stored and nothing raises beyond `Unreadable`.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass

from ..bangla import to_bangla_digits

# One document of minutes is tens of kilobytes (the Magura minutes ~40 KB); one with
# scanned pictures a few megabytes. Anything larger is no set of minutes.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# What a document (a zip itself) or a batch may inflate to, and the largest inflation
# ratio of one member: a zip bomb stops here before it is inflated.
MAX_INFLATED_BYTES = 60 * 1024 * 1024
MAX_RATIO = 200
MAX_FILES = 200
CONVERT_SECONDS = 90
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


class Unreadable(ValueError):
    """The file cannot be read as minutes; the message says why, in Bangla."""


@dataclass
class Upload:
    filename: str
    data: bytes  # the .docx bytes (a .doc converted)
    original: bytes  # as uploaded: the record kept with the letter


def _mb(size: int) -> str:
    return f"{to_bangla_digits(size // (1024 * 1024))} মেগাবাইট"


def _check_zip(data: bytes, what: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable(f"{what} খোলা যায়নি: ফাইলটি নষ্ট বা অসম্পূর্ণ") from exc
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise Unreadable(f"{what} পাসওয়ার্ড দিয়ে সুরক্ষিত; পাসওয়ার্ড তুলে আবার দিন")
        total += info.file_size
        if info.file_size > MAX_INFLATED_BYTES or total > MAX_INFLATED_BYTES or (
                info.compress_size and info.file_size / info.compress_size > MAX_RATIO
                and info.file_size > 1024 * 1024):
            raise Unreadable(f"{what} খুললে অস্বাভাবিক বড় হয়ে যায় (সংকোচিত বোমা); "
                             "এটি পড়া হবে না")
    return archive


def _is_word(archive: zipfile.ZipFile) -> bool:
    return "word/document.xml" in archive.namelist()


def _convert_doc(data: bytes, filename: str) -> bytes:
    """An old .doc as .docx, through LibreOffice (soffice) when it is installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise Unreadable(f"«{filename}» পুরোনো .doc ফাইল; এই সার্ভারে LibreOffice নেই, তাই "
                         "Word-এ খুলে .docx হিসেবে সংরক্ষণ করে আবার দিন")
    with tempfile.TemporaryDirectory(prefix="minutes-doc-") as tmp:
        source = os.path.join(tmp, "minutes.doc")
        with open(source, "wb") as fh:
            fh.write(data)
        try:
            subprocess.run([soffice, "--headless", "--norestore",
                            f"-env:UserInstallation=file://{tmp}/profile",
                            "--convert-to", "docx", "--outdir", tmp, source],
                           check=True, capture_output=True, timeout=CONVERT_SECONDS)
        except (subprocess.SubprocessError, OSError) as exc:
            raise Unreadable(f"«{filename}» .doc থেকে রূপান্তর করা যায়নি") from exc
        target = os.path.join(tmp, "minutes.docx")
        if not os.path.exists(target):
            raise Unreadable(f"«{filename}» .doc থেকে রূপান্তর করা যায়নি")
        with open(target, "rb") as fh:
            return fh.read()


def open_document(data: bytes, filename: str) -> Upload:
    """One uploaded document, as .docx bytes; raises Unreadable."""
    what = f"«{filename}»"
    if len(data) > MAX_DOCUMENT_BYTES:
        raise Unreadable(f"{what} {_mb(len(data))}-এর বেশি বড়; একটি কার্যবিবরণী সর্বোচ্চ "
                         f"{_mb(MAX_DOCUMENT_BYTES)} হতে পারে")
    if not data:
        raise Unreadable(f"{what} খালি ফাইল")
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise Unreadable(f"{what} পাসওয়ার্ড দিয়ে সুরক্ষিত; পাসওয়ার্ড তুলে আবার দিন")
        return Upload(filename, _convert_doc(data, filename), data)
    if not data.startswith(b"PK"):
        raise Unreadable(f"{what} Word (.docx বা .doc) ফাইল নয়")
    archive = _check_zip(data, what)
    if not _is_word(archive):
        raise Unreadable(f"{what} Word (.docx) ফাইল নয়")
    return Upload(filename, data, data)


def is_zip_of_documents(data: bytes) -> bool:
    """A zip that is not itself a Word document (a batch of minutes)."""
    if not data.startswith(b"PK"):
        return False
    try:
        return not _is_word(zipfile.ZipFile(io.BytesIO(data)))
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def open_batch(data: bytes, filename: str) -> tuple[list[tuple[str, bytes]], list[dict]]:
    """The Word documents inside a zip, as (name, bytes), and what was left out and why."""
    archive = _check_zip(data, f"«{filename}»")
    files, skipped = [], []
    for info in archive.infolist():
        name = info.filename
        base = os.path.basename(name)
        if info.is_dir() or not base or base.startswith(("~$", ".")) or "__MACOSX" in name:
            continue
        if not base.lower().endswith((".docx", ".doc")):
            skipped.append({"file": base, "message": "Word ফাইল নয়; বাদ দেওয়া হয়েছে"})
            continue
        if len(files) >= MAX_FILES:
            skipped.append({"file": base, "message": f"একবারে সর্বোচ্চ "
                                                     f"{to_bangla_digits(MAX_FILES)}টি ফাইল"})
            continue
        files.append((base, archive.read(info)))
    return files, skipped
