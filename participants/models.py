"""People and their learning record."""

import secrets
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses import access as course_access
from courses.access import HR_GROUP, TRAINERS_GROUP
from courses.models import Cohort, Session
from kamtraining.i18n import localized, validate_time_zone
from kamtraining.validators import validate_aware_datetime

__all__ = ["HR_GROUP", "TRAINERS_GROUP"]


def new_feed_token() -> str:
    """The plain tokens of migration 0001 (since hashed); new links come from `token_new`."""
    return secrets.token_urlsafe(32)


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    CHINESE = "zh-hans", _("Simplified Chinese")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who logs in; email is the login. Roles are the groups HR and Trainers."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=Language, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    # The SHA-256 of the token in the user's calendar feed link (kamtraining.tokens), so the
    # database alone opens no calendar; NULL until the user first asks for a link.
    feed_token_hash = models.CharField(
        _("calendar feed token"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        default=None,
        editable=False,
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can log into the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(
        _("date joined"), default=timezone.now, validators=[validate_aware_datetime]
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ("email",)
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name or self.email

    @property
    def is_hr(self) -> bool:
        return bool(course_access.is_hr(self))

    @property
    def is_trainer(self) -> bool:
        return bool(course_access.is_trainer(self))


class Participant(models.Model):
    """A learner's profile; may exist before the person has an account."""

    class Position(models.TextChoices):
        REGIONAL_GM = "regional_gm", _("Regional general manager")
        CXO = "cxo", _("CxO")
        COUNTRY_GM = "country_gm", _("Country general manager")
        HR_GM = "hr_gm", _("HR general manager")
        KAM = "kam", _("Key account manager (KAM)")
        CGM = "cgm", _("Customer-group general manager (CGM)")
        OTHER = "other", _("Other")

    # The profile as HR keeps it (import sheet, API, My Zone), and with the manager link the
    # fields that can be changed: the one list every door reads.
    PROFILE_FIELDS: ClassVar[tuple[str, ...]] = (
        "employee_number",
        "name",
        "name_en",
        "email",
        "position",
        "is_incumbent",
        "region",
        "country",
        "org_unit",
        "time_zone",
        "language",
    )
    EDITABLE_FIELDS: ClassVar[tuple[str, ...]] = (*PROFILE_FIELDS, "manager", "manager_email")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participant",
        verbose_name=_("user account"),
    )
    employee_number = models.CharField(_("employee number"), max_length=40, unique=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=150)
    name_en = models.CharField(
        pgettext_lazy("person", "name (English)"), max_length=150, blank=True
    )
    email = models.EmailField(_("email address"), unique=True)
    position = models.CharField(
        _("position"), max_length=20, choices=Position, default=Position.OTHER
    )
    is_incumbent = models.BooleanField(
        _("incumbent"), default=False, help_text=_("Holds the post substantively (正职).")
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    org_unit = models.CharField(_("org unit"), max_length=150, blank=True)
    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("manager"),
    )
    manager_email = models.EmailField(
        _("manager's email"), blank=True, help_text=_("When the manager is not a participant.")
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    language = models.CharField(
        _("language"), max_length=10, choices=Language, default=Language.CHINESE
    )
    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, validators=[validate_aware_datetime]
    )
    updated_at = models.DateTimeField(
        _("updated at"), auto_now=True, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("name",)
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return localized(self, "name")


class Enrollment(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")
        NO_SHOW = "no_show", _("No-show")

    # The statuses that take one of the cohort's places (capacity counts them).
    HOLDS_PLACE: ClassVar[tuple[str, ...]] = (Status.CONFIRMED, Status.COMPLETED, Status.NO_SHOW)
    # The statuses whose sessions are the participant's own (My Zone, calendar, roster order).
    ATTENDING: ClassVar[tuple[str, ...]] = (Status.CONFIRMED, Status.COMPLETED)

    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("participant"),
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("cohort")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.INVITED, db_index=True
    )
    waitlisted_at = models.DateTimeField(
        _("joined the waitlist at"),
        null=True,
        blank=True,
        help_text=_("First come, first served."),
        validators=[validate_aware_datetime],
    )
    created_at = models.DateTimeField(
        _("enrolled at"), default=timezone.now, validators=[validate_aware_datetime]
    )
    updated_at = models.DateTimeField(
        _("updated at"), auto_now=True, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("cohort", "created_at", "pk")
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("participant", "cohort"), name="enrollment_unique_participant_cohort"
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="enrollment_waitlist_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.cohort}"


# Who did what stays known: every actor of a history or audit row is a PROTECT foreign key, so a
# user with history cannot be deleted (the admin shows Django's "protected" page) and is
# deactivated instead. A copied name could go stale or be mistaken for another person; the link
# cannot. A null actor means the system did it (an import, the demo loader), never a deleted user.
# History rows are append-only: services only ever insert them, and their admin is read-only.


class EnrollmentStatusChange(models.Model):
    """Append-only history of an enrolment's status: who, when, why."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="history", verbose_name=_("enrolment")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Enrollment.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Enrollment.Status)
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
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ("at", "pk")
        verbose_name = _("enrolment status change")
        verbose_name_plural = _("enrolment status changes")

    def __str__(self) -> str:
        return f"{self.enrollment}: {self.from_status or '∅'} → {self.to_status}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("enrolment"),
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(
        _("marked at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("session__starts_at", "pk")
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("enrollment", "session"), name="attendance_unique_enrollment_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment.participant} · {self.session}: {self.get_status_display()}"


class AttendanceChange(models.Model):
    """Append-only history of an attendance mark: who changed it, when, from what, to what.

    Keyed by enrolment and session rather than by the mark, so a mark removed by a superuser
    keeps its history. The first mark is a change from nothing (blank `from_status`).
    """

    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="attendance_changes",
        verbose_name=_("enrolment"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="attendance_changes",
        verbose_name=_("session"),
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Attendance.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Attendance.Status)
    # The columns keep the names the history was first written under (its data migration
    # fills them), while the fields speak the audit vocabulary: by, at, note.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_column="changed_by_id",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(
        _("changed at"),
        default=timezone.now,
        validators=[validate_aware_datetime],
        db_column="changed_at",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ("at", "pk")
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")
        indexes: ClassVar = [
            models.Index(fields=("session", "enrollment"), name="attendance_change_mark"),
        ]
        constraints: ClassVar = [
            # Marking the same status again is not a change.
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")), name="attendance_change_changes"
            ),
        ]

    def __str__(self) -> str:
        change = f"{self.from_status or '∅'} → {self.to_status}"
        return f"{self.enrollment_id} · {self.session_id}: {change}"


def import_run_path(instance: "ImportRun", filename: str) -> str:
    return f"import-runs/{uuid.uuid4().hex}.json"


class ImportRun(models.Model):
    """One confirmed participant import, run in the background; its page shows the progress.

    `file` holds the checked rows of the upload (through the default storage) until the run
    is over; `counts` and `errors` are the result, as the import page shows it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # who imported whom: kept, like every actor
        related_name="+",
        verbose_name=_("started by"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=import_run_path, max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=16)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, validators=[validate_aware_datetime]
    )
    finished_at = models.DateTimeField(
        _("finished at"), null=True, blank=True, validators=[validate_aware_datetime]
    )

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.file_name} {self.status} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
