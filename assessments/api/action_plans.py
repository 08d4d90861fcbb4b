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

from assessments.access import may_set_cohort_review_cadence, trains_campaign_cohort
from assessments.models import ActionPlan, Campaign
from assessments.selectors.action_plans import (
    action_plan_get,
    action_plans_for_campaign,
    focus_for_plans,
    focus_items_for,
    review_due_on,
    review_every_weeks,
)
from assessments.selectors.report_viewers import TRAINER_STATUSES, own_report, trainer_report
from assessments.services.action_plans import (
    MAX_GOAL_ITEMS,
    MAX_GOALS,
    GoalInput,
    action_plan_comment_add,
    action_plan_save,
    focus_item_set,
)
from assessments.services.plan_reviews import (
    cohort_review_cadence_set,
    review_add,
    review_cadence_set,
)
from courses.models import Item
from kamtraining.i18n import localized
from participants.api.common import api_user
from participants.models import Participant


class PlanDimensionOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, obj: Any) -> str:
        return localized(obj, "name")


class PlanItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    dimension = serializers.CharField(source="dimension.code")
    text = serializers.SerializerMethodField()

    def get_text(self, obj: Any) -> str:
        return localized(obj, "text")


class GoalOut(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    dimension = PlanDimensionOut()
    items = PlanItemOut(many=True, source="items.all")
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
    goal = serializers.IntegerField(source="goal_id", allow_null=True)
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
    focus_items = PlanItemOut(many=True)
    review_every_weeks = serializers.IntegerField(allow_null=True)
    review_due_on = serializers.DateField(allow_null=True)
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
        self.focus_items = focus_items_for(participant=participant, campaign=campaign)
        self.review_every_weeks = None
        self.review_due_on = None
        self.updated_at = None


def _plan_out(plan: ActionPlan, *, focus: list[Any] | None = None) -> dict[str, Any]:
    if focus is None:
        focus = focus_items_for(participant=plan.participant, campaign=plan.campaign)
    return PlanOut(
        {
            "id": plan.pk,
            "campaign_id": plan.campaign_id,
            "participant": plan.participant,
            "goals": plan.goals.all(),
            "comments": plan.comments.all(),
            "reviews": plan.reviews.all(),
            "focus_items": focus,
            "review_every_weeks": review_every_weeks(plan=plan),
            "review_due_on": review_due_on(plan=plan),
            "updated_at": plan.updated_at,
        }
    ).data


def _own(request: Request, campaign_pk: int) -> tuple[Campaign, Participant]:
    found = own_report(user=request.user, campaign_pk=campaign_pk)
    if found is None:
        raise Http404
    return found


class GoalIn(serializers.Serializer):
    id = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="The goal this one rewrites (its reviews stay); omit for a new goal.",
    )
    items = serializers.ListField(
        child=serializers.IntegerField(),
        min_length=1,
        max_length=MAX_GOAL_ITEMS,
        help_text="1 to 3 item ids of the campaign's framework, all of one dimension.",
    )
    dimension = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Optional: the dimension of the items, checked against them.",
    )
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
                goal_id=goal.get("id"),
                item_ids=tuple(goal["items"]),
                dimension_id=goal.get("dimension"),
                title=goal["title"],
                actions=goal["actions"],
                measure=goal["measure"],
                due_on=goal["due_on"],
            )
            for goal in data.validated_data["goals"]
        ]
        action_plan_save(
            participant=participant, campaign=campaign, goals=goals, by=api_user(request)
        )
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
        goal = serializers.IntegerField(
            required=False, help_text="The goal reviewed; may be left out when there is one."
        )
        reviewed_on = serializers.DateField(required=False, help_text="Today when left out.")
        progress = serializers.IntegerField(min_value=0, max_value=100)
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=ReviewIn, responses={201: ReviewOut})
    def post(self, request: Request, campaign_pk: int) -> Response:
        campaign, participant = _own(request, campaign_pk)
        data = self.ReviewIn(data=request.data)
        data.is_valid(raise_exception=True)
        plan = _existing_plan(campaign=campaign, participant=participant)
        values = data.validated_data
        goal = None
        if values.get("goal") is not None:
            goal = next((g for g in plan.goals.all() if g.pk == values["goal"]), None)
            if goal is None:
                raise ValidationError({"goal": [_("Choose one of the goals of this plan.")]})
        review = review_add(
            plan=plan,
            by=api_user(request),
            goal=goal,
            reviewed_on=values.get("reviewed_on"),
            progress=values["progress"],
            note=values["note"],
        )
        return Response(ReviewOut(review).data, status=status.HTTP_201_CREATED)


