"""Output shapes of the report API, so the OpenAPI schema states the §5 JSON exactly.

The views return the selectors' plain dicts as they are; these classes describe them. Names
start with Report/Summary so their schema components never clash with other modules'.
"""

from collections.abc import Callable

from django.urls import reverse
from rest_framework import serializers

from assessments.models import Campaign
from assessments.selectors.scores import GROUPS


def _score(help_text: str = "") -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, help_text=help_text or None)


def _per_group(
    name: str, field_factory: Callable[[], serializers.Field]
) -> type[serializers.Serializer]:
    """A serializer with one field per rater group (self, manager, peer, direct_report, other)."""
    return type(name, (serializers.Serializer,), {group: field_factory() for group in GROUPS})


class ReportErrorOut(serializers.Serializer):
    detail = serializers.CharField()


class ReportPreviousCampaignOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReportCampaignOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    min_group_size = serializers.IntegerField(help_text="k: the smallest group shown.")
    gap_threshold = serializers.FloatField()
    previous = ReportPreviousCampaignOut(
        allow_null=True, help_text="The earlier campaign `change` compares with."
    )


class ReportParticipantOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    is_incumbent = serializers.BooleanField()


class ReportScaleOut(serializers.Serializer):
    min = serializers.IntegerField()
    max = serializers.IntegerField()


class ReportGroupCountOut(serializers.Serializer):
    invited = serializers.IntegerField()
    submitted = serializers.IntegerField()
    declined = serializers.IntegerField()
    reportable = serializers.BooleanField()


ReportGroupsOut = _per_group("ReportGroupsOut", ReportGroupCountOut)
ReportCommentsOut = _per_group(
    "ReportCommentsOut", lambda: serializers.ListField(child=serializers.CharField())
)


class ReportDimensionOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    self = _score()
    manager = _score()
    peer = _score()
    direct_report = _score()
    other = _score()
    others = _score("Everyone but self, under the k rules.")
    gap = _score("self − others")
    class_average = _score()
    class_self_average = _score()
    incumbent_average = _score()
    n_class = serializers.IntegerField()
    n_incumbent = serializers.IntegerField()
    change = _score("others − the previous campaign's others")


class ReportItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    dimension = serializers.CharField(help_text="The dimension's code.")
    text = serializers.CharField()
    self = _score()
    manager = _score()
    peer = _score()
    direct_report = _score()
    other = _score()
    others = _score()
    gap = _score()


class ReportOut(serializers.Serializer):
    """One participant's 360 report (DESIGN.md §5)."""

    campaign = ReportCampaignOut()
    participant = ReportParticipantOut()
    scale = ReportScaleOut()
    groups = ReportGroupsOut()
    dimensions = ReportDimensionOut(many=True)
    items = ReportItemOut(many=True)
    strengths = serializers.ListField(child=serializers.IntegerField())
    development_areas = serializers.ListField(child=serializers.IntegerField())
    blind_spots = serializers.ListField(child=serializers.IntegerField())
    hidden_strengths = serializers.ListField(child=serializers.IntegerField())
    comments = ReportCommentsOut()


class SummaryRateOut(serializers.Serializer):
    invited = serializers.IntegerField()
    submitted = serializers.IntegerField()
    declined = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="submitted / invited, 0–1.")


SummaryRatesOut = _per_group("SummaryRatesOut", SummaryRateOut)


class SummaryAggregateOut(serializers.Serializer):
    average = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField()
    stdev = serializers.FloatField(allow_null=True, help_text="Population standard deviation.")


# "class" is a Python keyword, so this shape is built from a field map.
SummaryDimensionOut = type(
    "SummaryDimensionOut",
    (serializers.Serializer,),
    {
        "code": serializers.CharField(),
        "name": serializers.CharField(),
        "class": SummaryAggregateOut(help_text="Others scores of every subject."),
        "class_self": SummaryAggregateOut(help_text="Self scores of every subject."),
        "incumbent": SummaryAggregateOut(help_text="Others scores of incumbents (正职)."),
    },
)


class SummaryParticipantOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    is_incumbent = serializers.BooleanField()
    others = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text="Dimension code → others score."
    )
    self = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text="Dimension code → self score."
    )


class SummaryOut(serializers.Serializer):
    """A campaign's cohort summary; `participants` is null for HR."""

    campaign = ReportCampaignOut()
    scale = ReportScaleOut()
    response_rates = SummaryRatesOut()
    response_total = SummaryRateOut(help_text="Every group but self.")
    dimensions = SummaryDimensionOut(many=True)
    participants = SummaryParticipantOut(many=True, allow_null=True)


class MyReportOut(serializers.Serializer):
    """A released report of the logged-in participant."""

    campaign_id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    kind = serializers.CharField()
    cohort_id = serializers.IntegerField()
    cohort_name = serializers.CharField(source="cohort.name")
    released_at = serializers.DateTimeField(allow_null=True)
    participant_id = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The report's API address.")

    def get_participant_id(self, campaign: Campaign) -> int:
        return int(self.context["participant_id"])

    def get_url(self, campaign: Campaign) -> str:
        path = reverse(
            "api:campaign-report",
            kwargs={"pk": campaign.pk, "participant_id": self.context["participant_id"]},
        )
        return str(self.context["request"].build_absolute_uri(path))
