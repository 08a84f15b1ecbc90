"""`flask bench load`: N concurrent users browsing and recording follow-ups, over HTTP.

A bounded load test on loopback: every virtual user is a thread with its own cookie session
(logged in through the real login form), looping over weighted actions until the deadline;
every request is timed and its status kept. Office users record follow-ups through the same
form a person uses (CSRF token from the page, POST, redirect). Nothing runs past the
deadline plus one request timeout, and the gunicorn it started is stopped at the end.

Three kinds of users: secretaries browsing (the rest), office users (--office-share) who
open their dashboard or record a follow-up, and editors (--editors) who each reopen and
save their own draft minutes through the editor form (drafts of the first district's
committees, created once by the app's own service and reused by later runs). With
--think a user pauses a random 0–2×think seconds before each action (0: back to back). When
it started gunicorn, the workers' VmRSS and VmHWM are sampled every --every seconds, and
the report has one row per interval: requests, latency and the largest worker memory.
"""
from __future__ import annotations

import os
import random
import resource
import statistics
import threading
import time
import urllib.error
import urllib.parse
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from ..followup.service import owed_by_office
from ..interchange.exporter import export_meeting
from ..interchange.validate import validate_meeting
from ..meetings.service import create_meeting, load_meeting
from ..models import Assignment, Committee, Decision, Meeting, User
from ..users.service import issue_token
from ..vocab import MeetingStatus
from .run import (
    CSRF,
    BenchError,
    Client,
    bench_fiscal_year,
    start_gunicorn,
    worker_memory,
    workers_cpu_ms,
)

TIMEOUT = 30
LOGIN_WAIT = 600  # the longest the users wait for each other to have logged in
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
    drafts: list[int] = field(default_factory=list)


@dataclass
class Tally:
    """Shared results; appended under a lock."""
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # (seconds since the start, ms, error or not) of every request, for the intervals.
    events: list[tuple[float, float, bool]] = field(default_factory=list)
    start: float = field(default_factory=time.perf_counter)

    def add(self, label: str, ms: float, error: str | None = None) -> None:
        with self.lock:
            self.times.setdefault(label, []).append(ms)
            self.events.append((time.perf_counter() - self.start, ms, bool(error)))
            if error:
                self.errors.append(f"{label}: {error}")


