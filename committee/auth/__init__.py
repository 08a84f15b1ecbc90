"""Login, logout, the one-time first-administrator setup, and the account pages
(sessions, API tokens, password)."""
from flask import Blueprint

from .cookie import install

bp = Blueprint("auth", __name__)
# At registration, after web.py: the session-key loader is the one Flask-Login uses.
bp.record_once(install)
