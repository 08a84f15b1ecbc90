"""The authorization matrix: every route × method × role, and the dataset it runs on.

MATRIX is the declared answer of every endpoint of app.url_map (but `static`) for each
role, in the column order of ROLES. test_authz_matrix.py fails when a route has no row,
so a new route cannot ship without deciding who may call it.

The objects are Magura's: the real minutes of 14/03/2022 (issued), a draft meeting, the
follow-up of জেলা শিক্ষা অফিসার with an evidence file, the APA year 2024-25 and Magura's
directory. `sec_b` (Jhenaidah) and `civil` (another office of Magura) are the outsiders.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from tests.conftest import (
    MAGURA,
    DatabaseImage,
    _empty_tables,
    import_magura,
    make_token,
    make_user,
)

# anon: no session / no token; sec: Magura's secretary; sec_b: Jhenaidah's secretary;
# deo: the office the follow-ups are assigned to; civil: another office of Magura.
ROLES = ("anon", "admin", "sec", "sec_b", "deo", "civil", "viewer")
USERS = {  # username: (role, district, office)
    "admin": ("admin", None, None),
    "sec": ("secretary", "মাগুরা", None),
    "sec_b": ("secretary", "ঝিনাইদহ", None),
    "deo": ("office", "মাগুরা", "জেলা শিক্ষা অফিসার"),
    "civil": ("office", "মাগুরা", "সিভিল সার্জন"),
    "viewer": ("viewer", "মাগুরা", None),
}

# Shorthands for the common rows (anon, admin, sec, sec_b, deo, civil, viewer).
READ = (302, 200, 200, 403, 200, 200, 200)          # a Magura page: district users read
RUN = (302, 200, 200, 403, 403, 403, 403)           # a Magura page only its runners open
API_READ = (401, 200, 200, 403, 200, 200, 200)
API_RUN = (401, 200, 200, 403, 403, 403, 403)
ANY_USER = (302, 200, 200, 200, 200, 200, 200)      # lists scoped to the user's district
ADMIN = (302, 200, 403, 403, 403, 403, 403)
OWN = (302, 302, 302, 404, 404, 404, 404)          # sec's session or token: sec and admin

# endpoint: {method: answers in ROLES order}. A POST carries an empty form (CSRF off) or
# the body in BODIES: an allowed caller gets a validation answer or a redirect, a refused
# one 403 (another district, another office, a role that may not) or 302 to /login.
MATRIX: dict[str, dict[str, tuple[int, ...]]] = {
    # -- auth: the login form is public; /setup sends everyone to /login once users exist.
    "auth.login": {"GET": (200, 200, 200, 200, 200, 200, 200),
                   "POST": (200, 200, 200, 200, 200, 200, 200)},
    "auth.logout": {"POST": (302, 302, 302, 302, 302, 302, 302)},
    "auth.setup": {"GET": (302, 302, 302, 302, 302, 302, 302),
                   "POST": (302, 302, 302, 302, 302, 302, 302)},
    # -- account: everyone their own sessions, tokens and password; the admin everyone's.
    # Someone else's session or token is 404 (its existence is not told).
    "auth.sessions": {"GET": ANY_USER},
    "auth.end_other_sessions": {"POST": (302, 302, 302, 302, 302, 302, 302)},
    "auth.end_session": {"POST": OWN},
    "auth.revoke_token": {"POST": OWN},
    "auth.password": {"GET": ANY_USER, "POST": (302, 400, 400, 400, 400, 400, 400)},
    # -- user management: the admin everyone, a secretary their district's users (the
    # object is sec: sec_b is another district's secretary); everyone their own profile.
    "auth.users": {"GET": (302, 200, 200, 200, 403, 403, 403)},
    "auth.new_user": {"GET": (302, 200, 200, 200, 403, 403, 403),
                      "POST": (302, 400, 400, 400, 403, 403, 403)},
    # A POST without fields keeps the values shown (nothing changes): back to the list.
    "auth.edit_user": {"GET": (302, 200, 200, 403, 403, 403, 403),
                       "POST": (302, 302, 302, 403, 403, 403, 403)},
    "auth.set_user_active": {"POST": (302, 400, 400, 403, 403, 403, 403)},
    # The admin resets sec's password (the code page); sec may not reset their own.
    "auth.reset_user_password": {"POST": (302, 200, 302, 403, 403, 403, 403)},
    "auth.profile": {"GET": ANY_USER, "POST": (302, 302, 302, 302, 302, 302, 302)},
    # -- a typed date in both calendars (static/dates.js): any signed-in user, no data.
    "dates.describe_dates": {"GET": ANY_USER},
    "auth.new_password": {"GET": (302, 302, 302, 302, 302, 302, 302),
                          "POST": (302, 302, 302, 302, 302, 302, 302)},
    "auth.user": {"GET": ADMIN},
    "auth.end_user_sessions": {"POST": (302, 302, 403, 403, 403, 403, 403)},
    # -- committees
    "committees.index": {"GET": ANY_USER},
    "committees.new": {"GET": (302, 200, 200, 200, 403, 403, 403),  # sec_b: in Jhenaidah
                       "POST": (302, 400, 400, 400, 403, 403, 403)},
    "committees.view": {"GET": READ},
    "committees.decisions": {"GET": READ},
    "committees.edit": {"GET": RUN, "POST": (302, 400, 400, 403, 403, 403, 403)},
    # A committee with meetings is never deleted: the page says why, a POST is 409.
    "committees.delete": {"GET": RUN, "POST": (302, 409, 409, 403, 403, 403, 403)},
    # The serial the committee's file has reached: an empty form is a 400.
    "committees.serial": {"POST": (302, 400, 400, 403, 403, 403, 403)},
    # -- meetings (the draft unless said otherwise)
    "meetings.new": {"GET": RUN, "POST": (302, 422, 422, 403, 403, 403, 403)},
    "meetings.view": {"GET": READ},
    "meetings.edit": {"GET": RUN, "POST": (302, 422, 422, 403, 403, 403, 403)},
    "meetings.delete": {"GET": RUN, "POST": (302, 302, 302, 403, 403, 403, 403)},
    "meetings.import_file": {"GET": (302, 200, 200, 200, 403, 403, 403),
                             "POST": (302, 400, 400, 400, 403, 403, 403)},
    # -- legacy minutes from Word files: an upload is its uploader's alone (sec's here);
    # anyone else's is 404, as a missing one.
    "wordimport.upload": {"GET": (302, 200, 200, 200, 403, 403, 403),
                          "POST": (302, 400, 400, 400, 403, 403, 403)},
    "wordimport.batch": {"GET": (302, 404, 200, 404, 403, 403, 403)},
    "wordimport.import_batch": {"POST": (302, 404, 200, 404, 403, 403, 403)},
    "wordimport.preview": {"GET": (302, 404, 200, 404, 403, 403, 403)},
    "wordimport.check": {"POST": (302, 404, 400, 404, 403, 403, 403)},
    # -- documents
    "documents.minutes_docx": {"GET": READ},
    "documents.notice_docx": {"GET": READ},
    "documents.print_view": {"GET": READ},
    "documents.issue": {"GET": RUN, "POST": (302, 400, 400, 403, 403, 403, 403)},
    "documents.issue_notice": {"POST": (302, 302, 302, 403, 403, 403, 403)},
    "documents.corrigendum": {"GET": RUN, "POST": (302, 400, 400, 403, 403, 403, 403)},
    "documents.distribution": {"GET": RUN, "POST": (302, 302, 302, 403, 403, 403, 403)},
    # A district's distribution presets (?district=Magura): its secretary and the admin.
    "documents.presets": {"GET": RUN, "POST": (302, 302, 302, 403, 403, 403, 403)},
    # Issued letters: read by the district; the minutes' print view is the meeting's.
    "documents.letter_docx": {"GET": READ},
    # Overdue decisions per office: read by the district; reminders issued by its runners.
    "documents.reminders": {"GET": READ, "POST": (302, 400, 400, 403, 403, 403, 403)},
    "documents.letter_print": {"GET": (302, 302, 302, 403, 302, 302, 302)},
    # -- follow-up: district users read; the assigned office records its own progress
    "followup.dashboard": {"GET": (302, 200, 200, 403, 200, 200, 403)},
    "followup.assignment": {"GET": READ, "POST": (302, 400, 400, 403, 400, 403, 403)},
    # Only an office asks that its decision be dropped (the secretary drops it directly).
    "followup.drop_request": {"POST": (302, 400, 403, 403, 400, 403, 403)},
    "followup.evidence": {"GET": READ},
    "followup.committee_tracker": {"GET": READ},
    "followup.committee_tracker_export": {"GET": READ},
    "followup.review": {"GET": READ, "POST": (302, 302, 302, 403, 403, 403, 403)},
    "followup.attach": {"POST": (302, 302, 302, 403, 403, 403, 403)},
    "followup.search": {"GET": ANY_USER},
    # -- directory: the district's secretary
    "directory.index": {"GET": RUN},
    "directory.add_office": {"POST": (302, 400, 400, 403, 403, 403, 403)},
    "directory.add_alias": {"POST": (302, 400, 400, 403, 403, 403, 403)},
    "directory.remove_alias": {"POST": (302, 302, 302, 403, 403, 403, 403)},
    "directory.set_members": {"POST": (302, 302, 302, 403, 403, 403, 403)},
    "directory.link": {"POST": (302, 400, 400, 403, 403, 403, 403)},
    # -- APA: reports read by the district, indicators kept by the admin
    "apa.index": {"GET": (302, 302, 302, 302, 302, 302, 302)},
    "apa.report": {"GET": READ},
    "apa.rollup": {"GET": READ},
    "apa.national": {"GET": ADMIN},
    "apa.indicators": {"GET": ADMIN, "POST": (302, 400, 403, 403, 403, 403, 403)},
    "apa.edit_indicator": {"GET": ADMIN, "POST": (302, 400, 403, 403, 403, 403, 403)},
    "apa.copy": {"POST": (302, 302, 403, 403, 403, 403, 403)},
    "apa.install": {"POST": (302, 302, 403, 403, 403, 403, 403)},
    "apa.install_all": {"POST": (302, 302, 403, 403, 403, 403, 403)},
    # -- audit log: read-only; a secretary reads their own district's entries
    "audit.index": {"GET": (302, 200, 200, 200, 403, 403, 403)},
    "audit.meeting": {"GET": RUN},
    # -- API (bearer tokens)
    "api.openapi": {"GET": (401, 200, 200, 200, 200, 200, 200)},
    "api.committees": {"GET": (401, 200, 200, 200, 200, 200, 200)},
    "api.meetings": {"GET": API_READ},
    "api.meeting": {"GET": API_READ},
    "api.import_meeting": {"POST": (401, 201, 201, 403, 403, 403, 403)},
    "api.read_docx": {"POST": (401, 422, 422, 422, 403, 403, 403)},
    "api.issue_meeting": {"POST": API_RUN},
    "api.minutes_docx": {"GET": API_READ},
    "api.notice_docx": {"GET": API_READ},
    "api.meeting_letters": {"GET": API_READ},
    "api.letter_docx": {"GET": API_READ},
    "api.corrigendum": {"POST": (401, 400, 400, 403, 403, 403, 403)},
    "api.committee_serial": {"POST": (401, 400, 400, 403, 403, 403, 403)},
    "api.overdue": {"GET": API_READ},
    "api.reminders": {"POST": (401, 400, 400, 403, 403, 403, 403)},
    "api.decisions": {"GET": API_READ},
    "api.decision_status": {"POST": (401, 200, 200, 403, 200, 403, 403)},
    "api.apa_indicators": {"GET": API_READ},
}

# Which object each URL argument names: defaults by argument name, then per endpoint.
DEFAULT_ARGS = {
    "committee_id": "committee", "meeting_id": "issued", "assignment_id": "assignment",
    "follow_up_id": "follow_up", "district_id": "district", "office_id": "office",
    "alias_id": "alias", "indicator_id": "indicator", "decision_id": "decision",
    "fy": "fy", "fmt": "fmt", "letter_id": "letter",
    "session_id": "session", "token_id": "token", "user_id": "user",
    "upload_id": "upload", "batch": "batch",
}
DRAFT = {"meeting_id": "draft"}
ARGS: dict[str, dict[str, str]] = {
    "meetings.edit": DRAFT, "meetings.delete": DRAFT, "documents.issue": DRAFT,
    "documents.issue_notice": DRAFT, "documents.distribution": DRAFT,
    "followup.review": DRAFT, "followup.attach": DRAFT,
    "directory.set_members": {"office_id": "group"},
}
# Query strings naming a Magura object where the route reads one (without, it shows the
# user's own district and an outsider would get 200 on their own data).
QUERY: dict[str, dict[str, str]] = {
    "directory.index": {"district_id": "district"},
    "documents.presets": {"district": "district"},
    "followup.dashboard": {"office_id": "office"},
    "followup.search": {"q": "ল্যাব"},
    "apa.report": {"district_id": "district"},
    "apa.rollup": {"district_id": "district"},
    "api.meetings": {"district": "মাগুরা"},
    "api.decisions": {"district": "মাগুরা"},
    "api.apa_indicators": {"district": "মাগুরা"},
}
def draft_doc(held_on: str) -> dict:
    """The Magura minutes as a not yet issued meeting held on another day."""
    doc = json.loads(MAGURA.read_text(encoding="utf-8"))
    doc.pop("issue")
    doc["meeting"]["held_on"] = held_on
    return doc


# Bodies of POSTs whose answer would otherwise stop at input validation (JSON for the API).
BODIES: dict[tuple[str, str], dict] = {
    ("api.decision_status", "POST"): {"party": "জেলা শিক্ষা অফিসার", "status": "in_progress",
                                      "note": "চলছে"},
    ("api.import_meeting", "POST"): draft_doc("2022-05-16"),
}


@dataclass
class World:
    """The ids of the Magura objects and one API token per user."""
    ids: dict[str, object] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


def build_world(app) -> World:
    """Empty the database and fill it with the Magura dataset; returns its ids."""
    from sqlalchemy import select

    from committee.apa.defaults import DEFAULT_YEAR, install_defaults
    from committee.directory.offices import create_alias
    from committee.directory.service import resolve
    from committee.extensions import db
    from committee.followup.service import record_follow_up
    from committee.models import (
        ApiToken,
        Assignment,
        Decision,
        DocxUpload,
        Indicator,
        Meeting,
        User,
    )
    from committee.users.sessions import start as start_session
    from committee.wordimport.service import stage
    from tests.wordimport_docs import magura_docx

    _empty_tables(app)
    for username, (role, district, office) in USERS.items():
        make_user(app, username, role, district=district, office=office)
    issued = import_magura(app)
    draft = import_magura(app, draft_doc("2022-04-14"))
    world = World(tokens={u: make_token(app, u) for u in USERS})
    with app.app_context():
        deo = db.session.scalar(select(User).where(User.username == "deo"))
        meeting = db.session.get(Meeting, issued)
        assignment = db.session.scalars(
            select(Assignment).join(Assignment.decision)
            .where(Assignment.office_id == deo.office_id, Decision.meeting_id == issued)
            .order_by(Assignment.id)).first()
        assert assignment is not None, "the Magura minutes assign nothing to জেলা শিক্ষা অফিসার"
        name = _evidence_file(app)
        follow_up = record_follow_up(
            assignment, "in_progress", "ল্যাব পরিদর্শন চলছে", meeting.held_on, user=deo,
            evidence={"evidence_path": name, "evidence_name": "পরিদর্শন.pdf",
                      "evidence_type": "application/pdf"})
        alias = create_alias(deo.office, "ডিইও, মাগুরা")
        group = resolve(deo.district_id, "উপজেলা নির্বাহী অফিসার (সকল)")
        db.session.commit()
        install_defaults(DEFAULT_YEAR)
        indicator = db.session.scalars(select(Indicator).where(
            Indicator.fiscal_year == DEFAULT_YEAR).order_by(Indicator.id)).first()
        # sec's session in another browser and API token; the admin's other browser.
        sec = db.session.scalar(select(User).where(User.username == "sec"))
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        _, sec_session = start_session(sec, user_agent="Firefox/1 (Windows)")
        start_session(admin, user_agent="Chrome/1 (Android)")
        db.session.commit()
        sec_token = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == sec.id))
        batch = stage([("magura.docx", magura_docx())], sec)  # a Word upload of sec's
        upload = db.session.scalar(select(DocxUpload.id).where(DocxUpload.batch == batch))
        world.ids = {
            "committee": meeting.committee_id, "issued": issued, "draft": draft,
            "assignment": assignment.id, "decision": assignment.decision_id,
            "follow_up": follow_up.id, "district": deo.district_id,
            "office": deo.office_id, "group": group.id, "alias": alias.id,
            "indicator": indicator.id, "fy": DEFAULT_YEAR, "fmt": "csv",
            "letter": meeting.minutes_letter_id,
            "user": sec.id, "session": sec_session.id, "token": sec_token,
            "batch": batch, "upload": upload,
        }
    return world


def _evidence_file(app) -> str:
    """The follow-up's evidence file on disk (a test may have removed it)."""
    from committee.followup.evidence import evidence_dir

    name = "matrix-evidence.pdf"
    with app.app_context(), open(os.path.join(evidence_dir(), name), "wb") as fh:
        fh.write(b"%PDF-1.4\n% matrix\n")
    return name


