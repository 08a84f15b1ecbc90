"""Evidence files and their follow-up rows exist together or not at all (issue 14, item 10).

The upload is written under a temporary name in the evidence folder and moved into place
only once its row is committed. A full disk or a read-only folder answers with a Bangla
message on the same form, what was typed kept, nothing stored and no partial file left; a
commit that fails removes the temporary file. On SQLite, and on PostgreSQL with
TEST_DATABASE_URL.
"""
from __future__ import annotations

import errno
import io
import os
import re
import time
from html import unescape

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from committee.extensions import db
from committee.followup import evidence
from committee.models import Assignment, FollowUp
from committee.vocab import FollowUpStatus
from tests.conftest import csrf_token, import_magura, login
from tests.test_followup import _deo_assignment

PDF = b"%PDF-1.4 " + b"x" * 4000
NOTE = "৩০টি বিদ্যালয়ের পরিদর্শন প্রতিবেদন সংযুক্ত"


@pytest.fixture
def folder(app, tmp_path):
    """The evidence folder of this test (EVIDENCE_DIR), empty."""
    path = tmp_path / "evidence"
    app.config["EVIDENCE_DIR"] = str(path)
    yield path
    app.config["EVIDENCE_DIR"] = None


@pytest.fixture
def deo(app, client, users):
    """The DEO logged in, and its assignment of decision 2.2 of the Magura minutes."""
    import_magura(app)
    login(client, "deo")
    return _deo_assignment(app, "2.2")


