"""A real Celery worker on Redis for tests, reading the test database.

The worker is its own process (`celery -A kamtraining worker --pool=solo`) on the production
settings, on a queue of its own, reading the rows the test commits (so its tests run on
PostgreSQL, with `transaction=True`) and writing files where the test reads them. Mail goes
where the test says: to files it reads back, or to an SMTP port where nothing listens.

A test hands it work in one of two ways:
- `worker.send(name, *args)`: the test's own Celery client queues one task by name;
- `with worker.queueing(): ...`: the product's app in the test process queues its tasks on
  the worker's queue, as with CELERY_BROKER_URL set, so a view or a service runs as in
  production and its `.delay()` reaches the worker. The app is eager again after the block.

Needs Redis on 127.0.0.1:6379 (CI runs it): without it the tests skip, except under CI=true.
"""

import contextlib
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

from kamtraining.celery import app as product_app
from participants.tasks import enrollment_notify
from tests.conftest import IN_CI
from tests.servers import ROOT, database_url, production_env

BROKER_URL = "redis://127.0.0.1:6379/7"  # the worker tests' own Redis database


def redis_or_skip() -> None:
    try:
        redis.Redis.from_url(BROKER_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if IN_CI:
            raise
        pytest.skip("needs Redis on 127.0.0.1:6379; CI runs it")


def wait_for(condition: Callable[[], bool], *, seconds: float, what: str, log: Path) -> None:
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

    def send(self, task: str, *args: object) -> None:
        self.client.send_task(task, args=args, queue=self.queue)

    @contextlib.contextmanager
    def queueing(self) -> Iterator[None]:
        """The product's app queues its tasks on this worker's queue until the block ends."""
        conf = product_app.conf
        saved = {
            key: conf[key] for key in ("task_always_eager", "broker_url", "task_default_queue")
        }
        conf.update(task_always_eager=False, broker_url=BROKER_URL, task_default_queue=self.queue)
        _forget_broker_state()
        try:
            yield
        finally:
            conf.update(saved)
            _forget_broker_state()


def _forget_broker_state() -> None:
    """Drop what the product's app built from its earlier settings (as Celery does after a
    fork): its connection and producer pools, and its routes to the default queue. Built once
    by an earlier test on this process, they would send this block's tasks elsewhere."""
    product_app._pool = None
    product_app.__dict__.pop("amqp", None)


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[[str], Worker]]:
    """Start a worker whose mail goes to `email_url`; it stops when the test ends."""
    redis_or_skip()
    processes: list[subprocess.Popen[bytes]] = []
    queues: list[str] = []

    def start(email_url: str) -> Worker:
        queue = f"kam-test-{uuid.uuid4().hex}"  # this worker's own queue: nothing else reads it
        log = tmp_path / f"{queue}.log"
        env = production_env(
            # the test's key and files: links the worker makes open on the test's client, and
            # the files it stores are where the test's storage looks
            DJANGO_SECRET_KEY=settings.SECRET_KEY,
            DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT),
            DATABASE_URL=database_url(),
            CELERY_BROKER_URL=BROKER_URL,
            EMAIL_URL=email_url,
        )
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
        queues.append(queue)
        wait_for(lambda: "ready." in log.read_text(), seconds=60, what="no worker", log=log)
        return Worker(queue, log)

    yield start

    # The test's client must not have become the app the product's tasks run on, and the
    # product's app must be eager again: later tests on this process would queue their mail
    # to Redis instead of sending it.
    assert enrollment_notify.app.main == "kamtraining"
    assert enrollment_notify.app.conf.task_always_eager
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    # what is left of the queues in Redis: their routes, a task a failed test left behind
    broker = redis.Redis.from_url(BROKER_URL)
    for queue in queues:
        broker.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
