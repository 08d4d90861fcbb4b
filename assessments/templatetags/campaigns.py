"""Template tags of 360 campaigns for pages of other apps.

My Zone (participants) cannot import assessments (apps depend one way), so its template shows
what a participant's nominations still lack with `{% load campaigns %}{% nominations_todo %}`.
"""

from typing import Any

from django import template

from assessments.selectors.campaigns import nominations_for_participant

register = template.Library()


@register.inclusion_tag("assessments/_nomination_missing.html", takes_context=True)
def nominations_todo(context: dict[str, Any]) -> dict[str, Any]:
    """The campaigns the viewer is nominating raters for, with what each list still lacks."""
    request = context.get("request")
    user = getattr(request, "user", None)
    participant = getattr(user, "participant", None) if user and user.is_authenticated else None
    if participant is None:
        return {"nominations": []}
    return {"nominations": nominations_for_participant(participant=participant)}
