"""The pre-commit hooks check with the same ruff the project installs."""

import re
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_precommit_ruff_is_the_installed_ruff() -> None:
    config = (ROOT / ".pre-commit-config.yaml").read_text()
    match = re.search(r"ruff-pre-commit\s+rev:\s*v?(\S+)", config)
    assert match, "the ruff hook has no rev"
    assert match.group(1) == version("ruff")


def test_precommit_runs_mypy_and_the_migrations_check() -> None:
    config = (ROOT / ".pre-commit-config.yaml").read_text()
    assert ".venv/bin/mypy" in config
    assert "makemigrations --check --dry-run" in config
