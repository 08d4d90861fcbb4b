"""With a broker, a confirmed import is run by a real Celery worker on Redis.

The worker is its own process on the production settings, reading the run this test commits
and the rows it kept in the storage (the same media directory), and writing the people and
the result to the test database. It needs PostgreSQL (a second process on the same database)
and Redis on 127.0.0.1:6379; CI runs it on both.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from openpyxl import Workbook

from participants.models import HR_GROUP, ImportRun, Participant
from participants.services.import_runs import import_run_create
from participants.services.importing import participants_import
from participants.tasks import run_import
from tests import factories
from tests.celery_worker import Worker, start_worker, wait_for

__all__ = ["start_worker"]  # the fixture the test below uses

HEADER = ["工号", "姓名", "邮箱", "时区"]

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_worker_runs_the_import_and_deletes_the_kept_rows(start_worker) -> None:  # type: ignore[no-untyped-def]
    # given a committed run of two people, its rows kept in the storage
    hr = factories.UserFactory(is_staff=True)
    hr.groups.add(Group.objects.get(name=HR_GROUP))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [
        HEADER,
        ["E1", "吴迪", "wudi@example.com", "Asia/Dubai"],
        ["E2", "李雷", "lilei@example.com", "Asia/Shanghai"],
    ]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    preview = participants_import(data=buffer.getvalue(), by=hr, dry_run=True)
    assert preview.table is not None
    run = import_run_create(table=preview.table, file_name="people.xlsx", by=hr)
    kept = run.file.name
    assert default_storage.exists(kept)

    # when the task is queued under the product's name
    worker: Worker = start_worker("consolemail://")
    worker.send(run_import.name, run.pk)

    # then the worker ran it: the people are in, the result is on the run, the rows are gone
    wait_for(
        lambda: ImportRun.objects.get(pk=run.pk).is_finished,
        seconds=60,
        what="the run did not finish",
        log=worker.log,
    )
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == ("done", 2, 2), run.errors
    assert run.counts["created"] == 2
    assert set(Participant.objects.values_list("employee_number", flat=True)) == {"E1", "E2"}
    assert not default_storage.exists(kept)
    assert "raised" not in worker.log.read_text()
