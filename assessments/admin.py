"""Admin of 360 campaigns: every status change and reminder goes through the services."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assessments.access import is_campaign_staff, may_edit_raters, may_manage_campaign
from assessments.models import (
    Campaign,
    CampaignEvent,
    Invitation,
    InvitationStatusChange,
    ReminderLog,
)
from assessments.services import campaigns as services
from assessments.services.reminders import reminders_send, reminders_send_now
from courses.access import cohorts_trained_by, is_hr, is_superuser
from kamtraining.admin_access import ScopedAdmin, run_action, scoped_filter


class CampaignEventInline(admin.TabularInline):
    model = CampaignEvent
    fields = ("at", "from_status", "to_status", "by", "is_override", "note", "changes")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class InvitationStatusChangeInline(admin.TabularInline):
    model = InvitationStatusChange
    fields = ("at", "from_status", "to_status", "by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _each(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Campaign],
    step: Callable[[Campaign], Any],
    done: str,
    *,
    permission: str = "manage",
) -> None:
    """Run a service on each selected campaign the user may act on; report refusals."""
    run_action(
        modeladmin,
        request,
        queryset.select_related("cohort"),
        permission=permission,
        step=step,
        done=lambda n: f"{done} ({n})",
    )


def _may_remind(request: HttpRequest, campaign: Campaign | None) -> bool:
    """As the API: HR, or a trainer of the campaign's cohort (of some cohort, for the list)."""
    user = request.user
    if campaign is None:
        return is_hr(user) or cohorts_trained_by(user).exists()
    return bool(may_edit_raters(user, campaign))


class CampaignAdminForm(forms.ModelForm):
    """Says on the form what the update service would refuse, instead of failing on save."""

    class Meta:
        model = Campaign
        fields = "__all__"  # noqa: DJ007 — the admin's fieldsets choose what is shown

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is not None:
            stored = Campaign.objects.get(pk=self.instance.pk)
            values = {name: cleaned[name] for name in self.changed_data if name in cleaned}
            try:
                services.campaign_settings_check(campaign=stored, values=values)
            except ValidationError as error:
                for name, messages_ in error.message_dict.items():
                    for message in messages_:
                        self.add_error(name, message)
        return cleaned


