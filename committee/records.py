"""Issued minutes are a legal record: the one check every change of a meeting goes through.

A meeting whose minutes are issued (status issued or confirmed) is read-only: its items,
decisions, attendance, distribution, review and letters stay as issued; a mistake is
corrected by a corrigendum, a new letter. Only the follow-up statuses of its decisions,
which live beside the record, keep changing. ``ensure_draft`` raises :class:`Frozen`, an
HTTP 409 that the web pages and the API answer with its Bangla message.
"""
from __future__ import annotations

from werkzeug.exceptions import Conflict

from .vocab import MeetingStatus

FROZEN_MESSAGE = ("এই কার্যবিবরণী জারি করা হয়েছে; জারিকৃত কার্যবিবরণী, এর বিতরণ তালিকা, "
                  "পর্যালোচনা ও পত্র আর বদলানো যায় না। কোনো ভুল থাকলে সংশোধনী পত্র জারি করুন।")


class RecordConflict(Conflict):
    """409 with a Bangla ``description`` that the pages and the API show as it is."""


class Frozen(RecordConflict):
    """409: the change would alter issued minutes."""

    description = FROZEN_MESSAGE


class FileFull(RecordConflict):
    """409: the committee's file has used its last serial (99,999)."""

    description = ("এই নথির শেষ ক্রমিক (৯৯,৯৯৯) ব্যবহৃত হয়েছে; নতুন নথি খুলে কমিটির নথি "
                   "নম্বর পরিবর্তন করুন")


def is_issued(meeting) -> bool:
    """Whether the meeting's minutes are issued (and therefore frozen)."""
    return meeting.status != MeetingStatus.DRAFT or meeting.minutes_letter_id is not None


def ensure_draft(meeting) -> None:
    """Raise :class:`Frozen` unless ``meeting`` is still a draft."""
    if is_issued(meeting):
        raise Frozen()
