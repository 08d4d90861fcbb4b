"""Production settings pass `manage.py check --deploy` without a warning."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_reports_no_issue() -> None:
    # given: the environment a production host sets
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "kamtraining.settings",
        "DJANGO_DEBUG": "0",  # a local .env may say otherwise
        "DJANGO_SECRET_KEY": "x7#kP2!vQ9@mZ4$wL8^tR1&yN6*bH3(jF5)dS0_gA-eC+uV=iO~pM" * 2,
        "DJANGO_ALLOWED_HOSTS": "kam.example.com",
    }

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


def test_settings_refuse_to_start_without_secret_key_outside_debug() -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "kamtraining.settings"
    env["DJANGO_DEBUG"] = "0"  # a local .env may say otherwise
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
