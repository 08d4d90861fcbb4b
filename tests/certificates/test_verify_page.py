"""The public verification page: valid or revoked, and nothing private."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from certificates.models import Certificate
from certificates.services.certificates import certificate_revoke
from certificates.services.completion import completion_complete_bulk
from tests.certificates.world import World


@pytest.fixture
def certificate(world: World) -> Certificate:
    return completion_complete_bulk(cohort=world.cohort, by=world.hr).completed[0]


def test_anyone_sees_valid_without_private_data(client: Client, certificate: Certificate) -> None:
    response = client.get(f"/verify/{certificate.uuid}/")
    assert response.status_code == 200
    content = response.content.decode()
    participant = certificate.enrollment.participant
    assert "Valid" in content
    assert participant.name in content
    assert participant.email not in content
    assert participant.employee_number not in content


def test_revoked_keeps_who_when_why_and_says_revoked(
    client: Client, world: World, certificate: Certificate
) -> None:
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, by=world.hr, reason=" ")
    certificate_revoke(certificate=certificate, by=world.hr, reason="Attendance sheet was wrong.")
    certificate.refresh_from_db()
    assert certificate.revoked_by == world.hr
    assert certificate.revoked_at is not None
    assert certificate.revoked_reason == "Attendance sheet was wrong."
    content = client.get(f"/verify/{certificate.uuid}/").content.decode()
    assert "Revoked" in content
    assert "Attendance sheet was wrong." not in content


@pytest.mark.parametrize("value", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "%00"])
def test_unknown_or_garbled_uuid_is_404(client: Client, db: None, value: str) -> None:
    assert client.get(f"/verify/{value}/").status_code == 404


def test_checklist_page_and_my_zone_link(client: Client, world: World) -> None:
    client.force_login(world.owner)
    assert 'href="/certificates/me/"' in client.get("/me/").content.decode()
    content = client.get("/certificates/me/").content.decode()
    assert "Self-assessment submitted" in content
    assert "Practice accepted" in content


def test_hr_completes_from_the_cohort_page(client: Client, world: World) -> None:
    ready, not_ready = world.enrollments
    client.force_login(world.hr)
    url = f"/certificates/cohorts/{world.cohort.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "bulk", "enrollment": [str(ready.pk)]})
    assert response.status_code == 302
    assert Certificate.objects.filter(enrollment=ready).exists()
    response = client.post(url, {"action": "exception", "enrollment": str(not_ready.pk)})
    assert response.status_code == 400  # no note
    client.post(url, {"action": "refuse", "enrollment": str(not_ready.pk), "note": "No practice"})
    assert not_ready.completion_decisions.get().note == "No practice"


def test_a_trainer_reads_the_cohort_page_but_may_not_decide(client: Client, world: World) -> None:
    client.force_login(world.trainer)
    url = f"/certificates/cohorts/{world.cohort.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "bulk"}).status_code == 403
    client.force_login(world.other_trainer)
    assert client.get(url).status_code == 404
