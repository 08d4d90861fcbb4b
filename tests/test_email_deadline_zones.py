"""Every deadline and time an email shows is in the recipient's zone, labelled, in the one style
of their language (the style of `|zoned` on the pages).

The recipient's zone is the one they chose; someone who never chose one (the UTC every account
starts with) reads the zone of the cohort the email is about. Each email kind is sent through
the service that sends it and read back from the outbox.
"""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail

from assessments.models import Campaign, Invitation
from assessments.services.campaigns.lifecycle import campaign_start_nomination
from assessments.services.nominations import invitations_send
from assessments.services.reminders import reminders_send
from courses.models import Cohort, Session
from courses.services.scheduling import session_cancel, session_update
from participants.models import Participant, User
from participants.services.enrollment import enrollment_create
from practice.services.reminders import practice_reminders_send
from tests import factories

pytestmark = pytest.mark.django_db

DUBAI = zoneinfo.ZoneInfo("Asia/Dubai")
# 17:00 in London is 01:00 the next day in Shanghai and 21:00 in Dubai (the cohort's zone).
CLOSES = dt.datetime(2026, 12, 9, 17, tzinfo=dt.UTC)
LONDON_CLOSES = "9 Dec 2026, 17:00 (Europe/London)"
SHANGHAI_CLOSES = "2026年12月10日 01:00（Asia/Shanghai）"
DUBAI_CLOSES = "2026年12月9日 21:00（Asia/Dubai）"


@pytest.fixture
def cohort() -> Cohort:
    return factories.CohortFactory(name="KAM Gulf", time_zone="Asia/Dubai")


@pytest.fixture
def people(cohort: Cohort) -> dict[str, Participant]:
    """An English reader in London, a Chinese reader in Shanghai, and one who never chose a
    zone (Chinese), all confirmed in the Dubai cohort."""
    found = {
        "london": factories.ParticipantFactory(
            language="en", time_zone="Europe/London", email="london@example.com"
        ),
        "shanghai": factories.ParticipantFactory(
            language="zh-hans", time_zone="Asia/Shanghai", email="shanghai@example.com"
        ),
        "unchosen": factories.ParticipantFactory(
            language="zh-hans", time_zone="UTC", email="unchosen@example.com"
        ),
    }
    for participant in found.values():
        factories.EnrollmentFactory(participant=participant, cohort=cohort)
    return found


def _sent_to(address: str) -> mail.EmailMessage:
    (message,) = [m for m in mail.outbox if any(address in to for to in m.to)]
    return message


def _text(message: mail.EmailMessage) -> str:
    return f"{message.subject}\n{message.body}"


def test_the_nomination_request_names_its_deadline_in_each_recipients_zone(
    cohort: Cohort,
    people: dict[str, Participant],
    hr_user: User,
    django_capture_on_commit_callbacks,
) -> None:
    # given a campaign whose nominations close at 17:00 UTC
    campaign = factories.CampaignFactory(
        cohort=cohort,
        opens_at=CLOSES + dt.timedelta(days=1),
        closes_at=CLOSES + dt.timedelta(days=20),
        nomination_opens_at=CLOSES - dt.timedelta(days=10),
        nomination_closes_at=CLOSES,
    )

    # when HR opens the nomination
    with django_capture_on_commit_callbacks(execute=True):
        campaign_start_nomination(campaign=campaign, by=hr_user)

    # then each participant reads the deadline in their zone, labelled, in their language
    london = _text(_sent_to(people["london"].email))
    assert f"Please submit your list before {LONDON_CLOSES}." in london
    assert "Asia/Shanghai" not in london
    shanghai = _text(_sent_to(people["shanghai"].email))
    assert f"请在 {SHANGHAI_CLOSES} 之前提交名单。" in shanghai
    assert "Europe/London" not in shanghai
    # and someone who never chose a zone reads the cohort's
    assert f"请在 {DUBAI_CLOSES} 之前提交名单。" in _text(_sent_to(people["unchosen"].email))


def _open_campaign(cohort: Cohort, people: dict[str, Participant]) -> Campaign:
    campaign = factories.CampaignFactory(
        cohort=cohort,
        status=Campaign.Status.OPEN,
        opens_at=CLOSES - dt.timedelta(days=10),
        closes_at=CLOSES,
    )
    for key, participant in people.items():
        factories.InvitationFactory(
            campaign=campaign,
            subject=participant,
            group=Invitation.Group.SELF,
            rater_name=participant.name,
            rater_email=participant.email,
            rater_language=participant.language,
            status=Invitation.Status.APPROVED,
        )
        if key == "london":
            for language, email in (("en", "peer.en@example.com"), ("zh-hans", "peer@example.com")):
                factories.InvitationFactory(
                    campaign=campaign,
                    subject=participant,
                    group=Invitation.Group.PEER,
                    rater_email=email,
                    rater_language=language,
                    status=Invitation.Status.APPROVED,
                )
    return campaign


def test_invitations_name_the_close_in_each_recipients_zone(
    cohort: Cohort,
    people: dict[str, Participant],
    hr_user: User,
    django_capture_on_commit_callbacks,
) -> None:
    # given an open campaign closing at 17:00 UTC, with self-assessments and two raters
    campaign = _open_campaign(cohort, people)

    # when HR sends the invitations
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_send(campaign=campaign, by=hr_user) == 5

    # then each self-assessment names the close in the participant's zone
    assert f"Please answer before {LONDON_CLOSES}." in _text(_sent_to(people["london"].email))
    assert f"请在 {SHANGHAI_CLOSES} 之前完成。" in _text(_sent_to(people["shanghai"].email))
    assert f"请在 {DUBAI_CLOSES} 之前完成。" in _text(_sent_to(people["unchosen"].email))
    # and raters, addressed by email only, read it in the cohort's zone, in their language
    english_rater = _text(_sent_to("peer.en@example.com"))
    assert "Please answer before 9 Dec 2026, 21:00 (Asia/Dubai)." in english_rater
    assert f"请在 {DUBAI_CLOSES} 之前完成。" in _text(_sent_to("peer@example.com"))


