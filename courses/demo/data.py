"""The catalogue demo's data: codes, the STROBE framework, other courses, the sessions' plan."""

import datetime as dt

# The published password of every demo login (see README); the other apps' demos use it too.
DEMO_PASSWORD = "kam-demo-2026"


Login = tuple[str, str, str]


COURSE_CODE = "kam-strobe"


COHORT_CODE = "kam-2026-02"


FRAMEWORK_CODE = "strobe"


TRAINER_EMAIL = "changxing@kamtraining.local"


ZONE = "Asia/Shanghai"


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
