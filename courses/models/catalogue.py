"""The catalogue and the competency model: frameworks, items, courses, modules, activities."""

from typing import ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kamtraining.i18n import localized


class Framework(models.Model):
    """A competency model (e.g. STROBE) a course is built on and its 360 measures."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ("code",)
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self) -> str:
        return f"{self.code} — {localized(self, 'name')}"


class Dimension(models.Model):
    """One dimension (role) of a framework, such as STROBE's S."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("framework")
    )
    code = models.CharField(_("code"), max_length=16)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ("framework", "order", "code")
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("framework", "code"), name="dimension_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {localized(self, 'name')}"


class Item(models.Model):
    """A key business activity of a dimension: one line of the 360 questionnaire."""

    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="items", verbose_name=_("dimension")
    )
    text = models.CharField(_("text"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_sample = models.BooleanField(
        _("sample content"), default=False, help_text=_("Written for the demo, not from a source.")
    )

    class Meta:
        ordering = ("dimension__order", "order", "pk")
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("dimension", "order"), name="item_unique_order"),
        ]

    def __str__(self) -> str:
        return localized(self, "text")


class Course(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    audience_en = models.CharField(_("audience (English)"), max_length=300, blank=True)
    duration = models.CharField(
        _("duration"), max_length=60, blank=True, help_text=_("For example “4 days”.")
    )
    trainer_names = models.CharField(
        _("trainers named in the catalogue"), max_length=200, blank=True
    )
    framework = models.ForeignKey(
        Framework,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("competency framework"),
    )
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ("code",)
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return localized(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("courses:course-detail", kwargs={"code": self.code})


class Module(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("course")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    dimension = models.ForeignKey(
        Dimension,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="modules",
        verbose_name=_("role it develops"),
    )
    summary = models.TextField(_("summary"), blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)

    class Meta:
        ordering = ("course", "number")
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("course", "number"), name="module_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {localized(self, 'title')}"


class Activity(models.Model):
    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Lecture")
        SCENARIO_CASE = "scenario_case", _("Scenario case")
        CASE_ANALYSIS = "case_analysis", _("Case analysis")
        DISCUSSION = "discussion", _("Discussion")
        SHARING = "sharing", _("Sharing")
        VIDEO = "video", _("Video")
        CONCLUSION = "conclusion", _("Conclusion")
        TOOL = "tool", _("Tool or model")

    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="activities", verbose_name=_("module")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.LECTURE)
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ("module", "order")
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("module", "order"), name="activity_unique_order"),
        ]

    def __str__(self) -> str:
        return localized(self, "title")
