"""Serializers of the campaign API: what goes in, what comes out. Never a score or a token."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from assessments.models import Campaign, Invitation
from assessments.selectors.campaigns import RATER_GROUPS, shown_status
from assessments.services.campaigns import EDITABLE_FIELDS
from kamtraining.api import AwareDateTimeField, IdRelatedField
from participants.models import Language, Participant


def enum_field(choices: list[tuple[str, Any]], **kwargs: Any) -> serializers.ChoiceField:
    """A choice field documented with an inline enum.

    For a subset of a model's choices (the rater groups, without self): inline, under allOf
    (which drf-spectacular leaves in place), rather than a component named after the field
    that would collide with the model's full choice set.
    """
    values = [value for value, _label in choices]
    schema = {
        "allOf": [{"type": "string", "enum": values}],
        "description": "One of: " + ", ".join(repr(value) for value in values),
    }
    field_class = extend_schema_field(schema)(
        type("InlineEnumField", (serializers.ChoiceField,), {})
    )
    return field_class(choices=choices, **kwargs)


SETTINGS_FIELDS = tuple(sorted(EDITABLE_FIELDS[Campaign.Status.DRAFT] - {"name", "kind"}))


@extend_schema_serializer(component_name="Campaign")
class StaffCampaignOut(serializers.ModelSerializer[Campaign]):
    cohort_code = serializers.CharField(source="cohort.code", read_only=True)
    framework_code = serializers.CharField(source="framework.code", read_only=True)

    class Meta:
        model = Campaign
        fields = (
            "id",
            "cohort",
            "cohort_code",
            "framework",
            "framework_code",
            "name",
            "kind",
            "status",
            *SETTINGS_FIELDS,
            "created_at",
            "closed_at",
            "released_at",
        )
        read_only_fields = fields


@extend_schema_serializer(component_name="CampaignWrite")
class CampaignCreateIn(serializers.ModelSerializer[Campaign]):
    """Create (cohort and framework required) or update (only what the status allows)."""

    serializer_related_field = IdRelatedField

    class Meta:
        model = Campaign
        fields = ("cohort", "framework", "name", "kind", *SETTINGS_FIELDS)

    def build_standard_field(self, field_name: str, model_field: Any) -> Any:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if field_class is serializers.DateTimeField:
            field_class = AwareDateTimeField
        return field_class, kwargs


@extend_schema_serializer(component_name="CampaignUpdate")
class CampaignUpdateIn(CampaignCreateIn):
    class Meta(CampaignCreateIn.Meta):
        fields = ("name", "kind", *SETTINGS_FIELDS)


@extend_schema_serializer(component_name="CampaignOpen")
class CampaignOpenIn(serializers.Serializer):
    override = serializers.BooleanField(
        default=False, help_text=_("HR: open although some participants have too few raters.")
    )
    note = serializers.CharField(default="", allow_blank=True, max_length=2000)


@extend_schema_serializer(component_name="Remind")
class RemindIn(serializers.Serializer):
    invitation = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,  # a database id: a bigger number is a 400, not an overflow
        help_text=_("Remind only this invitation; all pending ones by default."),
    )


@extend_schema_serializer(component_name="Count")
class CountOut(serializers.Serializer):
    count = serializers.IntegerField()


def _rater_language() -> serializers.ChoiceField:
    # Empty when the rater gets the subject's language: documented as such, not only the enum.
    return serializers.ChoiceField(
        choices=Language.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("The rater's language; empty when none was chosen."),
    )


@extend_schema_serializer(component_name="Invitation")
class InvitationOut(serializers.ModelSerializer[Invitation]):
    subject_name = serializers.CharField(source="subject.name", read_only=True)
    rater_language = _rater_language()

    class Meta:
        model = Invitation
        fields = (
            "id",
            "subject",
            "subject_name",
            "rater_name",
            "rater_email",
            "rater_language",
            "group",
            "status",
            "nominated_at",
            "approved_at",
            "sent_at",
            "started_at",
            "submitted_at",
            "declined_at",
        )
        read_only_fields = fields


RATER_GROUP_CHOICES = [(group.value, group.label) for group in RATER_GROUPS]


@extend_schema_serializer(component_name="RaterInput")
class RaterIn(serializers.Serializer):
    rater_name = serializers.CharField(max_length=150)
    rater_email = serializers.EmailField(max_length=254)
    group = enum_field(RATER_GROUP_CHOICES)
    rater_language = serializers.ChoiceField(choices=Language.choices, default="", allow_blank=True)


@extend_schema_serializer(component_name="InvitationCreate")
class InvitationCreateIn(RaterIn):
    subject = IdRelatedField(queryset=Participant.objects.all())


@extend_schema_serializer(component_name="GroupGap")
class GroupGapOut(serializers.Serializer):
    group = serializers.CharField()
    group_label = serializers.CharField(source="label")
    have = serializers.IntegerField()
    minimum = serializers.IntegerField()
    maximum = serializers.IntegerField()
    missing = serializers.IntegerField()


@extend_schema_serializer(component_name="MyRater")
class MyRaterOut(serializers.ModelSerializer[Invitation]):
    rater_language = _rater_language()

    class Meta:
        model = Invitation
        fields = ("id", "rater_name", "rater_email", "rater_language", "group", "status")
        read_only_fields = fields


@extend_schema_serializer(component_name="MyListedRater")
class MyListedRaterOut(MyRaterOut):
    """One of the participant's raters as listed to them: once invited, "sent" whatever the
    rater did since (who answered or declined is told only as counts per group)."""

    def to_representation(self, instance: Invitation) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["status"] = shown_status(instance)
        return data


@extend_schema_serializer(component_name="GroupResponses")
class GroupResponsesOut(serializers.Serializer):
    group = serializers.CharField()
    group_label = serializers.CharField(source="label")
    invited = serializers.IntegerField()
    submitted = serializers.IntegerField()
    declined = serializers.IntegerField()


@extend_schema_serializer(component_name="MyNomination")
class MyNominationOut(serializers.Serializer):
    campaign = serializers.IntegerField(source="campaign.pk")
    campaign_status = serializers.ChoiceField(
        choices=Campaign.Status.choices, source="campaign.status"
    )
    raters = MyListedRaterOut(source="invitations", many=True)
    limits = GroupGapOut(source="gaps", many=True)
    responses = GroupResponsesOut(
        many=True,
        help_text=_("Per group: invitations sent, submitted, declined (counts, never names)."),
    )
