"""The report's charts are drawn once per report and language; any change of the report redraws."""

import copy
from typing import Any

import pytest
from django.utils import translation

from assessments.charts import cache as chart_cache
from assessments.charts import series_label
from assessments.report_display import report_display
from tests.assessments.report_fixtures import REPORT

pytestmark = pytest.mark.django_db


def drawing_counter(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the calls of the drawing behind cached_charts, drawing for real."""
    calls: list[int] = []
    real = chart_cache.cached_charts

    def counted(report: dict[str, Any], draw: Any) -> dict[str, Any]:
        def drawn() -> dict[str, Any]:
            calls.append(1)
            return draw()

        return real(report, drawn)

    monkeypatch.setattr("assessments.report_display.cached_charts", counted)
    return calls


def test_the_same_report_is_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = drawing_counter(monkeypatch)
    first = report_display(REPORT, k=3)
    second = report_display(copy.deepcopy(REPORT), k=3)

    assert len(calls) == 1
    assert second["charts"] == first["charts"]
    assert [s["svg"] for s in second["activity_sections"]] == [
        s["svg"] for s in first["activity_sections"]
    ]
    assert "<svg" in second["charts"]["dimensions"]


def test_a_changed_report_is_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = drawing_counter(monkeypatch)
    before = report_display(REPORT, k=3)
    changed = copy.deepcopy(REPORT)
    changed["dimensions"][0]["others"] = 1.23

    after = report_display(changed, k=3)

    assert len(calls) == 2
    assert "1.23" in after["charts"]["dimensions"]
    assert "1.23" not in before["charts"]["dimensions"]


def test_each_language_has_its_own_charts(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = drawing_counter(monkeypatch)
    with translation.override("en"):
        english = report_display(REPORT, k=3)["charts"]["dimensions"]
    with translation.override("zh-hans"):
        chinese = report_display(REPORT, k=3)["charts"]["dimensions"]

    assert len(calls) == 2
    assert "Class average" in english
    assert "Class average" not in chinese
    assert "班级平均" in chinese


def test_reports_of_two_participants_never_share_a_key() -> None:
    other = copy.deepcopy(REPORT)
    other["participant"] = {**other["participant"], "id": 8}
    assert chart_cache.charts_key(REPORT) != chart_cache.charts_key(other)


def test_series_labels_follow_the_active_language() -> None:
    with translation.override("en"):
        assert series_label("peer") == "Peers"
    with translation.override("zh-hans"):
        assert series_label("peer") != "Peers"
    with translation.override("en"):
        assert series_label("peer") == "Peers"
