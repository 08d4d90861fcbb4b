"""API of enrolments: list, detail, status changes; a cohort's enrolments."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from courses.models import Cohort
from kamtraining.api import Pagination
from participants.access import acting_user, may_manage_enrollment
from participants.api import serializers as s
from participants.api.common import IdFilter, ReadOrHR, raise_not_found
from participants.models import Enrollment
from participants.selectors.attendance import attendance_rates_for_cohort
from participants.selectors.enrollment import enrollment_roster_for_cohort
from participants.selectors.people import (
    can_manage_cohort_people,
    enrollments_visible_to,
)
from participants.services.enrollment import (
    enrollment_cancel,
    enrollment_complete,
    enrollment_confirm,
    enrollment_create,
    enrollment_mark_no_show,
)


class EnrollmentFilter(filters.FilterSet):
    cohort = IdFilter(field_name="cohort_id")
    participant = IdFilter(field_name="participant_id")

    class Meta:
        model = Enrollment
        fields = ("cohort", "participant", "status")


class EnrollmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Enrolments: HR sees and changes all; trainers read their cohorts'; a participant
    reads their own. Every change is kept in the enrolment's history."""

    permission_classes = (ReadOrHR,)
    filterset_class = EnrollmentFilter
    queryset = Enrollment.objects.none()

    def get_queryset(self) -> QuerySet[Enrollment]:
        qs = enrollments_visible_to(user=self.request.user).order_by("cohort", "created_at", "pk")
        if self.action == "retrieve":
            qs = qs.prefetch_related("history__by")
        return qs

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action == "retrieve":
            return s.EnrollmentDetailSerializer
        return s.EnrollmentSerializer

    def _done(self, enrollment: Enrollment, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().prefetch_related("history__by").get(pk=enrollment.pk)
        return Response(s.EnrollmentDetailSerializer(fresh).data, status=code)

    @extend_schema(
        request=s.EnrollmentCreateSerializer,
        responses={201: s.EnrollmentDetailSerializer},
        description="Enrol a participant: a free place confirms them, a full cohort "
        "waitlists them (first come, first served). HR only.",
    )
    def create(self, request: Request) -> Response:
        data = s.EnrollmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cohort = Cohort.objects.filter(pk=data.validated_data["cohort"]).first()
        if cohort is None:
            return Response({"cohort": ["No such cohort."]}, status=status.HTTP_400_BAD_REQUEST)
        enrollment = enrollment_create(
            participant=data.validated_data["participant"],
            cohort=cohort,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        return self._done(enrollment, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.ReasonSerializer,
        responses={200: s.EnrollmentDetailSerializer},
        description="Cancel; a confirmed place goes at once to the head of the waitlist "
        "(skipping anyone it would put in a schedule clash). HR only.",
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        enrollment = self.get_object()
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cancellation = enrollment_cancel(
            enrollment=enrollment,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        return self._done(cancellation.enrollment)

    @extend_schema(request=s.ReasonSerializer, responses={200: s.EnrollmentDetailSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        enrollment = self.get_object()
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = enrollment_confirm(
            enrollment=enrollment,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        return self._done(enrollment)

    @extend_schema(request=s.CompleteSerializer, responses={200: s.EnrollmentDetailSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        enrollment = self.get_object()
        data = s.CompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = enrollment_complete(
            enrollment=enrollment,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
            override=data.validated_data["override"],
        )
        return self._done(enrollment)

    @extend_schema(request=s.ReasonSerializer, responses={200: s.EnrollmentDetailSerializer})
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request: Request, pk: str) -> Response:
        enrollment = self.get_object()
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = enrollment_mark_no_show(
            enrollment=enrollment,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        return self._done(enrollment)


class CohortEnrollmentsApi(APIView):
    """A cohort's enrolments (roster and waitlist in order): its trainers and HR read them;
    HR enrols."""

    permission_classes = (IsAuthenticated,)
    pagination_class = Pagination

    def _cohort(self, request: Request, pk: int) -> Cohort:
        cohort = get_object_or_404(Cohort, pk=pk)
        if not can_manage_cohort_people(user=request.user, cohort_id=cohort.pk):
            raise_not_found()
        return cohort

    @extend_schema(
        operation_id="cohorts_enrollments_list",
        responses={200: s.CohortEnrollmentSerializer(many=True)},
    )
    def get(self, request: Request, pk: int) -> Response:
        cohort = self._cohort(request, pk)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            enrollment_roster_for_cohort(cohort=cohort), request, view=self
        )
        assert page is not None  # a paginated view always pages
        rates = attendance_rates_for_cohort(cohort=cohort)
        for enrollment in page:
            enrollment.attendance_rate = rates.get(enrollment.pk)  # type: ignore[attr-defined]
        return paginator.get_paginated_response(s.CohortEnrollmentSerializer(page, many=True).data)

    @extend_schema(
        operation_id="cohorts_enrollments_create",
        request=s.CohortEnrolSerializer,
        responses={201: s.EnrollmentDetailSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        cohort = self._cohort(request, pk)
        if not may_manage_enrollment(request.user, cohort):
            raise PermissionDenied(_("Only HR may enrol participants."))
        data = s.CohortEnrolSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = enrollment_create(
            participant=data.validated_data["participant"],
            cohort=cohort,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        fresh = Enrollment.objects.prefetch_related("history__by").get(pk=enrollment.pk)
        return Response(s.EnrollmentDetailSerializer(fresh).data, status=status.HTTP_201_CREATED)
