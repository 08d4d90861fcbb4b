"""Admin of participants; its import addresses lead to HR's import page."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from kamtraining.admin_access import (
    ScopedAdmin,
    ScopedInline,
    ServiceErrorsAsMessages,
)
from participants.access import (
    acting_user,
    may_manage_people,
)
from participants.models import Enrollment, Participant
from participants.services.people import EDITABLE as PROFILE_FIELDS
from participants.services.people import (
    participant_create,
    participant_delete,
    participant_update,
)


class EnrollmentInline(ScopedInline, admin.TabularInline):
    model = Enrollment
    fields = ("cohort", "status", "waitlisted_at", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("enrolments")
    cohort_path = "cohort"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Enrollment]:
        return super().get_queryset(request).select_related("cohort")


@admin.register(Participant)
class ParticipantAdmin(ServiceErrorsAsMessages, ScopedAdmin):
    cohort_paths = ("enrollments__cohort",)
    change_rule = manage_rule = add_rule = may_manage_people
    change_list_template = "admin/participants/participant/change_list.html"
    list_display = (
        "employee_number",
        "name",
        "name_en",
        "email",
        "position",
        "is_incumbent",
        "region",
        "country",
        "time_zone",
        "has_account",
    )
    list_display_links = ("employee_number", "name")
    list_filter = ("position", "is_incumbent", "region", "language")
    search_fields = ("employee_number", "name", "name_en", "email", "org_unit")
    list_select_related = ("user",)
    raw_id_fields = ("user", "manager")
    readonly_fields = ("created_at", "updated_at")
    inlines = (EnrollmentInline,)
    fieldsets = (
        (None, {"fields": ("employee_number", "name", "name_en", "email", "user")}),
        (
            _("Role"),
            {"fields": ("position", "is_incumbent", "region", "country", "org_unit")},
        ),
        (_("Manager"), {"fields": ("manager", "manager_email")}),
        (_("Preferences"), {"fields": ("time_zone", "language")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    def save_model(self, request: HttpRequest, obj: Participant, form: Any, change: bool) -> None:
        # Through the services: the same checks (a manager cycle, say) as the pages and the API.
        names = [n for n in PROFILE_FIELDS if n in form.cleaned_data]
        if change:
            values = {n: form.cleaned_data[n] for n in names if n in form.changed_data}
            saved = participant_update(participant=obj, by=acting_user(request.user), **values)
        else:
            values = {n: form.cleaned_data[n] for n in names}
            saved = participant_create(by=acting_user(request.user), **values)
        if "user" in form.changed_data:
            # The account link has no service of its own (the import links by email); the
            # profile services above have checked that the user may manage people.
            saved.user = form.cleaned_data["user"]
            saved.full_clean()
            saved.save(update_fields=["user", "updated_at"])
        obj.pk = saved.pk
        obj.refresh_from_db()

    def delete_model(self, request: HttpRequest, obj: Participant) -> None:
        participant_delete(participant=obj, by=acting_user(request.user))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Participant]) -> None:
        for participant in queryset:
            participant_delete(participant=participant, by=acting_user(request.user))

    @admin.display(boolean=True, description=_("account"))
    def has_account(self, obj: Participant) -> bool:
        return obj.user_id is not None

    def get_urls(self) -> list[URLPattern]:
        # The import is HR's own page now; the admin's addresses lead there (old links, the
        # names reversed elsewhere).
        return [
            path(
                "import/",
                self.import_view,
                name="participants_participant_import",
            ),
            path(
                "import/<int:run_pk>/",
                self.import_run_view,
                name="participants_participant_import_run",
            ),
            path(
                "import/<int:run_pk>/status/",
                self.import_run_status_view,
                name="participants_participant_import_run_status",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        return HttpResponseRedirect(reverse("participants:participant-import"))

    def import_run_view(self, request: HttpRequest, run_pk: int) -> HttpResponse:
        return HttpResponseRedirect(reverse("participants:import-run", args=[run_pk]))

    def import_run_status_view(self, request: HttpRequest, run_pk: int) -> HttpResponse:
        return HttpResponseRedirect(reverse("participants:import-run-status", args=[run_pk]))
