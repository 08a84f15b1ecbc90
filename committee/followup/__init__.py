"""Follow-up of decisions: office dashboard, committee tracker, review, search."""
from flask import Blueprint

bp = Blueprint("followup", __name__)
