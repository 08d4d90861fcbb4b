"""Real server processes for tests: gunicorn on the production settings, on a free port.

Shared by the tests that talk to the product over the wire, as a load balancer would.
"""

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
HOST = "kam.example.com"
# What the test's own environment may hold that must not leak into the server's.
OWN_SETTINGS = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_", "EMAIL_")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def database_url() -> str:
    """The URL of the database this test runs on (the test database, not the configured one)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def production_env(**overrides: str) -> dict[str, str]:
    """This process's environment without our settings, plus production settings and overrides."""
    kept = {key: value for key, value in os.environ.items() if not key.startswith(OWN_SETTINGS)}
    return (
        kept
        | {
            "DJANGO_SETTINGS_MODULE": "kamtraining.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "server-test-" + "k" * 50,
            "DJANGO_ALLOWED_HOSTS": HOST,
            "EMAIL_URL": "dummymail://",
        }
        | overrides
    )


@contextlib.contextmanager
def gunicorn(*, env: Mapping[str, str], log: Path) -> Iterator[int]:
    """Run gunicorn on `env` (HOST and PORT set here) until the block ends; yields its port."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "python:kamtraining.gunicorn_conf"],
            cwd=ROOT,
            env={**env, "HOST": "127.0.0.1", "PORT": str(port)},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start:\n" + log.read_text())
            time.sleep(0.2)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def request(
    port: int, method: str, path: str, body: Any = None, headers: Mapping[str, str] | None = None
) -> tuple[int, bytes]:
    """One request on its own connection, as HTTPS behind a proxy; (status, body)."""
    sent = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()
