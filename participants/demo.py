"""Demo data of people: HR, admin, participants (incl. 吴迪), enrolments and attendance.

Runs after the courses demo, which creates the cohort `kam-2026-02` and its trainer 常兴.
Idempotent: people are found by their natural keys and only what is missing is written, so a
second run changes nothing. Enrolments and attendance go through the services, so the waitlist,
the status history and the marks are the real thing.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.utils import timezone

from courses.demo import DEMO_PASSWORD
from courses.models import Cohort, Session
from courses.services.catalogue import cohort_update
from participants.access import system_actor
from participants.models import (
    HR_GROUP,
    Attendance,
    Enrollment,
    Language,
    Participant,
    User,
)
from participants.services.attendance import attendance_mark_many
from participants.services.enrollment import enrollment_cancel, enrollment_create
from participants.services.people import participant_create, participant_update

Login = tuple[str, str, str]
Position = Participant.Position

DEMO_COHORT = "kam-2026-02"
HR_EMAIL = "hr@kamtraining.local"
ADMIN_EMAIL = "admin@kamtraining.local"
WUDI_EMAIL = "wudi@kamtraining.local"
TRAINER_EMAIL = "changxing@kamtraining.local"


@dataclass(frozen=True)
class Person:
    number: str
    name: str
    name_en: str
    position: str
    region: str
    country: str
    org_unit: str
    time_zone: str
    is_incumbent: bool = False
    manager: str = ""  # employee number of a manager among the participants
    manager_email: str = ""


# Enrolled in this order: the cohort holds 24, so the last ones join the waitlist.
PEOPLE = (
    Person("KT10001", "吴迪", "Wu Di", Position.KAM, "Middle East", "United Arab Emirates",
           "阿联酋系统部", "Asia/Dubai", manager_email="wang.jun@kamtraining.local"),
    Person("KT10002", "李娜", "Li Na", Position.COUNTRY_GM, "Southern Africa", "South Africa",
           "南非代表处", "Africa/Johannesburg", is_incumbent=True),
    Person("KT10003", "张伟", "Zhang Wei", Position.COUNTRY_GM, "West Africa", "Nigeria",
           "尼日利亚代表处", "Africa/Lagos", is_incumbent=True),
    Person("KT10004", "王芳", "Wang Fang", Position.KAM, "Western Europe", "United Kingdom",
           "英国系统部", "Europe/London", manager="KT10020"),
    Person("KT10005", "陈磊", "Chen Lei", Position.KAM, "Western Europe", "Spain",
           "西班牙系统部", "Europe/Madrid", manager="KT10020"),
    Person("KT10006", "刘洋", "Liu Yang", Position.CGM, "Latin America", "Mexico",
           "墨西哥系统部", "America/Mexico_City", manager="KT10007"),
    Person("KT10007", "杨静", "Yang Jing", Position.COUNTRY_GM, "Latin America", "Brazil",
           "巴西代表处", "America/Sao_Paulo", is_incumbent=True),
    Person("KT10008", "赵强", "Zhao Qiang", Position.KAM, "Southeast Asia", "Indonesia",
           "印尼系统部", "Asia/Jakarta", manager="KT10010"),
    Person("KT10009", "黄敏", "Huang Min", Position.KAM, "Southeast Asia", "Thailand",
           "泰国系统部", "Asia/Bangkok", manager="KT10010"),
    Person("KT10010", "周杰", "Zhou Jie", Position.REGIONAL_GM, "Southeast Asia", "Malaysia",
           "东南亚地区部", "Asia/Kuala_Lumpur", is_incumbent=True),
    Person("KT10011", "吴婷", "Wu Ting", Position.KAM, "Middle East", "Saudi Arabia",
           "沙特系统部", "Asia/Riyadh", manager_email="wang.jun@kamtraining.local"),
    Person("KT10012", "徐明", "Xu Ming", Position.REGIONAL_GM, "Eurasia", "Russia",
           "欧亚地区部", "Europe/Moscow", is_incumbent=True),
    Person("KT10013", "孙丽", "Sun Li", Position.CGM, "North Africa", "Egypt",
           "埃及系统部", "Africa/Cairo", manager="KT10026"),
    Person("KT10014", "马超", "Ma Chao", Position.COUNTRY_GM, "East Africa", "Kenya",
           "肯尼亚代表处", "Africa/Nairobi", is_incumbent=True),
    Person("KT10015", "朱琳", "Zhu Lin", Position.HR_GM, "Middle East", "United Arab Emirates",
           "中东地区部人力资源", "Asia/Dubai", is_incumbent=True),
    Person("KT10016", "胡斌", "Hu Bin", Position.KAM, "Southern Africa", "South Africa",
           "南非系统部", "Africa/Johannesburg", manager="KT10002"),
    Person("KT10017", "郭蕾", "Guo Lei", Position.CGM, "West Africa", "Nigeria",
           "尼日利亚系统部", "Africa/Lagos", manager="KT10003"),
    Person("KT10018", "林涛", "Lin Tao", Position.KAM, "Latin America", "Mexico",
           "墨西哥系统部", "America/Mexico_City", manager="KT10006"),
    Person("KT10019", "何雪", "He Xue", Position.KAM, "Western Europe", "Spain",
           "西班牙系统部", "Europe/Madrid", manager="KT10020"),
    Person("KT10020", "高峰", "Gao Feng", Position.CXO, "Western Europe", "United Kingdom",
           "西欧地区部", "Europe/London", is_incumbent=True),
    Person("KT10021", "罗健", "Luo Jian", Position.KAM, "Latin America", "Brazil",
           "巴西系统部", "America/Sao_Paulo", manager="KT10007"),
    Person("KT10022", "梁晨", "Liang Chen", Position.KAM, "Southeast Asia", "Indonesia",
           "印尼系统部", "Asia/Jakarta", manager="KT10010"),
    Person("KT10023", "宋佳", "Song Jia", Position.CGM, "Southeast Asia", "Thailand",
           "泰国系统部", "Asia/Bangkok", manager="KT10010"),
    Person("KT10024", "郑凯", "Zheng Kai", Position.KAM, "Middle East", "Saudi Arabia",
           "沙特系统部", "Asia/Riyadh", manager_email="wang.jun@kamtraining.local"),
    Person("KT10025", "谢晓", "Xie Xiao", Position.KAM, "Eurasia", "Kazakhstan",
           "哈萨克斯坦系统部", "Asia/Almaty", manager="KT10012"),
    Person("KT10026", "韩冰", "Han Bing", Position.COUNTRY_GM, "North Africa", "Morocco",
           "摩洛哥代表处", "Africa/Casablanca", is_incumbent=True),
    Person("KT10027", "唐宁", "Tang Ning", Position.KAM, "East Africa", "Tanzania",
           "坦桑尼亚系统部", "Africa/Dar_es_Salaam", manager="KT10014"),
    Person("KT10028", "冯远", "Feng Yuan", Position.OTHER, "East Africa", "Kenya",
           "肯尼亚系统部", "Africa/Nairobi", manager="KT10014"),
)  # fmt: skip

# One place given up, so the head of the waitlist moves up and the history shows why.
CANCELLED = ("KT10020", "Moved to a new post; will join a later cohort.")


def _email(person: Person) -> str:
    if person.number == PEOPLE[0].number:
        return WUDI_EMAIL
    return person.name_en.lower().replace(" ", ".") + "@kamtraining.local"


def _user(email: str, *, full_name: str, time_zone: str, password: str, **flags: bool) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, password, full_name=full_name, time_zone=time_zone, **flags
        )
    return user


def _people(password: str, *, by: User) -> dict[str, Participant]:
    """The cohort's people, through the same service as HR's "add participant" (so each gets
    an account waiting to be activated); only 吴迪's account has a password, to log in with."""
    existing = Participant.objects.in_bulk([p.number for p in PEOPLE], field_name="employee_number")
    for person in PEOPLE:
        if person.number in existing:
            continue
        existing[person.number] = participant_create(
            by=by,
            employee_number=person.number,
            name=person.name,
            name_en=person.name_en,
            email=_email(person),
            position=person.position,
            is_incumbent=person.is_incumbent,
            region=person.region,
            country=person.country,
            org_unit=person.org_unit,
            time_zone=person.time_zone,
            language=Language.CHINESE,
            manager_email=person.manager_email,
        )
    for person in PEOPLE:
        participant = existing[person.number]
        manager = existing.get(person.manager) if person.manager else None
        if manager is not None and participant.manager_id != manager.pk:
            existing[person.number] = participant_update(
                participant=participant, by=by, manager=manager
            )
    wudi = existing[PEOPLE[0].number]
    account = wudi.user or User.objects.filter(email=WUDI_EMAIL).first()
    if account is not None and not account.has_usable_password():
        account.set_password(password)
        account.save(update_fields=["password"])
    return existing


