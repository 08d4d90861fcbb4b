"""After the classroom, through real pages: report → focus items → plan → PARR practice observed
on a phone → the trainer returns Reflect, then accepts → HR completes → certificate, verified
and revoked.

One world (a released 360, a cohort attended, a practice assignment) is built by services
before the first page; each test then walks its part of the journey as the people would. The
later parts start from the state the earlier part reached, set up the same way.
"""

import datetime as dt
import io
import os
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from assessments.models import ActionPlan, Goal
from certificates.models import Certificate
from courses.models import Cohort
from participants.models import Attendance, Enrollment, Participant, User
from practice.models import Observer, Practice, PracticeEvent, TriangleRole
from practice.services.assignments import assignment_create
from practice.services.observers import observation_submit, observer_invite
from practice.services.phases import phase_complete, practice_goal_link
from practice.services.review import practice_accept
from tests import factories
from tests.assessments.report_ui_world import ReportWorld, released_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-word-123"  # tests.factories.UserFactory
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
PHASES = ("prepare", "act", "reflect", "review")
GOAL = "每季度与客户高层对齐战略"
TITLE = "Win the Q3 renewal"
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "")


@dataclass
class Journey:
    report: ReportWorld
    cohort: Cohort
    participant: Participant
    user: User
    trainer: User
    hr: User
    enrollment: Enrollment
    practice: Practice


def build_journey() -> Journey:
    """A released report for 吴迪, whose cohort they attended, with a practice set for it."""
    report = released_world(participants=2)
    campaign = report.campaign
    cohort = campaign.cohort
    cohort.course.framework = campaign.framework
    cohort.course.save(update_fields=["framework"])
    cohort.completion_threshold = 80
    cohort.save(update_fields=["completion_threshold"])
    participant = report.subject
    assert participant.user is not None
    enrollment = factories.EnrollmentFactory(
        participant=participant, cohort=cohort, status=Enrollment.Status.CONFIRMED
    )
    start = timezone.now() - dt.timedelta(days=30)
    for day in range(2):
        session = factories.SessionFactory(
            cohort=cohort,
            starts_at=start + dt.timedelta(days=day),
            ends_at=start + dt.timedelta(days=day, hours=3),
        )
        factories.AttendanceFactory(
            enrollment=enrollment, session=session, status=Attendance.Status.PRESENT
        )
    assignment_create(
        cohort=cohort,
        title=TITLE,
        brief="Plan and run the renewal meeting with the customer's CxO.",
        due_on=timezone.localdate() + dt.timedelta(days=30),
        dimension=report.world.dimensions[0],
        by=report.trainer,
    )
    hr = report.users["hr"]
    return Journey(
        report=report,
        cohort=cohort,
        participant=participant,
        user=participant.user,
        trainer=report.trainer,
        hr=hr,
        enrollment=enrollment,
        practice=Practice.objects.get(participant=participant, assignment__cohort=cohort),
    )


def with_goal(journey: Journey) -> Goal:
    """The plan the first test writes through the pages: one goal on two focus items."""
    items = [
        i
        for i in journey.report.world.items
        if i.dimension_id == journey.report.world.dimensions[0].pk
    ]
    plan = factories.ActionPlanFactory(
        participant=journey.participant, campaign=journey.report.campaign
    )
    goal = factories.GoalFactory(plan=plan, dimension=items[0].dimension, title=GOAL)
    goal.items.set(items)
    return goal


def submitted(journey: Journey) -> Journey:
    """The state the first test ends in: tied to the goal, four phases complete, one observer."""
    by = journey.user
    practice_goal_link(practice=journey.practice, goal=with_goal(journey), by=by)
    observer, _raw = observer_invite(
        practice=journey.practice,
        role=TriangleRole.objects.get(code="account"),
        name="张伟",
        email="zhang.wei@example.com",
        language="en",
        by=by,
    )
    for phase in PHASES:
        phase_complete(practice=journey.practice, phase=phase, text=f"{phase}: 做了什么", by=by)
    scores = dict(zip(journey.practice.items.values_list("pk", flat=True), (4, 3), strict=True))
    observation_submit(observer=observer, scores=scores, observation="准备充分。")
    journey.practice.refresh_from_db()
    assert journey.practice.status == Practice.Status.SUBMITTED
    return journey


