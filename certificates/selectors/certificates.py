"""Reads of certificates: one by id for a user, one by uuid for anyone, and what it states.

The dimensions a certificate names are those the course's modules develop (Module.dimension);
a course whose modules name none states every dimension of its framework. Either way they come
from the course, so every certificate of a cohort names the same dimensions.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from certificates.access import certificates_visible_to
from certificates.models import Certificate
from courses.models import Course, Dimension
from participants.selectors.attendance import enrollment_attendance_rate
from practice.models import Practice

RELATED = ("enrollment__participant", "enrollment__cohort__course__framework")


def certificates_for_user(*, user: Any, cohort_id: int | None = None) -> QuerySet[Certificate]:
    rows = certificates_visible_to(user).select_related(*RELATED, "revoked_by")
    if cohort_id is not None:
        rows = rows.filter(enrollment__cohort_id=cohort_id)
    return rows.order_by("-issued_at", "-pk")


def certificates_of_participant(*, participant: Any) -> dict[int, Certificate]:
    """Enrolment id → certificate, for the participant's own certificates; one query."""
    rows = Certificate.objects.filter(enrollment__participant=participant)
    return {certificate.enrollment_id: certificate for certificate in rows}


def certificate_get(*, user: Any, pk: int) -> Certificate | None:
    return certificates_for_user(user=user).filter(pk=pk).first()


def certificate_by_uuid(value: str) -> Certificate | None:
    try:
        parsed = uuid.UUID(value)
    except (ValueError, TypeError):
        return None
    return Certificate.objects.select_related(*RELATED).filter(uuid=parsed).first()


def course_dimensions(course: Course) -> list[Dimension]:
    if course.framework_id is None:
        return []
    developed = list(
        Dimension.objects.filter(framework_id=course.framework_id, modules__course=course)
        .distinct()
        .order_by("order", "code")
    )
    if developed:
        return developed
    return list(
        Dimension.objects.filter(framework_id=course.framework_id).order_by("order", "code")
    )


@dataclass(frozen=True)
class CertificateFacts:
    certificate: Certificate
    dimensions: list[Dimension]
    practice_titles: list[str]
    attendance_rate: float | None


def certificate_facts(certificate: Certificate) -> CertificateFacts:
    enrollment = certificate.enrollment
    return CertificateFacts(
        certificate=certificate,
        dimensions=course_dimensions(enrollment.cohort.course),
        practice_titles=sorted(
            Practice.objects.filter(
                assignment__cohort_id=enrollment.cohort_id,
                participant_id=enrollment.participant_id,
                status=Practice.Status.ACCEPTED,
            ).values_list("assignment__title", flat=True)
        ),
        attendance_rate=enrollment_attendance_rate(enrollment=enrollment),
    )
