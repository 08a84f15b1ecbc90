"""The data model. Import models from here: `from committee.models import Meeting`."""
from .apa import Indicator
from .audit import AuditEntry, LoginAttempt
from .committees import Committee, Member
from .directory import District, Office, OfficeAlias, Upazila, office_group_members
from .followup import FollowUp, ReviewEntry
from .meetings import (
    Assignment,
    Attendance,
    Decision,
    Item,
    Letter,
    Meeting,
    ResponsibleParty,
)
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
    "Indicator",
    "Item",
    "Letter",
    "LoginAttempt",
    "Meeting",
    "Member",
    "Office",
    "OfficeAlias",
    "ResponsibleParty",
    "ReviewEntry",
    "Upazila",
    "User",
    "office_group_members",
]
