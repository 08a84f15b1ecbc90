"""Reading the audit log: who may see which entries, filters, and Bangla labels."""
from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass

from sqlalchemy import Select, and_, or_, select

from ..authz import is_admin
from ..bangla import format_date_numeric, to_bangla_digits
from ..extensions import db
from ..models import Assignment, AuditEntry, Decision
from ..vocab import CommitteeKind, FollowUpStatus, Level, MeetingStatus, OfficeKind, Role

ACTION_LABELS = {
    "create": "তৈরি", "update": "পরিবর্তন", "import": "আমদানি", "delete": "মুছে ফেলা",
    "issue": "কার্যবিবরণী জারি", "issue_notice": "নোটিশ জারি",
    "issue_corrigendum": "সংশোধনী জারি", "confirm": "দৃঢ়ীকরণ",
    "status": "অগ্রগতি হালনাগাদ", "distribution": "বিতরণ তালিকা",
    "alias_add": "বিকল্প নাম যোগ", "alias_delete": "বিকল্প নাম বাদ",
    "members": "গ্রুপের সদস্য", "link": "নাম যুক্তকরণ", "copy": "কপি",
    "token": "এপিআই টোকেন", "deactivate": "নিষ্ক্রিয়করণ", "activate": "সক্রিয়করণ",
    "login": "লগইন", "logout": "লগ আউট", "attach_review": "পর্যালোচনায় যোগ",
    "serial": "নথির ক্রমিক", "issue_reminder": "তাগিদপত্র জারি",
    "token_revoke": "এপিআই টোকেন বাতিল", "session_end": "সেশন বন্ধ",
    "password": "পাসওয়ার্ড পরিবর্তন",
}
OBJECT_LABELS = {
    "meeting": "সভা", "committee": "কমিটি", "assignment": "সিদ্ধান্তের দায়িত্ব",
    "office": "দপ্তর", "indicator": "এপিএ সূচক", "user": "ব্যবহারকারী",
    "district": "জেলা",
}
FIELD_LABELS = {
    "held_on": "সভার তারিখ", "time": "সময়", "venue": "স্থান", "chair_name": "সভাপতির নাম",
    "chair_designation": "সভাপতির পদবি", "opening": "সূচনা", "closing": "সমাপনী",
    "attendance_annex": "উপস্থিতি পরিশিষ্টে", "attendance": "উপস্থিতি",
    "items": "আলোচ্যসূচি", "decisions": "সিদ্ধান্ত", "title": "শিরোনাম",
    "discussion": "আলোচনা", "responsible": "বাস্তবায়নে", "text": "বিবরণ",
    "due_on": "সময়সীমা", "name": "নাম", "designation": "পদবি", "office": "দপ্তর",
    "present": "উপস্থিত", "guest": "অতিথি", "status": "অবস্থা", "note": "মন্তব্য",
    "on": "তারিখ", "evidence": "প্রমাণক", "memo_number": "স্মারক নম্বর",
    "sha256": "SHA-256", "review_entries": "পর্যালোচনার সিদ্ধান্ত",
    "serial_reached": "নথির সর্বশেষ ক্রমিক", "decision_suffix": "সিদ্ধান্ত নম্বরের যতিচিহ্ন",
    "reminder_days": "তাগিদের ব্যবধান (দিন)",
    "sessions_ended": "বন্ধ হওয়া সেশন", "addressee": "প্রাপক",
    "memo_date": "স্মারকের তারিখ", "signatory": "স্বাক্ষরকারী", "distribution": "বিতরণ",
    "distribution_note": "বিতরণের নোট", "standing_distribution": "কমিটির স্থায়ী বিতরণ তালিকা",
    "standing_note": "স্থায়ী তালিকার নোট", "standing_removed": "স্থায়ী তালিকায় বাদ দেওয়া সারি",
    "distribution_presets": "বিতরণের প্রিসেট",
    "kind": "ধরন", "level": "স্তর", "district": "জেলা", "upazila": "উপজেলা",
    "file_number": "নথি নম্বর", "office_header": "দপ্তরের শিরোনাম", "members": "সদস্য",
    "alias": "বিকল্প নাম", "linked_name": "যুক্ত নাম", "username": "ব্যবহারকারীর নাম",
    "role": "ভূমিকা", "full_name": "পূর্ণ নাম", "active": "সক্রিয়", "fiscal_year": "অর্থবছর",
    "count": "সংখ্যা", "deleted": "মুছে ফেলা রেকর্ডের অনুলিপি", "code": "কোড",
    "weight": "মান", "targets": "লক্ষ্যমাত্রা", "method": "গণনা পদ্ধতি", "unit": "একক",
}
# Codes of the vocabulary shown by their Bangla label (a member's role is shown by the
# committee snapshot already; "office" is a user's role and an office's kind alike).
VALUE_LABELS = {**MeetingStatus.labels(), **FollowUpStatus.labels(), **OfficeKind.labels(),
                **CommitteeKind.labels(), **Level.labels(), **Role.labels()}
# Fields whose values are codes with a label above.
CODED = ("status", "role", "kind", "level")
# Bangladesh Standard Time, UTC+6 all year (no daylight saving).
BST = datetime.timezone(datetime.timedelta(hours=6))


