"""Admin of the catalogue and the competency model: frameworks, courses, modules, venues."""

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from courses.access import cohorts_trained_by, is_hr, may_manage_cohort
from courses.admin.common import FrozenChoicesMixin, limit_choices, save_through_services
from courses.models import (
    Activity,
    Course,
    Dimension,
    Framework,
    Item,
    Module,
    Room,
    Venue,
)
from courses.services.catalogue import (
    course_create,
    course_update,
    framework_create,
    framework_update,
)
from kamtraining.admin_access import (
    ScopedAdmin,
    ServiceErrorsAsMessages,
    scoped_filter,
)


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
        save_through_services(
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
            limit_choices(formset, "dimension", dimensions)
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
        save_through_services(
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
