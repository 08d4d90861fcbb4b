"""Loading the catalogue demo through the services: each record found by its natural key and
brought to the data (created, or updated in place), so a second run changes nothing."""

import datetime as dt
import zoneinfo
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from courses.access import TRAINERS_GROUP, system_actor
from courses.demo.data import (
    AFTERNOON,
    COHORT_CODE,
    COURSE_CODE,
    DEMO_PASSWORD,
    DIMENSIONS,
    FRAMEWORK_CODE,
    MORNING,
    OTHER_COURSES,
    SESSIONS,
    TRAINER_EMAIL,
    ZONE,
    Login,
)
from courses.demo.kinds import syllabus_kinds
from courses.demo_syllabus import SYLLABUS
from courses.models import Cohort, Course, Framework, Room, Venue
from courses.services.catalogue import (
    ActivityInput,
    DimensionInput,
    ItemInput,
    ModuleInput,
    cohort_create,
    cohort_update,
    course_create,
    course_update,
    framework_create,
    framework_update,
)
from courses.services.scheduling import session_create
from courses.services.trainers import cohort_trainers_set
from courses.services.venues import RoomInput, venue_create, venue_update


def _framework() -> Framework:
    values: dict[str, Any] = {
        "name": "STROBE 大客户经理角色模型",
        "name_en": "STROBE key-account manager roles",
        "description": "五个角色 S-T-R-O-BE: the five roles of a key-account manager.",
        "dimensions": [
            DimensionInput(
                code=code,
                name=name,
                name_en=name_en,
                order=order,
                # Only role S's activities are in the seed; the others are written for the demo.
                items=[
                    ItemInput(order=n, text=text, text_en=text_en, is_sample=code != "S")
                    for n, (text, text_en) in enumerate(items, start=1)
                ],
            )
            for order, (code, name, name_en, items) in enumerate(DIMENSIONS, start=1)
        ],
    }
    framework = Framework.objects.filter(code=FRAMEWORK_CODE).first()
    if framework is None:
        return framework_create(by=None, code=FRAMEWORK_CODE, **values)
    return framework_update(by=None, framework=framework, **values)


def _course(framework: Framework) -> Course:
    roles = {d.code: d for d in framework.dimensions.all()}
    modules = [
        ModuleInput(
            number=seed.number,
            title=seed.title,
            title_en=seed.title_en,
            dimension=roles.get(seed.role) if seed.role else None,
            activities=[
                ActivityInput(order=order, kind=kind, title=line, title_en=line_en)
                for order, ((line, line_en), kind) in enumerate(
                    zip(
                        seed.lines, syllabus_kinds([line for line, _en in seed.lines]), strict=True
                    ),
                    start=1,
                )
            ],
        )
        for seed in SYLLABUS
    ]
    values: dict[str, Any] = {
        "title": "集团客户管理培训",
        "title_en": "Key Account Management Training",
        "summary": "面向海外一线管理者的大客户管理课程:以吴迪的故事为线索,"
        "围绕STROBE五个角色展开研讨、案例与实践,并以360度反馈和在岗实践(PARR)收尾。",
        "summary_en": "Key-account management for overseas leaders: following Wu Di's story "
        "through the five STROBE roles with discussion, cases and practice, closed by 360° "
        "feedback and on-the-job practice (PARR).",
        "audience": "企业海外区域总经理、企业CXO、国家总经理、HR总经理",
        "audience_en": "Overseas regional general managers, corporate CxOs, "
        "country general managers and HR general managers",
        "trainer_names": "常兴",
        "framework": framework,
        "is_published": True,
        "modules": modules,
    }
    return _course_save(COURSE_CODE, values)


def _course_save(code: str, values: dict[str, Any]) -> Course:
    course = Course.objects.filter(code=code).first()
    if course is None:
        return course_create(by=None, code=code, **values)
    return course_update(by=None, course=course, **values)


def _other_courses() -> None:
    for code, title, title_en, trainer in OTHER_COURSES:
        _course_save(
            code,
            {"title": title, "title_en": title_en, "trainer_names": trainer, "is_published": False},
        )


