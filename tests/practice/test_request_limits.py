"""Request bodies past UPLOAD_MAX_REQUEST_BYTES: a clear 413 from the Content-Length alone.

Through the test client here; through a real gunicorn, with a body that is never sent in
full, in tests/test_gunicorn.py. (Here with the practice pages: they take uploads.)
"""

import pytest
from django.test import Client
from django.urls import reverse

from practice.models import Attachment
from tests.practice.world import PDF, PNG, World, upload

pytestmark = pytest.mark.django_db

LIMIT = 1024 * 1024


@pytest.fixture
def small_limit(settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_REQUEST_BYTES = LIMIT


@pytest.mark.usefixtures("small_limit")
def test_an_oversize_upload_through_the_page_is_a_413_page_and_stores_nothing(
    world: World,
) -> None:
    client = Client()
    client.force_login(world.owner)
    big = PNG + b"0" * LIMIT

    response = client.post(
        reverse("practice:practice-detail", args=[world.practice.pk]),
        {"action": "attach", "phase": "prepare", "file": upload("w.png", big)},
    )

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Request too large" in page
    assert "at most 1 MB" in page
    assert Attachment.objects.count() == 0


@pytest.mark.usefixtures("small_limit")
def test_an_oversize_upload_through_the_api_is_a_json_413(world: World) -> None:
    client = Client()
    client.force_login(world.owner)

    response = client.post(
        reverse("api:practice-attachments", args=[world.practice.pk, "act"]),
        {"file": upload("plan.pdf", PDF + b"0" * LIMIT)},
    )

    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request is too large: at most 1 MB may be sent at once. "
        "Choose a smaller file and try again."
    }
    assert Attachment.objects.count() == 0


@pytest.mark.usefixtures("small_limit")
def test_the_declared_length_alone_decides_before_the_body_is_read(world: World) -> None:
    # A body that claims more than the limit is refused even though only a few bytes came:
    # the middleware never reads it (reading would find the body short).
    client = Client()
    client.force_login(world.owner)

    response = client.generic(
        "POST",
        reverse("api:practice-attachments", args=[world.practice.pk, "act"]),
        b"x" * 10,
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(LIMIT + 1),
    )

    assert response.status_code == 413


@pytest.mark.usefixtures("small_limit")
def test_a_body_within_the_limit_reaches_the_view(world: World) -> None:
    client = Client()
    client.force_login(world.owner)

    response = client.post(
        reverse("api:practice-attachments", args=[world.practice.pk, "act"]),
        {"file": upload("plan.pdf", PDF + b"0" * (LIMIT // 2))},
    )

    assert response.status_code == 201
    assert Attachment.objects.count() == 1


@pytest.mark.usefixtures("small_limit")
def test_the_413_page_speaks_the_browsers_language() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")

    response = client.post(
        "/accounts/login/",
        b"x" * 10,
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(LIMIT * 3),
    )

    assert response.status_code == 413
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert "请求过大" in page


def test_the_default_limit_is_above_the_largest_file_a_view_takes(settings) -> None:  # type: ignore[no-untyped-def]
    from participants.api.people import MAX_IMPORT_BYTES
    from practice.uploads import MAX_BYTES

    assert max(MAX_IMPORT_BYTES, MAX_BYTES) < settings.UPLOAD_MAX_REQUEST_BYTES
