"""`flask bench seed`: a national synthetic dataset, bulk-inserted with SQLAlchemy Core.

Districts come from the directory (real names, upazilas and default offices); each gets
its district ICT committee and one ICT committee per real upazila, with monthly issued
minutes over the requested fiscal years (see :mod:`committee.bench.rows`). Rows are
inserted one district at a time, one executemany per table, with primary keys assigned
in Python, and committed per district.
"""
from __future__ import annotations

import time as clock
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter

from sqlalchemy import Date, DateTime, Time, func, insert, select, text, update

from ..apa.defaults import DEFAULT_YEAR, ensure_defaults
from ..apa.scoring import fiscal_year_label, fiscal_year_of
from ..committees.service import find_committee
from ..directory.service import Resolver, get_or_create_district, known_district_names
from ..extensions import db
from ..models import Committee, Indicator, Letter, Meeting, User
from ..users.service import create_user
from ..vocab import Role
from .plan import district_plan, next_file, upazila_plan
from .rows import CommitteeRows, Ids

# Parents before children: the order rows are inserted in.
TABLES = ("committees", "members", "meetings", "letters", "attendance", "items", "decisions",
          "responsible_parties", "assignments", "follow_ups", "review_entries")
# The three districts first (Magura is where the example minutes come from), then A–Z.
FIRST_DISTRICTS = ("মাগুরা", "ঝিনাইদহ", "যশোর")
PASSWORD = "bench-password-2024"
USERS = (("bench_admin", "admin", None), ("bench_secretary", "secretary", None),
         ("bench_office", "office", "জেলা শিক্ষা অফিসার"))


class SeedRefused(Exception):
    """The database already holds meetings and --force was not given."""


@dataclass
class SeedReport:
    districts: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    users: list[str] = field(default_factory=list)


def months_back(years: int, today: date) -> list[tuple[int, int]]:
    """The 12 × years calendar months ending with this one, oldest first."""
    months = []
    year, month = today.year, today.month
    for _ in range(12 * years):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def district_names(n: int) -> list[str]:
    """N real district names: three fixed ones first, then alphabetical."""
    rest = [d for d in known_district_names() if d not in FIRST_DISTRICTS]
    return [*FIRST_DISTRICTS, *rest][:n]


def _start_ids() -> Ids:
    tables = db.metadata.tables
    return Ids({name: (db.session.scalar(select(func.max(tables[name].c.id))) or 0) + 1
                for name in TABLES})


def _converter(column, dialect):
    """The dialect's bind processor for `column` (memoized for dates: few distinct ones)."""
    process = column.type._cached_bind_processor(dialect)
    if process is None or not isinstance(column.type, Date | DateTime | Time):
        return process
    cache: dict = {}

    def memo(value):
        if value not in cache:
            cache[value] = process(value)
        return cache[value]
    return memo


def _executemany(table, batch: list[dict]) -> None:
    """SQLite: the compiled INSERT with positional rows, straight to executemany.

    Same statement and the dialect's own value conversions as `execute(insert(table),
    rows)`, without its per-row parameter processing, which costs more than SQLite's
    own insert. Other databases take the ordinary Core executemany (batched VALUES).
    """
    connection = db.session.connection()
    dialect = connection.dialect
    if dialect.name == "postgresql":
        _copy(connection, table, batch)
        return
    if dialect.name != "sqlite":
        db.session.execute(insert(table), batch)
        return
    compiled = insert(table).compile(dialect=dialect)
    keys = compiled.positiontup
    values = itemgetter(*keys)
    convert = [(i, c) for i, key in enumerate(keys)
               if (c := _converter(table.c[key], dialect)) is not None]
    params = []
    for row in batch:
        row = list(values(row))
        for i, c in convert:
            row[i] = c(row[i])
        params.append(tuple(row))
    connection.exec_driver_sql(compiled.string, params)


def _copy(connection, table, batch: list[dict]) -> None:
    """PostgreSQL: COPY … FROM STDIN through psycopg, in the session's transaction.

    Several times faster than a batched INSERT for millions of rows; values go through the
    dialect's bind processors (JSON columns become psycopg Json) as with an INSERT.
    """
    keys = [c.key for c in table.columns]
    convert = [(i, c) for i, key in enumerate(keys)
               if (c := _converter(table.c[key], connection.dialect)) is not None]
    columns = ", ".join(f'"{key}"' for key in keys)
    with connection.connection.driver_connection.cursor() as cursor:
        with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
            for row in batch:
                values = [row[key] for key in keys]
                for i, c in convert:
                    values[i] = c(values[i])
                copy.write_row(values)


def _insert(rows: dict[str, list[dict]], chunk: int = 5000) -> None:
    tables = db.metadata.tables
    for name in TABLES:
        batch = rows.get(name) or []
        for start in range(0, len(batch), chunk):
            _executemany(tables[name], batch[start:start + chunk])


def _link_letters(meeting_ids: list[int]) -> None:
    """Point each new meeting at its minutes letter (the two tables refer to each other)."""
    letter = (select(Letter.id).where(Letter.meeting_id == Meeting.id, Letter.kind == "minutes")
              .scalar_subquery())
    lo, hi = min(meeting_ids), max(meeting_ids)
    db.session.execute(update(Meeting.__table__).where(Meeting.id.between(lo, hi))
                       .values(minutes_letter_id=letter))


