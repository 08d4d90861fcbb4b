"""Admin of practice: a back office that reads; every change goes through the product's pages.

The iron-triangle roles are data, so their names are edited here.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kamtraining.admin_access import ScopedAdmin, scoped_filter
from practice.access import may_set_assignment
from practice.models import Assignment, Observer, PhaseEntry, Practice, PracticeEvent, TriangleRole


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PhaseEntryInline(ReadOnlyInline):
    model = PhaseEntry
    fields = ("phase", "text", "completed_on", "updated_at")
    readonly_fields = fields


class ObserverInline(ReadOnlyInline):
    model = Observer
    fields = ("role", "name", "email", "status", "observation", "submitted_at")
    readonly_fields = fields


class PracticeEventInline(ReadOnlyInline):
    model = PracticeEvent
    fields = ("at", "kind", "phase", "by", "text")
    readonly_fields = fields


@admin.register(TriangleRole)
class TriangleRoleAdmin(admin.ModelAdmin):
    list_display = ("order", "code", "name", "name_en")
    list_display_links = ("code",)
    ordering = ("order", "pk")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # observers name their role: a role is renamed, never removed


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdmin):
    cohort_path = "cohort"
    change_rule = manage_rule = may_set_assignment
    list_display = ("title", "cohort", "due_on", "created_by")
    list_filter = (scoped_filter("cohort"),)
    search_fields = ("title",)
    readonly_fields = (
        "cohort",
        "title",
        "brief",
        "due_on",
        "dimension",
        "items",
        "scale_min",
        "scale_max",
        "target_level",
        "created_by",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # set on the cohort's practice page, which gives everyone theirs

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Practice)
class PracticeAdmin(ScopedAdmin):
    cohort_path = "assignment__cohort"
    # Asked with the row's cohort: HR or the cohort's trainers, as may_review_practice.
    change_rule = manage_rule = may_set_assignment
    list_display = ("assignment", "participant", "status", "returned_phase")
    list_filter = ("status", scoped_filter("assignment__cohort"))
    search_fields = ("participant__name", "participant__name_en", "assignment__title")
    list_select_related = ("assignment", "participant")
    readonly_fields = (
        "assignment",
        "participant",
        "goal",
        "items",
        "status",
        "returned_phase",
        "created_at",
        "accepted_at",
    )
    inlines = (PhaseEntryInline, ObserverInline, PracticeEventInline)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
