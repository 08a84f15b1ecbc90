"""Login, logout and the one-time first-administrator setup."""
from flask import Blueprint

bp = Blueprint("auth", __name__)
