"""The programme office's scheduling pages: venues with rooms, cohorts, sessions, copies."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from courses.access import may_manage_cohort
from courses.forms.scheduling import (
    CohortCopyForm,
    CohortForm,
    RoomFormSet,
    SessionForm,
    VenueForm,
    cohort_initial,
    rooms_from_formset,
    rooms_initial,
    service_errors_to_form,
    session_initial,
    venue_initial,
)
from courses.models import Cohort, Session, Venue
from courses.selectors import scheduling as selectors
from courses.services.catalogue import cohort_create, cohort_update
from courses.services.copying import cohort_copy as copy_cohort
from courses.services.scheduling import session_cancel as cancel_session
from courses.services.scheduling import session_create, session_update
from courses.services.venues import venue_create, venue_update
from kamtraining.http import AuthenticatedHttpRequest
from kamtraining.i18n import time_zone_names


def _require_scheduler(user: Any) -> None:
    if not may_manage_cohort(user):
        raise PermissionDenied


def _saved(form: Any, action: Callable[[], Any], renames: dict | None = None) -> Any:
    """Run a service; its refusal becomes the form's errors and the result is None."""
    try:
        return action()
    except ValidationError as error:
        if hasattr(form, "refused"):
            form.refused(error)
        else:
            service_errors_to_form(form, error, renames or {})
        return None


def _zones() -> list[str]:
    return sorted(time_zone_names())


def _cohort_or_404(pk: int) -> Cohort:
    cohort = selectors.cohort_for_scheduling(pk=pk)
    if cohort is None:
        raise Http404
    return cohort


def _session_or_404(pk: int) -> Session:
    session = selectors.session_for_scheduling(pk=pk)
    if session is None:
        raise Http404
    return session


# --- Venues ---------------------------------------------------------------------------------


@login_required
def venue_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every venue with its rooms."""
    _require_scheduler(request.user)
    venues = list(selectors.venues_for_scheduling())
    return render(request, "courses/venue_list.html", {"venues": venues})


def _venue_page(request: AuthenticatedHttpRequest, venue: Venue | None) -> HttpResponse:
    if request.method == "POST":
        form = VenueForm(request.POST)
        rooms = RoomFormSet(request.POST, prefix="rooms")
        if form.is_valid() and rooms.is_valid():
            values = {**form.cleaned_data, "rooms": rooms_from_formset(rooms)}
            if venue is None:
                saved = _saved(form, lambda: venue_create(by=request.user, **values))
            else:
                saved = _saved(form, lambda: venue_update(by=request.user, venue=venue, **values))
            if saved is not None:
                messages.success(request, _("Venue “%(name)s” saved.") % {"name": saved.name})
                return redirect("courses:venue-list")
    elif venue is None:
        form = VenueForm()
        rooms = RoomFormSet(prefix="rooms")
    else:
        form = VenueForm(initial=venue_initial(venue))
        rooms = RoomFormSet(prefix="rooms", initial=rooms_initial(venue))
    context = {"form": form, "rooms": rooms, "venue": venue, "time_zones": _zones()}
    return render(request, "courses/venue_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def venue_create_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add a venue and its rooms."""
    _require_scheduler(request.user)
    return _venue_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def venue_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change a venue and its rooms on one page."""
    _require_scheduler(request.user)
    venue = selectors.venue_get(pk=pk)
    if venue is None:
        raise Http404
    return _venue_page(request, venue)


# --- Cohorts --------------------------------------------------------------------------------


@login_required
def cohort_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every cohort with its dates, zone, venue, trainers and number of sessions."""
    _require_scheduler(request.user)
    cohorts = list(selectors.cohorts_for_scheduling())
    return render(request, "courses/cohort_list.html", {"cohorts": cohorts})


def _trainer_ids(owner: Cohort | Session | None) -> list[int]:
    return [] if owner is None else [t.pk for t in owner.trainers.all()]


