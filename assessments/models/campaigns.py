"""Campaigns, their events, invitations (raters and self) and reminder logs."""

from decimal import Decimal
from types import SimpleNamespace
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Cohort, Framework
from kamtraining.i18n import localized
from kamtraining.validators import validate_aware_datetime
from participants.models import Language, Participant


def default_scale_labels() -> dict[str, dict[str, str]]:
    return {
        "1": {"en": "Rarely", "zh-hans": "很少做到"},
        "2": {"en": "Sometimes", "zh-hans": "有时做到"},
        "3": {"en": "Often", "zh-hans": "经常做到"},
        "4": {"en": "Usually", "zh-hans": "通常做到"},
        "5": {"en": "Always, a role model", "zh-hans": "总是做到,堪称榜样"},
    }


class Campaign(models.Model):
    """One round of 360 feedback for a cohort, on a framework's items."""

    class Kind(models.TextChoices):
        PRE = "pre", _("Before the course")
        POST = "post", _("After the course")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        NOMINATING = "nominating", _("Nominating raters")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")
        RELEASED = "released", _("Released to participants")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("cohort")
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("framework")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PRE)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    nomination_opens_at = models.DateTimeField(
        _("nomination opens"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    nomination_closes_at = models.DateTimeField(
        _("nomination closes"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    opens_at = models.DateTimeField(
        _("opens"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    closes_at = models.DateTimeField(
        _("closes"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    scale_labels = models.JSONField(
        _("scale labels"),
        default=default_scale_labels,
        blank=True,
        help_text=_("Score → {language: label}."),
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum group size (k)"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Groups other than self and manager are shown only with at least k raters."),
    )
    gap_threshold = models.DecimalField(
        _("gap threshold"), max_digits=4, decimal_places=2, default=Decimal("1.00")
    )
    manager_min = models.PositiveSmallIntegerField(_("managers, at least"), default=1)
    manager_max = models.PositiveSmallIntegerField(_("managers, at most"), default=1)
    peer_min = models.PositiveSmallIntegerField(_("peers, at least"), default=3)
    peer_max = models.PositiveSmallIntegerField(_("peers, at most"), default=8)
    direct_report_min = models.PositiveSmallIntegerField(_("direct reports, at least"), default=3)
    direct_report_max = models.PositiveSmallIntegerField(_("direct reports, at most"), default=8)
    other_min = models.PositiveSmallIntegerField(_("others, at least"), default=0)
    other_max = models.PositiveSmallIntegerField(_("others, at most"), default=5)
    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, validators=[validate_aware_datetime]
    )
    closed_at = models.DateTimeField(
        _("closed at"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    released_at = models.DateTimeField(
        _("released at"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    # The status the stored report figures (StoredFigures) were computed for; blank: none.
    figures_status = models.CharField(
        _("figures stored for"), max_length=20, choices=Status, blank=True, editable=False
    )

    class Meta:
        ordering = ("-created_at", "pk")
        verbose_name = _("360 campaign")
        verbose_name_plural = _("360 campaigns")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")), name="campaign_scale_ordered"
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="campaign_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(nomination_opens_at__isnull=True)
                | Q(nomination_closes_at__isnull=True)
                | Q(nomination_closes_at__gt=F("nomination_opens_at")),
                name="campaign_nomination_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(manager_max__gte=F("manager_min"))
                & Q(peer_max__gte=F("peer_min"))
                & Q(direct_report_max__gte=F("direct_report_min"))
                & Q(other_max__gte=F("other_min")),
                name="campaign_rater_limits_ordered",
            ),
            models.CheckConstraint(condition=Q(min_group_size__gte=1), name="campaign_k_positive"),
            models.CheckConstraint(
                condition=Q(gap_threshold__gt=0), name="campaign_gap_threshold_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def rater_limits(self) -> dict[str, tuple[int, int]]:
        return {
            Invitation.Group.MANAGER: (self.manager_min, self.manager_max),
            Invitation.Group.PEER: (self.peer_min, self.peer_max),
            Invitation.Group.DIRECT_REPORT: (self.direct_report_min, self.direct_report_max),
            Invitation.Group.OTHER: (self.other_min, self.other_max),
        }


class CampaignEvent(models.Model):
    """Append-only record of every status change and every settings change of a campaign.

    A settings change keeps the status (from = to) and lists what changed in `changes`.

    Services only insert events; none is updated or deleted, and the admin shows them read-only.
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="events", verbose_name=_("campaign")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Campaign.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Campaign.Status)
    # Who did what stays known: a user with history is protected from deletion (deactivate
    # instead), as for every actor of a history row; null is the system, not a deleted user.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now, validators=[validate_aware_datetime])
    is_override = models.BooleanField(_("override"), default=False)
    note = models.TextField(_("note"), blank=True)
    changes = models.JSONField(
        _("changes"), default=dict, blank=True, help_text=_("Setting → [before, after].")
    )

    class Meta:
        ordering = ("at", "pk")
        verbose_name = _("campaign event")
        verbose_name_plural = _("campaign events")

    def __str__(self) -> str:
        return f"{self.campaign}: {self.from_status or '∅'} → {self.to_status}"

    @property
    def summary(self) -> str:
        """What the system did, in the reader's language (the note holds only what people wrote)."""
        if not self.from_status:
            return str(_("Created."))
        late = self.changes.get("late_rater") if isinstance(self.changes, dict) else None
        if isinstance(late, dict):
            # The names as they were then, in the reader's language (as `localized` picks).
            names = SimpleNamespace(name=late.get("name", ""), name_en=late.get("name_en", ""))
            return str(_("Late rater invited (%(group)s of %(subject)s).")) % {
                "group": Invitation.Group(late["group"]).label,
                "subject": localized(names, "name"),
            }
        if self.from_status == self.to_status and self.changes:
            return str(_("Settings changed."))
        if self.to_status == Campaign.Status.CLOSED and self.by_id is None:
            return str(_("Closed automatically at the close time."))
        return ""


class Invitation(models.Model):
    """One rater asked about one participant; the self-assessment is one too."""

    class Group(models.TextChoices):
        SELF = "self", _("Self")
        MANAGER = "manager", _("Manager")
        PEER = "peer", _("Peers")
        DIRECT_REPORT = "direct_report", _("Direct reports")
        OTHER = "other", _("Others")

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        APPROVED = "approved", _("Approved")
        SENT = "sent", _("Invited")
        STARTED = "started", _("Started")
        SUBMITTED = "submitted", _("Submitted")
        DECLINED = "declined", _("Declined")

    # The rater groups in the order every report, chart and table shows them.
    GROUP_ORDER: ClassVar[tuple[Group, ...]] = (
        Group.SELF,
        Group.MANAGER,
        Group.PEER,
        Group.DIRECT_REPORT,
        Group.OTHER,
    )
    # Shown whatever their size (DESIGN §4.2): one self, and a manager everybody can name anyway.
    EXEMPT_GROUPS: ClassVar[tuple[Group, ...]] = (Group.SELF, Group.MANAGER)
    # The groups others nominate into: everyone but self.
    RATER_GROUPS: ClassVar[tuple[Group, ...]] = GROUP_ORDER[1:]

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("campaign")
    )
    subject = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="feedback_invitations",
        verbose_name=_("about"),
    )
    rater_name = models.CharField(_("rater's name"), max_length=150)
    rater_email = models.EmailField(_("rater's email"))
    rater_language = models.CharField(
        _("rater's language"), max_length=10, choices=Language, blank=True
    )
    group = models.CharField(_("group"), max_length=20, choices=Group)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NOMINATED, db_index=True
    )
    token_hash = models.CharField(
        _("token hash"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    nominated_at = models.DateTimeField(
        _("nominated at"), default=timezone.now, validators=[validate_aware_datetime]
    )
    approved_at = models.DateTimeField(
        _("approved at"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    sent_at = models.DateTimeField(
        _("invited at"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    started_at = models.DateTimeField(
        _("started at"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    submitted_at = models.DateTimeField(
        _("submitted at"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    declined_at = models.DateTimeField(
        _("declined at"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)
    # Set only for a late rater, invited after release: their link's own deadline (the
    # campaign's close time has passed).
    answer_by = models.DateTimeField(
        _("late rater answers by"),
        null=True,
        blank=True,
        editable=False,
        validators=[validate_aware_datetime],
    )
    # Whether the campaign's stored report figures count this (submitted) invitation.
    in_stored_figures = models.BooleanField(
        _("counted in stored figures"), default=False, editable=False
    )

    class Meta:
        ordering = ("campaign", "subject", "group", "pk")
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("campaign", "subject", "rater_email"), name="invitation_unique_rater"
            ),
            models.UniqueConstraint(
                fields=("campaign", "subject"),
                condition=Q(group="self"),
                name="invitation_one_self_per_subject",
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="invitation_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} → {self.subject}"

    @property
    def is_final(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.DECLINED)


class InvitationStatusChange(models.Model):
    """Append-only history of an invitation's status: from what, to what, who, when.

    A null actor is the rater answering through their link (started, submitted, declined) or
    the system; services only insert these rows, and the admin shows them read-only.
    """

    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("invitation"),
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Invitation.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Invitation.Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now, validators=[validate_aware_datetime])

    class Meta:
        ordering = ("at", "pk")
        verbose_name = _("invitation status change")
        verbose_name_plural = _("invitation status changes")

    def __str__(self) -> str:
        return f"{self.invitation}: {self.from_status or '∅'} → {self.to_status}"


class ReminderLog(models.Model):
    """One reminder sent for one step (days before close); never sent twice."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("invitation")
    )
    days_before_close = models.PositiveSmallIntegerField(_("days before close"))
    sent_at = models.DateTimeField(
        _("sent at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("sent_at", "pk")
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("invitation", "days_before_close"), name="reminder_once_per_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation} (−{self.days_before_close}d)"