def _first_serial(file_key: str, reached: int = 0) -> int:
    """As documents.service.next_serial: after the highest serial issued from the file and
    after the serial the file had reached outside the system."""
    highest = db.session.scalar(select(func.max(Letter.serial))
                                .where(Letter.file_key == file_key)) or 0
    return max(highest, reached) + 1


def _file_taken(file_key: str) -> bool:
    """Whether the file is some committee's already: a committee is on that number, or
    letters were issued from it (as committees.file.file_owner decides)."""
    on_number = select(Committee.id).where(Committee.file_key == file_key)
    from_letters = select(Letter.id).where(Letter.file_key == file_key)
    return any(db.session.scalar(stmt.limit(1)) is not None
               for stmt in (on_number, from_letters))


def _own_file(plan, planned: set[str]) -> None:
    """A new committee gets a file of its own: while its number is another committee's
    (in the database, or planned earlier in this district), the office's next file."""
    while plan.file_key in planned or _file_taken(plan.file_key):
        plan.file_number, plan.file_key = next_file(plan.file_key)
    planned.add(plan.file_key)


def _seed_district(name: str, code: int, months, ids: Ids, today: date,
                   counts: dict[str, int]) -> None:
    district = get_or_create_district(name)
    resolver = Resolver(district.id, district.name)
    plans = [district_plan(district, code, resolver)]
    plans += [upazila_plan(district, u, code, i, resolver)
              for i, u in enumerate(district.upazilas, start=1)]
    rows: dict[str, list[dict]] = {}
    planned: set[str] = set()
    for index, plan in enumerate(plans):
        existing = find_committee(plan.name, district.id,
                                  plan.upazila.id if plan.upazila else None)
        if existing is not None:  # --force: more meetings in the committee's own file
            plan.file_key, plan.file_number = existing.file_key, existing.file_number
            first = _first_serial(plan.file_key, existing.serial_reached or 0)
        else:
            _own_file(plan, planned)
            first = _first_serial(plan.file_key)
        builder = CommitteeRows(plan, ids, today, first)
        builder.committee(existing.id if existing else None)
        builder.meetings(months, salt=code * 31 + index)
        builder.review()
        for table, batch in builder.rows.items():
            rows.setdefault(table, []).extend(batch)
    _insert(rows)
    _link_letters([m["id"] for m in rows["meetings"]])
    db.session.commit()
    for table, batch in rows.items():
        counts[table] = counts.get(table, 0) + len(batch)


def _indicators(months) -> None:
    """Every seeded fiscal year gets the shipped default indicators (the APA report)."""
    ensure_defaults()
    defaults = db.session.scalars(select(Indicator).where(
        Indicator.fiscal_year == DEFAULT_YEAR, Indicator.district_id.is_(None))).all()
    columns = [c.key for c in Indicator.__table__.columns if c.key not in ("id", "fiscal_year")]
    for fy in sorted({fiscal_year_label(fiscal_year_of(date(y, m, 1))) for y, m in months}):
        if db.session.scalar(select(func.count()).select_from(Indicator)
                             .where(Indicator.fiscal_year == fy)):
            continue
        db.session.execute(insert(Indicator.__table__), [
            {"fiscal_year": fy, **{c: getattr(row, c) for c in columns}} for row in defaults])
    db.session.commit()


def _users(first_district: str) -> list[str]:
    """The bench users (admin, first district's secretary, an office user), once."""
    made = []
    for username, role, office in USERS:
        if db.session.scalar(select(User.id).where(User.username == username)):
            continue
        create_user(username, PASSWORD, role,
                    district=None if role == Role.ADMIN else first_district, office=office,
                    full_name=username, designation="বেঞ্চমার্ক")
        made.append(username)
    return made


def _sync_sequences() -> None:
    """PostgreSQL: move each id sequence past the ids assigned here, and refresh the
    planner's statistics (after millions of COPYed rows, autovacuum has not caught up and
    the planner would still think the tables empty)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for name in TABLES:
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {name}), false)"))
    db.session.execute(text("ANALYZE " + ", ".join(TABLES)))
    db.session.commit()


def seed(districts: int, years: int, force: bool = False, today: date | None = None,
         progress=None) -> SeedReport:
    """Seed N districts × Y years; refuses a database with meetings unless `force`."""
    if not force and db.session.scalar(select(func.count()).select_from(Meeting)):
        raise SeedRefused("the database already has meetings")
    started = clock.perf_counter()
    if db.session.get_bind().dialect.name == "sqlite":
        # A bigger page cache for this connection: the indexes outgrow the default 2 MB.
        db.session.execute(text("PRAGMA cache_size = -262144"))
    today = today or date.today()
    months = months_back(years, today)
    report = SeedReport(districts=district_names(districts))
    ids = _start_ids()
    for code, name in enumerate(report.districts, start=1):
        _seed_district(name, code, months, ids, today, report.counts)
        if progress:
            progress(code, name, clock.perf_counter() - started)
    _sync_sequences()
    _indicators(months)
    report.users = _users(report.districts[0])
    report.seconds = clock.perf_counter() - started
    return report
