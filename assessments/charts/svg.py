"""The SVG writer under the report charts: styles of the series, text helpers, escaping."""

import base64
import colorsys
import functools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

FONT = "'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Noto Sans', 'DejaVu Sans', sans-serif"
INK = "#1f2937"
GRID = "#d1d5db"
MUTED = "#4b5563"
WIDTH = 680
HIDDEN = "—"


@dataclass(frozen=True)
class Style:
    """How one series is painted: a base fill and an optional pattern drawn over it."""

    fill: str
    pattern: str = ""  # "", "hatch", "dots", "cross"


# Lightness steps from dark to light, then patterns: tell apart in colour, in grey and in print.
STYLES: dict[str, Style] = {
    "self": Style("#1e3a5f"),
    "manager": Style("#4a6fa5"),
    "peer": Style("#ffffff", "hatch"),
    "direct_report": Style("#b9cfe9"),
    "other": Style("#ffffff", "dots"),
    "others": Style("#8fb0db", "cross"),
    "class_average": Style("#d6e4f5"),
    "incumbent_average": Style("#ffffff", "dots"),
}


# The series' labels per language, translated once: the charts ask for them hundreds of times.
_LABELS: dict[str | None, dict[str, str]] = {}


def series_labels() -> dict[str, str]:
    """Every series' label in the active language."""
    language = get_language()
    labels = _LABELS.get(language)
    if labels is None:
        labels = _LABELS[language] = {
            "self": _("Self"),
            "manager": _("Manager"),
            "peer": _("Peers"),
            "direct_report": _("Direct reports"),
            "other": _("Other raters"),
            "others": pgettext("360 report: everyone but self", "Others"),
            "class_average": _("Class average"),
            "class_self_average": _("Class self average"),
            "incumbent_average": _("Incumbent average"),
        }
    return labels


def series_label(key: str) -> str:
    return series_labels().get(key, key)


def fmt(value: float | None) -> str:
    """A score as text: two decimals, or a dash where it is hidden."""
    return HIDDEN if value is None else f"{value:.2f}"


def fmt_signed(value: float | None) -> str:
    if value is None:
        return HIDDEN
    if value > 0:
        return f"+{value:.2f}"
    if value < 0:
        return f"−{abs(value):.2f}"
    return "0.00"


@functools.lru_cache(maxsize=4096)
def text_width(text: str, size: float) -> float:
    """Rough width of a line: CJK glyphs are one em wide, Latin ones a little over half."""
    return sum(
        size if unicodedata.east_asian_width(char) in ("W", "F") else size * 0.56 for char in text
    )


def truncate(text: str, size: float, max_width: float) -> str:
    if text_width(text, size) <= max_width:
        return text
    out = ""
    for char in text:
        if text_width(out + char + "…", size) > max_width:
            break
        out += char
    return out + "…"


def luminance(red: float, green: float, blue: float) -> float:
    """WCAG 2 relative luminance of an sRGB colour (channels 0…1)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(first: float, second: float) -> float:
    """WCAG 2 contrast ratio of two luminances (1…21); AA asks 4.5 for numbers in a cell."""
    lighter, darker = max(first, second), min(first, second)
    return (lighter + 0.05) / (darker + 0.05)


HEAT_HUE, HEAT_SATURATION = 214, 45
INKS = {"#ffffff": 1.0, "#111111": luminance(*(0x11 / 255,) * 3)}


def heat_colours(share: float) -> tuple[int, str]:
    """The cell's lightness (96 % lowest … 30 % highest) and the ink that reads best on it."""
    lightness = round(96 - share * 66)
    background = luminance(
        *colorsys.hls_to_rgb(HEAT_HUE / 360, lightness / 100, HEAT_SATURATION / 100)
    )
    ink = max(INKS, key=lambda name: contrast_ratio(INKS[name], background))
    return lightness, ink


def heat_style(value: float | None, low: float, high: float) -> str:
    """CSS of a heatmap cell: darker for higher, with the more readable of two inks."""
    if value is None or high <= low:
        return ""
    share = min(max((value - low) / (high - low), 0.0), 1.0)
    lightness, ink = heat_colours(share)
    return f"background-color: hsl({HEAT_HUE}, {HEAT_SATURATION}%, {lightness}%); color: {ink};"


HEAT_STEPS = 12


def heat_class(value: float | None, low: float, high: float) -> str:
    """The class of a heatmap cell, `heat-0` (lowest) … `heat-11` (highest), or "" for none.

    The shades live in static/css/report.css (`heat_css` writes them): a class rather than an
    inline style, which the Content-Security-Policy forbids.
    """
    if value is None or high <= low:
        return ""
    share = min(max((value - low) / (high - low), 0.0), 1.0)
    return f"heat-{round(share * (HEAT_STEPS - 1))}"


def heat_css() -> str:
    """The rules of the heat classes, the shades `heat_style` gives at each step."""
    rules = []
    for step in range(HEAT_STEPS):
        style = heat_style(step / (HEAT_STEPS - 1), 0.0, 1.0)
        rules.append(f".heat-{step} {{ {style} }}")
    return "\n".join(rules)


