"""Who may read and decide completion, and read or revoke certificates.

- `may_manage_completion(user, cohort)`: set the rule, complete, refuse, revoke (HR).
- `may_view_completion(user, cohort)`: read a cohort's checklist (HR or a trainer of the cohort).
- `is_certificate_owner(user, certificate)`: the certificate is the user's own.
- `may_view_certificate(user, certificate)`: its owner, a trainer of its cohort, or HR.

Permissions registered with `rules`: `certificates.manage_completion`,
`certificates.read_completion`, `certificates.read_certificate`.

The verification page and the credential's status are public: they show nothing private.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from certificates.models import Certificate
from courses.access import cohorts_trained_by, is_hr, trains_cohort
from participants.access import is_own_participant

may_manage_completion = is_hr
may_view_completion = is_hr | trains_cohort


@rules.predicate
def is_certificate_owner(user: Any, certificate: Certificate | None) -> bool:
    return certificate is not None and bool(
        is_own_participant(user, certificate.enrollment.participant)
    )


@rules.predicate
def trains_certificate_cohort(user: Any, certificate: Certificate | None) -> bool:
    return certificate is not None and bool(trains_cohort(user, certificate.enrollment.cohort_id))


may_view_certificate = is_certificate_owner | trains_certificate_cohort | is_hr


def certificates_visible_to(user: Any) -> QuerySet[Certificate]:
    """All for HR, their cohorts' for trainers, else the user's own."""
    if not getattr(user, "is_authenticated", False):
        return Certificate.objects.none()
    if is_hr(user):
        return Certificate.objects.all()
    return Certificate.objects.filter(
        Q(enrollment__participant__user_id=user.pk)
        | Q(enrollment__cohort__in=cohorts_trained_by(user))
    )


rules.add_perm("certificates.manage_completion", may_manage_completion)
rules.add_perm("certificates.read_completion", may_view_completion)
rules.add_perm("certificates.read_certificate", may_view_certificate)
