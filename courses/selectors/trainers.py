"""Reads of who trains a cohort and how that changed."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from courses.models import Cohort, CohortTrainerChange


@dataclass(frozen=True)
class TrainerChangeRow:
    change: CohortTrainerChange
    by: Any
    added: list[str]
    removed: list[str]


def trainer_changes_for_cohort(*, cohort: Cohort) -> list[TrainerChangeRow]:
    """The cohort's trainer changes, newest first, with every user named (two queries)."""
    changes = list(
        CohortTrainerChange.objects.filter(cohort=cohort)
        .select_related("by")
        .order_by("-at", "-pk")
    )
    ids = {pk for change in changes for pk in (*change.added, *change.removed)}
    users = get_user_model().objects.in_bulk(ids) if ids else {}

    def names(pks: list[int]) -> list[str]:
        # A deleted account leaves its id: the change is still told, without the name.
        return [str(users[pk]) if pk in users else f"#{pk}" for pk in pks]

    return [
        TrainerChangeRow(
            change=change, by=change.by, added=names(change.added), removed=names(change.removed)
        )
        for change in changes
    ]
