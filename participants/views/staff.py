from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from courses.models import Cohort, Session
from kamtraining.http import AuthenticatedHttpRequest
from participants.access import may_manage_enrollment
from participants.forms.staff import AttendanceSheetForm, CancelForm, EnrolForm
from participants.models import Attendance, Enrollment, User
from participants.selectors import trainer as trainer_selectors
from participants.services.attendance import attendance_mark_many
from participants.services.enrollment import BulkEnrolment, enrollments_create_each
from participants.services.enrollment import enrollment_cancel as cancel_enrollment
from participants.services.users import user_set_language


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the language; remembered on the user (if logged in) and in a cookie."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


# --- Trainers -----------------------------------------------------------------------------


def _staff_cohort_or_404(user: User, pk: int) -> Cohort:
    """The cohort, for HR and its trainers; a 404 for anyone else (no existence leak)."""
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=pk)
    if not user.has_perm("courses.view_cohort_private", cohort):
        raise Http404
    return cohort


def _staff_session_or_404(user: User, pk: int) -> Session:
    session = get_object_or_404(
        Session.objects.select_related("cohort__course", "module", "room__venue"), pk=pk
    )
    if not user.has_perm("courses.view_cohort_private", session.cohort):
        raise Http404
    return session


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


# Marks taken before a session starts are usually a slip of the finger on the wrong row.
CONFIRM_EARLY_FIELD = "confirm_early"


def _needs_early_confirmation(request: HttpRequest, session: Session) -> bool:
    return (
        session.status != Session.Status.CANCELLED
        and session.starts_at > timezone.now()
        and request.POST.get(CONFIRM_EARLY_FIELD) != "1"
    )


