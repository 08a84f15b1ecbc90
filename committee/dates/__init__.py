"""Dates as officers type them: the day in both calendars beside a date box (/dates/)."""
from flask import Blueprint

bp = Blueprint("dates", __name__, url_prefix="/dates")
