"""Report charts drawn on the server as inline SVG: no JavaScript, readable printed in grey.

Each function takes (part of) the report dict of DESIGN.md §5 and returns an SVG string with
role="img", a <title> and a <desc> that reads the numbers out. Series differ by lightness and by
pattern, and every bar carries its value as text, so nothing depends on colour. Every piece of
text from the data is escaped. Ids are prefixed so several charts can share one page.
"""

from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from assessments.charts.svg import (
    INK,
    MUTED,
    STYLES,
    WIDTH,
    Axis,
    Svg,
    fmt,
    fmt_signed,
    series_label,
    text_width,
    truncate,
)
from assessments.models import Invitation


def _scale(report: dict[str, Any]) -> tuple[float, float]:
    scale = report.get("scale") or {}
    return float(scale.get("min", 1)), float(scale.get("max", 5))


def _dimension_label(svg: Svg, dimension: dict[str, Any], y: float, width: float) -> None:
    svg.add(
        "text",
        str(dimension["code"]),
        x="8",
        y=f"{y:.1f}",
        font_size="13",
        font_weight="bold",
        fill=INK,
    )
    name = truncate(str(dimension.get("name", "")), 11, width - 8)
    svg.add("text", name, x="8", y=f"{y + 15:.1f}", font_size="11", fill=MUTED)


def dimension_comparison_svg(report: dict[str, Any], *, prefix: str = "dims") -> SafeString:
    """Grouped bars per dimension: self, others, class average and incumbent average."""
    keys = ("self", "others", "class_average", "incumbent_average")
    low, high = _scale(report)
    dimensions = report.get("dimensions", [])
    label_w, bar_h, gap = 200.0, 12.0, 3.0
    band = len(keys) * (bar_h + gap) + 16
    top = 36.0
    height = top + band * max(len(dimensions), 1) + 24
    svg = Svg(prefix=prefix, width=WIDTH, height=height)
    axis = Axis(low, high, label_w, WIDTH - 56)
    svg.swatch_legend(keys, 16)
    axis.draw(svg, top - 4, height - 24)
    summary = []
    for index, dimension in enumerate(dimensions):
        y0 = top + index * band
        _dimension_label(svg, dimension, y0 + 14, label_w - 8)
        parts = []
        for row, key in enumerate(keys):
            value = dimension.get(key)
            y = y0 + row * (bar_h + gap)
            if value is not None:
                svg.bar(key, axis.left, y, axis.x(value) - axis.left, bar_h)
                end = axis.x(value)
            else:
                end = axis.left
            svg.add(
                "text",
                fmt(value),
                x=f"{end + 4:.1f}",
                y=f"{y + bar_h - 2:.1f}",
                font_size="10",
                fill=INK,
            )
            parts.append(f"{series_label(key)} {fmt(value)}")
        summary.append(f"{dimension['code']} {dimension.get('name', '')}: " + ", ".join(parts))
    title = _("Self, others, class average and incumbent average per dimension")
    return svg.render(title=title, desc="; ".join(summary), keys=keys)


def self_vs_others_svg(report: dict[str, Any], *, prefix: str = "gap") -> SafeString:
    """A dumbbell per dimension: self (dot) against others (square), the gap written out."""
    low, high = _scale(report)
    dimensions = report.get("dimensions", [])
    label_w, row_h, top = 200.0, 38.0, 36.0
    height = top + row_h * max(len(dimensions), 1) + 24
    svg = Svg(prefix=prefix, width=WIDTH, height=height)
    axis = Axis(low, high, label_w, WIDTH - 120)
    # Legend: the two marker shapes, so the reading does not rest on colour.
    svg.add("circle", cx="14", cy="12", r="5", fill=STYLES["self"].fill, stroke=INK)
    svg.add("text", series_label("self"), x="24", y="16", font_size="11", fill=INK)
    x2 = 24 + text_width(series_label("self"), 11) + 22
    svg.add(
        "rect",
        x=f"{x2 - 5:.1f}",
        y="7",
        width="10",
        height="10",
        fill="#ffffff",
        stroke=INK,
        stroke_width="2",
    )
    svg.add("text", series_label("others"), x=f"{x2 + 10:.1f}", y="16", font_size="11", fill=INK)
    svg.add(
        "text",
        _("Gap (self − others)"),
        x=f"{WIDTH - 8}",
        y="16",
        font_size="11",
        fill=INK,
        text_anchor="end",
    )
    axis.draw(svg, top - 4, height - 24)
    summary = []
    for index, dimension in enumerate(dimensions):
        y0 = top + index * row_h
        _dimension_label(svg, dimension, y0 + 14, label_w - 8)
        cy = y0 + 12
        own, others = dimension.get("self"), dimension.get("others")
        if own is not None and others is not None:
            svg.add(
                "line",
                x1=f"{axis.x(own):.1f}",
                x2=f"{axis.x(others):.1f}",
                y1=f"{cy:.1f}",
                y2=f"{cy:.1f}",
                stroke=MUTED,
                stroke_width="3",
            )
        if others is not None:
            ox = axis.x(others)
            svg.add(
                "rect",
                x=f"{ox - 5:.1f}",
                y=f"{cy - 5:.1f}",
                width="10",
                height="10",
                fill="#ffffff",
                stroke=INK,
                stroke_width="2",
            )
        if own is not None:
            svg.add(
                "circle",
                cx=f"{axis.x(own):.1f}",
                cy=f"{cy:.1f}",
                r="5",
                fill=STYLES["self"].fill,
                stroke=INK,
            )
        values = f"{fmt(own)} / {fmt(others)}"
        svg.add(
            "text", values, x=f"{axis.left:.1f}", y=f"{cy + 18:.1f}", font_size="10", fill=MUTED
        )
        gap = dimension.get("gap")
        svg.add(
            "text",
            fmt_signed(gap),
            x=f"{WIDTH - 8}",
            y=f"{cy + 4:.1f}",
            font_size="12",
            font_weight="bold",
            fill=INK,
            text_anchor="end",
        )
        summary.append(
            f"{dimension['code']}: {series_label('self')} {fmt(own)}, "
            f"{series_label('others')} {fmt(others)}, {_('gap')} {fmt_signed(gap)}"
        )
    title = _("Self against others per dimension, with the gap")
    return svg.render(title=title, desc="; ".join(summary))


