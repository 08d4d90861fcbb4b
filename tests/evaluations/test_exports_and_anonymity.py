"""Downloads follow the page's thresholds; no page or download says who answered what."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.evaluations.world import World, answer_form
from tests.exports.files import body_of, rows_of

pytestmark = pytest.mark.django_db


def _as(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _export(world: World, fmt: str) -> str:
    return reverse("evaluations:evaluation-results-export", args=[world.cohort.pk, fmt])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_hides_averages_under_three_answers(world: World, fmt: str) -> None:
    factories.AnswerFactory.create_batch(2, evaluation=world.evaluation, overall=2)
    rows = rows_of(_as(world.hr).get(_export(world, fmt)), fmt)
    assert rows[0][0] == "Section / 部分"
    overall = next(r for r in rows if r[1].startswith("Overall rating"))
    assert overall[2] == ""  # hidden
    assert "3" in overall[4]  # says from how many answers it shows


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_figures_match_the_page(world: World, fmt: str) -> None:
    for overall, recommend in ((5, 10), (4, 9), (3, 3)):
        factories.AnswerFactory(evaluation=world.evaluation, overall=overall, recommend=recommend)
    rows = rows_of(_as(world.trainer).get(_export(world, fmt)), fmt)
    by_label = {r[1].split(" / ")[0]: r for r in rows}
    assert float(by_label["Overall rating"][2]) == 4.0
    assert float(by_label["NPS"][2]) == 33.33
    assert int(float(by_label["Answers"][3])) == 3


def test_export_is_formula_safe_and_shows_trainers_reviewed_comments_only(world: World) -> None:
    factories.AnswerFactory(
        evaluation=world.evaluation, comment="=HYPERLINK(1)", comment_status="published"
    )
    factories.AnswerFactory(evaluation=world.evaluation, comment="pending one")
    factories.AnswerFactory(
        evaluation=world.evaluation, comment="hidden one", comment_status="hidden"
    )
    trainer_rows = rows_of(_as(world.trainer).get(_export(world, "csv")), "csv")
    texts = [r[1] for r in trainer_rows if r[0].startswith("Comments")]
    assert texts == ["'=HYPERLINK(1)"]
    hr_rows = rows_of(_as(world.hr).get(_export(world, "csv")), "csv")
    assert len([r for r in hr_rows if r[0].startswith("Comments")]) == 3


def test_no_page_or_download_names_who_answered(world: World) -> None:
    # given every attendee answers through the page, each with a comment of their own
    for index, participant in enumerate(world.attendees):
        data = answer_form(world, comment=f"comment number {index}")
        assert (
            _as(participant.user)
            .post(reverse("evaluations:evaluation-answer", args=[world.cohort.pk]), data)
            .status_code
            == 302
        )
    names = [
        text
        for p in world.attendees
        for text in (p.name, p.name_en, p.email, p.employee_number)
        if text
    ]
    hr, trainer = _as(world.hr), _as(world.trainer)
    urls = [
        reverse("evaluations:evaluation-results", args=[world.cohort.pk]),
        reverse("evaluations:evaluation-comments", args=[world.cohort.pk]),
        reverse("evaluations:course-results", args=[world.cohort.course_id]),
        _export(world, "csv"),
        _export(world, "xlsx"),
        reverse("evaluations:course-results-export", args=[world.cohort.course_id, "csv"]),
    ]
    # when HR and the trainer read every page and download
    bodies = []
    for client in (hr, trainer):
        for url in urls:
            response = client.get(url)
            if response.status_code == 200:
                bodies.append(url)
                if url.endswith(".xlsx"):
                    text = " ".join(str(c) for row in rows_of(response, "xlsx") for c in row)
                else:
                    text = body_of(response).decode("utf-8", "replace")
                # then no attendee is named anywhere beside the answers
                assert not [n for n in names if n in text], url
    assert len(bodies) == 11  # the review page is HR's only
    # and the attendee's own page shows nothing of what they answered
    page = (
        _as(world.attendee)
        .get(reverse("evaluations:evaluation-answer", args=[world.cohort.pk]))
        .content.decode()
    )
    assert "comment number" not in page
