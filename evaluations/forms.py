"""Forms of the evaluation pages: the attendee's questionnaire (read by hand) and the follow-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from evaluations.models import RECOMMEND_MAX, SCALE_MAX, SCALE_MIN
from evaluations.selectors.results import QUESTIONS

# The questions as the attendee reads them (the field names are the short labels of results).
QUESTION_TEXT = {
    "overall": _("Overall, how would you rate this course?"),
    "relevance": _("How relevant was the course to your job?"),
    "engagement": _("How engaging were the sessions?"),
    "confidence": _("How confident are you that you can apply what you learned?"),
    "commitment": _("How committed are you to applying it in your work?"),
}
# Short labels of the results and exports.
QUESTION_LABELS = {
    "overall": _("Overall rating"),
    "relevance": _("Relevance to the job"),
    "engagement": _("Engagement"),
    "confidence": _("Confidence to apply"),
    "commitment": _("Commitment to apply"),
}
SCALE_LABELS = {
    1: _("Very low"),
    2: _("Low"),
    3: _("Moderate"),
    4: _("High"),
    5: _("Very high"),
}
MAX_DIGITS = 3


def _number(raw: str | None) -> int | str | None:
    """A whole number, None for nothing chosen, or the raw text (the service refuses it)."""
    text = (raw or "").strip()
    if not text:
        return None
    if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS:
        return int(text)
    return text


def _ids(post: QueryDict, prefix: str, allowed: set[int]) -> dict[int, Any]:
    chosen: dict[int, Any] = {}
    for key in post:
        if not key.startswith(prefix):
            continue
        rest = key.removeprefix(prefix)
        if rest.isascii() and rest.isdigit() and len(rest) < 19 and int(rest) in allowed:
            chosen[int(rest)] = _number(post.get(key))
    return chosen


@dataclass
class AnswerInput:
    """What the questionnaire posted, as the service takes it, and as the form shows it again."""

    scores: dict[str, Any] = field(default_factory=dict)
    modules: dict[int, Any] = field(default_factory=dict)
    trainers: dict[int, Any] = field(default_factory=dict)
    comment: str = ""


def answer_input(post: QueryDict, *, module_ids: set[int], trainer_ids: set[int]) -> AnswerInput:
    """Read the posted radios: `q-<question>`, `recommend`, `module-<id>`, `trainer-<id>`."""
    scores = {question: _number(post.get(f"q-{question}")) for question in QUESTIONS}
    scores["recommend"] = _number(post.get("recommend"))
    return AnswerInput(
        scores=scores,
        modules=_ids(post, "module-", module_ids),
        trainers=_ids(post, "trainer-", trainer_ids),
        comment=str(post.get("comment", ""))[:6000],
    )


def questionnaire_context(
    *, modules: list[Any], trainers: list[Any], given: AnswerInput | None = None
) -> dict[str, Any]:
    """The rows the template draws, each with what was chosen before (after an error)."""
    given = given or AnswerInput()
    scale = [{"score": n, "label": SCALE_LABELS[n]} for n in range(SCALE_MIN, SCALE_MAX + 1)]
    return {
        "scale": scale,
        "questions": [
            {"code": code, "text": QUESTION_TEXT[code], "chosen": given.scores.get(code)}
            for code in QUESTIONS
        ],
        "recommend_scale": list(range(RECOMMEND_MAX + 1)),
        "recommend_chosen": given.scores.get("recommend"),
        "modules": [{"module": m, "chosen": given.modules.get(m.pk)} for m in modules],
        "trainers": [{"trainer": t, "chosen": given.trainers.get(t.pk)} for t in trainers],
        "comment": given.comment,
    }


class FollowUpForm(forms.Form):
    applied_percent = forms.IntegerField(
        label=_("How far has the goal been applied (0–100 %)?"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
    )
    helped = forms.CharField(
        label=_("What helped?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hindered = forms.CharField(
        label=_("What got in the way?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    observed = forms.CharField(
        label=_("What have you observed in their work?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, manager: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not manager:
            del self.fields["observed"]


class CommentReviewForm(forms.Form):
    answer = forms.UUIDField()
    status = forms.ChoiceField(
        choices=[
            ("published", _("Publish")),
            ("trainer_only", _("Trainers only")),
            ("hidden", _("Hide")),
        ]
    )


class EvaluationSettingsForm(forms.Form):
    open_days = forms.IntegerField(label=_("Days open"), min_value=1, max_value=90)
    follow_up_days = forms.IntegerField(
        label=_("Follow-up after (days)"), min_value=1, max_value=365
    )
