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
from .followup import FollowUp, ReviewEntry
from .apa import Indicator

__all__ = [
    "ApiToken",
    "Assignment",
    "Attendance",
    "Committee",
    "Decision",
    "District",
    "FollowUp",
    "Indicator",
    "Item",
    "Letter",
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
