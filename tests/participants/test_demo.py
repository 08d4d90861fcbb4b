"""The people demo: HR, admin, ~30 participants incl. 吴迪, a waitlist, past attendance."""

import pytest
from django.utils import timezone

from courses.models import Cohort, Session
from participants import demo
from participants.models import (
    HR_GROUP,
    Attendance,
    Enrollment,
    EnrollmentStatusChange,
    Participant,
    User,
)
from programme.demo import DEMO_PASSWORD
from tests.participants.zone_data import ensure_demo_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_cohort() -> Cohort:
    return ensure_demo_cohort()


def _counts() -> dict[str, int]:
    models = (User, Participant, Enrollment, EnrollmentStatusChange, Attendance)
    return {model.__name__: model.objects.count() for model in models}


def test_demo_loads_people_a_waitlist_and_attendance(demo_cohort: Cohort) -> None:
    # when
    logins = demo.load()
    # then the logins work with the demo password
    assert [email for _, email, _ in logins] == [demo.HR_EMAIL, demo.ADMIN_EMAIL, demo.WUDI_EMAIL]
    for _, email, password in logins:
        assert password == DEMO_PASSWORD
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
    hr = User.objects.get(email=demo.HR_EMAIL)
    assert hr.is_hr
    assert hr.is_staff
    assert hr.groups.filter(name=HR_GROUP).exists()
    assert User.objects.get(email=demo.ADMIN_EMAIL).is_superuser
    # 吴迪 is a KAM with a login in a zone other than the cohort's, kept the same on both
    wudi = Participant.objects.get(email=demo.WUDI_EMAIL)
    assert (wudi.name, wudi.name_en, wudi.position) == ("吴迪", "Wu Di", "kam")
    assert wudi.user is not None
    assert wudi.user.time_zone == wudi.time_zone != demo_cohort.time_zone
    # people across many zones and regions, some incumbents, some with managers
    people = Participant.objects.all()
    assert people.count() >= 20
    assert people.order_by().values("time_zone").distinct().count() >= 12
    assert people.filter(is_incumbent=True).count() >= 3
    assert people.filter(manager__isnull=False).exists()
    # the cohort is full, with a waitlist, and one cancelled place handed on
    enrollments = demo_cohort.enrollments
    assert enrollments.filter(status="confirmed").count() == demo_cohort.capacity
    assert enrollments.filter(status="waitlisted").count() >= 1
    cancelled = enrollments.get(status="cancelled")
    assert cancelled.history.last().reason == demo.CANCELLED[1]
    assert enrollments.get(participant=wudi).status == "confirmed"
    # every past session is marked for everyone holding a place, by the trainer
    past = demo_cohort.sessions.filter(status=Session.Status.SCHEDULED, ends_at__lte=timezone.now())
    assert past.exists()
    marks = Attendance.objects.filter(session__in=past)
    assert marks.count() == past.count() * demo_cohort.capacity
    assert marks.exclude(status="present").exists()
    assert marks.first().marked_by.email == demo.TRAINER_EMAIL


def test_demo_twice_changes_nothing(demo_cohort: Cohort) -> None:
    demo.load()
    before = _counts()
    stamps = list(Participant.objects.values_list("updated_at", flat=True).order_by("pk"))
    demo.load()
    assert _counts() == before
    assert list(Participant.objects.values_list("updated_at", flat=True).order_by("pk")) == stamps


def test_demo_without_the_cohort_still_creates_the_people() -> None:
    demo.load()
    assert User.objects.filter(email=demo.WUDI_EMAIL).exists()
    assert not Enrollment.objects.exists()
