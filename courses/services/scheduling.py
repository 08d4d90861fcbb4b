"""Scheduling sessions: create, move, cancel, refusing double bookings unless overridden."""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.access import Actor, may_manage_cohort, recorded_actor, require
from courses.models import Cohort, Module, Room, Session, SessionChange
from courses.selectors.conflicts import Clash, clashes_for_slot
from kamtraining.validators import times_check


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


# A session runs in our time: a year outside these is a typo (and before 1901 time zones
# had offsets in seconds that calendars and ISO 8601 cannot carry).
def session_module_check(*, module: Module | None, cohort: Cohort) -> None:
    """Refuse a module of another course than the cohort's (the admin form asks this too)."""
    if module is not None and module.course_id != cohort.course_id:
        raise ValidationError(
            {"module": _("Choose a module of the cohort’s own course.")}, code="foreign_module"
        )


def _lock_resources(*, trainer_ids: Iterable[int], room: Room | None) -> None:
    # Two HR officers booking the same trainer or room at once: the second waits, then sees
    # the first booking in its own clash check.
    user_model = get_user_model()
    list(user_model.objects.select_for_update().filter(pk__in=list(trainer_ids)).values("pk"))
    if room is not None:
        list(Room.objects.select_for_update().filter(pk=room.pk).values("pk"))


# Who else a slot can clash for lives in the apps above this one (participants: a person
# confirmed in this cohort and in another one meeting at that time); they register here.
SlotClashes = Callable[[Session], list[Clash]]
_slot_clash_sources: list[SlotClashes] = []


def on_slot_clash_check(source: SlotClashes) -> SlotClashes:
    """Ask `source(session)` for more clashes whenever a session's slot is checked."""
    if source not in _slot_clash_sources:
        _slot_clash_sources.append(source)
    return source


def session_clashes_check(*, session: Session, trainer_ids: Sequence[int]) -> list[Clash]:
    """Refuse a slot where a trainer, the room or a confirmed participant is booked elsewhere,
    unless overridden.

    Returns the clashes an override lets through (empty when there are none). Shared by the
    services and the admin forms, so both refuse with the same message naming the clash.
    """
    if session.status == Session.Status.CANCELLED:
        return []
    clashes = clashes_for_slot(
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        trainer_ids=trainer_ids,
        room_id=session.room_id,
        exclude_pk=session.pk,
    )
    clashes += [clash for source in _slot_clash_sources for clash in source(session)]
    if not clashes:
        return []
    if not session.allow_conflict:
        raise ValidationError(
            {"starts_at": [clash.message for clash in clashes]}, code="schedule_conflict"
        )
    if not session.conflict_note.strip():
        raise ValidationError(
            {
                "conflict_note": _(
                    "Say why the conflict is allowed; it is recorded. Clashes: %(clashes)s"
                )
                % {"clashes": " ".join(clash.message for clash in clashes)}
            },
            code="conflict_note_required",
        )
    return clashes


def _refuse_or_record_clashes(*, session: Session, trainer_ids: Sequence[int], by: Actor) -> bool:
    """Refuse a clash, or record who allowed it; True when an allowed clash went through."""
    if session.status == Session.Status.CANCELLED:
        return False
    _lock_resources(trainer_ids=trainer_ids, room=session.room)
    if session_clashes_check(session=session, trainer_ids=trainer_ids):
        session.conflict_allowed_by = recorded_actor(by)
        session.conflict_allowed_at = timezone.now()
        return True
    return False


# What calendars and the session's history follow: its time, its place and its status.
TRACKED_FIELDS = ("starts_at", "ends_at", "room", "online_url", "status")


