"""Serializers of the rater API: the questionnaire out, answers in."""

from typing import Any

from rest_framework import serializers

from assessments.services.responses import COMMENT_MAX_LENGTH, REASON_MAX_LENGTH


class ScaleLabelOut(serializers.Serializer):
    score = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]  # the field, not Field.label


class ScaleOut(serializers.Serializer):
    min = serializers.IntegerField()
    max = serializers.IntegerField()
    labels = ScaleLabelOut(many=True)
    not_observed_label = serializers.CharField()


class ItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    text = serializers.CharField()


class DimensionOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    items = ItemOut(many=True)


class CampaignOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    closes_at = serializers.DateTimeField(allow_null=True)


class SubjectOut(serializers.Serializer):
    name = serializers.CharField()


class QuestionnaireOut(serializers.Serializer):
    """One questionnaire as its rater sees it, with the current draft."""

    campaign = CampaignOut()
    subject = SubjectOut(help_text="The participant the questionnaire is about.")
    group = serializers.CharField(help_text="The rater's group: manager, peer, direct_report, …")
    status = serializers.CharField(help_text="sent, started, submitted or declined.")
    scale = ScaleOut()
    dimensions = DimensionOut(many=True)
    scores = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        help_text="Draft answers: item id → score, or null for “not observed”.",
    )
    comment = serializers.CharField(allow_blank=True)
    answered = serializers.IntegerField()
    total = serializers.IntegerField()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["scores"] = {str(k): v for k, v in instance["scores"].items()}
        return data


class AnswersIn(serializers.Serializer):
    """Answers to save: any subset of the items, and the comment."""

    scores = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        required=False,
        help_text="Item id → score within the scale, or null for “not observed”.",
    )
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=COMMENT_MAX_LENGTH,
        trim_whitespace=False,
        help_text="Free text; omit to leave it as it is, empty to remove it.",
    )


class DeclineIn(serializers.Serializer):
    reason = serializers.CharField(max_length=REASON_MAX_LENGTH)


class ResultOut(serializers.Serializer):
    status = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    declined_at = serializers.DateTimeField(allow_null=True)


class ErrorOut(serializers.Serializer):
    detail = serializers.CharField()
    reason = serializers.CharField(
        required=False, help_text="Why the questionnaire is gone: submitted, declined or closed."
    )
