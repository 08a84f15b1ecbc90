"""The directory of a district: offices, companies, groups and their aliases.

Each function a page calls to change the directory is one transaction and commits
(docs/architecture.md, "Who commits"); a refused change raises DirectoryError before
anything is written.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..audit.service import record
from ..bangla import match_key, normalize_text
from ..extensions import db
from ..models import District, Office, OfficeAlias, Upazila
from ..vocab import OfficeKind
from .service import add_alias, add_office, resolve

OFFICE_KIND_LABELS = OfficeKind.labels()


class DirectoryError(ValueError):
    """A directory change was refused; the message is in Bangla, for the user."""


def all_districts() -> list[District]:
    """Every district, by name (an administrator's choice of directory)."""
    return list(db.session.scalars(select(District).order_by(District.name)))


def district_or_404(district_id: int) -> District:
    return db.get_or_404(District, district_id)


def office_or_404(office_id: int) -> Office:
    return db.get_or_404(Office, office_id)


def alias_or_404(alias_id: int) -> OfficeAlias:
    return db.get_or_404(OfficeAlias, alias_id)


def office_by_id(office_id: int | None) -> Office | None:
    """The office of that id, or None (the change it is named in checks its district)."""
    return db.session.get(Office, office_id) if office_id else None


def upazila_by_id(upazila_id: int | None) -> Upazila | None:
    """The upazila of that id, or None (create_office checks its district)."""
    return db.session.get(Upazila, upazila_id) if upazila_id else None


def district_offices(district_id: int) -> list[Office]:
    """The district's offices with their upazila, aliases and members loaded."""
    return list(db.session.scalars(
        select(Office).where(Office.district_id == district_id)
        .options(selectinload(Office.upazila), selectinload(Office.aliases),
                 selectinload(Office.members))
        .order_by(Office.kind, Office.name)))


def create_office(district, name: str, kind: str, upazila: Upazila | None = None) -> Office:
    """Add an office to the directory; refuses a name the district already uses."""
    if not match_key(name):
        raise DirectoryError("নাম লিখুন")
    existing = resolve(district.id, name)
    if existing is not None:
        raise DirectoryError(f"এই নাম আগে থেকেই তালিকায় আছে: «{existing.name}»")
    if upazila is not None and upazila.district_id != district.id:
        raise DirectoryError("উপজেলাটি এই জেলার নয়")
    office = add_office(district, name, kind=kind, upazila=upazila)
    record("create", "office", office.id, district_id=district.id,
           summary=f"দপ্তর তালিকায় নতুন {OFFICE_KIND_LABELS.get(kind, kind)}: {office.name}",
           changes={"name": [None, office.name], "kind": [None, kind],
                    "upazila": [None, upazila.name if upazila else None]})
    db.session.commit()
    return office


def create_alias(office: Office, alias: str) -> OfficeAlias:
    """Add another spelling of an office; refuses one that already names something."""
    taken = resolve(office.district_id, alias) if match_key(alias) else None
    if taken is not None:
        raise DirectoryError(f"«{normalize_text(alias)}» বানানটি আগে থেকেই "
                             f"«{taken.name}» নির্দেশ করে")
    row = add_alias(office, alias)
    if row is None:
        raise DirectoryError("বিকল্প নাম লিখুন")
    record("alias_add", "office", office.id, district_id=office.district_id,
           summary=f"«{office.name}»-এর বিকল্প নাম যোগ: «{row.alias}»",
           changes={"alias": [None, row.alias]})
    db.session.commit()
    return row


def delete_alias(alias: OfficeAlias) -> None:
    """Remove a spelling; parties already linked through it stay linked."""
    record("alias_delete", "office", alias.office_id, district_id=alias.district_id,
           summary=f"«{alias.office.name}»-এর বিকল্প নাম বাদ: «{alias.alias}»",
           changes={"alias": [alias.alias, None]})
    db.session.delete(alias)
    db.session.commit()
