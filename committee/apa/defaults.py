"""Indicators the app ships (from the Narayanganj APA 2024-25 and Khulna's integrity plan),
installing them for a fiscal year, and copying a year's indicators into the next.

The defaults are installed by `flask --app app apa defaults FY` and at first setup, never
by a page or API call: a GET only reads. The unique indexes on indicators (see
committee/models/apa.py) make installing idempotent and safe when run concurrently.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..audit.service import record
from ..extensions import db
from ..models import Indicator
from .scoring import fiscal_year_label, fiscal_year_of, parse_fiscal_year

DEFAULT_YEAR = "2024-25"
DHAKA = ZoneInfo("Asia/Dhaka")
MEETINGS = "সভার নোটিশ/ কার্যবিবরণী"
DEFAULTS = [
    # (level, code, title, method, unit, weight, targets, quarter_targets, source, kind)
    ("district", "[৩.১.১]", "জেলা ও উপজেলা পর্যায়ে আইসিটি কমিটির সভা", "sum", "সংখ্যা", 4,
     [12, 11, 10, 9, 8], None, "meetings", "ict"),
    ("district", "[৩.৪.১]", "জেলা উপজেলা অফিস সমূহের কর্মকর্তাদের সমন্বয় সভা", "sum", "সংখ্যা",
     3, [12, 11, 10, 9, 8], None, "meetings", "ict-coordination"),
    ("district", "[শু ১.১]", "নৈতিকতা কমিটির সভা আয়োজন", "sum", "সংখ্যা", 2,
     [12, 11, 10, 9, 8], [3, 3, 3, 3], "meetings", "ethics"),
    ("district", "[শু ১.২]", "নৈতিকতা কমিটির সভার সিদ্ধান্ত বাস্তবায়ন", "avg", "%", 3,
     [100, 90, 80, 70, 60], [100, 100, 100, 100], "decision_rate", "ethics"),
    ("upazila", "[৩.১.১]", "উপজেলা পর্যায়ে আইসিটি কমিটির সভা", "sum", "সংখ্যা", 4,
     [12, 11, 10, 9, 8], None, "meetings", "ict"),
]


def current_fiscal_year() -> str:
    """The fiscal year (1 July – 30 June) of today's date in Bangladesh (Asia/Dhaka)."""
    return fiscal_year_label(fiscal_year_of(datetime.now(DHAKA).date()))


def missing_hint(fy: str) -> str:
    """The Bangla hint shown where a fiscal year has no indicators yet."""
    return (f"এই অর্থবছরের সূচক এখনো যোগ করা হয়নি; ডিফল্ট সূচক যোগ করতে সার্ভারে "
            f"`flask --app app apa defaults {fy}` চালান, অথবা অ্যাডমিন সূচকের পাতায় সূচক যোগ "
            f"করুন বা আগের অর্থবছর থেকে কপি করুন।")


def has_indicators(fy: str) -> bool:
    """Whether fiscal year `fy` ("2024-25") has any indicator (default or an office's)."""
    return db.session.scalar(select(Indicator.id).where(Indicator.fiscal_year == fy)
                             .limit(1)) is not None


def _default_rows(fy: str) -> list[dict]:
    return [dict(fiscal_year=fy, level=level, district_id=None, upazila_id=None,
                 position=position, code=code, title=title, method=method, unit=unit,
                 weight=weight, targets=targets, quarter_targets=quarters,
                 evidence=MEETINGS if source == "meetings"
                 else "সভার কার্যবিবরণী ও বাস্তবায়ন প্রতিবেদন",
                 source=source, committee_kind=kind, scope="own")
            for position, (level, code, title, method, unit, weight, targets, quarters,
                           source, kind) in enumerate(DEFAULTS, start=1)]


def _insert_if_absent(values: dict) -> bool:
    """INSERT … ON CONFLICT DO NOTHING: True when the row was added, False when a row with
    its key (fiscal year, level, office, code) exists already, even one committed by a
    concurrent transaction a moment ago."""
    dialect = db.session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        added = db.session.execute(
            insert(Indicator.__table__).values(**values).on_conflict_do_nothing()
            .returning(Indicator.__table__.c.id)).scalar()
        return added is not None
    try:  # any other database: the unique index refuses, the savepoint keeps the rest
        with db.session.begin_nested():
            db.session.execute(Indicator.__table__.insert().values(**values))
    except IntegrityError:
        return False
    return True


def install_defaults(fy: str, user=None) -> int:
    """Install the shipped default indicators (for every office) of fiscal year `fy`
    ("2024-25"; Bangla digits accepted) and commit; returns how many were added.

    Idempotent: a default whose (fiscal year, level, code) exists already is skipped, so a
    second run adds 0. Safe when run concurrently: the database's unique index decides.
    ValueError (Bangla message) on a malformed fiscal year. The audit entry names `user`
    (default: the request's user, else the command line).
    """
    label = fiscal_year_label(parse_fiscal_year(fy))
    try:
        added = [values["code"] for values in _default_rows(label) if _insert_if_absent(values)]
        if added:
            record("create", "indicator", None, district_id=None,
                   summary=f"{label} অর্থবছরের {len(added)}টি ডিফল্ট এপিএ সূচক যোগ",
                   changes={"fiscal_year": [None, label], "codes": [None, added]},
                   user=user)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return len(added)


def ensure_defaults() -> int:
    """install_defaults(DEFAULT_YEAR), for callers outside this package that seed data
    (the benchmark). No page or API call installs anything."""
    return install_defaults(DEFAULT_YEAR)


def copy_year(source_fy: str, target_fy: str) -> int:
    """Copy every indicator of source_fy into target_fy; returns how many were copied."""
    if db.session.scalar(select(func.count()).select_from(Indicator)
                         .where(Indicator.fiscal_year == target_fy)):
        raise ValueError(f"{target_fy} অর্থবছরের সূচক আগে থেকেই আছে")
    rows = db.session.scalars(select(Indicator).where(Indicator.fiscal_year == source_fy)).all()
    columns = [c.key for c in Indicator.__table__.columns if c.key not in ("id", "fiscal_year")]
    for row in rows:
        db.session.add(Indicator(fiscal_year=target_fy,
                                 **{c: getattr(row, c) for c in columns}))
    record("copy", "indicator", None, district_id=None,
           summary=f"{source_fy} অর্থবছরের {len(rows)}টি এপিএ সূচক {target_fy} অর্থবছরে কপি",
           changes={"fiscal_year": [source_fy, target_fy], "count": [None, len(rows)]})
    try:
        db.session.commit()
    except IntegrityError as exc:  # a concurrent copy or install filled target_fy first
        db.session.rollback()
        raise ValueError(f"{target_fy} অর্থবছরের সূচক আগে থেকেই আছে") from exc
    return len(rows)
