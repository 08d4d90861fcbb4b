"""REST API of action plans: the participant writes and reviews, the cohort's trainers comment.

Anyone else gets 404, whether or not the plan exists (DESIGN.md §6).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.access import trains_campaign_cohort
from assessments.models import ActionPlan, Campaign
from assessments.selectors.action_plans import (
    action_plan_get,
    action_plans_for_campaign,
)
from assessments.selectors.report_viewers import TRAINER_STATUSES, own_report, trainer_report
from assessments.services.action_plans import (
    MAX_GOALS,
    GoalInput,
    action_plan_comment_add,
    action_plan_save,
    review_add,
)
from kamtraining.i18n import localized
from participants.models import Participant


class PlanDimensionOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, obj: Any) -> str:
        return localized(obj, "name")


class GoalOut(serializers.Serializer):
    order = serializers.IntegerField()
    dimension = PlanDimensionOut()
    title = serializers.CharField()
    actions = serializers.CharField()
    measure = serializers.CharField()
    due_on = serializers.DateField()


class CommentOut(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.SerializerMethodField()
    author_role = serializers.SerializerMethodField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_author(self, obj: Any) -> str:
        return str(obj.author)

    def get_author_role(self, obj: Any) -> str:
        return "participant" if obj.author_id == obj.plan.participant.user_id else "trainer"


class ReviewOut(serializers.Serializer):
    id = serializers.IntegerField()
    reviewed_on = serializers.DateField()
    progress = serializers.IntegerField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class ParticipantOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class PlanOut(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    campaign = serializers.IntegerField(source="campaign_id")
    participant = ParticipantOut()
    goals = GoalOut(many=True)
    comments = CommentOut(many=True)
    reviews = ReviewOut(many=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class _EmptyPlan:
    """What a participant sees before writing a plan: no goals yet, nothing reviewed."""

    def __init__(self, *, campaign: Campaign, participant: Participant) -> None:
        self.id = None
        self.campaign_id = campaign.pk
        self.participant = participant
        self.goals: list[Any] = []
        self.comments: list[Any] = []
        self.reviews: list[Any] = []
        self.updated_at = None


def _plan_out(plan: ActionPlan) -> dict[str, Any]:
    return PlanOut(
        {
            "id": plan.pk,
            "campaign_id": plan.campaign_id,
            "participant": plan.participant,
            "goals": plan.goals.all(),
            "comments": plan.comments.all(),
            "reviews": plan.reviews.all(),
            "updated_at": plan.updated_at,
        }
    ).data


def _own(request: Request, campaign_pk: int) -> tuple[Campaign, Participant]:
    found = own_report(user=request.user, campaign_pk=campaign_pk)
    if found is None:
        raise Http404
    return found


class GoalIn(serializers.Serializer):
    dimension = serializers.IntegerField(help_text="Id of a dimension of the campaign's framework.")
    title = serializers.CharField(max_length=300)
    actions = serializers.CharField()
    measure = serializers.CharField()
    due_on = serializers.DateField()


class PlanIn(serializers.Serializer):
    goals = serializers.ListField(child=GoalIn(), allow_empty=False, max_length=MAX_GOALS)


class MyActionPlanApi(APIView):
    """The logged-in participant's action plan for a released campaign."""

    @extend_schema(responses=PlanOut, operation_id="me_action_plan_retrieve")
    def get(self, request: Request, campaign_pk: int) -> Response:
        campaign, participant = _own(request, campaign_pk)
        plan = action_plan_get(participant=participant, campaign=campaign)
        if plan is None:
            empty = _EmptyPlan(campaign=campaign, participant=participant)
            return Response(PlanOut(empty).data)
        return Response(_plan_out(plan))

    @extend_schema(request=PlanIn, responses=PlanOut, operation_id="me_action_plan_update")
    def put(self, request: Request, campaign_pk: int) -> Response:
        campaign, participant = _own(request, campaign_pk)
        data = PlanIn(data=request.data)
        data.is_valid(raise_exception=True)
        goals = [
            GoalInput(
                dimension_id=goal["dimension"],
                title=goal["title"],
                actions=goal["actions"],
                measure=goal["measure"],
                due_on=goal["due_on"],
            )
            for goal in data.validated_data["goals"]
        ]
        action_plan_save(participant=participant, campaign=campaign, goals=goals, by=request.user)
        plan = action_plan_get(participant=participant, campaign=campaign)
        assert plan is not None
        return Response(_plan_out(plan))


