"""Forms of the account pages: profile, invitations, throttled password reset."""

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from kamtraining.i18n import time_zone_names
from participants.models import Language, Participant, User
from participants.services.accounts import account_invitation_resend


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    name = forms.CharField(label=_("Name (Chinese)"), max_length=150, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    # A text field with a datalist: the browser filters the list as one types, with or
    # without JavaScript; the value is checked against the IANA names here.
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
        help_text=_("An IANA name, e.g. Asia/Shanghai or Europe/London: type to filter."),
    )

    def __init__(self, *args: Any, participant: Participant | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if participant is None:
            del self.fields["name"]
            del self.fields["name_en"]
        else:
            self.fields["name"].required = True

    def clean_time_zone(self) -> str:
        value = str(self.cleaned_data["time_zone"]).strip()
        if value not in time_zone_names():
            raise forms.ValidationError(
                _("“%(value)s” is not a known time zone (use an IANA name such as Asia/Shanghai)."),
                params={"value": value},
            )
        return value


def profile_initial(user: User, participant: Participant | None) -> dict[str, str]:
    initial = {
        "full_name": user.full_name,
        "language": user.language or (participant.language if participant else "en"),
        "time_zone": user.time_zone,
    }
    if participant is not None:
        initial |= {"name": participant.name, "name_en": participant.name_en}
    return initial


class InviteForm(forms.Form):
    participants = forms.ModelMultipleChoiceField(
        queryset=Participant.objects.all(), label=_("Participants")
    )


class AccountPasswordResetForm(PasswordResetForm):
    """Django's reset form; an account never activated is sent a new invitation instead.

    Django sends nothing to an account without a usable password, which is every account
    still waiting for its first password: those people get their set-password link.
    """

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        account_invitation_resend(email=self.cleaned_data["email"])
