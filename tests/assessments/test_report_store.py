"""Stored report figures: read back as stored, in constant queries, and the rescore rule."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Campaign, Invitation, StoredFigures
from assessments.selectors.report import report_for
from assessments.selectors.report_store import report_of, summary_of
from assessments.selectors.summary import cohort_summary
from assessments.services.campaigns import campaign_close, campaign_release
from assessments.services.report_store import (
    figures_after_late_answer,
    figures_changed,
    figures_store,
)
from tests.assessments.report_ui_world import ReportWorld, released_world

pytestmark = pytest.mark.django_db


def _seen(client: Client, world: ReportWorld, campaign: Campaign) -> dict[str, Any]:
    """Everything a subject could have seen: each report (page and PDF data), API, summary."""
    client.force_login(world.trainer)
    api = {
        p.pk: client.get(f"/api/v1/campaigns/{campaign.pk}/reports/{p.pk}/").json()
        for p in world.world.subjects
    }
    return {
        "reports": {
            p.pk: report_of(campaign=campaign, participant=p) for p in world.world.subjects
        },
        "api": api,
        "summary": summary_of(campaign=campaign),
    }


def _live(world: ReportWorld, campaign: Campaign) -> dict[str, Any]:
    reports = {p.pk: report_for(campaign=campaign, participant=p) for p in world.world.subjects}
    return {"reports": reports, "api": reports, "summary": cohort_summary(campaign=campaign)}


def test_release_stores_every_subjects_report_and_the_summary(client: Client) -> None:
    # given
    world = released_world(participants=3)
    # when
    campaign = figures_store(campaign=world.campaign)
    # then: 3 reports and one summary, per language
    assert campaign.figures_status == Campaign.Status.RELEASED
    assert StoredFigures.objects.filter(campaign=campaign).count() == 2 * 4
    assert _seen(client, world, campaign) == _live(world, campaign)


def test_one_late_direct_report_changes_nothing_the_second_rescores(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    # given: the subject's 2 direct reports are hidden under k = 3; figures stored at release
    world = released_world(participants=3)
    subject = world.subject
    changes: list[frozenset[int]] = []

    def receiver(**kwargs: Any) -> None:
        changes.append(kwargs["subject_ids"])

    figures_changed.connect(receiver)
    try:
        campaign = figures_store(campaign=world.campaign)
        before = _seen(client, world, campaign)
        assert before["reports"][subject.pk]["groups"]["direct_report"]["submitted"] == 2
        fives = [5] * len(world.world.items)

        # when: one direct report answers late (3 would make the group reportable)
        with django_capture_on_commit_callbacks(execute=True):
            (late,) = world.world.rate(subject, "direct_report", fives)
            figures_after_late_answer(invitation=late)
        # then: every figure of every subject is unchanged, though the live ones moved
        assert _seen(client, world, campaign) == before
        assert _live(world, campaign) != before
        assert changes == []
        assert not Invitation.objects.get(pk=late.pk).in_stored_figures

        # when: a second one joins the group
        with django_capture_on_commit_callbacks(execute=True):
            (second,) = world.world.rate(subject, "direct_report", fives)
            figures_after_late_answer(invitation=second)
        # then: the figures are the live computation's, by hand: cells (2·2 + 2·5) / 4 = 3.5
        # and (2·3 + 2·5) / 4 = 4, the dimension (3.5 + 4) / 2 = 3.75
        after = _seen(client, world, campaign)
        assert after == _live(world, campaign)
        mine = after["reports"][subject.pk]
        assert mine["groups"]["direct_report"] == {
            "invited": 4,
            "submitted": 4,
            "declined": 0,
            "reportable": True,
        }
        assert [row["direct_report"] for row in mine["items"]] == [3.5, 4.0, 3.5]
        assert mine["dimensions"][0]["direct_report"] == 3.75
        # the class norms other subjects see moved with it
        other = world.world.subjects[1].pk
        assert after["reports"][other]["dimensions"] != before["reports"][other]["dimensions"]
        assert changes
        assert {subject.pk, other} <= changes[-1]
    finally:
        figures_changed.disconnect(receiver)


def count_queries(client: Client, url: str) -> int:
    client.get(url)  # warm the session and content types
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_stored_report_page_query_count_is_exact_at_two_cohort_sizes(client: Client) -> None:
    # given
    counts = []
    for participants, items in ((2, [2, 1]), (7, [4, 3])):
        world = released_world(participants=participants, items=items)
        campaign = figures_store(campaign=world.campaign)
        client.force_login(world.subject.user)
        counts.append(count_queries(client, reverse("assessments:me-report", args=[campaign.pk])))
        client.force_login(world.trainer)
        counts.append(
            count_queries(
                client,
                reverse("assessments:trainer-report", args=[campaign.pk, world.subject.pk]),
            )
        )
    # then
    assert counts == [9, 9, 9, 9]  # live: 14 each (test_report_page)


def test_close_stores_the_trainers_figures_and_release_the_participants(hr_user) -> None:
    # given an open campaign with answers
    world = released_world(participants=2, status=Campaign.Status.OPEN)
    # when / then: closing stores figures for "closed", releasing stores them again
    campaign = campaign_close(campaign=world.campaign, by=hr_user)
    assert Campaign.objects.get(pk=campaign.pk).figures_status == Campaign.Status.CLOSED
    closed = report_of(campaign=campaign, participant=world.subject)
    assert closed["campaign"]["status"] == Campaign.Status.CLOSED
    campaign = campaign_release(campaign=campaign, by=hr_user)
    assert Campaign.objects.get(pk=campaign.pk).figures_status == Campaign.Status.RELEASED
    released = report_of(campaign=campaign, participant=world.subject)
    assert released == report_for(campaign=campaign, participant=world.subject)
    assert released["campaign"]["status"] == Campaign.Status.RELEASED
