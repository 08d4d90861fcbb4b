"""PARR practice on the job: assignments per cohort, one practice per participant, observers."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Goal
from courses.models import Cohort, Dimension, Item
from kamtraining.validators import validate_aware_datetime
from participants.models import Language, Participant

DEFAULT_SCALE_MIN = 1
DEFAULT_SCALE_MAX = 5


class Phase(models.TextChoices):
    PREPARE = "prepare", _("Prepare")
    ACT = "act", _("Act")
    REFLECT = "reflect", _("Reflect")
    REVIEW = "review", _("Review")


PHASE_ORDER: tuple[str, ...] = tuple(Phase.values)


class TriangleRole(models.Model):
    """A role of the account team's iron triangle (铁三角); names are data, in both languages."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering = ("order", "pk")
        verbose_name = _("iron-triangle role")
        verbose_name_plural = _("iron-triangle roles")

    def __str__(self) -> str:
        return f"{self.name} · {self.name_en}"


class Assignment(models.Model):
    """A practice task set for a cohort; every confirmed participant gets their own Practice."""

    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.PROTECT,
        related_name="practice_assignments",
        verbose_name=_("cohort"),
    )
    title = models.CharField(_("title"), max_length=200)
    brief = models.TextField(_("brief"), max_length=10000)
    due_on = models.DateField(_("due date"))
    dimension = models.ForeignKey(
        Dimension,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dimension"),
    )
    items = models.ManyToManyField(Item, blank=True, related_name="+", verbose_name=_("items"))
    # The scale observers rate on: the cohort's latest campaign's, else 1–5.
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=DEFAULT_SCALE_MIN)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=DEFAULT_SCALE_MAX)
    target_level = models.PositiveSmallIntegerField(_("target level"), default=4)
    # PROTECT, like every actor of a history row: deactivate the writer, never delete them.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("set by"),
    )
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("due_on", "pk")
        verbose_name = _("practice assignment")
        verbose_name_plural = _("practice assignments")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")), name="practice_assignment_scale_ordered"
            ),
            models.CheckConstraint(
                condition=Q(target_level__gte=F("scale_min")) & Q(target_level__lte=F("scale_max")),
                name="practice_assignment_target_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Practice(models.Model):
    """One participant's PARR practice of an assignment."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Waiting for the trainer")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="practices", verbose_name=_("assignment")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("participant"),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("goal"),
    )
    # The goal's items once tied to a goal; empty means the assignment's.
    items = models.ManyToManyField(Item, blank=True, related_name="+", verbose_name=_("items"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.IN_PROGRESS, db_index=True
    )
    returned_phase = models.CharField(_("phase returned"), max_length=10, choices=Phase, blank=True)
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, validators=[validate_aware_datetime]
    )
    accepted_at = models.DateTimeField(
        _("accepted at"), null=True, blank=True, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("assignment", "participant", "pk")
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("assignment", "participant"), name="practice_one_per_participant"
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(accepted_at__isnull=False),
                name="practice_accepted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.participant}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.ACCEPTED


class PhaseEntry(models.Model):
    """What the participant wrote for one phase; a draft until it is marked complete."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="entries", verbose_name=_("practice")
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase)
    text = models.TextField(_("text"), max_length=20000, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    updated_at = models.DateTimeField(
        _("updated at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("practice", "pk")
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("practice", "phase"), name="practice_phase_once"),
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} · {self.get_phase_display()}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Random names: the stored path says nothing about who uploaded what.
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"practice/{instance.entry.practice_id}/{uuid.uuid4().hex}.{suffix}"


class Attachment(models.Model):
    """A file evidencing one phase, kept through the storage API (local disk or S3 by setting)."""

    entry = models.ForeignKey(
        PhaseEntry, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("phase")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(
        _("uploaded at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("entry", "uploaded_at", "pk")
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class Observer(models.Model):
    """A named colleague of the account team who watches the Act phase, through a token link."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        SUBMITTED = "submitted", _("Answered")

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="observers", verbose_name=_("practice")
    )
    role = models.ForeignKey(
        TriangleRole, on_delete=models.PROTECT, related_name="+", verbose_name=_("role")
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=10, choices=Language, blank=True)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.INVITED, db_index=True
    )
    observation = models.TextField(_("observation"), max_length=5000, blank=True)
    invited_at = models.DateTimeField(
        _("invited at"), default=timezone.now, validators=[validate_aware_datetime]
    )
    submitted_at = models.DateTimeField(
        _("answered at"), null=True, blank=True, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("practice", "role__order", "pk")
        verbose_name = _("observer")
        verbose_name_plural = _("observers")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("practice", "role"), name="observer_one_per_role"),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="observer_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role.name_en})"


class ObserverRating(models.Model):
    """An observer's score for one item of the practice; NULL means “not observed”."""

    observer = models.ForeignKey(
        Observer, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("observer")
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)

    class Meta:
        ordering = ("observer", "item")
        verbose_name = _("observer rating")
        verbose_name_plural = _("observer ratings")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("observer", "item"), name="observer_rating_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.score if self.score is not None else '—'}"


class PracticeEvent(models.Model):
    """Append-only history of a practice: who did what, when (and to which phase)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Set")
        DRAFT_SAVED = "draft_saved", _("Draft saved")
        ATTACHED = "attached", _("File attached")
        DETACHED = "detached", _("File removed")
        COMPLETED = "completed", _("Phase completed")
        GOAL_LINKED = "goal_linked", _("Tied to a goal")
        OBSERVER_INVITED = "observer_invited", _("Observer asked")
        OBSERVED = "observed", _("Observation received")
        FEEDBACK = "feedback", _("Trainer's feedback")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")
        REMINDED = "reminded", _("Reminder sent")

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="events", verbose_name=_("practice")
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase, blank=True)
    text = models.TextField(_("text"), blank=True)
    # NULL: the system or an observer (who has no account; named in the text).
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
        verbose_name = _("practice event")
        verbose_name_plural = _("practice history")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.at:%Y-%m-%d %H:%M}"


class ReminderLog(models.Model):
    """One reminder per practice, step and due date: never sent twice."""

    class Step(models.TextChoices):
        BEFORE = "before", _("Before the due date")
        OVERDUE = "overdue", _("Overdue")

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("practice")
    )
    due_on = models.DateField(_("due date"))
    step = models.CharField(_("step"), max_length=10, choices=Step)
    sent_at = models.DateTimeField(
        _("sent at"), default=timezone.now, validators=[validate_aware_datetime]
    )

    class Meta:
        ordering = ("sent_at", "pk")
        verbose_name = _("practice reminder")
        verbose_name_plural = _("practice reminders")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("practice", "due_on", "step"), name="practice_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} · {self.due_on} · {self.step}"
