"""The report as an A4 PDF: same sections, Chinese text in a CJK font, parsed back with pypdf."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Campaign
from kamtraining.pdf import html_to_pdf
from tests.assessments.pdf_helpers import pdf_text
from tests.assessments.report_ui_world import released_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("needs_weasyprint")]

A4 = (595.28, 841.89)  # points


def test_participant_downloads_the_report_as_a4_pdf_in_chinese(client: Client) -> None:
    # given a participant who reads in Chinese
    world = released_world()
    world.subject.user.language = "zh-hans"
    world.subject.user.save(update_fields=["language"])
    client.force_login(world.subject.user)
    # when
    response = client.get(reverse("assessments:me-report-pdf", args=[world.campaign.pk]))
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader, text = pdf_text(response.content)
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (round(A4[0]), round(A4[1]))
    assert "吴迪" in text
    assert "制定、协同、执行大客户战略的领导者" in text
    assert "跨区域高绩效团队的开发者" in text
    fonts = {
        str(font.get_object().get("/BaseFont"))
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("CJK" in name or "WenQuanYi" in name for name in fonts), fonts


def test_pdf_has_the_sections_and_the_chart_numbers(client: Client) -> None:
    world = released_world()
    client.force_login(world.subject.user)

    content = client.get(reverse("assessments:me-report-pdf", args=[world.campaign.pk])).content

    _reader, text = pdf_text(content)
    for heading in (
        "Response rates by group",
        "Self, others, class average and incumbent average per dimension",
        "Self against others per dimension",
        "Score of each key business activity by group",
        "Strengths and development areas",
        "Blind spots and hidden strengths",
        "Comments by group",
    ):
        assert heading in text
    assert "Wu Di" in text
    assert "Leader of key-account strategy" in text
    assert "乐于分享经验。" in text
    assert "不应出现的下属评语" not in text


def test_trainer_downloads_a_participants_pdf_once_closed(client: Client) -> None:
    world = released_world(status=Campaign.Status.CLOSED)
    client.force_login(world.trainer)

    response = client.get(
        reverse("assessments:trainer-report-pdf", args=[world.campaign.pk, world.subject.pk])
    )

    assert response.status_code == 200
    _reader, text = pdf_text(response.content)
    assert "吴迪" in text


def test_pdf_rendering_fetches_nothing() -> None:
    content = html_to_pdf('<p>x</p><img src="http://127.0.0.1:9/tracker.png" alt="">')

    assert content.startswith(b"%PDF")
