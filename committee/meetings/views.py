"""Meeting pages."""
from flask import render_template

from ..authz import get_meeting_for_view, login_required
from . import bp


@bp.get("/meetings/<int:meeting_id>")
@login_required
def view(meeting_id: int):
    meeting = get_meeting_for_view(meeting_id)
    return render_template("meetings/view.html", meeting=meeting)
