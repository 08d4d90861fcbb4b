"""The follow-up link: no account, one goal, answered once; rate-limited and never referred."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.access import HR_GROUP
from evaluations.models import FollowUp
from evaluations.services.follow_ups import follow_up_answer
from kamtraining.tokens import token_new
from tests import factories

pytestmark = pytest.mark.django_db


def _follow_up(respondent: str = "participant") -> tuple[FollowUp, str]:
    raw, hashed = token_new()
    goal = factories.GoalFactory(title="Open two joint plans with the CxO")
    follow_up = factories.FollowUpFactory(
        goal=goal, respondent=respondent, token_hash=hashed, name="Li Lei"
    )
    return follow_up, raw


def _url(raw: str) -> str:
    return reverse("evaluations:follow-up", args=[raw])


def test_participant_answers_once_without_an_account(client: Client) -> None:
    follow_up, raw = _follow_up()
    page = client.get(_url(raw))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Open two joint plans with the CxO" in html
    assert 'name="applied_percent"' in html
    assert 'name="observed"' not in html  # the manager's question only

    response = client.post(_url(raw), {"applied_percent": "60", "helped": "My manager"})

    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.applied_percent, follow_up.helped) == (
        "answered",
        60,
        "My manager",
    )
    thanks = client.get(_url(raw)).content.decode()
    assert "your answer has been received" in thanks
    client.post(_url(raw), {"applied_percent": "10"})
    follow_up.refresh_from_db()
    assert follow_up.applied_percent == 60


def test_manager_is_asked_what_they_observed(client: Client) -> None:
    follow_up, raw = _follow_up("manager")
    assert 'name="observed"' in client.get(_url(raw)).content.decode()
    client.post(_url(raw), {"applied_percent": "40", "observed": "Runs the monthly review"})
    follow_up.refresh_from_db()
    assert follow_up.observed == "Runs the monthly review"


@pytest.mark.parametrize("value", ["", "101", "-5", "abc", "9" * 30])
def test_bad_percentage_is_a_form_error(client: Client, value: str) -> None:
    follow_up, raw = _follow_up()
    response = client.post(_url(raw), {"applied_percent": value})
    assert response.status_code == 400
    follow_up.refresh_from_db()
    assert follow_up.status == "sent"


def test_unknown_and_overlong_tokens_are_404(client: Client) -> None:
    assert client.get(_url("nope")).status_code == 404
    assert client.get(_url("x" * 300)).status_code == 404


def test_headers_keep_the_token_private(client: Client) -> None:
    _follow_up_row, raw = _follow_up()
    for response in (client.get(_url(raw)), client.get(_url("unknown-token"))):
        assert response["Referrer-Policy"] == "no-referrer"
        assert "no-store" in response["Cache-Control"]


def test_look_ups_are_rate_limited(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATER_RATE_LIMIT_PER_IP = 2
    _row, raw = _follow_up()
    statuses = [client.get(_url(raw)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = client.get(_url(raw))
    assert limited["Retry-After"]
    assert limited["Referrer-Policy"] == "no-referrer"


def test_language_follows_the_respondent(client: Client) -> None:
    follow_up, raw = _follow_up()
    follow_up.language = "zh-hans"
    follow_up.save(update_fields=["language"])
    assert '<html lang="zh-hans"' in client.get(_url(raw)).content.decode()
    assert '<html lang="en"' in client.get(_url(raw) + "?lang=en").content.decode()


def test_staff_read_a_cohorts_follow_up_answers(client: Client) -> None:
    # given a goal followed up with its participant (answered) and manager (not yet)
    goal = factories.GoalFactory(title="Open two joint plans with the CxO")
    cohort = goal.plan.campaign.cohort
    answered = factories.FollowUpFactory(cohort=cohort, goal=goal, respondent="participant")
    factories.FollowUpFactory(cohort=cohort, goal=goal, respondent="manager", name="Wang Fang")
    follow_up_answer(follow_up=answered, applied_percent=65, helped="Weekly calls with my manager")
    hr = factories.UserFactory()
    hr.groups.add(Group.objects.get(name=HR_GROUP))
    client.force_login(hr)

    # when HR opens the cohort's follow-ups
    response = client.get(reverse("evaluations:follow-up-list", args=[cohort.pk]))

    # then each goal shows both respondents, the answer and what is still missing
    html = response.content.decode()
    assert response.status_code == 200
    assert "Open two joint plans with the CxO" in html
    assert goal.plan.participant.name in html
    assert "65&nbsp;%" in html
    assert "Weekly calls with my manager" in html
    assert "Wang Fang" in html
    assert "Not answered yet." in html
    assert "1 of 2 follow-ups answered." in html


def test_follow_up_list_queries_are_constant(client: Client) -> None:
    hr = factories.UserFactory()
    hr.groups.add(Group.objects.get(name=HR_GROUP))
    client.force_login(hr)
    counts = []
    for size in (1, 6):
        cohort = factories.CohortFactory()
        for _ in range(size):
            goal = factories.GoalFactory()
            for respondent in ("participant", "manager"):
                factories.FollowUpFactory(cohort=cohort, goal=goal, respondent=respondent)
        with CaptureQueriesContext(connection) as captured:
            assert (
                client.get(reverse("evaluations:follow-up-list", args=[cohort.pk])).status_code
                == 200
            )
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
