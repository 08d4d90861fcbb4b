"""Template tags of 360 campaigns for pages of other apps.

My Zone, the trainer's and the programme office's pages (programme.views) show beside the
courses and participants data; their templates `{% load campaigns %}` and show:

- `{% nominations_todo %}`: what a participant's nominations still lack;
- `{% my_campaigns %}`: the participant's campaigns, each with its next step;
- `{% cohort_campaigns cohorts audience="trainer" %}`: the campaigns of a cohort (or of a list
  of cohorts) with their progress and, once closed, debrief (trainer) or results (HR) pages.
"""

from collections.abc import Iterable
from typing import Any

from django import template

from assessments.selectors.campaigns import (
    campaigns_for_cohorts,
    campaigns_with_self_status,
    nominations_for_participant,
)
from courses.access import is_hr

register = template.Library()


def _viewer(context: Any) -> Any:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _participant(context: Any) -> Any:
    user = _viewer(context)
    return getattr(user, "participant", None) if user is not None else None


@register.inclusion_tag("assessments/_nomination_missing.html", takes_context=True)
def nominations_todo(context: dict[str, Any]) -> dict[str, Any]:
    """The campaigns the viewer is nominating raters for, with what each list still lacks."""
    participant = _participant(context)
    if participant is None:
        return {"nominations": []}
    return {"nominations": nominations_for_participant(participant=participant)}


@register.inclusion_tag("assessments/_my_campaigns.html", takes_context=True)
def my_campaigns(context: dict[str, Any]) -> dict[str, Any]:
    """The viewer's own campaigns with the next step of each; one query."""
    participant = _participant(context)
    if participant is None:
        return {"campaigns": []}
    return {"campaigns": list(campaigns_with_self_status(participant=participant))}


@register.inclusion_tag("assessments/_staff_campaigns.html", takes_context=True)
def cohort_campaigns(
    context: dict[str, Any], cohorts: Any = None, audience: str = "trainer"
) -> dict[str, Any]:
    """The campaigns of a cohort or of several (all the viewer may follow if None); one query.

    `audience` names the results link: "trainer" (debrief) or "hr" (cohort results).
    """
    user = _viewer(context)
    if user is None:
        return {"campaigns": [], "audience": audience}
    if cohorts is None:
        cohort_ids = None
    elif isinstance(cohorts, Iterable):
        cohort_ids = [cohort.pk for cohort in cohorts]
    else:
        cohort_ids = [cohorts.pk]
    campaigns = list(campaigns_for_cohorts(user=user, cohort_ids=cohort_ids))
    return {
        "campaigns": campaigns,
        "audience": audience,
        "show_cohort": cohort_ids is None or len(cohort_ids) > 1,
        "is_hr": is_hr(user),
    }
