"""Helpers shared by the courses API tests."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from participants.models import User

ApiAs = Callable[[User | None], APIClient]


def count_queries(client: APIClient, user: User | None, url: str) -> int:
    """Queries of one GET, as a real request makes them: a fresh user, no role cache."""
    client.force_authenticate(User.objects.get(pk=user.pk) if user else None)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)
