"""Checking the rows of an import against each other and the database, and planning the writes."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError
from django.utils.translation import gettext as _

from courses.models import Cohort
from participants.importing.parsing import Row, RowParser
from participants.importing.results import (
    ImportResult,
    RowError,
    RowResult,
    excerpt,
)
from participants.models import Participant, User
from participants.services.enrollment import CLOSED_COHORT_STATUSES, refuse_outside_window
from participants.services.importing.enrolments import _plan_enrolments
from participants.services.importing.write import FIELDS, _lookup_participants, _write


def _plan_and_apply(
    *, rows: list[Row], parser: RowParser, result: ImportResult, by: User | None
) -> ImportResult:
    # Duplicates within the file.
    first_by_number: dict[str, Row] = {}
    first_by_email: dict[str, Row] = {}
    for row in rows:
        number = row.values.get("employee_number")
        if number:
            if number in first_by_number:
                parser.error(
                    row.number,
                    "employee_number",
                    _("Employee number %(value)s is already on row %(row)s.")
                    % {"value": excerpt(number), "row": first_by_number[number].number},
                )
            else:
                first_by_number[number] = row
        email = row.values.get("email")
        if email:
            if email in first_by_email:
                parser.error(
                    row.number,
                    "email",
                    _("Email %(value)s is already on row %(row)s.")
                    % {"value": excerpt(email), "row": first_by_email[email].number},
                )
            else:
                first_by_email[email] = row

    # Everything the rows refer to, in a few queries.
    existing = _lookup_participants(employee_number=list(first_by_number))
    by_email = _owners_by_email(first_by_email, existing)
    refs = {r.manager_ref for r in rows if r.manager_ref}
    ref_numbers = [r for r in refs if "@" not in r and r not in first_by_number]
    ref_emails = [r.lower() for r in refs if "@" in r and r.lower() not in first_by_email]
    managers_by_number = _lookup_participants(employee_number=ref_numbers)
    managers_by_email = _lookup_participants(email=ref_emails)
    codes = {r.cohort_code for r in rows if r.cohort_code}
    cohorts = {c.code: c for c in Cohort.objects.filter(code__in=codes)}

    participants: dict[int, Participant] = {}  # by sheet row number
    for row in rows:
        number = row.values.get("employee_number", "")
        email = row.values.get("email", "")
        current = existing.get(number)
        owner = by_email.get(email)
        if owner is not None and (current is None or owner.pk != current.pk):
            parser.error(
                row.number,
                "email",
                _("%(email)s already belongs to participant %(number)s (%(name)s).")
                % {"email": email, "number": owner.employee_number, "name": owner.name},
            )
        changes: list[str] = []
        values = row.values
        if current is None:
            participant = Participant(
                employee_number=number, **{n: values[n] for n in FIELDS if n in values}
            )
            # An account of the same email is linked when the participant is written
            # (services.accounts), as a new one is created otherwise.
            action = "created"
        else:
            participant = current
            action = "unchanged"
            # An unchanged row compares its cells with the stored values and writes nothing.
            stored = participant.__dict__
            for name in FIELDS:
                if name in values and stored[name] != values[name]:
                    setattr(participant, name, values[name])
                    changes.append(name)
        participants[row.number] = participant
        result.rows.append(
            RowResult(
                row=row.number,
                employee_number=number,
                name=row.values.get("name", ""),
                email=email,
                action=action,
                changes=changes,
                cohort=row.cohort_code,
            )
        )
        # The participant holds the row's values now; its dict is not needed again (at 50,000
        # rows these dicts are a fifth of the import's memory).
        row.values = {}
    row_results = {r.row: r for r in result.rows}

    # Managers: in the file, stored, or (an email only) kept as text.
    manager_rows: dict[int, Row] = {}
    for row in rows:
        ref = row.manager_ref
        if not ref:
            continue
        participant = participants[row.number]
        target: Participant | None = None
        target_row: Row | None = None
        manager_email = ""
        if "@" in ref:
            email = ref.lower()
            target_row = first_by_email.get(email)
            target = managers_by_email.get(email) or by_email.get(email)
            if target_row is None and target is None:
                try:
                    validate_email(email)
                    manager_email = email
                except ValidationError:
                    parser.error(
                        row.number,
                        "manager",
                        _("“%(value)s” is not a valid email address.") % {"value": excerpt(ref)},
                    )
                    continue
        else:
            target_row = first_by_number.get(ref)
            target = managers_by_number.get(ref)
            if target_row is None and target is None:
                parser.error(
                    row.number,
                    "manager",
                    _(
                        "Unknown manager “%(value)s”: no participant has this employee number "
                        "(give an employee number or an email)."
                    )
                    % {"value": excerpt(ref)},
                )
                continue
        if target_row is not None:
            if target_row is row:
                parser.error(row.number, "manager", _("A participant cannot be their own manager."))
                continue
            manager_rows[row.number] = target_row
            target = participants[target_row.number]
        new_id = target.pk if target is not None else None
        if participant.manager_id != new_id or participant.manager_email != manager_email:
            if target is not None and target.pk is None:
                pass  # a new participant: linked once stored
            else:
                participant.manager_id = new_id
            participant.manager_email = manager_email
            result_row = row_results[row.number]
            if result_row.action != "created" and "manager" not in result_row.changes:
                result_row.changes.append("manager")
    _refuse_manager_circles(
        rows=rows, participants=participants, manager_rows=manager_rows, parser=parser
    )

    # Cohorts: known, open, and what each enrolment will give.
    enrol: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        code = row.cohort_code
        if not code:
            continue
        cohort = cohorts.get(code)
        if cohort is None:
            parser.error(
                row.number,
                "cohort",
                _("Unknown cohort “%(value)s”; use a cohort code such as %(example)s.")
                % {
                    "value": excerpt(code),
                    "example": next(
                        iter(Cohort.objects.values_list("code", flat=True)), "kam-2026"
                    ),
                },
            )
        elif cohort.status in CLOSED_COHORT_STATUSES:
            parser.error(
                row.number,
                "cohort",
                _("Cohort %(code)s is %(status)s; nobody can enrol.")
                % {"code": code, "status": cohort.get_status_display().lower()},
            )
        elif cohort.enrolment_state() != "open":
            try:
                refuse_outside_window(cohort)
            except ValidationError as error:
                parser.error(row.number, "cohort", " ".join(error.messages))
        else:
            enrol[code].append(row)
    _plan_enrolments(
        enrol=enrol,
        cohorts=cohorts,
        participants=participants,
        parser=parser,
        row_results=row_results,
    )

    for row_result in result.rows:
        if row_result.action == "unchanged" and row_result.changes:
            row_result.action = "updated"
    result.errors.extend(sorted(parser.errors, key=lambda e: (e.row, e.column)))
    if result.errors or result.dry_run:
        return result
    try:
        _write(
            rows=rows,
            participants=participants,
            manager_rows=manager_rows,
            enrol=enrol,
            cohorts=cohorts,
            row_results=row_results,
            by=by,
        )
    except ValidationError as error:
        # The write is rolled back as a whole; its reason is the service's own message.
        result.errors.append(RowError(row=0, column="", message=" ".join(error.messages)))
        return result
    except IntegrityError:
        # Someone stored a clashing row between the checks and the write.
        result.errors.append(
            RowError(
                row=0,
                column="",
                message=_(
                    "The participants changed while the file was being imported; nothing was "
                    "written. Check the file again."
                ),
            )
        )
        return result
    result.written = True
    return result


def _owners_by_email(
    first_by_email: dict[str, Row], existing: dict[str, Participant]
) -> dict[str, Participant]:
    """The stored participant of each email in the file (emails are unique).

    A row's own participant, found by its employee number, already tells who owns its email
    when the email is unchanged; only the other emails are looked up.
    """
    owners: dict[str, Participant] = {}
    others: list[str] = []
    for email, row in first_by_email.items():
        current = existing.get(row.values.get("employee_number", ""))
        if current is not None and current.email == email:
            owners[email] = current
        else:
            others.append(email)
    owners.update(_lookup_participants(email=others))
    return owners


def _refuse_manager_circles(
    *,
    rows: list[Row],
    participants: dict[int, Participant],
    manager_rows: dict[int, Row],
    parser: RowParser,
) -> None:
    """Nobody may end up above themself in the chain of managers (one query)."""
    if "manager" not in parser.index:
        return  # the file changes no manager

    def node(row_number: int) -> tuple[str, int]:
        pk = participants[row_number].pk
        return ("p", pk) if pk is not None else ("r", row_number)

    above: dict[tuple[str, int], tuple[str, int] | None] = {
        ("p", pk): ("p", manager_id)
        for pk, manager_id in Participant.objects.exclude(manager=None).values_list(
            "pk", "manager_id"
        )
    }
    for row in rows:
        target = manager_rows.get(row.number)
        manager_id = participants[row.number].manager_id
        above[node(row.number)] = (
            node(target.number) if target else ("p", manager_id) if manager_id else None
        )
    for row in rows:
        start = node(row.number)
        seen = {start}
        current = above.get(start)
        while current is not None and current not in seen:
            seen.add(current)
            current = above.get(current)
        if current == start:
            parser.error(
                row.number,
                "manager",
                _("%(number)s would be above themself in the chain of managers.")
                % {"number": participants[row.number].employee_number},
            )
