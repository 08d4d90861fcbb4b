"""Hand-written report dicts in the shape of DESIGN.md §5, for the charts and templates.

They stand in for `report_for` where a test is about presentation only: every kind of cell is
here (hidden groups, hidden item cells, nulls in class averages, a previous campaign's change).
"""

import copy
from typing import Any

GROUPS = ("self", "manager", "peer", "direct_report", "other")


def _item(
    item_id: int, dimension: str, text: str, cells: dict[str, float | None]
) -> dict[str, Any]:
    row: dict[str, Any] = {"id": item_id, "dimension": dimension, "text": text}
    for group in (*GROUPS, "others"):
        row[group] = cells.get(group)
    gap = None
    if row["self"] is not None and row["others"] is not None:
        gap = round(row["self"] - row["others"], 2)
    row["gap"] = gap
    return row


REPORT: dict[str, Any] = {
    "campaign": {"id": 1, "name": "首期班 360 反馈(课前)", "kind": "pre", "status": "released"},
    "participant": {"id": 7, "name": "吴迪", "name_en": "Wu Di", "is_incumbent": True},
    "scale": {"min": 1, "max": 5},
    "groups": {
        "self": {"invited": 1, "submitted": 1, "declined": 0, "reportable": True},
        "manager": {"invited": 1, "submitted": 1, "declined": 0, "reportable": True},
        "peer": {"invited": 5, "submitted": 4, "declined": 1, "reportable": True},
        "direct_report": {"invited": 4, "submitted": 2, "declined": 0, "reportable": False},
        "other": {"invited": 0, "submitted": 0, "declined": 0, "reportable": False},
    },
    "dimensions": [
        {
            "code": "S",
            "name": "制定、协同、执行大客户战略的领导者",
            "self": 4.25,
            "manager": 3.5,
            "peer": 3.33,
            "direct_report": None,
            "other": None,
            "others": 3.4,
            "gap": 0.85,
            "class_average": 3.62,
            "class_self_average": 3.95,
            "incumbent_average": 3.71,
            "n_class": 12,
            "n_incumbent": 4,
            "change": 0.3,
        },
        {
            "code": "T",
            "name": "跨区域高绩效团队的开发者",
            "self": 3.0,
            "manager": 4.5,
            "peer": 4.1,
            "direct_report": None,
            "other": None,
            "others": 4.2,
            "gap": -1.2,
            "class_average": 3.8,
            "class_self_average": 3.7,
            "incumbent_average": None,
            "n_class": 12,
            "n_incumbent": 2,
            "change": -0.15,
        },
        {
            "code": "BE",
            "name": "与客户组织间战略合作伙伴关系的经营者 <b>",
            "self": None,
            "manager": 3.0,
            "peer": None,
            "direct_report": None,
            "other": None,
            "others": None,
            "gap": None,
            "class_average": None,
            "class_self_average": None,
            "incumbent_average": None,
            "n_class": 2,
            "n_incumbent": 1,
            "change": None,
        },
    ],
    "items": [
        _item(
            101,
            "S",
            "理解客户、友商及公司战略",
            {"self": 5.0, "manager": 4.0, "peer": 3.25, "others": 3.4},
        ),
        _item(
            102,
            "S",
            "制定与公司价值观和战略相一致的客户群战略",
            {"self": 4.0, "manager": 3.0, "peer": None, "others": 3.2},
        ),
        _item(
            103,
            "S",
            "确保客户群战略的执行",
            {"self": 4.0, "manager": 3.5, "peer": 3.4, "others": 3.6},
        ),
        _item(
            201,
            "T",
            "核心价值观",
            {"self": 3.0, "manager": 5.0, "peer": 4.25, "others": 4.4},
        ),
        _item(
            202,
            "T",
            "人才培养 & <跨文化团队建设>",
            {"self": 3.0, "manager": 4.0, "peer": 3.95, "others": 4.0},
        ),
        _item(301, "BE", "客户满意度", {"manager": 3.0}),
    ],
    "strengths": [201, 202, 103, 101, 102],
    "development_areas": [102, 101, 103, 202, 201],
    "blind_spots": [101],
    "hidden_strengths": [201],
    "comments": {
        "self": ["我需要更多地关注团队。"],
        "manager": ["战略清晰,执行需加强。"],
        "peer": ["乐于分享 <script>alert(1)</script>", "沟通及时。"],
    },
}


def report(**changes: Any) -> dict[str, Any]:
    """A deep copy of REPORT with top-level keys replaced."""
    data = copy.deepcopy(REPORT)
    data.update(changes)
    return data


def first_report() -> dict[str, Any]:
    """A participant's first campaign: no change since a previous one."""
    data = report()
    for dimension in data["dimensions"]:
        dimension["change"] = None
    return data
