"""bench/report.py still runs (on a tiny cohort): PostgreSQL only, as the benchmark itself."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgres
def test_bench_report_runs_and_prints_ratios() -> None:
    database = settings.DATABASES["default"]
    url = (
        f"postgres://{database['USER']}:{database.get('PASSWORD') or ''}@"
        f"{database.get('HOST') or '127.0.0.1'}:{database.get('PORT') or 5432}/{database['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "kamtraining.settings"}
    completed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "report.py"), "--participants", "4", "--runs", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "report_for (one participant)" in completed.stdout
    assert "target ≤ 3× each" in completed.stdout