def _enrol(cohort: Cohort, people: dict[str, Participant], by: User) -> None:
    enrolled = set(
        Enrollment.objects.filter(cohort=cohort).values_list(
            "participant__employee_number", flat=True
        )
    )
    missing = [person for person in PEOPLE if person.number not in enrolled]
    if missing:
        # The demo's people enrolled while the window was open, before the cohort began:
        # enrol them with the window lifted, then put it back as it was.
        opens_at, closes_at = cohort.enrolment_opens_at, cohort.enrolment_closes_at
        cohort_update(cohort=cohort, by=None, enrolment_opens_at=None, enrolment_closes_at=None)
        for person in missing:
            enrollment_create(participant=people[person.number], cohort=cohort, by=by)
        cohort_update(
            cohort=cohort, by=None, enrolment_opens_at=opens_at, enrolment_closes_at=closes_at
        )
    number, reason = CANCELLED
    enrollment = Enrollment.objects.get(cohort=cohort, participant=people[number])
    if (
        enrollment.status == Enrollment.Status.CONFIRMED
        and not enrollment.history.filter(to_status=Enrollment.Status.CANCELLED).exists()
    ):
        enrollment_cancel(enrollment=enrollment, by=by, reason=reason)


def _demo_status(i: int, j: int) -> str:
    """A believable, fixed pattern: mostly present, a few late, the odd absence or excuse."""
    if (i * 7 + j * 3) % 23 == 5:
        return Attendance.Status.ABSENT
    if (i + j * 5) % 17 == 4:
        return Attendance.Status.EXCUSED
    if (i * 3 + j) % 7 == 2:
        return Attendance.Status.LATE
    return Attendance.Status.PRESENT


