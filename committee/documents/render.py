"""Rendering the DOCX templates in minutes_templates/ with docxtpl."""
from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

from docxtpl import DocxTemplate
from flask import send_file

from ..models import Meeting
from .context import minutes_context, notice_context
from .docx_chart import ColumnChart, add_charts

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "minutes_templates"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_cache: dict[str, tuple[float, bytes]] = {}
PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
LISTING = re.compile(r"[\t\a\n\f]")


class Template(DocxTemplate):
    """docxtpl, with its line-break pass run only on the paragraphs that need it.

    docxtpl turns \n, \t, \a and \f inside text into Word breaks by rewriting every
    paragraph with nested regular expressions; on minutes with hundreds of table rows that
    pass costs more than the rendering itself. A paragraph without those characters comes
    out of it unchanged, so it is skipped; the others go through docxtpl's own code.
    """

    def resolve_listing(self, xml: str) -> str:
        if not LISTING.search(xml):
            return xml
        resolve = super().resolve_listing
        return PARAGRAPH.sub(
            lambda m: resolve(m.group(0)) if LISTING.search(m.group(0)) else m.group(0), xml)


def template_bytes(name: str) -> bytes:
    """The template file, read again only when it changed on disk (edited in Word)."""
    path = TEMPLATE_DIR / name
    mtime = path.stat().st_mtime
    cached = _cache.get(name)
    if cached is None or cached[0] != mtime:
        cached = (mtime, path.read_bytes())
        _cache[name] = cached
    return cached[1]


def render_docx(name: str, context: dict, properties: dict | None = None, *,
                charts: list[ColumnChart] | None = None,
                charts_heading: str = "লেখচিত্র") -> bytes:
    """Render template ``name`` with ``context``; values are XML-escaped (autoescape).

    ``properties`` sets the core properties (title, author, created, category) of an
    issued letter; the template's own neutral ones stay otherwise. ``charts`` are
    appended at the end of the body under ``charts_heading`` (docx_chart.py).
    """
    # docxtpl changes the document it renders, so each render starts from the file bytes.
    template = Template(io.BytesIO(template_bytes(name)))
    template.render(context, autoescape=True)
    if charts:
        add_charts(template.docx, charts, charts_heading)
    if properties:
        _set_properties(template.docx.core_properties, properties)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _set_properties(core, properties: dict) -> None:
    created = properties.get("created")
    core.title = properties.get("title", "")
    core.subject = properties.get("title", "")
    core.author = core.last_modified_by = properties.get("author", "")
    core.category = properties.get("category", "")
    core.language = "bn-BD"
    core.revision = 1
    if created is not None:
        if created.tzinfo is not None:  # python-docx writes naive times as UTC
            created = created.astimezone(datetime.UTC).replace(tzinfo=None)
        core.created = core.modified = created


def render_minutes(meeting: Meeting) -> bytes:
    """The minutes (কার্যবিবরণী) of ``meeting`` as DOCX; a draft is marked as such."""
    return render_docx("minutes.docx", minutes_context(meeting))


def render_notice(meeting: Meeting) -> bytes:
    """The meeting notice (সভার নোটিশ) of ``meeting`` as DOCX."""
    return render_docx("notice.docx", notice_context(meeting))


def docx_response(data: bytes, filename: str):
    """A DOCX download that is never cached (private; drafts change)."""
    response = send_file(io.BytesIO(data), mimetype=DOCX_MIMETYPE, as_attachment=True,
                         download_name=filename)
    response.headers["Cache-Control"] = "no-store"
    return response
