"""Courses and frameworks saved in the admin go through the catalogue services."""

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from courses.models import Course, Framework
from participants.models import HR_GROUP, TRAINERS_GROUP, User
from tests import factories

pytestmark = pytest.mark.django_db


def _client(*groups: str) -> Client:
    user: User = factories.UserFactory(is_staff=True)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    client = Client()
    client.force_login(user)
    return client


def _course_form(**values: Any) -> dict[str, Any]:
    return {
        "code": "kam-201",
        "title": "大客户进阶",
        "title_en": "KAM advanced",
        "summary": "",
        "summary_en": "",
        "audience": "",
        "audience_en": "",
        "duration": "",
        "trainer_names": "",
        "modules-TOTAL_FORMS": 0,
        "modules-INITIAL_FORMS": 0,
        **values,
    }


def test_hr_adds_and_changes_a_course(db: None) -> None:
    client = _client(HR_GROUP)
    response = client.post(reverse("admin:courses_course_add"), _course_form())
    assert response.status_code == 302
    course = Course.objects.get(code="kam-201")
    url = reverse("admin:courses_course_change", args=[course.pk])
    response = client.post(url, _course_form(title="大客户管理进阶", is_published="on"))
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.title, course.is_published) == ("大客户管理进阶", True)


def test_hr_changes_a_framework(db: None) -> None:
    framework = factories.FrameworkFactory(name="旧名")
    url = reverse("admin:courses_framework_change", args=[framework.pk])
    data = {
        "code": framework.code,
        "name": "新名",
        "name_en": framework.name_en,
        "description": "",
        "dimensions-TOTAL_FORMS": 0,
        "dimensions-INITIAL_FORMS": 0,
    }
    assert _client(HR_GROUP).post(url, data).status_code == 302
    assert Framework.objects.get(pk=framework.pk).name == "新名"


def test_a_trainer_cannot_change_a_course(db: None) -> None:
    course = factories.CourseFactory(title="原名")
    url = reverse("admin:courses_course_change", args=[course.pk])
    response = _client(TRAINERS_GROUP).post(url, _course_form(code=course.code, title="改名"))
    assert response.status_code == 403
    assert Course.objects.get(pk=course.pk).title == "原名"
