"""The catalogue demo: the seed course as the syllabus says, loaded twice with no change."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.demo import DEMO_RATER_TOKEN
from assessments.models import Invitation
from assessments.tokens import token_hash
from courses import demo
from courses.demo_syllabus import SYLLABUS
from courses.models import Activity, Cohort, Course, Framework, Session
from programme import demo as programme_demo
from programme.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

Kind = Activity.Kind


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_loaddemo_twice_leaves_the_same_counts() -> None:
    # Tests run with DEBUG off, where loaddemo must be forced.
    call_command("loaddemo", force=True, stdout=io.StringIO())
    first = counts()
    cohort = Cohort.objects.get(code=demo.COHORT_CODE)

    output = io.StringIO()
    call_command("loaddemo", force=True, stdout=output)

    assert counts() == first
    assert Course.objects.get(code=demo.COURSE_CODE).modules.count() == 26
    assert Cohort.objects.get(code=demo.COHORT_CODE).starts_on == cohort.starts_on
    assert "changxing@kamtraining.local" in output.getvalue()


def test_loaddemo_refuses_to_run_when_debug_is_off() -> None:
    # given: production settings (DEBUG off), as the test settings are
    # when / then: a clear refusal, and nothing loaded
    with pytest.raises(CommandError, match="runs only with DJANGO_DEBUG=1.*--force"):
        call_command("loaddemo", stdout=io.StringIO())
    assert not Course.objects.exists()
    assert not Invitation.objects.exists()
    assert not authenticate(username="hr@kamtraining.local", password=DEMO_PASSWORD)


def test_loaddemo_in_debug_publishes_the_demo_rater_link(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    output = io.StringIO()

    call_command("loaddemo", stdout=output)

    assert Invitation.objects.filter(token_hash=token_hash(DEMO_RATER_TOKEN)).exists()
    assert f"/rate/{DEMO_RATER_TOKEN}/" in output.getvalue()


def test_the_demo_rater_link_exists_only_when_the_loader_is_asked_for_it() -> None:
    logins = programme_demo.load()

    assert not Invitation.objects.filter(token_hash=token_hash(DEMO_RATER_TOKEN)).exists()
    assert "rater link" not in {role for role, _email, _password in logins}
    assert Invitation.objects.filter(campaign__status="open").exists()


def test_demo_keeps_the_cohorts_dates_on_a_later_day(monkeypatch: pytest.MonkeyPatch) -> None:
    demo.load()
    cohort = Cohort.objects.get(code=demo.COHORT_CODE)
    dates = (cohort.starts_on, cohort.ends_on)
    sessions = list(cohort.sessions.values_list("starts_at", "sequence"))
    later = timezone.now() + dt.timedelta(days=5)
    monkeypatch.setattr(timezone, "now", lambda: later)

    demo.load()

    cohort.refresh_from_db()
    assert (cohort.starts_on, cohort.ends_on) == dates
    assert list(cohort.sessions.values_list("starts_at", "sequence")) == sessions


def test_demo_course_has_26_modules_tied_to_their_roles() -> None:
    demo.load()

    course = Course.objects.get(code="kam-strobe")
    modules = {m.number: m for m in course.modules.select_related("dimension")}

    assert course.title == "集团客户管理培训"
    assert course.title_en == "Key Account Management Training"
    assert course.is_published
    assert course.trainer_names == "常兴"
    assert course.framework is not None
    assert course.framework.code == "strobe"
    assert "国家总经理" in course.audience
    assert sorted(modules) == list(range(1, 27))
    assert all(m.title_en for m in modules.values())
    assert modules[1].title == "研讨的旅程"
    assert modules[19].title == "角色O:规避风险与经营指标提升"
    assert modules[20].title.startswith("角色BE")
    assert modules[21].title == "战略合作伙伴"
    assert modules[26].title == "课程总结"
    folded = list(modules[19].activities.all())
    assert len(folded) == 8
    assert [(a.kind, a.title) for a in folded[-2:]] == [
        (Kind.CASE_ANALYSIS, "案例:ET系统部案例分享"),
        (Kind.SHARING, "分享:系统部运营经验分享"),
    ]
    roles = {n: m.dimension.code for n, m in modules.items() if m.dimension}
    expected = {n: "S" for n in range(4, 12)}
    expected |= {n: "T" for n in range(12, 17)}
    expected |= {17: "R", 18: "O", 19: "O"}
    expected |= {n: "BE" for n in range(20, 24)}
    assert roles == expected


@pytest.mark.parametrize(
    ("number", "title", "kind"),
    [
        (1, "情景案例:吴迪的故事", Kind.SCENARIO_CASE),
        (1, "讨论:分享案例的感受", Kind.DISCUSSION),
        (1, "录像:转身", Kind.VIDEO),
        (1, "成功转身的三要素", Kind.LECTURE),
        (2, "KAM的角色:S-T-R-O-B-E模型", Kind.TOOL),
        (2, "结论输出:采用STROBE的结构来传递对CGM/KAM角色的期望", Kind.CONCLUSION),
        (6, "案例分析:友商E的大客户组织结构和大客户名单", Kind.CASE_ANALYSIS),
        (10, "2.当战略不一致时,如何解决冲突?", Kind.DISCUSSION),
        (11, "麦肯锡7S模型", Kind.TOOL),
        (12, "分享:对角色T(跨区域高绩效团队的开发者)的理解", Kind.SHARING),
        (16, "跨文化管理团队建设工具", Kind.TOOL),
        (20, "2.谈谈你对角色BE的理解", Kind.DISCUSSION),
        (24, "录象:《士兵突击》士兵:许三多的转身", Kind.VIDEO),
        (24, "3.根据S-T-R-O-BE模型,在本阶段,你转身的重点是什么?", Kind.DISCUSSION),
        (24, "小结:KAM的职责、角色", Kind.CONCLUSION),
        (24, "1.阅读您的360度调查报告", Kind.LECTURE),
    ],
)
def test_demo_activities_have_the_right_kind(number: int, title: str, kind: str) -> None:
    # The syllabus data and the rule that reads kinds from it, without a database.
    (seed,) = (m for m in SYLLABUS if m.number == number)
    lines = [line for line, _en in seed.lines]

    assert demo.syllabus_kinds(lines)[lines.index(title)] == kind


def test_demo_strobe_framework_has_five_roles_with_items() -> None:
    demo.load()

    framework = Framework.objects.get(code="strobe")
    dimensions = list(framework.dimensions.prefetch_related("items"))

    assert [d.code for d in dimensions] == ["S", "T", "R", "O", "BE"]
    assert all(d.name and d.name_en for d in dimensions)
    s_items = list(dimensions[0].items.all())
    assert [i.text for i in s_items][0] == "理解客户、友商及公司战略"
    assert len(s_items) == 4
    assert not any(i.is_sample for i in s_items)
    for dimension in dimensions[1:]:
        items = list(dimension.items.all())
        assert 4 <= len(items) <= 6
        assert all(i.is_sample and i.text_en for i in items)


def test_demo_lists_the_other_courses_unpublished() -> None:
    demo.load()

    others = Course.objects.exclude(code="kam-strobe")

    assert others.count() == len(demo.OTHER_COURSES)
    assert not others.filter(is_published=True).exists()
    assert others.get(trainer_names="枫影").title == "AI及在企业管理中的应用"


def test_demo_cohort_is_running_with_past_and_upcoming_sessions() -> None:
    logins = demo.load()

    cohort = Cohort.objects.select_related("venue").get(code="kam-2026-02")
    sessions = list(cohort.sessions.select_related("room", "module").prefetch_related("trainers"))
    now = timezone.now()

    assert (cohort.capacity, cohort.time_zone, cohort.status) == (24, "Asia/Shanghai", "running")
    assert cohort.venue is not None
    assert cohort.venue.time_zone == "Asia/Shanghai"
    assert cohort.venue.rooms.count() == 2
    assert 8 <= len(sessions) <= 10
    assert any(s.ends_at < now for s in sessions)
    assert any(s.starts_at > now for s in sessions)
    assert all(s.module and s.room and s.status == Session.Status.SCHEDULED for s in sessions)
    local = {s.starts_at.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai")).time() for s in sessions}
    assert local == {dt.time(9), dt.time(13, 30)}
    assert {t.email for s in sessions for t in s.trainers.all()} == {demo.TRAINER_EMAIL}
    assert logins == [("trainer", demo.TRAINER_EMAIL, DEMO_PASSWORD)]


def test_demo_trainer_can_log_in() -> None:
    demo.load()
    demo.load()

    user = authenticate(username="changxing@kamtraining.local", password=DEMO_PASSWORD)

    assert user is not None
    assert (user.full_name, user.is_staff, user.time_zone) == ("常兴", True, "Asia/Shanghai")
    assert user.is_trainer
    assert user.trained_cohorts.filter(code="kam-2026-02").exists()
