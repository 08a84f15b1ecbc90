"""`flask bench run`: time the main pages over HTTP against gunicorn on the seeded data.

Starts gunicorn (`app:app`, the same DATABASE_URL, BENCH_COUNT_QUERIES=1) on a free
loopback port unless --url is given, logs in as the bench users with the standard
library only (urllib + cookiejar), and prints per page: median and p95 latency, the SQL
statements the request ran (the X-Query-Count header) and the target. Peak memory is
the largest VmHWM (peak RSS) of the gunicorn workers, read from /proc.
"""
from __future__ import annotations

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
from ..models import Committee, Meeting, User
from ..users.service import issue_token
from .seed import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
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


class Client:
    """A cookie session (or a bearer token) against the server."""
    def __init__(self, base: str, token: str | None = None):
        self.base, self.token = base.rstrip("/"), token
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str, data: dict | None = None) -> tuple[bytes, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
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


def pages(fy: str | None = None) -> list[Page]:
    """The pages to time, on the first district's busiest committee and latest minutes."""
    secretary = db.session.scalar(select(User).where(User.username == "bench_secretary"))
    if secretary is None:
        raise BenchError("no bench users: run `flask bench seed` first")
    committee_id = db.session.scalar(
        select(Committee.id).where(Committee.district_id == secretary.district_id,
                                   Committee.level == "district").order_by(Committee.id))
    meeting = db.session.scalar(
        select(Meeting).where(Meeting.committee_id == committee_id,
                              Meeting.minutes_letter_id.is_not(None))
        .order_by(Meeting.held_on.desc()).limit(1))
    if meeting is None:
        raise BenchError("no issued minutes in the first district: run `flask bench seed`")
    fy = fy or bench_fiscal_year(committee_id)
    m, c, d = meeting.id, committee_id, secretary.district_id
    token = issue_token("bench_secretary")
    return [
        Page("meeting page", f"/meetings/{m}", "bench_secretary", 50),
        Page("meeting JSON (API)", f"/api/v1/meetings/{m}", token, 50),
        Page("minutes DOCX", f"/meetings/{m}/minutes.docx", "bench_secretary", 150),
        Page("decision tracker", f"/committees/{c}/tracker", "bench_secretary", 100),
        Page("office dashboard", "/followup/", "bench_office", 100),
        Page(f"APA report {fy} (district office)", f"/apa/{fy}?district_id={d}",
             "bench_secretary", 100),
        Page(f"APA district roll-up {fy}", f"/apa/{fy}/district?district_id={d}",
             "bench_secretary", None),
        Page(f"national roll-up {fy}", f"/apa/{fy}/national", "bench_admin", 1000),
    ]


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def start_gunicorn(bind: str, workers: int) -> tuple[subprocess.Popen, str]:
    """gunicorn app:app on `bind` (port 0: a free one) with query counting on."""
    host, _, port = bind.rpartition(":")
    host = host or "127.0.0.1"
    port = int(port or 0) or _free_port(host)
    env = dict(os.environ, BENCH_COUNT_QUERIES="1",
               DATABASE_URL=current_app.config["SQLALCHEMY_DATABASE_URI"])
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"{host}:{port}",
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


def measure(base: str, targets: list[Page], runs: int) -> None:
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
        client.get(page.path)
        for _ in range(runs):
            start = time.perf_counter()
            _, headers, _ = client.get(page.path)
            page.times.append((time.perf_counter() - start) * 1000)
        page.queries = headers.get("X-Query-Count", "?")


def table(targets: list[Page], peak: float | None, base: str) -> str:
    """The results as a Markdown table."""
    lines = [f"server: {base}", "",
             "| page | median ms | p95 ms | SQL queries | target ms | met |",
             "|---|---:|---:|---:|---:|:---:|"]
    for p in targets:
        times = sorted(p.times)
        median = statistics.median(times)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        met = "—" if p.target_ms is None else ("yes" if median <= p.target_ms else "NO")
        lines.append(f"| {p.label} | {median:.1f} | {p95:.1f} | {p.queries} | "
                     f"{p.target_ms or '—'} | {met} |")
    lines += ["", f"peak RSS per gunicorn worker: {peak:.0f} MB" if peak
              else "peak RSS: n/a (server not started here)"]
    return "\n".join(lines)


def run(runs: int = 20, url: str | None = None, bind: str = "127.0.0.1:0", workers: int = 2,
        echo=None) -> str:
    """Time every page; returns the table. Stops the gunicorn it started."""
    import click

    echo = echo or click.echo
    targets = pages()
    db.session.commit()  # the token is stored; release the database before the server
    process = None
    if url is None:
        process, url = start_gunicorn(bind, workers)
        echo(f"gunicorn pid {process.pid} at {url}", err=True)
    try:
        measure(url, targets, runs)
        peak = peak_rss_mb(process.pid) if process else None
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
    return table(targets, peak, url)
