"""Reads of the programme office's scheduling pages: venues, cohorts and their sessions."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from courses.access import TRAINERS_GROUP
from courses.models import Cohort, Module, Room, Session, SessionChange, Venue
from kamtraining.history import HistoryEntry, actor_name, describe_changes
from kamtraining.local_time import aware_to_local


def venues_for_scheduling() -> QuerySet[Venue]:
    """Every venue with its rooms (two queries)."""
    return Venue.objects.prefetch_related("rooms").order_by("name")


def venue_get(*, pk: int) -> Venue | None:
    return Venue.objects.prefetch_related("rooms").filter(pk=pk).first()


def cohorts_for_scheduling() -> QuerySet[Cohort]:
    """Every cohort with its course, venue, trainers and count of scheduled sessions."""
    return (
        Cohort.objects.select_related("course", "venue")
        .prefetch_related("trainers")
        .annotate(
            session_count=Count("sessions", filter=Q(sessions__status=Session.Status.SCHEDULED))
        )
        .order_by("-starts_on", "code")
    )


def cohort_for_scheduling(*, pk: int) -> Cohort | None:
    return (
        Cohort.objects.select_related("course", "venue")
        .prefetch_related("trainers")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class SessionRow:
    """A session with its wall-clock times in the zone it names (its own, as a rule)."""

    session: Session
    starts_local: dt.datetime
    ends_local: dt.datetime
    zone: str

    @property
    def days_later(self) -> int:
        return (self.ends_local.date() - self.starts_local.date()).days


def session_row(*, session: Session, zone: str) -> SessionRow:
    return SessionRow(
        session=session,
        starts_local=aware_to_local(session.starts_at, zone),
        ends_local=aware_to_local(session.ends_at, zone),
        zone=zone,
    )


def sessions_for_scheduling(*, cohort: Cohort) -> list[SessionRow]:
    """The cohort's sessions, cancelled ones too, each in its own zone (two queries): a module
    taught in Shenzhen reads in Shenzhen time beside one in Dubai, each labelled."""
    sessions = (
        cohort.sessions.select_related("module", "room__venue")
        .prefetch_related("trainers")
        .order_by("starts_at", "pk")
    )
    return [session_row(session=s, zone=s.zone_name) for s in sessions]


def session_for_scheduling(*, pk: int) -> Session | None:
    return (
        Session.objects.select_related("cohort__course", "module", "room__venue")
        .prefetch_related("trainers")
        .filter(pk=pk)
        .first()
    )


def trainers_to_choose(*, current: Sequence[int] = ()) -> QuerySet:
    """Active members of the Trainers group, and whoever trains already (kept when saved)."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name=TRAINERS_GROUP, is_active=True) | Q(pk__in=list(current)))
        .order_by("full_name", "email")
        .distinct()
    )


def rooms_to_choose() -> QuerySet[Room]:
    return Room.objects.select_related("venue").order_by("venue__name", "name")


def modules_of_course(*, course_id: int) -> QuerySet[Module]:
    return Module.objects.filter(course_id=course_id).order_by("number")


def session_history(*, session: Session) -> list[HistoryEntry]:
    """Who moved, re-roomed, relinked or cancelled the session, newest first (one query)."""
    changes = (
        SessionChange.objects.filter(session=session).select_related("by").order_by("-at", "-pk")
    )
    return [
        HistoryEntry(
            at=change.at,
            by=actor_name(change.by),
            what=describe_changes(Session, change.changes),
            note=change.note,
        )
        for change in changes
    ]
