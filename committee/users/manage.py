"""Managing users in the browser: who may manage whom, and each change (create, edit,
deactivate or reactivate, reset the password, complete one's own name and designation),
one audited transaction each.

An administrator manages everyone. A district's secretary manages the users of their own
district (secretaries, offices and readers), never an administrator nor anyone elsewhere;
a refused attempt raises `Refused` (the page answers 403). Bad input raises `ManageError`
naming the form field the Bangla message belongs next to.

A user created here, and one whose password is reset, gets a one-time code as password
(shown once to whoever made it) and must choose a password of their own at the next login
(`User.must_change_password`).
"""
from __future__ import annotations

import secrets

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..audit.log import VALUE_LABELS
from ..audit.service import created, diff, record
from ..directory.service import find_district, get_or_create_district, known_district_names
from ..extensions import db
from ..models import District, Office, User
from ..models.users import ROLES, normalize_username
from ..vocab import OfficeKind, Role
from . import sessions
from .service import USERNAME, apply_active

# No 0/o, 1/l/i: the code is read aloud or copied from a screen.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
NAME_MAX = 200
SECRETARY_ROLES = (Role.SECRETARY, Role.OFFICE, Role.VIEWER)


class Refused(Exception):
    """The actor may not do this (another district, an administrator, a role too high)."""


class ManageError(ValueError):
    """Bad input; `field` is the form field the (Bangla) message belongs to, or None."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field


# -- who may manage whom ---------------------------------------------------------------------

def may_manage_users(actor) -> bool:
    """Whether the actor has a user management page at all (admins and secretaries)."""
    return actor is not None and actor.role in (Role.ADMIN, Role.SECRETARY)


def may_manage(actor, target: User) -> bool:
    """An admin manages everyone; a secretary the non-admin users of their own district."""
    if actor is None:
        return False
    if actor.role == Role.ADMIN:
        return True
    return (actor.role == Role.SECRETARY and actor.district_id is not None
            and target.district_id == actor.district_id and target.role != Role.ADMIN)


def assignable_roles(actor) -> tuple[str, ...]:
    """The roles the actor may give: every role for an admin, none above secretary else."""
    if actor is not None and actor.role == Role.ADMIN:
        return ROLES
    if actor is not None and actor.role == Role.SECRETARY:
        return tuple(r.value for r in SECRETARY_ROLES)
    return ()


def managed_users(actor, district_id: int | None = None) -> Select:
    """The users the actor manages, by user name (for db.paginate); an admin may narrow
    the list to one district."""
    stmt = (select(User).options(joinedload(User.district), joinedload(User.office))
            .order_by(User.username_key))
    if actor.role != Role.ADMIN:
        return stmt.where(User.district_id == actor.district_id, User.role != Role.ADMIN)
    if district_id:
        stmt = stmt.where(User.district_id == district_id)
    return stmt


def district_choices() -> list[str]:
    """The 64 district names in Bangla, for an administrator's pick-list."""
    return known_district_names()


def office_choices(actor) -> dict[str, list[tuple[str, str]]]:
    """{district name: [(office id, office name)]}: the offices (not groups) of the
    directories the actor may place a user in, for a pick-list grouped by district."""
    stmt = (select(Office).join(Office.district).options(joinedload(Office.district))
            .where(Office.kind != OfficeKind.GROUP).order_by(District.name, Office.name))
    if actor.role != Role.ADMIN:
        stmt = stmt.where(Office.district_id == actor.district_id)
    grouped: dict[str, list[tuple[str, str]]] = {}
    for office in db.session.scalars(stmt):
        grouped.setdefault(office.district.name, []).append((str(office.id), office.name))
    return grouped


# -- helpers -----------------------------------------------------------------------------------

def one_time_code() -> str:
    """A random password to pass on once: "k7mq-p2xd-9vhe" (14 characters)."""
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _names(full_name: str | None, designation: str | None) -> tuple[str, str]:
    full_name, designation = _clean(full_name), _clean(designation)
    if not full_name:
        raise ManageError("full_name", "পূর্ণ নাম লিখুন")
    if len(full_name) > NAME_MAX:
        raise ManageError("full_name", "পূর্ণ নাম সর্বোচ্চ ২০০ অক্ষরের হতে পারে")
    if not designation:
        raise ManageError("designation", "পদবি লিখুন")
    if len(designation) > NAME_MAX:
        raise ManageError("designation", "পদবি সর্বোচ্চ ২০০ অক্ষরের হতে পারে")
    return full_name, designation


