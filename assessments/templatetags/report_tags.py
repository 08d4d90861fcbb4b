"""Filters of the report templates: scores as text, hidden cells as a dash that explains."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from assessments import charts

register = template.Library()


@register.filter
def score(value: float | None) -> str:
    return charts.fmt(value)


@register.filter
def signed(value: float | None) -> str:
    return charts.fmt_signed(value)


@register.simple_tag
def score_cell(value: Any, k: int = 3) -> SafeString:
    """A table cell with the score, or a dash whose tooltip says why it is hidden."""
    if value is None:
        return format_html(
            '<td class="hidden-cell"><abbr title="{}">—</abbr></td>',
            _("Hidden or not available: fewer than %(k)d answers") % {"k": k},
        )
    return format_html('<td class="num">{}</td>', charts.fmt(value))


@register.simple_tag
def gap_cell(value: Any) -> SafeString:
    if value is None:
        return mark_safe('<td class="hidden-cell">—</td>')
    css = "gap-pos" if value > 0 else "gap-neg" if value < 0 else ""
    return format_html('<td class="num {}">{}</td>', css, charts.fmt_signed(value))
