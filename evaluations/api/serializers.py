"""What the evaluations API reads and writes.

Nothing written here names a person beside an answer: the questionnaire's answer is
acknowledged without its id, and results carry counts, averages and comment texts only (HR
also sees each comment's random id and review state, which name no one).
"""

from typing import Any

from rest_framework import serializers

from evaluations.models import RECOMMEND_MAX, SCALE_MAX, SCALE_MIN, FollowUp
from evaluations.services.answers import MAX_COMMENT
from evaluations.services.follow_ups import MAX_TEXT

MAX_ID = 2**63 - 1


def _scale(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=SCALE_MIN, max_value=SCALE_MAX, **kwargs)


class EvaluationRatingIn(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    score = _scale(allow_null=True)


class EvaluationAnswerIn(serializers.Serializer):
    overall = _scale()
    relevance = _scale()
    engagement = _scale()
    confidence = _scale()
    commitment = _scale()
    recommend = serializers.IntegerField(min_value=0, max_value=RECOMMEND_MAX)
    modules = serializers.ListField(
        child=EvaluationRatingIn(), required=False, default=list, max_length=200
    )
    trainers = serializers.ListField(
        child=EvaluationRatingIn(), required=False, default=list, max_length=50
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MAX_COMMENT
    )


class EvaluationModuleOut(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()


class EvaluationTrainerOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class EvaluationScaleOut(serializers.Serializer):
    min = serializers.IntegerField()
    max = serializers.IntegerField()
    recommend_max = serializers.IntegerField()


class EvaluationQuestionnaireOut(serializers.Serializer):
    cohort = serializers.IntegerField()
    state = serializers.ChoiceField(choices=("not_open", "open", "closed"))
    opens_at = serializers.DateTimeField(allow_null=True)
    closes_at = serializers.DateTimeField(allow_null=True)
    answered = serializers.BooleanField(help_text="Whether you have answered (never what).")
    questions = serializers.ListField(child=serializers.CharField())
    scale = EvaluationScaleOut()
    modules = EvaluationModuleOut(many=True)
    trainers = EvaluationTrainerOut(many=True)


class EvaluationAnsweredOut(serializers.Serializer):
    cohort = serializers.IntegerField()
    answered = serializers.BooleanField()


class EvaluationQuestionResultOut(serializers.Serializer):
    code = serializers.CharField()
    average = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField()


class EvaluationModuleResultOut(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    average = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField()


class EvaluationTrainerResultOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    average = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField()


class EvaluationCommentOut(serializers.Serializer):
    text = serializers.CharField()
    id = serializers.CharField(required=False, help_text="HR only: the comment's random key.")
    status = serializers.CharField(required=False, help_text="HR only: its review.")


class EvaluationResultsOut(serializers.Serializer):
    attendees = serializers.IntegerField()
    answers = serializers.IntegerField()
    shown = serializers.BooleanField(help_text="False under `min_answers`: counts only.")
    min_answers = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True)
    low_response = serializers.BooleanField(help_text="Fewer than 20 % of attendees answered.")
    questions = EvaluationQuestionResultOut(many=True)
    nps = serializers.FloatField(allow_null=True)
    modules = EvaluationModuleResultOut(many=True)
    trainers = EvaluationTrainerResultOut(many=True)
    comments = EvaluationCommentOut(many=True)


class FollowUpGoalOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class FollowUpOut(serializers.Serializer):
    id = serializers.IntegerField()
    cohort = serializers.IntegerField(source="cohort_id")
    goal = FollowUpGoalOut()
    respondent = serializers.ChoiceField(choices=FollowUp.Respondent.choices)
    status = serializers.ChoiceField(choices=FollowUp.Status.choices)
    applied_percent = serializers.IntegerField(allow_null=True)
    helped = serializers.CharField()
    hindered = serializers.CharField()
    sent_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)


class FollowUpByTokenOut(serializers.Serializer):
    respondent = serializers.ChoiceField(choices=FollowUp.Respondent.choices)
    participant = serializers.CharField(source="goal.plan.participant.name")
    goal = FollowUpGoalOut()
    status = serializers.ChoiceField(choices=FollowUp.Status.choices)
    applied_percent = serializers.IntegerField(allow_null=True)
    helped = serializers.CharField()
    hindered = serializers.CharField()
    observed = serializers.CharField(help_text="The manager's answer only.")


def _text() -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_TEXT)


class FollowUpAnswerIn(serializers.Serializer):
    applied_percent = serializers.IntegerField(min_value=0, max_value=100)
    helped = _text()
    hindered = _text()
    observed = _text()
