import icalendar
import pytest
from django.contrib.auth.models import Group
from django.core import mail

from participants.models import HR_GROUP
from participants.services.enrollment import enrollment_cancel, enrollment_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(db):
    user = factories.UserFactory(email="hr@example.com")
    user.groups.add(Group.objects.get(name=HR_GROUP))
    return user


def test_confirmed_place_emails_participant_and_hr_with_the_sessions(
    hr, django_capture_on_commit_callbacks
):
    session = factories.SessionFactory()
    participant = factories.ParticipantFactory(email="wu@example.com", language="en")

    with django_capture_on_commit_callbacks(execute=True):
        enrollment_create(participant=participant, cohort=session.cohort, by=hr)

    assert [m.to for m in mail.outbox] == [["wu@example.com"], ["hr@example.com"]]
    to_participant = mail.outbox[0]
    assert "is confirmed" in to_participant.subject
    filename, content, mimetype = to_participant.attachments[0]
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    events = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [f"session-{session.pk}@kamtraining"]
    # HR is sent to the product's cohort page, not to the Django admin
    to_hr = mail.outbox[1].body
    assert f"/hr/cohorts/{session.cohort.pk}/" in to_hr
    assert "/admin/" not in to_hr


def test_participant_email_is_in_their_language(hr, django_capture_on_commit_callbacks):
    cohort = factories.CohortFactory(capacity=0, name="KAM 第一期")
    participant = factories.ParticipantFactory(language="zh-hans")

    with django_capture_on_commit_callbacks(execute=True):
        enrollment_create(participant=participant, cohort=cohort, by=hr)

    to_participant, to_hr = mail.outbox
    assert to_participant.subject == "您已进入 KAM 第一期 的候补名单"
    assert "第 1 位" in to_participant.body
    assert to_participant.attachments == []  # no calendar for a waitlisted place
    assert "position 1" in to_hr.body


def test_promotion_emails_the_promoted_participant(hr, django_capture_on_commit_callbacks):
    cohort = factories.CohortFactory(capacity=1)
    holder = enrollment_create(participant=factories.ParticipantFactory(), cohort=cohort, by=hr)
    waiting = factories.ParticipantFactory(email="next@example.com", language="en")
    enrollment_create(participant=waiting, cohort=cohort, by=hr)

    with django_capture_on_commit_callbacks(execute=True):
        enrollment_cancel(enrollment=holder, by=hr)

    promoted = [m for m in mail.outbox if m.to == ["next@example.com"]]
    assert len(promoted) == 1
    assert "now yours" in promoted[0].subject
    assert promoted[0].attachments


def test_names_are_not_html_escaped_in_plain_text(hr, django_capture_on_commit_callbacks):
    participant = factories.ParticipantFactory(name="O'Brien & Co", name_en="", language="en")

    with django_capture_on_commit_callbacks(execute=True):
        enrollment_create(participant=participant, cohort=factories.CohortFactory(), by=hr)

    assert "O'Brien & Co" in mail.outbox[0].body


def test_a_mail_server_failure_does_not_undo_the_enrolment(
    hr, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    participant = factories.ParticipantFactory()

    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enrollment_create(
            participant=participant, cohort=factories.CohortFactory(), by=hr
        )

    enrollment.refresh_from_db()
    assert enrollment.status == "confirmed"


def test_an_import_writes_to_each_participant_but_not_to_hr_per_row(
    hr, django_capture_on_commit_callbacks
):
    from participants.services.enrollment import enrollments_create_bulk

    cohort = factories.CohortFactory(capacity=1)
    people = [factories.ParticipantFactory(language="en") for _ in range(2)]

    with django_capture_on_commit_callbacks(execute=True):
        enrollments_create_bulk(cohort=cohort, participants=people, by=hr)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert {m.subject.split(" ")[0] for m in mail.outbox} == {"Your", "You"}
