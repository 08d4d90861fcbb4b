"""Forms of the campaign pages: a rater on a list, a campaign transition."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.selectors.campaigns import RATER_GROUPS
from participants.models import Language

RATER_GROUP_CHOICES = [(group.value, group.label) for group in RATER_GROUPS]


class RaterForm(forms.Form):
    rater_name = forms.CharField(label=_("Name"), max_length=150)
    rater_email = forms.EmailField(label=_("Email"))
    group = forms.ChoiceField(label=_("Relationship"), choices=RATER_GROUP_CHOICES)
    rater_language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=[("", _("Not known: both English and Chinese")), *Language.choices],
        required=False,
    )


class OpenForm(forms.Form):
    override = forms.BooleanField(
        label=_("Open even though some participants have too few raters (HR)"), required=False
    )
    note = forms.CharField(
        label=_("Why (recorded)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
