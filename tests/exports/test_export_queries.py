"""Every export reads in a fixed number of queries, whatever the size of the cohort."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Campaign
from participants.models import User
from tests.assessments.report_data import build_campaign, populate
from tests.exports.files import body_of
from tests.participants.zone_data import cohort_world, waitlisted

pytestmark = pytest.mark.django_db

SIZES = (2, 7)


def _cohort_export(name: str, fmt: str) -> Callable[[int], tuple[User, str]]:
    def build(size: int) -> tuple[User, str]:
        world = cohort_world(people=size, past=size, upcoming=1)
        for _ in range(size):
            waitlisted(world.cohort)
        return world.trainer, reverse(f"participants:{name}", args=[world.cohort.pk, fmt])

    return build


def _sign_in(name: str) -> Callable[[int], tuple[User, str]]:
    def build(size: int) -> tuple[User, str]:
        world = cohort_world(people=size, past=1, upcoming=1)
        return world.trainer, reverse(f"participants:{name}", args=[world.past[0].pk])

    return build


def _campaign_export(name: str, fmt: str) -> Callable[[int], tuple[User, str]]:
    def build(size: int) -> tuple[User, str]:
        trainer_world = cohort_world(people=0, past=0, upcoming=0)
        world = build_campaign(
            items=[2, 1], cohort=trainer_world.cohort, status=Campaign.Status.CLOSED
        )
        populate(world, subjects=size)
        return trainer_world.trainer, reverse(f"assessments:{name}", args=[world.campaign.pk, fmt])

    return build


# export → (how to build it at a size, the queries of its download)
EXPORTS: dict[str, tuple[Callable[[int], tuple[User, str]], int]] = {
    "roster.csv": (_cohort_export("cohort-roster-export", "csv"), 7),
    "roster.xlsx": (_cohort_export("cohort-roster-export", "xlsx"), 7),
    "attendance.csv": (_cohort_export("cohort-attendance-export", "csv"), 11),
    "attendance.xlsx": (_cohort_export("cohort-attendance-export", "xlsx"), 11),
    "sign-in": (_sign_in("session-sign-in"), 9),
    "sign-in.pdf": (_sign_in("session-sign-in-pdf"), 9),
    "progress.csv": (_campaign_export("campaign-progress-export", "csv"), 5),
    "progress.xlsx": (_campaign_export("campaign-progress-export", "xlsx"), 5),
    "results.csv": (_campaign_export("cohort-results-export", "csv"), 8),
    "results.xlsx": (_campaign_export("cohort-results-export", "xlsx"), 8),
    "answers.csv": (_campaign_export("cohort-answers-export", "csv"), 8),
    "answers.xlsx": (_campaign_export("cohort-answers-export", "xlsx"), 8),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("export", sorted(EXPORTS))
def test_export_query_count_is_constant(
    django_assert_num_queries,  # type: ignore[no-untyped-def]
    export: str,
    size: int,
) -> None:
    build, queries = EXPORTS[export]
    user, url = build(size)
    client = Client()
    client.force_login(user)
    with django_assert_num_queries(queries):
        response = client.get(url)
        body_of(response)  # a streamed export reads as it is sent
    assert response.status_code == 200
