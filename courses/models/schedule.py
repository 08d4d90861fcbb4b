"""Cohorts and their sessions, with the history of trainer and session changes."""

import datetime as dt
import zoneinfo
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models.catalogue import Course, Module
from courses.models.venues import Room, Venue
from kamtraining.i18n import localized, validate_time_zone
from kamtraining.validators import validate_aware_datetime


class Cohort(models.Model):
    """One run (期班) of a course: dates, place, capacity and its trainers."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("course")
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cohorts",
        verbose_name=_("venue"),
    )
    capacity = models.PositiveIntegerField(_("capacity"), default=30)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="trained_cohorts",
        verbose_name=_("trainers"),
    )
    enrolment_opens_at = models.DateTimeField(
        _("enrolment opens"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    enrolment_closes_at = models.DateTimeField(
        _("enrolment closes"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    completion_threshold = models.PositiveSmallIntegerField(
        _("completion threshold (% attended)"), default=80
    )

    class Meta:
        ordering = ("-starts_on", "code")
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="cohort_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=0), name="cohort_capacity_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(completion_threshold__lte=100), name="cohort_threshold_percent"
            ),
            models.CheckConstraint(
                condition=Q(enrolment_opens_at__isnull=True)
                | Q(enrolment_closes_at__isnull=True)
                | Q(enrolment_closes_at__gt=F("enrolment_opens_at")),
                name="cohort_enrolment_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("courses:cohort-schedule", kwargs={"pk": self.pk})

    def enrolment_state(self, now: dt.datetime | None = None) -> str:
        """Where `now` falls in the enrolment window: "open" (also with no window), "not_open"
        (before it opens) or "closed" (from the moment it closes)."""
        now = now or timezone.now()
        if self.enrolment_opens_at is not None and now < self.enrolment_opens_at:
            return "not_open"
        if self.enrolment_closes_at is not None and now >= self.enrolment_closes_at:
            return "closed"
        return "open"

    @property
    def enrolment_state_now(self) -> str:
        """`enrolment_state()` for templates."""
        return self.enrolment_state()


class CohortTrainerChange(models.Model):
    """Append-only record of a change of a cohort's trainers: who, when, added, removed.

    Trainers are kept as lists of user ids, so a record outlives the accounts it names; the
    actor is protected like every actor of a history row. `by` is blank for the system.
    """

    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.CASCADE,
        related_name="trainer_changes",
        verbose_name=_("cohort"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(
        _("changed at"), default=timezone.now, validators=[validate_aware_datetime]
    )
    added = models.JSONField(_("trainers added"), default=list, blank=True)
    removed = models.JSONField(_("trainers removed"), default=list, blank=True)
    after = models.JSONField(_("trainers after the change"), default=list, blank=True)

    class Meta:
        ordering = ("-at", "-pk")
        verbose_name = _("trainer change")
        verbose_name_plural = _("trainer changes")

    def __str__(self) -> str:
        return f"{self.cohort} — {self.at:%Y-%m-%d %H:%M}"

    @property
    def before(self) -> list[int]:
        """The trainers' ids before the change."""
        return sorted((set(self.after) - set(self.added)) | set(self.removed))


class Session(models.Model):
    """One dated meeting of a cohort. Times are aware and stored in UTC."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("cohort")
    )
    module = models.ForeignKey(
        Module,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("module"),
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(
        _("starts at"), db_index=True, validators=[validate_aware_datetime]
    )
    ends_at = models.DateTimeField(
        _("ends at"), db_index=True, validators=[validate_aware_datetime]
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("room"),
    )
    online_url = models.URLField(_("online meeting link"), blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("The zone of its local time; blank: its room's venue's, else the cohort's."),
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="trained_sessions",
        verbose_name=_("trainers"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.SCHEDULED, db_index=True
    )
    sequence = models.PositiveIntegerField(
        _("revision"),
        default=0,
        help_text=_("Bumped on every change of time (iCalendar SEQUENCE)."),
    )
    allow_conflict = models.BooleanField(
        _("allow conflict"),
        default=False,
        help_text=_("Save even though a trainer or the room is booked elsewhere at that time."),
    )
    conflict_note = models.TextField(_("why the conflict is allowed"), blank=True)
    # An override is an audit record: PROTECT keeps who allowed it (deactivate, don't delete).
    conflict_allowed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conflict allowed by"),
    )
    conflict_allowed_at = models.DateTimeField(
        _("conflict allowed at"), null=True, blank=True, validators=[validate_aware_datetime]
    )
    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, validators=[validate_aware_datetime]
    )
    updated_at = models.DateTimeField(
        _("updated at"), auto_now=True, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("starts_at", "pk")
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "title")

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def zone_name(self) -> str:
        """The IANA zone of its local time: its own, else its room's venue's, else the cohort's.

        The one rule every page, feed, email and the API use; reading it needs the room's venue
        and the cohort loaded (select_related "room__venue", "cohort") to cost no query.
        """
        if self.time_zone:
            return self.time_zone
        if self.room_id is not None and self.room is not None and self.room.venue.time_zone:
            return self.room.venue.time_zone
        return self.cohort.time_zone

    @staticmethod
    def zone_name_expression() -> Coalesce:
        """`zone_name` in SQL, for a query that reads sessions' zones without loading them."""
        return Coalesce(
            NullIf("time_zone", Value("")),
            NullIf("room__venue__time_zone", Value("")),
            F("cohort__time_zone"),
        )

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """`zone_name` as a zone (UTC for a name the system no longer knows, never an error)."""
        try:
            return zoneinfo.ZoneInfo(self.zone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")


class SessionChange(models.Model):
    """Append-only record of a session moved, re-roomed, relinked or cancelled.

    `changes` maps each changed field to its [old, new] values as shown to a person (a time in
    ISO 8601 UTC, a room by name), so a record outlives the rooms it names. `note` is the
    override note given with an allowed conflict; `by` is blank for the system.
    """

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="changes", verbose_name=_("session")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now, validators=[validate_aware_datetime])
    changes = models.JSONField(
        _("changes"), default=dict, blank=True, help_text=_("Field → [before, after].")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ("at", "pk")
        verbose_name = _("session change")
        verbose_name_plural = _("session changes")

    def __str__(self) -> str:
        return f"{self.session} — {self.at:%Y-%m-%d %H:%M}"
