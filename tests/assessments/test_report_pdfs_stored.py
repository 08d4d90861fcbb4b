"""Report PDFs rendered at release and kept: a download serves the file while it is current,
re-renders when the figures change (the rescore rule), and obeys the report's access rules."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from assessments.charts import fmt
from assessments.models import Campaign, ReportPdf
from assessments.selectors.report_store import report_of
from assessments.services.campaigns import campaign_release
from assessments.services.report_pdfs import report_pdf_read
from assessments.services.report_store import figures_after_late_answer
from tests import factories
from tests.assessments.pdf_helpers import pdf_text
from tests.assessments.report_ui_world import ReportWorld, released_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("needs_weasyprint")]


@pytest.fixture(autouse=True)
def _prerender(settings: Any) -> None:
    # As with a broker (the production default): release renders every PDF ahead.
    settings.REPORT_PDFS_PRERENDER = True


def _closed_then_released(hr: Any, capture: Any, *, language: str = "zh-hans") -> ReportWorld:
    world = released_world(status=Campaign.Status.CLOSED)
    world.subject.user.language = language
    world.subject.user.save(update_fields=["language"])
    with capture(execute=True):  # the release's on-commit work: mail and the PDFs task
        campaign_release(campaign=world.campaign, by=hr)
    return world


def _my_pdf(client: Client, world: ReportWorld) -> bytes:
    client.force_login(world.subject.user)
    response = client.get(reverse("assessments:me-report-pdf", args=[world.campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_release_renders_each_subjects_pdf_in_the_language_they_read(
    hr_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # when
    world = _closed_then_released(hr_user, django_capture_on_commit_callbacks)
    # then: one stored PDF per subject, in their language, with their names and figures
    rows = {row.participant_id: row for row in ReportPdf.objects.filter(campaign=world.campaign)}
    assert set(rows) == {world.subject.pk, world.other_subject.pk}
    mine = rows[world.subject.pk]
    assert mine.language == "zh-hans"
    assert mine.size == len(report_pdf_read(mine)) > 0
    _reader, text = pdf_text(report_pdf_read(mine))
    assert "吴迪" in text
    assert "制定、协同、执行大客户战略的领导者" in text
    with translation.override("zh-hans"):
        report = report_of(campaign=world.campaign, participant=world.subject)
    for dimension in report["dimensions"]:
        assert fmt(dimension["others"]) in text
        assert fmt(dimension["self"]) in text


def test_download_serves_the_stored_file_without_rendering_again(
    client: Client, hr_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    world = _closed_then_released(hr_user, django_capture_on_commit_callbacks)
    stored = ReportPdf.objects.get(campaign=world.campaign, participant=world.subject)
    # when
    content = _my_pdf(client, world)
    # then: the very bytes rendered at release; the row is the same one
    assert content == report_pdf_read(stored)
    again = ReportPdf.objects.get(campaign=world.campaign, participant=world.subject)
    assert (again.pk, again.rendered_at, again.file.name) == (
        stored.pk,
        stored.rendered_at,
        stored.file.name,
    )


def test_download_after_a_rescore_shows_the_new_figures_never_the_stale_file(
    client: Client, hr_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given: released, the PDF stored and downloaded once; the 2 direct reports hidden (k = 3)
    world = _closed_then_released(hr_user, django_capture_on_commit_callbacks, language="en")
    before = _my_pdf(client, world)
    old = ReportPdf.objects.get(campaign=world.campaign, participant=world.subject)
    _reader, old_text = pdf_text(before)
    fives = [5] * len(world.world.items)
    # when: two late direct reports answer: the rescore rule lets the group count
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            (late,) = world.world.rate(world.subject, "direct_report", fives)
            figures_after_late_answer(invitation=late)
    # then: the old file is gone, a new one is rendered, and the download shows the change
    assert not old.file.storage.exists(old.file.name)
    new = ReportPdf.objects.get(campaign=world.campaign, participant=world.subject)
    assert new.digest != old.digest
    after = _my_pdf(client, world)
    assert after != before
    assert after == report_pdf_read(new)
    _reader, text = pdf_text(after)
    report = report_of(campaign=world.campaign, participant=world.subject)
    shown = fmt(report["dimensions"][0]["direct_report"])
    assert report["groups"]["direct_report"]["reportable"]
    assert shown in text
    assert "不应出现的下属评语" in text  # the group's comments now count
    assert "不应出现的下属评语" not in old_text


def test_without_a_stored_file_the_download_renders_and_keeps_it(client: Client) -> None:
    # given: a campaign released outside the lifecycle (nothing rendered ahead)
    world = released_world()
    assert not ReportPdf.objects.exists()
    # when
    first = _my_pdf(client, world)
    # then: stored once, served as stored the next time
    stored = ReportPdf.objects.get(campaign=world.campaign, participant=world.subject)
    assert stored.language == "en"
    assert first == report_pdf_read(stored)
    assert _my_pdf(client, world) == first
    assert ReportPdf.objects.filter(campaign=world.campaign).count() == 1


def test_without_a_broker_release_renders_nothing_ahead(
    client: Client, hr_user: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    # given: the embedded default (no broker): a release must not render a cohort's PDFs inline
    settings.REPORT_PDFS_PRERENDER = False
    world = _closed_then_released(hr_user, django_capture_on_commit_callbacks)
    assert not ReportPdf.objects.exists()
    # when: the first download renders and stores it
    first = _my_pdf(client, world)
    # then
    assert ReportPdf.objects.filter(campaign=world.campaign).count() == 1
    assert _my_pdf(client, world) == first


def test_a_stored_pdf_is_reached_only_through_the_reports_access_rules(
    client: Client, hr_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given: both subjects' PDFs stored at release
    world = _closed_then_released(hr_user, django_capture_on_commit_callbacks)
    world.users["participant_outside"] = factories.ParticipantFactory(with_user=True).user
    mine = f"/me/reports/{world.campaign.pk}/report.pdf"
    trainers = f"/trainer/campaigns/{world.campaign.pk}/participants/{world.subject.pk}/report.pdf"
    expected = {
        "participant_own": (200, 404),
        "participant_other": (200, 404),  # their own report, not the subject's
        "participant_outside": (404, 404),
        "trainer_own": (404, 200),
        "trainer_other": (404, 404),
        "hr": (404, 404),
    }
    for role, (own_status, trainer_status) in expected.items():
        client.force_login(world.users[role])
        own = client.get(mine)
        assert own.status_code == own_status, role
        assert client.get(trainers).status_code == trainer_status, role
        if role == "participant_other":
            _reader, text = pdf_text(own.content)
            assert "李明" in text
            assert "吴迪" not in text
    client.logout()
    assert client.get(mine).status_code == 302
    assert client.get(trainers).status_code == 302
