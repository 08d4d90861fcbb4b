"""Admin of certificates: a back office that reads, for superusers; decisions are made on the
cohort's completion page, where the rule and the history are kept."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from certificates.models import Certificate, CompletionDecision, CompletionRule
from kamtraining.admin_access import ScopedAdmin


class ReadOnlyAdmin(ScopedAdmin):
    actions = None

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CompletionRule)
class CompletionRuleAdmin(ReadOnlyAdmin):
    cohort_path = "cohort"
    list_display = (
        "cohort",
        "requires_attendance",
        "requires_self_assessment",
        "requires_practice",
    )


@admin.register(CompletionDecision)
class CompletionDecisionAdmin(ReadOnlyAdmin):
    cohort_path = "enrollment__cohort"
    list_display = ("enrollment", "outcome", "by", "at")
    list_filter = ("outcome",)
    list_select_related = ("enrollment__participant", "enrollment__cohort", "by")


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    cohort_path = "enrollment__cohort"
    list_display = ("uuid", "enrollment", "issued_at", "revoked_at")
    list_select_related = ("enrollment__participant", "enrollment__cohort")
    search_fields = ("enrollment__participant__name", "enrollment__participant__name_en")
