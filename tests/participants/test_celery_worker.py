"""A real Celery worker on Redis runs the enrolment email task against the test database.

The worker is its own process (`celery -A kamtraining worker --pool=solo`) on the production
settings, reading the rows this test commits; mail goes to files the test reads back, or to
an SMTP port where nothing listens. It needs PostgreSQL (a second process on the same
database) and Redis on 127.0.0.1:6379; CI runs it on both.
"""

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from email import message_from_string
from pathlib import Path

import pytest
import redis
from celery import Celery

from participants.models import Enrollment
from participants.tasks import enrollment_notify
from tests import factories
from tests.conftest import IN_CI
from tests.servers import database_url, free_port

ROOT = Path(__file__).resolve().parent.parent.parent
BROKER_URL = "redis://127.0.0.1:6379/5"
TASK = "participants.tasks.enrollment_notify"
MAX_RETRIES = 5  # the task's own setting

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


class Worker:
    def __init__(self, queue: str, log: Path) -> None:
        self.queue = queue
        self.log = log
        # not the current app: the product's tasks must keep running on its own (eager) app
        self.client = Celery("kamtraining-test", broker=BROKER_URL, set_as_current=False)

    def send(self, *args: object) -> None:
        self.client.send_task(TASK, args=args, queue=self.queue)


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[[str], Worker]]:
    processes: list[subprocess.Popen[bytes]] = []

    def start(email_url: str) -> Worker:
        queue = f"kam-test-{uuid.uuid4().hex}"  # this worker's own queue: nothing else reads it
        log = tmp_path / f"{queue}.log"
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_", "EMAIL_"))
        } | {
            "DJANGO_SETTINGS_MODULE": "kamtraining.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "celery-worker-test-" + "k" * 50,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": BROKER_URL,
            "EMAIL_URL": email_url,
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
        processes.append(process)
        _wait_for(lambda: "ready." in log.read_text(), seconds=60, what="no worker", log=log)
        return Worker(queue, log)

    yield start

    # The test's client must not have become the app the product's tasks run on: later tests
    # on this process would queue their mail to Redis instead of sending it.
    assert enrollment_notify.app.main == "kamtraining"
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _enrollment() -> Enrollment:
    participant = factories.ParticipantFactory(email="wudi@example.com")
    return factories.EnrollmentFactory(participant=participant)


def test_the_worker_sends_the_enrolment_email(
    start_worker: Callable[[str], Worker], tmp_path: Path
) -> None:
    # given: a committed enrolment and a worker whose mail goes to files
    enrollment = _enrollment()
    outbox = tmp_path / "outbox"
    worker = start_worker(f"filemail:///{outbox}")

    # when
    worker.send(enrollment.pk, "confirmed", False)

    # then: the worker read the row from the database and wrote the message
    _wait_for(
        lambda: outbox.is_dir() and any(outbox.iterdir()),
        seconds=60,
        what="no email",
        log=worker.log,
    )
    (file,) = outbox.iterdir()
    message = message_from_string(file.read_text())
    assert message["To"] == "wudi@example.com"
    assert message["Subject"]
    assert "raised" not in worker.log.read_text()


def test_a_send_that_fails_is_retried_and_then_reported(
    start_worker: Callable[[str], Worker],
) -> None:
    # given: the SMTP server is down (nothing listens on its port)
    enrollment = _enrollment()
    worker = start_worker(f"smtp://127.0.0.1:{free_port()}")

    # when
    worker.send(enrollment.pk, "confirmed", False)

    # then: each failure is sent back to the queue with a growing delay (the worker receives
    # the task once and then once per retry), and after the last retry the task is logged as
    # failed with its error, never dropped in silence
    _wait_for(
        lambda: "raised unexpected" in worker.log.read_text(),
        seconds=120,
        what="no final failure",
        log=worker.log,
    )
    log = worker.log.read_text()
    received = re.findall(rf"{TASK}\[([0-9a-f-]+)\] received", log)
    assert len(received) == 1 + MAX_RETRIES, log
    assert len(set(received)) == 1  # the same task each time
    (failure,) = re.findall(rf"ERROR/.*{TASK}\[[0-9a-f-]+\] raised unexpected: (\w+)", log)
    assert failure == "ConnectionRefusedError"
