"""The enrolments an import asks for: free places in file order, else the waitlist."""

from django.utils.translation import gettext as _

from courses.models import Cohort
from participants.importing.parsing import Row, RowParser, chunks
from participants.importing.results import (
    RowResult,
)
from participants.models import Enrollment, Participant
from participants.selectors.enrollment import schedule_clashes_for_participants


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
