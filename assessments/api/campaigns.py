"""REST API of campaigns: HR runs them, trainers read their cohorts', participants nominate.

Scoping: HR sees every campaign; a trainer the campaigns of the cohorts they train (read-only,
plus raters, reminders and approvals, as on the progress page); anyone else gets 404. A write
by a user who can see the campaign but may not change it is a 403.
"""

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.access import may_edit_raters, may_manage_campaign
from assessments.api.campaign_serializers import (
    CampaignCreateIn,
    CampaignOpenIn,
    CampaignUpdateIn,
    CountOut,
    InvitationCreateIn,
    InvitationOut,
    MyNominationOut,
    MyRaterOut,
    RaterIn,
    RemindIn,
    StaffCampaignOut,
)
from assessments.models import Campaign, Invitation
from assessments.selectors.campaigns import (
    campaign_for_participant,
    campaign_for_staff,
    campaigns_for_staff,
    nomination_for,
)
from assessments.services import campaigns as services
from assessments.services.nominations import invitation_nominate, invitations_send
from assessments.services.reminders import reminders_send_now
from participants.models import User


def _user(request: Request) -> User:
    # Every view here requires an authenticated user (the API's default permission).
    return cast(User, request.user)


def _require_manager(request: Request, campaign: Campaign | None = None) -> None:
    if not may_manage_campaign(_user(request), campaign):
        raise PermissionDenied


class CampaignListCreateApi(generics.ListCreateAPIView):
    """HR: every campaign, and create one; a trainer: their cohorts' campaigns."""

    serializer_class = StaffCampaignOut
    filterset_fields = ("cohort", "status", "kind")

    def get_queryset(self) -> QuerySet[Campaign]:
        return campaigns_for_staff(user=_user(self.request))

    @extend_schema(request=CampaignCreateIn, responses={201: StaffCampaignOut})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require_manager(request)
        data = CampaignCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = services.campaign_create(by=_user(request), **data.validated_data)
        return Response(StaffCampaignOut(campaign).data, status=status.HTTP_201_CREATED)


class CampaignDetailApi(generics.RetrieveUpdateAPIView):
    """One campaign; HR changes what its status still allows."""

    serializer_class = StaffCampaignOut

    def get_queryset(self) -> QuerySet[Campaign]:
        return campaigns_for_staff(user=_user(self.request))

    def _update(self, request: Request, *, partial: bool) -> Response:
        campaign = self.get_object()
        _require_manager(request, campaign)
        data = CampaignUpdateIn(campaign, data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        campaign = services.campaign_update(
            campaign=campaign, by=_user(request), **data.validated_data
        )
        return Response(StaffCampaignOut(campaign).data)

    @extend_schema(request=CampaignUpdateIn, responses={200: StaffCampaignOut})
    def put(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=False)

    @extend_schema(request=CampaignUpdateIn, responses={200: StaffCampaignOut})
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=True)


class _TransitionApi(APIView):
    def _campaign(self, request: Request, pk: int) -> Campaign:
        campaign = campaign_for_staff(user=_user(request), pk=pk)
        _require_manager(request, campaign)
        return campaign


class CampaignStartNominationApi(_TransitionApi):
    @extend_schema(request=None, responses={200: StaffCampaignOut})
    def post(self, request: Request, pk: int) -> Response:
        campaign = self._campaign(request, pk)
        services.campaign_start_nomination(campaign=campaign, by=_user(request))
        return Response(StaffCampaignOut(campaign).data)


class CampaignOpenApi(_TransitionApi):
    @extend_schema(request=CampaignOpenIn, responses={200: StaffCampaignOut})
    def post(self, request: Request, pk: int) -> Response:
        campaign = self._campaign(request, pk)
        data = CampaignOpenIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.campaign_open(campaign=campaign, by=_user(request), **data.validated_data)
        return Response(StaffCampaignOut(campaign).data)


class CampaignCloseApi(_TransitionApi):
    @extend_schema(request=None, responses={200: StaffCampaignOut})
    def post(self, request: Request, pk: int) -> Response:
        campaign = self._campaign(request, pk)
        services.campaign_close(campaign=campaign, by=_user(request))
        return Response(StaffCampaignOut(campaign).data)


class CampaignReleaseApi(_TransitionApi):
    @extend_schema(request=None, responses={200: StaffCampaignOut})
    def post(self, request: Request, pk: int) -> Response:
        campaign = self._campaign(request, pk)
        services.campaign_release(campaign=campaign, by=_user(request))
        return Response(StaffCampaignOut(campaign).data)


class CampaignSendInvitationsApi(APIView):
    """Send the approved invitations not sent yet (HR or a trainer of the cohort)."""

    @extend_schema(request=None, responses={200: CountOut})
    def post(self, request: Request, pk: int) -> Response:
        campaign = campaign_for_staff(user=_user(request), pk=pk)
        return Response({"count": invitations_send(campaign=campaign, by=_user(request))})


class CampaignRemindApi(APIView):
    """Remind every pending rater now, or one (HR or a trainer of the cohort)."""

    @extend_schema(request=RemindIn, responses={200: CountOut})
    def post(self, request: Request, pk: int) -> Response:
        campaign = campaign_for_staff(user=_user(request), pk=pk)
        data = RemindIn(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = None
        if "invitation" in data.validated_data:
            invitation = get_object_or_404(
                Invitation, pk=data.validated_data["invitation"], campaign=campaign
            )
        count = reminders_send_now(campaign=campaign, by=_user(request), invitation=invitation)
        return Response({"count": count})


class CampaignInvitationsApi(generics.ListCreateAPIView):
    """Who was asked about whom, by group and status (never a score); staff add a rater."""

    serializer_class = InvitationOut
    filterset_fields = ("status", "group", "subject")

    def get_queryset(self) -> QuerySet[Invitation]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return Invitation.objects.none()
        campaign = campaign_for_staff(user=_user(self.request), pk=self.kwargs["pk"])
        return (
            Invitation.objects.filter(campaign=campaign)
            .select_related("subject")
            .order_by("subject__name", "subject_id", "group", "rater_name", "pk")
        )

    @extend_schema(request=InvitationCreateIn, responses={201: InvitationOut})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        campaign = campaign_for_staff(user=_user(request), pk=self.kwargs["pk"])
        # The same rule as the raters page: HR or a trainer of the cohort adds a rater.
        if not may_edit_raters(_user(request), campaign):
            raise PermissionDenied
        data = InvitationCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = invitation_nominate(
            campaign=campaign, by=_user(request), **data.validated_data
        )
        return Response(InvitationOut(invitation).data, status=status.HTTP_201_CREATED)


class MyCampaignRatersApi(APIView):
    """The participant's own rater list in a campaign, what it lacks, and nominating one more."""

    @extend_schema(responses={200: MyNominationOut})
    def get(self, request: Request, pk: int) -> Response:
        campaign, participant = campaign_for_participant(user=_user(request), pk=pk)
        nomination = nomination_for(campaign=campaign, subject=participant)
        return Response(MyNominationOut(nomination).data)

    @extend_schema(
        request=RaterIn,
        responses={201: MyRaterOut},
        parameters=[OpenApiParameter("pk", int, OpenApiParameter.PATH)],
    )
    def post(self, request: Request, pk: int) -> Response:
        campaign, participant = campaign_for_participant(user=_user(request), pk=pk)
        data = RaterIn(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = invitation_nominate(
            campaign=campaign, subject=participant, by=_user(request), **data.validated_data
        )
        return Response(MyRaterOut(invitation).data, status=status.HTTP_201_CREATED)
