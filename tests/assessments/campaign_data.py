"""Helpers for campaign tests: a cohort with participants, a campaign at the wanted status."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from assessments.models import Campaign, Invitation
from assessments.services import campaigns as services
from courses.access import system_actor
from courses.models import Cohort
from participants.models import Participant, User
from tests import factories


@dataclass
class Setup:
    campaign: Campaign
    cohort: Cohort
    participants: list[Participant]


def cohort_with_participants(*, n: int = 2, trainer: User | None = None) -> tuple[Cohort, list]:
    cohort = factories.CohortFactory()
    if trainer is not None:
        cohort.trainers.add(trainer)
    participants = []
    for _ in range(n):
        participant = factories.ParticipantFactory(with_user=True)
        factories.EnrollmentFactory(participant=participant, cohort=cohort)
        participants.append(participant)
    return cohort, participants


def nominating_campaign(
    *, n: int = 2, trainer: User | None = None, by: User | None = None, **kw
) -> Setup:
    cohort, participants = cohort_with_participants(n=n, trainer=trainer)
    framework = factories.FrameworkFactory()
    factories.ItemFactory.create_batch(3, dimension=factories.DimensionFactory(framework=framework))
    kw.setdefault("closes_at", timezone.now() + dt.timedelta(days=14))
    # Without an actor the set-up acts as the system, like the demo loader.
    with system_actor():
        campaign = services.campaign_create(
            cohort=cohort, framework=framework, name="Pre-course 360", kind="pre", by=by, **kw
        )
        services.campaign_start_nomination(campaign=campaign, by=by)
    return Setup(campaign=campaign, cohort=cohort, participants=participants)


def fill_raters(
    campaign: Campaign,
    participant: Participant,
    *,
    status: str = Invitation.Status.APPROVED,
    counts: dict[str, int] | None = None,
) -> list[Invitation]:
    """Give a participant enough raters in every group (manager 1, peers 3, reports 3)."""
    counts = counts or {"manager": 1, "peer": 3, "direct_report": 3}
    invitations = []
    for group, n in counts.items():
        for i in range(n):
            invitations.append(
                factories.InvitationFactory(
                    campaign=campaign,
                    subject=participant,
                    group=group,
                    status=status,
                    rater_email=f"{group}{i}.{participant.pk}@example.com",
                    submitted_at=timezone.now() if status == Invitation.Status.SUBMITTED else None,
                )
            )
    return invitations
