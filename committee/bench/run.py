"""`flask bench run`: time the main pages over HTTP against gunicorn on the seeded data.

Starts gunicorn (`app:app`, the same DATABASE_URL, BENCH_COUNT_QUERIES=1) on a free
loopback port unless --url is given, logs in as the bench users with the standard
library only (urllib + cookiejar), and prints per page: median and p95 latency, the SQL
statements the request ran (the X-Query-Count header) and the target. Peak memory is
the largest VmHWM (peak RSS) of the gunicorn workers, read from /proc.

Issued minutes are frozen on their first download (committee.documents.letters): the
"first download" row downloads --first issued minutes of the first district that were not
frozen yet, once each (the rendering and the storing), and the "frozen" row downloads the
same letters again (the stored bytes). Each run therefore freezes --first more letters;
once all are frozen the first-download row is left out.
"""
from __future__ import annotations

import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from http.cookiejar import CookieJar
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from ..apa.scoring import fiscal_year_label, fiscal_year_of
from ..extensions import db
from ..models import Committee, Letter, Meeting, User
from ..users.service import issue_token
from ..vocab import Level
from .seed import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
# A page that has taken this long stops after its third timed request (its row says n=).
PAGE_BUDGET_MS = 60_000
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


class BenchError(Exception):
    """The benchmark cannot run (no seeded data, server not starting, a page failing)."""


@dataclass
class Page:
    label: str
    path: str
    who: str              # the session (username) or "token"
    target_ms: float | None
    times: list[float] = field(default_factory=list)
    queries: str = "?"
    # When set, request n goes to paths[n % len(paths)] (no warm-up when warm is False).
    paths: list[str] = field(default_factory=list)
    warm: bool = True
    first_ms: float | None = None   # the warm-up request
    note: str = ""
    error: str = ""                 # the page failed: its row says so, the others go on
    cpu_ms: float | None = None     # the workers' CPU time per timed request
    body: dict | None = None        # POSTed as JSON (an API write) instead of a GET


