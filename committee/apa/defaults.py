"""Indicators the app ships for every fiscal year from 2019-20 on, installing them, and
copying a year's indicators into the next.

What each year gets (the seed APA documents of the DoICT district offices):

- 2019-20 (Joypurhat): the meetings indicator is [২.১.১] "সভা/সেমিনার /ওয়ার্কশপ আয়োজন"; the
  document gives no targets or weight, so they are those of [৩.১.১] (4; 12/11/10/9/8).
- 2022-23 (Khulna): [৩.২.১] "সভা/সেমিনার আয়োজন", sum, number, weight 5, 10/9/8/7/6.
- 2024-25 (Narayanganj): [৩.১.১] and [৩.৪.১] (the coordination meeting), as written there.
- every other year (no document): [৩.১.১] "জেলা ও উপজেলা পর্যায়ে আইসিটি কমিটির সভা", sum,
  number, weight 4, 12/11/10/9/8.

Every year also gets the integrity plan's two ethics-committee indicators (Khulna) and the
upazila offices' [৩.১.১]. The five target columns are অসাধারণ 100 %, অতি উত্তম 90 %, উত্তম
80 %, চলতি মান 70 %, চলতি মানের নিম্নে 60 %.

The defaults are installed at first setup, by `flask --app app apa defaults FY|all` and by
the administrator's button on the indicators page (POST), never by a GET. The unique
indexes on indicators (committee/models/apa.py) make installing idempotent and safe when
run concurrently.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from ..audit.service import record
from ..bangla import to_bangla_digits
from ..extensions import db
from ..models import Indicator
from ..vocab import CommitteeKind, IndicatorMethod, Level
from .scoring import fiscal_year_label, fiscal_year_of, parse_fiscal_year

DEFAULT_YEAR = "2024-25"
FIRST_YEAR = 2019  # 2019-20: the oldest APA the app ships indicators for
DHAKA = ZoneInfo("Asia/Dhaka")
MEETINGS = "সভার নোটিশ/ কার্যবিবরণী"
REPORTS = "সভার কার্যবিবরণী ও বাস্তবায়ন প্রতিবেদন"
SUM, AVG = IndicatorMethod.SUM.value, IndicatorMethod.AVG.value
DISTRICT, UPAZILA = Level.DISTRICT.value, Level.UPAZILA.value
TARGETS = [12, 11, 10, 9, 8]

# (level, code, title, method, unit, weight, targets, quarter_targets, source, kind, evidence)
ICT_MEETINGS = (DISTRICT, "[৩.১.১]", "জেলা ও উপজেলা পর্যায়ে আইসিটি কমিটির সভা", SUM, "সংখ্যা",
                4, TARGETS, None, "meetings", CommitteeKind.ICT.value, MEETINGS)
COORDINATION = (DISTRICT, "[৩.৪.১]", "জেলা উপজেলা অফিস সমূহের কর্মকর্তাদের সমন্বয় সভা", SUM,
                "সংখ্যা", 3, TARGETS, None, "meetings", CommitteeKind.ICT_COORDINATION.value,
                MEETINGS)
EVERY_YEAR = [
    (DISTRICT, "[শু ১.১]", "নৈতিকতা কমিটির সভা আয়োজন", SUM, "সংখ্যা", 2, TARGETS, [3, 3, 3, 3],
     "meetings", CommitteeKind.ETHICS.value, MEETINGS),
    (DISTRICT, "[শু ১.২]", "নৈতিকতা কমিটির সভার সিদ্ধান্ত বাস্তবায়ন", AVG, "%", 3,
     [100, 90, 80, 70, 60], [100, 100, 100, 100], "decision_rate", CommitteeKind.ETHICS.value,
     REPORTS),
    (UPAZILA, "[৩.১.১]", "উপজেলা পর্যায়ে আইসিটি কমিটির সভা", SUM, "সংখ্যা", 4, TARGETS, None,
     "meetings", CommitteeKind.ICT.value, MEETINGS),
]
# The district office's meetings indicators of the years a seed document gives them.
FROM_DOCUMENTS = {
    "2019-20": [(DISTRICT, "[২.১.১]", "সভা/সেমিনার /ওয়ার্কশপ আয়োজন", SUM, "সংখ্যা", 4,
                 TARGETS, None, "meetings", CommitteeKind.ICT.value,
                 "রিপোর্ট, সেমিনার/ওয়ার্কশপের সংখ্যা, জেলা কার্যালয় এর বার্ষিক প্রতিবেদন")],
    "2022-23": [(DISTRICT, "[৩.২.১]", "সভা/সেমিনার আয়োজন", SUM, "সংখ্যা", 5,
                 [10, 9, 8, 7, 6], None, "meetings", CommitteeKind.ICT.value,
                 "সভা/সেমিনারের প্রতিবেদন")],
    "2024-25": [ICT_MEETINGS, COORDINATION],
}


def shipped(fy: str) -> list[tuple]:
    """The indicators the app ships for fiscal year `fy` ("2024-25"), in their order;
    [] before 2019-20."""
    if parse_fiscal_year(fy) < FIRST_YEAR:
        return []
    return FROM_DOCUMENTS.get(fy, [ICT_MEETINGS]) + EVERY_YEAR


DEFAULTS = shipped(DEFAULT_YEAR)


def current_fiscal_year() -> str:
    """The fiscal year (1 July – 30 June) of today's date in Bangladesh (Asia/Dhaka)."""
    return fiscal_year_label(fiscal_year_of(datetime.now(DHAKA).date()))


