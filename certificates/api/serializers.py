"""What the certificates API reads and writes."""

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

MAX_ID = 2**63 - 1


# The rule reads and writes the same fields; both keep the schema's component name "Rule".
@extend_schema_serializer(component_name="Rule")
class RuleOut(serializers.Serializer):
    requires_attendance = serializers.BooleanField()
    requires_self_assessment = serializers.BooleanField()
    requires_practice = serializers.BooleanField()


@extend_schema_serializer(component_name="Rule")
class RuleIn(RuleOut):
    pass


class ChecklistOut(serializers.Serializer):
    enrollment = serializers.IntegerField(source="enrollment.pk")
    participant = serializers.IntegerField(source="enrollment.participant_id")
    name = serializers.CharField(source="enrollment.participant.name")
    name_en = serializers.CharField(source="enrollment.participant.name_en")
    cohort = serializers.IntegerField(source="enrollment.cohort_id")
    status = serializers.CharField(source="enrollment.status")
    requires_attendance = serializers.BooleanField(source="rule.requires_attendance")
    requires_self_assessment = serializers.BooleanField(source="rule.requires_self_assessment")
    requires_practice = serializers.BooleanField(source="rule.requires_practice")
    attendance_rate = serializers.FloatField(allow_null=True)
    threshold = serializers.IntegerField()
    attendance_ok = serializers.BooleanField()
    self_assessment_done = serializers.BooleanField()
    practices_total = serializers.IntegerField()
    practices_accepted = serializers.IntegerField()
    practice_ok = serializers.BooleanField()
    meets_rule = serializers.BooleanField()
    decision = serializers.SerializerMethodField()
    certificate = serializers.SerializerMethodField()

    def get_decision(self, obj: Any) -> dict[str, Any] | None:
        d = obj.decision
        if d is None:
            return None
        return {"outcome": d.outcome, "note": d.note, "by": d.by_id, "at": d.at.isoformat()}

    def get_certificate(self, obj: Any) -> int | None:
        return obj.certificate.pk if obj.certificate is not None else None


class CertificateOut(serializers.Serializer):
    id = serializers.IntegerField()
    uuid = serializers.UUIDField()
    enrollment = serializers.IntegerField(source="enrollment_id")
    name = serializers.CharField(source="enrollment.participant.name")
    name_en = serializers.CharField(source="enrollment.participant.name_en")
    course = serializers.CharField(source="enrollment.cohort.course.title")
    cohort = serializers.IntegerField(source="enrollment.cohort_id")
    issued_at = serializers.DateTimeField()
    revoked = serializers.BooleanField(source="is_revoked")
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoked_by = serializers.IntegerField(source="revoked_by_id", allow_null=True)
    revoked_reason = serializers.CharField()
    pdf = serializers.SerializerMethodField()
    verify = serializers.SerializerMethodField()

    def get_pdf(self, obj: Any) -> str:
        return reverse("certificates:certificate-pdf", args=[obj.pk])

    def get_verify(self, obj: Any) -> str:
        return reverse("certificates:verify", args=[obj.uuid])


class StatusOut(serializers.Serializer):
    id = serializers.CharField()
    status = serializers.ChoiceField(choices=("valid", "revoked"))
    revoked_at = serializers.DateTimeField(allow_null=True)


class CredentialOut(serializers.Serializer):
    jwt = serializers.CharField()
    credential = serializers.JSONField()


class BulkIn(serializers.Serializer):
    enrollments = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=10000,
    )


class BulkOut(serializers.Serializer):
    completed = serializers.ListField(child=serializers.IntegerField())
    skipped = serializers.ListField(child=serializers.IntegerField())


class CompleteIn(serializers.Serializer):
    exception = serializers.BooleanField(default=False)
    note = serializers.CharField(max_length=2000, allow_blank=True, default="")


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class DecisionOut(serializers.Serializer):
    id = serializers.IntegerField()
    enrollment = serializers.IntegerField(source="enrollment_id")
    outcome = serializers.CharField()
    note = serializers.CharField()
    by = serializers.IntegerField(source="by_id")
    at = serializers.DateTimeField()
