"""Settings come from the environment; a local .env only when asked for.

Each case starts a fresh Python process, since settings are read once per process, on a copy
of the settings module in a scratch checkout: its `.env` sits where `make setup` writes one,
and the real checkout is never written to.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kamtraining.settings import BASE_DIR

SHOW = (
    "DEBUG",
    "CLIENT_IP_META_KEY",
    "RATER_RATE_LIMIT_PER_IP",
    "RATER_RATE_LIMIT_PER_TOKEN",
    "LOGIN_RATE_LIMIT_PER_ACCOUNT",
    "LOGIN_RATE_LIMIT_PER_IP",
    "LOGIN_RATE_LIMIT_WINDOW_MINUTES",
    "API_TOKEN_TTL_HOURS",
)
PROGRAM = (
    "import json; from django.conf import settings; "
    f"print(json.dumps({{name: getattr(settings, name) for name in {SHOW!r}}}))"
)
DATABASE_PROGRAM = (
    "import json; from django.conf import settings; database = settings.DATABASES['default']; "
    "print(json.dumps({name: database[name] for name in ('CONN_MAX_AGE', 'CONN_HEALTH_CHECKS')}))"
)
# Whatever this process was started with must not leak into the one under test.
CLEARED = (
    *SHOW,
    "DJANGO_DEBUG",
    "DJANGO_READ_DOT_ENV_FILE",
    "DJANGO_DOT_ENV_FILE",
    "RATER_CLIENT_IP_META_KEY",
    "CONN_MAX_AGE",
    "CONN_HEALTH_CHECKS",
)


def settings_with(checkout: Path, *, program: str = PROGRAM, **environ: str) -> dict[str, object]:
    """The settings a new process started in the checkout reads from this environment."""
    env = {key: value for key, value in os.environ.items() if key not in CLEARED}
    env.update(
        DJANGO_SETTINGS_MODULE="kamtraining.settings",
        DJANGO_SECRET_KEY="settings-test-not-a-secret",
        **environ,
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A checkout holding just the settings module (it imports nothing of the project)."""
    package = tmp_path / "kamtraining"
    package.mkdir()
    (package / "__init__.py").write_text("")
    shutil.copy(BASE_DIR / "kamtraining" / "settings.py", package / "settings.py")
    return tmp_path


@pytest.fixture
def dot_env(checkout: Path) -> Path:
    """The checkout's .env, as `make setup` leaves it (plus a setting to see it read)."""
    path = checkout / ".env"
    path.write_text("DJANGO_DEBUG=1\nRATER_RATE_LIMIT_PER_IP=5\n")
    return path


def test_a_dot_env_file_is_ignored_unless_asked_for(checkout: Path, dot_env: Path) -> None:
    # when: a process starts in a checkout whose .env turns DEBUG on, without being asked
    found = settings_with(checkout)

    # then: production defaults
    assert found["DEBUG"] is False
    assert found["RATER_RATE_LIMIT_PER_IP"] == 60


def test_a_dot_env_file_is_read_when_asked_for(checkout: Path, dot_env: Path) -> None:
    found = settings_with(checkout, DJANGO_READ_DOT_ENV_FILE="1")

    assert found["DEBUG"] is True
    assert found["RATER_RATE_LIMIT_PER_IP"] == 5


def test_another_dot_env_file_can_be_named(checkout: Path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "local.env"
    elsewhere.write_text("DJANGO_DEBUG=1\nRATER_RATE_LIMIT_PER_IP=5\n")

    found = settings_with(
        checkout, DJANGO_READ_DOT_ENV_FILE="1", DJANGO_DOT_ENV_FILE=str(elsewhere)
    )

    assert found["DEBUG"] is True
    assert found["RATER_RATE_LIMIT_PER_IP"] == 5


def test_the_environment_wins_over_the_dot_env_file(checkout: Path, dot_env: Path) -> None:
    found = settings_with(checkout, DJANGO_READ_DOT_ENV_FILE="1", DJANGO_DEBUG="0")

    assert found["DEBUG"] is False


def test_rate_limits_proxy_and_token_lifetime_are_read_from_the_environment(
    checkout: Path,
) -> None:
    found = settings_with(
        checkout,
        RATER_RATE_LIMIT_PER_IP="7",
        RATER_RATE_LIMIT_PER_TOKEN="8",
        LOGIN_RATE_LIMIT_PER_ACCOUNT="4",
        LOGIN_RATE_LIMIT_PER_IP="9",
        LOGIN_RATE_LIMIT_WINDOW_MINUTES="30",
        API_TOKEN_TTL_HOURS="48",
        CLIENT_IP_META_KEY="HTTP_X_REAL_IP",
    )

    assert found == {
        "DEBUG": False,
        "CLIENT_IP_META_KEY": "HTTP_X_REAL_IP",
        "RATER_RATE_LIMIT_PER_IP": 7,
        "RATER_RATE_LIMIT_PER_TOKEN": 8,
        "LOGIN_RATE_LIMIT_PER_ACCOUNT": 4,
        "LOGIN_RATE_LIMIT_PER_IP": 9,
        "LOGIN_RATE_LIMIT_WINDOW_MINUTES": 30,
        "API_TOKEN_TTL_HOURS": 48,
    }


def test_defaults_without_any_setting(checkout: Path) -> None:
    found = settings_with(checkout)

    assert found["CLIENT_IP_META_KEY"] == "REMOTE_ADDR"
    assert found["RATER_RATE_LIMIT_PER_IP"] == 60
    assert found["RATER_RATE_LIMIT_PER_TOKEN"] == 60
    assert found["LOGIN_RATE_LIMIT_PER_ACCOUNT"] == 10
    assert found["LOGIN_RATE_LIMIT_PER_IP"] == 30
    assert found["LOGIN_RATE_LIMIT_WINDOW_MINUTES"] == 15
    assert found["API_TOKEN_TTL_HOURS"] == 720


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"RATER_CLIENT_IP_META_KEY": "HTTP_X_FORWARDED_FOR"}, "HTTP_X_FORWARDED_FOR"),
        ({"CLIENT_IP_META_KEY": "X-Forwarded-For"}, "HTTP_X_FORWARDED_FOR"),
        (
            {"CLIENT_IP_META_KEY": "HTTP_X_REAL_IP", "RATER_CLIENT_IP_META_KEY": "X-Other"},
            "HTTP_X_REAL_IP",
        ),
    ],
)
def test_the_proxy_header_setting_and_its_older_rater_name(
    checkout: Path, environ: dict[str, str], expected: str
) -> None:
    assert settings_with(checkout, **environ)["CLIENT_IP_META_KEY"] == expected


def test_database_connections_persist_by_default(checkout: Path) -> None:
    # when: nothing about connections is set
    found = settings_with(checkout, program=DATABASE_PROGRAM)

    # then: a connection is reused for a minute, and checked before it is
    assert found == {"CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}


def test_database_connection_lifetime_is_read_from_the_environment(checkout: Path) -> None:
    found = settings_with(
        checkout, program=DATABASE_PROGRAM, CONN_MAX_AGE="0", CONN_HEALTH_CHECKS="0"
    )

    assert found == {"CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False}
