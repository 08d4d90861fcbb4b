"""The cohort's completion rule: created with defaults when missing, each part switchable by HR."""

from django.db import transaction
from django.utils import timezone

from certificates.access import may_manage_completion
from certificates.models import CompletionRule
from courses.access import require
from courses.models import Cohort
from participants.models import User


def rule_ensure(*, cohort: Cohort) -> CompletionRule:
    rule, _created = CompletionRule.objects.get_or_create(cohort=cohort)
    return rule


@transaction.atomic
def rule_update(
    *,
    cohort: Cohort,
    requires_attendance: bool,
    requires_self_assessment: bool,
    requires_practice: bool,
    by: User | None,
) -> CompletionRule:
    require(by, may_manage_completion, cohort)
    rule = rule_ensure(cohort=cohort)
    rule.requires_attendance = requires_attendance
    rule.requires_self_assessment = requires_self_assessment
    rule.requires_practice = requires_practice
    rule.updated_at = timezone.now()
    rule.full_clean()
    rule.save()
    return rule
