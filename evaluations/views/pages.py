"""The attendee's questionnaire, the results per cohort and per course, HR's comment review.

Who may answer is the attendance rule of evaluations.access: anyone else who signs in gets a
403 page that says why. Results and the review answer as the cohort's private pages do: a 404
for whoever may not see them, a 403 for a trainer who may see the results but not review.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from courses.access import is_hr
from courses.models import Cohort, Course
from evaluations.access import (
    may_answer_evaluation,
    may_manage_evaluation,
    may_review_comments,
    may_view_course_results,
    may_view_results,
)
from evaluations.forms import (
    QUESTION_LABELS,
    CommentReviewForm,
    EvaluationSettingsForm,
    answer_input,
    questionnaire_context,
)
from evaluations.models import DEFAULT_FOLLOW_UP_DAYS, DEFAULT_OPEN_DAYS, Answer, FollowUp
from evaluations.selectors.evaluation import (
    evaluation_of,
    has_voted,
    questionnaire_for,
    window_for,
)
from evaluations.selectors.follow_ups import follow_ups_for_cohort
from evaluations.selectors.impact import RELIABLE, impact_for
from evaluations.selectors.results import MIN_ANSWERS, results_for
from evaluations.services.answers import (
    answer_submit,
    comment_review,
    evaluation_ensure,
    evaluation_update,
)
from kamtraining.http import AuthenticatedHttpRequest
from participants.access import acting_user
from participants.selectors.zone import participant_for_user

# The page's status per reason an attendee cannot answer now.
UNAVAILABLE_STATUS = {"not_open": 403, "closed": 410}


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for ms in error.message_dict.values() for m in ms]
    return list(error.messages)


def _cohort(pk: int) -> Cohort:
    return get_object_or_404(Cohort.objects.select_related("course"), pk=pk)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def evaluation_answer(request: AuthenticatedHttpRequest, cohort_pk: int) -> HttpResponse:
    """The questionnaire, once per attendee, while the evaluation is open."""
    cohort = _cohort(cohort_pk)
    participant = participant_for_user(user=request.user)
    if participant is None or not may_answer_evaluation.test(request.user, cohort):
        return render(
            request, "evaluations/evaluation_refused.html", {"cohort": cohort}, status=403
        )
    evaluation = evaluation_of(cohort=cohort)
    page = {"cohort": cohort}
    if has_voted(evaluation=evaluation, participant_id=participant.pk):
        return render(
            request,
            "evaluations/evaluation_thanks.html",
            {**page, "just_now": request.GET.get("done") == "1"},
        )
    window = window_for(cohort=cohort, evaluation=evaluation)
    state = window.state()
    if state != "open":
        return render(
            request,
            "evaluations/evaluation_unavailable.html",
            {**page, "state": state, "window": window},
            status=UNAVAILABLE_STATUS[state],
        )
    asked = questionnaire_for(cohort=cohort)
    errors: list[str] = []
    given = None
    if request.method == "POST":
        given = answer_input(
            request.POST,
            module_ids={m.pk for m in asked["modules"]},
            trainer_ids={t.pk for t in asked["trainers"]},
        )
        try:
            answer_submit(
                cohort=cohort,
                participant=participant,
                scores=given.scores,
                modules=given.modules,
                trainers=given.trainers,
                comment=given.comment,
                by=acting_user(request.user),
            )
        except ValidationError as error:
            if has_voted(evaluation=evaluation_of(cohort=cohort), participant_id=participant.pk):
                return redirect("evaluations:evaluation-answer", cohort.pk)
            errors = _messages(error)
        else:
            return redirect(reverse("evaluations:evaluation-answer", args=[cohort.pk]) + "?done=1")
    context = {
        **page,
        **questionnaire_context(modules=asked["modules"], trainers=asked["trainers"], given=given),
        "window": window,
        "errors": errors,
        "min_answers": MIN_ANSWERS,
    }
    return render(
        request, "evaluations/evaluation_answer.html", context, status=400 if errors else 200
    )


def _staff_cohort(request: AuthenticatedHttpRequest, pk: int) -> Cohort:
    cohort = _cohort(pk)
    if not may_view_results.test(request.user, cohort):
        raise Http404
    return cohort


def _results_context(results: dict[str, Any]) -> dict[str, Any]:
    questions = [{**q, "label": QUESTION_LABELS[q["code"]]} for q in results["questions"]]
    return {"results": results, "questions": questions}


@login_required
@require_http_methods(["GET", "HEAD"])
def evaluation_results(request: AuthenticatedHttpRequest, cohort_pk: int) -> HttpResponse:
    """A cohort's results for HR and its trainers, under the small-group rules."""
    cohort = _staff_cohort(request, cohort_pk)
    hr = is_hr(request.user)
    results = results_for(cohort_ids=[cohort.pk], comments="all" if hr else "trainer")
    evaluation = evaluation_of(cohort=cohort)
    settings_form = None
    if may_manage_evaluation.test(request.user, cohort):
        settings_form = EvaluationSettingsForm(
            initial={
                "open_days": evaluation.open_days if evaluation else DEFAULT_OPEN_DAYS,
                "follow_up_days": evaluation.follow_up_days
                if evaluation
                else DEFAULT_FOLLOW_UP_DAYS,
            }
        )
    context = {
        "cohort": cohort,
        "course": cohort.course,
        "settings_form": settings_form,
        "window": window_for(cohort=cohort, evaluation=evaluation),
        "is_hr": hr,
        "may_review": may_review_comments.test(request.user, cohort),
        "statuses": dict(Answer.CommentStatus.choices),
        "export_url": "evaluations:evaluation-results-export",
        "export_pk": cohort.pk,
        **_results_context(results),
    }
    return render(request, "evaluations/evaluation_results.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def course_results(request: AuthenticatedHttpRequest, course_pk: int) -> HttpResponse:
    """A course's results over all its cohorts; published comments only."""
    course = get_object_or_404(Course, pk=course_pk)
    if not may_view_course_results.test(request.user, course):
        raise Http404
    cohorts = list(
        Cohort.objects.filter(course=course)
        .exclude(status=Cohort.Status.CANCELLED)
        .order_by("-starts_on", "pk")
    )
    results = results_for(cohort_ids=[c.pk for c in cohorts], comments="published")
    context = {
        "course": course,
        "cohorts": cohorts,
        "is_hr": is_hr(request.user),
        "export_url": "evaluations:course-results-export",
        "export_pk": course.pk,
        **_results_context(results),
    }
    return render(request, "evaluations/course_results.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def evaluation_comments(request: AuthenticatedHttpRequest, cohort_pk: int) -> HttpResponse:
    """HR reviews each comment: publish, show to the cohort's trainers only, or hide."""
    cohort = _staff_cohort(request, cohort_pk)
    user = acting_user(request.user)
    if not may_review_comments.test(user, cohort):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        form = CommentReviewForm(request.POST)
        if form.is_valid():
            answer = get_object_or_404(
                Answer, pk=form.cleaned_data["answer"], evaluation__cohort_id=cohort.pk
            )
            try:
                comment_review(answer=answer, status=form.cleaned_data["status"], by=user)
            except ValidationError as error:
                errors = _messages(error)
            else:
                messages.success(request, _("The comment's review is saved."))
                return redirect("evaluations:evaluation-comments", cohort.pk)
        else:
            errors = [_("Choose publish, trainers only or hide.")]
    results = results_for(cohort_ids=[cohort.pk], comments="all")
    context = {
        "cohort": cohort,
        "comments": results["comments"],
        "statuses": dict(Answer.CommentStatus.choices),
        "choices": CommentReviewForm.base_fields["status"].choices,  # type: ignore[attr-defined]
        "errors": errors,
    }
    return render(
        request,
        "evaluations/evaluation_comments.html",
        context,
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def cohort_impact(request: AuthenticatedHttpRequest, cohort_pk: int) -> HttpResponse:
    """Per dimension: the class before and after, the mean change, and who changed reliably."""
    cohort = _staff_cohort(request, cohort_pk)
    context = {"cohort": cohort, "impact": impact_for(cohort=cohort), "threshold": RELIABLE}
    return render(request, "evaluations/cohort_impact.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def follow_up_list(request: AuthenticatedHttpRequest, cohort_pk: int) -> HttpResponse:
    """The follow-ups on the job of a cohort: per participant's goal, theirs and their manager's."""
    cohort = _staff_cohort(request, cohort_pk)
    rows = list(follow_ups_for_cohort(cohort_id=cohort.pk))
    goals: dict[int, dict[str, Any]] = {}
    for row in rows:
        goal = goals.setdefault(
            row.goal_id,
            {"goal": row.goal, "participant": row.goal.plan.participant, "answers": []},
        )
        goal["answers"].append(row)
    answered = sum(1 for row in rows if row.status == FollowUp.Status.ANSWERED)
    context = {
        "cohort": cohort,
        "goals": list(goals.values()),
        "asked": len(rows),
        "answered": answered,
    }
    return render(request, "evaluations/follow_up_list.html", context)


@login_required
@require_http_methods(["POST"])
def evaluation_settings(request: AuthenticatedHttpRequest, cohort_pk: int) -> HttpResponse:
    """HR sets how long the evaluation stays open and when the follow-up goes out."""
    cohort = _staff_cohort(request, cohort_pk)
    user = acting_user(request.user)
    if not may_manage_evaluation.test(user, cohort):
        raise PermissionDenied
    form = EvaluationSettingsForm(request.POST)
    if form.is_valid():
        evaluation_update(evaluation=evaluation_ensure(cohort=cohort), by=user, **form.cleaned_data)
        messages.success(request, _("The evaluation's settings are saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("evaluations:evaluation-results", cohort.pk)
