"""The data model. Import models from here: `from committee.models import Meeting`."""
from .apa import Indicator
from .audit import AuditEntry, LoginAttempt
from .committees import Committee, Member
from .directory import District, Office, OfficeAlias, Upazila, office_group_members
from .followup import FollowUp, ReminderEntry, ReviewEntry
from .idempotency import IdempotencyKey
from .meetings import (
    Assignment,
    Attendance,
    Decision,
    Item,
    Letter,
    Meeting,
    ResponsibleParty,
)
from .sessions import UserSession
from .users import ApiToken, User

__all__ = [
    "ApiToken",
    "Assignment",
    "AuditEntry",
    "Attendance",
    "Committee",
    "Decision",
    "District",
    "FollowUp",
    "IdempotencyKey",
    "Indicator",
    "Item",
    "Letter",
    "LoginAttempt",
    "Meeting",
    "Member",
    "Office",
    "OfficeAlias",
    "ReminderEntry",
    "ResponsibleParty",
    "ReviewEntry",
    "Upazila",
    "User",
    "UserSession",
    "office_group_members",
]
