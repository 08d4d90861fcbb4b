"""What the programme API reads and writes."""

from rest_framework import serializers

from programme.selectors import Area, Show


class TimelineQueryIn(serializers.Serializer):
    show = serializers.ChoiceField(
        choices=[(show.value, show.value) for show in Show],
        default=Show.ALL.value,
        help_text="The page's filter: everything, what is to do, or what is done.",
    )


class TimelineEntryOut(serializers.Serializer):
    area = serializers.ChoiceField(choices=[(area.value, area.value) for area in Area])
    area_label = serializers.CharField()
    title = serializers.CharField()
    on = serializers.DateField(
        allow_null=True, help_text="Due on (to do) or done on; null when undated (listed last)."
    )
    is_done = serializers.BooleanField()
    is_overdue = serializers.BooleanField()
    url = serializers.CharField(help_text="The page of the entry, one click away.")
    detail = serializers.CharField(help_text="The campaign, practice or cohort it belongs to.")
