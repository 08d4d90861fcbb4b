"""One waitlist position: the same number in the email, on My Zone and in the API."""

import re

import pytest
from django.core import mail

from participants.services.enrollment import enrollments_create_bulk
from tests import factories

pytestmark = pytest.mark.django_db


def test_bulk_enrolment_waitlisting_three_emails_positions_1_2_3_like_my_zone_and_the_api(
    hr_user, api_as, client, django_capture_on_commit_callbacks
):
    # given a full cohort
    cohort = factories.CohortFactory(capacity=1)
    holder = factories.ParticipantFactory()
    waiting = [factories.ParticipantFactory(with_user=True, language="en") for _ in range(3)]

    # when one bulk enrolment waitlists three people at the same instant
    with django_capture_on_commit_callbacks(execute=True):
        enrollments_create_bulk(cohort=cohort, participants=[holder, *waiting], by=hr_user)

    # then each email names the place that My Zone and the API show
    emailed = {}
    for message in mail.outbox:
        found = re.search(r"position (\d+)", message.body)
        if found:
            emailed[message.to[0]] = int(found.group(1))
    assert [emailed[p.email] for p in waiting] == [1, 2, 3]

    rows = api_as(hr_user).get(f"/api/v1/cohorts/{cohort.pk}/enrollments/").json()["results"]
    by_participant = {r["participant"]: r["waitlist_position"] for r in rows}
    assert [by_participant[p.pk] for p in waiting] == [1, 2, 3]

    for position, person in enumerate(waiting, start=1):
        client.force_login(person.user)
        assert f"number {position} on the waitlist" in client.get("/me/").content.decode()
        mine = api_as(person.user).get("/api/v1/me/").json()["enrollments"]
        assert [e["waitlist_position"] for e in mine] == [position]
