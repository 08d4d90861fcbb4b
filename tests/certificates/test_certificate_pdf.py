"""The certificate PDF states both names, the course, the cohort and the dimensions."""

import io

import pytest
from django.test import Client

from certificates.models import Certificate
from certificates.pdf import certificate_pdf
from certificates.services.completion import completion_complete_bulk
from tests.certificates.world import World

pypdf = pytest.importorskip("pypdf")


def _text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def certificate(world: World) -> Certificate:
    return completion_complete_bulk(cohort=world.cohort, by=world.hr).completed[0]


@pytest.mark.usefixtures("needs_weasyprint")
def test_pdf_names_the_participant_in_both_scripts(world: World, certificate: Certificate) -> None:
    participant = certificate.enrollment.participant
    content = certificate_pdf(certificate)
    text = _text(content)
    assert participant.name in text
    assert participant.name_en in text
    assert "KAM course" in text
    assert world.cohort.code in text
    assert str(certificate.uuid) in text


def test_owner_and_hr_download_others_do_not(world: World, certificate: Certificate) -> None:
    url = f"/certificates/{certificate.pk}/pdf/"
    for user, expected in ((world.owner, 200), (world.hr, 200), (world.peer, 404)):
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code in (expected, 503)
        if response.status_code == 200:
            assert response["Content-Type"] == "application/pdf"
            assert response.content.startswith(b"%PDF")
