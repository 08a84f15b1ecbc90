"""Follow-up of decisions: office dashboard, committee tracker, review, search."""
from flask import Blueprint

bp = Blueprint("followup", __name__)

from . import views, review_views  # noqa: E402,F401
