"""Production settings pass `manage.py check --deploy` without a warning."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "x7#kP2!vQ9@mZ4$wL8^tR1&yN6*bH3(jF5)dS0_gA-eC+uV=iO~pM" * 2
# What a production host sets besides the key and host names (see the README's deployment guide).
PRODUCTION = {
    "DATABASE_URL": "postgres://kam:secret@db.internal:5432/kam",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/1",
    "EMAIL_URL": "smtp+tls://kam:secret@smtp.example.com:587",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://kam.example.com",
    "SITE_URL": "https://kam.example.com",
    "DJANGO_STATIC_ROOT": "/srv/kam/static",
}


def _environment(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_", "EMAIL_URL"))
    }
    return (
        env
        | {
            "DJANGO_SETTINGS_MODULE": "kamtraining.settings",
            "DJANGO_DEBUG": "0",  # a local .env may say otherwise
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "kam.example.com",
        }
        | extra
    )


@pytest.mark.parametrize("extra", [{}, PRODUCTION], ids=["minimal", "production"])
def test_check_deploy_reports_no_issue(extra: dict[str, str]) -> None:
    # given: the environment a production host sets
    env = _environment(**extra)

    # when
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    # then
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_production_settings_serve_hashed_compressed_static_files_and_stay_strict() -> None:
    program = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'static': s.STORAGES['staticfiles']['BACKEND'], 'static_root': str(s.STATIC_ROOT),"
        "'finders': s.WHITENOISE_USE_FINDERS, 'ssl_redirect': s.SECURE_SSL_REDIRECT,"
        "'exempt': s.SECURE_REDIRECT_EXEMPT, 'secure_cookies': s.SESSION_COOKIE_SECURE,"
        "'hsts': s.SECURE_HSTS_SECONDS, 'debug': s.DEBUG, 'cache': s.CACHES['default']['BACKEND'],"
        "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'db': s.DATABASES['default']['ENGINE']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {program}"],
        cwd=ROOT,
        env=_environment(**PRODUCTION),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

    settings = json.loads(result.stdout)

    assert settings == {
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "static_root": "/srv/kam/static",
        "finders": False,
        "ssl_redirect": True,
        "exempt": [r"^healthz/?$"],
        "secure_cookies": True,
        "hsts": 31536000,
        "debug": False,
        "cache": "django.core.cache.backends.redis.RedisCache",
        "eager": False,
        "db": "django.db.backends.postgresql",
    }


def test_settings_refuse_to_start_without_secret_key_outside_debug() -> None:
    env = _environment()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
