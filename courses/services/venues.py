"""Writes of venues and their rooms, for the programme office's pages and the API alike."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from courses.access import Actor, may_manage_cohort, require
from courses.models import Room, Venue
from courses.services.rows import given_changes, row_save
from courses.services.scheduling import UNSET


@dataclass(frozen=True, kw_only=True)
class RoomInput:
    """One room of a venue's form: a new one (no pk), a change, or a removal."""

    name: str
    capacity: int | None = None
    pk: int | None = None
    delete: bool = False


def _rooms_save(*, venue: Venue, rooms: Sequence[RoomInput]) -> None:
    existing = {room.pk: room for room in Room.objects.select_for_update().filter(venue=venue)}
    kept = [r for r in rooms if not r.delete]
    seen: set[str] = set()
    for room in kept:
        key = room.name.strip().casefold()
        if key in seen:
            raise ValidationError(
                {"rooms": _("The room “%(name)s” is given twice.") % {"name": room.name}}
            )
        seen.add(key)
    for room in rooms:
        if room.pk is not None and room.pk not in existing:
            raise ValidationError({"rooms": _("That room belongs to another venue.")})
    # Removals first, so a room can be renamed to the name a removed one had.
    for room in rooms:
        if room.pk is None or not room.delete:
            continue
        row = existing[room.pk]
        if row.sessions.exists():
            raise ValidationError(
                {
                    "rooms": _(
                        "The room “%(name)s” has sessions booked in it and cannot be removed."
                    )
                    % {"name": row.name}
                }
            )
        row.delete()
    for room in kept:
        row = existing[room.pk] if room.pk is not None else Room(venue=venue)
        row.name = room.name.strip()
        row.capacity = room.capacity
        row.full_clean()
        row.save()


@transaction.atomic
def venue_create(
    *,
    by: Actor,
    name: str,
    address: str = "",
    city: str = "",
    time_zone: str = "UTC",
    rooms: Sequence[RoomInput] = (),
) -> Venue:
    """Add a venue with its rooms."""
    require(by, may_manage_cohort)
    venue = Venue()
    row_save(venue, {"name": name, "address": address, "city": city, "time_zone": time_zone})
    _rooms_save(venue=venue, rooms=rooms)
    return venue


@transaction.atomic
def venue_update(
    *,
    by: Actor,
    venue: Venue,
    name: str = UNSET,
    address: str = UNSET,
    city: str = UNSET,
    time_zone: str = UNSET,
    rooms: Sequence[RoomInput] = UNSET,
) -> Venue:
    """Change a venue; rooms are added, renamed or (when nothing is booked in them) removed."""
    require(by, may_manage_cohort)
    venue = Venue.objects.select_for_update().get(pk=venue.pk)
    row_save(venue, given_changes(name=name, address=address, city=city, time_zone=time_zone))
    if rooms is not UNSET:
        _rooms_save(venue=venue, rooms=rooms)
    return venue
