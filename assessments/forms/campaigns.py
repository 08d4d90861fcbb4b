"""Forms of the campaign pages: a rater on a list, a campaign transition, its settings."""

from typing import Any, ClassVar

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Campaign
from assessments.selectors.campaigns import RATER_GROUPS
from assessments.services.campaigns import EDITABLE_FIELDS
from courses.models import Cohort, Framework
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


SCALE_BOUNDS = (0, 10)
LABEL_LANGUAGES = (("en", _("English")), ("zh-hans", _("Chinese")))
LIMIT_FIELDS = (
    "manager_min",
    "manager_max",
    "peer_min",
    "peer_max",
    "direct_report_min",
    "direct_report_max",
    "other_min",
    "other_max",
)


def _label_field(score: int, language: str) -> str:
    return f"label_{score}_{language.replace('-', '_')}"


def _int_or(value: Any, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, SCALE_BOUNDS[0]), SCALE_BOUNDS[1])


class CampaignForm(forms.ModelForm):
    """A campaign's settings, the scale labels one field per score and language (no JSON).

    Fields the campaign's status no longer lets change are shown disabled.
    """

    class Meta:
        model = Campaign
        fields = (
            "cohort",
            "framework",
            "name",
            "kind",
            "nomination_opens_at",
            "nomination_closes_at",
            "opens_at",
            "closes_at",
            "min_group_size",
            "gap_threshold",
            *LIMIT_FIELDS,
            "scale_min",
            "scale_max",
        )
        widgets: ClassVar[dict[str, Any]] = {
            name: forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
            for name in ("nomination_opens_at", "nomination_closes_at", "opens_at", "closes_at")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        campaign: Campaign = self.instance
        fields: dict[str, Any] = self.fields
        fields["cohort"].queryset = Cohort.objects.select_related("course").order_by(
            "-starts_on", "code"
        )
        fields["framework"].queryset = Framework.objects.order_by("name")
        zone = timezone.get_current_timezone_name()
        for name in ("nomination_opens_at", "nomination_closes_at", "opens_at", "closes_at"):
            fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
            self.fields[name].help_text = _("In %(zone)s.") % {"zone": zone}
        for name in ("scale_min", "scale_max"):
            self.fields[name].validators.append(MaxValueValidator(SCALE_BOUNDS[1]))
        # Label fields for the scale being typed (or the stored one): scores outside it drop.
        low = _int_or(self.data.get("scale_min"), campaign.scale_min) if self.is_bound else None
        high = _int_or(self.data.get("scale_max"), campaign.scale_max) if self.is_bound else None
        low = campaign.scale_min if low is None else low
        high = campaign.scale_max if high is None else high
        self.scores = list(range(low, max(low, high) + 1))
        stored = campaign.scale_labels or {}
        for score in self.scores:
            for language, language_label in LABEL_LANGUAGES:
                self.fields[_label_field(score, language)] = forms.CharField(
                    label=_("Score %(score)d, %(language)s")
                    % {"score": score, "language": language_label},
                    max_length=80,
                    required=False,
                    initial=(stored.get(str(score)) or {}).get(language, ""),
                )
        if campaign.pk:
            self.fields["cohort"].disabled = True
            self.fields["framework"].disabled = True
            editable = EDITABLE_FIELDS[campaign.status]
            for name, field in self.fields.items():
                key = "scale_labels" if name.startswith("label_") else name
                if key not in editable and name not in ("cohort", "framework"):
                    field.disabled = True

    def label_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (score, [self[_label_field(score, language)] for language, _label in LABEL_LANGUAGES])
            for score in self.scores
        ]

    def settings_values(self) -> dict[str, Any]:
        """The cleaned values the services take, with the labels as {score: {language: text}}."""
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in self.Meta.fields
            if name not in ("cohort", "framework") and not self.fields[name].disabled
        }
        if not self.fields[_label_field(self.scores[0], "en")].disabled:
            labels: dict[str, dict[str, str]] = {}
            for score in self.scores:
                texts = {
                    language: data[_label_field(score, language)].strip()
                    for language, _label in LABEL_LANGUAGES
                    if data.get(_label_field(score, language), "").strip()
                }
                if texts:
                    labels[str(score)] = texts
            values["scale_labels"] = labels
        return values
