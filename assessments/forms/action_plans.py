"""Forms of the action plan pages: up to five goal rows, a review and a comment."""

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from assessments.services.action_plans import MAX_GOALS, GoalInput
from courses.models import Dimension
from kamtraining.i18n import localized


class DimensionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {localized(obj, 'name')}"


class GoalForm(forms.Form):
    dimension = DimensionChoiceField(
        label=_("Dimension"), queryset=Dimension.objects.none(), empty_label=_("— choose —")
    )
    title = forms.CharField(label=_("Goal"), max_length=300)
    actions = forms.CharField(label=_("Actions"), widget=forms.Textarea(attrs={"rows": 3}))
    measure = forms.CharField(
        label=_("Measure of success"), widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, dimensions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if dimensions is not None:
            field = self.fields["dimension"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = dimensions

    def goal_input(self) -> GoalInput:
        data = self.cleaned_data
        return GoalInput(
            dimension_id=data["dimension"].pk,
            title=data["title"],
            actions=data["actions"],
            measure=data["measure"],
            due_on=data["due_on"],
        )


BaseGoalFormSet = formset_factory(GoalForm, extra=0, max_num=MAX_GOALS, absolute_max=MAX_GOALS)


def goal_formset(*, dimensions: Any, data: Any = None, goals: Any = ()) -> Any:
    """Five rows: the plan's goals first, then blank ones; blank rows are ignored on save."""
    # Every row may stay empty (and none is prefilled on POST), so a filled row always counts.
    kwargs = {"dimensions": dimensions, "empty_permitted": True, "use_required_attribute": False}
    if data is not None:
        return BaseGoalFormSet(data, prefix="goal", form_kwargs=kwargs)
    initial = [
        {
            "dimension": goal.dimension_id,
            "title": goal.title,
            "actions": goal.actions,
            "measure": goal.measure,
            "due_on": goal.due_on,
        }
        for goal in goals
    ]
    initial += [{} for _ in range(MAX_GOALS - len(initial))]
    return BaseGoalFormSet(initial=initial, prefix="goal", form_kwargs=kwargs)


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label=_("Date of the review"), widget=forms.DateInput(attrs={"type": "date"})
    )
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, widget=forms.NumberInput()
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
