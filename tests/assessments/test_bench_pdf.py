"""bench/pdf.py still runs (on a tiny cohort) and prints its ratios."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.usefixtures("needs_weasyprint")
def test_bench_pdf_runs_and_prints_ratios() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kamtraining.settings"}
    env.pop("DATABASE_URL", None)  # its own SQLite database in memory
    completed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "pdf.py"), "--participants", "4", "--runs", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    for line in ("stored download (GET, current file)", "now: kept, and the charts as SVG"):
        assert line in completed.stdout
    assert "× the 0.5 s target" in completed.stdout
