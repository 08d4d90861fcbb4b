"""API of enrolments: list, detail, status changes; a cohort's enrolments."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
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


class _EnrollmentsApi(generics.GenericAPIView[Enrollment]):
    """Enrolments: HR sees and changes all; trainers read their cohorts'; a participant
    reads their own. Every change is kept in the enrolment's history."""

    permission_classes = (ReadOrHR,)
    filterset_class = EnrollmentFilter
    queryset = Enrollment.objects.none()  # for the schema; get_queryset scopes to the user

    def get_queryset(self) -> QuerySet[Enrollment]:
        return enrollments_visible_to(user=self.request.user).order_by("cohort", "created_at", "pk")

    def done(self, enrollment: Enrollment, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().prefetch_related("history__by").get(pk=enrollment.pk)
        return Response(s.EnrollmentDetailOut(fresh).data, status=code)


class EnrollmentListCreateApi(_EnrollmentsApi, generics.ListAPIView[Enrollment]):
    serializer_class = s.EnrollmentOut

    @extend_schema(
        request=s.EnrollmentCreateIn,
        responses={201: s.EnrollmentDetailOut},
        description="Enrol a participant: a free place confirms them, a full cohort "
        "waitlists them (first come, first served). HR only.",
    )
    def post(self, request: Request) -> Response:
        data = s.EnrollmentCreateIn(data=request.data)
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
        return self.done(enrollment, status.HTTP_201_CREATED)


class EnrollmentDetailApi(_EnrollmentsApi, generics.RetrieveAPIView[Enrollment]):
    serializer_class = s.EnrollmentDetailOut
    detail = True  # ReadOrHR: a write is refused after the scoped lookup, 403 or 404

    def get_queryset(self) -> QuerySet[Enrollment]:
        return super().get_queryset().prefetch_related("history__by")


class _EnrollmentChangeApi(_EnrollmentsApi):
    detail = True  # ReadOrHR: a write is refused after the scoped lookup, 403 or 404


class EnrollmentCancelApi(_EnrollmentChangeApi):
    @extend_schema(
        request=s.ReasonIn,
        responses={200: s.EnrollmentDetailOut},
        description="Cancel; a confirmed place goes at once to the head of the waitlist "
        "(skipping anyone it would put in a schedule clash). HR only.",
    )
    def post(self, request: Request, pk: str) -> Response:
        enrollment = self.get_object()
        data = s.ReasonIn(data=request.data)
        data.is_valid(raise_exception=True)
        cancellation = enrollment_cancel(
            enrollment=enrollment,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        return self.done(cancellation.enrollment)


class EnrollmentConfirmApi(_EnrollmentChangeApi):
    @extend_schema(request=s.ReasonIn, responses={200: s.EnrollmentDetailOut})
    def post(self, request: Request, pk: str) -> Response:
        enrollment = self.get_object()
        data = s.ReasonIn(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = enrollment_confirm(
            enrollment=enrollment,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        return self.done(enrollment)


class EnrollmentCompleteApi(_EnrollmentChangeApi):
    @extend_schema(request=s.CompleteIn, responses={200: s.EnrollmentDetailOut})
    def post(self, request: Request, pk: str) -> Response:
        enrollment = self.get_object()
        data = s.CompleteIn(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = enrollment_complete(
            enrollment=enrollment,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
            override=data.validated_data["override"],
        )
        return self.done(enrollment)


class EnrollmentNoShowApi(_EnrollmentChangeApi):
    @extend_schema(request=s.ReasonIn, responses={200: s.EnrollmentDetailOut})
    def post(self, request: Request, pk: str) -> Response:
        enrollment = self.get_object()
        data = s.ReasonIn(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = enrollment_mark_no_show(
            enrollment=enrollment,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        return self.done(enrollment)


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
        responses={200: s.CohortEnrollmentOut(many=True)},
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
        return paginator.get_paginated_response(s.CohortEnrollmentOut(page, many=True).data)

    @extend_schema(
        operation_id="cohorts_enrollments_create",
        request=s.CohortEnrolIn,
        responses={201: s.EnrollmentDetailOut},
    )
    def post(self, request: Request, pk: int) -> Response:
        cohort = self._cohort(request, pk)
        if not may_manage_enrollment(request.user, cohort):
            raise PermissionDenied(_("Only HR may enrol participants."))
        data = s.CohortEnrolIn(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = enrollment_create(
            participant=data.validated_data["participant"],
            cohort=cohort,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        fresh = Enrollment.objects.prefetch_related("history__by").get(pk=enrollment.pk)
        return Response(s.EnrollmentDetailOut(fresh).data, status=status.HTTP_201_CREATED)
