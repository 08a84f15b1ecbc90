"""Who may record the follow-up of which assignment."""
from flask import abort

from ..authz import can_read_district, can_run_district, current
from ..extensions import db
from ..models import Assignment
from ..vocab import Role


def may_update(user, assignment: Assignment) -> bool:
    """Admin and the district's secretary: any party; an office user: its own office's."""
    district_id = assignment.decision.meeting.committee.district_id
    if can_run_district(user, district_id):
        return True
    return (user.role == Role.OFFICE and user.district_id == district_id
            and assignment.office_id is not None and assignment.office_id == user.office_id)


NOT_YOURS_TO_DROP = ("সিদ্ধান্ত বাদ দেওয়ার সিদ্ধান্ত কমিটির: শুধু সদস্য-সচিব বা অ্যাডমিন তা করতে "
                     "পারেন। বাদ দেওয়া উচিত মনে হলে কারণসহ বাদ দেওয়ার অনুরোধ পাঠান।")


def may_drop(user, assignment: Assignment) -> bool:
    """Only whoever runs the district (its secretary, an admin) drops a decision."""
    return can_run_district(user, assignment.decision.meeting.committee.district_id)


def get_assignment_for_view(assignment_id: int) -> Assignment:
    """An assignment of the user's district (any, for an admin); 404, or 403."""
    assignment = db.get_or_404(Assignment, assignment_id)
    if not can_read_district(current(), assignment.decision.meeting.committee.district_id):
        abort(403)
    return assignment


def get_assignment_for_update(assignment_id: int) -> Assignment:
    assignment = db.get_or_404(Assignment, assignment_id)
    if not may_update(current(), assignment):
        abort(403)
    return assignment
