"""REST API of practice assignments: HR and the cohort's trainers list and set them."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from courses.access import may_view_cohort_private
from courses.models import Cohort, Dimension, Item
from participants.api.common import api_user
from practice.api import serializers as io
from practice.models import Assignment
from practice.selectors.practices import assignments_for_user
from practice.services.assignments import assignment_create


def _cohort(request: Request, cohort_pk: int) -> Cohort:
    cohort = (
        Cohort.objects.select_related("course").filter(pk=cohort_pk).first()
        if 0 < cohort_pk <= io.MAX_ID
        else None
    )
    if cohort is None or not may_view_cohort_private(request.user, cohort):
        raise Http404
    return cohort


class CohortAssignmentsApi(GenericAPIView):
    """The practice assignments of a cohort (GET) and a new one (POST)."""

    serializer_class = io.PracticeAssignmentOut

    def get_queryset(self) -> Any:
        return Assignment.objects.none()

    @extend_schema(responses=io.PracticeAssignmentOut(many=True))
    def get(self, request: Request, cohort_pk: int) -> Response:
        cohort = _cohort(request, cohort_pk)
        rows = assignments_for_user(user=request.user, cohort_id=cohort.pk)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(io.PracticeAssignmentOut(page, many=True).data)

    @extend_schema(request=io.PracticeAssignmentIn, responses={201: io.PracticeAssignmentOut})
    def post(self, request: Request, cohort_pk: int) -> Response:
        cohort = _cohort(request, cohort_pk)
        data = io.PracticeAssignmentIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        dimension = None
        if values.get("dimension"):
            dimension = Dimension.objects.filter(pk=values["dimension"]).first()
            if dimension is None:
                raise ValidationError({"dimension": _("There is no such dimension.")})
        items = list(Item.objects.filter(pk__in=values["items"]).select_related("dimension"))
        if len(items) != len(set(values["items"])):
            raise ValidationError({"items": _("There is no such item.")})
        assignment = assignment_create(
            cohort=cohort,
            title=values["title"],
            brief=values["brief"],
            due_on=values["due_on"],
            dimension=dimension,
            items=items,
            target_level=values.get("target_level"),
            by=api_user(request),
        )
        return Response(io.PracticeAssignmentOut(assignment).data, status=status.HTTP_201_CREATED)
