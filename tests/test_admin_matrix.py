"""Every registered admin × every role: pages, rows and actions answer as the API's rules say.

Built from `admin.site._registry`: a newly registered model is covered at once, and until the
tables below say otherwise it is a superuser's alone.
"""

from typing import Any

import pytest
from django.contrib import admin
from django.core import mail
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from tests.admin_world import SECRETS, World, build_world

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "participant",
    "staff_participant",
    "trainer_a",
    "trainer_b",
    "hr",
    "superuser",
)
TRAINERS_AND_UP = frozenset({"trainer_a", "trainer_b", "hr", "superuser"})
HR_AND_UP = frozenset({"hr", "superuser"})
SUPERUSER = frozenset({"superuser"})

# Who opens each model's changelist (and the change form of a row they may see).
VIEWERS: dict[str, frozenset[str]] = {
    "courses.Framework": TRAINERS_AND_UP,
    "courses.Dimension": TRAINERS_AND_UP,
    "courses.Course": TRAINERS_AND_UP,
    "courses.Module": TRAINERS_AND_UP,
    "courses.Venue": TRAINERS_AND_UP,
    "courses.Cohort": TRAINERS_AND_UP,
    "courses.Session": TRAINERS_AND_UP,
    "participants.User": HR_AND_UP,
    "participants.Participant": TRAINERS_AND_UP,
    "participants.Enrollment": TRAINERS_AND_UP,
    "participants.Attendance": TRAINERS_AND_UP,
    "assessments.Campaign": TRAINERS_AND_UP,
    "assessments.Invitation": TRAINERS_AND_UP,
    "assessments.ReminderLog": TRAINERS_AND_UP,
}
# Models whose rows belong to a cohort: cohort B's trainer sees none of cohort A's.
COHORT_ROWS = frozenset(
    {
        "courses.Course",  # cohort A's course is unpublished
        "courses.Module",
        "courses.Cohort",
        "courses.Session",
        "participants.Participant",
        "participants.Enrollment",
        "participants.Attendance",
        "assessments.Campaign",
        "assessments.Invitation",
        "assessments.ReminderLog",
    }
)
# Who opens the add form.
ADDERS: dict[str, frozenset[str]] = {
    "participants.Attendance": frozenset({"trainer_a", "trainer_b", "hr", "superuser"}),
    "assessments.Invitation": frozenset(),
    "assessments.ReminderLog": frozenset(),
    # Set on the cohort's practice page, which gives every participant theirs.
    "practice.Assignment": frozenset(),
    "practice.Practice": frozenset(),
    # Made by the cohort's completion page: the rule, HR's decisions, the certificates.
    "certificates.CompletionRule": frozenset(),
    "certificates.CompletionDecision": frozenset(),
    "certificates.Certificate": frozenset(),
    **{
        label: HR_AND_UP
        for label in (
            "courses.Framework",
            "courses.Dimension",
            "courses.Course",
            "courses.Module",
            "courses.Venue",
            "courses.Cohort",
            "courses.Session",
            "participants.User",
            "participants.Participant",
            "participants.Enrollment",
            "assessments.Campaign",
        )
    },
}
# Who may change cohort A's row (a change form that saves).
CHANGERS: dict[str, frozenset[str]] = {
    "participants.Attendance": frozenset({"trainer_a", "hr", "superuser"}),
    "assessments.Invitation": frozenset(),
    "assessments.ReminderLog": frozenset(),
    **{
        label: HR_AND_UP
        for label in (
            "courses.Framework",
            "courses.Dimension",
            "courses.Course",
            "courses.Module",
            "courses.Venue",
            "courses.Cohort",
            "courses.Session",
            "participants.User",
            "participants.Participant",
            "participants.Enrollment",
            "assessments.Campaign",
        )
    },
}
# Who may run each action on cohort A's row (the API's rule for the same change).
ACTION_RUNNERS: dict[tuple[str, str], frozenset[str]] = {
    ("courses.Session", "cancel_sessions"): HR_AND_UP,
    ("participants.Enrollment", "confirm_selected"): HR_AND_UP,
    ("participants.Enrollment", "cancel_selected"): HR_AND_UP,
    ("participants.Enrollment", "complete_selected"): HR_AND_UP,
    ("participants.Enrollment", "no_show_selected"): HR_AND_UP,
    ("assessments.Campaign", "start_nomination"): HR_AND_UP,
    ("assessments.Campaign", "open_campaigns"): HR_AND_UP,
    ("assessments.Campaign", "close_campaigns"): HR_AND_UP,
    ("assessments.Campaign", "release_campaigns"): HR_AND_UP,
    ("assessments.Campaign", "run_scheduled_reminders"): HR_AND_UP,
    ("assessments.Campaign", "remind_pending"): frozenset({"trainer_a", "hr", "superuser"}),
    ("assessments.Invitation", "remind"): frozenset({"trainer_a", "hr", "superuser"}),
    **{
        (label, "delete_selected"): HR_AND_UP
        for label in (
            "courses.Framework",
            "courses.Dimension",
            "courses.Course",
            "courses.Module",
            "courses.Venue",
            "participants.Participant",
        )
    },
    # Cancelled or kept, never erased: the history must hold.
    **{
        (label, "delete_selected"): frozenset()
        for label in (
            "courses.Session",
            "participants.Enrollment",
            "assessments.Invitation",
            "assessments.ReminderLog",
            "practice.Assignment",
            "practice.Practice",
            "practice.TriangleRole",
        )
    },
}
# Roles offered an action although cohort A's row is out of their reach (they act on theirs).
ACTION_OFFERED_TO: dict[tuple[str, str], frozenset[str]] = {
    ("assessments.Campaign", "remind_pending"): frozenset({"trainer_b"}),
    ("assessments.Invitation", "remind"): frozenset({"trainer_b"}),
}


