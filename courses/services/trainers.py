"""Who trains a cohort: one write, recorded, for the API, the pages and the admin."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from courses.access import Actor, is_superuser, may_manage_cohort, recorded_actor, require
from courses.models import Cohort, CohortTrainerChange


def _user_id(trainer: Any) -> int:
    return trainer if isinstance(trainer, int) else int(trainer.pk)


@transaction.atomic
def cohort_trainers_set(
    *, cohort: Cohort, trainers: Iterable[Any], by: Actor
) -> CohortTrainerChange | None:
    """Make these users the cohort's trainers and record who changed what; None if nothing did.

    A trainer reads every individual report of the cohort, and HR does not (DESIGN.md §4): so HR
    making itself a trainer is refused, not merely recorded, unless the user is a superuser
    (who holds every right already). Another user may add HR staff as trainers; the record of
    it is shown to the cohort's trainers.
    """
    require(by, may_manage_cohort, cohort)
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    before = set(cohort.trainers.values_list("pk", flat=True))
    after = {_user_id(trainer) for trainer in trainers}
    added, removed = after - before, before - after
    if not added and not removed:
        return None
    if by is not None and by.pk in added and not is_superuser(by):
        raise ValidationError(
            {
                "trainers": [
                    _(
                        "You cannot make yourself a trainer of a cohort: its trainers read "
                        "every participant's report, which the programme office does not. "
                        "Ask a superuser."
                    )
                ]
            },
            code="self_as_trainer",
        )
    cohort.trainers.set(sorted(after))
    change = CohortTrainerChange(
        cohort=cohort,
        by=recorded_actor(by),
        added=sorted(added),
        removed=sorted(removed),
        after=sorted(after),
    )
    change.full_clean()
    change.save()
    return change
