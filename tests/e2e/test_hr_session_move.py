"""HR schedules a cohort taught in two places (Dubai and Shenzhen) and moves one session; the
confirmed participant's email carries an .ics that updates the event their calendar holds."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
import vobject
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import Page, expect

from courses.models import Cohort
from participants.models import HR_GROUP, User
from tests import factories
from tests.participants.feeds import feed_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "pass-word-123"  # the factories' password
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _log_in(page: Page, user: User) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def _events_by_icalendar(body: bytes) -> dict[str, tuple[int, dt.datetime, dt.datetime]]:
    calendar = icalendar.Calendar.from_ical(body)
    return {
        str(event["UID"]): (
            int(event.get("SEQUENCE", 0)),
            event["DTSTART"].dt.astimezone(dt.UTC),
            event["DTEND"].dt.astimezone(dt.UTC),
        )
        for event in calendar.walk("VEVENT")
    }


def _events_by_vobject(body: bytes) -> dict[str, tuple[int, dt.datetime, dt.datetime]]:
    calendar = vobject.readOne(body.decode("utf-8"))
    return {
        event.uid.value: (
            int(event.sequence.value) if hasattr(event, "sequence") else 0,
            event.dtstart.value.astimezone(dt.UTC),
            event.dtend.value.astimezone(dt.UTC),
        )
        for event in calendar.vevent_list
    }


def test_hr_moves_a_shenzhen_session_and_the_participant_gets_an_updating_ics(
    page: Page,
) -> None:
    # given an HR officer, a course, and a participant in London who will be enrolled
    hr = factories.UserFactory(email="hr.mover@example.com", full_name="HR Officer")
    hr.groups.add(Group.objects.get(name=HR_GROUP))
    factories.CourseFactory(code="kam", title="集团客户管理", title_en="Key Account Management")
    participant = factories.ParticipantFactory(
        with_user=True, email="lena@acme.example", language="en", time_zone="Europe/London"
    )

    # when HR creates a Dubai cohort through the HR pages
    _log_in(page, hr)
    page.get_by_role("button", name="Cohorts and sessions", exact=True).click()
    page.get_by_role("button", name="New cohort", exact=True).click()
    page.get_by_label("Code", exact=True).fill("kam-gulf-2027")
    page.get_by_label("Name", exact=True).fill("KAM Gulf and China 2027")
    page.get_by_label("First day").fill("2027-03-02")
    page.get_by_label("Last day").fill("2027-03-03")
    page.get_by_label("Time zone").fill("Asia/Dubai")
    page.get_by_label("Capacity").fill("20")
    page.get_by_role("button", name="Save the cohort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("KAM Gulf and China 2027")
    cohort = Cohort.objects.get(code="kam-gulf-2027")
    factories.EnrollmentFactory(participant=participant, cohort=cohort)

    # and adds one module taught in Dubai, one in Shenzhen (its own zone, typed in its time)
    for title, start, end, zone in (
        ("Module Dubai", "2027-03-02T09:00", "2027-03-02T12:00", ""),
        ("Module Shenzhen", "2027-03-03T09:00", "2027-03-03T12:00", "Asia/Shanghai"),
    ):
        page.get_by_role("button", name="New session").click()
        page.get_by_label("Title", exact=True).fill(title)
        page.get_by_label("Starts (Asia/Dubai)").fill(start)
        page.get_by_label("Ends (Asia/Dubai)").fill(end)
        if zone:
            page.get_by_label("Time zone", exact=True).fill(zone)
        page.get_by_role("button", name="Save the session").click()
        expect(page.get_by_text(f"Session “{title}” saved.")).to_be_visible()
    rows = page.locator("#sessions tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("2027-03-02 09:00–12:00 Asia/Dubai")
    expect(rows.nth(1)).to_contain_text("2027-03-03 09:00–12:00 Asia/Shanghai")

    # and the participant's calendar holds the Shenzhen session (read from their feed)
    shenzhen = cohort.sessions.get(title="Module Shenzhen")
    user = User.objects.get(pk=participant.user_id)
    feed = page.request.get(feed_path(user))
    assert feed.ok
    uid = f"session-{shenzhen.pk}@kamtraining"
    held_sequence, held_start, _held_end = _events_by_icalendar(feed.body())[uid]
    assert held_start == dt.datetime(2027, 3, 3, 1, tzinfo=dt.UTC)  # 09:00 in Shenzhen
    mail.outbox.clear()

    # when HR moves the Shenzhen session to the afternoon, typed in Shenzhen time
    rows.nth(1).get_by_role("link", name="Edit").click()
    page.get_by_label("Starts (Asia/Shanghai)").fill("2027-03-03T14:00")
    page.get_by_label("Ends (Asia/Shanghai)").fill("2027-03-03T17:00")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_text("Session “Module Shenzhen” saved.")).to_be_visible()
    expect(rows.nth(1)).to_contain_text("2027-03-03 14:00–17:00 Asia/Shanghai")

    # then the participant gets one email with an .ics that updates the event
    sent = [m for m in mail.outbox if participant.email in " ".join(m.to)]
    assert len(sent) == 1, [m.subject for m in mail.outbox]
    (attachment,) = sent[0].attachments
    filename, content, mimetype = attachment
    assert filename.endswith(".ics")
    assert "method=REQUEST" in mimetype
    body = content.encode() if isinstance(content, str) else content
    new_start = dt.datetime(2027, 3, 3, 14, tzinfo=SHANGHAI).astimezone(dt.UTC)
    new_end = dt.datetime(2027, 3, 3, 17, tzinfo=SHANGHAI).astimezone(dt.UTC)
    assert new_start == dt.datetime(2027, 3, 3, 6, tzinfo=dt.UTC)
    for events in (_events_by_icalendar(body), _events_by_vobject(body)):
        assert list(events) == [uid]  # the same UID as the feed: the event is updated
        sequence, start, end = events[uid]
        assert sequence > held_sequence
        assert (start, end) == (new_start, new_end)
    assert str(icalendar.Calendar.from_ical(body)["METHOD"]) == "REQUEST"
    assert vobject.readOne(body.decode("utf-8")).method.value == "REQUEST"
    # and the email says the new time in the participant's own zone (06:00 UTC: 06:00 London)
    assert "06:00–09:00" in sent[0].body
    assert "Europe/London" in sent[0].body
