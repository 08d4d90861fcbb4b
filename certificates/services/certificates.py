"""Issue and revoke certificates. A revoked certificate keeps who revoked it, when and why."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.access import may_manage_completion
from certificates.models import Certificate
from courses.access import require
from participants.models import Enrollment, User


@transaction.atomic
def certificate_issue(*, enrollment: Enrollment, by: User | None) -> Certificate:
    """The enrolment's certificate, issued once it is completed (the same one if issued)."""
    require(by, may_manage_completion, enrollment.cohort)
    if enrollment.status != Enrollment.Status.COMPLETED:
        raise ValidationError(
            _("A certificate is issued only for a completed enrolment."), code="not_completed"
        )
    certificate, _created = Certificate.objects.get_or_create(
        enrollment=enrollment, defaults={"issued_by": by}
    )
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by: User, reason: str) -> Certificate:
    require(by, may_manage_completion, certificate.enrollment.cohort)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")}, code="required")
    if certificate.is_revoked:
        raise ValidationError(_("This certificate is already revoked."), code="already_revoked")
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revoked_reason = reason
    certificate.full_clean()
    certificate.save()
    return certificate
