"""loaddemo gives the demo cohort an evaluation with answers, a released post campaign and
answered follow-ups, once; 吴迪 is left to answer the evaluation."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from assessments.models import Campaign
from assessments.selectors.report import report_for
from courses.models import Cohort
from evaluations.demo import ANSWERS, COHORT_CODE, LEFT_TO_ANSWER, POST_NAME
from evaluations.models import Answer, FollowUp, Voter
from evaluations.selectors.impact import impact_for
from evaluations.selectors.results import results_for
from participants.models import Participant, User

pytestmark = pytest.mark.django_db


def _load() -> None:
    call_command("loaddemo", force=True, stdout=io.StringIO())


def _snapshot() -> dict[str, object]:
    """Every row count, and the post campaign's state: what a second load must not change."""
    counts: dict[str, object] = {
        model._meta.label: model._default_manager.count() for model in apps.get_models()
    }
    counts.pop("sessions.Session", None)  # log-in sessions, not demo data
    counts["follow-ups"] = sorted(
        FollowUp.objects.values_list("respondent", "status", "applied_percent", "token_hash")
    )
    counts["campaigns"] = sorted(Campaign.objects.values_list("name", "status", "released_at"))
    return counts


def test_loaddemo_answers_the_demo_evaluation_once() -> None:
    _load()
    first = _snapshot()
    _load()

    assert _snapshot() == first
    answers = Answer.objects.filter(evaluation__cohort__code=COHORT_CODE)
    assert answers.count() == len(ANSWERS)
    assert Voter.objects.filter(evaluation__cohort__code=COHORT_CODE).count() == len(ANSWERS)
    assert not Voter.objects.filter(participant__email=LEFT_TO_ANSWER).exists()
    results = results_for(cohort_ids=[answers.first().evaluation.cohort_id])  # type: ignore[union-attr]
    assert results["shown"] is True
    assert results["modules"]
    assert results["trainers"]
    # the post campaign went through the services' lifecycle, on the pre campaign's framework
    post = Campaign.objects.get(cohort__code=COHORT_CODE, name=POST_NAME)
    pre = Campaign.objects.get(cohort__code=COHORT_CODE, kind=Campaign.Kind.PRE)
    assert (post.kind, post.status, post.framework_id) == ("post", "released", pre.framework_id)
    assert list(post.events.order_by("pk").values_list("to_status", flat=True)) == [
        "draft",
        "nominating",
        "open",
        "closed",
        "released",
    ]
    assert not post.invitations.exclude(status="submitted").exists()
    # 吴迪's goal is followed up, answered by him and by his manager
    answered = FollowUp.objects.filter(goal__plan__participant__email=LEFT_TO_ANSWER)
    assert sorted(answered.values_list("respondent", "status")) == [
        ("manager", "answered"),
        ("participant", "answered"),
    ]
    assert answered.get(respondent="manager").observed


def test_the_demo_impact_page_and_reports_show_real_change(client: Client) -> None:
    _load()
    cohort = Cohort.objects.get(code=COHORT_CODE)
    impact = impact_for(cohort=cohort)

    # the impact has a figure in every cell of every dimension
    assert impact is not None
    assert impact["post"].name == POST_NAME
    for dimension in impact["dimensions"]:
        assert dimension["before"]["average"] is not None
        assert dimension["after"]["average"] is not None
        assert dimension["change"]["average"] is not None
        assert dimension["reliability"] is not None
        assert dimension["reliable"]["improved"] is not None
    assert any(row["usefulness"] is not None for row in impact["modules"])

    # and the trainer's impact page renders them
    client.force_login(User.objects.get(email="changxing@kamtraining.local"))
    page = client.get(reverse("evaluations:cohort-impact", args=[cohort.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert POST_NAME in html
    for dimension in impact["dimensions"]:
        assert f"{dimension['before']['average']} <small" in html
        assert f"{dimension['reliable']['improved']}&nbsp;%" in html
    assert "not shown" not in html

    # the participant's report in the post campaign shows the change since the pre one
    wudi = Participant.objects.get(email=LEFT_TO_ANSWER)
    report = report_for(campaign=impact["post"], participant=wudi)
    assert report["campaign"]["previous"]["id"] == impact["pre"].pk
    assert all(d["change"] is not None for d in report["dimensions"])
