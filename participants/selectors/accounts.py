"""Reads about participants' accounts: who has one, who has never logged in."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kamtraining.i18n import person_ordering
from participants.models import Participant

NEVER_LOGGED_IN = "never"
NO_ACCOUNT = "none"
ACTIVE = "active"
STATES = (NEVER_LOGGED_IN, NO_ACCOUNT, ACTIVE)


def people_with_accounts(*, state: str = "", cohort_id: int | None = None) -> QuerySet[Participant]:
    """Participants with their account, filtered by its state and by cohort, in name order
    (the viewer's language's name first)."""
    people = Participant.objects.select_related("user").order_by(*person_ordering(), "pk")
    if cohort_id is not None:
        people = people.filter(enrollments__cohort_id=cohort_id).distinct()
    if state == NO_ACCOUNT:
        people = people.filter(user__isnull=True)
    elif state == NEVER_LOGGED_IN:
        people = people.filter(user__isnull=False, user__last_login__isnull=True)
    elif state == ACTIVE:
        people = people.filter(~Q(user__last_login=None), user__isnull=False)
    return people


def participants_by_ids(*, ids: list[int]) -> list[Participant]:
    return list(Participant.objects.select_related("user").filter(pk__in=ids).order_by("name"))


def participants_of_cohort(*, cohort_id: int) -> list[Participant]:
    return list(
        Participant.objects.select_related("user")
        .filter(enrollments__cohort_id=cohort_id)
        .distinct()
        .order_by("name")
    )


@dataclass(frozen=True)
class LoginReach:
    participant: Participant
    reason: str


def login_reach_for_cohort(*, cohort_id: int) -> list[LoginReach]:
    """The cohort's participants whom an email needing a login cannot bring to the page, and why.

    A participant who has not set a password yet is reached: such emails carry their
    set-password link. One without an account, or whose account is switched off, is not.
    """
    people = (
        Participant.objects.filter(enrollments__cohort_id=cohort_id)
        .filter(Q(user__isnull=True) | Q(user__is_active=False))
        .select_related("user")
        .distinct()
        .order_by("name")
    )
    return [
        LoginReach(
            p,
            _("no account: invite them from People and accounts")
            if p.user is None
            else _("the account is switched off"),
        )
        for p in people
    ]