class Client:
    """A cookie session (or a bearer token) against the server."""
    def __init__(self, base: str, token: str | None = None):
        self.base, self.token = base.rstrip("/"), token
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str, data: dict | None = None,
            json_body: dict | None = None) -> tuple[bytes, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        if json_body is not None:
            body = json.dumps(json_body).encode()
        request = urllib.request.Request(self.base + path, data=body)
        if json_body is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.read(), dict(response.headers), response.geturl()
        except urllib.error.HTTPError as exc:
            raise BenchError(f"{path}: HTTP {exc.code}") from exc

    def login(self, username: str, password: str = PASSWORD) -> None:
        html = self.get("/login")[0].decode()
        match = CSRF.search(html)
        if not match:
            raise BenchError("no CSRF token on /login")
        _, _, url = self.get("/login", {"username": username, "password": password,
                                        "csrf_token": match.group(1) or match.group(2)})
        if urllib.parse.urlsplit(url).path.startswith("/login"):
            raise BenchError(f"login as {username} failed (run `flask bench seed` first?)")


def bench_fiscal_year(committee_id: int) -> str:
    """The last complete fiscal year when the committee's data covers it, else this one."""
    first = db.session.scalar(select(func.min(Meeting.held_on))
                              .where(Meeting.committee_id == committee_id))
    year = fiscal_year_of(date.today()) - 1
    return fiscal_year_label(year if first and first <= date(year, 7, 31) else year + 1)


# Search words: many hits (two words in every meeting's decisions), and none at all (every
# decision and item of the district is read).
SEARCH_HITS = "ইন্টারনেট কানেকশন"
SEARCH_NONE = "ড্রোনসেবা"


def unfrozen_minutes(district_id: int, limit: int) -> list[int]:
    """Meetings of the district whose issued minutes were never downloaded, newest first."""
    if limit <= 0:
        return []
    return list(db.session.scalars(
        select(Meeting.id).join(Letter, Letter.id == Meeting.minutes_letter_id)
        .join(Committee, Committee.id == Meeting.committee_id)
        .where(Committee.district_id == district_id, Letter.sha256.is_(None))
        .order_by(Meeting.held_on.desc(), Meeting.id).limit(limit)))


def pages(fy: str | None = None, first: int = 20) -> list[Page]:
    """The pages to time, on the first district's busiest committee and latest minutes."""
    secretary = db.session.scalar(select(User).where(User.username == "bench_secretary"))
    if secretary is None:
        raise BenchError("no bench users: run `flask bench seed` first")
    committee_id = db.session.scalar(
        select(Committee.id).where(Committee.district_id == secretary.district_id,
                                   Committee.level == Level.DISTRICT).order_by(Committee.id))
    meeting = db.session.scalar(
        select(Meeting).where(Meeting.committee_id == committee_id,
                              Meeting.minutes_letter_id.is_not(None))
        .order_by(Meeting.held_on.desc()).limit(1))
    if meeting is None:
        raise BenchError("no issued minutes in the first district: run `flask bench seed`")
    fy = fy or bench_fiscal_year(committee_id)
    m, c, d = meeting.id, committee_id, secretary.district_id
    frozen = db.session.scalar(select(Letter.sha256).where(
        Letter.id == meeting.minutes_letter_id)) is not None
    token = issue_token("bench_secretary")
    # Not the latest minutes: the DOCX row's warm-up may freeze those first.
    fresh = [x for x in unfrozen_minutes(d, first + 1) if x != m][:first]
    docx = [f"/meetings/{x}/minutes.docx" for x in fresh]
    freezing = [
        Page(f"minutes DOCX, first download (freezes; {len(fresh)} minutes, once each)",
             "", "bench_secretary", None, paths=docx, warm=False),
        Page(f"minutes DOCX, frozen (the same {len(fresh)} minutes again)", "",
             "bench_secretary", 150, paths=docx, warm=False),
    ] if fresh else []
    q = urllib.parse.quote
    return [
        Page("meeting page", f"/meetings/{m}", "bench_secretary", 50),
        Page("meeting JSON (API)", f"/api/v1/meetings/{m}", token, 50),
        Page("minutes DOCX (latest minutes; frozen after the warm-up)",
             f"/meetings/{m}/minutes.docx", "bench_secretary", 150,
             note="frozen before this run" if frozen else "first download: the warm-up"),
        *freezing,
        Page("decision tracker", f"/committees/{c}/tracker", "bench_secretary", 100),
        Page("office dashboard", "/followup/", "bench_office", 100),
        Page("secretary's office overview (every office of the district)", "/followup/",
             "bench_secretary", 200),
        Page("overdue offices (the reminders page)", f"/committees/{c}/reminders",
             "bench_secretary", 200),
        Page("overdue offices (API)", f"/api/v1/committees/{c}/overdue", token, 200),
        Page("reminders to every overdue office (one POST, the API)", "", token, None,
             paths=[f"/api/v1/committees/{c}/reminders"] * 3, warm=False,
             body={"offices": "all"}),
        Page(f"APA report {fy} (district office)", f"/apa/{fy}?district_id={d}",
             "bench_secretary", 100),
        Page(f"APA district roll-up {fy}", f"/apa/{fy}/district?district_id={d}",
             "bench_secretary", None),
        Page(f"national roll-up {fy}", f"/apa/{fy}/national", "bench_admin", 1000),
        Page(f"tracker XLSX (district committee, {fy})",
             f"/committees/{c}/tracker.xlsx?fy={fy}", "bench_secretary", 1000),
        Page("tracker XLSX (district committee, all years)", f"/committees/{c}/tracker.xlsx",
             "bench_secretary", None),
        Page("search, district (2 words, many hits)", f"/search?q={q(SEARCH_HITS)}",
             "bench_secretary", 200),
        Page("search, district (no hit)", f"/search?q={q(SEARCH_NONE)}",
             "bench_secretary", 200),
        Page("search, national admin (2 words, many hits)", f"/search?q={q(SEARCH_HITS)}",
             "bench_admin", 200),
        Page("search, national admin (no hit)", f"/search?q={q(SEARCH_NONE)}",
             "bench_admin", 200),
    ]


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def start_gunicorn(bind: str, workers: int, worker_class: str = "sync", threads: int = 1,
                   preload: bool = False, timeout: int = 60) -> tuple[subprocess.Popen, str]:
    """gunicorn app:app on `bind` (port 0: a free one) with query counting on."""
    host, _, port = bind.rpartition(":")
    host = host or "127.0.0.1"
    port = int(port or 0) or _free_port(host)
    env = dict(os.environ, BENCH_COUNT_QUERIES="1",
               DATABASE_URL=current_app.config["SQLALCHEMY_DATABASE_URI"])
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"{host}:{port}",
         "-k", worker_class, "--threads", str(threads), *(["--preload"] if preload else []),
         "--timeout", str(timeout),
         "--log-level", "warning", "app:app"], cwd=ROOT, env=env)
    base = f"http://{host}:{port}"
    for _ in range(300):
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with status {process.returncode}")
        try:
            urllib.request.urlopen(base + "/login", timeout=2).read()
            return process, base
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    process.terminate()
    raise BenchError("gunicorn did not answer within 30 s")


def worker_memory(master_pid: int) -> dict[int, tuple[float, float]]:
    """{worker pid: (VmRSS, VmHWM) in MB} of the master's worker processes."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) != master_pid:
                continue
            status = (entry / "status").read_text()
        except (OSError, ValueError, IndexError):
            continue
        rss = re.search(r"VmRSS:\s+(\d+) kB", status)
        hwm = re.search(r"VmHWM:\s+(\d+) kB", status)
        if rss and hwm:
            found[int(entry.name)] = (int(rss.group(1)) / 1024, int(hwm.group(1)) / 1024)
    return found


def workers_cpu_ms(master_pid: int | None) -> float | None:
    """The CPU time (user + system) the master's workers have used so far, in ms."""
    if master_pid is None:
        return None
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == master_pid:
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total * 1000 / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def peak_rss_mb(master_pid: int) -> float | None:
    """The largest peak RSS (VmHWM) of the master's worker processes, in MB."""
    peaks = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid != master_pid:
                continue
            status = (entry / "status").read_text()
        except (OSError, ValueError, IndexError):
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append(int(match.group(1)) / 1024)
    return max(peaks) if peaks else None