def _venue() -> tuple[Venue, list[Room]]:
    name = "深圳培训中心 Shenzhen Training Centre"
    wanted = (("博学厅 Boxue Hall", 30), ("明德室 Mingde Room", 16))
    values: dict[str, Any] = {
        "city": "深圳 Shenzhen",
        "address": "南山区科技园 Nanshan",
        "time_zone": ZONE,
    }
    venue = Venue.objects.filter(name=name).first()
    have = {room.name: room.pk for room in venue.rooms.all()} if venue else {}
    values["rooms"] = [
        RoomInput(name=room, capacity=capacity, pk=have.get(room)) for room, capacity in wanted
    ]
    if venue is None:
        venue = venue_create(by=None, name=name, **values)
    else:
        venue = venue_update(by=None, venue=venue, **values)
    rooms = {room.name: room for room in venue.rooms.all()}
    return venue, [rooms[room] for room, _capacity in wanted]


def _trainer(password: str) -> Any:
    user_model = get_user_model()
    wanted = {"full_name": "常兴", "is_staff": True, "time_zone": ZONE}
    trainer = user_model.objects.filter(email=TRAINER_EMAIL).first()
    if trainer is None:
        trainer = user_model.objects.create_user(TRAINER_EMAIL, password, **wanted)
    elif any(getattr(trainer, name) != value for name, value in wanted.items()):
        for name, value in wanted.items():
            setattr(trainer, name, value)
        trainer.save(update_fields=list(wanted))
    group, _ = Group.objects.get_or_create(name=TRAINERS_GROUP)
    trainer.groups.add(group)
    return trainer


def _cohort(*, course: Course, venue: Venue, rooms: list[Room], trainer: Any) -> Cohort:
    zone = zoneinfo.ZoneInfo(ZONE)
    name = "集团客户管理培训 2026 第二期 · KAM 2026-02"
    cohort = Cohort.objects.filter(code=COHORT_CODE).first()
    if cohort is None:
        # The dates are set once: a later run must not move a running cohort.
        first_day = timezone.now().astimezone(zone).date() - dt.timedelta(days=14)
        cohort = cohort_create(
            by=None,
            course=course,
            code=COHORT_CODE,
            name=name,
            time_zone=ZONE,
            venue=venue,
            capacity=24,
            status=Cohort.Status.RUNNING,
            starts_on=first_day,
            ends_on=first_day + dt.timedelta(days=28),
            enrolment_opens_at=dt.datetime.combine(
                first_day - dt.timedelta(days=45), dt.time(9), tzinfo=zone
            ),
            enrolment_closes_at=dt.datetime.combine(
                first_day - dt.timedelta(days=7), dt.time(18), tzinfo=zone
            ),
        )
    else:
        cohort = cohort_update(
            by=None,
            cohort=cohort,
            course=course,
            name=name,
            time_zone=ZONE,
            venue=venue,
            capacity=24,
            status=Cohort.Status.RUNNING,
        )
    trainers = {*cohort.trainers.values_list("pk", flat=True), trainer.pk}
    cohort_trainers_set(cohort=cohort, trainers=trainers, by=None)
    modules = {m.number: m for m in course.modules.all()}
    scheduled = set(cohort.sessions.values_list("module__number", flat=True))
    for day, morning, number, room_index in SESSIONS:
        if number in scheduled:
            continue
        date = cohort.starts_on + dt.timedelta(days=day)
        start, end = MORNING if morning else AFTERNOON
        module = modules[number]
        session_create(
            cohort=cohort,
            module=module,
            title=module.title,
            title_en=module.title_en,
            starts_at=dt.datetime.combine(date, start, tzinfo=zone),
            ends_at=dt.datetime.combine(date, end, tzinfo=zone),
            room=rooms[room_index],
            trainers=[trainer],
            by=None,
        )
    return cohort


@system_actor()
def load() -> list[Login]:
    """Load the catalogue demo (idempotent) and return the trainer's login."""

    framework = _framework()
    course = _course(framework)
    _other_courses()
    venue, rooms = _venue()
    trainer = _trainer(DEMO_PASSWORD)
    _cohort(course=course, venue=venue, rooms=rooms, trainer=trainer)
    return [("trainer", TRAINER_EMAIL, DEMO_PASSWORD)]
