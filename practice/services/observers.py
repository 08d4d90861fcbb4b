"""Iron-triangle observers of the Act phase: asked by the participant, answering by token."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.access import require
from kamtraining.tokens import token_new
from participants.models import User
from practice import emails
from practice.access import may_do_practice
from practice.models import Observer, ObserverRating, Practice, PracticeEvent, TriangleRole
from practice.selectors.practices import practice_items
from practice.services.history import event_add

MAX_OBSERVATION = 5000


@transaction.atomic
def observer_invite(
    *, practice: Practice, role: TriangleRole, name: str, email: str, by: User, language: str = ""
) -> tuple[Observer, str]:
    """Ask one named observer per triangle role; return the observer and the raw link token."""
    require(by, may_do_practice, practice)
    practice = (
        Practice.objects.select_for_update()
        .select_related("participant", "assignment")
        .get(pk=practice.pk)
    )
    if practice.is_closed:
        raise ValidationError(_("This practice has been accepted; it can no longer change."))
    email = email.strip()
    own = {practice.participant.email.lower()}
    if practice.participant.user is not None:
        own.add(practice.participant.user.email.lower())
    if email.lower() in own:
        raise ValidationError({"email": _("You cannot observe your own practice.")})
    if practice.observers.filter(role=role).exists():
        raise ValidationError({"role": _("This role has an observer already.")})
    if practice.observers.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("This person observes another role already.")})
    raw, hashed = token_new()
    observer = Observer(
        practice=practice,
        role=role,
        name=name.strip(),
        email=email,
        language=language,
        token_hash=hashed,
    )
    observer.full_clean()
    observer.save()
    event_add(
        practice=practice,
        kind=PracticeEvent.Kind.OBSERVER_INVITED,
        phase="act",
        text=f"{observer.name} · {role.name_en}",
        by=by,
    )
    emails.messages_send_on_commit([emails.observer_message(observer=observer, raw_token=raw)])
    return observer, raw


@transaction.atomic
def observation_submit(
    *, observer: Observer, scores: Mapping[int, int | None], observation: str
) -> Observer:
    """Save an observer's scores (None: not observed) and observation, once and for all."""
    observer = (
        Observer.objects.select_for_update()
        .select_related("practice__assignment")
        .get(pk=observer.pk)
    )
    if observer.status == Observer.Status.SUBMITTED:
        raise ValidationError(_("You have answered already. Thank you."))
    practice = observer.practice
    if practice.is_closed:
        raise ValidationError(_("This practice has been accepted; observations are closed."))
    assignment = practice.assignment
    items = {item.pk for item in practice_items(practice)}
    unknown = set(scores) - items
    if unknown:
        raise ValidationError(_("Rate only the items of this practice."))
    for score in scores.values():
        if score is not None and not assignment.scale_min <= score <= assignment.scale_max:
            raise ValidationError(
                _("Give scores from %(low)d to %(high)d.")
                % {"low": assignment.scale_min, "high": assignment.scale_max}
            )
    observation = observation.strip()
    if not observation:
        raise ValidationError({"observation": _("Write your observation.")})
    if len(observation) > MAX_OBSERVATION or "\x00" in observation:
        raise ValidationError({"observation": _("Write at most 5000 characters.")})
    ObserverRating.objects.bulk_create(
        [
            ObserverRating(observer=observer, item_id=item_id, score=scores.get(item_id))
            for item_id in sorted(items)
        ]
    )
    observer.observation = observation
    observer.status = Observer.Status.SUBMITTED
    observer.submitted_at = timezone.now()
    observer.full_clean()
    observer.save(update_fields=["observation", "status", "submitted_at"])
    event_add(
        practice=practice,
        kind=PracticeEvent.Kind.OBSERVED,
        phase="act",
        text=observer.name,
        by=None,
    )
    return observer
