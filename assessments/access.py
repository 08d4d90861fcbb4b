"""Who may run a campaign, edit its raters, read its reports and write action plans.

DESIGN.md §4, last paragraph, for the reports:
- A participant: their own report, once the campaign is released.
- A trainer of the campaign's cohort: every report and the summary with per-participant
  scores, once the campaign is closed (or released).
- HR: the summary's aggregates and response rates once the campaign is closed; no individual
  report (HR who also trains the cohort reads as that cohort's trainer).
- Anyone else: nothing. Callers answer 404, so nobody learns what exists.

Names kept stable (roles come from courses.access and participants.access):
- `trains_campaign_cohort(user, campaign)`: one of the trainers of the campaign's cohort.
- `is_campaign_staff(user, campaign)`: HR or a trainer of the campaign's cohort.
- `may_manage_campaign(user, campaign=None)`: create, change and move a campaign through its
  statuses (HR).
- `may_edit_raters(user, campaign)`: nominate, change, remove and approve any subject's raters,
  send approved invitations and remind raters (HR or a trainer of the cohort: they run the
  360 of their cohorts).
- `may_add_late_rater(user, campaign)`: invite a late rater to a released campaign (whoever
  may edit its raters).
- `is_subject(campaign=, participant=)`: the participant is one of the campaign's subjects.
- `may_view_report(user, campaign, participant)` (also `can_view_report(user=, campaign=,
  participant=)`): may read that participant's report.
- `SummaryAccess`, `summary_access(user=, campaign=)`: how much of the cohort summary.
- `released_reports_for(user=)`: the released campaigns with the user among the subjects.
- `may_batch_reports(user, campaign)`: download the cohort's reports as one ZIP of PDFs (a
  trainer of the cohort, once closed: whoever may read every report in it; HR reads no
  individual report, so no ZIP either).
- `may_view_batch(user, batch)`: follow and download one such ZIP (whoever asked for it, while
  they still may).
- `is_plan_owner(user, plan)`: the action plan is the user's own.
- `trains_plan_cohort(user, plan)`: trains the cohort of the plan's campaign.
- `may_comment_plan(user, plan)`: the plan's owner or a trainer of its cohort.
- `may_write_plan(user, participant)`: write the participant's plan, mark the report's
  activities to focus on and review the goals (the participant alone).
- `may_set_review_cadence(user, plan)` / `may_set_cohort_review_cadence(user, cohort)`: how
  often reviews fall due, for one plan or for a whole cohort (a trainer of the cohort).

Permissions registered with `rules`: `assessments.manage_campaign`,
`assessments.edit_raters`, `assessments.add_late_rater`, `assessments.comment_action_plan`,
`assessments.review_action_plan`, `assessments.set_review_cadence`,
`assessments.batch_reports`.
"""

from __future__ import annotations

import enum
from typing import Any

import rules
from django.db.models import QuerySet

from assessments.models import ActionPlan, Campaign, Invitation, ReportBatch
from courses.access import is_hr, trains_cohort
from participants.access import is_own_participant
from participants.models import Participant

AFTER_CLOSE = (Campaign.Status.CLOSED, Campaign.Status.RELEASED)


class SummaryAccess(enum.Enum):
    NONE = "none"
    AGGREGATES = "aggregates"  # HR: class figures and response rates
    FULL = "full"  # the cohort's trainers: and each participant's scores


@rules.predicate
def trains_campaign_cohort(user: Any, campaign: Campaign | None) -> bool:
    return campaign is not None and bool(trains_cohort(user, campaign.cohort_id))


is_campaign_staff = is_hr | trains_campaign_cohort
may_manage_campaign = is_hr
may_edit_raters = is_campaign_staff
may_add_late_rater = may_edit_raters


@rules.predicate
def is_plan_owner(user: Any, plan: ActionPlan | None) -> bool:
    return plan is not None and bool(is_own_participant(user, plan.participant))


@rules.predicate
def trains_plan_cohort(user: Any, plan: ActionPlan | None) -> bool:
    return plan is not None and bool(trains_campaign_cohort(user, plan.campaign))


may_comment_plan = is_plan_owner | trains_plan_cohort
may_write_plan = is_own_participant
may_set_review_cadence = trains_plan_cohort
may_set_cohort_review_cadence = trains_cohort


def is_subject(*, campaign: Campaign, participant: Participant) -> bool:
    return Invitation.objects.filter(campaign_id=campaign.pk, subject_id=participant.pk).exists()


def can_view_report(*, user: Any, campaign: Campaign, participant: Participant) -> bool:
    """Whether the user may read this participant's report of this campaign."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not is_subject(campaign=campaign, participant=participant):
        return False
    if participant.user_id == user.pk and campaign.status == Campaign.Status.RELEASED:
        return True
    return campaign.status in AFTER_CLOSE and bool(trains_campaign_cohort(user, campaign))


def may_view_report(user: Any, campaign: Campaign, participant: Participant) -> bool:
    return can_view_report(user=user, campaign=campaign, participant=participant)


@rules.predicate
def may_batch_reports(user: Any, campaign: Campaign | None) -> bool:
    return (
        campaign is not None
        and campaign.status in AFTER_CLOSE
        and bool(trains_campaign_cohort(user, campaign))
    )


@rules.predicate
def may_view_batch(user: Any, batch: ReportBatch | None) -> bool:
    return (
        batch is not None
        and getattr(user, "is_authenticated", False)
        and batch.requested_by_id == user.pk
        and bool(may_batch_reports(user, batch.campaign))
    )


def summary_access(*, user: Any, campaign: Campaign) -> SummaryAccess:
    """How much of the campaign's cohort summary the user may read."""
    if not getattr(user, "is_authenticated", False) or campaign.status not in AFTER_CLOSE:
        return SummaryAccess.NONE
    if trains_campaign_cohort(user, campaign):
        return SummaryAccess.FULL
    if is_hr(user):
        return SummaryAccess.AGGREGATES
    return SummaryAccess.NONE


def released_reports_for(*, user: Any) -> QuerySet[Campaign]:
    """Campaigns released with the user's participant among their subjects, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Campaign.objects.none()
    participant_ids = Participant.objects.filter(user_id=user.pk).values("pk")
    return (
        Campaign.objects.filter(
            status=Campaign.Status.RELEASED,
            pk__in=Invitation.objects.filter(subject_id__in=participant_ids).values("campaign_id"),
        )
        .select_related("cohort")
        .order_by("-released_at", "-pk")
    )


rules.add_perm("assessments.manage_campaign", may_manage_campaign)
rules.add_perm("assessments.edit_raters", may_edit_raters)
rules.add_perm("assessments.add_late_rater", may_add_late_rater)
rules.add_perm("assessments.comment_action_plan", may_comment_plan)
rules.add_perm("assessments.review_action_plan", is_plan_owner)
rules.add_perm("assessments.set_review_cadence", may_set_review_cadence)
rules.add_perm("assessments.batch_reports", may_batch_reports)