def _cohort_page(request: AuthenticatedHttpRequest, cohort: Cohort | None) -> HttpResponse:
    current = _trainer_ids(cohort)
    if request.method == "POST":
        form = CohortForm(request.POST, current_trainers=current)
        if form.is_valid():
            values = form.service_values()
            if cohort is None:
                saved = _saved(form, lambda: cohort_create(by=request.user, **values))
            else:
                # Through the one service: a raised capacity hands free places to the waitlist.
                saved = _saved(
                    form, lambda: cohort_update(by=request.user, cohort=cohort, **values)
                )
            if saved is not None:
                messages.success(request, _("Cohort “%(name)s” saved.") % {"name": saved.name})
                return redirect("courses:cohort-sessions", pk=saved.pk)
    elif cohort is None:
        form = CohortForm(initial={"status": Cohort.Status.DRAFT, "capacity": 30})
    else:
        form = CohortForm(initial=cohort_initial(cohort), current_trainers=current)
    context = {"form": form, "cohort": cohort, "time_zones": _zones()}
    return render(request, "courses/cohort_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open a new cohort of a course."""
    _require_scheduler(request.user)
    return _cohort_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change a cohort: dates, zone, capacity, enrolment window, trainers."""
    _require_scheduler(request.user)
    return _cohort_page(request, _cohort_or_404(pk))


@login_required
def cohort_sessions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A cohort's sessions in its own zone, each to edit or cancel."""
    _require_scheduler(request.user)
    cohort = _cohort_or_404(pk)
    context = {"cohort": cohort, "rows": selectors.sessions_for_scheduling(cohort=cohort)}
    return render(request, "courses/cohort_sessions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_copy(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Schedule the next intake: the cohort's sessions on new dates, at the same local times."""
    _require_scheduler(request.user)
    cohort = _cohort_or_404(pk)
    form = CohortCopyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        copy = _saved(
            form, lambda: copy_cohort(cohort=cohort, by=request.user, **form.cleaned_data)
        )
        if copy is not None:
            messages.success(
                request,
                _("Cohort copied to “%(name)s”, as a draft.") % {"name": copy.name},
            )
            return redirect("courses:cohort-sessions", pk=copy.pk)
    return render(request, "courses/cohort_copy.html", {"cohort": cohort, "form": form})


# --- Sessions -------------------------------------------------------------------------------


def _session_page(
    request: AuthenticatedHttpRequest, cohort: Cohort, session: Session | None
) -> HttpResponse:
    current = _trainer_ids(session)
    if request.method == "POST":
        form = SessionForm(request.POST, cohort=cohort, current_trainers=current)
        if form.is_valid():
            values = form.service_values()
            if session is None:
                saved = _saved(
                    form, lambda: session_create(cohort=cohort, by=request.user, **values)
                )
            else:
                saved = _saved(
                    form, lambda: session_update(session=session, by=request.user, **values)
                )
            if saved is not None:
                messages.success(request, _("Session “%(title)s” saved.") % {"title": saved})
                return redirect("courses:cohort-sessions", pk=cohort.pk)
    elif session is None:
        form = SessionForm(cohort=cohort)
    else:
        form = SessionForm(
            cohort=cohort, initial=session_initial(session), current_trainers=current
        )
    context = {
        "form": form,
        "cohort": cohort,
        "session": session,
        "time_zones": _zones(),
        "history": selectors.session_history(session=session) if session is not None else [],
    }
    return render(request, "courses/session_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_create_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add a session to a cohort, typed in the cohort's zone."""
    _require_scheduler(request.user)
    return _session_page(request, _cohort_or_404(pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move, re-room or rename a session."""
    _require_scheduler(request.user)
    session = _session_or_404(pk)
    return _session_page(request, session.cohort, session)


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask, then cancel a session; calendars show it cancelled."""
    _require_scheduler(request.user)
    session = _session_or_404(pk)
    if request.method == "POST":
        try:
            cancel_session(session=session, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Session “%(title)s” cancelled.") % {"title": session})
        return redirect("courses:cohort-sessions", pk=session.cohort_id)
    row = selectors.session_row(session=session, zone=session.zone_name)
    context = {"session": session, "cohort": session.cohort, "row": row}
    return render(request, "courses/session_cancel.html", context)