def _check_role(actor, role: str) -> None:
    if role not in ROLES:
        raise ManageError("role", "তালিকা থেকে একটি ভূমিকা বেছে নিন")
    if role not in assignable_roles(actor):
        raise Refused(f"role {role}")


def _placement(actor, role: str, district: str | None,
               office_id: int | str | None) -> tuple[District | None, Office | None]:
    """The district and office a user of `role` is placed in, checked: an admin belongs
    to none, everyone else to a district (a secretary's own), an office user to one of
    its directory's offices."""
    if role == Role.ADMIN:
        return None, None
    if actor.role == Role.ADMIN:
        name = _clean(district)
        if not name:
            raise ManageError("district", "জেলা বেছে নিন")
        found = find_district(name)
        if found is None:
            if name not in known_district_names():
                raise ManageError("district", "তালিকা থেকে একটি জেলা বেছে নিন")
            found = get_or_create_district(name)
    else:
        found = db.session.get(District, actor.district_id)
        if district and find_district(_clean(district)) is not found:
            raise Refused("another district")
    if role != Role.OFFICE:
        return found, None
    office = None
    if office_id not in (None, ""):
        try:
            office = db.session.get(Office, int(office_id))
        except (TypeError, ValueError):
            office = None
    if office is None:
        raise ManageError("office", "দপ্তর ভূমিকার জন্য জেলার দপ্তর তালিকা থেকে একটি দপ্তর বেছে নিন")
    if office.district_id != found.id:
        raise ManageError("office", f"এই দপ্তরটি {found.name} জেলার দপ্তর তালিকায় নেই")
    if office.kind == OfficeKind.GROUP:
        raise ManageError("office", "একটি গ্রুপ নয়, একটি দপ্তর বেছে নিন")
    return found, office


def _snapshot(user: User) -> dict:
    return {"full_name": user.full_name, "designation": user.designation, "role": user.role,
            "district": user.district.name if user.district else None,
            "office": user.office.name if user.office else None}


def _role_label(role: str) -> str:
    return VALUE_LABELS.get(role, role)


# -- the changes ---------------------------------------------------------------------------------

def create_managed(actor, *, username: str, full_name: str, designation: str, role: str,
                   district: str | None = None,
                   office_id: int | str | None = None) -> tuple[User, str]:
    """Create a user with a one-time code as password (they choose their own at the first
    login); audited and committed. Returns (the user, the code to show once)."""
    if not may_manage_users(actor):
        raise Refused("no user management")
    username = (username or "").strip()
    _check_role(actor, role)
    if not USERNAME.match(username):
        raise ManageError("username", "৩ থেকে ৮০টি ইংরেজি অক্ষর, সংখ্যা বা _ . - দিয়ে লিখুন")
    full_name, designation = _names(full_name, designation)
    found, office = _placement(actor, role, district, office_id)
    taken = db.session.scalar(select(User.username).where(
        User.username_key == normalize_username(username)))
    if taken is not None:
        raise ManageError("username", f"«{taken}» নামে একজন ব্যবহারকারী আগে থেকেই আছেন "
                                      "(বড়-ছোট হাতের অক্ষরের পার্থক্য ধরা হয় না)")
    code = one_time_code()
    user = User(username=username, role=role, full_name=full_name, designation=designation,
                district=found, office=office, must_change_password=True)
    user.set_password(code)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as exc:  # a concurrent create took the name first
        db.session.rollback()
        raise ManageError("username", f"«{username}» নামে একজন ব্যবহারকারী আগে থেকেই আছেন") \
            from exc
    record("create", "user", user.id, user=actor, district_id=user.district_id,
           summary=f"নতুন ব্যবহারকারী: {user.display_name} ({user.username}, "
                   f"{_role_label(role)})",
           changes=created({"username": user.username, **_snapshot(user)}))
    db.session.commit()
    return user, code


