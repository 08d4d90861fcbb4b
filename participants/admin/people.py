"""Admin of participants, with the import page (upload, preview, confirm)."""

import secrets
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
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
    may_view_import_run,
)
from participants.models import Enrollment, ImportRun, Participant
from participants.services.import_runs import import_run_start, import_run_summary
from participants.services.importing import Table, participants_import
from participants.services.people import EDITABLE as PROFILE_FIELDS
from participants.services.people import (
    participant_create,
    participant_delete,
    participant_update,
)

IMPORT_CACHE_PREFIX = "participant-import:"


# Between the preview and the confirm only the checked rows are kept (bounded by the reader's
# row and cell limits), never the uploaded file.
IMPORT_KEEP_SECONDS = 1800


IMPORT_MAX_BYTES = 20 * 1024 * 1024


PREVIEW_ROWS = 200


# How often an import run's page looks again, with or without a script (seconds).
IMPORT_REFRESH_SECONDS = 2


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
            path(
                "import/<int:run_pk>/",
                self.admin_site.admin_view(self.import_run_view),
                name="participants_participant_import_run",
            ),
            path(
                "import/<int:run_pk>/status/",
                self.admin_site.admin_view(self.import_run_status_view),
                name="participants_participant_import_run_status",
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
            # Run in the background (inline without a broker): the run's page shows the
            # progress, then the result; the checks run again at commit time.
            cache.delete(IMPORT_CACHE_PREFIX + request.POST["token"])
            run = import_run_start(
                table=stored["table"], file_name=stored["name"], by=acting_user(request.user)
            )
            return HttpResponseRedirect(
                reverse("admin:participants_participant_import_run", args=[run.pk])
            )
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

    def _import_run(self, request: HttpRequest, run_pk: int) -> ImportRun:
        run = ImportRun.objects.filter(pk=run_pk).first()
        if run is None or not may_view_import_run(request.user, run):
            raise Http404
        return run

    def import_run_view(self, request: HttpRequest, run_pk: int) -> HttpResponse:
        """A confirmed import's progress bar (it refreshes itself), then its result."""
        run = self._import_run(request, run_pk)
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import participants"),
            "run": run,
            "summary": import_run_summary(run) if run.status == ImportRun.Status.DONE else "",
            "refresh_seconds": IMPORT_REFRESH_SECONDS,
            "page_url": reverse("admin:participants_participant_import_run", args=[run.pk]),
            "status_url": reverse(
                "admin:participants_participant_import_run_status", args=[run.pk]
            ),
        }
        return TemplateResponse(request, "admin/participants/participant/import_run.html", context)

    def import_run_status_view(self, request: HttpRequest, run_pk: int) -> JsonResponse:
        """The run's progress as JSON, for the page's script."""
        run = self._import_run(request, run_pk)
        return JsonResponse(
            {
                "status": run.status,
                "status_display": run.get_status_display(),
                "done": run.done,
                "total": run.total,
                "percent": run.percent,
                "finished": run.is_finished,
            }
        )
