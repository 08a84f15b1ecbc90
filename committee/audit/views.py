"""Audit log pages: read-only. There is deliberately no route that edits or deletes an entry."""
from __future__ import annotations

from flask import render_template, request

from ..authz import current, get_meeting_for_edit, roles_required
from ..extensions import db
from ..users.manage import display_names, labels_by_username
from ..vocab import Role
from . import bp
from .log import (
    ACTION_LABELS,
    OBJECT_LABELS,
    AuditFilters,
    entries,
    meeting_history,
    shown,
    usernames,
)

PER_PAGE = 50


def _page_arg() -> int:
    return max(request.args.get("page", 1, type=int), 1)


def _filters() -> AuditFilters:
    args = request.args
    action = args.get("action") or None
    object_type = args.get("object_type") or None
    return AuditFilters(
        action=action if action in ACTION_LABELS else None,
        object_type=object_type if object_type in OBJECT_LABELS else None,
        username=(args.get("user") or "").strip()[:80] or None,
        object_id=args.get("object_id", type=int))


@bp.get("/")
@roles_required(Role.SECRETARY)
def index():
    """The log, newest first: an admin sees every entry, a secretary their district's."""
    user = current()
    filters = _filters()
    page = db.paginate(entries(user, filters), page=_page_arg(), per_page=PER_PAGE,
                       error_out=False)
    names = usernames(user)
    return render_template("audit/index.html", page=page,
                           rows=[shown(e) for e in page.items], filters=filters,
                           who=display_names(e.user_id for e in page.items),
                           usernames=names, user_labels=labels_by_username(names),
                           action_labels=ACTION_LABELS,
                           object_labels=OBJECT_LABELS)


@bp.get("/meetings/<int:meeting_id>")
@roles_required(Role.SECRETARY)
def meeting(meeting_id: int):
    """A meeting's history: its saves and letters, and its decisions' follow-up."""
    meeting = get_meeting_for_edit(meeting_id)
    page = db.paginate(meeting_history(current(), meeting.id), page=_page_arg(),
                       per_page=PER_PAGE, error_out=False)
    return render_template("audit/meeting.html", meeting=meeting, page=page,
                           rows=[shown(e) for e in page.items], action_labels=ACTION_LABELS,
                           who=display_names(e.user_id for e in page.items),
                           object_labels=OBJECT_LABELS)
