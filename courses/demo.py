"""Demo data of the catalogue: the seed course, STROBE, other courses, a venue and a cohort.

Idempotent: everything is found by its natural key and brought to the values below; the
cohort's dates are set the day it is first created and never moved by a later run.
"""

import datetime as dt
import re
import zoneinfo
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from courses.access import TRAINERS_GROUP, system_actor
from courses.demo_syllabus import SYLLABUS
from courses.models import Activity, Cohort, Course, Dimension, Framework, Item, Module, Room, Venue
from courses.services.scheduling import session_create
from courses.services.trainers import cohort_trainers_set

# The published password of every demo login (see README); the other apps' demos use it too.
DEMO_PASSWORD = "kam-demo-2026"

Login = tuple[str, str, str]

COURSE_CODE = "kam-strobe"
COHORT_CODE = "kam-2026-02"
FRAMEWORK_CODE = "strobe"
TRAINER_EMAIL = "changxing@kamtraining.local"
ZONE = "Asia/Shanghai"

Kind = Activity.Kind
# Looked for in this order: the label before a colon first, then anywhere in the line.
KIND_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("情景案例", Kind.SCENARIO_CASE),
    ("案例分析", Kind.CASE_ANALYSIS),
    ("案例", Kind.CASE_ANALYSIS),
    ("研讨", Kind.DISCUSSION),
    ("讨论", Kind.DISCUSSION),
    ("分享", Kind.SHARING),
    ("录像", Kind.VIDEO),
    ("录象", Kind.VIDEO),
    ("结论输出", Kind.CONCLUSION),
    ("小结", Kind.CONCLUSION),
    ("工具", Kind.TOOL),
    ("模型", Kind.TOOL),
)
NUMBERED = re.compile(r"^\d+[.、]")
OPENS_LIST = re.compile(r"\D1[.、]")  # “…?1.有哪些…”: a list whose next lines continue it


def activity_kind(line: str) -> str:
    """The kind of one syllabus line: “讨论:…” is a discussion, “…模型” a tool, else a lecture."""
    label, colon, _rest = line.replace(":", ":").partition(":")
    if colon:
        for keyword, kind in KIND_KEYWORDS:
            if label.strip() == keyword:
                return kind
    for keyword, kind in KIND_KEYWORDS:
        if keyword in line:
            return kind
    return Kind.LECTURE


def syllabus_kinds(lines: list[str]) -> list[str]:
    """Kinds of a section's lines; numbered lines under “讨论:” (or “…?1.…”) share its kind."""
    kinds: list[str] = []
    list_kind: str | None = None
    for line in lines:
        if NUMBERED.match(line) and list_kind is not None:
            kinds.append(list_kind)
            continue
        kind = activity_kind(line)
        kinds.append(kind)
        opens_list = line.rstrip().endswith((":", ":")) or OPENS_LIST.search(line)
        list_kind = kind if opens_list else None
    return kinds