def test_reminders_name_the_close_in_each_recipients_zone(
    cohort: Cohort,
    people: dict[str, Participant],
    hr_user: User,
    django_capture_on_commit_callbacks,
) -> None:
    # given the invitations went out, and nobody has answered two days before the close
    campaign = _open_campaign(cohort, people)
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(campaign=campaign, by=hr_user)
    mail.outbox.clear()

    # when the reminder job runs
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=CLOSES - dt.timedelta(days=1), steps=(2,)) == 5

    # then the self-reminders and the rater reminders name the close as the invitations did
    london = _text(_sent_to(people["london"].email))
    assert f"Please complete it before {LONDON_CLOSES}, in My Zone:" in london
    assert f"（截止时间：{SHANGHAI_CLOSES}）" in _text(_sent_to(people["shanghai"].email))
    assert f"（截止时间：{DUBAI_CLOSES}）" in _text(_sent_to(people["unchosen"].email))
    assert "before 9 Dec 2026, 21:00 (Asia/Dubai)." in _text(_sent_to("peer.en@example.com"))
    assert f"截止时间：{DUBAI_CLOSES}。" in _text(_sent_to("peer@example.com"))


@pytest.fixture
def session(cohort: Cohort) -> Session:
    start = dt.datetime(2027, 3, 2, 9, tzinfo=DUBAI)  # 05:00 UTC
    return factories.SessionFactory(
        cohort=cohort,
        title="关键客户",
        title_en="Key accounts",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
    )


def test_a_moved_session_reads_in_each_recipients_zone_in_the_same_style(
    session: Session,
    people: dict[str, Participant],
    hr_user: User,
    django_capture_on_commit_callbacks,
) -> None:
    # when HR moves the session an hour later (06:00 UTC)
    later = session.starts_at + dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        session_update(
            session=session, starts_at=later, ends_at=later + dt.timedelta(hours=3), by=hr_user
        )

    # then the old and the new time, in each one's zone, in the style deadlines have
    london = _sent_to(people["london"].email).body
    assert "Before: 2 Mar 2027, 05:00–08:00 (Europe/London)" in london
    assert "Now: 2 Mar 2027, 06:00–09:00 (Europe/London)" in london
    shanghai = _sent_to(people["shanghai"].email).body
    assert "2027年3月2日 13:00–16:00（Asia/Shanghai）" in shanghai
    assert "2027年3月2日 14:00–17:00（Asia/Shanghai）" in shanghai
    # and someone who never chose a zone reads the cohort's (where it also meets)
    unchosen = _sent_to(people["unchosen"].email).body
    assert "2027年3月2日 10:00–13:00（Asia/Dubai）" in unchosen
    assert "UTC" not in unchosen


def test_a_cancelled_session_reads_in_each_recipients_zone_in_the_same_style(
    session: Session,
    people: dict[str, Participant],
    hr_user: User,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, by=hr_user)

    assert "2 Mar 2027, 05:00–08:00 (Europe/London)" in _sent_to(people["london"].email).body
    shanghai = _sent_to(people["shanghai"].email).body
    assert "2027年3月2日 13:00–16:00（Asia/Shanghai）" in shanghai
    assert "2027年3月2日 09:00–12:00（Asia/Dubai）" in _sent_to(people["unchosen"].email).body


def test_a_practice_due_day_is_a_date_in_each_language_style(
    cohort: Cohort, people: dict[str, Participant], django_capture_on_commit_callbacks
) -> None:
    # given two practices due on 9 December (a day: no zone)
    assignment = factories.AssignmentFactory(cohort=cohort, due_on=dt.date(2026, 12, 9))
    for key in ("london", "shanghai"):
        factories.PracticeFactory(assignment=assignment, participant=people[key])

    # when the reminder job runs two days before
    with django_capture_on_commit_callbacks(execute=True):
        assert practice_reminders_send(today=dt.date(2026, 12, 7)) == 2

    # then each reads the day as their language writes it
    assert "is due on 9 Dec 2026" in _sent_to(people["london"].email).subject
    assert "2026年12月9日" in _sent_to(people["shanghai"].email).subject


def test_an_enrolment_email_gives_the_cohorts_days_in_each_language_style(
    hr_user: User, django_capture_on_commit_callbacks
) -> None:
    # given a cohort of 1–4 March 2027 (days: no zone), a reader of each language
    cohort = factories.CohortFactory(name="KAM Gulf", time_zone="Asia/Dubai")
    english = factories.ParticipantFactory(language="en", email="en.reader@example.com")
    chinese = factories.ParticipantFactory(language="zh-hans", email="zh.reader@example.com")

    # when HR enrols both
    with django_capture_on_commit_callbacks(execute=True):
        for participant in (english, chinese):
            enrollment_create(participant=participant, cohort=cohort, by=hr_user)

    # then each reads the days as their language writes them
    assert "(1 Mar 2027 – 4 Mar 2027, Asia/Dubai)" in _sent_to(english.email).body
    assert "(2027年3月1日 – 2027年3月4日, Asia/Dubai)" in _sent_to(chinese.email).body
