"""REST API of course evaluations: the attendee's questionnaire and the results.

The same doors as the pages: only an attendee may answer (anyone else a 403 that says why),
once, while it is open; results for HR and the cohort's trainers (anyone else a 404), from the
same selector as the results page, so the small-group rules and comment reviews are the page's.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from courses.access import is_hr
from courses.models import Cohort, Course
from evaluations.access import may_answer_evaluation, may_view_course_results, may_view_results
from evaluations.api import serializers as io
from evaluations.models import RECOMMEND_MAX, SCALE_MAX, SCALE_MIN
from evaluations.selectors.evaluation import (
    evaluation_of,
    has_voted,
    questionnaire_for,
    window_for,
)
from evaluations.selectors.results import QUESTIONS, results_for
from evaluations.services.answers import answer_submit
from kamtraining.i18n import localized
from participants.api.common import api_user
from participants.selectors.zone import participant_for_user


def _cohort(cohort_pk: int) -> Cohort:
    cohort = (
        Cohort.objects.select_related("course").filter(pk=cohort_pk).first()
        if 0 < cohort_pk <= io.MAX_ID
        else None
    )
    if cohort is None:
        raise Http404
    return cohort


def _attendee(request: Request, cohort: Cohort) -> Any:
    participant = participant_for_user(user=api_user(request))
    if participant is None or not may_answer_evaluation.test(request.user, cohort):
        raise exceptions.PermissionDenied(
            _("Only participants who attended this cohort (present or late) may answer.")
        )
    return participant


def _ratings(rows: list[dict[str, Any]], field: str) -> dict[int, int | None]:
    ratings: dict[int, int | None] = {}
    for row in rows:
        if row["id"] in ratings:
            raise ValidationError({field: _("Rate each one once.")})
        ratings[row["id"]] = row["score"]
    return ratings


class EvaluationAnswerApi(GenericAPIView):
    """The questionnaire of a cohort's evaluation (GET) and the attendee's answer (POST)."""

    serializer_class = io.EvaluationQuestionnaireOut
    path_model = Cohort  # what the ids in the path name (the API fuzz points them at real rows)

    def get_queryset(self) -> Any:
        return Cohort.objects.none()

    @extend_schema(
        tags=["evaluations"],
        summary="The questionnaire, its window, and whether you have answered",
        responses={
            200: io.EvaluationQuestionnaireOut,
            403: OpenApiResponse(description="You did not attend this cohort."),
        },
    )
    def get(self, request: Request, cohort_pk: int) -> Response:
        cohort = _cohort(cohort_pk)
        participant = _attendee(request, cohort)
        evaluation = evaluation_of(cohort=cohort)
        window = window_for(cohort=cohort, evaluation=evaluation)
        asked = questionnaire_for(cohort=cohort)
        data = {
            "cohort": cohort.pk,
            "state": window.state(),
            "opens_at": window.opens_at,
            "closes_at": window.closes_at,
            "answered": has_voted(evaluation=evaluation, participant_id=participant.pk),
            "questions": list(QUESTIONS),
            "scale": {"min": SCALE_MIN, "max": SCALE_MAX, "recommend_max": RECOMMEND_MAX},
            "modules": [
                {"id": m.pk, "number": m.number, "title": localized(m, "title")}
                for m in asked["modules"]
            ],
            "trainers": [{"id": t.pk, "name": str(t)} for t in asked["trainers"]],
        }
        return Response(io.EvaluationQuestionnaireOut(data).data)

    @extend_schema(
        tags=["evaluations"],
        summary="Answer the evaluation, once (what you answer is stored apart from you)",
        request=io.EvaluationAnswerIn,
        responses={
            201: io.EvaluationAnsweredOut,
            400: OpenApiResponse(description="Bad answers, answered already, or not open."),
            403: OpenApiResponse(description="You did not attend this cohort."),
        },
    )
    def post(self, request: Request, cohort_pk: int) -> Response:
        cohort = _cohort(cohort_pk)
        participant = _attendee(request, cohort)
        data = io.EvaluationAnswerIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        answer_submit(
            cohort=cohort,
            participant=participant,
            scores={question: values[question] for question in (*QUESTIONS, "recommend")},
            modules=_ratings(values["modules"], "modules"),
            trainers=_ratings(values["trainers"], "trainers"),
            comment=values["comment"],
            by=api_user(request),
        )
        body = io.EvaluationAnsweredOut({"cohort": cohort.pk, "answered": True}).data
        return Response(body, status=status.HTTP_201_CREATED)


class EvaluationResultsApi(GenericAPIView):
    """A cohort's results: HR sees every comment with its review, trainers the ones for them."""

    serializer_class = io.EvaluationResultsOut
    path_model = Cohort

    def get_queryset(self) -> Any:
        return Cohort.objects.none()

    @extend_schema(tags=["evaluations"], responses=io.EvaluationResultsOut)
    def get(self, request: Request, cohort_pk: int) -> Response:
        cohort = _cohort(cohort_pk)
        if not may_view_results.test(request.user, cohort):
            raise Http404
        comments = "all" if is_hr(request.user) else "trainer"
        results = results_for(cohort_ids=[cohort.pk], comments=comments)
        return Response(io.EvaluationResultsOut(results).data)


class CourseResultsApi(GenericAPIView):
    """A course's results over its cohorts (cancelled ones aside); published comments only."""

    serializer_class = io.EvaluationResultsOut
    path_model = Course

    def get_queryset(self) -> Any:
        return Course.objects.none()

    @extend_schema(tags=["evaluations"], responses=io.EvaluationResultsOut)
    def get(self, request: Request, course_pk: int) -> Response:
        course = Course.objects.filter(pk=course_pk).first() if 0 < course_pk <= io.MAX_ID else None
        if course is None or not may_view_course_results.test(request.user, course):
            raise Http404
        cohort_ids = list(
            Cohort.objects.filter(course=course)
            .exclude(status=Cohort.Status.CANCELLED)
            .values_list("pk", flat=True)
        )
        results = results_for(cohort_ids=cohort_ids, comments="published")
        return Response(io.EvaluationResultsOut(results).data)