@admin.register(Campaign)
class CampaignAdmin(ScopedAdmin):
    form = CampaignAdminForm
    cohort_path = "cohort"
    change_rule = manage_rule = add_rule = may_manage_campaign
    list_display = ("name", "cohort", "kind", "status", "opens_at", "closes_at")
    list_filter = ("status", "kind", scoped_filter("cohort"))
    search_fields = ("name", "cohort__code", "cohort__name")
    list_select_related = ("cohort",)
    readonly_fields = ("status", "created_at", "closed_at", "released_at")
    inlines = (CampaignEventInline,)
    actions = (
        "start_nomination",
        "open_campaigns",
        "close_campaigns",
        "release_campaigns",
        "remind_pending",
        "run_scheduled_reminders",
    )
    fieldsets = (
        (None, {"fields": ("cohort", "framework", "name", "kind", "status")}),
        (
            _("Dates"),
            {"fields": ("nomination_opens_at", "nomination_closes_at", "opens_at", "closes_at")},
        ),
        (
            _("Scale and report"),
            {
                "fields": (
                    "scale_min",
                    "scale_max",
                    "scale_labels",
                    "min_group_size",
                    "gap_threshold",
                )
            },
        ),
        (
            _("Raters per group"),
            {
                "fields": (
                    ("manager_min", "manager_max"),
                    ("peer_min", "peer_max"),
                    ("direct_report_min", "direct_report_max"),
                    ("other_min", "other_max"),
                )
            },
        ),
        (_("History"), {"fields": ("created_at", "closed_at", "released_at")}),
    )

    def rule_object(self, obj: Any) -> Any:
        return obj  # the campaign rules are asked about the campaign

    def may_reach(self, request: HttpRequest, obj: Any) -> bool:
        return bool(is_campaign_staff(request.user, obj))

    def has_remind_permission(self, request: HttpRequest, obj: Campaign | None = None) -> bool:
        allowed = self.has_view_permission(request, obj)
        return allowed and _may_remind(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A campaign's events are its history: only a superuser erases them with it.
        return bool(is_superuser(request.user)) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Campaign | None = None) -> Any:
        if obj is None:
            return self.readonly_fields
        # What the status no longer allows to change is shown, not offered.
        editable = services.EDITABLE_FIELDS[obj.status]
        locked = [
            field.name
            for field in Campaign._meta.concrete_fields
            if field.editable and field.name not in editable and field.name != "id"
        ]
        return (*self.readonly_fields, *locked)

    def save_model(
        self, request: HttpRequest, obj: Campaign, form: ModelForm, change: bool
    ) -> None:
        """Create and update through the services, so the rules and the history hold."""
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            fresh = Campaign.objects.get(pk=obj.pk)
            services.campaign_update(campaign=fresh, by=request.user, **data)  # type: ignore[arg-type]
            obj.refresh_from_db()
            return
        settings = {k: v for k, v in data.items() if k in services.EDITABLE_FIELDS["draft"]}
        for name in ("name", "kind"):
            settings.pop(name, None)
        created = services.campaign_create(
            cohort=obj.cohort,
            framework=obj.framework,
            name=obj.name,
            kind=obj.kind,
            by=request.user,  # type: ignore[arg-type]
            **settings,
        )
        obj.pk = created.pk
        obj.refresh_from_db()

    @admin.action(description=_("Start nomination"), permissions=("manage",))
    def start_nomination(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda c: services.campaign_start_nomination(campaign=c, by=request.user),  # type: ignore[arg-type]
            str(_("Nomination started")),
        )

    @admin.action(description=_("Open and send the invitations"), permissions=("manage",))
    def open_campaigns(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda c: services.campaign_open(campaign=c, by=request.user),  # type: ignore[arg-type]
            str(_("Opened")),
        )

    @admin.action(description=_("Close"), permissions=("manage",))
    def close_campaigns(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda c: services.campaign_close(campaign=c, by=request.user),  # type: ignore[arg-type]
            str(_("Closed")),
        )

    @admin.action(description=_("Release the reports"), permissions=("manage",))
    def release_campaigns(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda c: services.campaign_release(campaign=c, by=request.user),  # type: ignore[arg-type]
            str(_("Released")),
        )

    @admin.action(description=_("Remind all pending raters now"), permissions=("remind",))
    def remind_pending(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda c: reminders_send_now(campaign=c, by=request.user),  # type: ignore[arg-type]
            str(_("Reminders sent")),
            permission="remind",
        )

    @admin.action(
        description=_("Send the scheduled reminders that are due (all campaigns)"),
        permissions=("manage",),
    )
    def run_scheduled_reminders(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        sent = reminders_send()
        self.message_user(
            request,
            ngettext("%(n)d reminder sent.", "%(n)d reminders sent.", sent) % {"n": sent},
            level=messages.SUCCESS,
        )


@admin.register(Invitation)
class InvitationAdmin(ScopedAdmin):
    """Read-only: raters are edited on the campaign's progress pages, through the services."""

    cohort_path = "campaign__cohort"
    list_display = ("subject", "group", "rater_name", "rater_email", "status", "sent_at")
    list_filter = ("status", "group", scoped_filter("campaign"))
    search_fields = ("rater_name", "rater_email", "subject__name", "subject__name_en")
    list_select_related = ("subject", "campaign")
    exclude = ("token_hash",)
    inlines = (InvitationStatusChangeInline,)
    actions = ("remind",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_remind_permission(self, request: HttpRequest, obj: Invitation | None = None) -> bool:
        allowed = self.has_view_permission(request, obj)
        return allowed and _may_remind(request, obj.campaign if obj is not None else None)

    @admin.action(description=_("Send a reminder now"), permissions=("remind",))
    def remind(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        sent = 0

        def remind_one(invitation: Invitation) -> None:
            nonlocal sent
            sent += reminders_send_now(
                campaign=invitation.campaign,
                by=request.user,  # type: ignore[arg-type]
                invitation=invitation,
            )

        run_action(
            self,
            request,
            queryset.select_related("campaign__cohort", "subject"),
            permission="remind",
            step=remind_one,
            done=lambda n: (
                ngettext("%(n)d reminder sent.", "%(n)d reminders sent.", sent) % {"n": sent}
            ),
        )


@admin.register(ReminderLog)
class ReminderLogAdmin(ScopedAdmin):
    cohort_path = "invitation__campaign__cohort"
    list_display = ("invitation", "days_before_close", "sent_at")
    list_filter = ("days_before_close",)
    list_select_related = ("invitation__subject",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