def shown_groups(report: dict[str, Any]) -> list[str]:
    """The series of the activity charts: reportable rater groups, then the pooled others."""
    groups = report.get("groups", {})
    keys = [group for group in Invitation.GROUP_ORDER if groups.get(group, {}).get("reportable")]
    return [*keys, "others"]


def items_by_group_svg(
    report: dict[str, Any], dimension: dict[str, Any], *, prefix: str = "items"
) -> SafeString:
    """Bars of every key business activity of one dimension, one bar per rater group."""
    keys = shown_groups(report)
    low, high = _scale(report)
    items = [item for item in report.get("items", []) if item["dimension"] == dimension["code"]]
    label_w, bar_h, gap, top = 130.0, 11.0, 2.0, 34.0
    block = 20 + len(keys) * (bar_h + gap) + 10
    height = top + block * max(len(items), 1) + 24
    svg = Svg(prefix=prefix, width=WIDTH, height=height)
    axis = Axis(low, high, label_w, WIDTH - 56)
    svg.swatch_legend(keys, 16)
    axis.draw(svg, top + 16, height - 24)
    summary = []
    for index, item in enumerate(items):
        y0 = top + index * block
        text = truncate(f"{index + 1}. {item['text']}", 12, WIDTH - 16)
        svg.add(
            "text", text, x="8", y=f"{y0 + 12:.1f}", font_size="12", font_weight="bold", fill=INK
        )
        parts = []
        for row, key in enumerate(keys):
            y = y0 + 18 + row * (bar_h + gap)
            value = item.get(key)
            svg.add(
                "text",
                truncate(series_label(key), 10, label_w - 14),
                x=f"{label_w - 6:.1f}",
                y=f"{y + bar_h - 2:.1f}",
                font_size="10",
                fill=MUTED,
                text_anchor="end",
            )
            end = axis.left
            if value is not None:
                end = axis.x(value)
                svg.bar(key, axis.left, y, end - axis.left, bar_h)
            svg.add(
                "text",
                fmt(value),
                x=f"{end + 4:.1f}",
                y=f"{y + bar_h - 2:.1f}",
                font_size="10",
                fill=INK,
            )
            parts.append(f"{series_label(key)} {fmt(value)}")
        summary.append(f"{item['text']}: " + ", ".join(parts))
    title = _("Key business activities of %(dimension)s by rater group") % {
        "dimension": f"{dimension['code']} {dimension.get('name', '')}"
    }
    return svg.render(title=title, desc="; ".join(summary), keys=keys)


def change_svg(report: dict[str, Any], *, prefix: str = "change") -> SafeString:
    """Diverging bars: how each dimension's others score moved since the previous campaign."""
    dimensions = report.get("dimensions", [])
    changes = [d.get("change") for d in dimensions if d.get("change") is not None]
    reach = max([1.0, *(abs(c) for c in changes)])
    reach = float(int(reach * 2 + 0.999)) / 2  # round up to a half point
    label_w, row_h, top = 200.0, 26.0, 28.0
    height = top + row_h * max(len(dimensions), 1) + 24
    svg = Svg(prefix=prefix, width=WIDTH, height=height)
    axis = Axis(-reach, reach, label_w + 20, WIDTH - 60)
    axis.draw(svg, top - 4, height - 24, step=0.5)
    zero = axis.x(0)
    svg.add(
        "line",
        x1=f"{zero:.1f}",
        x2=f"{zero:.1f}",
        y1=f"{top - 4:.1f}",
        y2=f"{height - 24:.1f}",
        stroke=INK,
        stroke_width="1.5",
    )
    svg.add(
        "text",
        _("Change of the others score since the previous campaign"),
        x="8",
        y="14",
        font_size="11",
        fill=INK,
    )
    summary = []
    for index, dimension in enumerate(dimensions):
        y = top + index * row_h
        svg.add(
            "text",
            str(dimension["code"]),
            x="8",
            y=f"{y + 12:.1f}",
            font_size="12",
            font_weight="bold",
            fill=INK,
        )
        name = truncate(str(dimension.get("name", "")), 10, label_w - 40)
        svg.add("text", name, x="36", y=f"{y + 12:.1f}", font_size="10", fill=MUTED)
        change = dimension.get("change")
        if change is not None:
            end = axis.x(change)
            key = "self" if change >= 0 else "peer"  # solid up, hatched down
            svg.bar(key, min(zero, end), y + 2, abs(end - zero), 12)
            anchor, tx = ("start", end + 4) if change >= 0 else ("end", end - 4)
        else:
            anchor, tx = "start", zero + 4
        svg.add(
            "text",
            fmt_signed(change),
            x=f"{tx:.1f}",
            y=f"{y + 12:.1f}",
            font_size="10",
            fill=INK,
            text_anchor=anchor,
        )
        summary.append(f"{dimension['code']}: {fmt_signed(change)}")
    title = _("Change since the previous campaign per dimension")
    return svg.render(title=title, desc="; ".join(summary), keys=("self", "peer"))
