"""Fixtures the participants tests share."""

import pytest
from django.test import Client

from participants.models import User


@pytest.fixture
def hr_client(client: Client, hr_user: User) -> Client:
    """HR logged in with admin access (staff), for the admin's pages.

    HR's own pages (the import among them) need none: the modules testing them log HR in
    without staff rights (test_import_pages.py, or their own `hr_client`).
    """
    hr_user.is_staff = True
    hr_user.save()
    client.force_login(hr_user)
    return client
