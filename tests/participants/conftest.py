"""Fixtures the participants tests share."""

import pytest
from django.test import Client

from participants.models import User


@pytest.fixture
def hr_client(client: Client, hr_user: User) -> Client:
    """HR logged in with admin access (staff), as the admin's import pages need.

    Modules testing HR's own pages log HR in without staff rights in their own `hr_client`.
    """
    hr_user.is_staff = True
    hr_user.save()
    client.force_login(hr_user)
    return client
