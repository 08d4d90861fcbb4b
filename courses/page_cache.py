"""What the catalogue and schedule pages cache for everyone, and what makes it stale.

Three families of cached values (kamtraining.cache_versions): "catalogue" (the published course
grid, a template fragment per language), "schedule" (a cohort's sessions by day, per zone) and
"framework" (a framework's items in questionnaire order, and the questionnaire form drawn from
them per language and scale).
Every save or delete of a row either page shows — through a service, the admin, a command or a
cascade — bumps its family's version, so the next request reads the database again. The
receivers touch the cache only: no domain logic rides on these signals.
"""

import zoneinfo
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from courses.models import (
    Cohort,
    Course,
    Dimension,
    Framework,
    Item,
    Module,
    Room,
    Session,
    SessionChange,
    Venue,
)
from courses.selectors.frameworks import FrameworkItem, framework_item_rows
from courses.selectors.schedule import ScheduleDay, cohort_schedule_by_day
from kamtraining.cache_versions import bump, version

CATALOGUE = "catalogue"
SCHEDULE = "schedule"
FRAMEWORK = "framework"
TIMEOUT_SECONDS = 24 * 60 * 60

SHOWN_BY = {
    CATALOGUE: (Course, Module, Framework),
    SCHEDULE: (Cohort, Session, SessionChange, Room, Venue, Module, Dimension),
    FRAMEWORK: (Framework, Dimension, Item),
}


def catalogue_version() -> str:
    return version(CATALOGUE)


def framework_version() -> str:
    return version(FRAMEWORK)


def framework_items(*, framework_id: int, version: str | None = None) -> list[FrameworkItem]:
    """framework_item_rows through the cache: the same for everyone who answers the framework.

    `version` is framework_version() when the caller has just read it (one cache trip fewer).
    """
    key = f"framework-items:{version or framework_version()}:{framework_id}"
    rows: list[FrameworkItem] | None = cache.get(key)
    if rows is None:
        rows = framework_item_rows(framework_id=framework_id)
        cache.set(key, rows, TIMEOUT_SECONDS)
    return rows


def schedule_by_day(
    *, cohort: Cohort, zone: zoneinfo.ZoneInfo | None, with_changes: bool
) -> list[ScheduleDay]:
    """cohort_schedule_by_day through the cache (the caller has checked who may see it)."""
    key = f"schedule:{version(SCHEDULE)}:{cohort.pk}:{zone.key if zone else ''}:{int(with_changes)}"
    days: list[ScheduleDay] | None = cache.get(key)
    if days is None:
        days = cohort_schedule_by_day(cohort=cohort, zone=zone, with_changes=with_changes)
        cache.set(key, days, TIMEOUT_SECONDS)
    else:
        for day in days:
            for entry in day.entries:
                entry.session.cohort = cohort  # the live row, not the pickled copy
    return days


def _bumper(name: str) -> Any:
    def receiver(**kwargs: Any) -> None:
        bump(name)

    return receiver


_RECEIVERS = {name: _bumper(name) for name in SHOWN_BY}


def _user_saved(update_fields: Any = None, **kwargs: Any) -> None:
    # Trainers' names are on the schedule; a login only stamps last_login.
    if update_fields is None or set(update_fields) - {"last_login"}:
        bump(SCHEDULE)


def connect() -> None:
    """Wire the receivers (CoursesConfig.ready)."""
    for name, models in SHOWN_BY.items():
        for model in models:
            post_save.connect(_RECEIVERS[name], sender=model, dispatch_uid=f"{name}-{model}-save")
            post_delete.connect(
                _RECEIVERS[name], sender=model, dispatch_uid=f"{name}-{model}-delete"
            )
    m2m_changed.connect(
        _RECEIVERS[SCHEDULE], sender=Session.trainers.through, dispatch_uid="schedule-trainers"
    )
    user = get_user_model()
    post_save.connect(_user_saved, sender=user, dispatch_uid="schedule-user-save")
    post_delete.connect(_RECEIVERS[SCHEDULE], sender=user, dispatch_uid="schedule-user-delete")
