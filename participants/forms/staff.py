"""Forms of the trainer and programme-office pages."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participants.models import Attendance, Participant
from participants.selectors.trainer import SheetRow


class AttendanceSheetForm(forms.Form):
    """One optional choice per person on the roster; only what changed is saved."""

    def __init__(self, *args: Any, rows: list[SheetRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[row.field_name] = forms.ChoiceField(
                label=str(row.enrollment.participant),
                choices=Attendance.Status.choices,
                required=False,
                initial=row.status,
                widget=forms.RadioSelect,
            )

    def changed_statuses(self, *, everyone_else: str = "") -> dict[int, str]:
        """Enrolment id → new status for each row whose choice differs from its mark.

        `everyone_else` fills the rows left without any mark (e.g. "present" for all).
        """
        changed: dict[int, str] = {}
        for row in self.rows:
            status = self.cleaned_data.get(row.field_name) or ""
            if not status and not row.status:
                status = everyone_else
            if status and status != row.status:
                changed[row.enrollment.pk] = status
        return changed


TOKEN_SEPARATORS = re.compile(r"[\s,;，；]+")
MAX_TOKENS = 500


class EnrolForm(forms.Form):
    """People ticked in the search results and/or a pasted list of emails or employee numbers."""

    participant = forms.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=Participant.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("Choose a participant from the search results.")},
    )
    tokens = forms.CharField(
        label=_("Emails or employee numbers"),
        help_text=_("One per line, or separated by commas."),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(
        label=_("Reason (kept in the history)"), max_length=300, required=False
    )

    def clean_tokens(self) -> list[str]:
        tokens = [t for t in TOKEN_SEPARATORS.split(self.cleaned_data.get("tokens") or "") if t]
        if len(tokens) > MAX_TOKENS:
            raise forms.ValidationError(
                _("Paste at most %(max)d people at a time."), params={"max": MAX_TOKENS}
            )
        return tokens

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("participant") and not data.get("tokens"):
            raise forms.ValidationError(
                _("Tick people in the search results or paste their emails or employee numbers.")
            )
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the history)"), max_length=300, required=False
    )
