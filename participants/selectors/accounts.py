"""Reads about participants' accounts: who has one, who has never logged in."""

from django.db.models import Q, QuerySet

from participants.models import Participant

NEVER_LOGGED_IN = "never"
NO_ACCOUNT = "none"
ACTIVE = "active"
STATES = (NEVER_LOGGED_IN, NO_ACCOUNT, ACTIVE)


def people_with_accounts(*, state: str = "", cohort_id: int | None = None) -> QuerySet[Participant]:
    """Participants with their account, filtered by its state and by cohort, in name order."""
    people = Participant.objects.select_related("user").order_by("name", "pk")
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
