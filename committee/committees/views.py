"""Committee pages."""
from flask import render_template

from ..authz import current, login_required, visible_committees
from ..extensions import db
from ..models import Committee
from . import bp


@bp.get("/")
@login_required
def index():
    committees = db.session.scalars(
        visible_committees(current()).order_by(Committee.district_id, Committee.name)
    ).all()
    return render_template("committees/index.html", committees=committees)
