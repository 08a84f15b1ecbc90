"""Issuing minutes and notices as memo-numbered DOCX; distribution lists; print view."""
from flask import Blueprint

bp = Blueprint("documents", __name__)