def shipped_years() -> list[str]:
    """Every fiscal year from 2019-20 to the current one (Asia/Dhaka), oldest first."""
    return [fiscal_year_label(y)
            for y in range(FIRST_YEAR, parse_fiscal_year(current_fiscal_year()) + 1)]


def missing_hint(fy: str) -> str:
    """The Bangla hint shown where a fiscal year has no indicators yet."""
    return (f"এই অর্থবছরের ({to_bangla_digits(fy)}) সূচক এখনো যোগ করা হয়নি, তাই প্রতিবেদনে "
            "কিছু গণনা হচ্ছে না। অ্যাডমিন সূচকের পাতায় “সরবরাহকৃত সূচক যোগ করুন” চাপলে এই "
            "অর্থবছরের সূচক যোগ হবে, অথবা আগের অর্থবছর থেকে কপি করা যাবে।")


def has_indicators(fy: str) -> bool:
    """Whether fiscal year `fy` ("2024-25") has any indicator (default or an office's)."""
    return db.session.scalar(select(Indicator.id).where(Indicator.fiscal_year == fy)
                             .limit(1)) is not None


def year_counts() -> dict[str, int]:
    """{fiscal year: number of indicators} of every year that has any (one query)."""
    return dict(db.session.execute(select(Indicator.fiscal_year, func.count())
                                   .group_by(Indicator.fiscal_year)).all())


def _default_rows(fy: str) -> list[dict]:
    return [dict(fiscal_year=fy, level=level, district_id=None, upazila_id=None,
                 position=position, code=code, title=title, method=method, unit=unit,
                 weight=weight, targets=targets, quarter_targets=quarters,
                 evidence=evidence, source=source, committee_kind=kind, scope="own")
            for position, (level, code, title, method, unit, weight, targets, quarters,
                           source, kind, evidence) in enumerate(shipped(fy), start=1)]


def _insert_if_absent(values: dict) -> bool:
    """INSERT … ON CONFLICT DO NOTHING: True when the row was added, False when a row with
    its key (fiscal year, level, office, code) exists already, even one committed by a
    concurrent transaction a moment ago."""
    dialect = db.session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
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


def _label(fy: str) -> str:
    """The fiscal year as "2024-25" from "2024-25" or "২০২৪-২৫"; ValueError (Bangla) when
    malformed or older than 2019-20 (no APA shipped for it)."""
    label = fiscal_year_label(parse_fiscal_year(fy))
    if parse_fiscal_year(label) < FIRST_YEAR:
        raise ValueError(f"{to_bangla_digits(label)} অর্থবছরের কোনো সরবরাহকৃত সূচক নেই; "
                         f"সরবরাহকৃত সূচক {to_bangla_digits(fiscal_year_label(FIRST_YEAR))} "
                         "থেকে শুরু")
    return label


