"""REST API of completion: the rule, a cohort's checklist, bulk and single decisions, mine.

A cohort or enrolment the user may not read answers 404; one they may read but not decide on
answers 403 (the services decide).
"""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certificates.access import may_view_completion
from certificates.api import serializers as io
from certificates.selectors.checklist import checklists_for_cohort, rule_for
from certificates.services.completion import (
    completion_complete,
    completion_complete_bulk,
    completion_refuse,
)
from certificates.services.rules import rule_update
from courses.models import Cohort
from participants.access import acting_user
from participants.models import Enrollment


def cohort_or_404(request: Request, pk: int) -> Cohort:
    cohort = Cohort.objects.filter(pk=pk).first() if 0 < pk <= io.MAX_ID else None
    if cohort is None or not may_view_completion.test(request.user, cohort):
        raise Http404
    return cohort


def enrollment_or_404(request: Request, pk: int) -> Enrollment:
    enrollment = (
        Enrollment.objects.select_related("cohort", "participant").filter(pk=pk).first()
        if 0 < pk <= io.MAX_ID
        else None
    )
    if enrollment is None or not may_view_completion.test(request.user, enrollment.cohort):
        raise Http404
    return enrollment


def _rule_data(cohort: Cohort) -> dict[str, Any]:
    rule = rule_for(cohort)
    return io.RuleOut(rule).data


class RuleApi(APIView):
    """A cohort's completion rule: read by HR and its trainers, set by HR."""

    @extend_schema(responses=io.RuleOut)
    def get(self, request: Request, cohort_pk: int) -> Response:
        return Response(_rule_data(cohort_or_404(request, cohort_pk)))

    @extend_schema(request=io.RuleIn, responses=io.RuleOut)
    def put(self, request: Request, cohort_pk: int) -> Response:
        cohort = cohort_or_404(request, cohort_pk)
        data = io.RuleIn(data=request.data)
        data.is_valid(raise_exception=True)
        rule_update(cohort=cohort, by=acting_user(request.user), **data.validated_data)
        return Response(_rule_data(cohort))


class ChecklistApi(GenericAPIView):
    """Every place-holding enrolment of the cohort against its rule (paginated)."""

    serializer_class = io.ChecklistOut

    def get_queryset(self) -> Any:  # the schema's; the rows come from the selector
        return Enrollment.objects.none()

    @extend_schema(responses=io.ChecklistOut(many=True))
    def get(self, request: Request, cohort_pk: int) -> Response:
        cohort = cohort_or_404(request, cohort_pk)
        page: Any = self.paginate_queryset(checklists_for_cohort(cohort=cohort))  # type: ignore[arg-type]
        return self.get_paginated_response(io.ChecklistOut(page, many=True).data)


class MyChecklistApi(GenericAPIView):
    """The signed-in participant's own checklists, one per enrolment that holds a place."""

    serializer_class = io.ChecklistOut

    def get_queryset(self) -> Any:
        return Enrollment.objects.none()

    @extend_schema(responses=io.ChecklistOut(many=True))
    def get(self, request: Request) -> Response:
        participant = getattr(request.user, "participant", None)
        rows = []
        if participant is not None:
            for enrollment in Enrollment.objects.filter(
                participant=participant, status__in=Enrollment.HOLDS_PLACE
            ).select_related("cohort"):
                rows.extend(
                    checklists_for_cohort(cohort=enrollment.cohort, enrollment_ids=[enrollment.pk])
                )
        page: Any = self.paginate_queryset(rows)  # type: ignore[arg-type]
        return self.get_paginated_response(io.ChecklistOut(page, many=True).data)


class BulkCompleteApi(APIView):
    """Complete each chosen enrolment (all when none is named) that meets the rule."""

    @extend_schema(request=io.BulkIn, responses=io.BulkOut)
    def post(self, request: Request, cohort_pk: int) -> Response:
        cohort = cohort_or_404(request, cohort_pk)
        data = io.BulkIn(data=request.data)
        data.is_valid(raise_exception=True)
        result = completion_complete_bulk(
            cohort=cohort,
            by=acting_user(request.user),
            enrollment_ids=data.validated_data.get("enrollments"),
        )
        return Response(
            {
                "completed": [c.enrollment_id for c in result.completed],
                "skipped": [e.pk for e in result.skipped],
            }
        )


class CompleteApi(APIView):
    """Complete one enrolment; `exception: true` with a note completes it against the rule."""

    @extend_schema(request=io.CompleteIn, responses={201: io.CertificateOut})
    def post(self, request: Request, pk: int) -> Response:
        enrollment = enrollment_or_404(request, pk)
        data = io.CompleteIn(data=request.data)
        data.is_valid(raise_exception=True)
        certificate = completion_complete(
            enrollment=enrollment,
            by=acting_user(request.user),
            exception=data.validated_data["exception"],
            note=data.validated_data["note"],
        )
        return Response(io.CertificateOut(certificate).data, status=status.HTTP_201_CREATED)


class RefuseApi(APIView):
    """Refuse completion of one enrolment, with a reason."""

    @extend_schema(request=io.ReasonIn, responses={201: io.DecisionOut})
    def post(self, request: Request, pk: int) -> Response:
        enrollment = enrollment_or_404(request, pk)
        data = io.ReasonIn(data=request.data)
        data.is_valid(raise_exception=True)
        decision = completion_refuse(
            enrollment=enrollment,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        return Response(io.DecisionOut(decision).data, status=status.HTTP_201_CREATED)