def _confirm_early_marks(request: HttpRequest, session: Session) -> HttpResponse:
    """Ask before marking a session that has not started; the answer re-posts the same marks."""
    question = _("This session has not started yet. Mark attendance anyway?")
    if _wants_json(request):
        return JsonResponse({"error": question, "confirm": question}, status=409)
    context = {
        "session": session,
        "cohort": session.cohort,
        "question": question,
        "confirm_field": CONFIRM_EARLY_FIELD,
        "posted": [
            (name, value)
            for name, values in request.POST.lists()
            if name not in ("csrfmiddlewaretoken", CONFIRM_EARLY_FIELD)
            for value in values
        ],
    }
    return render(request, "participants/attendance_confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def attendance_sheet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The whole roster of one session, one click per person; works without a script."""
    session = _staff_session_or_404(request.user, pk)
    rows = trainer_selectors.attendance_sheet(session=session)
    form = AttendanceSheetForm(request.POST or None, rows=rows)
    if request.method == "POST":
        everyone_else = (
            Attendance.Status.PRESENT if request.POST.get("action") == "all_present" else ""
        )
        error = ""
        saved = 0
        if not form.is_valid():
            error = _("Choose present, late, absent or excused for each person.")
        else:
            changed = form.changed_statuses(everyone_else=everyone_else)
            if changed and _needs_early_confirmation(request, session):
                return _confirm_early_marks(request, session)
            try:
                attendance_mark_many(session=session, statuses=changed, by=request.user)
                saved = len(changed)
            except ValidationError as exc:
                error = " ".join(exc.messages)
        if _wants_json(request):
            if error:
                return JsonResponse({"error": error}, status=400)
            return JsonResponse({"saved": saved})
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Attendance saved (%(n)d changed).") % {"n": saved})
        return redirect("participants:attendance-sheet", pk=session.pk)
    counts = {status: 0 for status in Attendance.Status.values}
    for row in rows:
        if row.status:
            counts[row.status] += 1
    context = {
        "session": session,
        "cohort": session.cohort,
        "rows": rows,
        "choices": Attendance.Status.choices,
        "counts": [(label, counts[value]) for value, label in Attendance.Status.choices],
        "unmarked": sum(1 for row in rows if not row.status),
        "is_cancelled": session.status == Session.Status.CANCELLED,
        "not_started": session.starts_at > timezone.now(),
        "confirm_field": CONFIRM_EARLY_FIELD,
    }
    return render(request, "participants/attendance_sheet.html", context)


# --- Programme office (HR) ------------------------------------------------------------------


def _require_hr(user: User) -> None:
    if not may_manage_enrollment(user):
        raise PermissionDenied


def _hr_cohort_or_404(user: User, pk: int) -> Cohort:
    # Only HR may know of the programme-office pages of a cohort: anyone else gets a 404.
    if not may_manage_enrollment(user):
        raise Http404
    return get_object_or_404(Cohort.objects.select_related("course", "venue"), pk=pk)


def _names(people: list[Any]) -> str:
    return ", ".join(str(p) for p in people)


def _enrol_single_message(request: HttpRequest, result: BulkEnrolment) -> None:
    if result.confirmed:
        messages.success(
            request,
            _("%(who)s is enrolled (%(status)s).")
            % {"who": result.confirmed[0], "status": Enrollment.Status.CONFIRMED.label.lower()},
        )
    elif result.waitlisted:
        messages.warning(
            request,
            _("The cohort is full: %(who)s joins the waitlist.") % {"who": result.waitlisted[0]},
        )
    elif result.already_enrolled:
        messages.error(
            request,
            _("%(participant)s is already enrolled in this cohort.")
            % {"participant": result.already_enrolled[0]},
        )
    elif result.refused:
        messages.error(request, result.refused[0][1])
    else:
        messages.error(
            request,
            _("Nobody has the email or employee number “%(token)s”.")
            % {"token": result.unknown[0]},
        )


def _enrol_summary(request: HttpRequest, result: BulkEnrolment) -> None:
    """One summary of a bulk enrolment: each outcome with its count and names."""
    if result.total == 1:
        _enrol_single_message(request, result)
        return
    if result.confirmed:
        messages.success(
            request,
            _("Confirmed (%(n)d): %(names)s.")
            % {"n": len(result.confirmed), "names": _names(result.confirmed)},
        )
    if result.waitlisted:
        messages.warning(
            request,
            _("Waitlisted, the cohort is full (%(n)d): %(names)s.")
            % {"n": len(result.waitlisted), "names": _names(result.waitlisted)},
        )
    if result.already_enrolled:
        messages.info(
            request,
            _("Already enrolled (%(n)d): %(names)s.")
            % {"n": len(result.already_enrolled), "names": _names(result.already_enrolled)},
        )
    if result.unknown:
        messages.error(
            request,
            _("Unknown, nobody has this email or employee number (%(n)d): %(names)s.")
            % {"n": len(result.unknown), "names": ", ".join(result.unknown)},
        )
    for _participant, why in result.refused:
        messages.error(request, why)


@login_required
@require_POST
def cohort_enrol(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Enrol the people ticked in the search or pasted as emails or employee numbers."""
    cohort = _hr_cohort_or_404(request.user, pk)
    form = EnrolForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        return redirect("participants:cohort-overview", pk=cohort.pk)
    try:
        result = enrollments_create_each(
            cohort=cohort,
            by=request.user,
            participants=form.cleaned_data["participant"],
            tokens=form.cleaned_data["tokens"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        _enrol_summary(request, result)
    return redirect("participants:cohort-overview", pk=cohort.pk)


@login_required
@require_POST
def enrollment_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not may_manage_enrollment(request.user):
        raise Http404
    enrollment = get_object_or_404(Enrollment.objects.select_related("participant"), pk=pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        cancellation = cancel_enrollment(enrollment=enrollment, by=request.user, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("participants:cohort-overview", pk=enrollment.cohort_id)
    messages.success(
        request, _("%(who)s's enrolment is cancelled.") % {"who": enrollment.participant}
    )
    for promoted in cancellation.promoted:
        messages.info(
            request,
            _("%(who)s moves up from the waitlist and has a place.")
            % {"who": promoted.participant},
        )
    return redirect("participants:cohort-overview", pk=enrollment.cohort_id)
