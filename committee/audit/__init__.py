"""The audit log: who changed what and when; written by the services, read on /audit/."""
from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")
