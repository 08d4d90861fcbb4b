"""The admin obeys the same rules as the API: scoped querysets, object checks, guarded actions.

HR sees every row; a trainer sees the rows of the cohorts they train; anyone else nothing (the
staff flag only opens the door of the admin site). Each admin says how a row reaches its cohort
(`cohort_path`); the model permissions of the role groups still decide which pages exist at all.

An action declares `permissions=("<name>",)`; the admin answers `has_<name>_permission(request)`
for the action list and `has_<name>_permission(request, obj)` for each selected row, so an action
on a mixed selection does what it may and names what it refused.
"""

from collections.abc import Callable, Iterable
from typing import Any

import rules
from django.contrib import admin, messages
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import ngettext

from courses.access import cohorts_trained_by, is_hr, may_view_cohort_private


def _follow(obj: Any, path: str) -> Any:
    for name in path.split("__") if path else ():
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


class CohortScope:
    """Scoping shared by model admins and inlines: rows reach a cohort through `cohort_path`.

    `cohort_path` is the lookup from the row to its cohort ("" for a cohort itself); `None`
    means the rows belong to no cohort (the catalogue): every staff user with the model
    permission sees them, as every signed-in user reads them through the API.
    """

    cohort_path: str | None = None
    # Rows reached through several cohorts at once (a participant through their enrolments).
    cohort_paths: tuple[str, ...] = ()

    def _paths(self) -> tuple[str, ...]:
        if self.cohort_paths:
            return self.cohort_paths
        return () if self.cohort_path is None else (self.cohort_path,)

    def scope(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The rows of the queryset the user may see at all."""
        paths = self._paths()
        user = request.user
        if not paths or is_hr(user):
            return queryset
        if not user.is_authenticated:
            return queryset.none()
        cohorts = cohorts_trained_by(user).values("pk")
        condition = Q()
        for path in paths:
            lookup = f"{path}__in" if path else "pk__in"
            condition |= Q(**{lookup: cohorts})
        if paths in (("",), ("cohort",)):
            return queryset.filter(condition)
        # A path through a to-many relation would repeat rows: filter by pk instead.
        return queryset.filter(
            pk__in=queryset.model._default_manager.filter(condition).values("pk")
        )

    def cohorts_of(self, obj: Any) -> list[Any]:
        cohorts: list[Any] = []
        for path in self._paths():
            if "__" in path and path.split("__")[0] == "enrollments":
                cohorts.extend(e.cohort for e in obj.enrollments.select_related("cohort"))
            else:
                cohort = _follow(obj, path)
                if cohort is not None:
                    cohorts.append(cohort)
        return cohorts

    def may_reach(self, request: HttpRequest, obj: Any) -> bool:
        """The user may see this row: HR, or a trainer of (one of) its cohort(s)."""
        user = request.user
        if not self._paths() or is_hr(user):
            return True
        return any(may_view_cohort_private(user, cohort) for cohort in self.cohorts_of(obj))

    def rule_object(self, obj: Any) -> Any:
        """What the admin's rules are asked about for this row: its cohort by default."""
        cohorts = self.cohorts_of(obj) if obj is not None else []
        return cohorts[0] if cohorts else None


class ScopedAdmin(CohortScope, admin.ModelAdmin):
    """A model admin whose rows, forms, lookups and actions are scoped like the API's.

    `change_rule` decides changing and deleting a row the user can see, `manage_rule` the
    actions declared with `permissions=("manage",)`, `add_rule` the add form; they are asked
    `(user, rule_object(row))`, and `(user, None)` where there is no row yet.
    """

    change_rule: rules.Predicate | None = None
    manage_rule: rules.Predicate = is_hr
    # Asked `(user, None)` besides the model permission before the add form opens.
    add_rule: rules.Predicate | None = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scope(request, super().get_queryset(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self.may_reach(request, obj))

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        allowed = super().has_add_permission(request, *args)
        return allowed and (self.add_rule is None or bool(self.add_rule.test(request.user, None)))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.may_change(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.may_change(request, obj))

    def may_change(self, request: HttpRequest, obj: Any) -> bool:
        if not self.may_reach(request, obj):
            return False
        rule = self.change_rule
        return rule is None or bool(rule.test(request.user, self.rule_object(obj)))

    def has_manage_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """The actions that change state (the API leaves most of them to HR)."""
        if obj is not None and not self.may_reach(request, obj):
            return False
        return bool(self.manage_rule.test(request.user, self.rule_object(obj)))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "queryset" not in kwargs:
            scoped = scoped_choices(self.admin_site, db_field.remote_field.model, request)
            if scoped is not None:
                kwargs["queryset"] = scoped
                if db_field.name in self.raw_id_fields and "widget" not in kwargs:
                    kwargs["widget"] = ScopedRawIdWidget(
                        db_field.remote_field, self.admin_site, scoped, using=kwargs.get("using")
                    )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ServiceErrorsAsMessages:
    """A rule only the service knows, broken on save: a message on the form again, not a 500."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(  # type: ignore[misc]
                request, object_id, form_url, extra_context
            )
        except ValidationError as error:
            # The admin's transaction is rolled back by now: nothing of the save was kept.
            self.message_user(request, " ".join(error.messages), messages.ERROR)  # type: ignore[attr-defined]
            return HttpResponseRedirect(request.get_full_path())


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id box that names only rows of the user's scope (a typed-in id shows nothing)."""

    def __init__(
        self, rel: Any, admin_site: admin.AdminSite, queryset: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(rel, admin_site, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value: Any) -> tuple[str, str]:
        key = self.rel.get_related_field().name
        try:
            reachable = self.queryset.filter(**{key: value}).exists()
        except (ValueError, TypeError, ValidationError):
            reachable = False
        return super().label_and_url_for_value(value) if reachable else ("", "")


class ScopedInline(CohortScope):
    """An inline whose rows are scoped like its own model's admin (mix in before the inline)."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scope(request, super().get_queryset(request))  # type: ignore[misc]


def scoped_choices(site: admin.AdminSite, model: type[Model], request: HttpRequest) -> Any:
    """The rows of a related model the user may pick: its admin's scope, or None if unscoped."""
    related = site._registry.get(model)
    if not isinstance(related, CohortScope) or not related._paths() or is_hr(request.user):
        return None
    return related.scope(request, model._default_manager.all())


def scoped_filter(field_path: str) -> tuple[str, type[admin.RelatedOnlyFieldListFilter]]:
    """A list filter offering only the related rows present in the user's scoped changelist."""
    return (field_path, admin.RelatedOnlyFieldListFilter)


def run_action(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    objects: Iterable[Any],
    *,
    permission: str,
    step: Callable[[Any], Any],
    done: Callable[[int], str],
) -> int:
    """Run `step` on each object the user may act on; report refusals and errors, never raise.

    Returns how many objects the step succeeded on.
    """
    allowed: Callable[..., bool] = getattr(modeladmin, f"has_{permission}_permission")
    refused: list[str] = []
    succeeded = 0
    for obj in objects:
        if not allowed(request, obj):
            refused.append(str(obj))
            continue
        try:
            step(obj)
        except ValidationError as error:
            modeladmin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
        except PermissionDenied:
            refused.append(str(obj))
        else:
            succeeded += 1
    if refused:
        modeladmin.message_user(
            request,
            ngettext(
                "You may not do this to %(count)d of the selected rows: %(names)s.",
                "You may not do this to %(count)d of the selected rows: %(names)s.",
                len(refused),
            )
            % {"count": len(refused), "names": ", ".join(refused[:10])},
            messages.ERROR,
        )
    if succeeded:
        modeladmin.message_user(request, done(succeeded), messages.SUCCESS)
    return succeeded
