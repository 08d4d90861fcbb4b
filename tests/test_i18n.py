"""Bilingual pages: Chinese labels under zh-hans, and a language choice remembered per user."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from courses.models import Activity
from participants.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def chinese(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def test_catalogue_in_chinese_shows_chinese_labels(client: Client) -> None:
    factories.CourseFactory(title="集团客户管理培训", title_en="Key Account Management Training")

    page = chinese(client).get(reverse("courses:course-list")).content.decode()

    assert '<html lang="zh-hans"' in page
    assert "课程" in page  # the navigation
    assert "登录" in page
    assert "课程目录" in page  # the page's own heading
    # The Chinese title leads, the English one follows as a subtitle.
    assert page.index("集团客户管理培训") < page.index("Key Account Management Training")


def test_catalogue_in_english_shows_english_labels(client: Client) -> None:
    page = client.get(reverse("courses:course-list")).content.decode()

    assert "Course catalogue" in page
    assert "课程目录" not in page


def test_course_page_in_chinese_shows_chinese_content(client: Client) -> None:
    module = factories.ModuleFactory(title="研讨的旅程", title_en="The journey ahead")
    factories.ActivityFactory(module=module, kind=Activity.Kind.SCENARIO_CASE, title="吴迪的故事")

    page = chinese(client).get(module.course.get_absolute_url()).content.decode()

    assert "课程大纲" in page
    assert "研讨的旅程" in page
    assert "情景案例" in page


def test_language_switch_is_remembered_on_the_user(client: Client) -> None:
    user = factories.UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("participants:set-language"), {"language": "zh-hans", "next": "/courses/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/courses/"
    user.refresh_from_db()
    assert user.language == "zh-hans"
    # when: the same user on another device, without the language cookie
    other_device = Client()
    other_device.force_login(user)
    assert "课程目录" in other_device.get("/courses/").content.decode()


def test_schedule_in_chinese(client: Client, hr_user: User) -> None:
    cohort = factories.CohortFactory(time_zone="Asia/Shanghai")
    factories.SessionFactory(cohort=cohort, starts_at=dt.datetime(2027, 3, 2, 1, tzinfo=dt.UTC))
    hr_user.language = "zh-hans"
    hr_user.save(update_fields=["language"])
    client.force_login(hr_user)

    page = client.get(cohort.get_absolute_url()).content.decode()

    assert "各场次举办地的<strong>当地时间</strong>" in page
    assert "2027年3月2日" in page
    assert "星期二" in page


def test_a_persons_name_and_a_things_name_read_differently_in_chinese() -> None:
    from django.utils import translation

    from courses.models import Framework
    from participants.models import Participant

    with translation.override("zh-hans"):
        assert str(Participant._meta.get_field("name").verbose_name) == "姓名"
        assert str(Framework._meta.get_field("name").verbose_name) == "名称"
