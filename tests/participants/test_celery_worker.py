"""A real Celery worker on Redis sends enrolment emails and invitations from the test database.

The worker (tests/celery_worker.py) reads the rows this test commits; mail goes to files the
test reads back, or to an SMTP port where nothing listens. It needs PostgreSQL (a second
process on the same database) and Redis on 127.0.0.1:6379; CI runs it on both.
"""

import re
from collections.abc import Callable
from email import message_from_bytes, message_from_string
from email.message import Message
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from participants.models import Enrollment, User
from participants.services.accounts import account_invitations_send
from tests import factories
from tests.celery_worker import Worker, start_worker, wait_for
from tests.servers import free_port
from tests.smtp import smtp_server

__all__ = ["start_worker"]  # the fixture the tests below use

TASK = "participants.tasks.enrollment_notify"
INVITATIONS_TASK = "participants.tasks.account_invitations_notify"
MAX_RETRIES = 5  # the tasks' own setting
PASSWORD = "a-Long-new-passw0rd"
SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # between the messages of one file (Django's file backend)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


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
    worker.send(TASK, enrollment.pk, "confirmed", False)

    # then: the worker read the row from the database and wrote the message
    wait_for(
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
    worker.send(TASK, enrollment.pk, "confirmed", False)

    # then: each failure is sent back to the queue with a growing delay (the worker receives
    # the task once and then once per retry), and after the last retry the task is logged as
    # failed with its error, never dropped in silence
    wait_for(
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


def _outbox(outbox: Path) -> list[Message]:
    """Every message the worker has written so far, each file holding one connection's."""
    found = []
    for file in sorted(outbox.iterdir()) if outbox.is_dir() else []:
        found += [message_from_bytes(m) for m in file.read_bytes().split(SEPARATOR) if m.strip()]
    return found


def _body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8")


def _link_path(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/activate/\S+)", body)
    assert match, body
    return match.group(1)


def test_the_worker_sends_the_invitations_hr_asks_for_and_each_link_works_once(
    start_worker: Callable[[str], Worker], tmp_path: Path, client: Client, hr_user: User
) -> None:
    # given: two participants without accounts, and a worker whose mail goes to files
    chen = factories.ParticipantFactory(email="chen@example.com", name="陈静", name_en="Chen Jing")
    lin = factories.ParticipantFactory(email="lin@example.com", name="林涛", name_en="Lin Tao")
    outbox = tmp_path / "outbox"
    worker = start_worker(f"filemail:///{outbox}")
    client.force_login(hr_user)

    # when: HR invites them on the people page, with the product queueing on the broker
    with worker.queueing():
        response = client.post(
            reverse("participants:account-invite"), {"participants": [chen.pk, lin.pk]}
        )

    # then: the page counts both as sent, and the worker sent each their own link
    assert response.status_code == 200
    assert "2 invitations sent" in response.content.decode()
    wait_for(lambda: len(_outbox(outbox)) == 2, seconds=60, what="no 2 emails", log=worker.log)
    messages = {m["To"]: m for m in _outbox(outbox)}
    assert set(messages) == {"chen@example.com", "lin@example.com"}
    assert "raised" not in worker.log.read_text()
    client.logout()
    for participant in (chen, lin):
        link = _link_path(_body(messages[participant.email]))
        # the link the worker made opens here, sets the password once and then is spent
        assert client.get(link).status_code == 200
        response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
        assert response.status_code == 302
        participant.refresh_from_db()
        assert participant.user.check_password(PASSWORD)
        again = client.get(link)
        assert again.status_code == 410
        assert "already been used" in again.content.decode()


def test_an_invitation_that_fails_is_retried_and_then_reported(
    start_worker: Callable[[str], Worker], hr_user: User
) -> None:
    # given: the SMTP server is down (nothing listens on its port)
    participant = factories.ParticipantFactory(email="chen@example.com")
    worker = start_worker(f"smtp://127.0.0.1:{free_port()}")

    # when: HR's invitation is queued by the product's own service
    with worker.queueing():
        result = account_invitations_send(participants=[participant], by=hr_user)
    assert result.sent == [participant]

    # then: the same task comes back once per retry, and after the last one it is logged as
    # failed with the mail server's error
    wait_for(
        lambda: "raised unexpected" in worker.log.read_text(),
        seconds=120,
        what="no final failure",
        log=worker.log,
    )
    log = worker.log.read_text()
    received = re.findall(rf"{INVITATIONS_TASK}\[([0-9a-f-]+)\] received", log)
    assert len(received) == 1 + MAX_RETRIES, log
    assert len(set(received)) == 1
    (failure,) = re.findall(
        rf"ERROR/.*{INVITATIONS_TASK}\[[0-9a-f-]+\] raised unexpected: (\w+)", log
    )
    assert failure == "ConnectionRefusedError"


def test_a_mail_server_failing_part_way_sends_each_invitation_once(
    start_worker: Callable[[str], Worker], hr_user: User
) -> None:
    # given: three people to invite, and a mail server that turns the second away once
    people = [factories.ParticipantFactory(email=f"p{i}@example.com") for i in range(3)]
    with smtp_server() as (port, mailbox):
        mailbox.refuse["p1@example.com"] = 1
        worker = start_worker(f"smtp://127.0.0.1:{port}")

        # when
        with worker.queueing():
            account_invitations_send(participants=people, by=hr_user)

        # then: the first went out, the task was retried for the other two only, and so
        # everyone got exactly one link
        wait_for(
            lambda: len(mailbox.delivered) >= 3, seconds=60, what="no 3 emails", log=worker.log
        )
        assert mailbox.delivered == [["p0@example.com"], ["p1@example.com"], ["p2@example.com"]]
        log = worker.log.read_text()
        received = re.findall(rf"{INVITATIONS_TASK}\[([0-9a-f-]+)\] received", log)
        assert len(received) == 2, log  # the send, and its one retry
        assert len(set(received)) == 1
        assert "raised" not in log
