"""Keeping the directory and the minutes in step: linking written names, group members.

set_group_members and link_name are what the directory page calls: each commits.

Parties in the minutes are kept as written; when a name is linked to an office (or a
group's members change) the assignments of the decisions that name it are re-synced,
so trackers and dashboards see the office. A committee member's office is kept as written
too, and offered and linked the same way.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..audit.service import record
from ..bangla import match_key, normalize_text, to_bangla_digits
from ..directory.offices import DirectoryError
from ..directory.service import Resolver, add_alias, resolve
from ..extensions import db
from ..models import Committee, Decision, Item, Meeting, Member, Office, ResponsibleParty
from ..vocab import OfficeKind
from .service import sync_assignments


@dataclass
class UnlinkedName:
    """A written party name that no office of the district answers to."""
    text: str
    count: int
    suggestion: Office | None = None


def set_group_members(group: Office, member_ids: list[int]) -> None:
    """Make the group stand for exactly these offices of its district, then re-sync."""
    if not group.is_group:
        raise DirectoryError("শুধু গ্রুপের সদস্য ঠিক করা যায়")
    wanted = set(member_ids)
    members = list(db.session.scalars(
        select(Office).where(Office.district_id == group.district_id,
                             Office.kind != OfficeKind.GROUP, Office.id.in_(wanted))
        .order_by(Office.name))) if wanted else []
    if len(members) != len(wanted):
        raise DirectoryError("শুধু এই জেলার দপ্তর/প্রতিষ্ঠান গ্রুপের সদস্য হতে পারে")
    before = [m.name for m in group.members]
    group.members = members
    record("members", "office", group.id, district_id=group.district_id,
           summary=f"«{group.name}» গ্রুপের সদস্য হালনাগাদ ({len(members)}টি দপ্তর)",
           changes={"members": [before, [m.name for m in members]]})
    db.session.flush()
    parties = db.session.scalars(
        select(ResponsibleParty).where(ResponsibleParty.office_id == group.id)).all()
    resync(parties)
    db.session.commit()


def _in_district(district_id: int):
    """A condition: the party belongs to a meeting of the district's committees."""
    meetings = select(Meeting.id).join(Meeting.committee).where(
        Committee.district_id == district_id)
    items = select(Item.id).where(Item.meeting_id.in_(meetings))
    decisions = select(Decision.id).where(Decision.meeting_id.in_(meetings))
    return or_(ResponsibleParty.item_id.in_(items),
               ResponsibleParty.decision_id.in_(decisions))


def _members_in_district(district_id: int):
    """A condition: the member belongs to one of the district's committees."""
    return Member.committee_id.in_(
        select(Committee.id).where(Committee.district_id == district_id))


def _unlinked_members(district_id: int):
    return (_members_in_district(district_id), Member.office_id.is_(None),
            Member.office_text != "")


def unlinked_names(district_id: int, district_name: str = "") -> list[UnlinkedName]:
    """Distinct unlinked names of the district (forgivingly merged), most used first:
    the parties of the minutes and the offices of committee members, as written."""
    rows = db.session.execute(
        select(ResponsibleParty.text, func.count())
        .where(_in_district(district_id), ResponsibleParty.office_id.is_(None))
        .group_by(ResponsibleParty.text).order_by(ResponsibleParty.text)).all()
    rows += db.session.execute(
        select(Member.office_text, func.count()).where(*_unlinked_members(district_id))
        .group_by(Member.office_text).order_by(Member.office_text)).all()
    merged: dict[str, UnlinkedName] = {}
    for text, count in rows:
        entry = merged.setdefault(match_key(text), UnlinkedName(text, 0))
        entry.count += count
    if merged:
        resolver = Resolver(district_id, district_name)
        for entry in merged.values():
            entry.suggestion = resolver(entry.text)
    return sorted(merged.values(), key=lambda e: (-e.count, e.text))


def link_name(district_id: int, text: str, office: Office) -> int:
    """Link every unlinked party and member's office of the district written as `text`
    to `office`.

    The spelling becomes an alias of the office (unless it already names it), so later
    minutes link by themselves. Returns how many parties and members were linked.
    """
    key = match_key(text)
    if not key:
        raise DirectoryError("নামটি ফাঁকা")
    if office.district_id != district_id:
        raise DirectoryError("দপ্তরটি এই জেলার নয়")
    current = resolve(district_id, text)
    if current is not None and current.id != office.id:
        raise DirectoryError(f"«{normalize_text(text)}» বানানটি আগে থেকেই "
                             f"«{current.name}» নির্দেশ করে")
    if current is None:
        add_alias(office, text)
    parties = [p for p in db.session.scalars(
        select(ResponsibleParty).where(_in_district(district_id),
                                       ResponsibleParty.office_id.is_(None)))
        if match_key(p.text) == key]
    for party in parties:
        party.office = office
    members = [m for m in db.session.scalars(
        select(Member).where(*_unlinked_members(district_id)))
        if match_key(m.office_text) == key]
    for member in members:
        member.office = office  # the office as written stays as written
    linked = len(parties) + len(members)
    record("link", "office", office.id, district_id=district_id,
           summary=f"«{normalize_text(text)}» নামটি «{office.name}»-এর সাথে যুক্ত "
                   f"({to_bangla_digits(linked)}টি উল্লেখ)",
           changes={"linked_name": [None, normalize_text(text)]})
    db.session.flush()
    resync(parties)
    db.session.commit()
    return linked


def resync(parties: list[ResponsibleParty]) -> None:
    """Re-sync the assignments of every decision the parties apply to."""
    item_ids = {p.item_id for p in parties if p.item_id is not None}
    decision_ids = {p.decision_id for p in parties if p.decision_id is not None}
    if not item_ids and not decision_ids:
        return
    decisions = db.session.scalars(
        select(Decision).where(or_(Decision.item_id.in_(item_ids),
                                   Decision.id.in_(decision_ids)))
        .options(selectinload(Decision.item).selectinload(Item.parties),
                 selectinload(Decision.parties), selectinload(Decision.assignments)))
    for decision in decisions:
        sync_assignments(decision)
    db.session.flush()
