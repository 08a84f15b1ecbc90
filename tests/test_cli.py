"""The command line: users create, users token, minutes import/export (through the runner)."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from committee.extensions import db
from committee.models import Meeting, Office, User
from committee.users.service import user_for_token
from tests.conftest import PASSWORD, make_user

MAGURA = "মাগুরা"


def create(runner, *args, password: str | None = PASSWORD):
    stdin = "" if password is None else password + "\n"
    return runner.invoke(args=["users", "create", *args], input=stdin)


def _user(app, username: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        if user is not None:
            db.session.expunge(user)
        return user


def test_create_admin(app, runner):
    result = create(runner, "boss", "--role", "admin")
    assert result.exit_code == 0, result.output
    user = _user(app, "boss")
    assert user.role == "admin" and user.district_id is None
    with app.app_context():
        assert db.session.get(User, user.id).check_password(PASSWORD)


def test_only_the_first_line_is_the_password(app, runner):
    result = runner.invoke(args=["users", "create", "sec", "--role", "secretary",
                                 "--district", MAGURA], input=PASSWORD + "\nsecond line\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "sec"))
        assert user.check_password(PASSWORD) and user.district.name == MAGURA


def test_create_office_user_adds_the_office_to_the_directory(app, runner):
    result = create(runner, "ict_school", "--role", "office", "--district", MAGURA,
                    "--office", "মাগুরা সরকারি বালক উচ্চ বিদ্যালয়")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "ict_school"))
        assert user.office.name == "মাগুরা সরকারি বালক উচ্চ বিদ্যালয়"
        assert user.office.district_id == user.district_id


def test_office_user_links_to_an_existing_office_by_alias(app, runner):
    result = create(runner, "programmer", "--role", "office", "--district", MAGURA,
                    "--office", "জেলা আইসিটি অফিসার")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "programmer"))
        assert user.office.name == "প্রোগ্রামার"
        assert db.session.scalar(select(func.count()).select_from(Office).where(
            Office.name == "জেলা আইসিটি অফিসার")) == 0


@pytest.mark.parametrize("args, password, message", [
    (["user1", "--role", "viewer", "--district", MAGURA], None, "password"),
    (["user1", "--role", "viewer", "--district", MAGURA], "", "password"),
    (["user1", "--role", "viewer", "--district", MAGURA], "short", "password too short"),
    (["user1", "--role", "king", "--district", MAGURA], PASSWORD, "king"),
    (["user1", "--role", "viewer"], PASSWORD, "--district"),
    (["user1", "--role", "secretary", "--district", "আটলান্টিস"], PASSWORD, "unknown district"),
    (["user1", "--role", "viewer", "--district", MAGURA, "--office", "সিভিল সার্জন"], PASSWORD,
     "--office"),
    (["user1", "--role", "office", "--district", MAGURA], PASSWORD, "--office"),
    (["user1", "--role", "admin", "--district", MAGURA], PASSWORD, "admin"),
    (["bad name!", "--role", "admin"], PASSWORD, "username"),
    (["user1"], PASSWORD, "--role"),
])
def test_create_refuses_bad_arguments(app, runner, args, password, message):
    result = create(runner, *args, password=password)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_unknown_district_creates_nothing(app, runner):
    create(runner, "user1", "--role", "viewer", "--district", "আটলান্টিস")
    with app.app_context():
        from committee.models import District

        assert db.session.scalars(select(District)).all() == []


def test_duplicate_username_is_refused(app, runner):
    assert create(runner, "sec", "--role", "secretary", "--district", MAGURA).exit_code == 0
    result = create(runner, "sec", "--role", "viewer", "--district", MAGURA)
    assert result.exit_code != 0
    assert "taken" in result.output
    assert _user(app, "sec").role == "secretary"


def test_token_is_alone_on_the_last_line(app, runner):
    make_user(app, "sec", "secretary", district=MAGURA)
    result = runner.invoke(args=["users", "token", "sec"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    assert token == token.strip() and " " not in token and len(token) >= 32
    with app.app_context():
        assert user_for_token(token).username == "sec"
    second = runner.invoke(args=["users", "token", "sec"]).stdout.strip().splitlines()[-1]
    assert second != token
    with app.app_context():
        assert user_for_token(token) is not None  # an earlier token stays valid


def test_token_for_unknown_user_fails(runner, app):
    result = runner.invoke(args=["users", "token", "nobody"])
    assert result.exit_code != 0
    assert "nobody" in result.output


def test_token_works_against_the_api(app, runner, client):
    make_user(app, "viewer", "viewer", district=MAGURA)
    token = runner.invoke(args=["users", "token", "viewer"]).stdout.strip().splitlines()[-1]
    response = client.get("/api/v1/committees", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_minutes_import_and_export(app, runner, magura_doc, tmp_path):
    path = tmp_path / "magura.json"
    path.write_text(json.dumps(magura_doc, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["minutes", "import", str(path)])
    assert result.exit_code == 0, result.output
    meeting_id = int(result.stdout.strip().splitlines()[-1])
    exported = runner.invoke(args=["minutes", "export", str(meeting_id)])
    assert exported.exit_code == 0
    doc = json.loads(exported.stdout)
    assert doc["format"] == "committee-minutes/1"
    assert doc["issue"]["memo_number"] == "৫৬.০৪.৫৫০০.০০০.০৬.০০১.২০.৯"


@pytest.mark.parametrize("content", ["{not json", "\ufffe\x00", "[]", '{"format": "x"}'])
def test_minutes_import_refuses_bad_files(app, runner, tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(args=["minutes", "import", str(path)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_minutes_import_missing_file_and_export_missing_meeting(runner, tmp_path):
    assert runner.invoke(args=["minutes", "import", str(tmp_path / "none.json")]).exit_code != 0
    result = runner.invoke(args=["minutes", "export", "424242"])
    assert result.exit_code != 0
    assert "424242" in result.output
