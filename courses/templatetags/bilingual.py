"""Template filters for bilingual content (a Chinese field and its `_en` twin)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from kamtraining.i18n import localized as localized_value
from kamtraining.i18n import person_names

register = template.Library()


@register.filter
def localized(obj: object, field: str) -> str:
    """`{{ course|localized:"summary" }}`: the field in the active language, or the original."""
    return localized_value(obj, field)


@register.filter
def other_language(obj: object, field: str) -> str:
    """The field in the language not shown, when it exists and differs (a subtitle)."""
    original: str = getattr(obj, field)
    english: str = getattr(obj, f"{field}_en", "")
    if not english or english == original:
        return ""
    return original if (get_language() or "en").startswith("en") else english


@register.filter
def other_language_code(_obj: object) -> str:
    """The `lang` attribute of `other_language`'s text."""
    return "zh-hans" if (get_language() or "en").startswith("en") else "en"


@register.simple_tag
def both_names(person: object) -> SafeString:
    """`{% both_names participant %}`: the name in the viewer's language, then the other one."""
    first, other = person_names(person)
    if not other:
        return format_html("{}", first)
    return format_html(
        '{} <span class="other-name" lang="{}">{}</span>', first, other_language_code(person), other
    )
