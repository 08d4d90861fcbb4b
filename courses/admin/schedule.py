"""Admin of the schedule: cohorts and their sessions."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import models
from django.db.models import Count, QuerySet
from django.forms import BaseInlineFormSet, ModelChoiceField, ModelForm
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from courses.access import is_superuser, may_manage_cohort
from courses.admin.common import (
    FrozenChoicesMixin,
    freeze_choices,
    limit_choices,
    local_times,
    save_through_services,
    trainer_choices,
)
from courses.admin.forms import SESSION_FIELDS, SessionAdminForm, SessionInlineFormSet
from courses.models import (
    Cohort,
    Module,
    Session,
)
from courses.selectors.scheduling import session_history
from courses.services.catalogue import (
    cohort_create,
    cohort_update,
)
from courses.services.scheduling import session_cancel, session_create, session_update
from kamtraining.admin_access import (
    ScopedAdmin,
    ServiceErrorsAsMessages,
    run_action,
    scoped_filter,
)


def _save_session(form: ModelForm, *, by: Any, cohort: Cohort) -> Session:
    """Create or change a session through the scheduling services (clash check, sequence)."""
    values = {name: form.cleaned_data[name] for name in SESSION_FIELDS if name in form.cleaned_data}
    values["trainers"] = list(values.get("trainers") or ())
    status = values.pop("status", None) or Session.Status.SCHEDULED
    if form.instance.pk is None:
        session = session_create(cohort=cohort, by=by, **values)
        if status == Session.Status.CANCELLED:
            session = session_cancel(session=session, by=by)
        return session
    return session_update(session=form.instance, by=by, status=status, **values)


class SessionInline(FrozenChoicesMixin, admin.TabularInline):
    model = Session
    form = SessionAdminForm
    formset = SessionInlineFormSet
    fields = (
        "title",
        "module",
        "starts_at",
        "ends_at",
        "local_times_shown",
        "time_zone",
        "room",
        "trainers",
        "status",
        "allow_conflict",
        "conflict_note",
    )
    readonly_fields = ("local_times_shown",)
    extra = 0
    can_delete = False  # sessions are cancelled, not deleted: calendars must learn of it
    show_change_link = True
    # One row per session: compact widgets, the full form is one click away.
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 20})},
        models.TextField: {"widget": forms.TextInput(attrs={"size": 20})},
    }

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(field.widget, RelatedFieldWidgetWrapper):
            field.widget.can_add_related = field.widget.can_change_related = False
            field.widget.can_delete_related = field.widget.can_view_related = False
        return field

    def get_queryset(self, request: HttpRequest) -> QuerySet[Session]:
        return (
            super()
            .get_queryset(request)
            .select_related("cohort", "module", "room__venue")
            .prefetch_related("trainers")
        )

    def get_formset(
        self, request: HttpRequest, obj: Cohort | None = None, **kwargs: Any
    ) -> type[BaseInlineFormSet]:
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            # A session teaches a module of its own cohort's course.
            limit_choices(formset, "module", Module.objects.filter(course=obj.course_id))
        return formset

    @admin.display(description=_("local time"))
    def local_times_shown(self, session: Session) -> str:
        return local_times(session) if session.pk else "—"


COHORT_FIELDS = (
    "course",
    "code",
    "name",
    "status",
    "starts_on",
    "ends_on",
    "time_zone",
    "venue",
    "capacity",
    "trainers",
    "enrolment_opens_at",
    "enrolment_closes_at",
    "completion_threshold",
)


@admin.register(Cohort)
class CohortAdmin(ServiceErrorsAsMessages, ScopedAdmin):
    cohort_path = ""
    change_rule = manage_rule = add_rule = may_manage_cohort
    list_display = (
        "code",
        "name",
        "course",
        "starts_on",
        "ends_on",
        "time_zone",
        "venue",
        "capacity",
        "session_count",
        "status",
    )
    list_filter = ("status", scoped_filter("course"), "time_zone")
    list_select_related = ("course", "venue")
    search_fields = ("code", "name", "course__code", "course__title", "course__title_en")
    date_hierarchy = "starts_on"
    ordering = ("-starts_on", "code")
    filter_horizontal = ("trainers",)
    fieldsets = (
        (None, {"fields": ("course", "code", "name", "status")}),
        (
            _("When and where"),
            {"fields": ("starts_on", "ends_on", "time_zone", "venue", "capacity", "trainers")},
        ),
        (
            _("Enrolment"),
            {"fields": ("enrolment_opens_at", "enrolment_closes_at", "completion_threshold")},
        ),
    )
    inlines = (SessionInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Cohort]:
        return super().get_queryset(request).annotate(session_count=Count("sessions"))

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "trainers":
            kwargs.setdefault("queryset", trainer_choices())
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("sessions"), ordering="session_count")
    def session_count(self, cohort: Cohort) -> int:
        return cohort.session_count  # type: ignore[attr-defined]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A cohort takes the record of its trainer changes with it: a superuser's call only.
        return bool(is_superuser(request.user)) and super().has_delete_permission(request, obj)

    def view_on_site(self, obj: Cohort) -> str:
        return obj.get_absolute_url()

    def save_model(self, request: HttpRequest, obj: Cohort, form: Any, change: bool) -> None:
        # Through the services, so the trainers' rules and records are the API's.
        save_through_services(
            request,
            obj,
            form,
            change,
            create=cohort_create,
            update=cohort_update,
            noun="cohort",
            fields=COHORT_FIELDS,
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The trainers were saved with the cohort; only the inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Session:
            super().save_formset(request, form, formset, change)
            return
        # Through the services, so the clash check, the override record and the calendar
        # sequence are the same as everywhere else; the admin's history reads these lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for session_form in formset.forms:
            if not session_form.has_changed():
                continue
            is_new = session_form.instance.pk is None
            session = _save_session(session_form, by=request.user, cohort=form.instance)
            if is_new:
                formset.new_objects.append(session)
            else:
                formset.changed_objects.append((session, session_form.changed_data))


@admin.register(Session)
class SessionAdmin(FrozenChoicesMixin, ScopedAdmin):
    cohort_path = "cohort"
    change_rule = manage_rule = add_rule = may_manage_cohort
    form = SessionAdminForm
    list_display = (
        "title",
        "cohort",
        "local_times_shown",
        "module",
        "room",
        "status",
        "sequence",
        "allow_conflict",
    )
    list_filter = ("status", "allow_conflict", scoped_filter("cohort"))
    list_select_related = ("cohort", "module", "room__venue")  # the zone rule reads them
    search_fields = ("title", "title_en", "cohort__code", "cohort__name")
    date_hierarchy = "starts_at"
    ordering = ("starts_at",)
    autocomplete_fields = ("cohort",)
    filter_horizontal = ("trainers",)
    readonly_fields = (
        "local_times_shown",
        "sequence",
        "conflict_allowed_by",
        "conflict_allowed_at",
        "created_at",
        "updated_at",
        "changes_shown",
    )
    fieldsets = (
        (None, {"fields": ("cohort", "module", "title", "title_en", "status")}),
        (
            _("When and where"),
            {
                "fields": (
                    "starts_at",
                    "ends_at",
                    "local_times_shown",
                    "time_zone",
                    "room",
                    "online_url",
                    "trainers",
                )
            },
        ),
        (
            _("Double booking"),
            {
                "fields": (
                    "allow_conflict",
                    "conflict_note",
                    "conflict_allowed_by",
                    "conflict_allowed_at",
                )
            },
        ),
        (_("History"), {"fields": ("sequence", "created_at", "updated_at", "changes_shown")}),
    )
    actions = ("cancel_sessions",)

    def get_form(
        self, request: HttpRequest, obj: Session | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        module_field = form.base_fields.get("module")
        if obj is not None and isinstance(module_field, ModelChoiceField):
            # A session teaches a module of its own cohort's course.
            module_field.queryset = Module.objects.filter(course=obj.cohort.course_id)
            freeze_choices(module_field)
        return form

    def has_delete_permission(self, request: HttpRequest, obj: Session | None = None) -> bool:
        return False  # cancel instead, so calendars and attendance keep their history

    @admin.display(description=_("changes"))
    def changes_shown(self, session: Session) -> str:
        """The session's history, newest first, as HR's session page shows it (one query)."""
        if not session.pk:
            return "—"
        entries = session_history(session=session)
        if not entries:
            return str(_("No changes recorded yet."))
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{} · {} · {}{}</li>",
                (
                    (
                        date_format(localtime(entry.at), "SHORT_DATETIME_FORMAT"),
                        entry.by,
                        entry.what,
                        f" — {entry.note}" if entry.note else "",
                    )
                    for entry in entries
                ),
            ),
        )

    @admin.display(description=_("local time"), ordering="starts_at")
    def local_times_shown(self, session: Session) -> str:
        return local_times(session) if session.pk else "—"

    def save_model(self, request: HttpRequest, obj: Session, form: Any, change: bool) -> None:
        session = _save_session(form, by=request.user, cohort=form.cleaned_data["cohort"])
        obj.pk = session.pk
        obj.refresh_from_db()

    @admin.action(description=_("Cancel the selected sessions"), permissions=("manage",))
    def cancel_sessions(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        cancelled = run_action(
            self,
            request,
            queryset.filter(status=Session.Status.SCHEDULED).select_related("cohort"),
            permission="manage",
            step=lambda session: session_cancel(session=session, by=request.user),
            done=lambda n: (
                ngettext("%(count)d session cancelled.", "%(count)d sessions cancelled.", n)
                % {"count": n}
            ),
        )
        if not cancelled:
            self.message_user(request, _("No scheduled session was cancelled."), messages.WARNING)
