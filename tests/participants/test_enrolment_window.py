"""A cohort's enrolment window: shown where HR and participants meet the cohort, in the viewer's
zone and labelled, and enrolment outside it refused with a clear message by every door."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.models import Cohort
from participants.models import Enrollment, Participant, User
from participants.services.enrollment import (
    enrollment_create,
    enrollments_create_bulk,
    enrollments_create_each,
)
from tests import factories

pytestmark = pytest.mark.django_db


def _cohort(*, opens_in: dt.timedelta, closes_in: dt.timedelta) -> Cohort:
    # Whole hours from now, so the labelled times below are exact.
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return factories.CohortFactory(
        name="KAM Gulf",
        time_zone="Asia/Dubai",
        enrolment_opens_at=now + opens_in,
        enrolment_closes_at=now + closes_in,
    )


def _closed() -> Cohort:
    return _cohort(opens_in=dt.timedelta(days=-30), closes_in=dt.timedelta(days=-2))


def _not_open() -> Cohort:
    return _cohort(opens_in=dt.timedelta(days=3), closes_in=dt.timedelta(days=30))


def _london(moment: dt.datetime | None) -> str:
    assert moment is not None
    with timezone.override("Europe/London"):
        local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y, %H:%M} (Europe/London)"


def test_inside_the_window_enrolment_goes_on(hr_user: User) -> None:
    cohort = _cohort(opens_in=dt.timedelta(days=-1), closes_in=dt.timedelta(days=1))
    enrollment = enrollment_create(
        participant=factories.ParticipantFactory(), cohort=cohort, by=hr_user
    )
    assert enrollment.status == Enrollment.Status.CONFIRMED
    assert cohort.enrolment_state() == "open"


@pytest.mark.parametrize(
    ("make", "code", "words"),
    [
        (_closed, "enrolment_closed", "closed on"),
        (_not_open, "enrolment_not_open", "opens on"),
    ],
)
def test_outside_the_window_every_service_refuses_and_says_when(
    hr_user: User, make, code: str, words: str
) -> None:  # type: ignore[no-untyped-def]
    cohort = make()
    person = factories.ParticipantFactory()
    moment = cohort.enrolment_closes_at if code == "enrolment_closed" else cohort.enrolment_opens_at
    with timezone.override("Europe/London"):
        with pytest.raises(ValidationError) as one:
            enrollment_create(participant=person, cohort=cohort, by=hr_user)
        with pytest.raises(ValidationError) as many:
            enrollments_create_bulk(cohort=cohort, participants=[person], by=hr_user)
        with pytest.raises(ValidationError) as pasted:
            enrollments_create_each(cohort=cohort, tokens=[person.email], by=hr_user)
    for error in (one.value, many.value, pasted.value):
        assert error.code == code
        (message,) = error.messages
        assert f"Enrolment in KAM Gulf {words} {_london(moment)}" in message
        assert "change the cohort's enrolment window" in message
    assert not Enrollment.objects.filter(cohort=cohort).exists()


def test_hr_page_shows_the_window_in_hrs_zone_and_the_refusal(
    client: Client, hr_user: User
) -> None:
    # given HR in London and a Dubai cohort whose enrolment has closed
    hr_user.time_zone = "Europe/London"
    hr_user.save()
    cohort = _closed()
    person: Participant = factories.ParticipantFactory()
    client.force_login(hr_user)

    # when HR pastes someone to enrol
    response = client.post(
        reverse("participants:cohort-enrol", kwargs={"pk": cohort.pk}),
        {"tokens": person.email},
        follow=True,
    )

    # then the cohort page says why nobody was enrolled, and shows the window, labelled
    html = response.content.decode()
    assert f"Enrolment in KAM Gulf closed on {_london(cohort.enrolment_closes_at)}" in html
    opens, closes = _london(cohort.enrolment_opens_at), _london(cohort.enrolment_closes_at)
    assert f"Enrolment: from {opens} to {closes}." in html
    assert "closed</span>" in html
    assert not Enrollment.objects.filter(cohort=cohort).exists()
    # and the sessions page shows the same window
    sessions = client.get(reverse("courses:cohort-sessions", kwargs={"pk": cohort.pk}))
    assert f"Enrolment: from {opens} to {closes}." in sessions.content.decode()


def test_the_api_refuses_with_the_message(api_as, hr_user: User) -> None:  # type: ignore[no-untyped-def]
    cohort = _not_open()
    person = factories.ParticipantFactory()
    response = api_as(hr_user).post(
        "/api/v1/enrollments/", {"participant": person.pk, "cohort": cohort.pk}, format="json"
    )
    assert response.status_code == 400
    body = json.dumps(response.json(), ensure_ascii=False)
    assert "Enrolment in KAM Gulf opens on" in body
    assert "(UTC)" in body  # an API client has no zone: UTC, named
    assert not Enrollment.objects.filter(cohort=cohort).exists()


def test_a_participant_sees_the_window_on_the_cohort_page_in_their_zone_and_language(
    client: Client,
) -> None:
    # given a Chinese reader in Shanghai, enrolled before the window of a Dubai cohort closed
    cohort = _cohort(opens_in=dt.timedelta(days=-10), closes_in=dt.timedelta(days=5))
    participant = factories.ParticipantFactory(
        with_user=True, language="zh-hans", time_zone="Asia/Shanghai"
    )
    factories.EnrollmentFactory(participant=participant, cohort=cohort)
    user = User.objects.get(pk=participant.user_id)
    user.language = "zh-hans"
    user.save()
    client.force_login(user)

    html = client.get(reverse("courses:cohort-schedule", kwargs={"pk": cohort.pk})).content
    text = html.decode()

    assert cohort.enrolment_closes_at is not None
    closes = timezone.localtime(
        cohort.enrolment_closes_at, timezone=dt.timezone(dt.timedelta(hours=8))
    )
    expected = f"{closes.year}年{closes.month}月{closes.day}日 {closes:%H:%M}（Asia/Shanghai）"
    assert f"至 {expected}。" in text
    assert "正在报名" in text


def test_the_catalogue_shows_each_cohort_to_come_with_its_window(
    client: Client, hr_user: User
) -> None:
    # given a published course with a scheduled cohort, and a cancelled one
    course = factories.CourseFactory(code="kam-window", is_published=True)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    factories.CohortFactory(
        course=course,
        name="KAM Autumn",
        enrolment_opens_at=now + dt.timedelta(days=2),
        enrolment_closes_at=now + dt.timedelta(days=20),
    )
    factories.CohortFactory(course=course, name="KAM Gone", status=Cohort.Status.CANCELLED)
    hr_user.time_zone = "Europe/London"
    hr_user.save()
    client.force_login(hr_user)

    # when a reader in London opens the course page
    html = client.get(course.get_absolute_url()).content.decode()

    # then the cohort to come is listed with its window in the reader's zone, not yet open
    assert "KAM Autumn" in html
    assert "KAM Gone" not in html
    opens = _london(now + dt.timedelta(days=2))
    closes = _london(now + dt.timedelta(days=20))
    assert f"Enrolment: from {opens} to {closes}." in html
    assert "not open yet</span>" in html
