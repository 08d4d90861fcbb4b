"""REST API of practice: lists, detail, and one view per operation.

A practice the user may not read answers 404, whether or not it exists; one they may read but
not change answers 403 (the services decide).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.models import Goal
from participants.api.common import api_user
from practice.api import serializers as io
from practice.models import PHASE_ORDER, Practice, TriangleRole
from practice.selectors.practices import practice_get, practices_for_user
from practice.services.assignments import practices_ensure
from practice.services.observers import observer_invite
from practice.services.phases import (
    attachment_add,
    phase_complete,
    phase_save,
    practice_goal_link,
)
from practice.services.review import feedback_add, practice_accept, practice_return


def practice_or_404(request: Request, pk: int) -> Practice:
    practice = practice_get(user=request.user, pk=pk) if 0 < pk <= io.MAX_ID else None
    if practice is None:
        raise Http404
    return practice


def _phase(phase: str) -> str:
    if phase not in PHASE_ORDER:
        raise Http404
    return phase


def _detail(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    return Response(io.practice_detail_data(practice_or_404(request, pk)), status=code)


class PracticeListApi(GenericAPIView):
    """The practices the user may read: own, their cohorts', or all (HR); `?overdue=1`."""

    serializer_class = io.PracticeListOut

    def get_queryset(self) -> Any:  # the schema's; the list comes from the selector
        return Practice.objects.none()

    @extend_schema(responses=io.PracticeListOut(many=True))
    def get(self, request: Request) -> Response:
        participant = getattr(request.user, "participant", None)
        if participant is not None:
            practices_ensure(participant=participant)
        cohort = request.query_params.get("cohort", "")
        cohort_id = (
            int(cohort) if cohort.isascii() and cohort.isdigit() and len(cohort) < 19 else None
        )
        rows = practices_for_user(
            user=request.user,
            cohort_id=cohort_id,
            overdue=request.query_params.get("overdue") in ("1", "true"),
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(io.PracticeListOut(page, many=True).data)


class PracticeDetailApi(APIView):
    @extend_schema(responses=io.PracticeDetailOut)
    def get(self, request: Request, pk: int) -> Response:
        return _detail(request, pk)


class PhaseSaveApi(APIView):
    """Save a phase's text as a draft (the practice's owner)."""

    @extend_schema(request=io.PracticePhaseTextIn, responses=io.PracticeDetailOut)
    def put(self, request: Request, pk: int, phase: str) -> Response:
        practice = practice_or_404(request, pk)
        data = io.PracticePhaseTextIn(data=request.data)
        data.is_valid(raise_exception=True)
        phase_save(
            practice=practice,
            phase=_phase(phase),
            text=data.validated_data["text"],
            by=api_user(request),
        )
        return _detail(request, pk)


class PhaseCompleteApi(APIView):
    """Mark a phase complete (optionally with its final text and the date)."""

    @extend_schema(request=io.PracticePhaseCompleteIn, responses=io.PracticeDetailOut)
    def post(self, request: Request, pk: int, phase: str) -> Response:
        practice = practice_or_404(request, pk)
        data = io.PracticePhaseCompleteIn(data=request.data)
        data.is_valid(raise_exception=True)
        phase_complete(
            practice=practice,
            phase=_phase(phase),
            text=data.validated_data.get("text"),
            completed_on=data.validated_data.get("completed_on"),
            by=api_user(request),
        )
        return _detail(request, pk)


class AttachmentAddApi(APIView):
    """Attach a file to an open phase (multipart, field `file`)."""

    parser_classes = (MultiPartParser,)

    @extend_schema(
        request={"multipart/form-data": io.PracticeAttachmentIn},
        responses={201: io.PracticeAttachmentOut},
    )
    def post(self, request: Request, pk: int, phase: str) -> Response:
        practice = practice_or_404(request, pk)
        data = io.PracticeAttachmentIn(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = attachment_add(
            practice=practice,
            phase=_phase(phase),
            upload=data.validated_data["file"],
            by=api_user(request),
        )
        return Response(io.PracticeAttachmentOut(attachment).data, status=status.HTTP_201_CREATED)


class GoalLinkApi(APIView):
    """Tie the practice to one of the participant's action-plan goals (or untie it: null)."""

    @extend_schema(request=io.PracticeGoalIn, responses=io.PracticeDetailOut)
    def put(self, request: Request, pk: int) -> Response:
        practice = practice_or_404(request, pk)
        data = io.PracticeGoalIn(data=request.data)
        data.is_valid(raise_exception=True)
        goal_id = data.validated_data["goal"]
        goal = None
        if goal_id is not None:
            goal = Goal.objects.select_related("plan").filter(pk=goal_id).first()
            if goal is None or goal.plan.participant_id != practice.participant_id:
                raise ValidationError({"goal": _("Choose one of your own goals.")})
        practice_goal_link(practice=practice, goal=goal, by=api_user(request))
        return _detail(request, pk)


class ObserverInviteApi(APIView):
    """Ask a named observer for one iron-triangle role; the link goes by email."""

    @extend_schema(request=io.PracticeObserverIn, responses={201: io.PracticeObserverOut})
    def post(self, request: Request, pk: int) -> Response:
        practice = practice_or_404(request, pk)
        data = io.PracticeObserverIn(data=request.data)
        data.is_valid(raise_exception=True)
        role = TriangleRole.objects.filter(code=data.validated_data["role"]).first()
        if role is None:
            raise ValidationError({"role": _("There is no such role.")})
        observer, _raw = observer_invite(
            practice=practice,
            role=role,
            name=data.validated_data["name"],
            email=data.validated_data["email"],
            language=data.validated_data["language"],
            by=api_user(request),
        )
        return Response(io.PracticeObserverOut(observer).data, status=status.HTTP_201_CREATED)


class FeedbackApi(APIView):
    """The trainer's feedback on one phase."""

    @extend_schema(request=io.PracticeCommentIn, responses={201: io.PracticeDetailOut})
    def post(self, request: Request, pk: int, phase: str) -> Response:
        practice = practice_or_404(request, pk)
        data = io.PracticeCommentIn(data=request.data)
        data.is_valid(raise_exception=True)
        feedback_add(
            practice=practice,
            phase=_phase(phase),
            comment=data.validated_data["comment"],
            by=api_user(request),
        )
        return _detail(request, pk, status.HTTP_201_CREATED)


class ReturnApi(APIView):
    """Return the practice with a comment; only the phase named opens again."""

    @extend_schema(request=io.PracticeReturnIn, responses=io.PracticeDetailOut)
    def post(self, request: Request, pk: int) -> Response:
        practice = practice_or_404(request, pk)
        data = io.PracticeReturnIn(data=request.data)
        data.is_valid(raise_exception=True)
        practice_return(practice=practice, by=api_user(request), **data.validated_data)
        return _detail(request, pk)


class AcceptApi(APIView):
    """Accept a practice whose four phases are complete."""

    @extend_schema(request=io.PracticeOptionalCommentIn, responses=io.PracticeDetailOut)
    def post(self, request: Request, pk: int) -> Response:
        practice = practice_or_404(request, pk)
        data = io.PracticeOptionalCommentIn(data=request.data or {})
        data.is_valid(raise_exception=True)
        practice_accept(
            practice=practice, comment=data.validated_data["comment"], by=api_user(request)
        )
        return _detail(request, pk)
