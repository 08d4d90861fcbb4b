"""Report charts drawn on the server as inline SVG: no JavaScript, readable printed in grey.

`report` holds the charts (report dict → SVG string), `svg` the writer, the series' styles and
the text helpers they share with the templates (scores as text, heatmap shades).
"""

from assessments.charts.report import (
    change_svg,
    dimension_comparison_svg,
    items_by_group_svg,
    self_vs_others_svg,
    shown_groups,
)
from assessments.charts.svg import (
    FONT,
    HIDDEN,
    INK,
    STYLES,
    Style,
    fmt,
    fmt_signed,
    heat_class,
    heat_css,
    heat_style,
    series_label,
    text_width,
    truncate,
)

__all__ = [
    "FONT",
    "HIDDEN",
    "INK",
    "STYLES",
    "Style",
    "change_svg",
    "dimension_comparison_svg",
    "fmt",
    "fmt_signed",
    "heat_class",
    "heat_css",
    "heat_style",
    "items_by_group_svg",
    "self_vs_others_svg",
    "series_label",
    "shown_groups",
    "text_width",
    "truncate",
]
