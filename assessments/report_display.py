"""Turn the report dict (DESIGN.md §5) into what the page and the PDF show, charts included.

No database access, so the same report renders the same page, PDF and tests; the charts are
drawn once per report and language (assessments.charts.cache).
"""

from typing import Any

from django.utils.translation import gettext as _

from assessments import charts
from assessments.charts.cache import cached_charts
from assessments.models import Invitation


def group_label(group: str) -> str:
    return charts.series_label(group)


def _rate(submitted: int, invited: int) -> int | None:
    return round(100 * submitted / invited) if invited else None


def report_display(
    report: dict[str, Any], *, k: int | None = None, change: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Everything the report templates need, in the order of the page's sections.

    `change`: the change section's detail (`report_change.change_detail`), when there is one.
    """
    campaign = report.get("campaign") or {}
    k = k if k is not None else campaign.get("min_group_size", 3)
    groups = report.get("groups", {})
    group_rows = []
    for group in Invitation.GROUP_ORDER:
        counts = groups.get(group) or {}
        invited = counts.get("invited", 0)
        submitted = counts.get("submitted", 0)
        group_rows.append(
            {
                "key": group,
                "label": group_label(group),
                "invited": invited,
                "submitted": submitted,
                "declined": counts.get("declined", 0),
                "rate": _rate(submitted, invited),
                "reportable": bool(counts.get("reportable")),
                "exempt": group in Invitation.EXEMPT_GROUPS,
            }
        )
    reliable = (change or {}).get("dimensions") or {}
    dimensions = [
        {**d, "reliable_change": reliable.get(d["code"])} for d in report.get("dimensions", [])
    ]
    items = report.get("items", [])
    names = {d["code"]: d.get("name", "") for d in dimensions}
    by_id = {
        item["id"]: {**item, "dimension_name": names.get(item["dimension"], "")} for item in items
    }
    shown = charts.shown_groups(report)
    has_change = any(d.get("change") is not None for d in dimensions)
    drawn = cached_charts(report, lambda: _draw(report, dimensions, has_change=has_change))
    activity_sections = []
    for index, dimension in enumerate(dimensions):
        rows = [by_id[item["id"]] for item in items if item["dimension"] == dimension["code"]]
        activity_sections.append(
            {
                "dimension": dimension,
                "rows": [{"item": row, "cells": [row.get(key) for key in shown]} for row in rows],
                "svg": drawn["items"][index],
            }
        )
    comments = report.get("comments", {})
    comment_groups = [
        {"key": group, "label": group_label(group), "texts": comments.get(group) or []}
        for group in Invitation.GROUP_ORDER
        if group != "self" and (groups.get(group) or {}).get("reportable")
    ]

    def pick(key: str) -> list[dict[str, Any]]:
        return [by_id[item_id] for item_id in report.get(key, []) if item_id in by_id]

    return {
        "report": report,
        "campaign_info": campaign,
        "participant_info": report.get("participant") or {},
        "k": k,
        "scale": report.get("scale") or {"min": 1, "max": 5},
        "group_rows": group_rows,
        "dimensions": dimensions,
        "shown_groups": [{"key": key, "label": group_label(key)} for key in shown],
        "hidden_groups": [row for row in group_rows if not row["reportable"] and row["submitted"]],
        "activity_sections": activity_sections,
        "strengths": pick("strengths"),
        "development_areas": pick("development_areas"),
        "blind_spots": pick("blind_spots"),
        "hidden_strengths": pick("hidden_strengths"),
        "self_comments": comments.get("self") or [],
        "comment_groups": comment_groups,
        "has_change": has_change,
        "previous": campaign.get("previous"),
        "charts": {key: drawn[key] for key in ("dimensions", "gap", "change")},
        "hidden_explanation": _(
            "— : hidden. A rater group other than self and manager is shown only when at least "
            "%(k)d of its raters answered (and each activity only when at least %(k)d scored "
            "it), so that no answer can be traced back to one person."
        )
        % {"k": k},
    }


def _draw(
    report: dict[str, Any], dimensions: list[dict[str, Any]], *, has_change: bool
) -> dict[str, Any]:
    return {
        "dimensions": charts.dimension_comparison_svg(report),
        "gap": charts.self_vs_others_svg(report),
        "change": charts.change_svg(report) if has_change else "",
        "items": [
            charts.items_by_group_svg(report, dimension, prefix=f"items{index}")
            for index, dimension in enumerate(dimensions)
        ],
    }


def previous_goals_display(
    report: dict[str, Any], goals: list[Any], change: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The previous plan's goals beside this report: each focus item's "Others" now and its
    change, the change of the goal's dimension."""
    changes = {d["code"]: d.get("change") for d in report.get("dimensions", [])}
    items = {item["id"]: item for item in report.get("items", [])}
    item_changes = (change or {}).get("items") or {}
    return [
        {
            "goal": goal,
            "change": changes.get(goal.dimension.code),
            "items": [
                {
                    "item": item,
                    "others": (items.get(item.pk) or {}).get("others"),
                    "change": item_changes.get(item.pk),
                }
                for item in goal.items.all()
            ],
        }
        for goal in goals
    ]
