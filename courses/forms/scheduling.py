"""Forms of the programme office's scheduling pages: venues, cohorts, sessions, copies."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models import Cohort, Course, Module, Session, Venue
from courses.selectors.scheduling import modules_of_course, rooms_to_choose, trainers_to_choose
from courses.services.venues import RoomInput
from kamtraining.i18n import time_zone_names
from kamtraining.local_time import aware_to_local, local_to_aware

# A session starting before 07:00 or after 22:00 local time is usually a slip (a zone mixed
# up, or 9 p.m. typed for 9 a.m.): the form asks once before saving it.
EARLIEST_USUAL_START = dt.time(7, 0)
LATEST_USUAL_START = dt.time(22, 0)
LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock date and time with no zone: the form says which zone it is in."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT_FORMAT)

    def to_python(self, value: Any) -> dt.datetime | None:
        # Parsed in UTC (which has no gaps or repeats) and stripped: the zone is applied later,
        # by the form that knows it, so a skipped or doubled hour gets our own message.
        with timezone.override(dt.UTC):
            parsed = super().to_python(value)
        return None if parsed is None else timezone.make_naive(parsed, dt.UTC)


class TimeZoneField(forms.CharField):
    """An IANA name typed with the help of a <datalist> the template renders."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Time zone"))
        kwargs.setdefault(
            "help_text", _("An IANA name, e.g. Asia/Shanghai or Europe/London: type to filter.")
        )
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"})
        )
        super().__init__(max_length=64, **kwargs)

    def clean(self, value: Any) -> str:
        name = str(super().clean(value) or "").strip()
        if not name and not self.required:
            return ""
        if name not in time_zone_names():
            raise ValidationError(
                _("“%(value)s” is not a known time zone (use an IANA name such as Asia/Shanghai)."),
                params={"value": name},
            )
        return name