def _attendance(cohort: Cohort, by: User) -> None:
    """Mark every past session for everyone holding a place, leaving existing marks alone."""
    past = list(
        cohort.sessions.filter(
            status=Session.Status.SCHEDULED, ends_at__lte=timezone.now()
        ).order_by("starts_at", "pk")
    )
    holders = list(
        cohort.enrollments.filter(status__in=Enrollment.ATTENDING).order_by(
            "participant__employee_number"
        )
    )
    marked = set(
        Attendance.objects.filter(session__in=past).values_list("session_id", "enrollment_id")
    )
    for j, session in enumerate(past):
        statuses = {
            e.pk: _demo_status(i, j)
            for i, e in enumerate(holders)
            if (session.pk, e.pk) not in marked
        }
        if statuses:
            attendance_mark_many(session=session, statuses=statuses, by=by)


@system_actor()
def load() -> list[Login]:
    """Create the demo's people, enrol them in the demo cohort and mark past attendance."""
    password = DEMO_PASSWORD

    hr = _user(
        HR_EMAIL,
        full_name="林晓 (HR)",
        time_zone="Asia/Shanghai",
        password=password,
        is_staff=True,
    )
    hr.groups.add(Group.objects.get(name=HR_GROUP))
    _user(
        ADMIN_EMAIL,
        full_name="Administrator",
        time_zone="Asia/Shanghai",
        password=password,
        is_staff=True,
        is_superuser=True,
    )
    people = _people(password, by=hr)
    cohort = Cohort.objects.filter(code=DEMO_COHORT).first()
    if cohort is not None:
        _enrol(cohort, people, by=hr)
        trainer = User.objects.filter(email=TRAINER_EMAIL).first() or hr
        _attendance(cohort, by=trainer)
    return [
        ("HR", HR_EMAIL, password),
        ("admin", ADMIN_EMAIL, password),
        ("participant", WUDI_EMAIL, password),
    ]