def _existing_plan(*, campaign: Campaign, participant: Participant) -> ActionPlan:
    plan = action_plan_get(participant=participant, campaign=campaign)
    if plan is None:
        raise ValidationError(_("Write your action plan before reviewing or commenting on it."))
    return plan


class MyActionPlanReviewApi(APIView):
    """Log a review of the participant's own plan (date, progress %, note)."""

    class ReviewIn(serializers.Serializer):
        reviewed_on = serializers.DateField()
        progress = serializers.IntegerField(min_value=0, max_value=100)
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=ReviewIn, responses={201: ReviewOut})
    def post(self, request: Request, campaign_pk: int) -> Response:
        campaign, participant = _own(request, campaign_pk)
        data = self.ReviewIn(data=request.data)
        data.is_valid(raise_exception=True)
        plan = _existing_plan(campaign=campaign, participant=participant)
        review = review_add(plan=plan, by=request.user, **data.validated_data)
        return Response(ReviewOut(review).data, status=status.HTTP_201_CREATED)


class CommentIn(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


def _comment_response(plan: ActionPlan, request: Request) -> Response:
    data = CommentIn(data=request.data)
    data.is_valid(raise_exception=True)
    comment = action_plan_comment_add(plan=plan, by=request.user, text=data.validated_data["text"])
    return Response(CommentOut(comment).data, status=status.HTTP_201_CREATED)


class MyActionPlanCommentApi(APIView):
    """The participant answers the trainer's comments on their plan."""

    @extend_schema(request=CommentIn, responses={201: CommentOut})
    def post(self, request: Request, campaign_pk: int) -> Response:
        campaign, participant = _own(request, campaign_pk)
        return _comment_response(
            _existing_plan(campaign=campaign, participant=participant), request
        )


def _trainer_campaign(request: Request, pk: int) -> Campaign:
    campaign = Campaign.objects.select_related("cohort").filter(pk=pk).first()
    if (
        campaign is None
        or campaign.status not in TRAINER_STATUSES
        or not trains_campaign_cohort(request.user, campaign)
    ):
        raise Http404
    return campaign


class CampaignActionPlanListApi(GenericAPIView):
    """The action plans of a campaign's participants, for the cohort's trainers."""

    serializer_class = PlanOut

    def get_queryset(self) -> Any:  # for the schema only; the list comes from the selector
        return ActionPlan.objects.none()

    @extend_schema(responses=PlanOut(many=True))
    def get(self, request: Request, pk: int) -> Response:
        campaign = _trainer_campaign(request, pk)
        plans = action_plans_for_campaign(campaign=campaign)
        page = self.paginate_queryset(plans)
        rows = page if page is not None else list(plans)
        return self.get_paginated_response([_plan_out(plan) for plan in rows])


def _trainer_plan(request: Request, pk: int, participant_id: int) -> ActionPlan:
    found = trainer_report(user=request.user, campaign_pk=pk, participant_pk=participant_id)
    if found is None:
        raise Http404
    campaign, participant = found
    plan = action_plan_get(participant=participant, campaign=campaign)
    if plan is None:
        raise Http404
    return plan


class CampaignActionPlanDetailApi(APIView):
    """One participant's plan, for a trainer of the cohort."""

    @extend_schema(responses=PlanOut)
    def get(self, request: Request, pk: int, participant_id: int) -> Response:
        return Response(_plan_out(_trainer_plan(request, pk, participant_id)))


class CampaignActionPlanCommentApi(APIView):
    """A trainer comments on a participant's plan."""

    @extend_schema(request=CommentIn, responses={201: CommentOut})
    def post(self, request: Request, pk: int, participant_id: int) -> Response:
        return _comment_response(_trainer_plan(request, pk, participant_id), request)
