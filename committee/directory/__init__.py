"""The directory of offices per district."""
from flask import Blueprint

bp = Blueprint("directory", __name__, url_prefix="/directory")
