"""Legacy minutes from Word documents (.docx, .doc through LibreOffice, zips of them):
read into committee-minutes/1, checked by the officer beside the source, then imported."""
from flask import Blueprint

bp = Blueprint("wordimport", __name__)
