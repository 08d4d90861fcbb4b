"""Admin of the catalogue, the competency model and the schedule, for HR and trainers."""

import zoneinfo
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.forms import BaseInlineFormSet, Field, ModelChoiceField, ModelForm
from django.http import HttpRequest
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from courses.access import cohorts_trained_by, is_hr, is_superuser, may_manage_cohort
from courses.forms import SESSION_FIELDS, SessionAdminForm, SessionInlineFormSet
from courses.models import (
    Activity,
    Cohort,
    Course,
    Dimension,
    Framework,
    Item,
    Module,
    Room,
    Session,
    Venue,
)
from courses.services.catalogue import (
    cohort_create,
    cohort_update,
    course_create,
    course_update,
    framework_create,
    framework_update,
)
from courses.services.scheduling import session_cancel, session_create, session_update
from kamtraining.admin_access import (
    ScopedAdmin,
    ServiceErrorsAsMessages,
    run_action,
    scoped_filter,
)

# The role group that participants' data migration creates (courses cannot import participants).
TRAINERS_GROUP = "Trainers"


def _freeze_choices(field: Field | None) -> Field | None:
    """Evaluate a choice field's queryset once, so every row of a formset reuses it."""
    if isinstance(field, ModelChoiceField):
        # A copied field (one per row) keeps these choices instead of querying again.
        field.choices = list(field.iterator(field))
    return field


def _trainer_choices() -> QuerySet[Any]:
    return get_user_model().objects.filter(groups__name=TRAINERS_GROUP).order_by("full_name")


class FrozenChoicesMixin:
    """Relation fields whose choices are read once per page, not once per inline row."""

    frozen_choice_fields = ("dimension", "module", "room", "trainers")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "room":
            kwargs.setdefault("queryset", Room.objects.select_related("venue"))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        return _freeze_choices(field) if db_field.name in self.frozen_choice_fields else field

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "trainers":
            kwargs.setdefault("queryset", _trainer_choices())
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        return _freeze_choices(field) if db_field.name in self.frozen_choice_fields else field


def _limit_choices(formset: type[BaseInlineFormSet], name: str, queryset: QuerySet[Any]) -> None:
    """Narrow one relation field of an inline's rows (per request) and read it once."""
    field = formset.form.base_fields.get(name)
    if isinstance(field, ModelChoiceField):
        field.queryset = queryset
        _freeze_choices(field)


def _save_through_services(
    request: HttpRequest,
    obj: Any,
    form: Any,
    change: bool,
    *,
    create: Any,
    update: Any,
    noun: str,
    fields: tuple[str, ...],
) -> None:
    """Create or change the form's row through its services (their checks and records)."""
    values = {name: form.cleaned_data[name] for name in fields if name in form.cleaned_data}
    if change:
        changed = {name: value for name, value in values.items() if name in form.changed_data}
        saved = update(**{noun: obj}, by=request.user, **changed)
    else:
        saved = create(by=request.user, **values)
    obj.pk = saved.pk
    obj.refresh_from_db()


def local_times(session: Session) -> str:
    """The session's start and end in its cohort's time zone, e.g. `2026-03-02 09:00–12:00`."""
    if session.starts_at is None or session.ends_at is None:
        return "—"
    zone = zoneinfo.ZoneInfo(session.cohort.time_zone)
    start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
    end_format = "H:i" if end.date() == start.date() else "Y-m-d H:i"
    return (
        f"{formats.date_format(start, 'Y-m-d H:i')}–{formats.date_format(end, end_format)} "
        f"({session.cohort.time_zone})"
    )


# Competency model ---------------------------------------------------------------------------


class DimensionInline(admin.TabularInline):
    model = Dimension
    fields = ("order", "code", "name", "name_en")
    extra = 0
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(ServiceErrorsAsMessages, ScopedAdmin):
    change_rule = add_rule = may_manage_cohort
    list_display = ("code", "name", "name_en", "dimension_count")
    search_fields = ("code", "name", "name_en")
    inlines = (DimensionInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Framework]:
        return super().get_queryset(request).annotate(dimension_count=Count("dimensions"))

    def save_model(self, request: HttpRequest, obj: Framework, form: Any, change: bool) -> None:
        _save_through_services(
            request,
            obj,
            form,
            change,
            create=framework_create,
            update=framework_update,
            noun="framework",
            fields=("code", "name", "name_en", "description"),
        )

    @admin.display(description=_("dimensions"), ordering="dimension_count")
    def dimension_count(self, framework: Framework) -> int:
        return framework.dimension_count  # type: ignore[attr-defined]


class ItemInline(admin.TabularInline):
    model = Item
    fields = ("order", "text", "text_en", "is_sample")
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(ScopedAdmin):
    change_rule = add_rule = may_manage_cohort
    list_display = ("code", "name", "name_en", "framework", "order", "item_count")
    list_filter = ("framework",)
    list_select_related = ("framework",)
    search_fields = ("code", "name", "name_en", "framework__code")
    ordering = ("framework__code", "order")
    inlines = (ItemInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Dimension]:
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description=_("items"), ordering="item_count")
    def item_count(self, dimension: Dimension) -> int:
        return dimension.item_count  # type: ignore[attr-defined]


# Catalogue ----------------------------------------------------------------------------------


def _courses_in_view(request: HttpRequest) -> Q | None:
    """As the API: HR every course; others the published ones and those of cohorts they train."""
    if is_hr(request.user):
        return None
    return Q(is_published=True) | Q(cohorts__in=cohorts_trained_by(request.user))


