"""Pages that list people show both scripts, sorted by the name the viewer reads first."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from participants.models import User
from tests import factories

pytestmark = pytest.mark.django_db

# 李 (Li) sorts after 吴 (Wu) by code point; in English Li comes first.
ORDERS = [
    ("en", [("Li Ming", "李明"), ("Wu Di", "吴迪")]),
    ("zh-hans", [("吴迪", "Wu Di"), ("李明", "Li Ming")]),
]


def _cohort_of_two(trainer: User | None = None):  # type: ignore[no-untyped-def]
    cohort = factories.CohortFactory()
    if trainer is not None:
        cohort.trainers.add(trainer)
    for name, name_en in (("李明", "Li Ming"), ("吴迪", "Wu Di")):
        participant = factories.ParticipantFactory(name=name, name_en=name_en)
        factories.EnrollmentFactory(participant=participant, cohort=cohort)
    return cohort


def _names(html: str, start: str) -> list[tuple[str, str]]:
    """(shown, other script) for each person, in page order, after the `start` marker."""
    found = re.findall(
        r'>\s*([^<>]+?)\s*<span class="other-name" lang="[^"]+">([^<]*)</span>',
        html[html.index(start) :],
    )
    return [(shown, other) for shown, other in found]


def _as(client: Client, user: User, language: str) -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    return client


@pytest.mark.parametrize(("language", "expected"), ORDERS)
def test_cohort_overview_places_in_both_scripts(
    client: Client, hr_user, language, expected
) -> None:  # type: ignore[no-untyped-def]
    cohort = _cohort_of_two()
    url = reverse("participants:cohort-overview", kwargs={"pk": cohort.pk})
    html = _as(client, hr_user, language).get(url).content.decode()
    assert _names(html, 'id="places"')[:2] == expected


@pytest.mark.parametrize(("language", "expected"), ORDERS)
def test_enrol_search_results_in_both_scripts(client: Client, hr_user, language, expected) -> None:  # type: ignore[no-untyped-def]
    cohort = factories.CohortFactory()
    factories.ParticipantFactory(name="李明", name_en="Li Ming", email="li@acme.example")
    factories.ParticipantFactory(name="吴迪", name_en="Wu Di", email="wu@acme.example")
    url = reverse("participants:cohort-overview", kwargs={"pk": cohort.pk})
    html = _as(client, hr_user, language).get(url, {"q": "acme.example"}).content.decode()
    assert _names(html, 'id="enrol-selected"')[:2] == expected


@pytest.mark.parametrize(("language", "expected"), ORDERS)
def test_roster_in_both_scripts(client: Client, trainer_user, language, expected) -> None:  # type: ignore[no-untyped-def]
    cohort = _cohort_of_two(trainer_user)
    url = reverse("participants:cohort-roster", kwargs={"pk": cohort.pk})
    html = _as(client, trainer_user, language).get(url).content.decode()
    assert _names(html, "<tbody")[:2] == expected


@pytest.mark.parametrize(("language", "expected"), ORDERS)
def test_attendance_sheet_in_both_scripts(client: Client, trainer_user, language, expected) -> None:  # type: ignore[no-untyped-def]
    cohort = _cohort_of_two(trainer_user)
    session = factories.SessionFactory(cohort=cohort)
    url = reverse("participants:attendance-sheet", kwargs={"pk": session.pk})
    html = _as(client, trainer_user, language).get(url).content.decode()
    assert _names(html, 'id="attendance-sheet"') == expected


@pytest.mark.parametrize(("language", "expected"), ORDERS)
def test_accounts_page_in_both_scripts(client: Client, hr_user, language, expected) -> None:  # type: ignore[no-untyped-def]
    cohort = _cohort_of_two()
    url = reverse("participants:account-people")
    html = _as(client, hr_user, language).get(url, {"cohort": cohort.pk}).content.decode()
    assert _names(html, "<tbody") == expected


@pytest.mark.parametrize(("language", "expected"), ORDERS)
def test_completion_page_in_both_scripts(client: Client, hr_user, language, expected) -> None:  # type: ignore[no-untyped-def]
    cohort = _cohort_of_two()
    url = reverse("certificates:cohort-completion", kwargs={"cohort_pk": cohort.pk})
    html = _as(client, hr_user, language).get(url).content.decode()
    assert _names(html, "<tbody") == expected
