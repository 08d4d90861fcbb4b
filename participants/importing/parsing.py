"""Reading one sheet row: each cell checked and turned into a participant's field value."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext as _

from courses.models import Cohort
from kamtraining.i18n import time_zone_names
from participants.importing import columns as col
from participants.importing.results import RowError, excerpt
from participants.models import Participant

# SQLite allows 999 host parameters in old builds; stay under it in IN (...) lookups.
CHUNK = 900


def _max_length(model: Any, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


def _is_free_text(model: Any, name: str) -> bool:
    # A choice or a yes/no is checked against its choices instead of a length.
    field = model._meta.get_field(name)
    return isinstance(field, models.CharField) and not field.choices


# Each column's limit is its model field's, so that a row the preview accepts is one the
# database stores. A manager is an employee number or an email: the longer of the two.
MAX_LENGTHS = {
    **{
        name: _max_length(Participant, name)
        for name in Participant.PROFILE_FIELDS
        if _is_free_text(Participant, name)
    },
    "manager": max(
        _max_length(Participant, "employee_number"), _max_length(Participant, "manager_email")
    ),
    "cohort": _max_length(Cohort, "code"),
}
# NUL and the other control characters: PostgreSQL refuses NUL outright, and none belongs in
# a name, an address or a code (a line break inside a cell included).
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(slots=True)
class Row:
    number: int
    values: dict[str, Any]  # canonical column → parsed value (only non-empty cells)
    manager_ref: str = ""
    cohort_code: str = ""


def chunks(items: Iterable[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class RowParser:
    def __init__(self, headers: list[str], index: dict[str, int]) -> None:
        self.headers = headers
        self.index = index
        self.zones = time_zone_names()
        self.zones_folded = {z.lower(): z for z in self.zones}
        self.errors: list[RowError] = []
        # A sheet repeats a few positions and languages: each spelling is normalised once.
        self.positions: dict[str, str | None] = {}
        self.languages: dict[str, str | None] = {}

    def header(self, column: str) -> str:
        return self.headers[self.index[column]]

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row=row, column=self.header(column), message=message))

    def parse(self, number: int, cells: list[Any]) -> Row | None:
        raw = {
            column: col.text(cells[i]) if i < len(cells) else "" for column, i in self.index.items()
        }
        if not any(raw.values()):
            return None  # a blank line
        row = Row(number=number, values={})
        for column in col.REQUIRED:
            if not raw[column]:
                self.error(
                    number, column, _("%(column)s is required.") % {"column": col.LABELS[column]}
                )
        # A cell refused here is left out of the row: nothing downstream (a lookup, a
        # message) sees a value the database would refuse.
        controls = CONTROL.search(" ".join(raw.values())) is not None
        for column, value in list(raw.items()):
            limit = MAX_LENGTHS.get(column)
            if limit is not None and len(value) > limit:
                self.error(
                    number,
                    column,
                    _("Too long: at most %(limit)s characters, not %(length)s.")
                    % {"limit": limit, "length": len(value)},
                )
                raw[column] = ""
            elif controls and CONTROL.search(value):
                self.error(
                    number,
                    column,
                    _(
                        "“%(value)s” contains a control character (such as NUL or a line "
                        "break); remove it."
                    )
                    % {"value": excerpt(CONTROL.sub("\ufffd", value))},
                )
                raw[column] = ""
        for column in ("employee_number", "name", "name_en", "region", "country", "org_unit"):
            if raw.get(column):
                row.values[column] = raw[column]
        if raw["email"]:
            email = raw["email"].lower()
            try:
                validate_email(email)
                row.values["email"] = email
            except ValidationError:
                self.error(
                    number,
                    "email",
                    _("“%(value)s” is not a valid email address.")
                    % {"value": excerpt(raw["email"])},
                )
        if raw.get("position"):
            spelling = raw["position"]
            if spelling not in self.positions:
                self.positions[spelling] = col.POSITIONS.get(col.normalise(spelling))
            code = self.positions[spelling]
            if code is None:
                self.error(
                    number,
                    "position",
                    _("Unknown position “%(value)s”; use one of: %(choices)s.")
                    % {
                        "value": excerpt(raw["position"]),
                        "choices": ", ".join(Participant.Position.values),
                    },
                )
            else:
                row.values["position"] = code
        if raw.get("is_incumbent"):
            flag = raw["is_incumbent"].strip().lower()
            if flag in col.TRUE:
                row.values["is_incumbent"] = True
            elif flag in col.FALSE:
                row.values["is_incumbent"] = False
            else:
                self.error(
                    number,
                    "is_incumbent",
                    _("“%(value)s” is not yes or no (use 1/0, yes/no or 是/否).")
                    % {"value": excerpt(raw["is_incumbent"])},
                )
        if raw.get("time_zone"):
            zone = raw["time_zone"]
            zone = zone if zone in self.zones else self.zones_folded.get(zone.lower(), "")
            if zone:
                row.values["time_zone"] = zone
            else:
                self.error(
                    number,
                    "time_zone",
                    _("Unknown time zone “%(value)s”; use an IANA name such as Asia/Dubai.")
                    % {"value": excerpt(raw["time_zone"])},
                )
        if raw.get("language"):
            spelling = raw["language"]
            if spelling not in self.languages:
                self.languages[spelling] = col.LANGUAGES.get(col.normalise(spelling))
            language = self.languages[spelling]
            if language is None:
                self.error(
                    number,
                    "language",
                    _("Unknown language “%(value)s”; use en or zh-hans.")
                    % {"value": excerpt(raw["language"])},
                )
            else:
                row.values["language"] = language
        row.manager_ref = raw.get("manager", "")
        row.cohort_code = raw.get("cohort", "")
        return row