def _post(client, assignment_id: int, content: bytes = PDF, name: str = "প্রতিবেদন.pdf",
          on: str = "2022-04-20"):
    return client.post(f"/followup/assignments/{assignment_id}", data={
        "csrf_token": csrf_token(client, "/followup/"),
        "status": FollowUpStatus.IN_PROGRESS.value, "note": NOTE, "on": on,
        "evidence": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def _files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _rows(app) -> list[FollowUp]:
    with app.app_context():
        return db.session.scalars(select(FollowUp)).all()


def _status(app, assignment_id: int) -> str:
    with app.app_context():
        return db.session.get(Assignment, assignment_id).status


def _typed_kept(html: str) -> None:
    """The page is the form again, with what the user typed."""
    assert NOTE in unescape(html)
    selected = re.search(r'<option[^>]*selected[^>]*value="([^"]+)"|'
                         r'<option[^>]*value="([^"]+)"[^>]*selected', html)
    assert selected and FollowUpStatus.IN_PROGRESS.value in selected.groups()
    assert 'value="২০/০৪/২০২২"' in html or 'value="2022-04-20"' in html


# -- the file follows its row ----------------------------------------------------------------

def test_stored_file_has_its_final_name_and_no_temporary_file(app, client, deo, folder):
    response = _post(client, deo)
    assert response.status_code == 302
    [row] = _rows(app)
    assert _files(folder) == [row.evidence_path]
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", row.evidence_path)
    assert row.evidence_name == "প্রতিবেদন.pdf"
    assert client.get(f"/followup/evidence/{row.id}").data == PDF


def test_file_is_written_under_a_temporary_name_until_the_commit(app, client, deo, folder,
                                                                 monkeypatch):
    """At the commit the file is still a part; it gets its name only afterwards."""
    seen = {}
    real_commit = db.session.commit

    def commit():
        seen["at commit"] = _files(folder)
        real_commit()

    monkeypatch.setattr(db.session, "commit", commit)
    assert _post(client, deo).status_code == 302
    [row] = _rows(app)
    assert seen["at commit"] == [evidence.PART_PREFIX + row.evidence_path]
    assert _files(folder) == [row.evidence_path]


# -- the disk is full, the folder read-only ---------------------------------------------------

def _half_then(error: int):
    """A write that puts half the bytes on disk, then fails as the system would."""
    def fill(fh, data):
        fh.write(data[: len(data) // 2])
        fh.flush()
        raise OSError(error, os.strerror(error))
    return fill


def test_full_disk_keeps_the_form_and_stores_nothing(app, client, deo, folder, monkeypatch):
    monkeypatch.setattr(evidence, "_fill", _half_then(errno.ENOSPC))
    response = _post(client, deo)
    html = response.get_data(as_text=True)
    assert response.status_code == 507
    assert evidence.DISK_FULL in unescape(html)
    _typed_kept(html)
    assert _rows(app) == [] and _files(folder) == []  # no row, no partial file
    assert _status(app, deo) == FollowUpStatus.PENDING
    # Once there is room again, the same form goes through.
    monkeypatch.undo()
    app.config["EVIDENCE_DIR"] = str(folder)
    assert _post(client, deo).status_code == 302
    [row] = _rows(app)
    assert _files(folder) == [row.evidence_path]


@pytest.mark.parametrize("error", [errno.EROFS, errno.EACCES])
def test_read_only_folder_keeps_the_form_and_stores_nothing(app, client, deo, folder,
                                                            monkeypatch, error):
    monkeypatch.setattr(evidence, "_fill", _half_then(error))
    response = _post(client, deo)
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert evidence.READ_ONLY in unescape(html)
    _typed_kept(html)
    assert _rows(app) == [] and _files(folder) == []


def test_folder_that_cannot_be_created_is_a_message_too(app, client, deo, folder,
                                                        monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(evidence.os, "makedirs", read_only)
    response = _post(client, deo)
    assert response.status_code == 503
    assert evidence.READ_ONLY in unescape(response.get_data(as_text=True))
    assert _rows(app) == [] and not folder.exists()


def test_fsync_failure_leaves_no_file(app, client, deo, folder, monkeypatch):
    """A network folder may report the full disk only when the data is flushed."""
    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(evidence.os, "fsync", fsync)
    response = _post(client, deo)
    assert response.status_code == 507
    assert _rows(app) == [] and _files(folder) == []


def test_a_refused_file_is_still_a_400(app, client, deo, folder):
    response = _post(client, deo, content=b"MZ\x90\x00", name="report.pdf")
    assert response.status_code == 400
    assert _rows(app) == [] and _files(folder) == []


# -- the commit fails -------------------------------------------------------------------------

def _lost(*args, **kwargs):
    raise OperationalError("COMMIT", {}, Exception("server closed the connection "
                                                   "unexpectedly"), connection_invalidated=True)


def test_failed_commit_removes_the_temporary_file(app, client, deo, folder, monkeypatch):
    monkeypatch.setattr(db.session, "commit", _lost)
    response = _post(client, deo)
    assert response.status_code == 503 and response.headers["Retry-After"]
    monkeypatch.undo()
    app.config["EVIDENCE_DIR"] = str(folder)
    assert _rows(app) == [] and _files(folder) == []
    assert _status(app, deo) == FollowUpStatus.PENDING


def test_refused_follow_up_removes_the_temporary_file(app, client, deo, folder):
    response = _post(client, deo, on="2099-01-01")  # in the future: refused
    assert response.status_code == 400
    assert _rows(app) == [] and _files(folder) == []


def test_commit_whose_answer_was_lost_keeps_the_file(app, client, deo, folder, monkeypatch):
    """The commit went through but its answer did not arrive: the row exists, so the file
    is moved into place (never a row without its file)."""
    real_commit = db.session.commit

    def commit_then_lose():
        real_commit()
        _lost()

    monkeypatch.setattr(db.session, "commit", commit_then_lose)
    response = _post(client, deo)
    monkeypatch.undo()
    app.config["EVIDENCE_DIR"] = str(folder)
    assert response.status_code == 302
    [row] = _rows(app)
    assert _files(folder) == [row.evidence_path]


def test_unknown_outcome_leaves_the_part_for_settling(app, client, deo, folder, monkeypatch):
    """When the database cannot be asked whether the commit went through, the temporary
    file stays; settle_stale_parts later removes it (no row) or moves it (a row)."""
    monkeypatch.setattr(db.session, "commit", _lost)
    monkeypatch.setattr("committee.followup.recording.committed", lambda name: None)
    assert _post(client, deo).status_code == 503
    monkeypatch.undo()
    app.config["EVIDENCE_DIR"] = str(folder)
    [part] = _files(folder)
    assert part.startswith(evidence.PART_PREFIX) and _rows(app) == []
    with app.test_request_context():
        assert evidence.settle_stale_parts(str(folder), older_than=3600) == 0  # too young
        assert evidence.settle_stale_parts(str(folder), older_than=0) == 1
    assert _files(folder) == []


def test_settling_moves_a_committed_part_into_place(app, deo, folder):
    """A process that died between its commit and its move left a part its row names."""
    folder.mkdir()
    (folder / (evidence.PART_PREFIX + "0" * 32 + ".pdf")).write_bytes(PDF)
    (folder / (evidence.PART_PREFIX + "1" * 32 + ".pdf")).write_bytes(PDF)
    old = time.time() - 2 * evidence.STALE_PART_SECONDS
    for path in folder.iterdir():
        os.utime(path, (old, old))
    with app.app_context():
        item = db.session.get(Assignment, deo)
        db.session.add(FollowUp(assignment=item, status=FollowUpStatus.IN_PROGRESS,
                                note="", evidence_path="0" * 32 + ".pdf",
                                evidence_name="a.pdf", evidence_type="application/pdf"))
        db.session.commit()
        assert evidence.settle_stale_parts(str(folder)) == 2
    assert _files(folder) == ["0" * 32 + ".pdf"]


def test_move_that_fails_after_the_commit_leaves_no_row_naming_a_missing_file(
        app, client, deo, folder, monkeypatch):
    def replace(src, dst):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(evidence.os, "replace", replace)
    response = _post(client, deo)
    assert response.status_code == 302
    [row] = _rows(app)
    assert (row.status, row.note, row.evidence_path, row.evidence_name) == (
        FollowUpStatus.IN_PROGRESS, NOTE, None, None)
    assert _files(folder) == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert evidence.KEPT_WITHOUT_FILE in unescape(page)


def test_every_follow_up_with_evidence_has_its_file(app, client, deo, folder, monkeypatch):
    """Several posts, some failing in each way: the rows and the files still match."""
    assert _post(client, deo).status_code == 302
    monkeypatch.setattr(evidence, "_fill", _half_then(errno.ENOSPC))
    assert _post(client, deo).status_code == 507
    monkeypatch.undo()
    app.config["EVIDENCE_DIR"] = str(folder)
    monkeypatch.setattr(db.session, "commit", _lost)
    assert _post(client, deo).status_code == 503
    monkeypatch.undo()
    app.config["EVIDENCE_DIR"] = str(folder)
    assert _post(client, deo, content=b"\x89PNG\r\n\x1a\n" + b"0" * 64,
                 name="photo.png").status_code == 302
    with app.app_context():
        named = set(db.session.scalars(select(FollowUp.evidence_path)
                                       .where(FollowUp.evidence_path.is_not(None))))
        assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 2
    assert set(_files(folder)) == named and len(named) == 2


# -- the helpers ------------------------------------------------------------------------------

def test_write_removes_its_partial_file(tmp_path, monkeypatch):
    monkeypatch.setattr(evidence, "_fill", _half_then(errno.ENOSPC))
    target = tmp_path / "x.pdf"
    with pytest.raises(OSError) as caught:
        evidence._write(str(target), PDF)
    assert caught.value.errno == errno.ENOSPC and list(tmp_path.iterdir()) == []


def test_storage_error_messages(app):
    with app.app_context():
        for code, status, message in [(errno.ENOSPC, 507, evidence.DISK_FULL),
                                      (errno.EDQUOT, 507, evidence.DISK_FULL),
                                      (errno.EROFS, 503, evidence.READ_ONLY),
                                      (errno.EACCES, 503, evidence.READ_ONLY),
                                      (errno.EIO, 503, evidence.NOT_WRITTEN)]:
            error = evidence.storage_error(OSError(code, os.strerror(code)))
            assert (error.status, str(error)) == (status, message)
            assert isinstance(error, evidence.EvidenceError)