def accepted(journey: Journey) -> Journey:
    submitted(journey)
    practice_accept(practice=journey.practice, by=journey.trainer)
    return journey


def new_page(browser: Any, live_server: Any, **options: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def log_in(page: Any, user: User) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def shot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def phase_section(page: Any, phase: str) -> Any:
    return page.locator(f"section[aria-labelledby='h-{phase}']")


def test_participant_marks_focus_items_writes_a_goal_and_completes_parr_observed_on_a_phone(
    browser: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    journey = build_journey()
    campaign = journey.report.campaign
    page = new_page(browser, live_server)

    # The report: two key business activities of the first dimension in focus.
    log_in(page, journey.user)
    page.goto(f"/me/reports/{campaign.pk}/")
    activities = page.locator("#activities")
    for _ in range(2):
        activities.get_by_role("button", name="Focus on").first.click()
    expect(activities.get_by_role("button", name="Stop focusing")).to_have_count(2)

    # The plan opens with those two items; a goal is written and saved.
    page.get_by_role("button", name="Write my action plan").click()
    row = page.locator("fieldset.goal-row").first
    expect(row.locator("input[type=checkbox][name$='-items']:checked")).to_have_count(2)
    row.get_by_label(re.compile(r"^Goal:?$")).fill(GOAL)
    row.get_by_label("Actions").fill("每月一次高层拜访")
    row.get_by_label("Measure of success").fill("客户战略地图获得双方认可")
    row.get_by_label("Due date").fill((timezone.localdate() + dt.timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Save my action plan").click()
    expect(page.locator(".messages")).to_contain_text("saved")
    goal = Goal.objects.get(plan=ActionPlan.objects.get(participant=journey.participant))
    focus = sorted(goal.items.values_list("pk", flat=True))
    assert len(focus) == 2

    # The practice, from the practice list, tied to that goal: its items become the goal's.
    page.goto("/practice/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_label(re.compile(r"^Goal:?$")).select_option(label=GOAL)
    page.get_by_role("button", name="Tie to this goal").click()
    expect(page.locator(".messages")).to_contain_text("Saved")
    expect(page.locator("section[aria-labelledby='h-items'] li")).to_have_count(2)

    # Act cannot be completed before Prepare: the page says so, and Act stays a draft.
    act = phase_section(page, "act")
    act.get_by_label("What you did").fill("与客户CIO开续约会议")
    act.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_role("alert")).to_contain_text("Complete the phase before this one first")
    act = phase_section(page, "act")
    expect(act.get_by_role("heading", level=2)).to_contain_text("draft")
    expect(act.get_by_label("What you did")).to_have_value("与客户CIO开续约会议")

    # Prepare: a draft first, then complete.
    prepare = phase_section(page, "prepare")
    prepare.get_by_label("What you did").fill("梳理客户组织结构")
    prepare.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("Saved")
    prepare = phase_section(page, "prepare")
    expect(prepare.get_by_label("What you did")).to_have_value("梳理客户组织结构")
    prepare.get_by_role("button", name="Mark complete").click()
    expect(phase_section(page, "prepare").get_by_role("heading", level=2)).to_contain_text(
        "completed on"
    )

    # Act: one observer per triangle role is allowed; one is asked.
    role = TriangleRole.objects.get(code="account")
    act = phase_section(page, "act")
    expect(act).to_contain_text("Observers are named")
    act.get_by_label(re.compile(r"^Role:?$")).select_option(role.code)
    act.get_by_label(re.compile(r"^Name:?$")).fill("张伟")
    act.get_by_label(re.compile(r"^Email:?$")).fill("zhang.wei@example.com")
    act.get_by_label("Language of the email").select_option("en")
    mail.outbox.clear()
    act.get_by_role("button", name="Ask this observer").click()
    expect(page.locator(".messages")).to_contain_text("Saved")
    slots = phase_section(page, "act").locator("tbody tr")
    expect(slots).to_have_count(TriangleRole.objects.count())
    expect(slots.filter(has_text="张伟")).to_contain_text("Invited")
    expect(slots.filter(has_text="Missing")).to_have_count(TriangleRole.objects.count() - 1)
    # the form now offers only the roles still missing
    roles = phase_section(page, "act").get_by_label(re.compile(r"^Role:?$")).locator("option")
    expect(roles).to_have_count(TriangleRole.objects.count() - 1)
    expect(roles.filter(has_text=role.name_en)).to_have_count(0)
    act = phase_section(page, "act")
    act.get_by_label("What you did").fill("与客户CIO开续约会议")
    act.get_by_role("button", name="Mark complete").click()
    expect(phase_section(page, "act").get_by_role("heading", level=2)).to_contain_text(
        "completed on"
    )

    # The observer answers by the emailed link on a phone, told up front that they are named.
    (message,) = mail.outbox
    link = re.search(r"/observe/[^/\s]+/", message.body)
    assert link is not None
    phone = new_page(browser, live_server, **PHONE)
    phone.goto(link.group(0))
    shot(phone, "practice-observer-phone")
    expect(phone.get_by_role("note")).to_contain_text("This is not anonymous feedback")
    expect(phone.locator("main")).to_contain_text("as Account responsible, you observe Wu Di")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    observer_items = phone.locator("fieldset")
    expect(observer_items).to_have_count(2)
    for index, score in enumerate(("4", "3")):
        observer_items.nth(index).get_by_label(score, exact=True).tap()
    phone.get_by_label("Your observation").fill("开场清晰,客户CIO当场认可续约方向。")
    phone.get_by_role("button", name="Send my observation").tap()
    expect(phone.get_by_role("status")).to_contain_text("your observation has been received")
    phone.context.close()
    observer = Observer.objects.get(practice=journey.practice)
    assert observer.status == Observer.Status.SUBMITTED
    assert sorted(observer.ratings.values_list("score", flat=True)) == [3, 4]

    # Back on the practice page the answer is there, each score named by its activity.
    page.reload()
    answered = phase_section(page, "act").locator("tbody tr", has_text="张伟")
    expect(answered).to_contain_text("Answered")
    expect(answered).to_contain_text("客户CIO当场认可")
    for item in goal.items.all():
        expect(answered).to_contain_text(item.text_en)

    shot(page, "practice-act-observed")
    # Reflect, then Review: the practice goes to the trainer.
    for phase, text in (("reflect", "节奏可以更紧凑"), ("review", "下季度再约CIO")):
        section = phase_section(page, phase)
        section.get_by_label("What you did").fill(text)
        section.get_by_role("button", name="Mark complete").click()
        expect(phase_section(page, phase).get_by_role("heading", level=2)).to_contain_text(
            "completed on"
        )
    expect(page.locator("main")).to_contain_text("Waiting for the trainer")
    journey.practice.refresh_from_db()
    assert journey.practice.status == Practice.Status.SUBMITTED
    assert journey.practice.goal_id == goal.pk
    assert sorted(journey.practice.items.values_list("pk", flat=True)) == focus
    page.context.close()


def test_trainer_returns_reflect_participant_resubmits_only_it_trainer_accepts(
    browser: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    journey = submitted(build_journey())
    url = f"/practice/{journey.practice.pk}/"
    page = new_page(browser, live_server)

    # The trainer returns Reflect with a comment.
    log_in(page, journey.trainer)
    page.goto(url)
    review = page.locator("section[aria-labelledby='h-review']")
    returning = review.locator("form", has=page.get_by_role("button", name="Return the practice"))
    returning.get_by_label("Phase to reopen").select_option("reflect")
    returning.get_by_label("Comment").fill("请写出具体的改进措施。")
    returning.get_by_role("button", name="Return the practice").click()
    expect(page.locator(".messages")).to_contain_text("Saved")
    expect(page.locator("#h-history + ol")).to_contain_text("请写出具体的改进措施")

    # The participant sees only Reflect open again, with the comment, and resubmits it.
    log_in(page, journey.user)
    page.goto(url)
    expect(page.locator("main")).to_contain_text("Returned")
    shot(page, "practice-returned")
    expect(phase_section(page, "reflect").locator(".trainer-notes")).to_contain_text(
        "请写出具体的改进措施"
    )
    for phase in PHASES:
        buttons = phase_section(page, phase).get_by_role("button", name="Mark complete")
        expect(buttons).to_have_count(1 if phase == "reflect" else 0)
    reflect = phase_section(page, "reflect")
    expect(reflect.get_by_label("What you did")).to_have_value("reflect: 做了什么")
    reflect.get_by_label("What you did").fill("改进措施:会前把议程发给CIO,会后48小时内跟进。")
    reflect.get_by_role("button", name="Mark complete").click()
    expect(phase_section(page, "reflect").get_by_role("heading", level=2)).to_contain_text(
        "completed on"
    )
    expect(page.locator("main")).to_contain_text("Waiting for the trainer")

    # The trainer accepts.
    log_in(page, journey.trainer)
    page.goto(url)
    shot(page, "practice-resubmitted-trainer")
    review = page.locator("section[aria-labelledby='h-review']")
    accepting = review.locator("form", has=page.get_by_role("button", name="Accept the practice"))
    accepting.get_by_label("Comment").fill("很好。")
    accepting.get_by_role("button", name="Accept the practice").click()
    expect(page.locator(".messages")).to_contain_text("Saved")
    expect(page.locator("main")).to_contain_text("Accepted")
    journey.practice.refresh_from_db()
    assert journey.practice.status == Practice.Status.ACCEPTED
    kinds = list(journey.practice.events.values_list("kind", "phase"))
    assert (PracticeEvent.Kind.RETURNED, "reflect") in kinds
    assert kinds[-1] == (PracticeEvent.Kind.ACCEPTED, "")
    page.context.close()


@pytest.mark.usefixtures("needs_weasyprint")
def test_hr_completes_the_participant_downloads_the_certificate_it_verifies_then_is_revoked(
    browser: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect
    from pypdf import PdfReader

    journey = accepted(build_journey())
    page = new_page(browser, live_server, accept_downloads=True)

    # HR completes the cohort's participants who meet the rule.
    log_in(page, journey.hr)
    page.goto(f"/certificates/cohorts/{journey.cohort.pk}/")
    row = page.locator("tbody tr", has_text="吴迪")
    expect(row.get_by_role("checkbox")).to_be_checked()
    shot(page, "completion-hr")
    page.get_by_role("button", name="Complete the selected participants").click()
    expect(page.locator(".messages")).to_contain_text("1 completed")
    certificate = Certificate.objects.get(enrollment=journey.enrollment)

    # The participant sees the rule met, downloads the PDF and opens the verification page.
    log_in(page, journey.user)
    page.goto("/certificates/me/")
    expect(page.locator("main")).to_contain_text("Completed")
    shot(page, "certificate-mine")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my certificate (PDF)").click()
    with open(download.value.path(), "rb") as handle:
        content = handle.read()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "吴迪" in text
    assert "Wu Di" in text
    assert str(certificate.uuid) in text
    page.get_by_role("link", name="Verification page").click()
    expect(page).to_have_url(re.compile(rf"/verify/{certificate.uuid}/$"))
    expect(page.get_by_role("status")).to_have_text("Valid")
    shot(page, "certificate-valid")
    verify_url = page.url

    # HR revokes with a reason; the public page (no login) says revoked.
    log_in(page, journey.hr)
    page.goto(f"/certificates/cohorts/{journey.cohort.pk}/")
    row = page.locator("tbody tr", has_text="吴迪")
    row.get_by_label("Note or reason").fill("考勤记录有误")
    row.get_by_role("button", name="Revoke the certificate").click()
    expect(page.locator("tbody tr", has_text="吴迪")).to_contain_text("Revoked")
    public = new_page(browser, live_server)
    public.goto(verify_url)
    expect(public.get_by_role("status")).to_contain_text("Revoked")
    shot(public, "certificate-revoked")
    certificate.refresh_from_db()
    assert certificate.revoked_by == journey.hr
    assert certificate.revoked_reason == "考勤记录有误"
    public.context.close()
    page.context.close()
