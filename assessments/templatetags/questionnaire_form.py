"""The questionnaire's items as radio buttons: drawn once per framework, language and scale.

The fieldsets are the same for every rater of a framework; only which radio is checked (the
draft) and which item is flagged as missing differ. The fragment is rendered from
assessments/includes/questionnaire_items.html with markers where those go, cached under the
framework's version (courses.page_cache: a change to an item bumps it), and each request fills
the markers in one pass. Nothing of the invitation is in the cached text.
"""

import hashlib
import json
import re
import secrets
from typing import Any

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from courses.page_cache import TIMEOUT_SECONDS

register = template.Library()

TEMPLATE = "assessments/includes/questionnaire_items.html"


def _fragment(q: dict[str, Any]) -> tuple[str, str]:
    """The items' HTML with markers, and the marker (random: no item text can contain it)."""
    scale = q["scale"]
    # The items' texts are fixed by the framework's version and the language; the scale is
    # the campaign's own.
    shape = json.dumps([scale["labels"], str(scale["not_observed_label"])], sort_keys=True)
    digest = hashlib.sha256(shape.encode()).hexdigest()[:24]
    key = (
        f"questionnaire-form:{q['campaign']['framework_version']}:{q['campaign']['framework_id']}:"
        f"{get_language() or ''}:{digest}"
    )
    cached: tuple[str, str] | None = cache.get(key)
    if cached is None:
        mark = secrets.token_hex(8)
        html = render_to_string(TEMPLATE, {"q": q, "mark": mark})
        cached = (html, mark)
        cache.set(key, cached, TIMEOUT_SECONDS)
    return cached


@register.simple_tag
def questionnaire_items(q: dict[str, Any], missing_ids: set[int]) -> SafeString:
    """Every item's fieldset, the draft's answers checked and the `missing_ids` flagged."""
    html, mark = _fragment(q)
    scores: dict[int, int | None] = q["scores"]

    def fill(match: re.Match[str]) -> str:
        kind, item_id, value = match.group(1), int(match.group(2)), match.group(3)
        if kind == "m":
            return " q-missing" if item_id in missing_ids else ""
        if item_id not in scores:
            return ""
        score = scores[item_id]
        answered = score is None if value == "na" else score == int(value)
        return " checked" if answered else ""

    pattern = re.escape(mark) + r"(c|m):(\d+):([0-9na-]*)" + re.escape(mark)
    # The template escaped every text; the markers are replaced by fixed attribute text.
    return mark_safe(re.sub(pattern, fill, html))
