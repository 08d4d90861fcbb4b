#!/usr/bin/env python
"""Benchmark: requests/s of the busiest pages under gunicorn against a trivial view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kam .venv/bin/python bench/pages.py \
        [--participants 100] [--seconds 5] [--rounds 3] [--connections 4] [--profile PAGE …]

Creates a throwaway PostgreSQL database (dropped at the end) holding the data of
bench/report.py — one released campaign of N participants × 15 raters × 40 items — plus an open
campaign with one rater's link, a cohort schedule of 24 sessions and a catalogue of 12 courses.
Starts gunicorn on 127.0.0.1 (an ephemeral port) with the project's gunicorn_conf: 2 sync
workers, production settings (DEBUG off, DJANGO_SECRET_KEY from the environment, CONN_MAX_AGE
as the settings give it; REDIS_URL if set, else local memory), serving bench/server.py: the
project plus `/bench/trivial/`, "ok" behind the same middleware — the floor. Then drives every
page with wrk (or, without wrk, a small threaded client) for --seconds, --rounds times:

trivial view · /me/ · report page (participant) · debrief heatmap (trainer) · rater
questionnaire GET (token link) · report API JSON (trainer) · cohort schedule · course catalogue

Prints per page the median requests/s, the ratio to the trivial view (targets: ≥ 0.5, report
page and API ≥ 0.7), the workers' CPU time per request (user + system, from /proc) and the
queries of one request (counted in this process by the test client). Loopback only; exit
status 0 whatever the figures: it measures, it does not judge.

`--profile me rater` (the first word of a page's label, or `all`) starts no server: it
runs cProfile over --rounds × 20 requests of each named page through the test client in this
process (same settings, same data, caches warm) and prints the top functions by cumulative time
and the page's queries, then exits.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import http.client
import io
import os
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")
# The token page counts every look-up against a budget; the bench must not exhaust it.
os.environ.setdefault("RATER_RATE_LIMIT_PER_IP", "1000000000")
os.environ.setdefault("RATER_RATE_LIMIT_PER_TOKEN", "1000000000")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

import bench.server  # noqa: E402, F401  (sets Django up with the bench URLs)
from bench.report import PANEL, build  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def release(campaign: Any, participant: Any) -> tuple[Any, Any]:
    """Give the bench participant an account and a trainer, and release the campaign."""
    from django.contrib.auth.models import Group

    from assessments.services.report_store import figures_store
    from participants.models import TRAINERS_GROUP, User

    user = User.objects.create_user(email="bench-participant@bench.example", full_name="吴迪")
    participant.user = user
    participant.save(update_fields=["user"])
    trainer = User.objects.create_user(email="bench-trainer@bench.example", full_name="常兴")
    trainer.groups.add(Group.objects.get_or_create(name=TRAINERS_GROUP)[0])
    campaign.cohort.trainers.add(trainer)
    campaign.status = campaign.Status.RELEASED
    campaign.released_at = timezone.now()
    campaign.save(update_fields=["status", "released_at"])
    figures_store(campaign=campaign)  # as the release service does
    return user, trainer


def open_link(campaign: Any, participant: Any) -> str:
    """An open campaign on the same cohort and items, and one peer's link in it; the token."""
    from assessments.models import Campaign, Invitation
    from assessments.tokens import token_new

    now = timezone.now()
    open_campaign = Campaign.objects.create(
        cohort=campaign.cohort,
        framework=campaign.framework,
        name="Bench 360 (open)",
        kind=Campaign.Kind.POST,
        status=Campaign.Status.OPEN,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=14),
    )
    raw, hashed = token_new()
    Invitation.objects.create(
        campaign=open_campaign,
        subject=participant,
        rater_name="Bench Rater",
        rater_email="bench-rater@bench.example",
        group=Invitation.Group.PEER,
        status=Invitation.Status.SENT,
        token_hash=hashed,
        sent_at=now,
    )
    return raw


def schedule_and_catalogue(cohort: Any) -> None:
    """24 sessions over the cohort's four days, and 11 more published courses."""
    from courses.models import Course, Session

    course = cohort.course
    course.is_published = True
    course.save(update_fields=["is_published"])
    Course.objects.bulk_create(
        Course(code=f"bench-{n}", title=f"课程{n}", title_en=f"Course {n}", is_published=True)
        for n in range(11)
    )
    zone = dt.timezone(dt.timedelta(hours=8))
    Session.objects.bulk_create(
        Session(
            cohort=cohort,
            title=f"单元{day}.{slot}",
            title_en=f"Unit {day}.{slot}",
            starts_at=dt.datetime.combine(cohort.starts_on, dt.time(9), zone)
            + dt.timedelta(days=day, hours=slot * 1.5),
            ends_at=dt.datetime.combine(cohort.starts_on, dt.time(10, 15), zone)
            + dt.timedelta(days=day, hours=slot * 1.5),
            time_zone=cohort.time_zone,
            sequence=day * 6 + slot,
        )
        for day in range(4)
        for slot in range(6)
    )


