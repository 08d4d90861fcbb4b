"""Pages that combine apps: each user's home, My Zone, the trainers' and HR's cohort pages.

Their templates show courses and participants data beside the 360 campaigns
(`{% load campaigns %}`, programme.templatetags.campaigns).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from certificates.selectors.checklist import completion_counts
from courses.selectors.trainers import trainer_changes_for_cohort
from evaluations.selectors.evaluation import evaluations_to_answer
from kamtraining.http import AuthenticatedHttpRequest
from participants.access import has_participant_profile, is_hr, is_trainer
from participants.selectors import hr as hr_selectors
from participants.selectors import trainer as trainer_selectors
from participants.selectors.attendance import attendance_rates_for_cohort
from participants.selectors.zone import my_zone, participant_for_user
from participants.views.calendars import calendar_links
from participants.views.staff import _hr_cohort_or_404, _require_hr, _staff_cohort_or_404
from programme.selectors import Show, follow_ups_for_cohort, timeline_for


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send each user to their own home: HR, trainer or participant."""
    user = request.user
    if is_hr(user):
        return redirect("participants:hr-home")
    if is_trainer(user):
        return redirect("participants:trainer-home")
    if has_participant_profile(user):
        return redirect("participants:me")
    return redirect("courses:course-list")


@login_required
def me(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My Zone: my learning timeline (`?show=todo|done`), my sessions in my time zone, my
    course's syllabus, my attendance, my calendar."""
    participant = participant_for_user(user=request.user)
    if participant is None:
        return render(request, "participants/me_no_profile.html", {})
    show = Show.parse(request.GET.get("show"))
    zone = my_zone(participant=participant)
    to_answer = evaluations_to_answer(participant_id=participant.pk)
    timeline = timeline_for(
        participant=participant, show=show, enrollments=zone.enrollments, to_answer=to_answer
    )
    context = {
        "zone": zone,
        "calendar": calendar_links(request, request.user),
        "timeline": timeline,
        "timeline_show": show.value,
        "to_answer": to_answer,
    }
    return render(request, "programme/me_home.html", context)


@login_required
def trainer_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My cohorts: each with its roster size and next session."""
    if not (is_trainer(request.user) or is_hr(request.user)):
        raise PermissionDenied
    cohorts = trainer_selectors.cohorts_for_trainer(user=request.user)
    context = {"cohorts": cohorts, "calendar": calendar_links(request, request.user)}
    return render(request, "programme/trainer_home.html", context)


@login_required
def cohort_roster(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A cohort's roster with attendance rates and what each participant's follow-up needs
    (overdue, or waiting for the trainer), and its sessions."""
    cohort = _staff_cohort_or_404(request.user, pk)
    roster = trainer_selectors.roster_for_cohort(cohort=cohort)
    rates = attendance_rates_for_cohort(cohort=cohort)
    follow_ups = follow_ups_for_cohort(cohort=cohort, user=request.user)
    context = {
        "cohort": cohort,
        "roster": [(e, rates.get(e.pk), follow_ups.get(e.participant_id, [])) for e in roster],
        "sessions": trainer_selectors.sessions_for_cohort(cohort=cohort),
        "trainer_changes": trainer_changes_for_cohort(cohort=cohort),
    }
    return render(request, "programme/cohort_roster.html", context)


@login_required
def hr_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every cohort: capacity, confirmed, waitlist and attendance rate."""
    _require_hr(request.user)
    cohorts = list(hr_selectors.cohorts_for_hr())
    rates = hr_selectors.cohort_attendance_rates(cohort_ids=[c.pk for c in cohorts])
    rows = [(c, rates.get(c.pk)) for c in cohorts]
    return render(request, "programme/hr_home.html", {"rows": rows})


@login_required
def cohort_overview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Capacity, places, the waitlist in order, conflicts and attendance; enrol and cancel."""
    cohort = _hr_cohort_or_404(request.user, pk)
    query = request.GET.get("q", "")
    context = {
        "cohort": cohort,
        "overview": hr_selectors.cohort_overview(cohort=cohort),
        "query": query,
        "results": hr_selectors.participants_to_enrol(cohort=cohort, query=query),
        "completion": completion_counts(cohort=cohort),
        "history": hr_selectors.enrollment_history_for_cohort(cohort=cohort),
    }
    return render(request, "programme/cohort_overview.html", context)
