"""Looking participants up and writing a checked import in bulk: fixed queries per batch."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Cohort
from participants.importing.bulk import bulk_insert_values, bulk_update_values
from participants.importing.parsing import Row, chunks
from participants.importing.results import (
    RowResult,
)
from participants.models import Participant, User
from participants.services.accounts import accounts_assign_unsaved, accounts_link_or_create

BATCH = 500


# The profile a row writes; the employee number is the row's key, the manager linked apart.
FIELDS = tuple(name for name in Participant.PROFILE_FIELDS if name != "employee_number")


def _lookup_participants(**filters: list[str]) -> dict[str, Participant]:
    ((name, values),) = filters.items()
    found: dict[str, Participant] = {}
    for chunk in chunks(sorted(set(values))):
        for participant in Participant.objects.filter(**{f"{name}__in": chunk}):
            found[getattr(participant, name)] = participant
    return found


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
    # New participants are inserted with their accounts; stored ones are linked below.
    accounts_assign_unsaved(participants=[participants[r.number] for r in created], by=by)
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
        bulk_insert_values(objs, batch_size=BATCH)
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
