"""A real Celery worker on Redis builds a cohort's reports as one ZIP.

The trainer starts the batch on the cohort debrief as in production (the product's app queues
the task on the broker); the worker (tests/celery_worker.py) renders each PDF, notes its
progress on the `ReportBatch` row and stores the ZIP where the download finds it. It needs
PostgreSQL (a second process on the same database) and Redis on 127.0.0.1:6379; CI runs it
on both.
"""

import io
import zipfile
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import ReportBatch
from tests.assessments.pdf_helpers import pdf_text
from tests.assessments.report_ui_world import released_world
from tests.celery_worker import Worker, start_worker, wait_for

__all__ = ["start_worker"]  # the fixture the test below uses

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("needs_weasyprint"),
]


def test_the_worker_builds_the_cohorts_zip_with_one_pdf_per_participant(
    start_worker: Callable[[str], Worker], client: Client
) -> None:
    # given: a released campaign of three participants and a worker
    world = released_world(participants=3)
    worker = start_worker("dummymail://")  # it sends no mail here
    client.force_login(world.trainer)
    start = reverse("assessments:report-batch-create", args=[world.campaign.pk])

    # when: the trainer asks for the ZIP, with the product queueing on the broker
    with worker.queueing():
        response = client.post(start)

    # then: the trainer follows the batch while the worker builds it, until the row says done
    batch = ReportBatch.objects.get()
    args = [world.campaign.pk, batch.pk]
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:report-batch", args=args)

    def finished() -> bool:
        batch.refresh_from_db()
        return batch.is_finished

    wait_for(finished, seconds=60, what="no finished batch", log=worker.log)
    assert (batch.status, batch.done, batch.total, batch.error) == (
        ReportBatch.Status.DONE,
        3,
        3,
        "",
    )
    status = client.get(reverse("assessments:report-batch-status", args=args)).json()
    assert (status["status"], status["percent"], status["finished"]) == ("done", 100, True)
    assert "raised" not in worker.log.read_text()

    # and the ZIP holds each participant's own report, read back from the PDF
    download = client.get(reverse("assessments:report-batch-download", args=args))
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    subjects = world.world.subjects
    assert len(names) == len(subjects) == 3
    for participant in subjects:
        (name,) = [n for n in names if participant.name in n]
        reader, text = pdf_text(archive.read(name))
        assert len(reader.pages) >= 1
        assert participant.name in text
        assert not any(other.name in text for other in subjects if other.pk != participant.pk)
