"""What the courses admin pages share: frozen choices, trainers, saving through the services."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, Field, ModelChoiceField
from django.http import HttpRequest
from django.utils import formats

from courses.models import (
    Room,
    Session,
)

# The role group that participants' data migration creates (courses cannot import participants).
TRAINERS_GROUP = "Trainers"


def freeze_choices(field: Field | None) -> Field | None:
    """Evaluate a choice field's queryset once, so every row of a formset reuses it."""
    if isinstance(field, ModelChoiceField):
        # A copied field (one per row) keeps these choices instead of querying again.
        field.choices = list(field.iterator(field))
    return field


def trainer_choices() -> QuerySet[Any]:
    return get_user_model().objects.filter(groups__name=TRAINERS_GROUP).order_by("full_name")


class FrozenChoicesMixin:
    """Relation fields whose choices are read once per page, not once per inline row."""

    frozen_choice_fields = ("dimension", "module", "room", "trainers")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "room":
            kwargs.setdefault("queryset", Room.objects.select_related("venue"))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        return freeze_choices(field) if db_field.name in self.frozen_choice_fields else field

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "trainers":
            kwargs.setdefault("queryset", trainer_choices())
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        return freeze_choices(field) if db_field.name in self.frozen_choice_fields else field


def limit_choices(formset: type[BaseInlineFormSet], name: str, queryset: QuerySet[Any]) -> None:
    """Narrow one relation field of an inline's rows (per request) and read it once."""
    field = formset.form.base_fields.get(name)
    if isinstance(field, ModelChoiceField):
        field.queryset = queryset
        freeze_choices(field)


def save_through_services(
    request: HttpRequest,
    obj: Any,
    form: Any,
    change: bool,
    *,
    create: Any,
    update: Any,
    noun: str,
    fields: tuple[str, ...],
) -> None:
    """Create or change the form's row through its services (their checks and records)."""
    values = {name: form.cleaned_data[name] for name in fields if name in form.cleaned_data}
    if change:
        changed = {name: value for name, value in values.items() if name in form.changed_data}
        saved = update(**{noun: obj}, by=request.user, **changed)
    else:
        saved = create(by=request.user, **values)
    obj.pk = saved.pk
    obj.refresh_from_db()


def local_times(session: Session) -> str:
    """The session's start and end in its own time zone, e.g. `2026-03-02 09:00–12:00 (…)`."""
    if session.starts_at is None or session.ends_at is None:
        return "—"
    zone = session.zone
    start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
    end_format = "H:i" if end.date() == start.date() else "Y-m-d H:i"
    return (
        f"{formats.date_format(start, 'Y-m-d H:i')}–{formats.date_format(end, end_format)} "
        f"({zone.key})"
    )