class Svg:
    """A tiny SVG writer; every attribute value and text node is escaped."""

    def __init__(self, *, prefix: str, width: float, height: float) -> None:
        self.prefix = prefix
        self.width = width
        self.height = height
        self.parts: list[str] = []

    def add(self, tag: str, text: str | None = None, **attrs: Any) -> None:
        rendered = " ".join(
            f'{name.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
            for name, value in attrs.items()
            if value is not None
        )
        if text is None:
            self.parts.append(f"<{tag} {rendered}/>")
        else:
            self.parts.append(f"<{tag} {rendered}>{escape(text)}</{tag}>")

    def paint(self, key: str) -> str:
        style = STYLES.get(key, Style("#9ca3af"))
        return f"url(#{self.prefix}-{key})" if style.pattern else style.fill

    def bar(self, key: str, x: float, y: float, width: float, height: float) -> None:
        self.add(
            "rect",
            x=f"{x:.1f}",
            y=f"{y:.1f}",
            width=f"{max(width, 0):.1f}",
            height=f"{height:.1f}",
            fill=self.paint(key),
            stroke=INK,
            stroke_width="0.75",
        )

    def swatch_legend(self, keys: Sequence[str], y: float, x0: float = 8) -> None:
        x = x0
        for key in keys:
            label = series_label(key)
            self.bar(key, x, y - 10, 16, 11)
            self.add("text", label, x=f"{x + 21:.1f}", y=f"{y:.1f}", font_size="11", fill=INK)
            x += 21 + text_width(label, 11) + 18

    def defs(self, keys: Iterable[str]) -> str:
        out = []
        for key in dict.fromkeys(keys):
            style = STYLES.get(key)
            if not style or not style.pattern:
                continue
            pid = escape(f"{self.prefix}-{key}")
            marks = {
                "hatch": f'<path d="M0,6 L6,0" stroke="{INK}" stroke-width="1.4"/>',
                "dots": f'<circle cx="3" cy="3" r="1.3" fill="{INK}"/>',
                "cross": (f'<path d="M0,6 L6,0 M0,0 L6,6" stroke="{INK}" stroke-width="0.8"/>'),
            }[style.pattern]
            out.append(
                f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
                f'<rect width="6" height="6" fill="{style.fill}"/>{marks}</pattern>'
            )
        return f"<defs>{''.join(out)}</defs>" if out else ""

    def render(self, *, title: str, desc: str, keys: Iterable[str] = ()) -> SafeString:
        tid, did = f"{self.prefix}-title", f"{self.prefix}-desc"
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
            f'aria-labelledby="{escape(tid)} {escape(did)}" '
            f'width="{self.width:.0f}" height="{self.height:.0f}" '
            f'viewBox="0 0 {self.width:.0f} {self.height:.0f}" font-family="{escape(FONT)}">'
            f'<title id="{escape(tid)}">{escape(title)}</title>'
            f'<desc id="{escape(did)}">{escape(desc)}</desc>'
        )
        # Every piece of data above went through escape(); nothing else reaches the markup.
        return mark_safe(head + self.defs(keys) + "".join(self.parts) + "</svg>")


@dataclass(frozen=True)
class Axis:
    """Maps scores of the rating scale onto the plot's x range."""

    low: float
    high: float
    left: float
    right: float

    def x(self, value: float) -> float:
        span = self.high - self.low or 1
        share = min(max((value - self.low) / span, 0.0), 1.0)
        return self.left + share * (self.right - self.left)

    def draw(self, svg: Svg, top: float, bottom: float, step: float = 1.0) -> None:
        tick = self.low
        while tick <= self.high + 1e-9:
            x = self.x(tick)
            svg.add(
                "line",
                x1=f"{x:.1f}",
                x2=f"{x:.1f}",
                y1=f"{top:.1f}",
                y2=f"{bottom:.1f}",
                stroke=GRID,
                stroke_width="1",
            )
            label = f"{tick:g}"
            svg.add(
                "text",
                label,
                x=f"{x:.1f}",
                y=f"{bottom + 13:.1f}",
                font_size="10",
                fill=MUTED,
                text_anchor="middle",
            )
            tick += step


def svg_as_image(svg: str) -> SafeString:
    """The same chart as an <img> holding the SVG (for the PDF): drawn alike, but WeasyPrint
    then styles and lays out one image instead of every node of the inline drawing."""
    if not svg:
        return mark_safe("")
    title_start = svg.find("<title")
    title = ""
    if title_start >= 0:
        title = svg[svg.index(">", title_start) + 1 : svg.index("</title>", title_start)]
    data = base64.b64encode(str(svg).encode()).decode()
    # The title is already escaped markup from the writer; the data is base64.
    return mark_safe(
        f'<img class="chart-svg" alt="{title}" src="data:image/svg+xml;base64,{data}">'
    )