def _label(model: type[Model]) -> str:
    return model._meta.label


def _models() -> list[type[Model]]:
    return sorted(admin.site._registry, key=_label)


def _actions() -> list[tuple[type[Model], str]]:
    found = []
    for model, model_admin in admin.site._registry.items():
        if model_admin.actions is None:
            continue  # no action at all, not even the site's
        names = {*dict(admin.site.actions), *model_admin.actions}
        found.extend((model, name) for name in names)
    return sorted(found, key=lambda pair: (_label(pair[0]), pair[1]))


@pytest.fixture
def world() -> World:
    return build_world()


def _client(world: World, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def _row(world: World, model: type[Model]) -> Model:
    assert model in world.rows, f"Add a row of {_label(model)} to tests/admin_world.py"
    return world.rows[model]


def _url(model: type[Model], page: str, *args: Any) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args)


def _sees_row(role: str, label: str) -> bool:
    if role not in VIEWERS.get(label, SUPERUSER):
        return False
    return not (role == "trainer_b" and label in COHORT_ROWS)


def _assert_refused(response: Any, role: str) -> None:
    if role in ("anonymous", "participant"):
        # Not staff: the admin's login page, nothing of the model.
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
    else:
        assert response.status_code == 403


def _assert_no_secrets(response: Any, role: str) -> None:
    if role != "trainer_b":
        return
    content = response.content.decode()
    for secret in SECRETS:
        assert secret not in content, f"cohort A's {secret!r} shown to cohort B's trainer"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", _models(), ids=_label)
def test_changelist(world: World, model: type[Model], role: str) -> None:
    # given
    label = _label(model)
    row = _row(world, model)
    # when
    response = _client(world, role).get(_url(model, "changelist"))
    # then
    if role not in VIEWERS.get(label, SUPERUSER):
        _assert_refused(response, role)
        return
    assert response.status_code == 200
    shown = _url(model, "change", row.pk) in response.content.decode()
    assert shown == _sees_row(role, label)
    _assert_no_secrets(response, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", _models(), ids=_label)
def test_change_form(world: World, model: type[Model], role: str) -> None:
    # given
    label = _label(model)
    row = _row(world, model)
    # when
    response = _client(world, role).get(_url(model, "change", row.pk))
    # then
    if role not in VIEWERS.get(label, SUPERUSER):
        _assert_refused(response, role)
    elif _sees_row(role, label):
        assert response.status_code == 200
    else:
        # As for a row that does not exist: back to the index, nothing of the row.
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", _models(), ids=_label)
def test_add_form(world: World, model: type[Model], role: str) -> None:
    # given
    label = _label(model)
    # when
    response = _client(world, role).get(_url(model, "add"))
    # then
    if role in ADDERS.get(label, SUPERUSER):
        assert response.status_code == 200
        _assert_no_secrets(response, role)
    else:
        _assert_refused(response, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", _models(), ids=_label)
def test_change_post(world: World, model: type[Model], role: str) -> None:
    # given
    label = _label(model)
    row = _row(world, model)
    client = _client(world, role)
    before = _snapshot()
    # when: a save with nothing filled in
    response = client.post(_url(model, "change", row.pk), {})
    # then
    if role in CHANGERS.get(label, SUPERUSER):
        assert response.status_code in (200, 302)  # the form's errors, or saved
        return
    if role not in VIEWERS.get(label, SUPERUSER):
        _assert_refused(response, role)
    elif _sees_row(role, label) or response.status_code == 403:
        # Refused alike whether the row is out of reach or does not exist at all.
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")
    assert _snapshot() == before, f"{role} changed cohort A's {label}"


def _snapshot() -> tuple[Any, ...]:
    """Every row of every admin model, and the mail sent: what an action may change."""
    rows = tuple(tuple(model._default_manager.order_by("pk").values()) for model in _models())
    return (*rows, len(mail.outbox))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "action"), _actions(), ids=lambda v: getattr(v, "__name__", v))
def test_action(
    world: World, model: type[Model], action: str, role: str, django_capture_on_commit_callbacks
) -> None:
    # given
    label = _label(model)
    row = _row(world, model)
    client = _client(world, role)
    runners = ACTION_RUNNERS.get((label, action), SUPERUSER)
    before = _snapshot()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(model, "changelist"),
            {"action": action, "_selected_action": [row.pk], "index": 0},
        )
    # then
    if role not in VIEWERS.get(label, SUPERUSER):
        _assert_refused(response, role)
        assert _snapshot() == before
        return
    assert response.status_code in (200, 302)
    offered = f'<option value="{action}"' in client.get(_url(model, "changelist")).content.decode()
    assert offered == (role in runners or role in ACTION_OFFERED_TO.get((label, action), ()))
    if role not in runners:
        assert _snapshot() == before, f"{role} changed cohort A's {label} by {action}"
