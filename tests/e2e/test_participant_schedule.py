"""吴迪 logs in, reads his schedule in his own time zone and downloads his calendar."""

import zoneinfo
from pathlib import Path

import icalendar
import pytest
from django.utils import timezone

from participants import demo
from participants.models import Participant
from programme.demo import DEMO_PASSWORD
from tests.participants.zone_data import ensure_demo_cohort

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_participant_sees_his_schedule_in_his_zone_and_downloads_the_ics(page) -> None:  # type: ignore[no-untyped-def]
    # given the demo: 吴迪 (Asia/Dubai) holds a place in the Shanghai cohort
    cohort = ensure_demo_cohort()
    demo.load()
    wudi = Participant.objects.get(email=demo.WUDI_EMAIL)
    sessions = list(cohort.sessions.order_by("starts_at"))
    upcoming = [s for s in sessions if s.ends_at > timezone.now()]
    assert upcoming, "the demo cohort has sessions ahead"
    dubai = zoneinfo.ZoneInfo(wudi.time_zone)
    shanghai = zoneinfo.ZoneInfo(cohort.time_zone)

    # when he logs in
    page.goto("/accounts/login/")
    page.fill("input[name=username]", demo.WUDI_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    # then home is My Zone, with times in Dubai and Shanghai's beside them
    assert page.url.endswith("/me/")
    section = page.locator("#upcoming")
    assert "Asia/Dubai" in page.locator(".zone-note").inner_text()
    first = upcoming[0]
    mine = f"{first.starts_at.astimezone(dubai):%H:%M}–{first.ends_at.astimezone(dubai):%H:%M}"
    theirs = (
        f"{first.starts_at.astimezone(shanghai):%H:%M}–"
        f"{first.ends_at.astimezone(shanghai):%H:%M} Asia/Shanghai"
    )
    text = section.inner_text()
    assert mine in text
    assert theirs in text

    # and the calendar download parses back to his sessions
    with page.expect_download() as download_info:
        page.locator("#calendar a[download]").click()
    body = Path(download_info.value.path()).read_bytes()
    calendar = icalendar.Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert len(events) == len(sessions)
    starts = sorted(event.decoded("DTSTART") for event in events)
    assert starts == [s.starts_at for s in sessions]
    assert {str(event["DTSTART"].params["TZID"]) for event in events} == {cohort.time_zone}
