"""Reads about campaigns and nominations: who may see which campaign, what a list still lacks."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from assessments.models import Campaign, Invitation, NominationSubmission
from courses.access import cohorts_trained_by, is_hr
from participants.models import Participant, User

Group = Invitation.Group
RATER_GROUPS = Invitation.RATER_GROUPS
# Invitations that take a place in a group: a rater who declined frees theirs.
ACTIVE_STATUSES = (
    Invitation.Status.NOMINATED,
    Invitation.Status.APPROVED,
    Invitation.Status.SENT,
    Invitation.Status.STARTED,
    Invitation.Status.SUBMITTED,
)
# Before these, an invitation is only a name on the participant's list.
NOT_SENT_STATUSES = (Invitation.Status.NOMINATED, Invitation.Status.APPROVED)


def campaigns_for_staff(*, user: User) -> QuerySet[Campaign]:
    """HR: every campaign; a trainer: their cohorts' campaigns; anyone else: none."""
    campaigns = Campaign.objects.select_related("cohort", "framework").order_by("-created_at", "pk")
    if not user.is_authenticated:
        return campaigns.none()
    if is_hr(user):
        return campaigns
    return campaigns.filter(cohort__in=cohorts_trained_by(user))


def campaign_for_staff(*, user: User, pk: int) -> Campaign:
    """The campaign if the user is HR or trains its cohort; otherwise 404 (no existence leak)."""
    try:
        return campaigns_for_staff(user=user).get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404 from None


def campaigns_for_participant(*, participant: Participant) -> QuerySet[Campaign]:
    """The campaigns a participant is the subject of (they have a self invitation)."""
    return (
        Campaign.objects.filter(invitations__subject=participant, invitations__group=Group.SELF)
        .select_related("cohort", "framework")
        .order_by("-created_at", "pk")
    )


def campaigns_with_self_status(*, participant: Participant) -> QuerySet[Campaign]:
    """The participant's campaigns, each annotated with `self_status`: their own questionnaire's
    invitation status, so a page can tell the next step (nominate, answer, read) in one query."""
    own = Invitation.objects.filter(
        campaign=OuterRef("pk"), subject=participant, group=Group.SELF
    ).values("status")[:1]
    return campaigns_for_participant(participant=participant).annotate(self_status=Subquery(own))


def campaigns_for_cohorts(*, user: User, cohort_ids: list[int] | None = None) -> QuerySet[Campaign]:
    """The campaigns the user may follow (see campaigns_for_staff), of these cohorts if given."""
    campaigns = campaigns_for_staff(user=user).select_related("cohort__course")
    if cohort_ids is not None:
        campaigns = campaigns.filter(cohort_id__in=cohort_ids)
    return campaigns


def campaign_for_participant(*, user: User, pk: int) -> tuple[Campaign, Participant]:
    """The user's own campaign and participant profile, or 404."""
    participant = getattr(user, "participant", None) if user.is_authenticated else None
    if participant is None:
        raise Http404
    try:
        campaign = campaigns_for_participant(participant=participant).get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404 from None
    return campaign, participant


def group_counts(*, campaign: Campaign, subject: Participant) -> dict[str, int]:
    """Raters per group on a participant's list (declined ones excluded, self excluded)."""
    rows = (
        Invitation.objects.filter(campaign=campaign, subject=subject, status__in=ACTIVE_STATUSES)
        .exclude(group=Group.SELF)
        .values("group")
        .annotate(n=Count("pk"))
    )
    return {row["group"]: row["n"] for row in rows}


@dataclass(frozen=True)
class GroupGap:
    """How a group of a participant's list stands against the campaign's limits."""

    group: str
    label: str
    have: int
    minimum: int
    maximum: int

    @property
    def missing(self) -> int:
        return max(self.minimum - self.have, 0)

    @property
    def excess(self) -> int:
        return max(self.have - self.maximum, 0)

    @property
    def is_ok(self) -> bool:
        return not self.missing and not self.excess

    @property
    def is_full(self) -> bool:
        return self.have >= self.maximum

    @property
    def message(self) -> str:
        if self.missing:
            return _("%(group)s: %(n)d more needed (at least %(min)d).") % {
                "group": self.label,
                "n": self.missing,
                "min": self.minimum,
            }
        if self.excess:
            return _("%(group)s: %(n)d too many (at most %(max)d).") % {
                "group": self.label,
                "n": self.excess,
                "max": self.maximum,
            }
        return ""


def nomination_gaps(*, campaign: Campaign, counts: dict[str, int]) -> list[GroupGap]:
    return [
        GroupGap(
            group=group,
            label=str(Group(group).label),
            have=counts.get(group, 0),
            minimum=minimum,
            maximum=maximum,
        )
        for group, (minimum, maximum) in campaign.rater_limits().items()
    ]


@dataclass(frozen=True)
class GroupResponses:
    """How many of a group's invitations went out, were answered, were declined: counts only."""

    group: str
    label: str
    invited: int
    submitted: int
    declined: int


def shown_status(invitation: Invitation) -> str:
    """The status a participant may see of one of their raters (DESIGN.md §4.10).

    Once the invitation is out, every rater reads "sent": who started, answered or declined is
    never told beside a name, only as counts per group.
    """
    if invitation.status in NOT_SENT_STATUSES:
        return invitation.status
    return Invitation.Status.SENT.value


