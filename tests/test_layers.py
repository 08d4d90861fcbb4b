"""The apps depend one way: programme, certificates, evaluations, practice, assessments,
participants, courses.

Module imports are import-linter's to check (its contracts are in pyproject.toml,
`[tool.importlinter]`, and `make lint` runs them); this file runs the same contracts inside the
suite and adds what import-linter cannot see: templates. A template under `templates/<app>/`
(or `templates/admin/<app>/`) may `{% load %}` only its own or a lower app's tag libraries, and
may `{% include %}`/`{% extends %}` only its own or a lower app's templates.
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "courses",
    "participants",
    "assessments",
    "practice",
    "evaluations",
    "certificates",
    "programme",
)  # lowest first

# The template violations the code has today, as (template, imported). This set only shrinks:
# fix a violation and delete its line here; never add one (fix the template instead).
KNOWN_VIOLATIONS: frozenset[tuple[str, str]] = frozenset()


def test_import_contracts_hold() -> None:
    """import-linter's contracts, run as `make lint` runs them."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


LOAD = re.compile(r"{%\s*load\s+(.+?)\s*%}")
TEMPLATE_REFERENCE = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def template_owner(relative: Path) -> str | None:
    """The app whose layer a template belongs to: templates/<app>/… or templates/admin/<app>/…"""
    parts = relative.parts
    if parts and parts[0] == "admin":
        parts = parts[1:]
    return parts[0] if len(parts) > 1 and parts[0] in APPS else None


def template_violations(templates: Path = ROOT / "templates") -> set[tuple[str, str]]:
    libraries = {
        path.stem: f"{app}.templatetags.{path.stem}"
        for app in APPS
        for path in (ROOT / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }
    found = set()
    for path in sorted(templates.rglob("*")):
        if not path.is_file() or path.suffix not in {".html", ".txt", ".xml", ".ics"}:
            continue
        relative = path.relative_to(templates)
        owner = template_owner(relative)
        if owner is None:
            continue  # project-level templates (base, errors, registration) sit on top
        own = APPS.index(owner)
        text = path.read_text()
        targets = [
            libraries[name]
            for names in LOAD.findall(text)
            for name in names.split()
            if name in libraries
        ]
        targets += [name.split("/")[0] for name in TEMPLATE_REFERENCE.findall(text) if "/" in name]
        for target in targets:
            top = target.split(".")[0]
            if top in APPS and APPS.index(top) > own:
                found.add((f"templates/{relative.as_posix()}", target))
    return found


def test_no_new_template_violations() -> None:
    """The known violations, no more and no fewer: fixing one means deleting it from the set."""
    found = template_violations()
    assert found - KNOWN_VIOLATIONS == set(), "new template loads against the layers"
    assert KNOWN_VIOLATIONS - found == set(), "fixed: delete these from KNOWN_VIOLATIONS"


def test_checker_finds_upward_template_loads(tmp_path: Path) -> None:
    (tmp_path / "courses").mkdir()
    (tmp_path / "courses" / "page.html").write_text(
        '{% extends "base.html" %}{% load i18n bilingual campaigns %}'
        '{% include "participants/includes/session_time.html" %}'
        '{% include "courses/part.html" %}'
    )
    (tmp_path / "admin" / "assessments").mkdir(parents=True)
    (tmp_path / "admin" / "assessments" / "page.html").write_text("{% load report_tags %}")
    (tmp_path / "base.html").write_text("{% load campaigns %}")
    assert template_violations(tmp_path) == {
        ("templates/courses/page.html", "programme.templatetags.campaigns"),
        ("templates/courses/page.html", "participants"),
    }
