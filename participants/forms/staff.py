"""Forms of the trainer and programme-office pages."""

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


class EnrolForm(forms.Form):
    participant = forms.ModelChoiceField(
        label=_("Participant"),
        queryset=Participant.objects.all(),
        error_messages={"invalid_choice": _("Choose a participant from the search results.")},
    )
    reason = forms.CharField(
        label=_("Reason (kept in the history)"), max_length=300, required=False
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the history)"), max_length=300, required=False
    )
