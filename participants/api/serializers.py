"""Serializers of the people API: participants, enrolments, attendance, imports."""

from typing import Any, ClassVar

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from kamtraining.api import IdRelatedField
from participants.models import (
    Attendance,
    AttendanceChange,
    Enrollment,
    EnrollmentStatusChange,
    Participant,
)
from participants.selectors.people import attendance_history
from participants.services.attendance import NOTE_MAX_LENGTH


@extend_schema_serializer(component_name="Participant")
class ParticipantOut(serializers.ModelSerializer[Participant]):
    manager = IdRelatedField(queryset=Participant.objects.all(), allow_null=True, required=False)
    has_account = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = (
            "id",
            *Participant.EDITABLE_FIELDS,
            "has_account",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("id", "has_account", "created_at", "updated_at")
        # Uniqueness is checked by the service (full_clean), in one place.
        validators: list = []
        extra_kwargs: ClassVar[dict[str, Any]] = {
            "employee_number": {"validators": []},
            "email": {"validators": []},
        }

    def get_has_account(self, obj: Participant) -> bool:
        return obj.user_id is not None


@extend_schema_serializer(component_name="Participant")
class ParticipantIn(ParticipantOut):
    # What HR writes of a profile: the fields it reads, the read-only ones ignored. No
    # docstring: it would become the description of the schema's component.
    pass


@extend_schema_serializer(component_name="StatusChange")
class StatusChangeOut(serializers.ModelSerializer[EnrollmentStatusChange]):
    # The API keeps its published names; the model says `by` and `at` like every audit row.
    changed_by: serializers.Field = serializers.StringRelatedField(source="by")
    changed_at = serializers.DateTimeField(source="at", read_only=True)

    class Meta:
        model = EnrollmentStatusChange
        fields = ("from_status", "to_status", "changed_by", "changed_at", "reason")


@extend_schema_serializer(component_name="Enrollment")
class EnrollmentOut(serializers.ModelSerializer[Enrollment]):
    participant_name = serializers.CharField(source="participant.__str__", read_only=True)
    cohort_code = serializers.CharField(source="cohort.code", read_only=True)

    class Meta:
        model = Enrollment
        fields: tuple[str, ...] = (
            "id",
            "participant",
            "participant_name",
            "cohort",
            "cohort_code",
            "status",
            "waitlisted_at",
            "created_at",
            "updated_at",
        )
        read_only_fields: tuple[str, ...] = fields


@extend_schema_serializer(component_name="EnrollmentDetail")
class EnrollmentDetailOut(EnrollmentOut):
    history = StatusChangeOut(many=True, read_only=True)

    class Meta(EnrollmentOut.Meta):
        fields = (*EnrollmentOut.Meta.fields, "history")
        read_only_fields = fields


@extend_schema_serializer(component_name="CohortEnrollment")
class CohortEnrollmentOut(EnrollmentOut):
    """A row of a cohort's roster: with the waitlist position and the attendance rate."""

    waitlist_position = serializers.IntegerField(allow_null=True, read_only=True)
    attendance_rate = serializers.FloatField(allow_null=True, read_only=True)

    class Meta(EnrollmentOut.Meta):
        fields = (*EnrollmentOut.Meta.fields, "waitlist_position", "attendance_rate")
        read_only_fields = fields


@extend_schema_serializer(component_name="EnrollmentCreate")
class EnrollmentCreateIn(serializers.Serializer):
    participant = IdRelatedField(queryset=Participant.objects.all())
    cohort = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    reason = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


@extend_schema_serializer(component_name="CohortEnrol")
class CohortEnrolIn(serializers.Serializer):
    participant = IdRelatedField(queryset=Participant.objects.all())
    reason = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


@extend_schema_serializer(component_name="Reason")
class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


@extend_schema_serializer(component_name="Complete")
class CompleteIn(ReasonIn):
    override = serializers.BooleanField(
        required=False, default=False, help_text="Complete below the attendance threshold."
    )


@extend_schema_serializer(component_name="AttendanceChange")
class AttendanceChangeOut(serializers.ModelSerializer[AttendanceChange]):
    changed_by: serializers.Field = serializers.StringRelatedField(
        source="by", allow_null=True, help_text="Who changed the mark; null when the system did."
    )
    changed_at = serializers.DateTimeField(source="at", read_only=True)
    # Declared: a read-only field built from the model loses `allow_blank`, and the schema
    # would then refuse the blank of a first mark.
    from_status = serializers.ChoiceField(
        choices=Attendance.Status.choices,
        allow_blank=True,
        read_only=True,
        help_text="Blank for the first mark.",
    )

    class Meta:
        model = AttendanceChange
        fields = ("from_status", "to_status", "changed_by", "changed_at", "note")
        read_only_fields = fields


@extend_schema_serializer(component_name="Attendance")
class AttendanceOut(serializers.ModelSerializer[Attendance]):
    participant = serializers.IntegerField(source="enrollment.participant_id", read_only=True)
    # Null for a mark no one made by hand (an import, the system): the schema must say so.
    marked_by: serializers.Field = serializers.StringRelatedField(
        allow_null=True, help_text="Who marked it; null when the system did."
    )
    history = serializers.SerializerMethodField(
        help_text="Every change of this mark, oldest first; the first is from blank."
    )

    class Meta:
        model = Attendance
        fields = (
            "id",
            "enrollment",
            "participant",
            "session",
            "status",
            "marked_by",
            "marked_at",
            "history",
        )
        read_only_fields = fields

    @extend_schema_field(AttendanceChangeOut(many=True))
    def get_history(self, obj: Attendance) -> Any:
        return AttendanceChangeOut(attendance_history(attendance=obj), many=True).data


def _note_field() -> serializers.CharField:
    return serializers.CharField(
        max_length=NOTE_MAX_LENGTH,
        required=False,
        default="",
        allow_blank=True,
        help_text="Why the mark changes; kept in its history.",
    )


@extend_schema_serializer(component_name="AttendanceMark")
class AttendanceMarkIn(serializers.Serializer):
    enrollment = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    session = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    status = serializers.ChoiceField(choices=Attendance.Status.choices)
    note = _note_field()


@extend_schema_serializer(component_name="AttendanceStatus")
class AttendanceStatusIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=Attendance.Status.choices)
    note = _note_field()


