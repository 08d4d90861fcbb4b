"""Import participants from a CSV or XLSX: preview (dry run), then write all or nothing.

- Upsert by employee number; headers in English or Chinese (participants.importing.columns).
- Every bad cell is reported with its sheet row number, column and a message; one bad row and
  nothing is written.
- An empty cell keeps the stored value (on a new participant: the default), so a sheet with
  fewer columns never wipes data.
- manager: an employee number or an email. A participant (in the file or already stored) is
  linked; an email of someone who is not a participant is kept as the manager's email; an
  employee number nobody has is an error.
- cohort: a cohort code; the participant is enrolled (a free place, else the waitlist, in file
  order) unless already enrolled there. A confirmed place that would clash with another cohort
  the participant is confirmed in is an error.
- Fast: a fixed number of queries per 1,000 rows (lookups in memory, bulk_create/bulk_update).
- A clean preview carries the checked rows as text (`result.table`); committing that table
  runs every check again, so the file itself need not be kept in between.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Cohort
from participants.access import may_manage_people, require
from participants.importing import columns as col
from participants.importing.bulk import bulk_update_values
from participants.importing.parsing import Row, RowParser, chunks
from participants.importing.readers import Table, UnreadableFile, read_sheet
from participants.importing.results import (
    ImportResult,
    ProgressBar,
    RowError,
    RowResult,
    excerpt,
)
from participants.models import Enrollment, Participant, User
from participants.selectors.enrollment import schedule_clashes_for_participants
from participants.services.accounts import accounts_link_or_create
from participants.services.enrollment import CLOSED_COHORT_STATUSES

BATCH = 500
# The profile a row writes; the employee number is the row's key, the manager linked apart.
FIELDS = tuple(name for name in Participant.PROFILE_FIELDS if name != "employee_number")

__all__ = ["ImportResult", "RowError", "RowResult", "Table", "participants_import"]


def _lookup_participants(**filters: list[str]) -> dict[str, Participant]:
    ((name, values),) = filters.items()
    found: dict[str, Participant] = {}
    for chunk in chunks(sorted(set(values))):
        for participant in Participant.objects.filter(**{f"{name}__in": chunk}):
            found[getattr(participant, name)] = participant
    return found


def participants_import(
    *,
    data: bytes | None = None,
    by: User | None,
    dry_run: bool = False,
    progress: ProgressBar | None = None,
    encoding: str = "",
    table: Table | None = None,
) -> ImportResult:
    """Check a participant sheet and, unless `dry_run` or a row is bad, write it all at once.

    The sheet is the uploaded `data` (a CSV read in `encoding` when given) or the `table` of a
    clean preview.
    """
    require(by, may_manage_people)
    result = ImportResult(dry_run=dry_run)
    try:
        if table is not None:
            sheet = table.sheet()
        elif data is not None:
            sheet = read_sheet(data, encoding)
        else:
            raise UnreadableFile(_("The file is empty."))
    except UnreadableFile as error:
        result.errors.append(RowError(row=0, column="", message=str(error)))
        return result
    result.kind, result.encoding = sheet.kind, sheet.encoding
    if sheet.readings:
        result.readings = sheet.readings
        result.warnings.append(
            _(
                "This file reads as UTF-8 and as GB18030, and the two readings differ; it was "
                "read as UTF-8. If the names look wrong, upload it again choosing GB18030."
            )
        )
    index, unused, repeated = col.header_map(sheet.headers)
    for header in unused:
        result.warnings.append(
            _("Column “%(header)s” is not one we know; it was ignored.")
            % {"header": excerpt(header)}
        )
    for header in repeated:
        result.errors.append(
            RowError(row=1, column=excerpt(header), message=_("This column appears twice."))
        )
    missing = [c for c in col.REQUIRED if c not in index]
    for column in missing:
        result.errors.append(
            RowError(
                row=1,
                column=str(col.LABELS[column]),
                message=_("Missing column “%(column)s” (or “%(alias)s”).")
                % {"column": column, "alias": col.COLUMNS[column][1]},
            )
        )
    if missing or repeated:
        return result

    parser = RowParser(sheet.headers, index)
    if progress is not None:
        progress.total = sheet.total
    rows: list[Row] = []
    kept = sorted(index.values())
    cells_kept: list[tuple[int, list[str]]] = []
    try:
        for number, cells in sheet.rows:
            parsed = parser.parse(number, cells)
            if parsed is not None:
                rows.append(parsed)
                cells_kept.append(
                    (number, [col.text(cells[i]) if i < len(cells) else "" for i in kept])
                )
            if progress is not None:
                progress.update(1)
    except UnreadableFile as error:
        result.errors.append(RowError(row=0, column="", message=str(error)))
        return result
    if not rows and not parser.errors:
        parser.errors.append(RowError(row=0, column="", message=_("The file has no rows.")))
    result = _plan_and_apply(rows=rows, parser=parser, result=result, by=by)
    if result.ok and dry_run:
        result.table = Table(
            headers=[sheet.headers[i] for i in kept],
            rows=cells_kept,
            kind=sheet.kind,
            encoding=sheet.encoding,
        )
    return result


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
    by_email = _lookup_participants(email=list(first_by_email))
    refs = {r.manager_ref for r in rows if r.manager_ref}
    ref_numbers = [r for r in refs if "@" not in r and r not in first_by_number]
    ref_emails = [r.lower() for r in refs if "@" in r and r.lower() not in first_by_email]
    managers_by_number = _lookup_participants(employee_number=ref_numbers)
    managers_by_email = _lookup_participants(email=ref_emails)
    codes = {r.cohort_code for r in rows if r.cohort_code}
    cohorts = {c.code: c for c in Cohort.objects.filter(code__in=codes)}
    users = (
        {
            u.email.lower(): u
            for chunk in chunks(list(first_by_email))
            for u in User.objects.filter(email__in=chunk).select_related("participant")
        }
        if first_by_email
        else {}
    )

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
        if current is None:
            participant = Participant(employee_number=number)
            user = users.get(email)
            if user is not None and getattr(user, "participant", None) is None:
                participant.user = user  # the person already has an account: link it
            action = "created"
        else:
            participant = current
            action = "unchanged"
        for name in FIELDS:
            if name in row.values and getattr(participant, name) != row.values[name]:
                setattr(participant, name, row.values[name])
                if current is not None:
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


def _plan_enrolments(
    *,
    enrol: dict[str, list[Row]],
    cohorts: dict[str, Cohort],
    participants: dict[int, Participant],
    parser: RowParser,
    row_results: dict[int, RowResult],
) -> None:
    if not enrol:
        return
    stored_ids = [p.pk for p in participants.values() if p.pk is not None]
    enrolled: dict[tuple[int, int], str] = {}
    for chunk in chunks(stored_ids):
        for participant_id, cohort_id, status in Enrollment.objects.filter(
            participant_id__in=chunk, cohort__in=[cohorts[c] for c in enrol]
        ).values_list("participant_id", "cohort_id", "status"):
            enrolled[(participant_id, cohort_id)] = status
    for code, code_rows in enrol.items():
        cohort = cohorts[code]
        taken = Enrollment.objects.filter(cohort=cohort, status__in=Enrollment.HOLDS_PLACE).count()
        free = max(cohort.capacity - taken, 0)
        confirmed_rows: list[Row] = []
        for row in code_rows:
            participant = participants[row.number]
            status = enrolled.get((participant.pk, cohort.pk), "") if participant.pk else ""
            if status:
                # Enrolled already, or cancelled on purpose: an import does not undo that.
                row_results[row.number].enrolment = (
                    "cancelled earlier"
                    if status == Enrollment.Status.CANCELLED
                    else "already enrolled"
                )
                continue
            if free > 0:
                free -= 1
                row_results[row.number].enrolment = "confirmed"
                confirmed_rows.append(row)
            else:
                row_results[row.number].enrolment = "waitlisted"
        stored = [participants[r.number].pk for r in confirmed_rows if participants[r.number].pk]
        clashes = schedule_clashes_for_participants(cohort=cohort, participant_ids=stored)
        for row in confirmed_rows:
            found = clashes.get(participants[row.number].pk or 0)
            if found:
                clash = found[0]
                parser.error(
                    row.number,
                    "cohort",
                    _("A place in %(code)s would clash with “%(session)s” of %(other)s (%(when)s).")
                    % {
                        "code": code,
                        "session": clash.other_session,
                        "other": clash.other_session.cohort,
                        "when": clash.when,
                    },
                )


@transaction.atomic
def _write(
    *,
    rows: list[Row],
    participants: dict[int, Participant],
    manager_rows: dict[int, Row],
    enrol: dict[str, list[Row]],
    cohorts: dict[str, Cohort],
    row_results: dict[int, RowResult],
    by: User | None,
) -> None:
    from participants.services.enrollment import enrollments_create_bulk

    now = timezone.now()
    created = [r for r in rows if row_results[r.number].action == "created"]
    for row in created:
        participants[row.number].created_at = now
        participants[row.number].updated_at = now
    # New participants whose manager is new too are stored after their manager (a level at a
    # time), so their link is written with them and nothing needs updating afterwards.
    pending = {r.number for r in created}
    while pending:
        level = [
            r
            for r in created
            if r.number in pending
            and (r.number not in manager_rows or manager_rows[r.number].number not in pending)
        ] or [r for r in created if r.number in pending]  # a cycle: link them afterwards
        for row in level:
            target = manager_rows.get(row.number)
            if target is not None and participants[target.number].pk is not None:
                participants[row.number].manager_id = participants[target.number].pk
        objs = [participants[r.number] for r in level]
        Participant.objects.bulk_create(objs, batch_size=BATCH)
        if any(p.pk is None for p in objs):  # a backend that returns no ids
            stored = _lookup_participants(employee_number=[p.employee_number for p in objs])
            for participant in objs:
                participant.pk = stored[participant.employee_number].pk
        pending -= {r.number for r in level}
    changed = {
        r.number: participants[r.number] for r in rows if row_results[r.number].action == "updated"
    }
    for number, target_row in manager_rows.items():
        manager_id = participants[target_row.number].pk
        if participants[number].manager_id != manager_id:
            participants[number].manager_id = manager_id
            changed[number] = participants[number]
            if row_results[number].action == "unchanged":
                row_results[number].action = "updated"
                row_results[number].changes.append("manager")
    for participant in changed.values():
        participant.updated_at = now
    bulk_update_values(list(changed.values()), [*FIELDS, "manager", "manager_email", "updated_at"])
    # Everyone imported gets an account to be invited to (services.accounts).
    accounts_link_or_create(participants=[participants[r.number] for r in rows], by=by)
    for code, code_rows in enrol.items():
        wanted = [
            participants[r.number]
            for r in code_rows
            if row_results[r.number].enrolment in ("confirmed", "waitlisted")
        ]
        if wanted:
            enrollments_create_bulk(
                cohort=cohorts[code],
                participants=wanted,
                by=by,
                reason=_("Enrolled by import."),
            )