def update_managed(actor, target: User, *, full_name: str, designation: str, role: str,
                   district: str | None = None, office_id: int | str | None = None) -> dict:
    """Change a user's names, role, district and office; audited and committed. Returns
    the changes ({field: [before, after]}; empty when nothing changed)."""
    if not may_manage(actor, target):
        raise Refused("not a user the actor manages")
    _check_role(actor, role)
    if target.id == actor.id and role != target.role:
        raise ManageError("role", "নিজের ভূমিকা নিজে পরিবর্তন করা যায় না")
    full_name, designation = _names(full_name, designation)
    found, office = _placement(actor, role, district, office_id)
    before = _snapshot(target)
    target.full_name, target.designation, target.role = full_name, designation, role
    target.district, target.office = found, office
    changes = diff(before, _snapshot(target))
    if changes:
        record("update", "user", target.id, user=actor, district_id=target.district_id,
               summary=f"ব্যবহারকারী {target.display_name} ({target.username})-এর তথ্য "
                       "পরিবর্তন", changes=changes)
    db.session.commit()
    return changes


def set_active_managed(actor, target: User, active: bool) -> bool:
    """Deactivate (every session ends at once) or reactivate a user; audited and
    committed. False when the user was so already."""
    if not may_manage(actor, target):
        raise Refused("not a user the actor manages")
    if target.id == actor.id:
        raise ManageError(None, "নিজেকে নিষ্ক্রিয় করা যায় না")
    if target.active == active:
        return False
    apply_active(target, active, actor=actor)
    db.session.commit()
    return True


def reset_password(actor, target: User) -> str:
    """Replace a user's password with a one-time code and end every session of theirs;
    they choose a new password at the next login. Audited (never the code) and committed.
    Returns the code, to show once."""
    if not may_manage(actor, target):
        raise Refused("not a user the actor manages")
    if target.id == actor.id:
        raise ManageError(None, "নিজের পাসওয়ার্ড «পাসওয়ার্ড পরিবর্তন» পাতায় বদলান")
    if not target.active:
        raise ManageError(None, "নিষ্ক্রিয় ব্যবহারকারীর পাসওয়ার্ড রিসেট করা যায় না; "
                                "আগে সক্রিয় করুন")
    code = one_time_code()
    target.set_password(code)
    target.must_change_password = True
    ended = sessions.end_all(target, "password")
    record("password", "user", target.id, user=actor, district_id=target.district_id,
           summary=f"{target.display_name} ({target.username})-এর পাসওয়ার্ড রিসেট: "
                   "এককালীন কোড দেওয়া হয়েছে, পরের লগইনে নতুন পাসওয়ার্ড দিতে হবে; সব সেশন বন্ধ",
           changes={"sessions_ended": ended})
    db.session.commit()
    return code


def complete_profile(user: User, full_name: str, designation: str) -> dict:
    """A user's own full name and designation (asked at login until given); audited and
    committed. Returns the changes."""
    full_name, designation = _names(full_name, designation)
    before = {"full_name": user.full_name, "designation": user.designation}
    user.full_name, user.designation = full_name, designation
    changes = diff(before, {"full_name": full_name, "designation": designation})
    if changes:
        record("update", "user", user.id, user=user, district_id=user.district_id,
               summary=f"{user.username} নিজের নাম ও পদবি হালনাগাদ করেছেন", changes=changes)
    db.session.commit()
    return changes


def display_names(user_ids) -> dict[int, str]:
    """{user id: "name, designation"} of these users, in one query (for lists that name
    who acted, such as the audit log)."""
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    return {u.id: u.display_name for u in db.session.scalars(
        select(User).where(User.id.in_(ids)))}


def labels_by_username(usernames) -> dict[str, str]:
    """{username: "name, designation (username)"} for a pick-list of who acted."""
    names = [n for n in usernames if n]
    if not names:
        return {}
    found = {u.username: u for u in db.session.scalars(
        select(User).where(User.username.in_(names)))}
    return {n: (f"{found[n].display_name} ({n})" if n in found and found[n].full_name
                else n) for n in names}

