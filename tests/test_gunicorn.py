"""The production server for real: gunicorn with two workers, its config, whitenoise.

The server runs the production settings on a migrated SQLite file and collected static files,
as `make serve` does, on a free port.
"""

import http.client
import json
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import IN_CI
from tests.servers import GUNICORN, ROOT, gunicorn, production_env

pytestmark = pytest.mark.skipif(
    not GUNICORN.exists() and not IN_CI,
    reason="gunicorn is not installed in this environment; CI runs it",
)


def _get(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": "kam.example.com", **headers})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


class Server:
    def __init__(self, port: int, static_root: Path, log: Path) -> None:
        self.port = port
        self.static_root = static_root
        self.log = log


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("gunicorn")
    env = production_env(
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="2",
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    # Only the project's own files: compressing the admin's and the API docs' thousands of
    # files adds minutes and shows nothing more.
    ignore = ["-i", "admin", "-i", "rest_framework", "-i", "drf_spectacular_sidecar"]
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v0", *ignore], cwd=ROOT, env=env, check=True
    )
    log = tmp / "gunicorn.log"
    with gunicorn(env=env, log=log) as port:
        yield Server(port, tmp / "static", log)


def test_gunicorn_runs_the_configured_workers_and_answers_healthz(server: Server) -> None:
    response = _get(server.port, "/healthz")
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "/healthz", headers={"Host": "10.0.0.7"})
    body = json.loads(connection.getresponse().read())
    connection.close()

    assert response.status == 200
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok"}
    log = server.log.read_text()
    assert len(re.findall(r"Booting worker with pid", log)) >= 2
    assert "gthread" in log


def test_pages_redirect_to_https_but_healthz_does_not(server: Server) -> None:
    assert _get(server.port, "/healthz").status == 200
    response = _get(server.port, "/courses/")

    assert response.status == 301
    assert response.getheader("Location") == "https://kam.example.com/courses/"


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_static_files_are_served_hashed_compressed_and_cached_for_good(
    server: Server, encoding: str
) -> None:
    manifest = json.loads((server.static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/app.css"]
    assert re.fullmatch(r"css/app\.[0-9a-f]{12}\.css", hashed)

    response = _get(
        server.port,
        f"/static/{hashed}",
        **{"Accept-Encoding": f"{encoding}, identity", "X-Forwarded-Proto": "https"},
    )

    assert response.status == 200
    assert response.getheader("Content-Encoding") == encoding
    assert response.getheader("Content-Type", "").startswith("text/css")
    assert "immutable" in response.getheader("Cache-Control", "")


def test_an_oversize_body_is_refused_before_it_is_sent(server: Server) -> None:
    # given a request that declares 100 MB (four times the default limit) of upload
    head = (
        "POST /api/v1/participants/import/ HTTP/1.1\r\n"
        "Host: kam.example.com\r\n"
        "X-Forwarded-Proto: https\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {100 * 1024 * 1024}\r\n\r\n"
    ).encode()

    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        # when only the headers and the first kilobyte of the body are on the wire
        sock.sendall(head + b"--x\r\n" + b"0" * 1024)
        response = http.client.HTTPResponse(sock)
        response.begin()
        body = response.read()
        # the server then gives up on the connection rather than read the rest
        try:
            leftover = sock.recv(1)
        except ConnectionResetError:
            leftover = b""

    # then it has answered a JSON 413 without waiting for the other 99.99 MB
    assert response.status == 413
    assert "at most 25 MB" in json.loads(body)["detail"]
    assert leftover == b""


def test_a_large_body_under_the_limit_passes_the_wall(server: Server) -> None:
    # 900 kB of JSON is read and parsed by the view (which refuses the bogus login), no 413.
    body = json.dumps({"username": "u" * 900_000, "password": "p"}).encode()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request(
        "POST",
        "/api/v1/auth/token/",
        body=body,
        headers={
            "Host": "kam.example.com",
            "X-Forwarded-Proto": "https",
            "Content-Type": "application/json",
        },
    )
    response = connection.getresponse()
    answer = json.loads(response.read())
    connection.close()

    assert response.status == 400
    assert answer == {"non_field_errors": ["Unable to log in with provided credentials."]}
