"""APA (বার্ষিক কর্মসম্পাদন চুক্তি): indicators, report, roll-ups, exports."""
from flask import Blueprint

bp = Blueprint("apa", __name__, url_prefix="/apa")
