"""Who may do what with the catalogue and the schedule: the one definition of each role.

Every door (pages, API, admin, services, selectors, commands, tasks) asks these and nothing
else. Names kept stable:

- `HR_GROUP`, `TRAINERS_GROUP`: the role groups' names.
- `is_hr(user)`: HR group member or superuser (runs the programme).
- `is_superuser(user)`.
- `is_trainer(user)`: Trainers group member.
- `trains_cohort(user, cohort)`: one of the cohort's trainers.
- `may_manage_cohort(user, cohort=None)`: create and change courses, frameworks, cohorts,
  sessions and cohort trainers (HR).
- `may_view_cohort_private(user, cohort)`: roster, attendance, progress (HR or its trainer).
- `cohorts_trained_by(user)`: the cohorts the user trains, as a queryset for scoping.
- `system_actor()`, `is_system()`, `require(by, predicate, obj=None)`: how a service checks its
  acting user; `by=None` ("the system") passes only inside `system_actor()`, which only these
  enter: the scheduled close of campaigns (`campaigns_close_due`, run by its command and its
  periodic task), the `import_participants` command, and each app's demo loader
  (`courses.demo.load`, `participants.demo.load`, `assessments.demo.load`).

Every predicate takes `(user, obj=None)`: a role ignores the object, so any of them can be
called, combined or registered the same way.

Permissions registered with `rules`: `courses.manage_cohort` (HR),
`courses.view_cohort_private` (HR or the cohort's trainer). `courses.view_cohort_schedule`
also needs who attends a cohort, so participants.access registers it.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeAlias

import rules
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from courses.models import Cohort

# Who does a write: a user (of whatever model: the app that defines it sits above this one),
# an anonymous visitor (refused by every rule), or None for the system (see system_actor).
Actor: TypeAlias = AbstractBaseUser | AnonymousUser | None


def recorded_actor(by: Actor) -> Any:
    """The user a history row keeps as "by": a stored user, or None for the system.

    Typed Any: the row's foreign key is to the project's user model, which this app cannot name.
    """
    return by if getattr(by, "pk", None) else None


HR_GROUP = "HR"
TRAINERS_GROUP = "Trainers"


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def _group_names(user: Any) -> set[str]:
    # Cached per user instance: a page asks about roles several times.
    cached = getattr(user, "_group_name_cache", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._group_name_cache = cached
    return cached


@rules.predicate
def is_superuser(user: Any, _obj: Any = None) -> bool:
    return bool(_signed_in(user) and user.is_superuser)


@rules.predicate
def is_hr(user: Any, _obj: Any = None) -> bool:
    return bool(_signed_in(user) and (user.is_superuser or HR_GROUP in _group_names(user)))


@rules.predicate
def is_trainer(user: Any, _obj: Any = None) -> bool:
    return bool(_signed_in(user) and TRAINERS_GROUP in _group_names(user))


@rules.predicate
def trains_cohort(user: Any, cohort: Any) -> bool:
    if not _signed_in(user) or cohort is None:
        return False
    cohort_id = cohort if isinstance(cohort, int) else cohort.pk
    return Cohort.trainers.through.objects.filter(cohort_id=cohort_id, user_id=user.pk).exists()


may_manage_cohort = is_hr
may_view_cohort_private = is_hr | trains_cohort


def cohorts_trained_by(user: Any) -> QuerySet[Cohort]:
    """The cohorts the user trains (none for anyone signed out); use as `cohort__in=`."""
    if not _signed_in(user):
        return Cohort.objects.none()
    return Cohort.objects.filter(
        pk__in=Cohort.trainers.through.objects.filter(user_id=user.pk).values("cohort_id")
    )


# The acting user of a service. `None` is the system, allowed only inside `system_actor()`
# (the callers are listed in the module docstring).
_system: contextvars.ContextVar[bool] = contextvars.ContextVar("system_actor", default=False)


@contextmanager
def system_actor() -> Iterator[None]:
    """Let services run with `by=None` inside this block (scheduled jobs, commands, demo)."""
    token = _system.set(True)
    try:
        yield
    finally:
        _system.reset(token)


def is_system() -> bool:
    return _system.get()


def require(by: Actor, predicate: rules.Predicate, obj: Any = None) -> None:
    """Raise PermissionDenied unless `by` passes the predicate; `None` passes as the system."""
    if by is None:
        if is_system():
            return
        raise PermissionDenied
    if not predicate.test(by, obj):
        raise PermissionDenied


rules.add_perm("courses.manage_cohort", may_manage_cohort)
rules.add_perm("courses.view_cohort_private", may_view_cohort_private)
