"""What the practice API reads and writes."""

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from kamtraining.i18n import localized
from practice.models import PHASE_ORDER, Practice
from practice.selectors.practices import entries_in_order, observer_slots, practice_items

MAX_ID = 2**63 - 1


class PracticeParticipantOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class PracticeAssignmentBriefOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    due_on = serializers.DateField()
    cohort = serializers.IntegerField(source="cohort_id")


class PracticeListOut(serializers.Serializer):
    id = serializers.IntegerField()
    assignment = PracticeAssignmentBriefOut()
    participant = PracticeParticipantOut()
    status = serializers.CharField()
    returned_phase = serializers.CharField()
    phases_done = serializers.IntegerField()


class PracticeItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    dimension = serializers.CharField(source="dimension.code")
    text = serializers.SerializerMethodField()

    def get_text(self, obj: Any) -> str:
        return localized(obj, "text")


class PracticeAttachmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj: Any) -> str:
        return reverse("practice:attachment-download", args=[obj.pk])


class PracticePhaseOut(serializers.Serializer):
    phase = serializers.CharField()
    text = serializers.CharField()
    completed_on = serializers.DateField(allow_null=True)
    attachments = PracticeAttachmentOut(many=True, source="attachments.all")


class PracticeRatingOut(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    score = serializers.IntegerField(allow_null=True)


class PracticeObserverSlotOut(serializers.Serializer):
    role = serializers.CharField()
    role_name = serializers.CharField()
    missing = serializers.BooleanField()
    name = serializers.CharField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    observation = serializers.CharField(allow_null=True)
    ratings = PracticeRatingOut(many=True)


class PracticeEventOut(serializers.Serializer):
    kind = serializers.CharField()
    phase = serializers.CharField()
    text = serializers.CharField()
    by = serializers.SerializerMethodField()
    at = serializers.DateTimeField()

    def get_by(self, obj: Any) -> str | None:
        return str(obj.by) if obj.by_id else None


class PracticeScaleOut(serializers.Serializer):
    min = serializers.IntegerField()
    max = serializers.IntegerField()
    target = serializers.IntegerField()


class PracticeDetailOut(serializers.Serializer):
    id = serializers.IntegerField()
    assignment = PracticeAssignmentBriefOut()
    brief = serializers.CharField()
    participant = PracticeParticipantOut()
    status = serializers.CharField()
    returned_phase = serializers.CharField()
    goal = serializers.IntegerField(allow_null=True)
    items = PracticeItemOut(many=True)
    scale = PracticeScaleOut()
    phases = PracticePhaseOut(many=True)
    observers = PracticeObserverSlotOut(many=True)
    history = PracticeEventOut(many=True)


def practice_detail_data(practice: Practice) -> dict[str, Any]:
    assignment = practice.assignment
    slots = []
    for role, observer in observer_slots(practice):
        slots.append(
            {
                "role": role.code,
                "role_name": localized(role, "name"),
                "missing": observer is None,
                "name": observer.name if observer else None,
                "status": observer.status if observer else None,
                "observation": observer.observation if observer else None,
                "ratings": list(observer.ratings.all()) if observer else [],
            }
        )
    return PracticeDetailOut(
        {
            "id": practice.pk,
            "assignment": assignment,
            "brief": assignment.brief,
            "participant": practice.participant,
            "status": practice.status,
            "returned_phase": practice.returned_phase,
            "goal": practice.goal_id,
            "items": practice_items(practice),
            "scale": {
                "min": assignment.scale_min,
                "max": assignment.scale_max,
                "target": assignment.target_level,
            },
            "phases": entries_in_order(practice),
            "observers": slots,
            "history": list(practice.events.all()),
        }
    ).data


class PracticePhaseTextIn(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=20000, trim_whitespace=False)


class PracticePhaseCompleteIn(serializers.Serializer):
    text = serializers.CharField(
        required=False, allow_blank=True, max_length=20000, trim_whitespace=False
    )
    completed_on = serializers.DateField(required=False)


class PracticeAttachmentIn(serializers.Serializer):
    file = serializers.FileField()


class PracticeGoalIn(serializers.Serializer):
    goal = serializers.IntegerField(allow_null=True, min_value=1, max_value=MAX_ID)


class PracticeObserverIn(serializers.Serializer):
    role = serializers.CharField(max_length=30, help_text="Code of an iron-triangle role.")
    name = serializers.CharField(max_length=150)
    email = serializers.EmailField(max_length=254)
    language = serializers.ChoiceField(choices=("", "en", "zh-hans"), required=False, default="")


class PracticeObserverOut(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField(source="role.code")
    name = serializers.CharField()
    email = serializers.EmailField()
    status = serializers.CharField()


class PracticeCommentIn(serializers.Serializer):
    comment = serializers.CharField(max_length=5000)


class PracticeOptionalCommentIn(serializers.Serializer):
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class PracticeReturnIn(serializers.Serializer):
    phase = serializers.ChoiceField(choices=PHASE_ORDER)
    comment = serializers.CharField(max_length=5000)


class PracticeAssignmentIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    brief = serializers.CharField(max_length=10000)
    due_on = serializers.DateField()
    dimension = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID
    )
    items = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=10,
        default=list,
    )
    target_level = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100
    )


class PracticeAssignmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    cohort = serializers.IntegerField(source="cohort_id")
    title = serializers.CharField()
    brief = serializers.CharField()
    due_on = serializers.DateField()
    dimension = serializers.IntegerField(source="dimension_id", allow_null=True)
    items = serializers.SerializerMethodField()
    target_level = serializers.IntegerField()
    practice_count = serializers.IntegerField(required=False)

    def get_items(self, obj: Any) -> list[int]:
        return [item.pk for item in obj.items.all()]

    accepted_count = serializers.IntegerField(required=False)


class PracticeObservationItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class PracticeObservationOut(serializers.Serializer):
    observer = serializers.CharField()
    role = serializers.CharField()
    participant = serializers.CharField()
    participant_en = serializers.CharField(allow_blank=True)
    title = serializers.CharField()
    brief = serializers.CharField()
    act = serializers.CharField()
    scale = PracticeScaleOut()
    items = PracticeObservationItemOut(many=True)
    status = serializers.CharField()
    notice = serializers.CharField()


class PracticeObservationIn(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.IntegerField(allow_null=True, min_value=0, max_value=100)
    )
    observation = serializers.CharField(max_length=5000)
