"""Whose sessions a calendar holds: a person's feed, a cohort's attachment; and the other way
round, whose calendars hold a session (who hears when it changes)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from courses.models import Session
from participants.account_emails import language_of
from participants.models import Enrollment, User


def _with_relations(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.select_related("cohort__course", "cohort__venue", "module", "room__venue").order_by(
        "starts_at", "pk"
    )


def sessions_for_feed(*, user: User) -> QuerySet[Session]:
    """A person's sessions: of their confirmed or completed enrolments, and those they teach."""
    mine = Q(trainers=user) | Q(
        cohort__enrollments__participant__user=user,
        cohort__enrollments__status__in=Enrollment.ATTENDING,
    )
    # A subquery of ids keeps the joins from duplicating rows.
    ids = Session.objects.filter(mine).values("pk")
    return _with_relations(Session.objects.filter(pk__in=ids))


def sessions_for_cohort(*, cohort_id: int) -> QuerySet[Session]:
    return _with_relations(Session.objects.filter(cohort_id=cohort_id))


@dataclass(frozen=True)
class NoticeRecipient:
    """Someone whose calendar holds a session: where to write, in which language and zone."""

    name: str
    email: str
    language: str
    time_zone: str


def session_notice_recipients(*, session: Session) -> list[NoticeRecipient]:
    """Who holds the session in their calendar: its cohort's confirmed participants and its
    trainers, once each (by address), in two queries."""
    enrollments = (
        Enrollment.objects.filter(cohort_id=session.cohort_id, status__in=Enrollment.ATTENDING)
        .exclude(participant__email="")
        .select_related("participant__user")
        .order_by("participant__name", "pk")
    )
    found: dict[str, NoticeRecipient] = {}
    for enrollment in enrollments:
        participant = enrollment.participant
        found.setdefault(
            participant.email.lower(),
            NoticeRecipient(
                name=str(participant),
                email=participant.email,
                language=language_of(participant=participant, user=participant.user),
                time_zone=participant.time_zone,
            ),
        )
    trainers = (
        User.objects.filter(trained_sessions=session, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    for trainer in trainers:
        found.setdefault(
            trainer.email.lower(),
            NoticeRecipient(
                name=trainer.get_full_name() or trainer.email,
                email=trainer.email,
                language=language_of(participant=None, user=trainer),
                time_zone=trainer.time_zone,
            ),
        )
    return list(found.values())
