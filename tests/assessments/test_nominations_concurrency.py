"""Concurrent nominations and transitions on PostgreSQL: real threads, one connection each.

SQLite serialises every writer and keeps its test database in memory (invisible to other
connections), so these run on PostgreSQL only; CI runs the suite there.
"""

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from assessments.models import Invitation
from assessments.services.campaigns import campaign_close
from assessments.services.nominations import invitation_nominate
from tests import factories
from tests.assessments.campaign_data import nominating_campaign

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_at_once(calls: list[Callable[[], object]]) -> list[BaseException]:
    """Run each call in its own thread (own connection), all released together."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def worker(call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            call()
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    return errors


def test_simultaneous_nominations_respect_the_group_maximum() -> None:
    setup = nominating_campaign(n=1)
    participant = setup.participants[0]
    errors = _run_at_once(
        [
            (
                lambda i=i: invitation_nominate(
                    campaign=setup.campaign,
                    subject=participant,
                    rater_name=f"Boss {i}",
                    rater_email=f"boss{i}@example.com",
                    group="manager",
                    by=participant.user,
                )
            )
            for i in range(6)
        ]
    )
    assert Invitation.objects.filter(group="manager").count() == 1
    assert len(errors) == 5
    assert all(isinstance(error, ValidationError) for error in errors)


def test_two_simultaneous_closes_record_one_event(hr_user) -> None:
    campaign = factories.CampaignFactory(status="open")
    errors = _run_at_once([lambda: campaign_close(campaign=campaign, by=hr_user)] * 2)
    assert len(errors) == 1
    assert campaign.events.filter(to_status="closed").count() == 1
