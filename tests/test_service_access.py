"""Every service that changes state checks who acts: no door can do what the API refuses.

A trainer of cohort B reaches the services of cohort A through any door (admin action, page,
API, command): each refuses them with PermissionDenied and changes nothing. `by=None` (the
system) is refused outside `system_actor()`.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from assessments.models import ActionPlan, Campaign, Invitation
from assessments.services import action_plans, late_raters, nominations, plan_reviews, reminders
from assessments.services import campaigns as campaign_services
from courses.access import TRAINERS_GROUP, system_actor
from courses.models import Cohort, Session
from courses.services import catalogue, copying, scheduling, venues
from courses.services.trainers import cohort_trainers_set
from participants.models import Attendance, Enrollment, Participant, User
from participants.services import attendance, enrollment, importing, people
from tests import factories

pytestmark = pytest.mark.django_db


@dataclass
class CohortA:
    cohort: Cohort
    session: Session
    participant: Participant
    enrollment: Enrollment
    waiting: Enrollment
    campaign: Campaign
    invitation: Invitation
    plan: ActionPlan
    newcomer: Participant  # in no cohort yet


def _trainer(cohort: Cohort) -> User:
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    cohort.trainers.add(user)
    return user


@pytest.fixture
def cohort_a() -> CohortA:
    cohort = factories.CohortFactory(capacity=1)
    _trainer(cohort)
    session = factories.SessionFactory(cohort=cohort)
    participant = factories.ParticipantFactory(with_user=True)
    placed = factories.EnrollmentFactory(participant=participant, cohort=cohort)
    waiting = factories.EnrollmentFactory(
        cohort=cohort, status=Enrollment.Status.WAITLISTED, waitlisted_at=dt.datetime.now(dt.UTC)
    )
    campaign = factories.CampaignFactory(cohort=cohort, status=Campaign.Status.OPEN)
    invitation = factories.InvitationFactory(
        campaign=campaign, subject=participant, status=Invitation.Status.APPROVED
    )
    plan = ActionPlan.objects.create(participant=participant, campaign=campaign)
    newcomer = factories.ParticipantFactory()
    return CohortA(
        cohort, session, participant, placed, waiting, campaign, invitation, plan, newcomer
    )


@pytest.fixture
def trainer_b() -> User:
    return _trainer(factories.CohortFactory())


Call = Callable[[CohortA, Any], object]

SERVICES: dict[str, Call] = {
    # courses
    "course_create": lambda a, by: catalogue.course_create(code="c-x", title="X", by=by),
    "course_update": lambda a, by: catalogue.course_update(
        course=a.cohort.course, title="Taken", by=by
    ),
    "framework_create": lambda a, by: catalogue.framework_create(code="f-x", name="X", by=by),
    "framework_update": lambda a, by: catalogue.framework_update(
        framework=a.campaign.framework, name="Taken", by=by
    ),
    "cohort_create": lambda a, by: catalogue.cohort_create(
        course=a.cohort.course,
        code="new",
        name="New",
        starts_on=dt.date(2027, 5, 1),
        ends_on=dt.date(2027, 5, 2),
        by=by,
    ),
    "cohort_update": lambda a, by: catalogue.cohort_update(cohort=a.cohort, capacity=99, by=by),
    "cohort_trainers_set": lambda a, by: cohort_trainers_set(cohort=a.cohort, trainers=[by], by=by),
    "session_create": lambda a, by: scheduling.session_create(
        cohort=a.cohort,
        title="Extra",
        starts_at=dt.datetime(2027, 6, 1, 1, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 6, 1, 3, tzinfo=dt.UTC),
        by=by,
    ),
    "session_update": lambda a, by: scheduling.session_update(
        session=a.session, title="Moved", by=by
    ),
    "session_cancel": lambda a, by: scheduling.session_cancel(session=a.session, by=by),
    "venue_create": lambda a, by: venues.venue_create(
        name="Mine", rooms=[venues.RoomInput(name="A")], by=by
    ),
    "venue_update": lambda a, by: venues.venue_update(
        venue=factories.VenueFactory(), name="Taken", by=by
    ),
    "cohort_copy": lambda a, by: copying.cohort_copy(
        cohort=a.cohort, code="copied", starts_on=dt.date(2027, 9, 1), by=by
    ),
    # participants
    "enrollment_create": lambda a, by: enrollment.enrollment_create(
        participant=a.newcomer, cohort=a.cohort, by=by
    ),
    "enrollment_confirm": lambda a, by: enrollment.enrollment_confirm(enrollment=a.waiting, by=by),
    "enrollment_cancel": lambda a, by: enrollment.enrollment_cancel(enrollment=a.enrollment, by=by),
    "enrollment_complete": lambda a, by: enrollment.enrollment_complete(
        enrollment=a.enrollment, by=by, reason="x", override=True
    ),
    "enrollment_mark_no_show": lambda a, by: enrollment.enrollment_mark_no_show(
        enrollment=a.enrollment, by=by
    ),
    "waitlist_promote": lambda a, by: enrollment.waitlist_promote(cohort=a.cohort, by=by),
    "enrollments_create_bulk": lambda a, by: enrollment.enrollments_create_bulk(
        cohort=a.cohort, participants=[a.newcomer], by=by
    ),
    "enrollments_create_each": lambda a, by: enrollment.enrollments_create_each(
        cohort=a.cohort, participants=[a.newcomer], by=by
    ),
    "attendance_mark": lambda a, by: attendance.attendance_mark(
        enrollment=a.enrollment, session=a.session, status="absent", by=by
    ),
    "attendance_mark_many": lambda a, by: attendance.attendance_mark_many(
        session=a.session, statuses={a.enrollment.pk: "absent"}, by=by
    ),
    "participant_create": lambda a, by: people.participant_create(
        employee_number="X1", name="X", email="x@example.com", by=by
    ),
    "participant_update": lambda a, by: people.participant_update(
        participant=a.participant, name="Taken", by=by
    ),
    "participant_delete": lambda a, by: people.participant_delete(participant=a.newcomer, by=by),
    "participants_import": lambda a, by: importing.participants_import(
        data=b"employee_number,name,email\nX2,X,x2@example.com\n", by=by
    ),
    # assessments
    "campaign_create": lambda a, by: campaign_services.campaign_create(
        cohort=a.cohort, framework=a.campaign.framework, name="Mine", kind="pre", by=by
    ),
    "campaign_update": lambda a, by: campaign_services.campaign_update(
        campaign=a.campaign, name="Taken", by=by
    ),
    "campaign_start_nomination": lambda a, by: campaign_services.campaign_start_nomination(
        campaign=a.campaign, by=by
    ),
    "campaign_open": lambda a, by: campaign_services.campaign_open(campaign=a.campaign, by=by),
    "campaign_close": lambda a, by: campaign_services.campaign_close(campaign=a.campaign, by=by),
    "campaign_release": lambda a, by: campaign_services.campaign_release(
        campaign=a.campaign, by=by
    ),
    "reminders_send_now": lambda a, by: reminders.reminders_send_now(campaign=a.campaign, by=by),
    "reminders_send_pending": lambda a, by: reminders.reminders_send_pending(
        campaign=a.campaign, by=by
    ),
    "invitation_nominate": lambda a, by: nominations.invitation_nominate(
        campaign=a.campaign,
        subject=a.participant,
        rater_name="R",
        rater_email="r@example.com",
        group="other",
        by=by,
    ),
    "invitation_update": lambda a, by: nominations.invitation_update(
        invitation=a.invitation, rater_name="Taken", by=by
    ),
    "invitation_remove": lambda a, by: nominations.invitation_remove(
        invitation=a.invitation, by=by
    ),
    "invitations_send": lambda a, by: nominations.invitations_send(campaign=a.campaign, by=by),
    "nominations_submit": lambda a, by: nominations.nominations_submit(
        campaign=a.campaign, subject=a.participant, by=by
    ),
    "nominations_approve": lambda a, by: nominations.nominations_approve(
        campaign=a.campaign, subject=a.participant, by=by
    ),
    "late_rater_add": lambda a, by: late_raters.late_rater_add(
        campaign=a.campaign,
        subject=a.participant,
        rater_name="Late",
        rater_email="late@example.com",
        group="peer",
        by=by,
    ),
    "action_plan_save": lambda a, by: action_plans.action_plan_save(
        participant=a.participant, campaign=a.campaign, goals=[], by=by
    ),
    "action_plan_comment_add": lambda a, by: action_plans.action_plan_comment_add(
        plan=a.plan, text="Mine now", by=by
    ),
    "review_add": lambda a, by: plan_reviews.review_add(
        plan=a.plan, reviewed_on=dt.date(2027, 1, 1), progress=10, note="", by=by
    ),
}


def _state(a: CohortA) -> tuple[object, ...]:
    return (
        list(Enrollment.objects.order_by("pk").values_list("pk", "status")),
        list(Attendance.objects.values_list("pk", "status")),
        list(Session.objects.order_by("pk").values_list("pk", "title", "status")),
        list(a.cohort.trainers.order_by("pk").values_list("pk", flat=True)),
        Cohort.objects.count(),
        list(Campaign.objects.order_by("pk").values_list("pk", "name", "status")),
        list(Invitation.objects.order_by("pk").values_list("pk", "rater_name", "status")),
        Participant.objects.count(),
        a.plan.comments.count(),
    )


@pytest.mark.parametrize("service", list(SERVICES))
def test_a_trainer_of_another_cohort_is_refused_by_every_service(
    service: str, cohort_a: CohortA, trainer_b: User
) -> None:
    # given the state of cohort A
    before = _state(cohort_a)
    # when a trainer of cohort B calls the service on cohort A
    with pytest.raises(PermissionDenied):
        SERVICES[service](cohort_a, trainer_b)
    # then nothing changed
    assert _state(cohort_a) == before


@pytest.mark.parametrize(
    "service", ["enrollment_cancel", "attendance_mark", "campaign_close", "session_cancel"]
)
def test_nobody_is_refused_outside_the_system_jobs(service: str, cohort_a: CohortA) -> None:
    before = _state(cohort_a)
    with pytest.raises(PermissionDenied):
        SERVICES[service](cohort_a, None)
    assert _state(cohort_a) == before


def test_the_system_acts_inside_system_actor(cohort_a: CohortA) -> None:
    with system_actor():
        enrollment.enrollment_cancel(enrollment=cohort_a.enrollment, by=None)
    cohort_a.waiting.refresh_from_db()
    assert cohort_a.waiting.status == Enrollment.Status.CONFIRMED  # the waitlist moved up