def session_cookie(user: Any) -> str:
    """A logged-in session for the user, as the browser's cookie header would carry it."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(database_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "1",  # → sync workers
        "GUNICORN_MAX_REQUESTS": "0",  # no recycling mid-measure
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    env.pop("DJANGO_DEBUG", None)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "-c", "python:kamtraining.gunicorn_conf", "bench.server:application"],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            get(port, "/bench/trivial/", "")
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not answer within 30 s")


def workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def get(port: int, url: str, cookie: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", url, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def load_wrk(port: int, url: str, cookie: str, seconds: float, connections: int) -> int:
    """Requests answered in `seconds` by wrk; exits if any answer was not 2xx."""
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds:g}s",
            "-H",
            f"Cookie: {cookie}",
            f"http://127.0.0.1:{port}{url}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"{url}: some answers were not 2xx\n{out}")
    found = re.search(r"(\d+) requests in", out)
    return int(found.group(1)) if found else 0


def load_python(port: int, url: str, cookie: str, seconds: float, connections: int) -> int:
    """The same with `connections` threads of sequential requests (when wrk is missing)."""
    counts = [0] * connections
    failures: list[int] = []
    stop = time.monotonic() + seconds

    def client(slot: int) -> None:
        while time.monotonic() < stop:
            status = get(port, url, cookie)
            if status != 200:
                failures.append(status)
                return
            counts[slot] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{url}: HTTP {failures[0]}")
    return sum(counts)


def queries_of(user: Any, url: str) -> int:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code} from the test client")
    return len(queries)


def profile(label: str, viewer: Any, url: str, requests: int) -> None:
    """cProfile's top functions over `requests` GETs of one page, caches and connection warm."""
    client = Client()
    if viewer is not None:
        client.force_login(viewer)
    client.get(url)
    queries: list[str] = []

    def record(execute: Any, sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(record):
        client.get(url)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(requests):
        client.get(url)
    profiler.disable()
    elapsed = (time.perf_counter() - started) / requests
    print(f"\n== {label}: {elapsed * 1000:.1f} ms per request (profiled), {len(queries)} queries")
    for sql in queries:
        print(f"   {sql[:160]}")
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream).sort_stats("cumulative")
    stats.print_stats(30)
    stats.print_stats(str(ROOT).replace("\\", "/") + "/(?!bench)", 40)  # the project's own
    print(stream.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", nargs="*", metavar="PAGE", help="profile, do not serve")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench/pages.py needs PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    load = load_wrk if shutil.which("wrk") else load_python

    old_name = connection.settings_dict["NAME"]
    test_name = f"bench_pages_{os.getpid()}"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = test_name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    server = None
    try:
        from assessments.models import Rating

        campaign, participant = build(args.participants, args.seed)
        user, trainer = release(campaign, participant)
        token = open_link(campaign, participant)
        schedule_and_catalogue(campaign.cohort)
        db = connection.settings_dict
        database_url = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{test_name}"
        )
        as_participant, as_trainer = session_cookie(user), session_cookie(trainer)
        pages = [
            ("trivial view (floor)", "/bench/trivial/", as_participant, user),
            ("/me/ (My Zone)", "/me/", as_participant, user),
            ("report page", f"/me/reports/{campaign.pk}/", as_participant, user),
            ("debrief heatmap", f"/trainer/campaigns/{campaign.pk}/", as_trainer, trainer),
            ("rater questionnaire", f"/rate/{token}/", "", None),
            (
                "report API (JSON)",
                f"/api/v1/campaigns/{campaign.pk}/reports/{participant.pk}/",
                as_trainer,
                trainer,
            ),
            ("cohort schedule", f"/cohorts/{campaign.cohort.pk}/schedule/", as_trainer, trainer),
            ("course catalogue", "/courses/", as_participant, user),
        ]
        if args.profile is not None:
            wanted = set(args.profile) or {"all"}
            for label, url, _cookie, viewer in pages:
                word = label.split()[0].strip("/")
                if "all" in wanted or word in wanted:
                    profile(label, viewer, url, args.rounds * 20)
            return 0
        queries = {label: queries_of(viewer, url) for label, url, _c, viewer in pages}
        port = free_port()
        server = start_gunicorn(database_url, port)
        workers = workers_of(server.pid)
        print(
            f"data: {args.participants} participants × {sum(PANEL.values())} raters × 40 items "
            f"= {Rating.objects.count():,} ratings; PostgreSQL; gunicorn 2 sync workers "
            f"(cache: {'Redis' if os.environ.get('REDIS_URL') else 'local memory'}); "
            f"{load.__name__[5:]} × {args.connections} connections, {args.seconds:g} s per "
            f"page, median of {args.rounds} rounds"
        )
        for _label, url, cookie, _viewer in pages:  # warm-up: templates, caches, connections
            load(port, url, cookie, 1, args.connections)
        rates: dict[str, list[float]] = {label: [] for label, *_ in pages}
        cpu: dict[str, list[float]] = {label: [] for label, *_ in pages}
        for _ in range(args.rounds):
            for label, url, cookie, _viewer in pages:
                before, started = cpu_seconds(workers), time.perf_counter()
                done = load(port, url, cookie, args.seconds, args.connections)
                elapsed, used = time.perf_counter() - started, cpu_seconds(workers) - before
                rates[label].append(done / elapsed)
                cpu[label].append(used / max(done, 1))
        floor = statistics.median(rates[pages[0][0]])
        print(f"{'page':<24}{'req/s':>9}{'× trivial':>11}{'CPU ms/req':>12}{'queries':>9}")
        for label, *_ in pages:
            rps = statistics.median(rates[label])
            ms = statistics.median(cpu[label]) * 1000
            print(f"{label:<24}{rps:>9.1f}{rps / floor:>11.2f}{ms:>12.1f}{queries[label]:>9}")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
