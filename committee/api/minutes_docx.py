"""POST /api/v1/minutes/read-docx: a Word document of minutes, read; nothing stored."""
from __future__ import annotations

from flask import jsonify, request

from ..authz import current, roles_required
from ..vocab import Role
from ..wordimport.service import read_file
from . import bp
from .views import error


@bp.post("/minutes/read-docx")
@roles_required(Role.SECRETARY)
def read_docx():
    """Read minutes from a .docx (or .doc) sent as the request body (or as the multipart
    field `file`): 200 with {"document": committee-minutes/1, "problems": [...],
    "sources": {path: {text, where}}, "recognised": n, "expected": m}. Nothing is stored;
    correct the document and post it to /api/v1/meetings/import. A file that is not Word
    minutes (corrupt, encrypted, a zip bomb, not minutes at all) answers 422."""
    upload = request.files.get("file")
    if upload is not None:
        data, name = upload.read(), upload.filename or "minutes.docx"
    else:
        data = request.get_data(cache=False)
        name = request.headers.get("X-Filename", "minutes.docx")[:255]
    reading = read_file(data, name, current())
    if reading.refused:
        return error(422, reading.refused, [{"path": "", "message": reading.refused}])
    answer = reading.as_json()
    return jsonify(document=answer["document"], problems=answer["problems"],
                   sources=answer["sources"], recognised=answer["recognised"],
                   expected=answer["expected"], bijoy=answer["bijoy"])