def measure(base: str, targets: list[Page], runs: int, master_pid: int | None = None) -> None:
    """One warm-up and `runs` timed requests per page, sequentially."""
    clients: dict[str, Client] = {}
    for page in targets:
        if page.who not in clients:
            if page.who.startswith("bench_"):
                clients[page.who] = Client(base)
                clients[page.who].login(page.who)
            else:
                clients[page.who] = Client(base, token=page.who)
        client = clients[page.who]
        start = time.perf_counter()
        try:
            if page.warm:
                client.get(page.path)
                page.first_ms = (time.perf_counter() - start) * 1000
            counts = set()
            cpu = workers_cpu_ms(master_pid)
            for n in range(len(page.paths) if page.paths and not page.warm else runs):
                path = page.paths[n % len(page.paths)] if page.paths else page.path
                start = time.perf_counter()
                answer, headers, _ = client.get(path, json_body=page.body)
                page.times.append((time.perf_counter() - start) * 1000)
                if page.body is not None and n == 0:
                    page.label += f" ({len(json.loads(answer)['letters'])} letters each)"
                counts.add(headers.get("X-Query-Count", "?"))
                if len(page.times) >= 3 and sum(page.times) > PAGE_BUDGET_MS:
                    break
        except (BenchError, OSError) as exc:
            page.error = f"{exc} after {(time.perf_counter() - start) * 1000:.0f} ms"
            continue
        page.queries = "–".join(sorted(counts, key=lambda x: (len(x), x)))
        used = workers_cpu_ms(master_pid) - cpu if cpu is not None else -1
        if used >= 0 and page.times:  # < 0: a worker was restarted (its time is gone)
            page.cpu_ms = used / len(page.times)


def table(targets: list[Page], peak: float | None, base: str, runs: int = 20) -> str:
    """The results as a Markdown table."""
    lines = [f"server: {base}", "",
             "| page | median ms | p95 ms | SQL queries | target ms | met | worker CPU ms |",
             "|---|---:|---:|---:|---:|:---:|---:|"]
    for p in targets:
        if p.error:
            lines.append(f"| {p.label} | FAILED: {p.error} | | | {p.target_ms or '—'} | NO | |")
            continue
        times = sorted(p.times)
        median = statistics.median(times)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        met = "—" if p.target_ms is None else ("yes" if median <= p.target_ms else "NO")
        label = p.label if p.paths or len(times) >= runs else f"{p.label} (n={len(times)})"
        cpu = "—" if p.cpu_ms is None else f"{p.cpu_ms:.0f}"
        lines.append(f"| {label} | {median:.1f} | {p95:.1f} | {p.queries} | "
                     f"{p.target_ms or '—'} | {met} | {cpu} |")
    lines += [""] + [f"{p.label}: first (warm-up) request {p.first_ms:.0f} ms, {p.note}"
                     for p in targets if p.note and p.first_ms is not None]
    lines += [f"peak RSS per gunicorn worker: {peak:.0f} MB" if peak
              else "peak RSS: n/a (server not started here)"]
    lines += ["worker CPU ms: user + system time of the gunicorn workers per timed request "
              "(/proc; PostgreSQL's own CPU not included; less sensitive than the latency "
              "to other load on the machine)",
              f"load average (1, 5, 15 min) at the end: {load_average()}"]
    return "\n".join(lines)


def run(runs: int = 20, url: str | None = None, bind: str = "127.0.0.1:0", workers: int = 2,
        echo=None, first: int = 20, only: str | None = None, worker_class: str = "sync",
        threads: int = 1, preload: bool = False, timeout: int = 60) -> str:
    """Time every page (or those whose label contains `only`); returns the table.
    Stops the gunicorn it started."""
    import click

    echo = echo or click.echo
    targets = [p for p in pages(first=first) if not only or only.lower() in p.label.lower()]
    if not targets:
        raise BenchError(f"no page label contains {only!r}")
    db.session.commit()  # the token is stored; release the database before the server
    process = None
    if url is None:
        process, url = start_gunicorn(bind, workers, worker_class, threads, preload, timeout)
        echo(f"gunicorn pid {process.pid} at {url}", err=True)
    try:
        echo(f"load average at the start: {load_average()}", err=True)
        measure(url, targets, runs, process.pid if process else None)
        peak = peak_rss_mb(process.pid) if process else None
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
    return table(targets, peak, url, runs)
