"""Report API: a participant's 360 report, the cohort summary, and my released reports.

`GET /api/v1/campaigns/<pk>/reports/<participant_id>/`, `GET /api/v1/campaigns/<pk>/summary/`,
`GET /api/v1/me/reports/`. Who sees what is in assessments.access; whatever a
user may not read answers 404, exactly as what does not exist.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.access import (
    SummaryAccess,
    can_view_report,
    released_reports_for,
    summary_access,
)
from assessments.api.report_serializers import MyReportOut, ReportErrorOut, ReportOut, SummaryOut
from assessments.models import Campaign
from assessments.selectors.report_store import report_of, summary_of
from participants.models import Participant

NOT_FOUND = OpenApiResponse(ReportErrorOut, description="No such report for you to read.")


class CampaignReportApi(APIView):
    @extend_schema(
        operation_id="campaign_report",
        summary="One participant's 360 report",
        description=(
            "The participant once the campaign is released; the cohort's trainers once it is "
            "closed. Hidden figures are null (groups under the minimum size k)."
        ),
        responses={200: ReportOut, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int, participant_id: int) -> Response:
        campaign = get_object_or_404(Campaign.objects.select_related("cohort"), pk=pk)
        participant = get_object_or_404(Participant, pk=participant_id)
        if not can_view_report(user=request.user, campaign=campaign, participant=participant):
            raise Http404
        return Response(report_of(campaign=campaign, participant=participant))


class CampaignSummaryApi(APIView):
    @extend_schema(
        operation_id="campaign_summary",
        summary="The cohort summary of a closed campaign",
        description=(
            "Class, class-self and incumbent averages per dimension with n and spread, and "
            "response rates per group. The cohort's trainers also get each participant's "
            "scores; for HR `participants` is null."
        ),
        responses={200: SummaryOut, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        campaign = get_object_or_404(Campaign.objects.select_related("cohort"), pk=pk)
        access = summary_access(user=request.user, campaign=campaign)
        if access is SummaryAccess.NONE:
            raise Http404
        return Response(
            summary_of(campaign=campaign, include_participants=access is SummaryAccess.FULL)
        )


class MyReportsApi(ListAPIView):
    serializer_class = MyReportOut

    @extend_schema(operation_id="me_reports_list", summary="My released 360 reports")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Campaign]:
        return released_reports_for(user=self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        user = self.request.user
        participant = (
            Participant.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()
            if user.is_authenticated
            else None
        )
        context["participant_id"] = participant
        return context
