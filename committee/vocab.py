"""The product's vocabulary: every status, role, kind and level, with its Bangla label.

One place: the database check constraints, the forms' choices, the OpenAPI enums, the audit
log's labels and the templates all derive from these enums. Each member is a ``StrEnum``,
so it compares equal to the string stored in the database and sent over the API
(``FollowUpStatus.IMPLEMENTED == "implemented"``); ``.label`` is its Bangla wording.
"""
from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    """A StrEnum whose members carry a Bangla label (the second value of the tuple)."""

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """The stored values, in declaration order."""
        return tuple(m.value for m in cls)

    @classmethod
    def labels(cls) -> dict[str, str]:
        """{value: Bangla label}, in declaration order."""
        return {m.value: m.label for m in cls}

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs for a form's select field."""
        return [(m.value, m.label) for m in cls]

    @classmethod
    def check(cls, column: str) -> str:
        """The SQL of a check constraint that keeps ``column`` within the vocabulary."""
        return f"{column} IN ({', '.join(repr(v) for v in cls.values())})"

    @classmethod
    def label_of(cls, value) -> str:
        """The Bangla label of ``value``; the value itself if it is not in the vocabulary."""
        try:
            return cls(value).label
        except ValueError:
            return "" if value is None else str(value)


class FollowUpStatus(_Labelled):
    """Where a decision stands for one responsible office."""

    PENDING = "pending", "অমীমাংসিত"
    IN_PROGRESS = "in_progress", "চলমান"
    IMPLEMENTED = "implemented", "বাস্তবায়িত"
    DROPPED = "dropped", "বাদ দেওয়া হয়েছে"

    @classmethod
    def open(cls) -> tuple[str, ...]:
        """The statuses of a decision still owed (followed up, reviewed, reminded)."""
        return (cls.PENDING.value, cls.IN_PROGRESS.value)


class MeetingStatus(_Labelled):
    """A meeting's minutes: a draft, issued under a memo number, or confirmed by the next."""

    DRAFT = "draft", "খসড়া"
    ISSUED = "issued", "জারিকৃত"
    CONFIRMED = "confirmed", "দৃঢ়ীকৃত"


class Role(_Labelled):
    """What a user may do (see committee.authz)."""

    ADMIN = "admin", "অ্যাডমিন"
    SECRETARY = "secretary", "সদস্য-সচিব"
    OFFICE = "office", "দপ্তর"
    VIEWER = "viewer", "পাঠক"


class MemberRole(_Labelled):
    """A member's place in a committee."""

    CHAIR = "chair", "সভাপতি"
    MEMBER = "member", "সদস্য"
    MEMBER_SECRETARY = "member_secretary", "সদস্য-সচিব"


class CommitteeKind(_Labelled):
    """The kinds of committee whose meetings the system records."""

    ICT = "ict", "আইসিটি কমিটি"
    ICT_COORDINATION = "ict-coordination", "আইসিটি সমন্বয় সভা"
    ETHICS = "ethics", "নৈতিকতা কমিটি"
    OTHER = "other", "অন্যান্য"


class Level(_Labelled):
    """District or upazila: of a committee, an APA office, a user's scope."""

    DISTRICT = "district", "জেলা"
    UPAZILA = "upazila", "উপজেলা"


class OfficeKind(_Labelled):
    """What a directory entry is: an office, a company, or a group of offices."""

    OFFICE = "office", "দপ্তর"
    COMPANY = "company", "প্রতিষ্ঠান"
    GROUP = "group", "গ্রুপ"


class IndicatorMethod(_Labelled):
    """How an APA indicator's quarters add up to the year (গণনা পদ্ধতি)."""

    SUM = "sum", "সমষ্টি"
    AVG = "avg", "গড়"
    CUMULATIVE = "cumulative", "ক্রমপুঞ্জিভূত"
    DATE = "date", "তারিখ"


class LetterKind(_Labelled):
    """The letters issued from a committee's file."""

    MINUTES = "minutes", "কার্যবিবরণী"
    NOTICE = "notice", "সভার নোটিশ"
    CORRIGENDUM = "corrigendum", "সংশোধনী"
    REMINDER = "reminder", "তাগিদপত্র"
    OTHER = "other", "পত্র"


def implementation_rate(implemented: int, counted: int) -> float | None:
    """Implemented ÷ not dropped, in percent with one decimal (None when nothing counts).

    The one rate of the tracker, the APA and the roll-ups: a dropped decision is the
    committee's call and neither helps nor hurts an office.
    """
    return round(100 * implemented / counted, 1) if counted else None
