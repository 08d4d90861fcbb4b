"""HR's form for one participant's profile (the pages in participants.views.people)."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.forms.scheduling import TimeZoneField
from participants.models import Participant


class ManagerField(forms.CharField):
    """The manager, typed as their employee number or email address."""

    def clean(self, value: Any) -> Participant | None:
        text = str(super().clean(value) or "").strip()
        if not text:
            return None
        manager = (
            Participant.objects.filter(Q(employee_number=text) | Q(email__iexact=text))
            .order_by("pk")
            .first()
        )
        if manager is None:
            raise forms.ValidationError(
                _("No participant has the employee number or email address “%(value)s”."),
                params={"value": text},
            )
        return manager


class ParticipantForm(forms.ModelForm):
    """The profile fields (Participant.EDITABLE_FIELDS); the services save them."""

    time_zone = TimeZoneField(initial="Asia/Shanghai")
    manager = ManagerField(
        label=_("Manager"),
        max_length=254,
        required=False,
        help_text=_("The manager's employee number or email address, if they are a participant."),
    )

    class Meta:
        model = Participant
        fields = Participant.EDITABLE_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.instance.manager if self.instance.pk else None
        self.initial["manager"] = manager.employee_number if manager else ""

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean_employee_number(self) -> str:
        return str(self.cleaned_data["employee_number"]).strip()

    def values(self) -> dict[str, Any]:
        """What the services take: every editable field, as cleaned."""
        return {name: self.cleaned_data[name] for name in Participant.EDITABLE_FIELDS}
