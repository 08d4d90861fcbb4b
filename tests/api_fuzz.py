"""What the API fuzz tests share: the schema read from /api/schema/, the seeded data, the ids.

The operations come from /api/schema/, so endpoints added later are fuzzed without a change
here. Requests go through the Django WSGI application in this process, with a token, against a
little seeded data (half of the generated ids are pointed at real objects). Bounded: a fixed
number of examples per operation, derandomized. One file per identity (tests/test_api_fuzz*.py),
so that the parallel runner gives each its own worker.
"""

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, models
from django.urls import Resolver404, resolve
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from evaluations.models import FollowUp
from kamtraining.tokens import token_new
from kamtraining.wsgi import application
from participants.models import Attendance, Enrollment, User
from tests import factories

API_PREFIX = "/api/v1/"
# Raw tokens of the seeded token links, by the operation's path: half of the generated tokens
# are replaced by one, so the token endpoints answer with real data too.
SEEDED_TOKENS: dict[str, str] = {}


def _seed() -> Enrollment:
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
    enrollment = factories.EnrollmentFactory(cohort=cohort, participant__with_user=True)
    _seed_evaluation(enrollment, module=module, trainer=trainer)
    return enrollment


def _seed_evaluation(enrollment: Enrollment, *, module: Any, trainer: User) -> None:
    """A cohort of the same course that ended yesterday, attended by the seeded participant:
    its evaluation is open to them, has answers for HR to read, and follow-ups on their goal."""
    course = enrollment.cohort.course
    ended = factories.CohortFactory(course=course)
    ended.trainers.add(trainer)
    end = timezone.now() - dt.timedelta(days=1)
    session = factories.SessionFactory(
        cohort=ended, module=module, starts_at=end - dt.timedelta(hours=3), ends_at=end
    )
    attended = factories.EnrollmentFactory(cohort=ended, participant=enrollment.participant)
    factories.AttendanceFactory(
        enrollment=attended, session=session, status=Attendance.Status.PRESENT
    )
    evaluation = factories.EvaluationFactory(cohort=ended)
    for text in ("Useful role plays.", "", "More cases, please."):
        factories.AnswerFactory(evaluation=evaluation, comment=text)
    campaign = factories.CampaignFactory(cohort=ended, framework=course.framework)
    plan = factories.ActionPlanFactory(campaign=campaign, participant=enrollment.participant)
    goal = factories.GoalFactory(plan=plan, dimension=module.dimension)
    tokens = {}
    for respondent in FollowUp.Respondent.values:
        tokens[respondent], hashed = token_new()
        factories.FollowUpFactory(cohort=ended, goal=goal, respondent=respondent, token_hash=hashed)
    # The manager's link: the one a person without an account opens.
    SEEDED_TOKENS[f"{API_PREFIX}evaluations/follow-up/{{token}}/"] = tokens[
        FollowUp.Respondent.MANAGER
    ]


@pytest.fixture
def seeded(db: None) -> Iterator[Enrollment]:
    enrollment = _seed()
    # Django closes "old" connections around each request it handles; inside a test's
    # transaction that would close the test's own connection (on PostgreSQL). Django's test
    # client unhooks the same signals while it makes a request; requests here come in through
    # the WSGI application instead.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield enrollment
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Read once at collection, through the WSGI application like any client (no database needed).
SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application).include(
    # Only the API itself; the schema and docs views are tested in tests/test_schema.py.
    path_regex=f"^{API_PREFIX}"
)
# Each operation is its own pytest item with a stable id ("GET /api/v1/…"). Schemathesis's own
# parametrize gives every operation the same node id, and pytest-xdist, which `make test` uses,
# then runs one operation only.
OPERATIONS = sorted(
    (operation.method.upper(), operation.path)
    for operation in (result.ok() for result in SCHEMA.get_all_operations())
)
OPERATION_IDS = [f"{method} {path}" for method, path in OPERATIONS]
_MAX_EXAMPLES = int(os.environ.get("KAM_FUZZ_EXAMPLES", "16"))


def _model_of(path: str) -> type[models.Model] | None:
    # The model behind a path, read from its view's serializer: no list of endpoints to keep.
    try:
        match = resolve(path)
    except Resolver404:
        return None
    view_class = getattr(match.func, "cls", None)
    named = getattr(view_class, "path_model", None)  # a view that says what its ids name
    if isinstance(named, type) and issubclass(named, models.Model):
        return named
    serializer = getattr(view_class, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    model = getattr(meta, "model", None)
    return model if isinstance(model, type) and issubclass(model, models.Model) else None


def point_ids_at_real_objects(case: Any) -> None:
    """Replace half of the generated integer ids by the id of an object that exists (and half
    of the generated tokens of a seeded token link by its token)."""
    params = case.path_parameters or {}
    for name, value in params.items():
        seeded_token = SEEDED_TOKENS.get(case.operation.path)
        if isinstance(value, str) and seeded_token and len(value) % 2 == 0:
            params[name] = seeded_token
            continue
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


def fuzz(method: str, path: str, user: User) -> None:
    """Send the operation's documented examples and generated requests with `user`'s token.

    Each must answer without a 5xx and as the schema documents. Derandomized and bounded, so a
    run is the same every time.
    """
    operation = SCHEMA[path][method.lower()]
    token = Token.objects.get_or_create(user=user)[0].key
    cases = st.one_of(operation.as_strategy(), *SCHEMA.get_strategies_from_examples(operation))

    @settings(
        max_examples=_MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases)
    def send(case: Any) -> None:
        point_ids_at_real_objects(case)
        case.call_and_validate(
            headers={"Authorization": f"Token {token}"},
            checks=[not_a_server_error, response_schema_conformance],
        )

    send()
