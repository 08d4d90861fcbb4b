"""Template tags of course evaluations for pages of the layer above (My Zone).

- `{% my_evaluations %}`: the open evaluations the signed-in participant attended and has not
  answered yet, each with its link and closing time (two queries, none without a profile);
  `{% my_evaluations to_answer %}` shows the list the page has already read.
"""

from typing import Any

from django import template

from evaluations.selectors.evaluation import evaluations_to_answer

register = template.Library()


@register.inclusion_tag("evaluations/_my_evaluations.html", takes_context=True)
def my_evaluations(context: dict[str, Any], to_answer: Any = None) -> dict[str, Any]:
    if to_answer is not None:
        return {"to_answer": to_answer}
    request = context.get("request")
    user = getattr(request, "user", None)
    participant = getattr(user, "participant", None) if user and user.is_authenticated else None
    if participant is None:
        return {"to_answer": []}
    return {"to_answer": evaluations_to_answer(participant_id=participant.pk)}
