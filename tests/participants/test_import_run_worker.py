"""With a broker, a confirmed import is run by a real Celery worker on Redis.

The worker is its own process on the production settings, reading the run this test commits
and the rows it kept in the storage (the same media directory), and writing the people and
the result to the test database. It needs PostgreSQL (a second process on the same database)
and Redis on 127.0.0.1:6379; CI runs it on both.
"""

import io
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from openpyxl import Workbook

from participants.models import HR_GROUP, ImportRun, Participant
from participants.services.import_runs import import_run_create
from participants.services.importing import participants_import
from participants.tasks import run_import
from tests import factories
from tests.conftest import IN_CI
from tests.servers import database_url

ROOT = Path(__file__).resolve().parent.parent.parent
BROKER_URL = "redis://127.0.0.1:6379/4"
HEADER = ["工号", "姓名", "邮箱", "时区"]

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module", autouse=True)
def _redis_is_up() -> None:
    try:
        redis.Redis.from_url(BROKER_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if IN_CI:
            raise
        pytest.skip("needs Redis on 127.0.0.1:6379; CI runs it")


def _wait_for(condition: Callable[[], bool], *, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds:.0f}s; worker log:\n{log.read_text()}")
        time.sleep(0.2)


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A worker on its own queue (nothing else reads it); yields the queue and its log."""
    queue = f"kam-test-{uuid.uuid4().hex}"
    log = tmp_path / f"{queue}.log"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_", "EMAIL_"))
    } | {
        "DJANGO_SETTINGS_MODULE": "kamtraining.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "celery-worker-test-" + "k" * 50,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": BROKER_URL,
        "EMAIL_URL": "consolemail://",
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "kamtraining", "worker"),
                *("--pool=solo", "--loglevel=INFO", "-Q", queue, "--without-heartbeat"),
                *("--without-gossip", "--without-mingle"),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(lambda: "ready." in log.read_text(), seconds=60, what="no worker", log=log)
        yield queue, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_worker_runs_the_import_and_deletes_the_kept_rows(
    worker: tuple[str, Path],
) -> None:
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
    queue, log = worker
    client = Celery("kamtraining-test", broker=BROKER_URL, set_as_current=False)
    client.send_task(run_import.name, args=(run.pk,), queue=queue)

    # then the worker ran it: the people are in, the result is on the run, the rows are gone
    _wait_for(
        lambda: ImportRun.objects.get(pk=run.pk).is_finished,
        seconds=60,
        what="the run did not finish",
        log=log,
    )
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == ("done", 2, 2), run.errors
    assert run.counts["created"] == 2
    assert set(Participant.objects.values_list("employee_number", flat=True)) == {"E1", "E2"}
    assert not default_storage.exists(kept)
    assert "raised" not in log.read_text()
    # the test's client has not become the product's app (later tests would queue to Redis)
    assert run_import.app.main == "kamtraining"
