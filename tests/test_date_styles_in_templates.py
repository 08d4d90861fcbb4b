"""Every date a page shows uses a named format or a filter of courses/templatetags/dates.py, so
each language has one date style (kamtraining/formats/); only machine-readable ids and
`datetime` attributes spell a format out."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
NAMED = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "l",  # the weekday's name alone
}
# Machine-readable, in ids and `datetime` attributes: no words, the same in every language.
MACHINE_FORMATS = {"c", "Y-m-d", "Ymd", "U"}
DATE_FILTER = re.compile(r"""\|date:["']([^"']*)["']""")


def page_templates() -> list[pathlib.Path]:
    found = list((ROOT / "templates").rglob("*.html"))
    found += [p for p in ROOT.glob("*/templates/**/*.html") if ".venv" not in p.parts]
    return found


def test_pages_use_only_named_date_formats() -> None:
    offenders = []
    for path in page_templates():
        text = path.read_text(encoding="utf-8")
        for match in DATE_FILTER.finditer(text):
            if match.group(1) not in NAMED | MACHINE_FORMATS:
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert offenders == [], "use a named format or a dates filter:\n" + "\n".join(offenders)


# A deadline or closing time is a moment: it is shown in the viewer's zone and names it, in a
# {{ }} or as a {% blocktranslate with name=… %} value alike (a bare date of it could be another
# day where the viewer is). Date-only deadlines (a due day, `due_on`) carry no zone.
DEADLINE_AS_BARE_TIME = re.compile(
    r"""(?:\{\{\s*|=)[\w.]*(?:closes_at|deadline|due_at|opens_at)\w*\|date:["']"""
    r"""(?:SHORT_DATETIME_FORMAT|DATETIME_FORMAT|TIME_FORMAT|DATE_FORMAT|SHORT_DATE_FORMAT)["']"""
)


def test_deadline_times_name_their_zone() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in page_templates()
        for match in DEADLINE_AS_BARE_TIME.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "show deadlines with |zoned:\n" + "\n".join(offenders)
