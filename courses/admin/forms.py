"""Forms of the courses admin: sessions are checked for double bookings before they save."""

from itertools import combinations
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Session
from courses.selectors.conflicts import Clash
from courses.services.scheduling import session_clashes_check, session_module_check

SESSION_FIELDS = (
    "module",
    "title",
    "title_en",
    "starts_at",
    "ends_at",
    "room",
    "online_url",
    "time_zone",
    "trainers",
    "status",
    "allow_conflict",
    "conflict_note",
)


class SessionAdminForm(forms.ModelForm):
    """A session as HR edits it; refused like the services refuse a double booking."""

    # https unless said otherwise (Django 6's default, without its deprecation warning).
    online_url = forms.URLField(
        label=_("online meeting link"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Session
        fields = ("cohort", *SESSION_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone_name()
        for name in ("starts_at", "ends_at"):
            if name in self.fields:
                self.fields[name].help_text = _("In your time zone (%(zone)s).") % {"zone": zone}

    def probe(self) -> Session | None:
        """The session as submitted (unsaved), or None while its times are invalid."""
        data = self.cleaned_data
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at is None or ends_at is None or ends_at <= starts_at:
            return None  # the model's own checks report these
        cohort = data.get("cohort") or getattr(self.instance, "cohort", None)
        return Session(
            pk=self.instance.pk,
            cohort=cohort,
            title=data.get("title", ""),
            title_en=data.get("title_en", ""),
            starts_at=starts_at,
            ends_at=ends_at,
            room=data.get("room"),
            status=data.get("status") or Session.Status.SCHEDULED,
            allow_conflict=bool(data.get("allow_conflict")),
            conflict_note=data.get("conflict_note", ""),
        )

    def trainer_ids(self) -> list[int]:
        return [trainer.pk for trainer in self.cleaned_data.get("trainers") or ()]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        cohort = self.cleaned_data.get("cohort") or getattr(self.instance, "cohort", None)
        if cohort is not None:
            session_module_check(module=self.cleaned_data.get("module"), cohort=cohort)
        probe = self.probe()
        if probe is not None:
            session_clashes_check(session=probe, trainer_ids=self.trainer_ids())
        return cleaned


def _shared_bookings(first: SessionAdminForm, second: SessionAdminForm) -> list[tuple[str, str]]:
    """The trainers and room two submitted sessions would both use, as (kind, name)."""
    shared = [
        ("trainer", str(trainer))
        for trainer in first.cleaned_data.get("trainers") or ()
        if trainer.pk in set(second.trainer_ids())
    ]
    room = first.cleaned_data.get("room")
    if room is not None and room == second.cleaned_data.get("room"):
        shared.append(("room", str(room)))
    return shared


class SessionInlineFormSet(forms.BaseInlineFormSet):
    """A cohort's sessions: rows of one submission are also checked against each other."""

    def clean(self) -> None:
        super().clean()
        rows = [
            form
            for form in self.forms
            if form.is_valid()
            and (form.has_changed() or form.instance.pk is not None)
            and not self._should_delete_form(form)  # type: ignore[attr-defined]
        ]
        probes = {form: form.probe() for form in rows if isinstance(form, SessionAdminForm)}
        for earlier, later in combinations(probes, 2):
            first, second = probes[earlier], probes[later]
            if first is None or second is None:
                continue
            if Session.Status.CANCELLED in (first.status, second.status):
                continue
            if not (first.starts_at < second.ends_at and second.starts_at < first.ends_at):
                continue
            clashes = [
                Clash(kind=kind, session=first, what=what)
                for kind, what in _shared_bookings(earlier, later)
            ]
            if not clashes:
                continue
            # The later row saves second, so it is the one the services would refuse.
            if not second.allow_conflict:
                later.add_error("starts_at", [clash.message for clash in clashes])
            elif not second.conflict_note.strip():
                later.add_error(
                    "conflict_note", ValidationError(_("Say why the conflict is allowed."))
                )
