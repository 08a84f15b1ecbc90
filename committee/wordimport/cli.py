"""`flask minutes read-docx FILE` and `flask minutes import-docx FILE… [--yes]`."""
from __future__ import annotations

import json
import os
import sys
import time

import click
from flask.cli import with_appcontext

from ..bangla import to_bangla_digits
from ..imports.importer import import_minutes
from ..interchange.validate import ValidationError
from .service import FIELDS, FileReading, expand, field_share, only_already, read_file

_LABELS = dict(FIELDS)


def _files(paths: tuple[str, ...]) -> list[tuple[str, bytes]]:
    """The files named, a folder's Word documents and zips, in name order."""
    out = []
    for path in paths:
        if os.path.isdir(path):
            names = sorted(n for n in os.listdir(path)
                           if n.lower().endswith((".docx", ".doc", ".zip"))
                           and not n.startswith(("~$", ".")))
            out += [(n, _bytes(os.path.join(path, n))) for n in names]
        else:
            out.append((os.path.basename(path), _bytes(path)))
    return out


def _bytes(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _problems_text(reading: FileReading) -> list[str]:
    return [f"  - {p['path'] or 'ফাইল'}: {p['message']}" for p in reading.problems]


@click.command("read-docx")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def read_docx(path):
    """Print the committee-minutes/1 document read from a Word file; stores nothing.
    Problems go to standard error (in Bangla); exit status 1 when the file is refused."""
    reading = read_file(_bytes(path), os.path.basename(path))
    if reading.refused:
        click.echo(reading.refused, err=True)
        sys.exit(1)
    click.echo(json.dumps(reading.document, ensure_ascii=False, indent=2))
    good, total = field_share(reading.document, reading.problems, reading.sources)
    click.echo(f"{to_bangla_digits(good)}/{to_bangla_digits(total)} ঘর পড়া গেছে", err=True)
    for line in _problems_text(reading):
        click.echo(line, err=True)


def _preview(reading: FileReading) -> None:
    doc = reading.document
    meeting = doc["meeting"]
    items = meeting["items"]
    good, total = field_share(doc, reading.problems, reading.sources)
    click.echo(f"== {reading.filename}: {doc['committee']['name']}, "
               f"সভা {meeting['held_on']}, {to_bangla_digits(len(items))}টি আলোচ্য বিষয়, "
               f"{to_bangla_digits(sum(len(i['decisions']) for i in items))}টি সিদ্ধান্ত; "
               f"{to_bangla_digits(good)}/{to_bangla_digits(total)} ঘর পড়া গেছে")
    for line in _problems_text(reading):
        click.echo(line)


@click.command("import-docx")
@with_appcontext
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--yes", is_flag=True, help="Store every document with no problem, "
                                          "without asking.")
def import_docx(paths, yes):
    """Import minutes from Word files (.docx, .doc, folders and zips of them) in date
    order. Each is previewed; with --yes, stored when it has no problem. Prints a summary
    and each new meeting's id; exit status 1 when any file was not imported."""
    started = time.monotonic()
    files, skipped = expand(_files(paths))
    readings = [read_file(data, name) for name, data in files]
    blobs = {id(r): data for r, (_, data) in zip(readings, files, strict=True)}
    readable = sorted((r for r in readings if not r.refused),
                      key=lambda r: r.document["meeting"].get("held_on") or "")
    imported, refused = [], [(s["file"], s["message"]) for s in skipped]
    refused += [(r.filename, r.refused) for r in readings if r.refused]
    for reading in readable:
        _preview(reading)
        if (there := only_already(reading.problems)) is not None:
            imported.append((reading.filename, there, False))
            continue
        if reading.problems:
            refused.append((reading.filename, reading.problems[0]["message"]))
            continue
        if not yes and not click.confirm("এটি সংরক্ষণ করবেন?", default=False):
            refused.append((reading.filename, "সংরক্ষণ করা হয়নি (আপনার সিদ্ধান্তে)"))
            continue
        try:
            answer = import_minutes(reading.document, None, original=blobs[id(reading)])
        except ValidationError as exc:
            refused.append((reading.filename, exc.problems[0]["message"]))
            continue
        imported.append((reading.filename, answer.meeting.id, answer.created))
    click.echo(f"আমদানি: {to_bangla_digits(sum(1 for i in imported if i[2]))}টি নতুন, "
               f"{to_bangla_digits(sum(1 for i in imported if not i[2]))}টি আগেই ছিল; "
               f"বাদ: {to_bangla_digits(len(refused))}টি "
               f"({to_bangla_digits(round(time.monotonic() - started, 1))} সেকেন্ড)")
    for name, message in refused:
        click.echo(f"বাদ: {name}: {message}")
    for name, meeting_id, _ in imported:
        click.echo(f"{name}\t{meeting_id}")
    if refused:
        sys.exit(1)