@extend_schema_serializer(component_name="ImportUpload")
class ImportUploadIn(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (UTF-8, UTF-8 with BOM or GB18030) or XLSX.")
    encoding = serializers.ChoiceField(
        choices=("utf-8", "gb18030"),
        required=False,
        help_text="Read a CSV in this encoding instead of detecting it (when `readings` showed "
        "that it reads two ways).",
    )


@extend_schema_serializer(component_name="ImportError")
class ImportErrorOut(serializers.Serializer):
    row = serializers.IntegerField(help_text="Sheet row number (headers are row 1; 0: the file).")
    column = serializers.CharField()
    message = serializers.CharField()


@extend_schema_serializer(component_name="ImportRow")
class ImportRowOut(serializers.Serializer):
    row = serializers.IntegerField()
    employee_number = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField()
    action = serializers.ChoiceField(choices=("created", "updated", "unchanged"))
    changes = serializers.ListField(child=serializers.CharField())
    cohort = serializers.CharField()
    enrolment = serializers.CharField()


@extend_schema_serializer(component_name="ImportCounts")
class ImportCountsOut(serializers.Serializer):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    waitlisted = serializers.IntegerField()


@extend_schema_serializer(component_name="ImportResult")
class ImportResultOut(serializers.Serializer):
    dry_run = serializers.BooleanField()
    written = serializers.BooleanField()
    format = serializers.CharField()
    encoding = serializers.CharField()
    counts = ImportCountsOut()
    errors = ImportErrorOut(many=True)  # type: ignore[assignment]
    warnings = serializers.ListField(child=serializers.CharField())
    readings = serializers.DictField(
        child=serializers.CharField(),
        help_text="When a CSV reads as both UTF-8 and GB18030 differently: each encoding and "
        "the first line that differs, as read in it.",
    )
    rows = ImportRowOut(many=True)
