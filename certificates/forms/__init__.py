"""Forms of the completion pages: the rule, a decision on one person, a revocation."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RuleForm(forms.Form):
    requires_attendance = forms.BooleanField(label=_("Attendance at the threshold"), required=False)
    requires_self_assessment = forms.BooleanField(
        label=_("Self-assessment submitted"), required=False
    )
    requires_practice = forms.BooleanField(label=_("Practice accepted"), required=False)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