@dataclass
class AuditFilters:
    """The list's filters; None means any."""

    action: str | None = None
    object_type: str | None = None
    username: str | None = None
    object_id: int | None = None


def visible(user) -> Select:
    """Entries the user may read: everything for an admin, else the user's district."""
    stmt = select(AuditEntry)
    if not is_admin(user):
        stmt = stmt.where(AuditEntry.district_id == user.district_id)
    return stmt


def _newest_first(stmt: Select) -> Select:
    return stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def entries(user, f: AuditFilters) -> Select:
    """The user's visible entries matching the filters, newest first."""
    stmt = visible(user)
    if f.action:
        stmt = stmt.where(AuditEntry.action == f.action)
    if f.object_type:
        stmt = stmt.where(AuditEntry.object_type == f.object_type)
    if f.username:
        stmt = stmt.where(AuditEntry.username == f.username)
    if f.object_id is not None:
        stmt = stmt.where(AuditEntry.object_id == f.object_id)
    return _newest_first(stmt)


def meeting_history(user, meeting_id: int) -> Select:
    """Entries about a meeting and the follow-up of its decisions, newest first."""
    assignments = (select(Assignment.id).join(Assignment.decision)
                   .where(Decision.meeting_id == meeting_id))
    return _newest_first(visible(user).where(or_(
        and_(AuditEntry.object_type == "meeting", AuditEntry.object_id == meeting_id),
        and_(AuditEntry.object_type == "assignment", AuditEntry.object_id.in_(assignments)))))


def usernames(user) -> list[str]:
    """Who appears in the user's visible entries, for the filter's pick-list."""
    stmt = visible(user).with_only_columns(AuditEntry.username).distinct()
    return sorted(name for name in db.session.scalars(stmt) if name)


def local_time(at: datetime.datetime | None) -> str:
    """"১৪/০৩/২০২২ ১১:০৫" in Bangladesh time (SQLite gives naive UTC values back)."""
    if at is None:
        return ""
    if at.tzinfo is None:
        at = at.replace(tzinfo=datetime.UTC)
    at = at.astimezone(BST)
    return f"{format_date_numeric(at.date())} {to_bangla_digits(at.strftime('%H:%M'))}"


def field_label(path: str) -> str:
    """"items.2.decisions.1.text" → "আলোচ্যসূচি ২ › সিদ্ধান্ত ১ › বিবরণ"."""
    parts, out = path.split("."), []
    for part in parts:
        if part.isdigit() and out:
            out[-1] = f"{out[-1]} {to_bangla_digits(part)}"
        else:
            out.append(FIELD_LABELS.get(part, part))
    return " › ".join(out)


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_CLOCK = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")
# A number the app wrote: digits not part of a word of Latin letters ("A2", "user2" and
# "SHA-256" are user data or names and keep their digits).
_APP_NUMBER = re.compile(r"(?<![A-Za-z0-9_])(?<![A-Za-z]-)\d+(?:[.,]\d+)*(?![A-Za-z0-9_])")


def _bn_iso_date(match: re.Match) -> str:
    try:
        return format_date_numeric(datetime.date(int(match[1]), int(match[2]), int(match[3])))
    except ValueError:
        return match[0]


def summary_text(summary: str | None) -> str:
    """An entry's summary with the numbers the app wrote in Bangla digits: ISO dates as
    "১৪/০৩/২০২২", counts and ids ("১৩টি", "#৫"); digits inside a word typed by someone
    (a room "A2", a user "sec2") stay as typed."""
    text = _ISO_DATE.sub(_bn_iso_date, summary or "")
    return _APP_NUMBER.sub(lambda m: to_bangla_digits(m[0]), text)


def _scalar_text(field: str, value) -> str:
    if isinstance(value, bool):
        return "হ্যাঁ" if value else "না"
    if isinstance(value, int | float):
        return to_bangla_digits(value)
    text = str(value)
    if _ISO_DATE.fullmatch(text) or _CLOCK.fullmatch(text):
        return to_bangla_digits(_ISO_DATE.sub(_bn_iso_date, text)[:5] if ":" in text
                                else _ISO_DATE.sub(_bn_iso_date, text))
    return text


def value_text(field: str, value) -> str:
    """A before/after value as the page shows it ("—" for none): numbers, dates and times
    the app stored in Bangla digits, text as it was typed ("A2" stays "A2")."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "হ্যাঁ" if value else "না"
    if field.rsplit(".", 1)[-1] in CODED and isinstance(value, str):
        return VALUE_LABELS.get(value, value)
    if isinstance(value, list) and not any(isinstance(v, dict | list) for v in value):
        return "\n".join(_scalar_text(field, v) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return _scalar_text(field, value)


@dataclass
class Shown:
    """An entry with its changes laid out: rows of (field, before, after), other details."""

    entry: AuditEntry
    when: str
    rows: list[tuple[str, str, str]]
    details: list[tuple[str, str]]
    summary: str = ""


def shown(entry: AuditEntry) -> Shown:
    rows, details = [], []
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    for field, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            rows.append((field_label(field), value_text(field, value[0]),
                         value_text(field, value[1])))
        else:
            details.append((field_label(field),
                            json.dumps(value, ensure_ascii=False, indent=2)))
    return Shown(entry, local_time(entry.at), rows, details, summary_text(entry.summary))
