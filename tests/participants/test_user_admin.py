"""Only superusers manage rights in the user admin; HR keeps the ordinary fields."""

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from participants.models import HR_GROUP, TRAINERS_GROUP, User
from tests import factories

pytestmark = pytest.mark.django_db


def _staff(*groups: str, **extra: Any) -> User:
    user = factories.UserFactory(is_staff=True, **extra)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def hr() -> User:
    return _staff(HR_GROUP, full_name="HR Officer")


@pytest.fixture
def trainer() -> User:
    return _staff(TRAINERS_GROUP, full_name="Trainer")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(user: User, **changes: Any) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "time_zone": user.time_zone,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
        "last_login_0": "",
        "last_login_1": "",
        **changes,
    }


def _change(client: Client, user: User, **changes: Any) -> Any:
    url = reverse("admin:participants_user_change", args=[user.pk])
    return client.post(url, {k: v for k, v in _form(user, **changes).items() if v != ""})


def test_hr_cannot_make_a_user_superuser(hr: User, trainer: User) -> None:
    response = _change(_client(hr), trainer, is_superuser="on", full_name="Renamed")
    assert response.status_code == 302
    trainer.refresh_from_db()
    assert not trainer.is_superuser
    assert trainer.full_name == "Renamed"  # the ordinary fields still change


def test_hr_cannot_make_itself_superuser(hr: User) -> None:
    _change(_client(hr), hr, is_superuser="on")
    hr.refresh_from_db()
    assert not hr.is_superuser


def test_hr_cannot_edit_groups_or_permissions(hr: User, trainer: User) -> None:
    # given
    hr_group = Group.objects.get(name=HR_GROUP)
    permission = Permission.objects.get(codename="delete_user")
    # when
    _change(
        _client(hr),
        trainer,
        groups=[hr_group.pk, Group.objects.get(name=TRAINERS_GROUP).pk],
        user_permissions=[permission.pk],
    )
    _change(_client(hr), hr, user_permissions=[permission.pk])
    # then
    assert set(trainer.groups.values_list("name", flat=True)) == {TRAINERS_GROUP}
    assert not trainer.user_permissions.exists()
    assert not hr.user_permissions.exists()


def test_hr_sees_the_rights_read_only(hr: User, trainer: User) -> None:
    url = reverse("admin:participants_user_change", args=[trainer.pk])
    content = _client(hr).get(url).content.decode()
    assert 'name="full_name"' in content
    for field in ("is_superuser", "groups", "user_permissions", "is_staff"):
        assert f'name="{field}"' not in content


def test_hr_is_not_offered_another_users_password_and_superusers_are(trainer: User) -> None:
    # given
    hr = _staff(HR_GROUP)
    root = _staff(is_superuser=True)
    url = reverse("admin:participants_user_change", args=[trainer.pk])
    # when
    as_hr = _client(hr).get(url).content.decode()
    as_root = _client(root).get(url).content.decode()
    again_as_hr = _client(hr).get(url).content.decode()
    # then
    assert 'href="../password/"' not in as_hr
    assert "Only a superuser sets another user" in as_hr
    assert 'href="../password/"' in as_root
    assert 'href="../password/"' not in again_as_hr


def test_hr_cannot_set_another_users_password(hr: User, trainer: User) -> None:
    # given
    url = reverse("admin:auth_user_password_change", args=[trainer.pk])
    # when
    response = _client(hr).post(url, {"password1": "n3w-Passw0rd!", "password2": "n3w-Passw0rd!"})
    # then
    assert response.status_code == 403
    trainer.refresh_from_db()
    assert trainer.check_password("pass-word-123")


def test_superuser_sets_another_users_password_and_rights(trainer: User) -> None:
    root = _staff(is_superuser=True)
    client = _client(root)
    url = reverse("admin:auth_user_password_change", args=[trainer.pk])
    response = client.post(
        url,
        {"password1": "n3w-Passw0rd!", "password2": "n3w-Passw0rd!", "usable_password": "true"},
    )
    assert response.status_code == 302
    _change(client, trainer, is_superuser="on")
    trainer.refresh_from_db()
    assert trainer.check_password("n3w-Passw0rd!")
    assert trainer.is_superuser


def test_hr_cannot_edit_a_superuser(hr: User) -> None:
    root = _staff(is_superuser=True, full_name="Root")
    response = _change(_client(hr), root, full_name="Taken over", is_active="")
    assert response.status_code == 403
    root.refresh_from_db()
    assert (root.full_name, root.is_active) == ("Root", True)
