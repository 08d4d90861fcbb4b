"""The Open Badges 3.0 credential: signed, verifiable with the published key, status follows."""

from typing import Any

import pytest
from openbadgeslib.ob3.verifier import OB3Verifier
from rest_framework.test import APIClient

from certificates.models import Certificate
from certificates.services.certificates import certificate_revoke
from certificates.services.completion import completion_complete_bulk
from tests.certificates.world import World


@pytest.fixture
def certificate(world: World) -> Certificate:
    return completion_complete_bulk(cohort=world.cohort, by=world.hr).completed[0]


def _public_pem(jwk_data: dict[str, Any]) -> bytes:
    from jwcrypto import jwk

    return jwk.JWK(**jwk_data).export_to_pem()


def test_credential_verifies_and_its_status_follows_revocation(
    api_as: Any, world: World, certificate: Certificate, signing_key: str
) -> None:
    response = api_as(world.owner).get(f"/api/v1/certificates/{certificate.pk}/credential/")
    assert response.status_code == 200
    token = response.json()["jwt"]
    # the verifier takes the key from the published key set, not from the token
    keys = APIClient().get("/api/v1/certificates/jwks/").json()["keys"]
    credential = OB3Verifier(_public_pem(keys[0])).verify(
        token, expected_recipient=certificate.enrollment.participant.email
    )
    assert credential.raw is not None
    vc = credential.raw.get("vc", credential.raw)
    assert "OpenBadgeCredential" in vc["type"]
    achievement = vc["credentialSubject"]["achievement"]
    codes = {a["targetCode"] for a in achievement["alignment"]}
    module_dimension = world.cohort.course.modules.get().dimension
    assert codes == {module_dimension.code}
    narratives = " ".join(e.get("narrative", "") for e in vc["evidence"])
    assert "Win the Q3 renewal" in narratives
    assert "100 %" in narratives
    status_url = vc["credentialStatus"]["id"]
    path = status_url.split("://", 1)[1].split("/", 1)[1]
    anonymous = APIClient()
    assert anonymous.get("/" + path).json()["status"] == "valid"
    certificate_revoke(certificate=certificate, by=world.hr, reason="Issued in error.")
    assert anonymous.get("/" + path).json()["status"] == "revoked"


def test_a_tampered_credential_fails(
    api_as: Any, world: World, certificate: Certificate, signing_key: str
) -> None:
    from openbadgeslib.ob3.verifier import OB3VerificationError

    token = api_as(world.hr).get(f"/api/v1/certificates/{certificate.pk}/credential/").json()["jwt"]
    head, body, signature = token.split(".")
    keys = APIClient().get("/api/v1/certificates/jwks/").json()["keys"]
    forged = f"{head}.{body[:-4]}AAAA.{signature}"
    with pytest.raises(OB3VerificationError):
        OB3Verifier(_public_pem(keys[0])).verify(forged)


def test_without_a_key_the_credential_answers_503(
    api_as: Any, world: World, certificate: Certificate, settings: Any
) -> None:
    settings.CERTIFICATE_SIGNING_KEY = ""
    response = api_as(world.owner).get(f"/api/v1/certificates/{certificate.pk}/credential/")
    assert response.status_code == 503
    assert "CERTIFICATE_SIGNING_KEY" in response.json()["detail"]
    assert APIClient().get("/api/v1/certificates/jwks/").json() == {"keys": []}