def drafts(committees: list[int], n: int) -> list[int]:
    """N draft meetings spread over the committees (one committee's writes queue on its
    lock): the drafts already there first, new ones copied from each committee's latest
    minutes and stored by the app's own service (review of open decisions included)."""
    if n <= 0:
        return []
    found: dict[int, list[int]] = {c: [] for c in committees}
    for meeting_id, committee_id in db.session.execute(
            select(Meeting.id, Meeting.committee_id)
            .where(Meeting.committee_id.in_(committees),
                   Meeting.status == MeetingStatus.DRAFT).order_by(Meeting.id)):
        found[committee_id].append(meeting_id)
    chosen = []
    for k in range(n):
        committee_id = committees[k % len(committees)]
        have = found[committee_id]
        if len(have) <= k // len(committees):
            latest = db.session.scalar(select(Meeting.id).where(
                Meeting.committee_id == committee_id).order_by(Meeting.held_on.desc()))
            raw = export_meeting(load_meeting(latest))["meeting"]
            raw["held_on"] = _free_day(committee_id).isoformat()
            committee = db.session.get(Committee, committee_id)
            have.append(create_meeting(Meeting(committee=committee,
                                               status=MeetingStatus.DRAFT),
                                       validate_meeting(raw)))
        chosen.append(have[k // len(committees)])
    return chosen


def _free_day(committee_id: int) -> date:
    """The first day from today on without a meeting of the committee (one meeting per
    committee and day; the seeded minutes may include today's)."""
    taken = set(db.session.scalars(select(Meeting.held_on).where(
        Meeting.committee_id == committee_id, Meeting.held_on >= date.today())))
    day = date.today()
    while day in taken:
        day += timedelta(days=1)
    return day


def targets(fy: str | None = None, editors: int = 0) -> Targets:
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
    # Issued minutes only: the editors' drafts (dated from today on) take follow-ups only
    # once held and issued; a follow-up dated before its meeting is refused with 400.
    issued = Meeting.minutes_letter_id.is_not(None)
    owed = owed_by_office(office_user.office_id, district_id, date.today()).where(
        issued).limit(500)
    assignments = [a.id for a in db.session.scalars(owed)]
    if len(assignments) < 500:
        # Earlier runs implemented many: top up with the office's other assignments of the
        # district, newest first (a follow-up may reopen one), so the pool never runs dry.
        assignments += db.session.scalars(
            select(Assignment.id).join(Assignment.decision).join(Decision.meeting)
            .join(Meeting.committee)
            .where(Assignment.office_id == office_user.office_id, issued,
                   Committee.district_id == district_id, Assignment.id.not_in(assignments))
            .order_by(Meeting.held_on.desc(), Assignment.id)
            .limit(500 - len(assignments))).all()
    if not meetings or not assignments:
        raise BenchError("the first district has no meetings or assignments of the office")
    token = issue_token("bench_secretary")
    fy = fy or bench_fiscal_year(committees[0])
    db.session.commit()
    return Targets(meetings, committees, assignments, district_id, fy, token,
                   drafts(sorted(committees), editors))


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


class _Form(HTMLParser):
    """The fields of the first form with class `marker`, as a browser would post them
    (submit buttons, unchecked boxes and file inputs left out)."""

    def __init__(self, marker: str):
        super().__init__(convert_charrefs=True)
        self.marker, self.inside, self.done = marker, False, False
        self.fields: list[list[str]] = []
        self.textarea: list[str] | None = None
        self.select: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and self.marker in a.get("class", "").split():
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]
            self.fields.append(self.textarea)
        elif tag == "select" and a.get("name"):
            self.select = [a["name"], None]
            self.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            if self.select[1] is None or "selected" in a:
                self.select[1] = a.get("value", "")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def _edit_draft(client: Client, meeting_id: int, n: int, tally: Tally) -> None:
    """Open the draft's editor, change its closing text, save (redirect to the minutes)."""
    path = f"/meetings/{meeting_id}/edit"
    page = _timed(tally, "draft editor", lambda: client.get(path))
    if page is None:
        return
    form = _Form("meeting-editor")
    form.feed(page[0].decode())
    if not any(name == "version" for name, _ in form.fields):
        tally.add("save draft", 0.0, f"no editor form with a version on {path}")
        return
    data = [(k, v or "") for k, v in form.fields if k != "closing"]
    data += [("closing", f"লোড পরীক্ষা: খসড়া সম্পাদনা {n}"), ("action", "save")]

    def save():
        _, _, url = client.get(path, data)
        if urllib.parse.urlsplit(url).path != f"/meetings/{meeting_id}":
            raise BenchError(f"{path}: not saved (the editor came back)")
        return True
    _timed(tally, "save draft", save)


@dataclass
class Start:
    """Every user logs in first; the timed period starts once all have (the barrier's
    action sets the deadline), so the login burst is not counted in it."""
    barrier: threading.Barrier
    deadline: float = 0.0


def _user(base: str, t: Targets, office: bool, start: Start, seed: int,
          tally: Tally, draft: int | None = None, think: float = 0.0) -> None:
    try:
        _actions(base, t, office, start, seed, tally, draft, think)
    except threading.BrokenBarrierError:
        tally.add("login", 0.0, f"the users had not all logged in after {LOGIN_WAIT} s")
    except Exception as exc:  # noqa: BLE001 - a crashed virtual user is an error, not silence
        tally.add("virtual user crashed", 0.0, repr(exc))


def _actions(base: str, t: Targets, office: bool, start: Start, seed: int,
             tally: Tally, draft: int | None, think: float) -> None:
    rnd = random.Random(seed)
    client = Client(base)
    logged_in = _timed(tally, "login", lambda: client.login(
        "bench_office" if office else "bench_secretary") or True)
    start.barrier.wait()
    if logged_in is None:
        return
    deadline = start.deadline
    api = Client(base, token=t.token)
    labels = [label for weight, label in BROWSE for _ in range(weight)]
    n = 0
    while time.perf_counter() < deadline:
        if think:  # before the first action too: the users do not all start at once
            time.sleep(min(rnd.uniform(0, 2 * think), max(0.0, deadline - time.perf_counter())))
            if time.perf_counter() >= deadline:
                break
        n += 1
        if draft is not None:
            _edit_draft(client, draft, n, tally)
            continue
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


def _pct(times: list[float], q: float) -> float:
    return times[min(len(times) - 1, round(q * (len(times) - 1)))]


def report(tally: Tally, seconds: float, users: int, memory: list | None = None,
           every: float = 60.0, mix: str = "") -> str:
    """Throughput, latency per action and errors, as Markdown; then one row per interval
    (requests after the logins, and the workers' memory) when memory was sampled.
    Throughput counts the timed period (after every user has logged in)."""
    total = sum(1 for at, _, _ in tally.events if at >= 0)
    everything = sorted(ms for v in tally.times.values() for ms in v)
    lines = [f"{users} users for {seconds:.0f} s: {total} requests, "
             f"{total / seconds:.1f} requests/s, errors: {len(tally.errors)}", *(
                 [mix] if mix else []), "",
             "| action | requests | median ms | p95 ms | p99 ms |", "|---|---:|---:|---:|---:|"]
    for label, times in sorted(tally.times.items()) + [("all", everything)]:
        times = sorted(times)
        if not times:
            continue
        lines.append(f"| {label} | {len(times)} | {statistics.median(times):.0f} | "
                     f"{_pct(times, 0.95):.0f} | {_pct(times, 0.99):.0f} |")
    no_login = sorted(ms for label, v in tally.times.items() if label != "login" for ms in v)
    if no_login:
        lines.append(f"| all but login | {len(no_login)} | {statistics.median(no_login):.0f} | "
                     f"{_pct(no_login, 0.95):.0f} | {_pct(no_login, 0.99):.0f} |")
    if memory:
        lines += ["", "| interval | requests | requests/s | median ms | p95 ms | p99 ms | errors "
                  "| workers | max VmRSS MB | max VmHWM MB |", "|---|" + "---:|" * 9]
        buckets = int(seconds // every) + 1
        for b in range(buckets):
            lo, hi = b * every, (b + 1) * every
            ev = sorted(ms for at, ms, _ in tally.events if lo <= at < hi)
            errs = sum(1 for at, _, bad in tally.events if lo <= at < hi and bad)
            mem = [m for at, m in memory if lo <= at < hi and m]
            last = mem[-1] if mem else {}
            span = min(hi, seconds) - lo
            if (not ev and not last) or span < 1:
                continue
            rss = max((r for _, r in last.values()), default=0)
            hwm = max((h for _, h in last.values()), default=0)
            p50, p95, p99 = ((statistics.median(ev), _pct(ev, 0.95), _pct(ev, 0.99)) if ev
                             else (0, 0, 0))
            lines.append(
                f"| {lo:.0f}–{min(hi, seconds):.0f} s | {len(ev)} | "
                f"{len(ev) / span if span > 0 else 0:.1f} | {p50:.0f} | {p95:.0f} | {p99:.0f} | "
                f"{errs} | {len(last)} | {rss:.0f} | {hwm:.0f} |")
    lines += [f"error: {e}" for e in tally.errors[:20]]
    return "\n".join(lines)


def _machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields[:8]) - idle) / tick, sum(fields[:8]) / tick


