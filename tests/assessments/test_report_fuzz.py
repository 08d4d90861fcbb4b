"""Random cohorts of ratings, each report and summary checked figure by figure against the
independent reading of DESIGN.md §4 in report_oracle: every figure shown equals the oracle's,
every figure the oracle hides is null.

The draws stay around k (groups of k − 1, k, k + 1 raters), mix in "not observed" scores,
pending drafts, declined and merely nominated raters that must not count, incumbents, and an
earlier campaign (closed or released) for the change."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Campaign, Comment, Invitation, Rating
from assessments.selectors.report import report_for
from assessments.selectors.report_store import report_of, summary_of
from assessments.selectors.summary import cohort_summary
from assessments.services.report_store import figures_store
from tests import factories
from tests.assessments import report_oracle as oracle

# Generated cohorts, each checked against the oracle: outside the fast lane (`make test-fast`).
pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

NOW = dt.datetime(2027, 6, 1, 9, tzinfo=dt.UTC)
SCORES = st.sampled_from([None, 1, 2, 3, 3, 4, 4, 5])
Status = Invitation.Status
_serial = itertools.count(1)


@dataclass
class Extra:
    """An invitation that must not count: pending with a draft, declined, or only nominated."""

    group: str
    status: str
    scores: list[int | None]


@dataclass
class Drawn:
    k: int
    threshold: str
    dimensions: list[list[int]]
    subjects: list[oracle.Subject]
    extras: list[list[Extra]]
    previous_status: str | None
    previous_k: int
    previous: list[list[oracle.Rater]]


@st.composite
def cohorts(draw: st.DrawFn) -> Drawn:
    k = draw(st.sampled_from([1, 2, 3, 3, 4]))
    sizes = draw(st.lists(st.integers(1, 3), min_size=1, max_size=2))
    dimensions, start = [], 0
    for size in sizes:
        dimensions.append(list(range(start, start + size)))
        start += size
    n_items = start
    scores = st.lists(SCORES, min_size=n_items, max_size=n_items)
    around_k = st.integers(max(0, k - 1), k + 1) | st.integers(0, k + 2)
    subjects, extras, previous = [], [], []
    for _ in range(draw(st.integers(1, 6))):
        sizes_by_group = {
            "self": draw(st.integers(0, 1)),
            "manager": draw(st.integers(0, 2)),
            **{group: draw(around_k) for group in oracle.NON_EXEMPT},
        }
        raters = [
            oracle.Rater(
                group=group,
                scores=draw(scores),
                comment=draw(st.sampled_from(["", "", "Good", "Listens", "good"])),
            )
            for group, size in sizes_by_group.items()
            for _ in range(size)
        ]
        subject_extras = [
            Extra(
                group=draw(st.sampled_from(oracle.NON_EXEMPT + ("manager",))),
                status=draw(st.sampled_from([Status.STARTED, Status.DECLINED, Status.NOMINATED])),
                scores=draw(scores),
            )
            for _ in range(draw(st.integers(0, 2)))
        ]
        if not sizes_by_group["self"] and draw(st.booleans()):
            subject_extras.append(Extra(group="self", status=Status.STARTED, scores=draw(scores)))
        invited: dict[str, int] = {g: sizes_by_group[g] for g in oracle.GROUPS}
        declined = dict.fromkeys(oracle.GROUPS, 0)
        for extra in subject_extras:
            if extra.status != Status.NOMINATED:
                invited[extra.group] += 1
            if extra.status == Status.DECLINED:
                declined[extra.group] += 1
        subjects.append(
            oracle.Subject(
                incumbent=draw(st.booleans()), raters=raters, invited=invited, declined=declined
            )
        )
        extras.append(subject_extras)
        previous.append(
            [
                oracle.Rater(group=group, scores=draw(scores))
                for group, size in (
                    ("manager", draw(st.integers(0, 1))),
                    ("peer", draw(around_k)),
                )
                for _ in range(size)
            ]
        )
    return Drawn(
        k=k,
        threshold=draw(st.sampled_from(["0.50", "1.00", "1.25"])),
        dimensions=dimensions,
        subjects=subjects,
        extras=extras,
        previous_status=draw(
            st.sampled_from([None, Campaign.Status.CLOSED, Campaign.Status.RELEASED])
        ),
        previous_k=draw(st.integers(1, 4)),
        previous=previous,
    )


def _invitation(campaign: Campaign, subject: Any, group: str, status: str) -> Invitation:
    n = next(_serial)
    return Invitation(
        campaign=campaign,
        subject=subject,
        rater_name=f"Rater {n}",
        rater_email=f"fuzz-{n}@example.com",
        group=group,
        status=status,
        sent_at=None if status == Status.NOMINATED else NOW - dt.timedelta(days=10),
        submitted_at=NOW - dt.timedelta(days=1) if status == Status.SUBMITTED else None,
    )


def _store(
    campaign: Campaign, people: list[Any], items: list[Any], rows: list[list[tuple]]
) -> None:
    """rows[subject] = [(group, status, scores, comment)]: invitations, ratings, comments."""
    invitations, answers = [], []
    for person, person_rows in zip(people, rows, strict=True):
        for group, status, scores, comment in person_rows:
            invitations.append(_invitation(campaign, person, group, status))
            answers.append((scores, comment))
    Invitation.objects.bulk_create(invitations)
    ratings, comments = [], []
    for invitation, (scores, comment) in zip(invitations, answers, strict=True):
        if invitation.status == Status.NOMINATED:
            continue
        ratings += [
            Rating(
                invitation=invitation,
                campaign_id=invitation.campaign_id,
                item=item,
                score=score,
            )
            for item, score in zip(items, scores, strict=True)
        ]
        if comment:
            comments.append(Comment(invitation=invitation, text=comment))
    Rating.objects.bulk_create(ratings)
    Comment.objects.bulk_create(comments)


def _build(drawn: Drawn) -> tuple[Campaign, Campaign | None, list[Any], list[Any]]:
    framework = factories.FrameworkFactory()
    items = []
    for position, item_numbers in enumerate(drawn.dimensions):
        dimension = factories.DimensionFactory(
            framework=framework, code="AB"[position], order=position + 1
        )
        items += [
            factories.ItemFactory(dimension=dimension, order=order)
            for order in range(1, len(item_numbers) + 1)
        ]
    campaign = factories.CampaignFactory(
        framework=framework,
        min_group_size=drawn.k,
        gap_threshold=Decimal(drawn.threshold),
        status=Campaign.Status.CLOSED,
        opens_at=NOW - dt.timedelta(days=14),
        closes_at=NOW,
    )
    people = [factories.ParticipantFactory(is_incumbent=s.incumbent) for s in drawn.subjects]
    _store(
        campaign,
        people,
        items,
        [
            [(r.group, Status.SUBMITTED, r.scores, r.comment) for r in subject.raters]
            + [(e.group, e.status, e.scores, "") for e in extras]
            for subject, extras in zip(drawn.subjects, drawn.extras, strict=True)
        ],
    )
    previous = None
    if drawn.previous_status is not None:
        previous = factories.CampaignFactory(
            cohort=campaign.cohort,
            framework=framework,
            min_group_size=drawn.previous_k,
            status=drawn.previous_status,
            opens_at=NOW - dt.timedelta(days=200),
            closes_at=NOW - dt.timedelta(days=180),
        )
        _store(
            previous,
            people,
            items,
            [
                [(r.group, Status.SUBMITTED, r.scores, "") for r in raters]
                for raters in drawn.previous
            ],
        )
    return campaign, previous, people, items


def _check_report(
    result: dict[str, Any],
    *,
    drawn: Drawn,
    index: int,
    figures: list[oracle.SubjectFigures],
    classes: list[dict[str, oracle.ClassFigure]],
    previous: Campaign | None,
    item_ids: list[int],
) -> None:
    subject, mine = drawn.subjects[index], figures[index]
    for group in oracle.GROUPS:
        assert result["groups"][group] == {
            "invited": subject.invited[group],
            "submitted": sum(1 for r in subject.raters if r.group == group),
            "declined": subject.declined[group],
            "reportable": mine.reportable[group],
        }, group

    # the earlier campaign counts only when released and the subject was rated there
    before: oracle.SubjectFigures | None = None
    if previous is not None and previous.status == Campaign.Status.RELEASED:
        raters = drawn.previous[index]
        if raters:
            before = oracle.subject_figures(
                oracle.Subject(incumbent=subject.incumbent, raters=raters),
                k=drawn.previous_k,
                dimensions=drawn.dimensions,
            )
    expected_previous = {"id": previous.pk, "name": previous.name} if before else None
    assert result["campaign"]["previous"] == expected_previous

    for d, row in enumerate(result["dimensions"]):
        others = mine.dimension["others"][d]
        expected = {group: oracle.rounded(mine.dimension[group][d]) for group in oracle.GROUPS}
        change = oracle.gap(others, before.dimension["others"][d]) if before else None
        expected |= {
            "others": oracle.rounded(others),
            "gap": oracle.rounded(oracle.gap(mine.dimension["self"][d], others)),
            "class_average": oracle.rounded(classes[d]["class"].average),
            "class_self_average": oracle.rounded(classes[d]["class_self"].average),
            "incumbent_average": oracle.rounded(classes[d]["incumbent"].average),
            "n_class": classes[d]["class"].n,
            "n_incumbent": classes[d]["incumbent"].n,
            "change": oracle.rounded(change),
        }
        assert {key: row[key] for key in expected} == expected, f"dimension {d}"

    threshold = Fraction(Decimal(drawn.threshold))
    gaps = [oracle.gap(mine.cells["self"][i], mine.others[i]) for i in range(len(item_ids))]
    for i, row in enumerate(result["items"]):
        assert row["id"] == item_ids[i]
        expected = {group: oracle.rounded(mine.cells[group][i]) for group in oracle.GROUPS}
        expected |= {"others": oracle.rounded(mine.others[i]), "gap": oracle.rounded(gaps[i])}
        assert {key: row[key] for key in expected} == expected, f"item {i}"
    high, low = oracle.ranked(mine.others, list(range(len(item_ids))), top=5)
    assert result["strengths"] == [item_ids[i] for i in high]
    assert result["development_areas"] == [item_ids[i] for i in low]
    blind = {item_ids[i] for i, g in enumerate(gaps) if g is not None and g >= threshold}
    hidden = {item_ids[i] for i, g in enumerate(gaps) if g is not None and g <= -threshold}
    assert set(result["blind_spots"]) == blind
    assert set(result["hidden_strengths"]) == hidden
    assert {g: sorted(texts) for g, texts in result["comments"].items()} == mine.comments


def _check_summary(
    summary: dict[str, Any],
    *,
    drawn: Drawn,
    people: list[Any],
    figures: list[oracle.SubjectFigures],
    classes: list[dict[str, oracle.ClassFigure]],
) -> None:
    for d, row in enumerate(summary["dimensions"]):
        for name in ("class", "class_self", "incumbent"):
            figure = classes[d][name]
            assert row[name] == {
                "average": oracle.rounded(figure.average),
                "n": figure.n,
                "stdev": figure.stdev,
            }, (d, name)
    codes = [row["code"] for row in summary["dimensions"]]
    rows = {row["id"]: row for row in summary["participants"] or []}
    for person, mine in zip(people, figures, strict=True):
        if person.pk not in rows:  # a subject without any invitation is nobody's subject
            continue
        for name, key in (("others", "others"), ("self", "self")):
            expected = {
                code: oracle.rounded(mine.dimension[key][d]) for d, code in enumerate(codes)
            }
            assert rows[person.pk][name] == expected
    for group in oracle.GROUPS:
        invited = sum(s.invited[group] for s in drawn.subjects)
        submitted = sum(1 for s in drawn.subjects for r in s.raters if r.group == group)
        declined = sum(s.declined[group] for s in drawn.subjects)
        assert summary["response_rates"][group] == {
            "invited": invited,
            "submitted": submitted,
            "declined": declined,
            "rate": oracle.half_up_rate(submitted, invited),
        }


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(drawn=cohorts())
def test_report_and_summary_agree_with_the_oracle(drawn: Drawn) -> None:
    with transaction.atomic():
        campaign, previous, people, items = _build(drawn)
        # Subjects with no invitation at all are not subjects of the campaign.
        invited = [
            bool(s.raters) or bool(e) for s, e in zip(drawn.subjects, drawn.extras, strict=True)
        ]
        figures = [
            oracle.subject_figures(subject, k=drawn.k, dimensions=drawn.dimensions)
            for subject in drawn.subjects
        ]
        counted = [f for f, is_subject in zip(figures, invited, strict=True) if is_subject]
        incumbents = [
            s.incumbent for s, is_subject in zip(drawn.subjects, invited, strict=True) if is_subject
        ]
        classes = [
            oracle.class_figures(counted, incumbents, k=drawn.k, dimension=d)
            for d in range(len(drawn.dimensions))
        ]
        item_ids = [item.pk for item in items]
        for index, person in enumerate(people):
            if not invited[index]:
                continue
            _check_report(
                report_for(campaign=campaign, participant=person),
                drawn=drawn,
                index=index,
                figures=figures,
                classes=classes,
                previous=previous,
                item_ids=item_ids,
            )
        _check_summary(
            cohort_summary(campaign=campaign),
            drawn=drawn,
            people=people,
            figures=figures,
            classes=classes,
        )
        hr_view = cohort_summary(campaign=campaign, include_participants=False)
        assert hr_view["participants"] is None
        # The stored figures are the live computation's, whole, in every language.
        stored_campaign = figures_store(campaign=campaign)
        for language, _name in django_settings.LANGUAGES:
            with translation.override(language):
                for index, person in enumerate(people):
                    if invited[index]:
                        live = report_for(campaign=campaign, participant=person)
                        assert report_of(campaign=stored_campaign, participant=person) == live
                assert summary_of(campaign=stored_campaign) == cohort_summary(campaign=campaign)
                assert summary_of(
                    campaign=stored_campaign, include_participants=False
                ) == cohort_summary(campaign=campaign, include_participants=False)
        transaction.set_rollback(True)
