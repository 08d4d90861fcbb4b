"""Admin of enrolments and attendance: status changes go through the services."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kamtraining.admin_access import (
    ScopedAdmin,
    run_action,
    scoped_filter,
)
from participants.access import (
    acting_user,
    is_superuser,
    may_manage_enrollment,
    may_mark_attendance,
)
from participants.models import Attendance, Enrollment, EnrollmentStatusChange
from participants.services.attendance import attendance_check, attendance_mark
from participants.services.enrollment import (
    enrollment_cancel,
    enrollment_complete,
    enrollment_confirm,
    enrollment_create,
    enrollment_mark_no_show,
)


class StatusChangeInline(admin.TabularInline):
    """The enrolment's history: read-only, append-only."""

    model = EnrollmentStatusChange
    fields = ("at", "from_status", "to_status", "by", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("at", "pk")
    verbose_name_plural = _("status history")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[EnrollmentStatusChange]:
        return super().get_queryset(request).select_related("by")


class EnrollmentAddForm(forms.ModelForm):
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)

    class Meta:
        model = Enrollment
        fields = ("participant", "cohort")

    def _post_clean(self) -> None:
        pass  # the service decides (re-enrolling after a cancellation reuses the row)


def _run_on_each(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Enrollment],
    service: Any,
    done: str,
) -> None:
    run_action(
        modeladmin,
        request,
        queryset.select_related("participant", "cohort"),
        permission="manage",
        step=lambda enrollment: service(
            enrollment=enrollment, by=request.user, reason=_("From the admin.")
        ),
        done=lambda n: (
            ngettext("%(count)d enrolment %(done)s.", "%(count)d enrolments %(done)s.", n)
            % {"count": n, "done": done}
        ),
    )


@admin.register(Enrollment)
class EnrollmentAdmin(ScopedAdmin):
    cohort_path = "cohort"
    change_rule = manage_rule = add_rule = may_manage_enrollment
    list_display = ("participant", "cohort", "status", "waitlisted_at", "created_at")
    list_filter = ("status", scoped_filter("cohort"))
    search_fields = (
        "participant__name",
        "participant__name_en",
        "participant__email",
        "participant__employee_number",
        "cohort__code",
    )
    list_select_related = ("participant", "cohort")
    raw_id_fields = ("participant",)
    inlines = (StatusChangeInline,)
    actions = ("confirm_selected", "cancel_selected", "complete_selected", "no_show_selected")
    ordering = ("cohort", "created_at", "pk")

    def get_form(
        self, request: HttpRequest, obj: Any | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = EnrollmentAddForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("participant", "cohort", "reason")
        return ("participant", "cohort", "status", "waitlisted_at", "created_at", "updated_at")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        # Statuses change only through the actions (services): history, waitlist, emails.
        return ("participant", "cohort", "status", "waitlisted_at", "created_at", "updated_at")

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        return self.inlines if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Enrollment, form: Any, change: bool) -> None:
        if change:
            return  # nothing on an enrolment is edited in place
        enrollment = enrollment_create(
            participant=form.cleaned_data["participant"],
            cohort=form.cleaned_data["cohort"],
            by=acting_user(request.user),
            reason=form.cleaned_data.get("reason", ""),
        )
        obj.pk = enrollment.pk
        obj.participant = enrollment.participant
        obj.cohort = enrollment.cohort
        obj.status = enrollment.status

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        return  # the history inline is read-only

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # cancel instead: the history is kept

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    @admin.action(description=_("Confirm (if a place is free)"), permissions=("manage",))
    def confirm_selected(self, request: HttpRequest, queryset: QuerySet[Enrollment]) -> None:
        _run_on_each(self, request, queryset, enrollment_confirm, str(_("confirmed")))

    @admin.action(description=_("Cancel (the waitlist moves up)"), permissions=("manage",))
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[Enrollment]) -> None:
        _run_on_each(self, request, queryset, enrollment_cancel, str(_("cancelled")))

    @admin.action(
        description=_("Mark completed (attendance at the threshold)"), permissions=("manage",)
    )
    def complete_selected(self, request: HttpRequest, queryset: QuerySet[Enrollment]) -> None:
        _run_on_each(self, request, queryset, enrollment_complete, str(_("completed")))

    @admin.action(description=_("Mark as no-show"), permissions=("manage",))
    def no_show_selected(self, request: HttpRequest, queryset: QuerySet[Enrollment]) -> None:
        _run_on_each(self, request, queryset, enrollment_mark_no_show, str(_("marked no-show")))


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ("enrollment", "session", "status")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(k) for k in ("enrollment", "session", "status")):
            attendance_check(
                enrollment=data["enrollment"], session=data["session"], status=data["status"]
            )
        return data

    def validate_unique(self) -> None:
        pass  # a second mark for the same enrolment and session changes the first


@admin.register(Attendance)
class AttendanceAdmin(ScopedAdmin):
    cohort_path = "session__cohort"
    change_rule = may_mark_attendance
    form = AttendanceForm
    list_display = ("participant", "session", "cohort", "status", "marked_by", "marked_at")
    list_filter = ("status", scoped_filter("session__cohort"))
    search_fields = ("enrollment__participant__name", "enrollment__participant__email")
    list_select_related = ("enrollment__participant", "session__cohort", "marked_by")
    raw_id_fields = ("enrollment", "session")
    fields = ("enrollment", "session", "status", "marked_by", "marked_at")
    readonly_fields = ("marked_by", "marked_at")
    date_hierarchy = "marked_at"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A mark is changed, not erased: its history must keep meaning something.
        return bool(is_superuser(request.user))

    @admin.display(description=_("participant"), ordering="enrollment__participant__name")
    def participant(self, obj: Attendance) -> str:
        return str(obj.enrollment.participant)

    @admin.display(description=_("cohort"), ordering="session__cohort")
    def cohort(self, obj: Attendance) -> str:
        return str(obj.session.cohort)

    def save_model(self, request: HttpRequest, obj: Attendance, form: Any, change: bool) -> None:
        saved = attendance_mark(
            enrollment=obj.enrollment,
            session=obj.session,
            status=obj.status,
            by=acting_user(request.user),
        )
        obj.pk = saved.pk
        obj.marked_by = saved.marked_by
        obj.marked_at = saved.marked_at or timezone.now()
