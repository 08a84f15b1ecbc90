"""The data model. Import models from here: `from committee.models import Meeting`."""
from . import search_index  # noqa: F401  (SQLite's FTS5 tables, made with the schema)
from .apa import Indicator
from .audit import AuditEntry, LoginAttempt
from .committees import Committee, Member
from .directory import District, Office, OfficeAlias, Upazila, office_group_members
from .distribution import DistributionPreset, StandingDistribution
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
from .wordimport import DocxUpload

__all__ = [
    "ApiToken",
    "Assignment",
    "AuditEntry",
    "Attendance",
    "Committee",
    "Decision",
    "District",
    "DistributionPreset",
    "DocxUpload",
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
    "StandingDistribution",
    "Upazila",
    "User",
    "UserSession",
    "office_group_members",
]