def _postgres_cpu(database: str) -> float:
    """CPU seconds used so far by the PostgreSQL backends connected to `database`."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().decode(errors="replace")
            if not cmd.startswith("postgres:") or f" {database} " not in cmd:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_line(start: tuple, end: tuple, requests: int, database: str | None) -> str:
    """Where the CPU went during the run: the server, the database, this load generator,
    and everything else on the machine (other users' work slows the server down)."""
    (m0, t0, w0, own0), (m1, t1, w1, own1, pg) = start, end
    busy, total = m1 - m0, t1 - t0
    workers = (w1 - w0) / 1000 if w0 is not None and w1 is not None else None
    own = own1 - own0
    parts = []
    if workers is not None:
        parts.append(f"gunicorn workers {workers:.0f} s ({workers * 1000 / max(requests, 1):.1f}"
                     " ms per request)")
    if database:
        parts.append(f"PostgreSQL backends {pg:.0f} s")
    parts.append(f"load generator {own:.0f} s")
    rest = busy - (workers or 0) - own - (pg if database else 0)
    parts.append(f"everything else {max(rest, 0):.0f} s")
    return (f"CPU: machine busy {busy:.0f} of {total:.0f} s ({100 * busy / total:.0f}%): "
            + ", ".join(parts))


def _sample(pid: int, tally: Tally, every: float, stop: threading.Event,
            memory: list) -> None:
    """The workers' (VmRSS, VmHWM) a few times per interval until stopped."""
    step = max(1.0, every / 6)
    while not stop.is_set():
        memory.append((time.perf_counter() - tally.start, worker_memory(pid)))
        stop.wait(step)
    memory.append((time.perf_counter() - tally.start, worker_memory(pid)))


def load(users: int, seconds: float, office_share: float, fy: str | None, url: str | None,
         bind: str, workers: int, echo, editors: int = 0, think: float = 0.0,
         worker_class: str = "sync", threads: int = 1, preload: bool = False,
         every: float = 60.0) -> tuple[str, int]:
    """Run the load test; returns (the report, the number of errors)."""
    offices = round(users * office_share)
    editors = max(0, min(editors, users - offices))
    t = targets(fy, editors)
    process = None
    if url is None:
        process, url = start_gunicorn(bind, workers, worker_class, threads, preload)
        echo(f"gunicorn pid {process.pid} at {url}, {workers} {worker_class} workers"
             + (f" × {threads} threads" if threads > 1 else "")
             + (", preloaded" if preload else ""), err=True)
    tally = Tally()
    database = None
    bind_url = db.engine.url
    if bind_url.get_backend_name().startswith("postgresql"):
        database = bind_url.database
    memory: list = []
    stop = threading.Event()
    sampler = None
    before: tuple = ()

    def begin() -> None:
        nonlocal before
        before = (*_machine_cpu(), workers_cpu_ms(process.pid if process else None),
                  _own_cpu())
        tally.start = time.perf_counter()
        start.deadline = tally.start + seconds

    start = Start(threading.Barrier(users + 1, action=begin, timeout=LOGIN_WAIT))
    try:
        tally.start = time.perf_counter() + 10 * LOGIN_WAIT  # logins: before the start
        if process is not None:
            sampler = threading.Thread(target=_sample, daemon=True,
                                       args=(process.pid, tally, every, stop, memory))
            sampler.start()
        drafts_of = dict(zip(range(offices, offices + editors), t.drafts, strict=True))
        users_ = [threading.Thread(target=_user, daemon=True,
                                   args=(url, t, n < offices, start, n, tally,
                                         drafts_of.get(n), think))
                  for n in range(users)]
        for thread in users_:
            thread.start()
        try:
            start.barrier.wait()
            echo(f"all {users} users logged in; timing {seconds:.0f} s", err=True)
        except threading.BrokenBarrierError:
            echo(f"the users had not all logged in after {LOGIN_WAIT} s", err=True)
            begin()
            start.deadline = tally.start
        for thread in users_:
            thread.join(timeout=max(0.0, start.deadline - time.perf_counter()) + 2 * TIMEOUT)
        elapsed = time.perf_counter() - tally.start
        after = (*_machine_cpu(), workers_cpu_ms(process.pid if process else None), _own_cpu(),
                 _postgres_cpu(database) if database and process else 0.0)
        stop.set()
        if sampler is not None:
            sampler.join(timeout=10)
    finally:
        stop.set()
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
    mix = (f"mix: {users - offices - editors} browsing secretaries, {offices} office users "
           f"(dashboard, follow-ups), {editors} editors of drafts; think time "
           f"{f'0–{2 * think:g} s' if think else 'none'}")
    requests = sum(1 for at, _, _ in tally.events if at >= 0)
    mix += "\n" + cpu_line(before, after, requests, database if process else None)
    return report(tally, elapsed, users, memory, every, mix), len(tally.errors)
