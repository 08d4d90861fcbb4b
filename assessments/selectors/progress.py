"""Where a campaign stands: per participant and group, who was invited and who answered."""

from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from assessments.models import Campaign, Invitation, InvitationStatusChange
from assessments.selectors.campaigns import ACTIVE_STATUSES, RATER_GROUPS
from kamtraining.history import HistoryEntry, actor_name, describe_changes
from kamtraining.i18n import person_sort_key
from participants.models import Participant

Group = Invitation.Group
IStatus = Invitation.Status
INVITED = (IStatus.SENT, IStatus.STARTED, IStatus.SUBMITTED, IStatus.DECLINED)
PENDING = (IStatus.SENT, IStatus.STARTED)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class GroupProgress:
    group: str
    label: str
    minimum: int
    maximum: int
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, *statuses: str) -> int:
        return sum(self.counts.get(status, 0) for status in statuses)

    @property
    def nominated(self) -> int:
        return self.count(IStatus.NOMINATED)

    @property
    def approved(self) -> int:
        return self.count(IStatus.APPROVED)

    @property
    def sent(self) -> int:
        return self.count(IStatus.SENT)

    @property
    def started(self) -> int:
        return self.count(IStatus.STARTED)

    @property
    def submitted(self) -> int:
        return self.count(IStatus.SUBMITTED)

    @property
    def declined(self) -> int:
        return self.count(IStatus.DECLINED)

    @property
    def invited(self) -> int:
        return self.count(*INVITED)

    @property
    def active(self) -> int:
        return self.count(*ACTIVE_STATUSES)

    @property
    def missing(self) -> int:
        return max(self.minimum - self.active, 0)


@dataclass
class SubjectProgress:
    participant: Participant
    self_status: str | None
    groups: list[GroupProgress]
    pending: list[Invitation]  # raters invited who have not answered yet
    unsent: list[Invitation]  # nominated or approved, not invited yet

    @property
    def nominated(self) -> int:
        return sum(group.nominated for group in self.groups)

    @property
    def approved_unsent(self) -> int:
        return sum(group.approved for group in self.groups)

    @property
    def invited(self) -> int:
        return sum(group.invited for group in self.groups)

    @property
    def submitted(self) -> int:
        return sum(group.submitted for group in self.groups)

    @property
    def missing(self) -> list[GroupProgress]:
        return [group for group in self.groups if group.missing]

    @property
    def self_status_label(self) -> str:
        if self.self_status == IStatus.APPROVED:  # ready, and sent when the campaign opens
            return _("Not sent yet")
        return str(IStatus(self.self_status).label) if self.self_status else ""


@dataclass
class CampaignProgress:
    campaign: Campaign
    subjects: list[SubjectProgress]

    @property
    def invited(self) -> int:
        return sum(subject.invited for subject in self.subjects)

    @property
    def submitted(self) -> int:
        return sum(subject.submitted for subject in self.subjects)

    @property
    def declined(self) -> int:
        return sum(g.declined for subject in self.subjects for g in subject.groups)

    @property
    def pending(self) -> int:
        return sum(len(subject.pending) for subject in self.subjects)

    @property
    def response_rate(self) -> float | None:
        """Submitted raters over invited raters, in per cent (self-assessments apart)."""
        return _rate(self.submitted, self.invited)

    @property
    def self_submitted(self) -> int:
        return sum(1 for s in self.subjects if s.self_status == IStatus.SUBMITTED)


