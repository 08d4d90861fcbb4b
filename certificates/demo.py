"""Demo completion: HR decides part of the demo cohort; 吴迪's certificate is issued.

Through the completion services, as HR would from the cohort page: 吴迪 completes as an
exception with a note (the cohort's latest 360 is still open, so nobody has its self-assessment
yet), two people are refused with a reason. Idempotent: once the cohort has a decision, nothing
more is decided.
"""

from django.db import transaction

from certificates.selectors.checklist import checklists_for_cohort
from certificates.services.completion import completion_complete, completion_refuse
from courses.models import Cohort
from participants.models import User

COHORT_CODE = "kam-2026-02"
HR_EMAIL = "hr@kamtraining.local"
SUBJECT_EMAIL = "wudi@kamtraining.local"
EXCEPTION_NOTE = (
    "出勤100%,铁三角实践已通过;本期第二轮360仍在进行,自评待提交。"
    " · Full attendance and practice accepted; the cohort's second 360 is still open."
)
REFUSALS = {
    "ma.chao@kamtraining.local": "实践尚未提交,出勤刚达80%。 · Practice not submitted yet.",
    "zheng.kai@kamtraining.local": "实践尚未开始,下期补修。 · Practice not started; next cohort.",
}


@transaction.atomic
def load() -> list[tuple[str, str, str]]:
    cohort = Cohort.objects.filter(code=COHORT_CODE).first()
    hr = User.objects.filter(email=HR_EMAIL).first()
    if cohort is None or hr is None:
        return []
    checklists = checklists_for_cohort(cohort=cohort)
    if any(row.decision is not None for row in checklists):
        return []
    for row in checklists:
        email = row.enrollment.participant.email
        if email == SUBJECT_EMAIL and row.may_complete:
            completion_complete(
                enrollment=row.enrollment, by=hr, exception=True, note=EXCEPTION_NOTE
            )
        elif email in REFUSALS:
            completion_refuse(enrollment=row.enrollment, by=hr, reason=REFUSALS[email])
    return []
