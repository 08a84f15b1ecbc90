"""Committees: list, create, edit, members."""
from flask import Blueprint

bp = Blueprint("committees", __name__)

from . import views  # noqa: E402,F401
