"""A cohort's reports as one ZIP: built by a task from the stored PDFs, followed on a progress
page that refreshes itself, downloaded by the trainer who asked; nobody else reaches it."""

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from assessments import tasks
from assessments.models import ReportBatch
from assessments.services.report_pdfs import report_batch_start
from tests import factories
from tests.assessments.pdf_helpers import pdf_text
from tests.assessments.report_ui_world import ReportWorld, released_world

pytestmark = pytest.mark.django_db


def _urls(batch: ReportBatch) -> dict[str, str]:
    args = [batch.campaign_id, batch.pk]
    return {
        "page": reverse("assessments:report-batch", args=args),
        "status": reverse("assessments:report-batch-status", args=args),
        "download": reverse("assessments:report-batch-download", args=args),
    }


@pytest.mark.usefixtures("needs_weasyprint")
def test_trainer_gets_one_zip_with_each_participants_pdf_named_after_them(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    world = released_world(participants=3)
    client.force_login(world.trainer)
    debrief = client.get(reverse("assessments:cohort-debrief", args=[world.campaign.pk]))
    start = reverse("assessments:report-batch-create", args=[world.campaign.pk])
    assert start in debrief.content.decode()
    # when: the button on the cohort debrief; the task runs once the request commits
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(start)
    # then: to the progress page, which is finished and offers the download
    batch = ReportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _urls(batch)["page"]
    assert (batch.status, batch.done, batch.total) == (ReportBatch.Status.DONE, 3, 3)
    page = client.get(_urls(batch)["page"]).content.decode()
    assert _urls(batch)["download"] in page
    assert 'http-equiv="refresh"' not in page
    download = client.get(_urls(batch)["download"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert "attachment" in download["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert len(names) == 3
    subjects = {p.pk: p for p in world.world.subjects}
    assert len(subjects) == 3
    for participant in subjects.values():
        (name,) = [n for n in names if participant.name in n]
        assert name.endswith(".pdf")
        if participant.name_en:
            assert participant.name_en.replace(" ", "_") in name
        _reader, text = pdf_text(archive.read(name))
        assert participant.name in text
        others = [p.name for p in subjects.values() if p.pk != participant.pk]
        assert not any(other in text for other in others)


@pytest.mark.parametrize(
    ("status", "done", "refreshes", "shows"),
    [
        (ReportBatch.Status.PENDING, 0, True, "Waiting to start"),
        (ReportBatch.Status.RUNNING, 1, True, "Running"),
        (ReportBatch.Status.DONE, 2, False, "Download the ZIP"),
        (ReportBatch.Status.FAILED, 1, False, "Try again"),
    ],
)
def test_progress_page_shows_each_state(
    client: Client, status: str, done: int, refreshes: bool, shows: str
) -> None:
    # given: a batch in that state (as the task leaves it)
    world = released_world()
    batch = ReportBatch.objects.create(
        campaign=world.campaign,
        requested_by=world.trainer,
        language="en",
        status=status,
        done=done,
        total=2,
        error="The reports could not be put together (OSError)."
        if status == ReportBatch.Status.FAILED
        else "",
    )
    if status == ReportBatch.Status.DONE:
        batch.file.save("reports.zip", io.BytesIO(b"PK\x05\x06" + b"\0" * 18), save=True)
    client.force_login(world.trainer)
    # when
    page = client.get(_urls(batch)["page"])
    status_json = client.get(_urls(batch)["status"]).json()
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert shows in html
    assert f'value="{batch.percent}"' in html
    assert f"<span data-progress-done>{done}</span> / <span data-progress-total>2</span>" in html
    # without a script the page refreshes itself until the batch is finished
    assert ('<noscript><meta http-equiv="refresh"' in html) is refreshes
    assert ("data-progress-status=" in html) is refreshes
    assert (_urls(batch)["download"] in html) is (status == ReportBatch.Status.DONE)
    assert status_json == {
        "status": status,
        "status_display": batch.get_status_display(),
        "done": done,
        "total": 2,
        "percent": {"pending": 0, "running": 50, "done": 100, "failed": 50}[status],
        "finished": not refreshes,
    }
    download = client.get(_urls(batch)["download"])
    assert download.status_code == (200 if status == ReportBatch.Status.DONE else 404)


def test_a_batch_whose_requester_lost_the_cohort_fails_and_says_so(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    # given: started by a trainer who is taken off the cohort before the work runs
    world = released_world()
    with django_capture_on_commit_callbacks(execute=False):
        batch = report_batch_start(campaign=world.campaign, by=world.trainer)
    world.campaign.cohort.trainers.remove(world.trainer)
    # when: the task runs
    with pytest.raises(PermissionDenied):  # and Celery records the failure too
        tasks.build_report_batch.delay(batch.pk)
    # then: recorded as failed with a reason, no file
    batch.refresh_from_db()
    assert batch.status == ReportBatch.Status.FAILED
    assert "PermissionDenied" in batch.error
    assert not batch.file
    assert batch.finished_at is not None


ROLES = ("participant_own", "participant_outside", "trainer_own", "trainer_other", "hr")


@pytest.fixture
def world() -> ReportWorld:
    world = released_world()
    world.users["participant_outside"] = factories.ParticipantFactory(with_user=True).user
    return world


@pytest.mark.parametrize("role", ROLES)
def test_only_the_cohorts_trainer_may_start_a_batch(
    client: Client, world: ReportWorld, role: str, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    client.force_login(world.users[role])
    # when: the task is left queued (what it does is the test above)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("assessments:report-batch-create", args=[world.campaign.pk]))
    # then: the cohort's trainer; HR reads no individual report, so no ZIP either
    if role == "trainer_own":
        assert response.status_code == 302
        assert ReportBatch.objects.get().requested_by == world.trainer
    else:
        assert response.status_code == 404
        assert not ReportBatch.objects.exists()


def test_start_is_a_post_and_needs_a_login(client: Client, world: ReportWorld) -> None:
    url = reverse("assessments:report-batch-create", args=[world.campaign.pk])
    assert client.post(url)["Location"].startswith("/accounts/login/")
    client.force_login(world.trainer)
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("role", [*ROLES, "co_trainer", "anonymous"])
def test_only_whoever_asked_follows_and_downloads_the_batch(
    client: Client, world: ReportWorld, role: str
) -> None:
    # given: a finished batch the cohort's trainer asked for; a second trainer of the cohort
    batch = ReportBatch.objects.create(
        campaign=world.campaign,
        requested_by=world.trainer,
        language="en",
        status=ReportBatch.Status.DONE,
        done=2,
        total=2,
    )
    batch.file.save("reports.zip", io.BytesIO(b"PK\x05\x06" + b"\0" * 18), save=True)
    co_trainer = factories.UserFactory()
    co_trainer.groups.add(*world.trainer.groups.all())
    world.campaign.cohort.trainers.add(co_trainer)
    world.users["co_trainer"] = co_trainer
    world.users["anonymous"] = None
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    # when / then
    for url in _urls(batch).values():
        response = client.get(url)
        if role == "trainer_own":
            assert response.status_code == 200, url
        elif role == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code == 404, (role, url)
