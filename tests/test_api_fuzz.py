"""Fuzz the whole /api/v1/ from its own OpenAPI schema: no 5xx, every answer as documented.

The operations come from /api/schema/, so endpoints added later are fuzzed without a change
here. Requests go through the Django WSGI application in this process, as HR with a token,
against a little seeded data (half of the generated ids are pointed at real objects).
Bounded: a dozen examples per operation, derandomized, so a run takes well under a minute.
"""

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, models
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance

from kamtraining.wsgi import application
from participants.models import User
from tests import factories

# Minutes of generated requests: outside the fast lane (`make test-fast`).
pytestmark = pytest.mark.fuzz

API_PREFIX = "/api/v1/"


def _seed() -> None:
    """A little of everything, so that ids in paths often name a real object."""
    framework = factories.FrameworkFactory()
    dimension = factories.DimensionFactory(framework=framework)
    factories.ItemFactory(dimension=dimension)
    course = factories.CourseFactory(framework=framework)
    factories.CourseFactory(is_published=False)
    module = factories.ModuleFactory(course=course, dimension=dimension)
    factories.ActivityFactory(module=module)
    trainer = factories.UserFactory()
    room = factories.RoomFactory()
    cohort = factories.CohortFactory(course=course, venue=room.venue)
    cohort.trainers.add(trainer)
    for _ in range(2):
        session = factories.SessionFactory(cohort=cohort, module=module, room=room)
        session.trainers.add(trainer)
    factories.EnrollmentFactory(cohort=cohort)


@pytest.fixture
def hr_token(hr_user: User) -> str:
    return Token.objects.create(user=hr_user).key


@pytest.fixture
def seeded(db: None) -> Iterator[None]:
    _seed()
    # Django closes "old" connections around each request it handles; inside a test's
    # transaction that would close the test's own connection (on PostgreSQL). Django's test
    # client unhooks the same signals while it makes a request; requests here come in through
    # the WSGI application instead.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Read once at collection, through the WSGI application like any client (no database needed).
# The coverage phase (every boundary value of every parameter) triples the run time; the suite
# runs examples and fuzzing, and `KAM_FUZZ_PHASES=examples,coverage,fuzzing` goes deeper.
_PHASES = os.environ.get("KAM_FUZZ_PHASES", "examples,fuzzing").split(",")
_MAX_EXAMPLES = int(os.environ.get("KAM_FUZZ_EXAMPLES", "12"))
_CONFIG = SchemathesisConfig.from_dict(
    {"phases": {name: {"enabled": name in _PHASES} for name in ("examples", "coverage", "fuzzing")}}
)
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json", application, config=_CONFIG
).include(
    # Only the API itself; the schema and docs views are tested in tests/test_schema.py.
    path_regex=f"^{API_PREFIX}"
)


def _model_of(path: str) -> type[models.Model] | None:
    # The model behind a path, read from its view's serializer: no list of endpoints to keep.
    try:
        match = resolve(path)
    except Resolver404:
        return None
    view_class = getattr(match.func, "cls", None)
    serializer = getattr(view_class, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    model = getattr(meta, "model", None)
    return model if isinstance(model, type) and issubclass(model, models.Model) else None


def _point_ids_at_real_objects(case: Any) -> None:
    """Replace half of the generated integer ids by the id of an object that exists."""
    params = case.path_parameters or {}
    for name, value in params.items():
        if not isinstance(value, int) or isinstance(value, bool) or value % 2:
            continue
        model = _model_of(case.formatted_path.replace(f"{{{name}}}", str(value)))
        if model is None:
            model = _model_of(case.operation.path.replace(f"{{{name}}}", "1"))
        if model is None:
            continue
        pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:5])
        if pks:
            params[name] = pks[value // 2 % len(pks)]


@schema.parametrize()
@settings(
    max_examples=_MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_fuzz(case: Any, seeded: None, hr_token: str) -> None:
    # given a request generated from the schema, as HR
    _point_ids_at_real_objects(case)
    # when it is sent, then no 5xx and the response matches the schema
    case.call_and_validate(
        headers={"Authorization": f"Token {hr_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )


def test_api_fuzz_covers_the_catalogue_and_schedule() -> None:
    # The schema really lists the operations this file fuzzes (an empty schema fuzzes nothing).
    paths = {result.ok().path for result in schema.get_all_operations()}
    assert f"{API_PREFIX}sessions/{{id}}/cancel/" in paths
    assert f"{API_PREFIX}cohorts/{{id}}/conflicts/" in paths