DIMENSIONS: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "S",
        "制定、协同、执行大客户战略的领导者",
        "Leader who sets, aligns and executes key-account strategy",
        (
            (
                "理解客户、友商及公司战略",
                "Understands the customer's, competitors' and own strategy",
            ),
            (
                "制定与公司价值观和战略相一致的客户群战略",
                "Sets a customer-group strategy consistent with company values and strategy",
            ),
            ("确保客户群战略的执行", "Ensures the customer-group strategy is executed"),
            (
                "建设客户群战略管理的长效机制",
                "Builds a lasting mechanism for customer-group strategy management",
            ),
        ),
    ),
    (
        "T",
        "跨区域高绩效团队的开发者",
        "Developer of cross-regional high-performance teams",
        (
            (
                "践行公司核心价值观,并结合跨区域文化特点在团队中发扬",
                "Lives the company's core values and adapts them to a cross-regional team",
            ),
            (
                "按与客户匹配、共同管理、简单高效的原则设计客户群组织结构",
                "Designs the customer-group organisation to match the customer, shared and simple",
            ),
            (
                "明确系统部分级管理与人力、价格、商务授权",
                "Sets clear tiers of management and delegation (people, pricing, commercial)",
            ),
            (
                "识别并培养后备人才与本地骨干",
                "Identifies and develops successors and local talent",
            ),
            (
                "建立沟通与激励机制,打造跨文化高绩效团队",
                "Builds communication and incentives for a cross-cultural high-performance team",
            ),
        ),
    ),
    (
        "R",
        "建设、协同与整合跨区域/跨系统资源的主导者",
        "Leader who builds, aligns and integrates resources across regions and systems",
        (
            (
                "明确客户群所需资源及其属性",
                "Defines the resources the customer group needs and their nature",
            ),
            (
                "协同公司各业务部门对口支持客户群",
                "Aligns the company's business units behind the customer group",
            ),
            (
                "整合跨区域、跨系统资源,快速响应客户需求",
                "Integrates resources across regions and systems to answer customer needs fast",
            ),
            (
                "在无授权的情况下发挥协作影响力",
                "Exerts collaborative influence without formal authority",
            ),
            ("建立大客户资源共享机制", "Builds a key-account resource-sharing mechanism"),
        ),
    ),
    (
        "O",
        "客户群整体运营结果的责任者",
        "Owner of the customer group's overall operating results",
        (
            (
                "读懂损益表和现金流量表,掌握主要经营指标",
                "Reads the income and cash-flow statements and knows the key ratios",
            ),
            (
                "对客户群经营指标负责并持续提升",
                "Owns the customer group's operating KPIs and keeps improving them",
            ),
            (
                "细分一般、中坚、战略客户并匹配运营策略",
                "Segments general, core and strategic customers and runs each accordingly",
            ),
            (
                "规避风险,加强内控,遵守商业行为规范",
                "Avoids risk, strengthens internal control, follows the conduct guidelines",
            ),
            (
                "正确洞察客户需求,提升运营质量",
                "Reads customer needs correctly to raise operating quality",
            ),
        ),
    ),
    (
        "BE",
        "与客户组织间战略合作伙伴关系的经营者",
        "Builder of strategic partnership with the customer's organisation",
        (
            (
                "与客户开展战略对话与创新合作",
                "Holds strategic dialogue and joint innovation with the customer",
            ),
            (
                "构建并发展客户关系管理平台",
                "Builds and develops the customer-relationship platform",
            ),
            (
                "管理客户期望与感知,闭环改进满意度差距",
                "Manages customer expectation and perception, and closes satisfaction gaps",
            ),
            (
                "匹配价值大客户与战略供应商的需求",
                "Matches value key accounts with the company as a strategic supplier",
            ),
            ("以品牌形象服务业务战略", "Uses brand image in service of the business strategy"),
        ),
    ),
)

# (code, title, title_en, trainer) — the provider's other courses listed under the seed page.
OTHER_COURSES: tuple[tuple[str, str, str, str], ...] = (
    (
        "branch-digital-finance",
        "数字化转型后网点的经营与财务",
        "Running branches and their finances after digital transformation",
        "高岩",
    ),
    (
        "new-era-managers",
        "迈向卓越——新时代管理干部的能力提升",
        "Towards excellence: managers for a new era",
        "苏海军",
    ),
    (
        "urban-investment-governance",
        "城投公司多业务管控模式与产业发展",
        "Governing a multi-business urban-investment company",
        "李豪",
    ),
    ("from-tech-to-management", "《从技术到管理》", "From technology to management", "林广亮"),
    (
        "senior-execution",
        "中高层执行秘诀——中高层管理者执行力提升",
        "Execution secrets for senior and middle managers",
        "吴湘洪",
    ),
    (
        "decision-making",
        "决策:底层能力建设",
        "Decision-making: building the core capability",
        "郑秀宝",
    ),
    (
        "executive-roles",
        "《基于企业期待的中高管角色认知》",
        "Senior-manager roles as the company expects them",
        "黄柳江",
    ),
    ("ai-in-management", "AI及在企业管理中的应用", "AI and its use in management", "枫影"),
    (
        "country-gm-kam-roles",
        "华为跨国国家总经理KAM角色认知",
        "Country general managers as KAMs: the roles",
        "常兴",
    ),
    (
        "twi-supervisors",
        "标准TWI培训——一线督导",
        "Standard TWI training for front-line supervisors",
        "徐兴涛",
    ),
    (
        "culture-and-mindset",
        "《组织文化与心智模式建设》",
        "Building organisational culture and mindsets",
        "黄柳江",
    ),
    (
        "mtp-managers",
        "卓越密码:MTP管理者能力提升",
        "The code of excellence: MTP for managers",
        "谢瑞宝",
    ),
)

