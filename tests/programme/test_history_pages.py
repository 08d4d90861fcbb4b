"""History on HR's records: a session's changes on its page, a cohort's enrolment changes on
its overview. Who, when (in the reader's zone) and what (in the reader's language); HR only;
a constant number of queries however long the history."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from assessments.services.campaigns.settings import campaign_create, campaign_update
from courses.services.scheduling import session_update
from participants.models import Enrollment, User
from participants.services.enrollment.lifecycle import enrollment_cancel, enrollment_create
from tests import factories

pytestmark = pytest.mark.django_db

MOVED_FROM = dt.datetime(2027, 3, 1, 1, 0, tzinfo=dt.UTC)
MOVED_TO = dt.datetime(2027, 3, 2, 6, 30, tzinfo=dt.UTC)


def _session_url(session) -> str:  # type: ignore[no-untyped-def]
    return reverse("courses:session-edit", kwargs={"pk": session.pk})


def _overview_url(cohort) -> str:  # type: ignore[no-untyped-def]
    return reverse("participants:cohort-overview", kwargs={"pk": cohort.pk})


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_hr_sees_who_moved_a_session_and_when_in_their_own_zone(hr_user: User) -> None:
    # given a session HR moved, read by an HR officer in Shanghai (UTC+8)
    session = factories.SessionFactory(
        starts_at=MOVED_FROM, ends_at=MOVED_FROM + dt.timedelta(hours=3)
    )
    session_update(
        session=session,
        by=hr_user,
        starts_at=MOVED_TO,
        ends_at=MOVED_TO + dt.timedelta(hours=3),
    )
    hr_user.time_zone = "Asia/Shanghai"
    hr_user.save(update_fields=["time_zone"])

    # when they open the session's page
    page = _client(hr_user).get(_session_url(session)).content.decode()

    # then its history names them and the old and new start in their zone
    assert 'id="history"' in page
    assert "times in Asia/Shanghai" in page
    assert "HR Officer" in page
    # 01:00 and 06:30 UTC are 09:00 and 14:30 in Shanghai
    assert "Starts at: 2027-03-01 09:00 → 2027-03-02 14:30" in page
    assert "Ends at: 2027-03-01 12:00 → 2027-03-02 17:30" in page


def test_a_cancelled_session_reads_in_chinese_for_a_chinese_reader(hr_user: User) -> None:
    session = factories.SessionFactory()
    session_update(session=session, by=hr_user, status="cancelled")
    hr_user.language = "zh-hans"
    hr_user.save(update_fields=["language"])

    page = _client(hr_user).get(_session_url(session)).content.decode()

    assert "历史记录" in page
    assert "已取消" in page


def test_the_enrolment_history_shows_each_status_change_with_who_and_why(hr_user: User) -> None:
    # given a cohort of one place: a confirmed participant cancels, the waitlisted one moves up
    cohort = factories.CohortFactory(capacity=1)
    first = factories.ParticipantFactory(name_en="Ada First")
    second = factories.ParticipantFactory(name_en="Ben Second")
    place = enrollment_create(participant=first, cohort=cohort, by=hr_user)
    waiting = enrollment_create(participant=second, cohort=cohort, by=hr_user)
    assert waiting.status == Enrollment.Status.WAITLISTED
    enrollment_cancel(enrollment=place, by=hr_user, reason="Travel ban")

    page = _client(hr_user).get(_overview_url(cohort)).content.decode()

    history = page.split('id="history"', 1)[1]
    assert "Enrolment history" in history
    assert "Travel ban" in history
    assert "Confirmed → Cancelled" in history
    assert "Waitlisted → Confirmed" in history
    assert "HR Officer" in history
    # newest first: the promotion follows the cancellation
    assert history.index("Waitlisted → Confirmed") < history.index("Confirmed → Cancelled")


@pytest.mark.parametrize("role", ["trainer", "participant", "anonymous"])
def test_only_hr_reaches_the_pages_with_history(role: str, trainer_user: User) -> None:
    session = factories.SessionFactory()
    factories.SessionChangeFactory(session=session)
    cohort = session.cohort
    participant = factories.ParticipantFactory(with_user=True)
    factories.EnrollmentStatusChangeFactory(
        enrollment=factories.EnrollmentFactory(participant=participant, cohort=cohort)
    )
    cohort.trainers.add(trainer_user)
    client = Client()
    if role == "trainer":
        client.force_login(trainer_user)
    elif role == "participant":
        assert participant.user is not None
        client.force_login(participant.user)

    for url in (_session_url(session), _overview_url(cohort)):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert b'id="history"' not in response.content


def _session_with_changes(n: int):  # type: ignore[no-untyped-def]
    session = factories.SessionFactory()
    for _ in range(n):
        factories.SessionChangeFactory(session=session, by=factories.UserFactory())
    return session


def _cohort_with_history(n: int):  # type: ignore[no-untyped-def]
    cohort = factories.CohortFactory(capacity=n + 5)
    for _ in range(n):
        factories.EnrollmentStatusChangeFactory(
            enrollment=factories.EnrollmentFactory(cohort=cohort), by=factories.UserFactory()
        )
    return cohort


def _queries(client: Client, url: str, django_assert_max_num_queries) -> int:  # type: ignore[no-untyped-def]
    client.get(url)  # warm the per-process caches (groups, the session)
    with django_assert_max_num_queries(200) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.count(b"<li><time") >= 1
    return len(captured)


def test_the_session_page_costs_the_same_queries_for_2_or_20_changes(
    hr_user: User, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = _client(hr_user)
    small = _queries(client, _session_url(_session_with_changes(2)), django_assert_max_num_queries)
    large = _queries(client, _session_url(_session_with_changes(20)), django_assert_max_num_queries)

    assert large == small


def test_the_cohort_overview_costs_the_same_queries_for_2_or_20_enrolment_changes(
    hr_user: User, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = _client(hr_user)
    small = _queries(client, _overview_url(_cohort_with_history(2)), django_assert_max_num_queries)
    large = _queries(client, _overview_url(_cohort_with_history(20)), django_assert_max_num_queries)

    assert large == small


def test_the_admin_shows_a_sessions_history_read_only(hr_user: User) -> None:
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    session = factories.SessionFactory()
    session_update(session=session, by=hr_user, status="cancelled")

    page = _client(admin).get(reverse("admin:courses_session_change", args=[session.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "HR Officer" in html
    assert "Status: Scheduled → Cancelled" in html


def _campaign_with_events(n: int, by: User):  # type: ignore[no-untyped-def]
    campaign = campaign_create(
        cohort=factories.CohortFactory(),
        framework=factories.FrameworkFactory(),
        name="Pre",
        by=by,
    )
    for i in range(n):
        campaign = campaign_update(campaign=campaign, by=by, name=f"Pre {i}")
    return campaign


def test_the_campaign_page_shows_who_changed_it_when_in_the_readers_zone(hr_user: User) -> None:
    campaign = _campaign_with_events(1, hr_user)
    hr_user.time_zone = "America/New_York"
    hr_user.save(update_fields=["time_zone"])
    url = reverse("assessments:campaign-progress", kwargs={"pk": campaign.pk})

    page = _client(hr_user).get(url).content.decode()

    history = page[page.index("<h2>History</h2>") :]
    assert "times in America/New_York" in history
    assert "Created." in history
    assert "Settings changed." in history
    assert "HR Officer" in history
    participant = factories.ParticipantFactory(with_user=True)
    assert participant.user is not None
    refused = _client(participant.user).get(url)
    assert refused.status_code == 404
    assert b"Settings changed." not in refused.content


def test_the_campaign_page_costs_the_same_queries_for_2_or_20_events(
    hr_user: User, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = _client(hr_user)

    def count(campaign) -> int:  # type: ignore[no-untyped-def]
        url = reverse("assessments:campaign-progress", kwargs={"pk": campaign.pk})
        client.get(url)
        with django_assert_max_num_queries(200) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert count(_campaign_with_events(20, hr_user)) == count(_campaign_with_events(2, hr_user))
