"""Who reaches the account pages: anonymous, participant, trainer, HR."""

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from participants.models import HR_GROUP, TRAINERS_GROUP
from tests import factories

pytestmark = pytest.mark.django_db

# page, method -> expected status per role (anonymous: a redirect to the login page)
MATRIX = [
    ("/hr/people/", "get", {"anonymous": 302, "participant": 404, "trainer": 404, "hr": 200}),
    (
        "/hr/people/invite/",
        "post",
        {"anonymous": 302, "participant": 404, "trainer": 404, "hr": 302},
    ),
    ("/me/profile/", "get", {"anonymous": 302, "participant": 200, "trainer": 200, "hr": 200}),
    (
        "/accounts/password_change/",
        "get",
        {"anonymous": 302, "participant": 200, "trainer": 200, "hr": 200},
    ),
    (
        "/accounts/password_reset/",
        "get",
        {"anonymous": 200, "participant": 200, "trainer": 200, "hr": 200},
    ),
    (
        "/accounts/activate/MQ/x-y/",
        "get",
        {"anonymous": 410, "participant": 410, "trainer": 410, "hr": 410},
    ),
]


def _user(role: str) -> Any:
    if role == "anonymous":
        return None
    if role == "participant":
        return factories.ParticipantFactory(with_user=True).user
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=HR_GROUP if role == "hr" else TRAINERS_GROUP))
    return user


@pytest.mark.parametrize("role", ["anonymous", "participant", "trainer", "hr"])
@pytest.mark.parametrize(("url", "method", "expected"), MATRIX)
def test_account_page_access(
    client: Client, role: str, url: str, method: str, expected: dict[str, int]
) -> None:
    user = _user(role)
    if user is not None:
        client.force_login(user)

    response = getattr(client, method)(url)

    assert response.status_code == expected[role]
    if role == "anonymous" and expected[role] == 302:
        assert response["Location"].startswith("/accounts/login/")