def _install(label: str, user) -> list[str]:
    """Add the year's missing shipped indicators and their audit entry (no commit)."""
    added = [values["code"] for values in _default_rows(label) if _insert_if_absent(values)]
    if added:
        record("create", "indicator", None, district_id=None,
               summary=f"{to_bangla_digits(label)} অর্থবছরের {to_bangla_digits(len(added))}টি "
                       "সরবরাহকৃত (ডিফল্ট) এপিএ সূচক যোগ",
               changes={"fiscal_year": [None, label], "codes": [None, added]},
               user=user)
    return added


def install_defaults(fy: str, user=None) -> int:
    """Install the shipped default indicators (for every office) of fiscal year `fy`
    ("2024-25"; Bangla digits accepted) and commit; returns how many were added.

    Idempotent: a default whose (fiscal year, level, code) exists already is skipped, so a
    second run adds 0. Safe when run concurrently: the database's unique index decides.
    ValueError (Bangla message) on a malformed fiscal year or one before 2019-20. The audit
    entry names `user` (default: the request's user, else the command line).
    """
    label = _label(fy)
    try:
        added = _install(label, user)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return len(added)


def install_missing_years(user=None) -> dict[str, int]:
    """Install the shipped indicators of every fiscal year from 2019-20 to the current one
    that has no indicator at all (a year an administrator has started by hand or by copying
    is left as it is); one transaction. Returns {fiscal year: indicators added}."""
    have = year_counts()
    added = {}
    try:
        for fy in shipped_years():
            if not have.get(fy):
                n = len(_install(fy, user))
                if n:
                    added[fy] = n
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return added


def ensure_defaults() -> int:
    """install_defaults(DEFAULT_YEAR), for callers outside this package that seed data
    (the benchmark). No page or API call installs anything."""
    return install_defaults(DEFAULT_YEAR)


def copy_year(source_fy: str, target_fy: str, user=None) -> int:
    """Copy every indicator of source_fy into target_fy and commit; returns how many were
    copied. ValueError (Bangla, nothing stored) when target_fy has indicators already or
    source_fy has none to copy."""
    source, target = to_bangla_digits(source_fy), to_bangla_digits(target_fy)
    if db.session.scalar(select(func.count()).select_from(Indicator)
                         .where(Indicator.fiscal_year == target_fy)):
        raise ValueError(f"{target} অর্থবছরের সূচক আগে থেকেই আছে; কিছু কপি করা হয়নি")
    rows = db.session.scalars(select(Indicator).where(Indicator.fiscal_year == source_fy)
                              .order_by(Indicator.level, Indicator.position,
                                        Indicator.id)).all()
    if not rows:
        raise ValueError(f"আগের অর্থবছর {source}-এ কোনো সূচক নেই, তাই কপি করার কিছু ছিল না; "
                         f"{target} অর্থবছরে কিছুই যোগ হয়নি। “সরবরাহকৃত সূচক যোগ করুন” "
                         "চাপুন অথবা নিচের ফর্মে সূচক যোগ করুন।")
    columns = [c.key for c in Indicator.__table__.columns if c.key not in ("id", "fiscal_year")]
    for row in rows:
        db.session.add(Indicator(fiscal_year=target_fy,
                                 **{c: getattr(row, c) for c in columns}))
    record("copy", "indicator", None, district_id=None,
           summary=f"{source} অর্থবছরের {to_bangla_digits(len(rows))}টি এপিএ সূচক {target} "
                   "অর্থবছরে কপি",
           changes={"fiscal_year": [source_fy, target_fy], "count": [None, len(rows)]},
           user=user)
    try:
        db.session.commit()
    except IntegrityError as exc:  # a concurrent copy or install filled target_fy first
        db.session.rollback()
        raise ValueError(f"{target} অর্থবছরের সূচক আগে থেকেই আছে; কিছু কপি করা হয়নি") from exc
    return len(rows)