def campaign_progress(*, campaign: Campaign) -> CampaignProgress:
    """Every participant's raters by group and status, in one query whatever the sizes."""
    limits = campaign.rater_limits()
    invitations = (
        Invitation.objects.filter(campaign=campaign)
        .select_related("subject")
        .annotate(reminder_count=Count("reminders"), reminded_at=Max("reminders__sent_at"))
        .order_by("subject__name", "subject_id", "group", "rater_name", "pk")
    )
    subjects: dict[int, SubjectProgress] = {}
    for invitation in invitations:
        subject = subjects.get(invitation.subject_id)
        if subject is None:
            subject = subjects[invitation.subject_id] = SubjectProgress(
                participant=invitation.subject,
                self_status=None,
                groups=[
                    GroupProgress(
                        group=group,
                        label=str(group.label),
                        minimum=limits[group][0],
                        maximum=limits[group][1],
                    )
                    for group in RATER_GROUPS
                ],
                pending=[],
                unsent=[],
            )
        if invitation.group == Group.SELF:
            subject.self_status = invitation.status
            continue
        group_progress = subject.groups[RATER_GROUPS.index(Group(invitation.group))]
        group_progress.counts[invitation.status] = (
            group_progress.counts.get(invitation.status, 0) + 1
        )
        if invitation.status in PENDING:
            subject.pending.append(invitation)
        elif invitation.status in (IStatus.NOMINATED, IStatus.APPROVED):
            subject.unsent.append(invitation)
    # Only the campaign's subjects (those with a self invitation) are listed.
    listed = sorted(
        (s for s in subjects.values() if s.self_status is not None),
        key=lambda s: (person_sort_key(s.participant), s.participant.pk),
    )
    return CampaignProgress(campaign=campaign, subjects=listed)


@dataclass
class GroupShortfall:
    label: str
    submitted: int
    needed: int


@dataclass
class TransitionPreview:
    """What closing or releasing will leave out: thin groups and missing self-assessments."""

    subjects: int
    shortfalls: list[tuple[Participant, list[GroupShortfall]]]
    without_self: list[Participant]


def campaign_transition_preview(*, campaign: Campaign) -> TransitionPreview:
    """Per participant, each group answered by fewer raters than it needs to be shown.

    A peer, direct-report or other group with raters needs k answers to be shown (DESIGN.md
    §4.2); the manager group needs its minimum. One query, like the progress page.
    """
    progress = campaign_progress(campaign=campaign)
    k = campaign.min_group_size
    shortfalls = []
    for subject in progress.subjects:
        thin = []
        for group in subject.groups:
            needed = group.minimum if group.group == Group.MANAGER else k
            if (group.invited or group.minimum) and group.submitted < needed:
                thin.append(GroupShortfall(group.label, group.submitted, needed))
        if thin:
            shortfalls.append((subject.participant, thin))
    return TransitionPreview(
        subjects=len(progress.subjects),
        shortfalls=shortfalls,
        without_self=[
            s.participant for s in progress.subjects if s.self_status != IStatus.SUBMITTED
        ],
    )


@dataclass
class ReminderPreview:
    """Whom "remind pending raters" will email: counts per participant, never a rater's name."""

    raters: list[tuple[Participant, int]]
    self_assessments: list[Participant]

    @property
    def rater_count(self) -> int:
        return sum(n for _participant, n in self.raters)

    @property
    def self_count(self) -> int:
        return len(self.self_assessments)


def reminder_preview(*, campaign: Campaign) -> ReminderPreview:
    progress = campaign_progress(campaign=campaign)
    return ReminderPreview(
        raters=[(s.participant, len(s.pending)) for s in progress.subjects if s.pending],
        self_assessments=[s.participant for s in progress.subjects if s.self_status in PENDING],
    )


RATER_STEPS = (
    Invitation.Status.STARTED,
    Invitation.Status.SUBMITTED,
    Invitation.Status.DECLINED,
)


def invitation_history_for_subject(
    *, campaign: Campaign, subject: Participant
) -> list[HistoryEntry]:
    """Every status change of the invitations about one participant, newest first (one query)."""
    changes = (
        InvitationStatusChange.objects.filter(
            invitation__campaign=campaign, invitation__subject=subject
        )
        .select_related("invitation", "by")
        .order_by("-at", "-pk")
    )
    entries = []
    for change in changes:
        invitation = change.invitation
        if change.by is not None:
            by = actor_name(change.by)
        elif change.to_status in RATER_STEPS:
            by = invitation.rater_name  # through their own link
        else:
            by = actor_name(None)
        what = describe_changes(Invitation, {"status": [change.from_status, change.to_status]})
        entries.append(
            HistoryEntry(
                at=change.at,
                by=by,
                what=f"{invitation.get_group_display()} · {invitation.rater_name} · {what}",
            )
        )
    return entries