@dataclass(frozen=True)
class Nomination:
    """One participant's list in one campaign, and what it still lacks."""

    campaign: Campaign
    subject: Participant
    invitations: list[Invitation]
    gaps: list[GroupGap]
    # The submission awaiting the trainer's decision, if any: the list is locked meanwhile.
    awaiting: NominationSubmission | None = None

    @property
    def invitations_sent(self) -> bool:
        return any(i.status not in NOT_SENT_STATUSES for i in self.invitations)

    @property
    def responses(self) -> list[GroupResponses]:
        """Per rater group: invitations sent, answers submitted, invitations declined."""
        counts: dict[str, list[int]] = {group.value: [0, 0, 0] for group in RATER_GROUPS}
        for invitation in self.invitations:
            row = counts.get(invitation.group)
            if row is None or invitation.status in NOT_SENT_STATUSES:
                continue
            row[0] += 1
            if invitation.status == Invitation.Status.SUBMITTED:
                row[1] += 1
            elif invitation.status == Invitation.Status.DECLINED:
                row[2] += 1
        return [
            GroupResponses(
                group=group,
                label=str(Group(group).label),
                invited=invited,
                submitted=submitted,
                declined=declined,
            )
            for group, (invited, submitted, declined) in counts.items()
        ]

    @property
    def missing(self) -> list[GroupGap]:
        return [gap for gap in self.gaps if not gap.is_ok]

    @property
    def has_nominated(self) -> bool:
        return any(i.status == Invitation.Status.NOMINATED for i in self.invitations)


def nomination_for(*, campaign: Campaign, subject: Participant) -> Nomination:
    """The participant's raters (self excluded) with the gaps against the limits; two queries."""
    invitations = list(
        Invitation.objects.filter(campaign=campaign, subject=subject)
        .exclude(group=Group.SELF)
        .order_by("group", "rater_name", "pk")
    )
    return _nomination(
        campaign=campaign,
        subject=subject,
        invitations=invitations,
        awaiting=awaiting_submission(campaign=campaign, subject=subject),
    )


def awaiting_submission(*, campaign: Campaign, subject: Participant) -> NominationSubmission | None:
    """The participant's submitted list still waiting for the trainer, if there is one."""
    return NominationSubmission.objects.filter(
        campaign=campaign, subject=subject, decided_at__isnull=True
    ).first()


def _nomination(
    *,
    campaign: Campaign,
    subject: Participant,
    invitations: list[Invitation],
    awaiting: NominationSubmission | None = None,
) -> Nomination:
    counts: dict[str, int] = {}
    for invitation in invitations:
        if invitation.status in ACTIVE_STATUSES:
            counts[invitation.group] = counts.get(invitation.group, 0) + 1
    return Nomination(
        campaign=campaign,
        subject=subject,
        invitations=invitations,
        gaps=nomination_gaps(campaign=campaign, counts=counts),
        awaiting=awaiting,
    )


def nominations_for_participant(*, participant: Participant) -> list[Nomination]:
    """Every campaign of the participant still nominating, with what each list lacks.

    For My Zone: a fixed number of queries whatever the number of campaigns or raters.
    """
    campaigns = list(
        campaigns_for_participant(participant=participant).filter(status=Campaign.Status.NOMINATING)
    )
    by_campaign: dict[int, list[Invitation]] = {c.pk: [] for c in campaigns}
    for invitation in (
        Invitation.objects.filter(subject=participant, campaign__in=campaigns)
        .exclude(group=Group.SELF)
        .order_by("group", "rater_name", "pk")
    ):
        by_campaign[invitation.campaign_id].append(invitation)
    awaiting = {
        submission.campaign_id: submission
        for submission in NominationSubmission.objects.filter(
            subject=participant, campaign__in=campaigns, decided_at__isnull=True
        )
    }
    return [
        _nomination(
            campaign=campaign,
            subject=participant,
            invitations=by_campaign[campaign.pk],
            awaiting=awaiting.get(campaign.pk),
        )
        for campaign in campaigns
    ]


def pending_filter() -> Q:
    """Invitations sent and not yet answered."""
    return Q(status__in=(Invitation.Status.SENT, Invitation.Status.STARTED))


@dataclass(frozen=True)
class ZoneCampaign:
    """A participant's campaign with their own questionnaire and their raters, for My Zone."""

    campaign: Campaign
    self_invitation: Invitation | None
    raters: list[Invitation]

    @property
    def self_submitted(self) -> bool:
        own = self.self_invitation
        return own is not None and own.status == Invitation.Status.SUBMITTED

    @property
    def last_nominated_at(self) -> Any:
        return max((i.nominated_at for i in self.raters), default=None)


def zone_campaigns_for_participant(*, participant: Participant) -> list[ZoneCampaign]:
    """Every campaign of the participant past its draft, with their invitations; two queries."""
    campaigns = list(
        campaigns_for_participant(participant=participant).exclude(status=Campaign.Status.DRAFT)
    )
    own: dict[int, Invitation] = {}
    raters: dict[int, list[Invitation]] = {c.pk: [] for c in campaigns}
    for invitation in Invitation.objects.filter(subject=participant, campaign__in=campaigns):
        if invitation.group == Group.SELF:
            own[invitation.campaign_id] = invitation
        else:
            raters[invitation.campaign_id].append(invitation)
    return [
        ZoneCampaign(campaign=c, self_invitation=own.get(c.pk), raters=raters[c.pk])
        for c in campaigns
    ]


def late_raters_for(*, campaign: Campaign, subject: Participant) -> list[dict[str, Any]]:
    """The subject's late raters (invited after release), oldest first, with whether the
    stored report counts their answer yet (the rescore rule); one query."""
    rows = Invitation.objects.filter(
        campaign=campaign, subject=subject, answer_by__isnull=False
    ).order_by("sent_at", "pk")
    return [
        {
            "invitation": invitation,
            "is_counted": invitation.status == Invitation.Status.SUBMITTED
            and invitation.in_stored_figures,
            "is_waiting": invitation.status == Invitation.Status.SUBMITTED
            and not invitation.in_stored_figures,
        }
        for invitation in rows
    ]