def snapshot(app) -> dict[str, list[str]]:
    """Every row of every table: small for one district, and nothing can hide in it."""
    from sqlalchemy import select

    from committee.extensions import db

    with app.app_context():
        snap = {table.name: sorted(repr(tuple(row)) for row in
                                   db.session.execute(select(table)).all())
                for table in db.metadata.sorted_tables}
        db.session.remove()
    return snap


class Dataset:
    """A module's shared dataset, rebuilt when a test may have changed it.

    Tests set `dirty` when a request changed the database (or may have: a failure before
    the check); another module's tests empty the tables, which `get` notices too.
    """

    def __init__(self, app):
        self.app = app
        self.world: World | None = None
        self.image: DatabaseImage | None = None
        self.dirty = True

    def get(self) -> World:
        if self.dirty or not self._intact():
            if self.image is None:  # built once, then written back from its image
                self.world = build_world(self.app)
                self.image = DatabaseImage(self.app)
            else:
                self.image.restore(self.app)
                _evidence_file(self.app)
            self.dirty = False
        return self.world

    def _intact(self) -> bool:
        from committee.extensions import db
        from committee.models import Meeting

        with self.app.app_context():
            found = db.session.get(Meeting, self.world.ids["draft"]) is not None
            db.session.remove()
            return found


def url_for_rule(rule, world: World) -> str:
    """The rule's URL with the dataset's objects (and the endpoint's query string)."""
    from urllib.parse import urlencode

    names = {**DEFAULT_ARGS, **ARGS.get(rule.endpoint, {})}
    values = {arg: world.ids[names[arg]] for arg in rule.arguments}
    url = rule.build(values, append_unknown=False)[1]
    query = {k: world.ids.get(v, v) for k, v in QUERY.get(rule.endpoint, {}).items()}
    return f"{url}?{urlencode(query)}" if query else url
