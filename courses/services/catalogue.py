"""Writes of the catalogue: courses with their modules, frameworks with dimensions and items,
cohorts.

Nested rows are added or updated by their natural key (a module by number, a dimension by
code, an item by order) and never removed here: sessions and ratings point at them, so taking
one away is a deliberate act in the admin.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from courses.access import Actor, may_manage_cohort, require
from courses.models import Activity, Cohort, Course, Dimension, Framework, Item, Module, Venue
from courses.services.rows import given_changes, row_save
from courses.services.scheduling import UNSET
from courses.services.trainers import cohort_trainers_set
from kamtraining.validators import times_check


@dataclass(frozen=True, kw_only=True)
class ActivityInput:
    order: int
    title: str
    title_en: str = ""
    kind: str = Activity.Kind.LECTURE


@dataclass(frozen=True, kw_only=True)
class ModuleInput:
    number: int
    title: str
    title_en: str = ""
    dimension: Dimension | None = None
    summary: str = ""
    duration_minutes: int | None = None
    # None leaves the module's activities as they are; given, they are added or updated by order.
    activities: Sequence[ActivityInput] | None = None


@dataclass(frozen=True, kw_only=True)
class ItemInput:
    order: int
    text: str
    text_en: str = ""
    is_sample: bool = False


@dataclass(frozen=True, kw_only=True)
class DimensionInput:
    code: str
    name: str
    name_en: str = ""
    description: str = ""
    order: int = 0
    items: Sequence[ItemInput] = field(default_factory=tuple)


# What a capacity rise sets off lives in the apps above this one (participants fills the free
# places from its waitlist); courses cannot import them, so they register here when they load.
CapacityRaised = Callable[..., object]
_capacity_raised: list[CapacityRaised] = []


def on_capacity_raised(handler: CapacityRaised) -> CapacityRaised:
    """Call `handler(cohort=..., by=...)` inside the transaction of every capacity rise."""
    if handler not in _capacity_raised:
        _capacity_raised.append(handler)
    return handler


def _require_unique(values: Sequence[Any], *, field_name: str, label: str) -> None:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            message = _("%(label)s %(value)s is given twice.") % {"label": label, "value": value}
            raise ValidationError({field_name: message})
        seen.add(value)


def _modules_save(*, course: Course, modules: Sequence[ModuleInput]) -> None:
    _require_unique([m.number for m in modules], field_name="modules", label=_("Module"))
    for module in modules:
        if module.dimension is not None and module.dimension.framework_id != course.framework_id:
            raise ValidationError(
                {
                    "modules": _(
                        "Module %(number)s: the role “%(dimension)s” is not in the course's "
                        "framework."
                    )
                    % {"number": module.number, "dimension": module.dimension}
                }
            )
    existing = {m.number: m for m in course.modules.all()}
    for module in modules:
        row = existing.get(module.number) or Module(course=course, number=module.number)
        row_save(
            row,
            {
                "title": module.title,
                "title_en": module.title_en,
                "dimension": module.dimension,
                "summary": module.summary,
                "duration_minutes": module.duration_minutes,
            },
        )
        if module.activities is not None:
            _activities_save(module=row, activities=module.activities)


def _activities_save(*, module: Module, activities: Sequence[ActivityInput]) -> None:
    _require_unique([a.order for a in activities], field_name="modules", label=_("Activity"))
    existing = {a.order: a for a in module.activities.all()}
    for activity in activities:
        row = existing.get(activity.order) or Activity(module=module, order=activity.order)
        row_save(
            row, {"kind": activity.kind, "title": activity.title, "title_en": activity.title_en}
        )


@transaction.atomic
def course_create(
    *,
    by: Actor,
    code: str,
    title: str,
    title_en: str = "",
    summary: str = "",
    summary_en: str = "",
    audience: str = "",
    audience_en: str = "",
    duration: str = "",
    trainer_names: str = "",
    framework: Framework | None = None,
    is_published: bool = False,
    modules: Sequence[ModuleInput] = (),
) -> Course:
    """Add a course to the catalogue, with its modules."""
    require(by, may_manage_cohort)
    course = Course()
    row_save(
        course,
        {
            "code": code,
            "title": title,
            "title_en": title_en,
            "summary": summary,
            "summary_en": summary_en,
            "audience": audience,
            "audience_en": audience_en,
            "duration": duration,
            "trainer_names": trainer_names,
            "framework": framework,
            "is_published": is_published,
        },
    )
    _modules_save(course=course, modules=modules)
    return course


@transaction.atomic
def course_update(
    *,
    by: Actor,
    course: Course,
    code: str = UNSET,
    title: str = UNSET,
    title_en: str = UNSET,
    summary: str = UNSET,
    summary_en: str = UNSET,
    audience: str = UNSET,
    audience_en: str = UNSET,
    duration: str = UNSET,
    trainer_names: str = UNSET,
    framework: Framework | None = UNSET,
    is_published: bool = UNSET,
    modules: Sequence[ModuleInput] = UNSET,
) -> Course:
    """Change a course; the modules given are added or updated by number."""
    require(by, may_manage_cohort)
    course = Course.objects.select_for_update().get(pk=course.pk)
    changes = given_changes(
        code=code,
        title=title,
        title_en=title_en,
        summary=summary,
        summary_en=summary_en,
        audience=audience,
        audience_en=audience_en,
        duration=duration,
        trainer_names=trainer_names,
        framework=framework,
        is_published=is_published,
    )
    row_save(course, changes)
    if modules is not UNSET:
        _modules_save(course=course, modules=modules)
    return course


def _items_save(*, dimension: Dimension, items: Sequence[ItemInput]) -> None:
    _require_unique([i.order for i in items], field_name="dimensions", label=_("Item"))
    existing = {i.order: i for i in dimension.items.all()}
    for item in items:
        row = existing.get(item.order) or Item(dimension=dimension, order=item.order)
        row_save(row, {"text": item.text, "text_en": item.text_en, "is_sample": item.is_sample})


def _dimensions_save(*, framework: Framework, dimensions: Sequence[DimensionInput]) -> None:
    _require_unique([d.code for d in dimensions], field_name="dimensions", label=_("Dimension"))
    existing = {d.code: d for d in framework.dimensions.all()}
    for dimension in dimensions:
        row = existing.get(dimension.code) or Dimension(framework=framework, code=dimension.code)
        row_save(
            row,
            {
                "name": dimension.name,
                "name_en": dimension.name_en,
                "description": dimension.description,
                "order": dimension.order,
            },
        )
        _items_save(dimension=row, items=dimension.items)


@transaction.atomic
def framework_create(
    *,
    by: Actor,
    code: str,
    name: str,
    name_en: str = "",
    description: str = "",
    dimensions: Sequence[DimensionInput] = (),
) -> Framework:
    """Add a competency framework with its dimensions and their items."""
    require(by, may_manage_cohort)
    framework = Framework()
    row_save(
        framework, {"code": code, "name": name, "name_en": name_en, "description": description}
    )
    _dimensions_save(framework=framework, dimensions=dimensions)
    return framework


@transaction.atomic
def framework_update(
    *,
    by: Actor,
    framework: Framework,
    code: str = UNSET,
    name: str = UNSET,
    name_en: str = UNSET,
    description: str = UNSET,
    dimensions: Sequence[DimensionInput] = UNSET,
) -> Framework:
    """Change a framework; the dimensions given are added or updated by code, items by order."""
    require(by, may_manage_cohort)
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    row_save(
        framework, given_changes(code=code, name=name, name_en=name_en, description=description)
    )
    if dimensions is not UNSET:
        _dimensions_save(framework=framework, dimensions=dimensions)
    return framework


@transaction.atomic
def cohort_create(
    *,
    by: Actor,
    course: Course,
    code: str,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    time_zone: str = "UTC",
    venue: Venue | None = None,
    capacity: int = 30,
    status: str = Cohort.Status.DRAFT,
    trainers: Sequence[Any] = (),
    enrolment_opens_at: dt.datetime | None = None,
    enrolment_closes_at: dt.datetime | None = None,
    completion_threshold: int = 80,
) -> Cohort:
    """Open a new cohort (期班) of a course."""
    require(by, may_manage_cohort)
    times_check(
        {"enrolment_opens_at": enrolment_opens_at, "enrolment_closes_at": enrolment_closes_at}
    )
    cohort = Cohort()
    row_save(
        cohort,
        {
            "course": course,
            "code": code,
            "name": name,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "time_zone": time_zone,
            "venue": venue,
            "capacity": capacity,
            "status": status,
            "enrolment_opens_at": enrolment_opens_at,
            "enrolment_closes_at": enrolment_closes_at,
            "completion_threshold": completion_threshold,
        },
    )
    if trainers:
        cohort_trainers_set(cohort=cohort, trainers=trainers, by=by)
    return cohort


@transaction.atomic
def cohort_update(
    *,
    by: Actor,
    cohort: Cohort,
    course: Course = UNSET,
    code: str = UNSET,
    name: str = UNSET,
    starts_on: dt.date = UNSET,
    ends_on: dt.date = UNSET,
    time_zone: str = UNSET,
    venue: Venue | None = UNSET,
    capacity: int = UNSET,
    status: str = UNSET,
    trainers: Sequence[Any] = UNSET,
    enrolment_opens_at: dt.datetime | None = UNSET,
    enrolment_closes_at: dt.datetime | None = UNSET,
    completion_threshold: int = UNSET,
) -> Cohort:
    """Change a cohort: its dates, place, capacity, status or trainers."""
    require(by, may_manage_cohort, cohort)
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    changes = given_changes(
        course=course,
        code=code,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        time_zone=time_zone,
        venue=venue,
        capacity=capacity,
        status=status,
        enrolment_opens_at=enrolment_opens_at,
        enrolment_closes_at=enrolment_closes_at,
        completion_threshold=completion_threshold,
    )
    times_check({name: changes.get(name) for name in ("enrolment_opens_at", "enrolment_closes_at")})
    old_capacity = cohort.capacity
    row_save(cohort, changes)
    if trainers is not UNSET:
        cohort_trainers_set(cohort=cohort, trainers=trainers, by=by)
    if cohort.capacity > old_capacity:
        for handler in _capacity_raised:
            handler(cohort=cohort, by=by)
    return cohort
