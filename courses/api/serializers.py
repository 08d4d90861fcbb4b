"""REST representations of the catalogue and schedule: output serializers, and input ones
that only parse and validate (writes go through courses.services)."""

import zoneinfo
from operator import attrgetter
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from courses.models import Activity, Cohort, Course, Dimension, Framework, Item, Module, Session
from courses.selectors.conflicts import CohortConflict
from courses.services.catalogue import DimensionInput, ItemInput, ModuleInput
from kamtraining.api import AwareDateTimeField, IdRelatedField
from kamtraining.i18n import validate_time_zone


class ZonedSerializer(serializers.ModelSerializer):
    """Show the object's date-times in its cohort's time zone, offset included."""

    time_zone_attribute = "cohort.time_zone"
    serializer_related_field = IdRelatedField

    def to_representation(self, instance: Any) -> dict[str, Any]:
        zone = zoneinfo.ZoneInfo(attrgetter(self.time_zone_attribute)(instance))
        with timezone.override(zone):
            return super().to_representation(instance)


def _active_users() -> Any:
    return get_user_model().objects.filter(is_active=True)


# Catalogue


@extend_schema_serializer(component_name="Activity")
class ActivityOut(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ("id", "order", "kind", "title", "title_en")


@extend_schema_serializer(component_name="Module")
class ModuleOut(serializers.ModelSerializer):
    dimension_code = serializers.CharField(
        source="dimension.code", read_only=True, allow_null=True, default=None
    )
    activities = ActivityOut(many=True, read_only=True)

    class Meta:
        model = Module
        fields = (
            "id",
            "number",
            "title",
            "title_en",
            "dimension",
            "dimension_code",
            "summary",
            "duration_minutes",
            "activities",
        )


@extend_schema_serializer(component_name="Course")
class CourseOut(serializers.ModelSerializer):
    modules = ModuleOut(many=True, read_only=True)

    class Meta:
        model = Course
        fields = (
            "id",
            "code",
            "title",
            "title_en",
            "summary",
            "summary_en",
            "audience",
            "audience_en",
            "duration",
            "trainer_names",
            "framework",
            "is_published",
            "modules",
        )


@extend_schema_serializer(component_name="ModuleInput")
class ModuleIn(serializers.ModelSerializer):
    serializer_related_field = IdRelatedField
    number = serializers.IntegerField(min_value=0, max_value=32767)

    class Meta:
        model = Module
        fields = ("number", "title", "title_en", "dimension", "summary", "duration_minutes")

    def to_internal_value(self, data: Any) -> ModuleInput:
        return ModuleInput(**super().to_internal_value(data))


@extend_schema_serializer(component_name="CourseInput")
class CourseIn(serializers.ModelSerializer):
    serializer_related_field = IdRelatedField
    modules = ModuleIn(
        many=True,
        required=False,
        help_text=_("Added or updated by number; modules not listed are kept."),
    )

    class Meta:
        model = Course
        fields = (
            "code",
            "title",
            "title_en",
            "summary",
            "summary_en",
            "audience",
            "audience_en",
            "duration",
            "trainer_names",
            "framework",
            "is_published",
            "modules",
        )


@extend_schema_serializer(component_name="Item")
class ItemOut(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = ("id", "order", "text", "text_en", "is_sample")


@extend_schema_serializer(component_name="Dimension")
class DimensionOut(serializers.ModelSerializer):
    items = ItemOut(many=True, read_only=True)

    class Meta:
        model = Dimension
        fields = ("id", "code", "name", "name_en", "description", "order", "items")


@extend_schema_serializer(component_name="Framework")
class FrameworkOut(serializers.ModelSerializer):
    dimensions = DimensionOut(many=True, read_only=True)

    class Meta:
        model = Framework
        fields = ("id", "code", "name", "name_en", "description", "dimensions")


@extend_schema_serializer(component_name="ItemInput")
class ItemIn(serializers.ModelSerializer):
    order = serializers.IntegerField(min_value=0, max_value=32767)

    class Meta:
        model = Item
        fields = ("order", "text", "text_en", "is_sample")

    def to_internal_value(self, data: Any) -> ItemInput:
        return ItemInput(**super().to_internal_value(data))


@extend_schema_serializer(component_name="DimensionInput")
class DimensionIn(serializers.ModelSerializer):
    # The code is the dimension's key within its framework, so no table-wide unique check.
    code = serializers.CharField(max_length=16)
    items = ItemIn(
        many=True, required=False, help_text=_("Added or updated by order; others are kept.")
    )

    class Meta:
        model = Dimension
        fields = ("code", "name", "name_en", "description", "order", "items")

    def to_internal_value(self, data: Any) -> DimensionInput:
        return DimensionInput(**super().to_internal_value(data))


@extend_schema_serializer(component_name="FrameworkInput")
class FrameworkIn(serializers.ModelSerializer):
    dimensions = DimensionIn(
        many=True,
        required=False,
        help_text=_("Added or updated by code; dimensions not listed are kept."),
    )

    class Meta:
        model = Framework
        fields = ("code", "name", "name_en", "description", "dimensions")


# Schedule


@extend_schema_serializer(component_name="Cohort")
class CohortOut(ZonedSerializer):
    time_zone_attribute = "time_zone"
    enrolment_opens_at = AwareDateTimeField(allow_null=True, required=False)
    enrolment_closes_at = AwareDateTimeField(allow_null=True, required=False)

    class Meta:
        model = Cohort
        fields: tuple[str, ...] = (
            "id",
            "course",
            "code",
            "name",
            "starts_on",
            "ends_on",
            "time_zone",
            "venue",
            "capacity",
            "status",
            "trainers",
            "enrolment_opens_at",
            "enrolment_closes_at",
            "completion_threshold",
        )
        read_only_fields = ("id",)
        extra_kwargs: dict[str, Any] = {"trainers": {"queryset": _active_users()}}


def _current(serializer: serializers.Serializer, attrs: dict[str, Any], name: str) -> Any:
    """The value a field will have after this write (given, or kept from the instance)."""
    if name in attrs:
        return attrs[name]
    return getattr(serializer.instance, name, None)


def _require_order(
    serializer: serializers.Serializer,
    attrs: dict[str, Any],
    first: str,
    then: str,
    message: Any,
    *,
    strictly: bool = False,
) -> None:
    start, end = _current(serializer, attrs, first), _current(serializer, attrs, then)
    if start is not None and end is not None and (end <= start if strictly else end < start):
        raise serializers.ValidationError({then: message})


@extend_schema_serializer(component_name="CohortInput")
class CohortIn(CohortOut):
    completion_threshold = serializers.IntegerField(min_value=0, max_value=100, required=False)

    class Meta(CohortOut.Meta):
        fields = tuple(name for name in CohortOut.Meta.fields if name != "id")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _require_order(
            self, attrs, "starts_on", "ends_on", _("The last day cannot be before the first.")
        )
        _require_order(
            self,
            attrs,
            "enrolment_opens_at",
            "enrolment_closes_at",
            _("Enrolment must close after it opens."),
            strictly=True,
        )
        return attrs


@extend_schema_serializer(component_name="Session")
class SessionOut(ZonedSerializer):
    time_zone_attribute = "zone_name"
    time_zone = serializers.CharField(
        read_only=True,
        help_text=_("The session's own time zone; empty: its room's venue's, else the cohort's."),
    )
    effective_time_zone = serializers.CharField(
        source="zone_name",
        read_only=True,
        help_text=_("The zone of its local time, in which starts_at and ends_at are given."),
    )
    starts_at = AwareDateTimeField(read_only=True)
    ends_at = AwareDateTimeField(read_only=True)
    # Empty when the session meets in a room: not a URI then, so not typed as one.
    online_url = serializers.CharField(read_only=True, help_text=_("Online meeting link, if any."))

    class Meta:
        model = Session
        fields = (
            "id",
            "cohort",
            "module",
            "title",
            "title_en",
            "starts_at",
            "ends_at",
            "time_zone",
            "effective_time_zone",
            "room",
            "online_url",
            "trainers",
            "status",
            "sequence",
            "allow_conflict",
            "conflict_note",
            "conflict_allowed_by",
            "conflict_allowed_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


@extend_schema_serializer(component_name="SessionUpdateInput")
class SessionUpdateIn(serializers.ModelSerializer):
    serializer_related_field = IdRelatedField
    starts_at = AwareDateTimeField()
    ends_at = AwareDateTimeField()
    allow_conflict = serializers.BooleanField(
        required=False,
        help_text=_("Save even though a trainer or the room is booked elsewhere at that time."),
    )
    conflict_note = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Why the conflict is allowed; required with allow_conflict, and recorded."),
    )
    time_zone = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        validators=[validate_time_zone],
        help_text=_(
            "An IANA time zone such as Asia/Dubai; empty: its room's venue's, else the cohort's."
        ),
    )

    class Meta:
        model = Session
        fields: tuple[str, ...] = (
            "module",
            "title",
            "title_en",
            "starts_at",
            "ends_at",
            "time_zone",
            "room",
            "online_url",
            "trainers",
            "allow_conflict",
            "conflict_note",
        )
        extra_kwargs: dict[str, Any] = {"trainers": {"queryset": _active_users()}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        message = _("A session must end after it starts.")
        _require_order(self, attrs, "starts_at", "ends_at", message, strictly=True)
        return attrs


@extend_schema_serializer(component_name="SessionCreateInput")
class SessionCreateIn(SessionUpdateIn):
    class Meta(SessionUpdateIn.Meta):
        fields = ("cohort", *SessionUpdateIn.Meta.fields)


@extend_schema_serializer(component_name="SessionBrief")
class SessionBriefOut(ZonedSerializer):
    time_zone_attribute = "zone_name"
    cohort_name = serializers.CharField(source="cohort.name", read_only=True)

    class Meta:
        model = Session
        fields = ("id", "title", "starts_at", "ends_at", "cohort", "cohort_name")
        read_only_fields = fields


@extend_schema_serializer(component_name="Conflict")
class ConflictOut(serializers.Serializer):
    session = serializers.SerializerMethodField(help_text=_("This cohort's session."))
    kind = serializers.ChoiceField(
        source="clash.kind", choices=(("trainer", _("Trainer")), ("room", _("Room")))
    )
    what = serializers.CharField(source="clash.what", help_text=_("The trainer or the room."))
    clashing_session = serializers.SerializerMethodField(
        help_text=_("The other session that holds the trainer or the room.")
    )
    message = serializers.CharField(source="clash.message")

    @extend_schema_field(SessionBriefOut)
    def get_session(self, conflict: CohortConflict) -> dict[str, Any]:
        return SessionBriefOut(conflict.session).data

    @extend_schema_field(SessionBriefOut)
    def get_clashing_session(self, conflict: CohortConflict) -> dict[str, Any]:
        return SessionBriefOut(conflict.clash.session).data
