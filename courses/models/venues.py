"""Where training happens: venues and their rooms."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from kamtraining.i18n import validate_time_zone


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    # Blank: the venue's sessions keep their cohort's zone (see Session.zone_name).
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Sessions in its rooms are in this zone; blank: the cohort's."),
    )

    class Meta:
        ordering = ("name",)
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("venue")
    )
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        ordering = ("venue", "name")
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("venue", "name"), name="room_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.venue.name} · {self.name}"
