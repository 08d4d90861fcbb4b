"""What the courses services share to write one row: the values given, checked, then saved."""

from typing import Any

from django.db import models

from courses.services.scheduling import UNSET


def given_changes(**values: Any) -> dict[str, Any]:
    """The keyword arguments a caller gave (UNSET means "leave as it is")."""
    return {name: value for name, value in values.items() if value is not UNSET}


def row_save(instance: models.Model, changes: dict[str, Any]) -> None:
    """Apply the changes, validate the row, insert it or update only the changed fields."""
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean()
    if instance.pk is None:
        instance.save()
    elif changes:
        instance.save(update_fields=list(changes))
