"""First run: a setup code printed to the server console guards the first-admin page.

The code lives in instance/setup-code (not in process memory), so every app process
on the machine accepts the same code; it is deleted once the administrator exists, and
the default APA indicators are installed then (install_first_defaults).
"""
from __future__ import annotations

import hmac
import os
import secrets
import sys
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from ..apa.defaults import install_defaults, shipped_years
from ..audit.service import created, record
from ..authz import is_admin
from ..config import instance_secret
from ..extensions import db
from ..models import User
from ..vocab import Role


def _path(app) -> Path:
    return Path(app.instance_path) / "setup-code"


def has_users() -> bool:
    """Whether any user exists (the first-run setup closes once one does)."""
    return bool(db.session.scalar(select(func.count()).select_from(User)))


def setup_code(app) -> str:
    """The current setup code, created on first use."""
    return instance_secret(_path(app), 8)


def check_setup_code(app, given: str) -> bool:
    """Compare in constant time with the code in instance/setup-code."""
    return hmac.compare_digest(setup_code(app), (given or "").strip())


def claim_setup_code(app, given: str) -> Path | None:
    """The right code, claimed by this request alone: the code file is renamed away
    (atomic), so two people submitting at the same moment cannot both become the first
    administrator. Returns the claimed file (release_claim() or delete it), else None."""
    if not check_setup_code(app, given):
        return None
    claimed = _path(app).with_name(f"setup-code.claimed-{secrets.token_hex(8)}")
    try:
        os.rename(_path(app), claimed)
    except FileNotFoundError:  # someone else claimed it first
        return None
    return claimed


def release_claim(app, claimed: Path) -> None:
    """Put a claimed code back (the administrator could not be created)."""
    os.rename(claimed, _path(app))


def clear_setup_code(app, claimed: Path | None = None) -> None:
    """Delete the code (and the claimed copy) once the first administrator exists, and
    install the default APA indicators (install_first_defaults)."""
    _path(app).unlink(missing_ok=True)
    if claimed is not None:
        claimed.unlink(missing_ok=True)
    install_first_defaults(app)


def create_first_admin(username: str, full_name: str | None, password: str, app,
                       claimed: Path, designation: str | None = None) -> User:
    """The first administrator, from the setup page (the claimed setup code is then
    cleared); commits with its audit entry. On failure the claim is released, so the
    code can be tried again."""
    user = User(username=username.strip(), role=Role.ADMIN, full_name=(full_name or "").strip(),
                designation=" ".join((designation or "").split()))
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.flush()
        record("create", "user", user.id, user=user, district_id=None,
               summary=f"প্রথম অ্যাডমিনিস্ট্রেটর তৈরি (সেটআপ): {user.username}",
               changes=created({"username": user.username, "role": Role.ADMIN}))
        db.session.commit()
    except Exception:
        db.session.rollback()
        release_claim(app, claimed)
        raise
    clear_setup_code(app, claimed)
    return user


def install_first_defaults(app) -> int:
    """First setup: install the default APA indicators of every fiscal year from 2019-20 to
    the current one (Asia/Dhaka). Idempotent; each later fiscal year gets them from the
    indicators page or `flask apa defaults FY`. A failure here is logged, not raised: the
    administrator exists already, and the command installs the defaults as well."""
    added = 0
    with app.app_context():  # a session of its own, in a request or not
        admin = db.session.scalar(select(User).where(is_admin(User))
                                  .order_by(User.id).limit(1))
        for fy in shipped_years():
            try:
                added += install_defaults(fy, user=admin)
            except SQLAlchemyError:
                db.session.rollback()
                app.logger.exception("installing the default APA indicators of %s failed; "
                                     "run `flask --app app apa defaults %s`", fy, fy)
    return added


def announce_setup_code(app) -> None:
    """Print the setup code to stderr while the system has no user (as Jenkins does)."""
    with app.app_context():
        try:
            users_exist = has_users()
        except SQLAlchemyError:
            db.session.rollback()
            users_exist = None  # no schema yet: `flask db upgrade` comes first
        finally:
            # gunicorn --preload forks after this: no connection may cross the fork.
            db.session.remove()
            db.engine.dispose()
        if users_exist is not False:
            return
        code = setup_code(app)
    print(
        "\n" + "*" * 64 + "\n"
        "প্রথম অ্যাডমিনিস্ট্রেটর তৈরি করুন / Create the first administrator:\n"
        f"  open /setup in the browser and enter the setup code: {code}\n"
        + "*" * 64 + "\n",
        file=sys.stderr, flush=True,
    )
