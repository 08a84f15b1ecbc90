"""`flask bench load`: N concurrent users browsing and recording follow-ups, over HTTP.

A bounded load test on loopback: every virtual user is a thread with its own cookie session
(logged in through the real login form), looping over weighted actions until the deadline;
every request is timed and its status kept. Office users record follow-ups through the same
form a person uses (CSRF token from the page, POST, redirect). Nothing runs past the
deadline plus one request timeout, and the gunicorn it started is stopped at the end.
"""
from __future__ import annotations

import random
import statistics
import threading
import time
import urllib.error
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..followup.service import owed_by_office
from ..models import Committee, Meeting, User
from ..users.service import issue_token
from .run import CSRF, BenchError, Client, bench_fiscal_year, start_gunicorn

TIMEOUT = 30
# (weight, label) of what a browsing secretary does; office users record follow-ups.
BROWSE = ((4, "meeting page"), (2, "committee list"), (3, "decision tracker"),
          (2, "APA report"), (1, "meeting JSON"))


@dataclass
class Targets:
    """Ids on the seeded data that the virtual users visit."""
    meetings: list[int]
    committees: list[int]
    assignments: list[int]
    district_id: int
    fy: str
    token: str


@dataclass
class Tally:
    """Shared results; appended under a lock."""
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, label: str, ms: float, error: str | None = None) -> None:
        with self.lock:
            self.times.setdefault(label, []).append(ms)
            if error:
                self.errors.append(f"{label}: {error}")


def targets(fy: str | None = None) -> Targets:
    """The first district's committees, recent minutes and the office's open assignments."""
    secretary = db.session.scalar(select(User).where(User.username == "bench_secretary"))
    office_user = db.session.scalar(select(User).where(User.username == "bench_office"))
    if secretary is None or office_user is None:
        raise BenchError("no bench users: run `flask bench seed` first")
    district_id = secretary.district_id
    committees = db.session.scalars(select(Committee.id).where(
        Committee.district_id == district_id)).all()
    meetings = db.session.scalars(
        select(Meeting.id).where(Meeting.committee_id.in_(committees))
        .order_by(Meeting.held_on.desc()).limit(60)).all()
    owed = owed_by_office(office_user.office_id, district_id, date.today()).limit(500)
    assignments = [a.id for a in db.session.scalars(owed)]
    if not meetings or not assignments:
        raise BenchError("the first district has no meetings or open assignments")
    token = issue_token("bench_secretary")
    fy = fy or bench_fiscal_year(committees[0])
    db.session.commit()
    return Targets(meetings, committees, assignments, district_id, fy, token)


def _path(label: str, t: Targets, rnd: random.Random) -> str:
    return {
        "meeting page": f"/meetings/{rnd.choice(t.meetings)}",
        "meeting JSON": f"/api/v1/meetings/{rnd.choice(t.meetings)}",
        "committee list": "/",
        "decision tracker": f"/committees/{rnd.choice(t.committees)}/tracker",
        "APA report": f"/apa/{t.fy}?district_id={t.district_id}",
    }[label]


def _timed(tally: Tally, label: str, call) -> object:
    start = time.perf_counter()
    try:
        result = call()
    except (BenchError, urllib.error.URLError, OSError) as exc:
        tally.add(label, (time.perf_counter() - start) * 1000, str(exc))
        return None
    tally.add(label, (time.perf_counter() - start) * 1000)
    return result


def _record_follow_up(client: Client, t: Targets, rnd: random.Random, tally: Tally) -> None:
    """Open an assignment, then post a follow-up through its form (CSRF included)."""
    path = f"/followup/assignments/{rnd.choice(t.assignments)}"
    page = _timed(tally, "assignment page", lambda: client.get(path))
    if page is None:
        return
    match = CSRF.search(page[0].decode())
    if not match:
        tally.add("record follow-up", 0.0, "no CSRF token on the assignment page")
        return
    data = {"csrf_token": match.group(1) or match.group(2),
            "status": rnd.choice(("in_progress", "implemented")),
            "note": "লোড পরীক্ষা: অগ্রগতি", "on": date.today().isoformat()}
    _timed(tally, "record follow-up", lambda: client.get(path, data))


def _user(base: str, t: Targets, office: bool, deadline: float, seed: int,
          tally: Tally) -> None:
    rnd = random.Random(seed)
    client = Client(base)
    if _timed(tally, "login", lambda: client.login(
            "bench_office" if office else "bench_secretary") or True) is None:
        return
    api = Client(base, token=t.token)
    labels = [label for weight, label in BROWSE for _ in range(weight)]
    while time.perf_counter() < deadline:
        if office:
            if rnd.random() < 0.5:
                _timed(tally, "office dashboard", lambda: client.get("/followup/"))
            else:
                _record_follow_up(client, t, rnd, tally)
            continue
        label = rnd.choice(labels)
        who = api if label == "meeting JSON" else client
        path = _path(label, t, rnd)
        _timed(tally, label, lambda who=who, path=path: who.get(path))


def report(tally: Tally, seconds: float, users: int) -> str:
    """Throughput, latency per action and errors, as Markdown."""
    total = sum(len(v) for v in tally.times.values())
    everything = sorted(ms for v in tally.times.values() for ms in v)
    lines = [f"{users} users for {seconds:.0f} s: {total} requests, "
             f"{total / seconds:.1f} requests/s, errors: {len(tally.errors)}", "",
             "| action | requests | median ms | p95 ms |", "|---|---:|---:|---:|"]
    for label, times in sorted(tally.times.items()) + [("all", everything)]:
        times = sorted(times)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        lines.append(f"| {label} | {len(times)} | {statistics.median(times):.0f} | {p95:.0f} |")
    lines += [f"error: {e}" for e in tally.errors[:20]]
    return "\n".join(lines)


def load(users: int, seconds: float, office_share: float, fy: str | None, url: str | None,
         bind: str, workers: int, echo) -> tuple[str, int]:
    """Run the load test; returns (the report, the number of errors)."""
    t = targets(fy)
    process = None
    if url is None:
        process, url = start_gunicorn(bind, workers)
        echo(f"gunicorn pid {process.pid} at {url}, {workers} workers", err=True)
    tally = Tally()
    try:
        deadline = time.perf_counter() + seconds
        offices = round(users * office_share)
        threads = [threading.Thread(target=_user, daemon=True,
                                    args=(url, t, n < offices, deadline, n, tally))
                   for n in range(users)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 2 * TIMEOUT)
        elapsed = time.perf_counter() - started
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
    return report(tally, elapsed, users), len(tally.errors)