class MyFocusItemListApi(GenericAPIView):
    """The activities of the report the participant marked to focus on, in the report's order."""

    serializer_class = PlanItemOut

    def get_queryset(self) -> Any:  # for the schema only; the list comes from the selector
        return Item.objects.none()

    @extend_schema(responses=PlanItemOut(many=True), operation_id="me_focus_items_list")
    def get(self, request: Request, campaign_pk: int) -> Response:
        campaign, participant = _own(request, campaign_pk)
        items = focus_items_for(participant=participant, campaign=campaign)
        page: Any = self.paginate_queryset(items)  # type: ignore[arg-type]
        rows = page if page is not None else items
        return self.get_paginated_response(PlanItemOut(rows, many=True).data)


class MyFocusItemApi(APIView):
    """Mark one activity of the report to focus on (PUT), or unmark it (DELETE)."""

    def _set(self, request: Request, campaign_pk: int, item_id: int, *, focus: bool) -> None:
        campaign, participant = _own(request, campaign_pk)
        focus_item_set(
            participant=participant,
            campaign=campaign,
            item_id=item_id,
            focus=focus,
            by=api_user(request),
        )

    @extend_schema(request=None, responses=PlanItemOut, operation_id="me_focus_item_set")
    def put(self, request: Request, campaign_pk: int, item_id: int) -> Response:
        self._set(request, campaign_pk, item_id, focus=True)
        item = Item.objects.select_related("dimension").get(pk=item_id)
        return Response(PlanItemOut(item).data)

    @extend_schema(request=None, responses={204: None}, operation_id="me_focus_item_remove")
    def delete(self, request: Request, campaign_pk: int, item_id: int) -> Response:
        self._set(request, campaign_pk, item_id, focus=False)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommentIn(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


def _comment_response(plan: ActionPlan, request: Request) -> Response:
    data = CommentIn(data=request.data)
    data.is_valid(raise_exception=True)
    comment = action_plan_comment_add(
        plan=plan, by=api_user(request), text=data.validated_data["text"]
    )
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
        focus = focus_for_plans(rows)
        return self.get_paginated_response(
            [_plan_out(plan, focus=focus.get(plan.participant_id, [])) for plan in rows]
        )


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


class CadenceIn(serializers.Serializer):
    every_weeks = serializers.IntegerField(
        min_value=1, max_value=52, allow_null=True, help_text="Null: the cohort's cadence."
    )


class CampaignActionPlanCadenceApi(APIView):
    """A trainer sets how often one participant reviews the plan."""

    @extend_schema(request=CadenceIn, responses=PlanOut)
    def put(self, request: Request, pk: int, participant_id: int) -> Response:
        plan = _trainer_plan(request, pk, participant_id)
        data = CadenceIn(data=request.data)
        data.is_valid(raise_exception=True)
        review_cadence_set(
            plan=plan, every_weeks=data.validated_data["every_weeks"], by=api_user(request)
        )
        return Response(_plan_out(_trainer_plan(request, pk, participant_id)))


class CohortCadenceOut(serializers.Serializer):
    cohort = serializers.IntegerField(source="cohort_id")
    every_weeks = serializers.IntegerField()


class CampaignReviewCadenceApi(APIView):
    """A trainer sets how often the participants of the campaign's cohort review their plans."""

    class CohortCadenceIn(serializers.Serializer):
        every_weeks = serializers.IntegerField(min_value=1, max_value=52)

    @extend_schema(request=CohortCadenceIn, responses=CohortCadenceOut)
    def put(self, request: Request, pk: int) -> Response:
        # The cadence is the cohort's, whatever the status of its 360: the debrief page's form
        # sets it before the campaign closes too, and both ask access.py the same question.
        campaign = Campaign.objects.select_related("cohort").filter(pk=pk).first()
        if campaign is None or not may_set_cohort_review_cadence(request.user, campaign.cohort):
            raise Http404
        data = self.CohortCadenceIn(data=request.data)
        data.is_valid(raise_exception=True)
        cadence = cohort_review_cadence_set(
            cohort=campaign.cohort,
            every_weeks=data.validated_data["every_weeks"],
            by=api_user(request),
        )
        return Response(CohortCadenceOut(cadence).data)
