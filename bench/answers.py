#!/usr/bin/env python
"""Benchmark: a campaign's answers export (CSV) against a floor and against a peer's export.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kam .venv/bin/python bench/answers.py

Creates a throwaway PostgreSQL database (dropped at the end) holding the campaign of
bench/report.py (100 participants × 15 raters × 40 items = 60,000 scores) and, beside it, the
same answers in django-survey-and-report's models (one survey of 40 questions, one response per
rater, one answer per question). Then times, median of --runs repetitions after a warm-up:

- the floor: the campaign's submitted ratings fetched by one raw query and written by
  `csv.writer`, with no rule applied — what no export of these answers can beat;
- our export: `assessments.exports.answers_table` written as the CSV download writes it, with
  the k rules and pseudonyms of `assessments.selectors.answers`;
- the peer: `survey.exporter.csv.Survey2Csv(survey)` as its admin action renders it.

Prints microseconds per answer, the ratios to the floor and to the peer, and the queries of
each. Exit status 0 whatever the ratios: it measures, it does not judge.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.peer_settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")

from django.db import connection  # noqa: E402

from bench.report import ITEMS_PER_DIMENSION, PANEL, build, measure  # noqa: E402 (sets Django up)

FLOOR_SQL = """
    SELECT i.subject_id, i."group", i.id, r.item_id, r.score
    FROM assessments_rating r
    JOIN assessments_invitation i ON i.id = r.invitation_id
    WHERE r.campaign_id = %s AND i.status = 'submitted'
    ORDER BY i.id, r.item_id
"""


def build_peer(campaign: Any, participants: int) -> Any:
    """The answers of the campaign's first participants as django-survey-and-report stores them.

    A subset: the peer reads each answer's question with a query of its own, so its time per
    answer is the same at any size, and the whole campaign would take minutes per run.
    """
    from survey.models import Answer, Question, Response, Survey

    from assessments.models import Invitation, Rating
    from courses.models import Item

    survey = Survey.objects.create(
        name="Bench 360", description="bench", need_logged_user=False, display_method=1
    )
    items = list(Item.objects.filter(dimension__framework_id=campaign.framework_id))
    questions = {
        item.pk: question
        for item, question in zip(
            items,
            Question.objects.bulk_create(
                Question(
                    survey=survey,
                    text=item.text,
                    order=n,
                    required=False,
                    type=Question.RADIO,
                    choices="1,2,3,4,5",
                )
                for n, item in enumerate(items)
            ),
            strict=True,
        )
    }
    subjects = (
        Invitation.objects.filter(campaign=campaign)
        .order_by("subject_id")
        .values_list("subject_id", flat=True)
        .distinct()[:participants]
    )
    invitations = list(
        Invitation.objects.filter(campaign=campaign, subject_id__in=list(subjects)).order_by("pk")
    )
    responses = dict(
        zip(
            (invitation.pk for invitation in invitations),
            Response.objects.bulk_create(
                Response(survey=survey, interview_uuid=f"{invitation.pk:036d}")
                for invitation in invitations
            ),
            strict=True,
        )
    )
    Answer.objects.bulk_create(
        (
            Answer(
                question=questions[item_id],
                response=responses[invitation_id],
                body=None if score is None else str(score),
            )
            for invitation_id, item_id, score in Rating.objects.filter(
                invitation_id__in=list(responses)
            ).values_list("invitation_id", "item_id", "score")
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return survey


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--peer-participants", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench/answers.py needs PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2

    from survey.exporter.csv.survey2csv import Survey2Csv
    from survey.models import Answer

    from assessments.exports import answers_table
    from assessments.models import Rating
    from kamtraining.exports import Table, _csv_lines

    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_answers_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        campaign, _ = build(args.participants, args.seed)
        survey = build_peer(campaign, args.peer_participants)
        answers = Rating.objects.filter(campaign=campaign).count()
        peer_answers = Answer.objects.filter(response__survey=survey).count()
        print(
            f"data: {args.participants} participants × {sum(PANEL.values())} raters × "
            f"{5 * ITEMS_PER_DIMENSION} items = {answers:,} answers; the peer holds the answers "
            f"of {args.peer_participants} of them ({peer_answers:,}); "
            f"PostgreSQL {connection.cursor().connection.info.server_version}; "
            f"median of {args.runs} runs"
        )

        def floor() -> int:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            with connection.cursor() as cursor:
                cursor.execute(FLOOR_SQL, [campaign.pk])
                for row in cursor:
                    writer.writerow(row)
            return buffer.tell()

        def ours() -> int:
            table: Table = answers_table(campaign=campaign, with_names=True)
            return sum(len(line) for line in _csv_lines(table))

        def peer() -> int:
            return len(str(Survey2Csv(survey)))

        rows = [
            ("floor: raw rows written by csv.writer", answers, *measure(floor, args.runs)),
            ("answers export (k rules, pseudonyms)", answers, *measure(ours, args.runs)),
            ("django-survey-and-report Survey2Csv", peer_answers, *measure(peer, args.runs)),
        ]
        per_answer = {name: seconds / n for name, n, seconds, _ in rows}
        floor_per, ours_per, peer_per = per_answer.values()
        print(f"{'what':44} {'median ms':>10} {'µs/answer':>10} {'× floor':>8} {'queries':>8}")
        for name, _, seconds, queries in rows:
            print(
                f"{name:44} {seconds * 1000:10.1f} {per_answer[name] * 1e6:10.2f} "
                f"{per_answer[name] / floor_per:8.2f} {queries:8d}"
            )
        print(f"answers export: {peer_per / ours_per:.1f}× faster per answer than the peer's CSV")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
