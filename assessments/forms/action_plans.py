"""Forms of the action plan pages: up to five goal rows, a review, a cadence and a comment."""

from collections.abc import Iterable
from itertools import groupby
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from assessments.services.action_plans import MAX_GOAL_ITEMS, MAX_GOALS, GoalInput
from courses.models import Item
from kamtraining.i18n import localized


def item_choices(*, items: Iterable[Item], focus: Iterable[Item] = ()) -> list[Any]:
    """The framework's activities grouped by dimension; those marked to focus on say so."""
    focused = {item.pk for item in focus}
    choices: list[Any] = []
    for dimension, rows in groupby(items, key=lambda item: item.dimension):
        label = f"{dimension.code} · {localized(dimension, 'name')}"
        options = []
        for item in rows:
            text = localized(item, "text")
            if item.pk in focused:
                text = _("%(text)s (my focus)") % {"text": text}
            options.append((item.pk, text))
        choices.append((label, options))
    return choices


class GoalForm(forms.Form):
    goal_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    items = forms.TypedMultipleChoiceField(
        label=_("Key business activities (1 to 3, of one dimension)"),
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )
    title = forms.CharField(label=_("Goal"), max_length=300)
    actions = forms.CharField(label=_("Actions"), widget=forms.Textarea(attrs={"rows": 3}))
    measure = forms.CharField(
        label=_("Measure of success"), widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, choices: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["items"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = choices

    def goal_input(self) -> GoalInput:
        data = self.cleaned_data
        return GoalInput(
            goal_id=data.get("goal_id"),
            item_ids=tuple(data["items"]),
            title=data["title"],
            actions=data["actions"],
            measure=data["measure"],
            due_on=data["due_on"],
        )


class _GoalFormSet(forms.BaseFormSet):
    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this goal")

    def goal_inputs(self) -> list[GoalInput]:
        """The rows the participant filled in and did not remove, in order."""
        return [
            form.goal_input()
            for form in self.forms
            if form.has_changed() and not form.cleaned_data.get("DELETE")
        ]


BaseGoalFormSet = formset_factory(
    GoalForm,
    formset=_GoalFormSet,
    extra=0,
    max_num=MAX_GOALS,
    absolute_max=MAX_GOALS,
    can_delete=True,
)


def _focus_rows(focus: Iterable[Item]) -> list[dict[str, Any]]:
    """The activities marked on the report as goal rows: up to three per row, one dimension."""
    rows: list[dict[str, Any]] = []
    for _dimension, items in groupby(focus, key=lambda item: item.dimension_id):
        ids = [item.pk for item in items]
        rows += [{"items": ids[i : i + MAX_GOAL_ITEMS]} for i in range(0, len(ids), MAX_GOAL_ITEMS)]
    return rows[:MAX_GOALS]


def goal_formset(
    *, choices: Any, data: Any = None, goals: Any = (), focus: Iterable[Item] = ()
) -> Any:
    """Five rows: the plan's goals (or, before there is one, the focus items), then blank ones.

    Blank rows are ignored on save.
    """
    # Every row may stay empty (and none is prefilled on POST), so a filled row always counts.
    kwargs = {"choices": choices, "empty_permitted": True, "use_required_attribute": False}
    if data is not None:
        return BaseGoalFormSet(data, prefix="goal", form_kwargs=kwargs)
    initial = [
        {
            "goal_id": goal.pk,
            "items": [item.pk for item in goal.items.all()],
            "title": goal.title,
            "actions": goal.actions,
            "measure": goal.measure,
            "due_on": goal.due_on,
        }
        for goal in goals
    ]
    if not initial:
        initial = _focus_rows(focus)
    initial += [{} for _ in range(MAX_GOALS - len(initial))]
    return BaseGoalFormSet(initial=initial, prefix="goal", form_kwargs=kwargs)


class ReviewForm(forms.Form):
    goal = forms.TypedChoiceField(label=_("Goal"), coerce=int, choices=())
    reviewed_on = forms.DateField(
        label=_("Date of the review"),
        required=False,
        help_text=_("Today when left empty."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, widget=forms.NumberInput()
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, goals: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["goal"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(goal.pk, goal.title) for goal in goals]


class CadenceForm(forms.Form):
    every_weeks = forms.IntegerField(
        label=_("Review every (weeks)"),
        min_value=1,
        max_value=52,
        required=False,
        help_text=_("Empty: the cohort's cadence."),
    )


class CohortCadenceForm(forms.Form):
    every_weeks = forms.IntegerField(label=_("Review every (weeks)"), min_value=1, max_value=52)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