def _shown(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return "" if value is None else str(value)


def _tracked(session: Session) -> dict[str, str]:
    return {name: _shown(getattr(session, name)) for name in TRACKED_FIELDS}


# Who must hear of a moved, re-roomed, relinked or cancelled session lives in the apps above
# this one (participants emails its confirmed participants and trainers); courses cannot import
# them, so they register here when they load.
SessionChanged = Callable[..., object]
_session_changed: list[SessionChanged] = []


def on_session_changed(handler: SessionChanged) -> SessionChanged:
    """Call `handler(change=...)` inside the transaction of every recorded session change."""
    if handler not in _session_changed:
        _session_changed.append(handler)
    return handler


def _record_change(
    *, session: Session, before: dict[str, str], by: Actor, note: str = ""
) -> SessionChange | None:
    after = _tracked(session)
    changes = {
        name: [before[name], after[name]] for name in TRACKED_FIELDS if before[name] != after[name]
    }
    if not changes:
        return None
    change = SessionChange.objects.create(
        session=session,
        by=recorded_actor(by),
        at=timezone.now(),
        changes=changes,
        note=note,
    )
    for handler in _session_changed:
        handler(change=change)
    return change


@transaction.atomic
def session_create(
    *,
    cohort: Cohort,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    title_en: str = "",
    module: Module | None = None,
    room: Room | None = None,
    online_url: str = "",
    time_zone: str = "",
    trainers: Sequence[Any] = (),
    allow_conflict: bool = False,
    conflict_note: str = "",
    by: Actor,
) -> Session:
    """Schedule a session; a trainer or room booked elsewhere at that time is refused."""
    require(by, may_manage_cohort, cohort)
    times_check({"starts_at": starts_at, "ends_at": ends_at})
    session_module_check(module=module, cohort=cohort)
    session = Session(
        cohort=cohort,
        title=title,
        title_en=title_en,
        starts_at=starts_at,
        ends_at=ends_at,
        module=module,
        room=room,
        online_url=online_url,
        time_zone=time_zone,
        allow_conflict=allow_conflict,
        conflict_note=conflict_note,
    )
    session.full_clean()
    trainer_ids = [t.pk for t in trainers]
    _refuse_or_record_clashes(session=session, trainer_ids=trainer_ids, by=by)
    session.save()
    session.trainers.set(trainer_ids)
    return session


@transaction.atomic
def session_update(
    *,
    session: Session,
    by: Actor,
    title: str = UNSET,
    title_en: str = UNSET,
    starts_at: dt.datetime = UNSET,
    ends_at: dt.datetime = UNSET,
    module: Module | None = UNSET,
    room: Room | None = UNSET,
    online_url: str = UNSET,
    time_zone: str = UNSET,
    trainers: Sequence[Any] = UNSET,
    allow_conflict: bool = UNSET,
    conflict_note: str = UNSET,
    status: str = UNSET,
) -> Session:
    """Change a session; a change of time, place or status bumps its sequence for calendars."""
    require(by, may_manage_cohort, session.cohort_id)
    session = Session.objects.select_for_update().get(pk=session.pk)
    changes = {
        name: value
        for name, value in {
            "title": title,
            "title_en": title_en,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "module": module,
            "room": room,
            "online_url": online_url,
            "time_zone": time_zone,
            "allow_conflict": allow_conflict,
            "conflict_note": conflict_note,
            "status": status,
        }.items()
        if value is not UNSET
    }
    times_check({"starts_at": starts_at, "ends_at": ends_at})
    # Calendars need a new SEQUENCE when the time, the place (a room or the online link) or the
    # status changes, and only then.
    moved = any(
        name in changes and changes[name] != getattr(session, name)
        for name in ("starts_at", "ends_at", "status", "online_url")
    ) or ("room" in changes and getattr(room, "pk", None) != session.room_id)
    if "module" in changes:
        session_module_check(module=module, cohort=session.cohort)
    before = _tracked(session)
    for name, value in changes.items():
        setattr(session, name, value)
    if moved:
        session.sequence += 1
    session.full_clean()
    trainer_ids = (
        [t.pk for t in trainers]
        if trainers is not UNSET
        else list(session.trainers.values_list("pk", flat=True))
    )
    overridden = _refuse_or_record_clashes(session=session, trainer_ids=trainer_ids, by=by)
    session.save(
        update_fields=[
            *changes,
            "sequence",
            "conflict_allowed_by",
            "conflict_allowed_at",
            "updated_at",
        ]
    )
    if trainers is not UNSET:
        session.trainers.set(trainer_ids)
    _record_change(
        session=session, before=before, by=by, note=session.conflict_note if overridden else ""
    )
    return session


@transaction.atomic
def session_cancel(*, session: Session, by: Actor) -> Session:
    """Cancel a session; calendars show it cancelled (a new sequence, STATUS:CANCELLED)."""
    require(by, may_manage_cohort, session.cohort_id)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("This session is already cancelled."))
    before = _tracked(session)
    session.status = Session.Status.CANCELLED
    session.sequence += 1
    session.save(update_fields=["status", "sequence", "updated_at"])
    _record_change(session=session, before=before, by=by)
    return session
