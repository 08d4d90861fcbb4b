"""Copying a cohort: the common way to schedule the next intake of a course."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from courses.access import Actor, may_manage_cohort, require
from courses.models import Cohort, Session
from courses.services.catalogue import cohort_create
from courses.services.scheduling import session_create
from kamtraining.local_time import aware_to_local, local_to_aware


def _moved(instant: dt.datetime, *, days: dt.timedelta, zone: str) -> dt.datetime:
    # Whole days on the wall clock, not 24-hour steps: 09:00 in October stays 09:00 in April
    # although London's offset changed in between.
    return local_to_aware(aware_to_local(instant, zone) + days, zone)


def _shifted(instant: dt.datetime | None, *, days: dt.timedelta, zone: str) -> dt.datetime | None:
    return None if instant is None else _moved(instant, days=days, zone=zone)


@transaction.atomic
def cohort_copy(
    *,
    cohort: Cohort,
    code: str,
    starts_on: dt.date,
    name: str = "",
    by: Actor,
) -> Cohort:
    """Copy a cohort to new dates: its sessions at the same local times, its trainers and rooms.

    Each session moves by the whole days between the two first days and keeps its wall-clock
    time in the cohort's zone. Enrolments stay behind; cancelled sessions are not copied. The
    copy is a draft. A copied session that would clash with another booking is refused, not
    overridden: every clash is listed and nothing is saved.
    """
    require(by, may_manage_cohort, cohort)
    source = Cohort.objects.prefetch_related("trainers").get(pk=cohort.pk)
    days = starts_on - source.starts_on
    zone = source.time_zone
    try:
        opens_at = _shifted(source.enrolment_opens_at, days=days, zone=zone)
        closes_at = _shifted(source.enrolment_closes_at, days=days, zone=zone)
    except ValidationError as error:
        raise ValidationError(
            {
                "starts_on": _("The enrolment window: %(error)s")
                % {"error": " ".join(error.messages)}
            }
        ) from error
    copy = cohort_create(
        by=by,
        course=source.course,
        code=code,
        name=name.strip() or code,
        starts_on=starts_on,
        ends_on=source.ends_on + days,
        time_zone=zone,
        venue=source.venue,
        capacity=source.capacity,
        status=Cohort.Status.DRAFT,
        trainers=list(source.trainers.all()),
        enrolment_opens_at=opens_at,
        enrolment_closes_at=closes_at,
        completion_threshold=source.completion_threshold,
    )
    sessions = (
        source.sessions.filter(status=Session.Status.SCHEDULED)
        .select_related("module", "room")
        .prefetch_related("trainers")
        .order_by("starts_at", "pk")
    )
    problems: list[str] = []
    for session in sessions:
        try:
            session_create(
                cohort=copy,
                title=session.title,
                title_en=session.title_en,
                starts_at=_moved(session.starts_at, days=days, zone=zone),
                ends_at=_moved(session.ends_at, days=days, zone=zone),
                module=session.module,
                room=session.room,
                online_url=session.online_url,
                trainers=list(session.trainers.all()),
                by=by,
            )
        except ValidationError as error:
            problems.append(
                _("“%(session)s”: %(error)s")
                % {"session": session, "error": " ".join(error.messages)}
            )
    if problems:
        # Raising undoes the whole copy: HR fixes the clashes (or the date) and copies again.
        raise ValidationError(problems, code="copy_conflict")
    return copy
