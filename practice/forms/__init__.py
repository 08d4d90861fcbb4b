"""Forms of the practice pages (each only parses; the services decide)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practice.models import PHASE_ORDER, Phase


class AssignmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    brief = forms.CharField(label=_("Brief"), widget=forms.Textarea, max_length=10000)
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    dimension: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Dimension"), queryset=None, required=False
    )
    items: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Items"), queryset=None, required=False
    )

    def __init__(self, *args: object, dimensions: object, items: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["dimension"].queryset = dimensions  # type: ignore[attr-defined]
        self.fields["items"].queryset = items  # type: ignore[attr-defined]


class PhaseForm(forms.Form):
    text = forms.CharField(
        label=_("What you did"), widget=forms.Textarea, required=False, max_length=20000
    )
    completed_on = forms.DateField(
        label=_("Completed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, image or Office document, at most 10 MB)"))


class ObserverForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=())
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    language = forms.ChoiceField(
        label=_("Language of the email"),
        choices=(("", _("Both")), ("en", "English"), ("zh-hans", "中文")),
        required=False,
    )


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea, max_length=5000)


class ReturnForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Phase to reopen"), choices=[(p, Phase(p).label) for p in PHASE_ORDER]
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea, max_length=5000)


class GoalForm(forms.Form):
    goal: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Goal"), queryset=None, required=False
    )

    def __init__(self, *args: object, goals: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]


class ObservationForm(forms.Form):
    observation = forms.CharField(
        label=_("Your observation"), widget=forms.Textarea, max_length=5000
    )
