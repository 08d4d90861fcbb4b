#!/usr/bin/env python
"""Benchmark: requests/s of /me/, the 360 report page and the debrief against a trivial view.

    .venv/bin/python bench/pages.py [--participants 30] [--requests 60] [--rounds 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kam .venv/bin/python bench/pages.py

Creates a throwaway database (SQLite file or PostgreSQL database, dropped at the end) holding one
released campaign (the data of bench/report.py: N participants × 15 raters × 40 items), serves
the project's WSGI application from a threaded server on 127.0.0.1 (an ephemeral port, in this
process), and sends the same number of sequential GET requests, as the same logged-in users, to:

- a trivial view (`HttpResponse("ok")` behind the whole middleware stack: session, user,
  language) — the floor;
- `/me/` (My Zone) as the participant;
- `/me/reports/<campaign>/` (the full report: computation, charts, template) as the participant;
- `/trainer/campaigns/<campaign>/` (the heatmap) as the trainer.

Prints requests/s (median of --rounds), each page's ratio to the floor (how many times slower),
the queries one request makes, and the time of one PDF export. Every request goes to loopback
only; the loops are bounded in count and time. Exit status 0: it measures, it does not judge.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamtraining.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import path  # noqa: E402

from bench.report import PANEL, build  # noqa: E402  (sets Django up)

# Production settings without a collectstatic run: the pages need the static files' URLs only.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

TIME_LIMIT = 60.0  # seconds per URL and round, whatever --requests says


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def _urlpatterns() -> list[Any]:
    from kamtraining.urls import urlpatterns

    return [path("bench/trivial/", trivial), *urlpatterns]


urlpatterns = _urlpatterns()


def session_cookie(user: Any) -> str:
    """A logged-in session for the user, as the browser's cookie header would carry it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def serve() -> tuple[Any, int]:
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def rate(port: int, url: str, cookie: str, count: int) -> float:
    """Requests per second of `count` sequential GETs (stopping early at TIME_LIMIT)."""
    done = 0
    started = time.perf_counter()
    while done < count and time.perf_counter() - started < TIME_LIMIT:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", url, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        conn.close()
        if response.status != 200:
            raise SystemExit(f"{url}: HTTP {response.status}")
        done += 1
    return done / (time.perf_counter() - started)


def queries_of(user: Any, url: str) -> int:
    client = Client()
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def release(campaign: Any, participant: Any) -> tuple[Any, Any]:
    """Give the bench participant an account and a trainer, and release the campaign."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    settings.ROOT_URLCONF = __name__
    test_name = f"bench_pages_{os.getpid()}"
    if connection.vendor == "sqlite":
        test_name = str(Path(tempfile.gettempdir()) / f"{test_name}.sqlite3")
    connection.settings_dict.setdefault("TEST", {})["NAME"] = test_name
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    server = None
    try:
        from assessments.models import Rating

        campaign, participant = build(args.participants, args.seed)
        user, trainer = release(campaign, participant)
        print(
            f"data: {args.participants} participants × {sum(PANEL.values())} raters × 40 items "
            f"= {Rating.objects.count():,} ratings; {connection.vendor}; "
            f"{args.requests} sequential requests per page, median of {args.rounds} rounds"
        )
        server, port = serve()
        as_participant, as_trainer = session_cookie(user), session_cookie(trainer)
        pages = [
            ("trivial view (floor)", "/bench/trivial/", as_participant, user),
            ("/me/ (My Zone)", "/me/", as_participant, user),
            ("report page", f"/me/reports/{campaign.pk}/", as_participant, user),
            ("cohort debrief", f"/trainer/campaigns/{campaign.pk}/", as_trainer, trainer),
        ]
        for _label, url, cookie, _user in pages:  # warm-up: templates, fonts, caches
            rate(port, url, cookie, 2)
        results: dict[str, list[float]] = {label: [] for label, *_ in pages}
        for _ in range(args.rounds):
            for label, url, cookie, _user in pages:
                results[label].append(rate(port, url, cookie, args.requests))
        floor = statistics.median(results[pages[0][0]])
        print(f"{'page':<24}{'req/s':>10}{'× slower':>10}{'queries':>9}")
        for label, url, _cookie, viewer in pages:
            rps = statistics.median(results[label])
            print(f"{label:<24}{rps:>10.1f}{floor / rps:>10.1f}{queries_of(viewer, url):>9}")
        client = Client()
        client.force_login(user)
        started = time.perf_counter()
        response = client.get(f"/me/reports/{campaign.pk}/report.pdf")
        print(
            f"PDF export (one, A4, {len(response.content) / 1024:.0f} KiB): "
            f"{time.perf_counter() - started:.2f} s (HTTP {response.status_code})"
        )
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
