"""The Open Badges 3.0 credential of a certificate: a JWT-VC signed with the configured key.

The achievement is aligned to the dimensions the certificate states; the evidence names the
accepted practice and the attendance rate. Its `credentialStatus` points at the certificate's
status endpoint, which says revoked as soon as the verification page does.
"""

from typing import Any

from django.conf import settings
from django.urls import reverse

from certificates.models import Certificate
from certificates.selectors.certificates import certificate_facts
from certificates.services.signing import algorithm, signing_key_pem


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def credential_build(certificate: Certificate) -> Any:
    from openbadgeslib.ob3.credential import (
        Achievement,
        Alignment,
        Evidence,
        Issuer,
        OpenBadgeCredential,
    )

    facts = certificate_facts(certificate)
    enrollment = certificate.enrollment
    course, cohort = enrollment.cohort.course, enrollment.cohort
    framework = course.framework
    verify_url = _absolute(reverse("certificates:verify", args=[certificate.uuid]))
    alignments = [
        Alignment(
            target_name=f"{d.name_en or d.name} · {d.name}",
            target_url=verify_url + f"#dimension-{d.code}",
            target_framework=(framework.name_en or framework.name) if framework else None,
            target_code=d.code,
        )
        for d in facts.dimensions
    ]
    rate = facts.attendance_rate
    evidence = [
        Evidence(name=title, narrative=f"Accepted PARR practice: {title}")
        for title in facts.practice_titles
    ]
    evidence.append(
        Evidence(
            name="Attendance",
            narrative="Attendance rate: " + ("—" if rate is None else f"{rate * 100:.0f} %"),
        )
    )
    achievement = Achievement(
        id=_absolute(reverse("certificates:achievement", args=[cohort.pk])),
        name=f"{course.title_en or course.title} · {course.title}",
        description=f"{course.title_en or course.title} — {cohort.name} ({cohort.code})",
        criteria_narrative=(
            "Completed the cohort: attendance at the threshold, self-assessment submitted and "
            "practice accepted, as the cohort's completion rule asks."
        ),
        achievement_type="Certificate",
        alignments=alignments,
    )
    issuer = Issuer(
        id=_absolute(reverse("certificates:issuer")), name=settings.CERTIFICATE_ISSUER_NAME
    )
    return OpenBadgeCredential(
        id=f"urn:uuid:{certificate.uuid}",
        issuer=issuer,
        recipient_id=f"mailto:{enrollment.participant.email}",
        achievement=achievement,
        issuance_date=certificate.issued_at,
        evidence=evidence,
        credential_status=[
            {
                "id": _absolute(reverse("api:certificate-status", args=[certificate.uuid])),
                "type": "1EdTechRevocationList",
            }
        ],
    )


def credential_sign(certificate: Certificate) -> str:
    """The signed JWT-VC; raises SigningKeyMissing when no key is configured."""
    from openbadgeslib.ob3.signer import OB3Signer

    return OB3Signer(signing_key_pem(), algorithm=algorithm()).sign(credential_build(certificate))
