"""Admin: users; participants (with the import page), enrolments and attendance.

Status changes go through the services, so the admin writes the same history, promotes the
waitlist and sends the same emails as the pages and the API.
"""

import copy
import secrets
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, ReadOnlyPasswordHashWidget
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kamtraining.admin_access import (
    ScopedAdmin,
    ScopedInline,
    ServiceErrorsAsMessages,
    run_action,
    scoped_filter,
)
from participants.access import (
    acting_user,
    is_superuser,
    may_manage_enrollment,
    may_manage_people,
    may_mark_attendance,
)
from participants.models import Attendance, Enrollment, EnrollmentStatusChange, Participant, User
from participants.services.attendance import attendance_check, attendance_mark
from participants.services.enrollment import (
    enrollment_cancel,
    enrollment_complete,
    enrollment_confirm,
    enrollment_create,
    enrollment_mark_no_show,
)
from participants.services.importing import Table, participants_import
from participants.services.people import EDITABLE as PROFILE_FIELDS
from participants.services.people import (
    participant_create,
    participant_delete,
    participant_update,
)

# What widens a user's rights: only a superuser changes these.
RIGHTS_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


class PasswordSummaryWidget(ReadOnlyPasswordHashWidget):
    """The password's summary without the link to set it: for those who may not."""

    template_name = "admin/participants/user/password_hash.html"


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "language", "time_zone")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and not is_superuser(request.user):
            # Rights over rights stay with superusers: HR cannot widen anyone's, its own included.
            return (*readonly, *RIGHTS_FIELDS)
        return readonly

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        password = form.base_fields.get("password")
        if password is not None and not self._may_set_password(request, obj):
            # A copy: the declared field is shared by every form class made from the form.
            password = copy.copy(password)
            password.widget = PasswordSummaryWidget()
            form.base_fields["password"] = password
        return form

    def _may_set_password(self, request: HttpRequest, obj: Any) -> bool:
        return bool(is_superuser(request.user)) or (obj is not None and obj.pk == request.user.pk)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not is_superuser(request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not is_superuser(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        # Setting another's password is logging in as them: a superuser's power only.
        if not is_superuser(request.user) and str(request.user.pk) != unquote(id):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


IMPORT_CACHE_PREFIX = "participant-import:"
# Between the preview and the confirm only the checked rows are kept (bounded by the reader's
# row and cell limits), never the uploaded file.
IMPORT_KEEP_SECONDS = 1800
IMPORT_MAX_BYTES = 20 * 1024 * 1024
PREVIEW_ROWS = 200


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns in English or Chinese: employee_number/工号, name/姓名, email/邮箱 "
            "(required), name_en/英文名, position/职位, is_incumbent/正职, region/区域, "
            "country/国家, org_unit/系统部, manager/经理, time_zone/时区, language/语言, "
            "cohort/期班. CSV in UTF-8 or GB18030."
        ),
    )
    encoding = forms.ChoiceField(
        label=_("Encoding of a CSV file"),
        choices=(
            ("", _("Detect")),
            ("utf-8", "UTF-8"),
            ("gb18030", _("GB18030 (Excel on Chinese Windows)")),
        ),
        required=False,
        help_text=_("Choose one when the preview says the file reads two ways."),
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if file.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("The file is larger than 20 MiB."))
        return file


def _stash(*, request: HttpRequest, table: Table, name: str) -> str:
    """Keep the checked rows server-side for the confirm step; return the key to them."""
    token = secrets.token_urlsafe(24)
    cache.set(
        IMPORT_CACHE_PREFIX + token,
        {"user": request.user.pk, "table": table, "name": name},
        IMPORT_KEEP_SECONDS,
    )
    return token


def _unstash(*, request: HttpRequest, token: str) -> dict[str, Any] | None:
    stored = cache.get(IMPORT_CACHE_PREFIX + token) if token else None
    if not stored or stored.get("user") != request.user.pk or "table" not in stored:
        return None
    return stored


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
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="participants_participant_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload → preview (a dry run, errors by row and column) → confirm, all or nothing."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import participants"),
            "preview_rows": PREVIEW_ROWS,
        }
        form = ImportUploadForm()
        if request.method == "POST" and request.POST.get("confirm"):
            stored = _unstash(request=request, token=request.POST.get("token", ""))
            if stored is None:
                messages.error(
                    request, _("The uploaded file has expired; upload it again, please.")
                )
                return HttpResponseRedirect(reverse("admin:participants_participant_import"))
            result = participants_import(table=stored["table"], by=acting_user(request.user))
            if result.ok:
                cache.delete(IMPORT_CACHE_PREFIX + request.POST["token"])
                counts = result.counts
                messages.success(
                    request,
                    _(
                        "Imported %(rows)s rows from %(name)s: %(created)s created, "
                        "%(updated)s updated, %(unchanged)s unchanged; %(confirmed)s enrolled, "
                        "%(waitlisted)s waitlisted."
                    )
                    % {**counts, "name": stored["name"]},
                )
                return HttpResponseRedirect(reverse("admin:participants_participant_changelist"))
            # Data changed since the preview (someone took the email, say): show why.
            context.update(result=result, file_name=stored["name"])
        elif request.method == "POST":
            form = ImportUploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                result = participants_import(
                    data=upload.read(),
                    by=acting_user(request.user),
                    dry_run=True,
                    encoding=form.cleaned_data["encoding"],
                )
                context.update(result=result, file_name=upload.name)
                if result.ok and result.table is not None:
                    context["token"] = _stash(request=request, table=result.table, name=upload.name)
                form = ImportUploadForm(
                    initial={"encoding": form.cleaned_data["encoding"]}
                    if not result.readings
                    else {"encoding": "gb18030" if result.encoding == "utf-8" else "utf-8"}
                )
        context["form"] = form
        return TemplateResponse(request, "admin/participants/participant/import.html", context)


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