def service_errors_to_form(form: forms.BaseForm, error: ValidationError, renames: dict) -> None:
    """Show a service's refusal on the form: each message beside the field it names."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = renames.get(name, name)
        form.add_error(field if field in form.fields else None, errors)


# --- Venues ---------------------------------------------------------------------------------


class VenueForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    time_zone = TimeZoneField()


def venue_initial(venue: Venue) -> dict[str, Any]:
    return {
        "name": venue.name,
        "address": venue.address,
        "city": venue.city,
        "time_zone": venue.time_zone,
    }


class RoomForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Room"), max_length=100, required=False)
    capacity = forms.IntegerField(label=_("Seats"), min_value=0, required=False)

    def as_input(self) -> RoomInput | None:
        """The row as the service takes it; None for a blank extra row."""
        data = self.cleaned_data
        if not data.get("name") and not data.get("id"):
            return None
        return RoomInput(
            pk=data.get("id"),
            name=data.get("name") or "",
            capacity=data.get("capacity"),
            delete=bool(data.get("DELETE")),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("id") and not data.get("name") and not data.get("DELETE"):
            self.add_error("name", _("Give the room a name, or tick “remove”."))
        return data


RoomFormSet = forms.formset_factory(RoomForm, extra=2, can_delete=True)


def rooms_initial(venue: Venue) -> list[dict[str, Any]]:
    return [{"id": r.pk, "name": r.name, "capacity": r.capacity} for r in venue.rooms.all()]


def rooms_from_formset(formset: Any) -> list[RoomInput]:
    return [row for form in formset.forms if (row := form.as_input()) is not None]


# --- Cohorts --------------------------------------------------------------------------------


class CohortForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.order_by("code"), empty_label=None
    )
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Letters, digits and hyphens, e.g. kam-2027-01; unique."),
    )
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=200)
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time_zone = TimeZoneField(
        help_text=_(
            "Where the cohort meets: its sessions are typed and shown in this zone. An IANA "
            "name such as Europe/London: type to filter."
        )
    )
    venue = forms.ModelChoiceField(
        label=_("Venue"), queryset=Venue.objects.order_by("name"), required=False
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=0,
        help_text=_("Raising it gives the free places to the waitlist, first come first served."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Cohort.Status.choices)
    enrolment_opens_at = LocalDateTimeField(
        label=_("Enrolment opens"),
        required=False,
        help_text=_("In the cohort's time zone; leave empty for no limit."),
    )
    enrolment_closes_at = LocalDateTimeField(
        label=_("Enrolment closes"),
        required=False,
        help_text=_("In the cohort's time zone; leave empty for no limit."),
    )
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"),
        queryset=trainers_to_choose(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, current_trainers: Sequence[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        trainers = self.fields["trainers"]
        assert isinstance(trainers, forms.ModelMultipleChoiceField)
        trainers.queryset = trainers_to_choose(current=current_trainers)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day cannot come before the first."))
        zone = data.get("time_zone")
        for name in ("enrolment_opens_at", "enrolment_closes_at"):
            value = data.get(name)
            if value is None or not zone:
                continue
            try:
                data[name] = local_to_aware(value, zone)
            except ValidationError as error:
                self.add_error(name, error)
        opens, closes = data.get("enrolment_opens_at"), data.get("enrolment_closes_at")
        if (
            isinstance(opens, dt.datetime)
            and isinstance(closes, dt.datetime)
            and opens.tzinfo
            and closes.tzinfo
            and closes <= opens
        ):
            self.add_error("enrolment_closes_at", _("Enrolment must close after it opens."))
        return data

    def service_values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def cohort_initial(cohort: Cohort) -> dict[str, Any]:
    def local(value: dt.datetime | None) -> dt.datetime | None:
        return None if value is None else aware_to_local(value, cohort.time_zone)

    return {
        "course": cohort.course_id,
        "code": cohort.code,
        "name": cohort.name,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
        "time_zone": cohort.time_zone,
        "venue": cohort.venue_id,
        "capacity": cohort.capacity,
        "status": cohort.status,
        "enrolment_opens_at": local(cohort.enrolment_opens_at),
        "enrolment_closes_at": local(cohort.enrolment_closes_at),
        "trainers": [t.pk for t in cohort.trainers.all()],
    }


class CohortCopyForm(forms.Form):
    code = forms.SlugField(
        label=_("Code of the new cohort"),
        max_length=40,
        help_text=_("Letters, digits and hyphens, e.g. kam-2027-01; unique."),
    )
    name = forms.CharField(
        label=_("Name of the new cohort"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the code."),
    )
    starts_on = forms.DateField(
        label=_("New first day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Every session moves by the same number of days and keeps its local time, even "
            "across a change to or from summer time."
        ),
    )


# --- Sessions -------------------------------------------------------------------------------


class SessionForm(forms.Form):
    """A session typed in its own zone; asks before an unusual hour; offers the override.

    The zone the times are typed in is the session's rule (`Session.zone_name`): the zone given
    here, else the chosen room's venue's, else the cohort's.
    """

    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    module = forms.ModelChoiceField(
        label=_("Module"), queryset=Module.objects.all(), required=False
    )
    starts_local = LocalDateTimeField(label=_("Starts"))
    ends_local = LocalDateTimeField(label=_("Ends"))
    room = forms.ModelChoiceField(label=_("Room"), queryset=rooms_to_choose(), required=False)
    time_zone = TimeZoneField(
        required=False,
        help_text=_(
            "Only when this session meets somewhere else: leave it empty for the room's venue's "
            "zone, else the cohort's. The times above are typed in this zone."
        ),
    )
    online_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https"
    )
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"),
        queryset=trainers_to_choose(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm_unusual_time = forms.BooleanField(
        label=_("Yes, the session really starts at this hour"), required=False
    )
    allow_conflict = forms.BooleanField(
        label=_("Allow the conflict"),
        required=False,
        help_text=_("Save even though a trainer or the room is booked elsewhere at that time."),
    )
    conflict_note = forms.CharField(
        label=_("Why the conflict is allowed (recorded)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, cohort: Cohort, current_trainers: Sequence[int] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        trainers = self.fields["trainers"]
        assert isinstance(trainers, forms.ModelMultipleChoiceField)
        trainers.queryset = trainers_to_choose(current=current_trainers)
        # Shown in the labels: the zone the session has now (a new one: the cohort's); the zone
        # actually applied is decided in clean() from the zone and room posted.
        self.zone = str(self.initial.get("effective_time_zone") or cohort.time_zone)
        zone_label = {"zone": self.zone}
        self.fields["starts_local"].label = _("Starts (%(zone)s)") % zone_label
        self.fields["ends_local"].label = _("Ends (%(zone)s)") % zone_label
        self.fields["starts_local"].help_text = (
            _(
                "The local time where the session meets: %(zone)s unless you change its zone "
                "or room."
            )
            % zone_label
        )
        # Every module is accepted here and only the course's are offered: the service says
        # when one of another course is posted, in its own words.
        module_field = self.fields["module"]
        assert isinstance(module_field, forms.ModelChoiceField)
        module_field.choices = [
            ("", "---------"),
            *((m.pk, f"{m.number}. {m}") for m in modules_of_course(course_id=cohort.course_id)),
        ]
        self.needs_time_confirmation = False
        self.offers_override = bool(
            self.data.get("allow_conflict") or self.initial.get("allow_conflict")
        )

    def _zone_posted(self, data: dict[str, Any]) -> str:
        room = data.get("room")
        if data.get("time_zone"):
            return str(data["time_zone"])
        if room is not None and room.venue.time_zone:
            return str(room.venue.time_zone)
        return self.cohort.time_zone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "time_zone" not in self.errors:
            self.zone = self._zone_posted(data)
        for local_name, aware_name in (("starts_local", "starts_at"), ("ends_local", "ends_at")):
            value = data.get(local_name)
            if value is None:
                continue
            try:
                data[aware_name] = local_to_aware(value, self.zone)
            except ValidationError as error:
                self.add_error(local_name, error)
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_local", _("The session must end after it starts."))
        start = data.get("starts_local")
        if start is not None and not EARLIEST_USUAL_START <= start.time() <= LATEST_USUAL_START:
            self.needs_time_confirmation = True
            if not data.get("confirm_unusual_time"):
                self.add_error(
                    "confirm_unusual_time",
                    _(
                        "%(time)s %(zone)s is outside the usual 07:00–22:00. Tick the box to "
                        "confirm the time, or correct it."
                    )
                    % {"time": start.strftime("%H:%M"), "zone": self.zone},
                )
        if data.get("allow_conflict") and not str(data.get("conflict_note", "")).strip():
            self.add_error("conflict_note", _("Say why the conflict is allowed; it is recorded."))
        return data

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "title_en": data["title_en"],
            "module": data["module"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "room": data["room"],
            "time_zone": data["time_zone"],
            "online_url": data["online_url"],
            "trainers": list(data["trainers"]),
            "allow_conflict": data["allow_conflict"],
            "conflict_note": data["conflict_note"] if data["allow_conflict"] else "",
        }

    def refused(self, error: ValidationError) -> None:
        """Show the service's refusal; a clash opens the override fields."""
        codes = getattr(error, "error_dict", {})
        if "starts_at" in codes or "conflict_note" in codes:
            self.offers_override = True
        service_errors_to_form(self, error, {"starts_at": "starts_local", "ends_at": "ends_local"})


def session_initial(session: Session) -> dict[str, Any]:
    zone = session.zone_name
    return {
        "time_zone": session.time_zone,
        "effective_time_zone": zone,
        "title": session.title,
        "title_en": session.title_en,
        "module": session.module_id,
        "starts_local": aware_to_local(session.starts_at, zone),
        "ends_local": aware_to_local(session.ends_at, zone),
        "room": session.room_id,
        "online_url": session.online_url,
        "trainers": [t.pk for t in session.trainers.all()],
        "allow_conflict": session.allow_conflict,
        "conflict_note": session.conflict_note,
    }
