"""Double bookings: a trainer or a room in two sessions whose [start, end) ranges overlap."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from courses.models import Cohort, Session


def clash_when(session: Session) -> str:
    """When the clashing session runs, in its own zone: "2027-03-02 09:00–11:00 Asia/…"."""
    zone = session.zone
    start = session.starts_at.astimezone(zone)
    end = session.ends_at.astimezone(zone)
    return f"{formats.date_format(start, 'Y-m-d H:i')}–{formats.date_format(end, 'H:i')} {zone.key}"


@dataclass(frozen=True)
class Clash:
    """One reason a session cannot take its slot: who or what is booked, and where."""

    kind: str  # "trainer", "room" or "participant"
    session: Session
    what: str  # the trainer's name or the room's

    @property
    def message(self) -> str:
        other = self.session
        params = {
            "what": self.what,
            "session": other,
            "cohort": other.cohort,
            "when": clash_when(other),
        }
        if self.kind == "trainer":
            return _("%(what)s already teaches “%(session)s” (%(cohort)s) at %(when)s.") % params
        if self.kind == "participant":
            return (
                _(
                    "%(what)s, a confirmed participant, is also booked on “%(session)s” "
                    "(%(cohort)s) at %(when)s."
                )
                % params
            )
        return _("%(what)s is already booked for “%(session)s” (%(cohort)s) at %(when)s.") % params


def _overlapping(
    *, starts_at: dt.datetime, ends_at: dt.datetime, exclude_pk: int | None
) -> QuerySet[Session]:
    # Half-open ranges: a session ending at 12:00 does not clash with one starting at 12:00.
    qs = Session.objects.filter(
        status=Session.Status.SCHEDULED, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs


def clashes_for_slot(
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    trainer_ids: Sequence[int],
    room_id: int | None,
    exclude_pk: int | None = None,
) -> list[Clash]:
    """Every trainer and room clash a session in this slot would have."""
    if not trainer_ids and room_id is None:
        return []
    clash_filter = Q()
    if trainer_ids:
        clash_filter |= Q(trainers__in=trainer_ids)
    if room_id is not None:
        clash_filter |= Q(room_id=room_id)
    others = (
        _overlapping(starts_at=starts_at, ends_at=ends_at, exclude_pk=exclude_pk)
        .filter(clash_filter)
        .distinct()
        .select_related("cohort", "room__venue")
        .prefetch_related("trainers")
        .order_by("starts_at", "pk")
    )
    clashes: list[Clash] = []
    wanted = set(trainer_ids)
    for other in others:
        for trainer in other.trainers.all():
            if trainer.pk in wanted:
                clashes.append(Clash(kind="trainer", session=other, what=str(trainer)))
        if room_id is not None and other.room_id == room_id and other.room is not None:
            clashes.append(Clash(kind="room", session=other, what=str(other.room)))
    return clashes


@dataclass(frozen=True)
class CohortConflict:
    session: Session
    clash: Clash


def conflicts_for_cohort(*, cohort: Cohort) -> list[CohortConflict]:
    """Every clash of the cohort's scheduled sessions with any other session (constant queries)."""
    sessions = list(
        cohort.sessions.filter(status=Session.Status.SCHEDULED)
        .select_related("room__venue")
        .prefetch_related("trainers")
    )
    if not sessions:
        return []
    earliest = min(s.starts_at for s in sessions)
    latest = max(s.ends_at for s in sessions)
    candidates = list(
        _overlapping(starts_at=earliest, ends_at=latest, exclude_pk=None)
        .select_related("cohort", "room__venue")
        .prefetch_related("trainers")
        .order_by("starts_at", "pk")
    )
    result: list[CohortConflict] = []
    for session in sessions:
        trainer_ids = {t.pk for t in session.trainers.all()}
        for other in candidates:
            if other.pk == session.pk:
                continue
            if not (other.starts_at < session.ends_at and other.ends_at > session.starts_at):
                continue
            for trainer in other.trainers.all():
                if trainer.pk in trainer_ids:
                    clash = Clash(kind="trainer", session=other, what=str(trainer))
                    result.append(CohortConflict(session=session, clash=clash))
            if session.room_id is not None and other.room_id == session.room_id:
                clash = Clash(kind="room", session=other, what=str(other.room))
                result.append(CohortConflict(session=session, clash=clash))
    return result
