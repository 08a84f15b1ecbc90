"""A committee's file (নথি): who owns a file number, and the serial the file has reached.

A file belongs to one committee: its serials are that committee's letters. The database
holds the rule for the number a committee is on (UNIQUE committees.file_key); the letters
extend it: a file some committee has issued letters from is that committee's file too, even
after the committee moved to a new file. The committee form and the import ask
``file_owner`` first, so a user gets a Bangla message instead of a constraint error, and
turn the constraint error of a race into the same message (asking ``file_owner``
again after the rollback).

The serial a file has reached outside the system (``Committee.serial_reached``) only goes
up, never below the highest serial issued, and at most MAX_SERIAL; the web page and the
API share ``set_serial_reached``.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..audit.service import record
from ..bangla import format_memo_number, to_ascii_digits, to_bangla_digits
from ..documents.service import highest_serial, lock_committee, next_serial
from ..extensions import db
from ..models import Committee, Letter
from ..models.meetings import MAX_SERIAL

FILE_TAKEN = "এই নথি নম্বর {district} জেলার একটি কমিটির নথি; প্রতিটি কমিটির নিজস্ব নথি নম্বর দিন"


class FileTaken(Exception):
    """The file number is another committee's file; ``message`` says whose (in Bangla)."""
    def __init__(self, owner: Committee):
        self.owner = owner
        self.message = file_taken_message(owner)
        super().__init__(self.message)


def file_taken_message(owner: Committee) -> str:
    """The Bangla refusal naming the owner's district (not the committee: the user may be
    of another district)."""
    return FILE_TAKEN.format(district=owner.district.name)


def file_owner(file_key: str, exclude_id: int | None = None) -> Committee | None:
    """The committee whose file ``file_key`` (canonical ASCII) is, other than ``exclude_id``:
    the committee on that number, else a committee that has issued letters from it."""
    on_number = select(Committee).where(Committee.file_key == file_key)
    from_letters = (select(Committee).join(Letter, Letter.committee_id == Committee.id)
                    .where(Letter.file_key == file_key))
    for stmt in (on_number, from_letters):
        if exclude_id is not None:
            stmt = stmt.where(Committee.id != exclude_id)
        owner = db.session.scalars(stmt.options(joinedload(Committee.district))
                                   .order_by(Committee.id).limit(1)).first()
        if owner is not None:
            return owner
    return None


def check_file(file_key: str, exclude_id: int | None = None) -> None:
    """Raise FileTaken when ``file_key`` is another committee's file."""
    owner = file_owner(file_key, exclude_id)
    if owner is not None:
        raise FileTaken(owner)


# -- the serial the file has reached ------------------------------------------------------

REACHED_RANGE = (f"নথির সর্বশেষ ক্রমিক নম্বর ০ থেকে {to_bangla_digits(f'{MAX_SERIAL:,}')} "
                 "এর মধ্যে একটি পূর্ণসংখ্যা হতে হবে")


class SerialRefused(Exception):
    """The serial may not be set: ``status`` 400 (not a serial) or 409 (it would go back)."""
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class SerialState:
    """Where a committee's file stands: the serial reached outside the system, the highest
    serial issued from it, and the next letter's serial and memo number (None when the
    file is full)."""

    reached: int
    highest: int
    next_serial: int
    next_memo_number: str | None


def parse_reached(value) -> int:
    """A serial reached: an integer (or its digits, Bangla or ASCII) in 0..MAX_SERIAL.

    Raises SerialRefused(400) otherwise (booleans, fractions, text, out of range).
    """
    if isinstance(value, str):
        digits = to_ascii_digits(value).strip()
        if digits.isascii() and digits.isdigit() and len(digits) <= 12:
            value = int(digits)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SERIAL:
        raise SerialRefused(400, REACHED_RANGE)
    return value


def serial_state(committee: Committee) -> SerialState:
    """The file's state as the committee page and the API show it."""
    reached = db.session.scalar(
        select(Committee.serial_reached).where(Committee.id == committee.id)) or 0
    highest = highest_serial(committee.file_key)
    following = next_serial(committee)
    memo = format_memo_number(committee.file_key, following) if following <= MAX_SERIAL \
        else None
    return SerialState(reached, highest, following, memo)


def set_serial_reached(committee: Committee, reached: int, user=None) -> SerialState:
    """Raise the serial the committee's file has reached to ``reached``; commits once.

    Holds the committee's letter lock while checking and writing, so no letter is issued
    in between. Raises SerialRefused: 400 outside 0..MAX_SERIAL, 409 below the current
    value or below the highest serial issued (nothing changes then). Setting the current
    value again changes nothing and writes no audit entry.
    """
    reached = parse_reached(reached)
    try:
        lock_committee(committee.id)
        db.session.refresh(committee)
        old = committee.serial_reached or 0
        highest = highest_serial(committee.file_key)
        if reached < old:
            raise SerialRefused(409, f"নথির ক্রমিক নম্বর পিছিয়ে নেওয়া যায় না: নথিটি এখন "
                                     f"{to_bangla_digits(old)} পর্যন্ত পৌঁছেছে")
        if reached < highest:
            raise SerialRefused(409, f"এই নথি থেকে {to_bangla_digits(highest)} নম্বর পত্র "
                                     "জারি হয়েছে; এর চেয়ে কম দেওয়া যায় না")
        if reached != old:
            committee.serial_reached = reached
            record("update", "committee", committee.id, district_id=committee.district_id,
                   user=user, changes={"serial_reached": [old, reached]},
                   summary=f"নথির সর্বশেষ ক্রমিক নম্বর {to_bangla_digits(old)} থেকে "
                           f"{to_bangla_digits(reached)}: {committee.name}")
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return serial_state(committee)
