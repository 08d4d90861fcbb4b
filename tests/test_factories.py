"""Every model of the apps has a factory in tests/factories.py, and each builds a valid row."""

import inspect

import pytest
from django.apps import apps
from django.db import models
from factory.django import DjangoModelFactory

from tests import factories

APPS = ("courses", "participants", "assessments", "practice", "evaluations", "certificates")


def factories_by_model() -> dict[type[models.Model], type[DjangoModelFactory]]:
    found: dict[type[models.Model], type[DjangoModelFactory]] = {}
    for _, cls in inspect.getmembers(factories, inspect.isclass):
        if issubclass(cls, DjangoModelFactory) and cls._meta.model is not None:
            found[cls._meta.model] = cls
    return found


def app_models() -> list[type[models.Model]]:
    # Auto-created models (many-to-many tables) are filled through their relation instead.
    return [model for app in APPS for model in apps.get_app_config(app).get_models()]


def test_every_model_has_a_factory() -> None:
    missing = {model._meta.label for model in app_models()} - {
        model._meta.label for model in factories_by_model()
    }
    assert missing == set(), "add a factory to tests/factories.py"


@pytest.mark.django_db
@pytest.mark.parametrize("model", app_models(), ids=lambda model: model._meta.label)
def test_factory_builds_a_valid_row(model: type[models.Model]) -> None:
    make = factories_by_model().get(model)
    if make is None:
        pytest.fail(f"no factory for {model._meta.label}")
    row = make()
    row.full_clean()
    assert type(row).objects.filter(pk=row.pk).exists()