class ModuleInline(FrozenChoicesMixin, admin.TabularInline):
    model = Module
    fields = ("number", "title", "title_en", "dimension", "duration_minutes")
    extra = 0
    show_change_link = True

    def get_formset(
        self, request: HttpRequest, obj: Course | None = None, **kwargs: Any
    ) -> type[BaseInlineFormSet]:
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and obj.framework_id is not None:
            # The roles a module may develop are those of its course's framework.
            dimensions = Dimension.objects.filter(framework=obj.framework_id)
            _limit_choices(formset, "dimension", dimensions)
        return formset


COURSE_FIELDS = (
    "code",
    "title",
    "title_en",
    "framework",
    "is_published",
    "summary",
    "summary_en",
    "audience",
    "audience_en",
    "duration",
    "trainer_names",
)


@admin.register(Course)
class CourseAdmin(ServiceErrorsAsMessages, ScopedAdmin):
    change_rule = add_rule = may_manage_cohort
    list_display = ("code", "title", "title_en", "framework", "module_count", "is_published")
    list_filter = ("is_published", "framework")
    list_select_related = ("framework",)
    search_fields = ("code", "title", "title_en", "trainer_names")
    fieldsets = (
        (None, {"fields": ("code", "title", "title_en", "framework", "is_published")}),
        (
            _("Description"),
            {
                "fields": (
                    "summary",
                    "summary_en",
                    "audience",
                    "audience_en",
                    "duration",
                    "trainer_names",
                )
            },
        ),
    )
    inlines = (ModuleInline,)

    def scope(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        condition = _courses_in_view(request)
        if condition is None:
            return queryset
        return queryset.filter(pk__in=Course.objects.filter(condition).values("pk"))

    def may_reach(self, request: HttpRequest, obj: Any) -> bool:
        return self.scope(request, Course.objects.filter(pk=obj.pk)).exists()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Course]:
        return super().get_queryset(request).annotate(module_count=Count("modules"))

    def save_model(self, request: HttpRequest, obj: Course, form: Any, change: bool) -> None:
        _save_through_services(
            request,
            obj,
            form,
            change,
            create=course_create,
            update=course_update,
            noun="course",
            fields=COURSE_FIELDS,
        )

    @admin.display(description=_("modules"), ordering="module_count")
    def module_count(self, course: Course) -> int:
        return course.module_count  # type: ignore[attr-defined]

    def view_on_site(self, obj: Course) -> str:
        return obj.get_absolute_url()


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ("order", "kind", "title", "title_en")
    extra = 0


@admin.register(Module)
class ModuleAdmin(FrozenChoicesMixin, ScopedAdmin):
    change_rule = add_rule = may_manage_cohort
    list_display = ("__str__", "course", "dimension", "activity_count")
    list_filter = (scoped_filter("course"), "dimension")
    list_select_related = ("course", "dimension")
    search_fields = ("title", "title_en", "course__code", "course__title")
    ordering = ("course__code", "number")
    inlines = (ActivityInline,)

    def scope(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        condition = _courses_in_view(request)
        if condition is None:
            return queryset
        return queryset.filter(course__in=Course.objects.filter(condition).values("pk"))

    def may_reach(self, request: HttpRequest, obj: Any) -> bool:
        return self.scope(request, Module.objects.filter(pk=obj.pk)).exists()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Module]:
        return super().get_queryset(request).annotate(activity_count=Count("activities"))

    @admin.display(description=_("activities"), ordering="activity_count")
    def activity_count(self, module: Module) -> int:
        return module.activity_count  # type: ignore[attr-defined]


# Places -------------------------------------------------------------------------------------


class RoomInline(admin.TabularInline):
    model = Room
    fields = ("name", "capacity")
    extra = 0


@admin.register(Venue)
class VenueAdmin(ScopedAdmin):
    change_rule = add_rule = may_manage_cohort
    list_display = ("name", "city", "time_zone", "room_count")
    search_fields = ("name", "city", "address")
    list_filter = ("time_zone",)
    inlines = (RoomInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Venue]:
        return super().get_queryset(request).annotate(room_count=Count("rooms"))

    @admin.display(description=_("rooms"), ordering="room_count")
    def room_count(self, venue: Venue) -> int:
        return venue.room_count  # type: ignore[attr-defined]


# Schedule -----------------------------------------------------------------------------------


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
        "cohort_local_times",
        "room",
        "trainers",
        "status",
        "allow_conflict",
        "conflict_note",
    )
    readonly_fields = ("cohort_local_times",)
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
            _limit_choices(formset, "module", Module.objects.filter(course=obj.course_id))
        return formset

    @admin.display(description=_("cohort time"))
    def cohort_local_times(self, session: Session) -> str:
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
            kwargs.setdefault("queryset", _trainer_choices())
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
        _save_through_services(
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
        "cohort_local_times",
        "module",
        "room",
        "status",
        "sequence",
        "allow_conflict",
    )
    list_filter = ("status", "allow_conflict", scoped_filter("cohort"))
    list_select_related = ("cohort", "module", "room__venue")
    search_fields = ("title", "title_en", "cohort__code", "cohort__name")
    date_hierarchy = "starts_at"
    ordering = ("starts_at",)
    autocomplete_fields = ("cohort",)
    filter_horizontal = ("trainers",)
    readonly_fields = (
        "cohort_local_times",
        "sequence",
        "conflict_allowed_by",
        "conflict_allowed_at",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("cohort", "module", "title", "title_en", "status")}),
        (
            _("When and where"),
            {
                "fields": (
                    "starts_at",
                    "ends_at",
                    "cohort_local_times",
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
        (_("History"), {"fields": ("sequence", "created_at", "updated_at")}),
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
            _freeze_choices(module_field)
        return form

    def has_delete_permission(self, request: HttpRequest, obj: Session | None = None) -> bool:
        return False  # cancel instead, so calendars and attendance keep their history

    @admin.display(description=_("cohort time"), ordering="starts_at")
    def cohort_local_times(self, session: Session) -> str:
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
