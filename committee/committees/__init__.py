"""Committees: list, create, edit, members."""
from flask import Blueprint

bp = Blueprint("committees", __name__)