# (day after the cohort's first day, morning?, module number, room index)
SESSIONS: tuple[tuple[int, bool, int, int], ...] = (
    (0, True, 1, 0),
    (0, False, 2, 0),
    (1, True, 4, 0),
    (1, False, 6, 1),
    (7, True, 12, 0),
    (7, False, 17, 0),
    (21, True, 18, 0),
    (21, False, 20, 1),
    (27, True, 24, 0),
    (27, False, 25, 0),
)
MORNING = (dt.time(9, 0), dt.time(12, 0))
AFTERNOON = (dt.time(13, 30), dt.time(17, 0))


def _framework() -> Framework:
    framework, _ = Framework.objects.update_or_create(
        code=FRAMEWORK_CODE,
        defaults={
            "name": "STROBE 大客户经理角色模型",
            "name_en": "STROBE key-account manager roles",
            "description": "五个角色 S-T-R-O-BE: the five roles of a key-account manager.",
        },
    )
    for order, (code, name, name_en, items) in enumerate(DIMENSIONS, start=1):
        dimension, _ = Dimension.objects.update_or_create(
            framework=framework,
            code=code,
            defaults={"name": name, "name_en": name_en, "order": order},
        )
        for item_order, (text, text_en) in enumerate(items, start=1):
            Item.objects.update_or_create(
                dimension=dimension,
                order=item_order,
                # Only role S's activities are in the seed; the others are written for the demo.
                defaults={"text": text, "text_en": text_en, "is_sample": code != "S"},
            )
        dimension.items.filter(order__gt=len(items)).delete()
    return framework


def _course(framework: Framework) -> Course:
    course, _ = Course.objects.update_or_create(
        code=COURSE_CODE,
        defaults={
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
        },
    )
    roles = {d.code: d for d in framework.dimensions.all()}
    for seed in SYLLABUS:
        module, _ = Module.objects.update_or_create(
            course=course,
            number=seed.number,
            defaults={
                "title": seed.title,
                "title_en": seed.title_en,
                "dimension": roles.get(seed.role) if seed.role else None,
            },
        )
        kinds = syllabus_kinds([line for line, _en in seed.lines])
        for order, ((line, line_en), kind) in enumerate(zip(seed.lines, kinds, strict=True), 1):
            Activity.objects.update_or_create(
                module=module,
                order=order,
                defaults={"kind": kind, "title": line, "title_en": line_en},
            )
        module.activities.filter(order__gt=len(seed.lines)).delete()
    course.modules.filter(number__gt=len(SYLLABUS)).delete()
    return course


def _other_courses() -> None:
    for code, title, title_en, trainer in OTHER_COURSES:
        Course.objects.update_or_create(
            code=code,
            defaults={
                "title": title,
                "title_en": title_en,
                "trainer_names": trainer,
                "is_published": False,
            },
        )


def _venue() -> tuple[Venue, list[Room]]:
    venue, _ = Venue.objects.update_or_create(
        name="深圳培训中心 Shenzhen Training Centre",
        defaults={"city": "深圳 Shenzhen", "address": "南山区科技园 Nanshan", "time_zone": ZONE},
    )
    rooms = [
        Room.objects.update_or_create(venue=venue, name=name, defaults={"capacity": capacity})[0]
        for name, capacity in (("博学厅 Boxue Hall", 30), ("明德室 Mingde Room", 16))
    ]
    return venue, rooms


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
    values = {
        "course": course,
        "name": "集团客户管理培训 2026 第二期 · KAM 2026-02",
        "time_zone": ZONE,
        "venue": venue,
        "capacity": 24,
        "status": Cohort.Status.RUNNING,
    }
    # The dates are set once: a later run must not move a running cohort.
    first_day = timezone.now().astimezone(zone).date() - dt.timedelta(days=14)
    dates = {
        "starts_on": first_day,
        "ends_on": first_day + dt.timedelta(days=28),
        "enrolment_opens_at": dt.datetime.combine(
            first_day - dt.timedelta(days=45), dt.time(9), tzinfo=zone
        ),
        "enrolment_closes_at": dt.datetime.combine(
            first_day - dt.timedelta(days=7), dt.time(18), tzinfo=zone
        ),
    }
    cohort, _ = Cohort.objects.update_or_create(
        code=COHORT_CODE, defaults=values, create_defaults={**values, **dates}
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
