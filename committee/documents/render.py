"""Rendering the DOCX templates in minutes_templates/ with docxtpl."""
from __future__ import annotations

import io
from pathlib import Path

from docxtpl import DocxTemplate
from flask import send_file

from ..models import Meeting
from .context import minutes_context, notice_context

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "minutes_templates"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_cache: dict[str, tuple[float, bytes]] = {}


def template_bytes(name: str) -> bytes:
    """The template file, read again only when it changed on disk (edited in Word)."""
    path = TEMPLATE_DIR / name
    mtime = path.stat().st_mtime
    cached = _cache.get(name)
    if cached is None or cached[0] != mtime:
        cached = (mtime, path.read_bytes())
        _cache[name] = cached
    return cached[1]


def render_docx(name: str, context: dict) -> bytes:
    """Render template ``name`` with ``context``; values are XML-escaped (autoescape)."""
    # docxtpl changes the document it renders, so each render starts from the file bytes.
    template = DocxTemplate(io.BytesIO(template_bytes(name)))
    template.render(context, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_minutes(meeting: Meeting) -> bytes:
    """The minutes (কার্যবিবরণী) of ``meeting`` as DOCX; a draft is marked as such."""
    return render_docx("minutes.docx", minutes_context(meeting))


def render_notice(meeting: Meeting) -> bytes:
    """The meeting notice (সভার নোটিশ) of ``meeting`` as DOCX."""
    return render_docx("notice.docx", notice_context(meeting))


def download_name(meeting: Meeting, kind: str) -> str:
    """An ASCII file name such as "minutes-2022-03-14-7.docx" (kind: minutes|notice)."""
    return f"{kind}-{meeting.held_on.isoformat()}-{meeting.id}.docx"


def docx_response(data: bytes, filename: str):
    """A DOCX download that is never cached (drafts change)."""
    response = send_file(io.BytesIO(data), mimetype=DOCX_MIMETYPE, as_attachment=True,
                         download_name=filename)
    response.headers["Cache-Control"] = "no-store"
    return response
