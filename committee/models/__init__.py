"""The data model. Import models from here: `from committee.models import Meeting`."""
from .directory import District, Office, OfficeAlias, Upazila, office_group_members
from .users import ApiToken, User
from .committees import Committee, Member
from .meetings import (
    Assignment,
    Attendance,
    Decision,
    Item,
    Letter,
    Meeting,
    ResponsibleParty,
)

__all__ = [
    "ApiToken",
    "Assignment",
    "Attendance",
    "Committee",
    "Decision",
    "District",
    "Item",
    "Letter",
    "Meeting",
    "Member",
    "Office",
    "OfficeAlias",
    "ResponsibleParty",
    "Upazila",
    "User",
    "office_group_members",
]
