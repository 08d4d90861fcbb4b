"""Attachments: real small files, checked by magic bytes and extension, kept in storage."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from practice.models import Attachment
from practice.services.phases import attachment_add, attachment_remove, phase_complete
from practice.uploads import MAX_BYTES
from tests.practice.world import GIF, JPEG, PDF, PNG, WEBP, World, office, plain_zip, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("plan.pdf", PDF, "application/pdf"),
        ("whiteboard.png", PNG, "image/png"),
        ("photo.JPG", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("chart.gif", GIF, "image/gif"),
        ("chart.webp", WEBP, "image/webp"),
        (
            "minutes.docx",
            office("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "numbers.xlsx",
            office("xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "deck.pptx",
            office("pptx"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
    ],
)
def test_accepted_kinds_are_stored_through_the_storage_api(
    world: World, name: str, content: bytes, expected: str
) -> None:
    attachment = attachment_add(
        practice=world.practice, phase="prepare", upload=upload(name, content), by=world.owner
    )

    assert attachment.content_type == expected
    assert default_storage.exists(attachment.file.name)
    with default_storage.open(attachment.file.name, "rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.pdf", b"MZ\x90\x00 this is an executable"),  # right name, wrong bytes
        ("plan.exe", PDF),  # right bytes, wrong name
        ("plan.png", PDF),  # the two disagree
        ("minutes.docx", plain_zip()),  # a zip, but not an Office document
        ("minutes.docx", office("xlsx")),  # an Office document of another kind
        ("page.html", b"<html><script>alert(1)</script>"),
        ("noextension", PNG),
    ],
)
def test_other_files_are_refused(world: World, name: str, content: bytes) -> None:
    with pytest.raises(ValidationError):
        attachment_add(
            practice=world.practice,
            phase="prepare",
            upload=upload(name, content, "application/pdf"),
            by=world.owner,
        )
    assert not Attachment.objects.exists()


def test_a_file_over_10_mb_is_refused(world: World) -> None:
    big = PDF + b"0" * (MAX_BYTES + 1 - len(PDF))
    with pytest.raises(ValidationError, match="10 MB"):
        attachment_add(
            practice=world.practice, phase="prepare", upload=upload("big.pdf", big), by=world.owner
        )


def test_a_phase_holds_three_attachments(world: World) -> None:
    for n in range(3):
        attachment_add(
            practice=world.practice, phase="act", upload=upload(f"p{n}.png", PNG), by=world.owner
        )
    with pytest.raises(ValidationError, match="at most 3"):
        attachment_add(
            practice=world.practice, phase="act", upload=upload("p4.png", PNG), by=world.owner
        )


def test_no_attachment_on_a_completed_phase(world: World) -> None:
    phase_complete(practice=world.practice, phase="prepare", text="Plan", by=world.owner)
    with pytest.raises(ValidationError):
        attachment_add(
            practice=world.practice, phase="prepare", upload=upload("p.png", PNG), by=world.owner
        )


def test_removing_an_attachment_deletes_the_stored_file(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    attachment = attachment_add(
        practice=world.practice, phase="prepare", upload=upload("p.png", PNG), by=world.owner
    )
    name = attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=attachment, by=world.owner)
    assert not default_storage.exists(name)


def test_download_only_for_those_who_may_read_the_practice(world: World) -> None:
    attachment = attachment_add(
        practice=world.practice, phase="prepare", upload=upload("plan.pdf", PDF), by=world.owner
    )
    url = reverse("practice:attachment-download", args=[attachment.pk])
    for user, expected in (
        (world.owner, 200),
        (world.trainer, 200),
        (world.hr, 200),
        (world.peer, 404),
        (world.other_trainer, 404),
    ):
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected, user
        if expected == 200:
            assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
            assert response["Content-Disposition"].startswith("attachment")


def test_upload_through_the_page_and_the_api(world: World) -> None:
    client = Client()
    client.force_login(world.owner)
    page = client.post(
        reverse("practice:practice-detail", args=[world.practice.pk]),
        {"action": "attach", "phase": "prepare", "file": upload("w.png", PNG)},
    )
    api = client.post(
        reverse("api:practice-attachments", args=[world.practice.pk, "act"]),
        {"file": upload("plan.pdf", PDF)},
    )
    refused = client.post(
        reverse("api:practice-attachments", args=[world.practice.pk, "act"]),
        {"file": upload("plan.pdf", b"not a pdf")},
    )

    assert page.status_code == 302
    assert api.status_code == 201
    assert api.json()["content_type"] == "application/pdf"
    assert refused.status_code == 400
    assert Attachment.objects.count() == 2
