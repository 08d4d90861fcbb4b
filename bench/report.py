#!/usr/bin/env python
"""Benchmark: one participant's 360 report and the cohort summary against their SQL floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kam .venv/bin/python bench/report.py

Creates a throwaway PostgreSQL database (dropped at the end) holding one closed campaign of
100 participants × 15 raters (self, manager, 6 peers, 5 direct reports, 2 others) × 40 items,
bulk inserted, then times in the same run, median of --runs repetitions after a warm-up:

- report_for(campaign, participant) and cohort_summary(campaign);
- the floor: ONE raw GROUP BY over the same ratings through connection.cursor() — the
  campaign's submitted ratings summed and counted per subject × group × item, fetched. Both
  selectors need those very rows (the report's class and incumbent averages are over the whole
  campaign), so this is what no implementation can beat;
- for reference, the same GROUP BY over the one participant's ratings only;
- then, with 5 other campaigns of the same size inserted beside it, report_for again (its
  ratio is to the floor measured on the lone campaign: reading one campaign should not grow
  with the others stored in the same table); then the time to store the campaign's figures
  and report_of reading one stored report back.

Prints the medians, the ratios (target: report ≤ 3× floor, summary ≤ 3× floor) and the number
of queries of each. Exit status 0 whatever the ratios: it measures, it does not judge.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamtraining.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

PANEL = {"self": 1, "manager": 1, "peer": 6, "direct_report": 5, "other": 2}  # 15 raters
DIMENSIONS = 5
ITEMS_PER_DIMENSION = 8  # 40 items
OTHER_CAMPAIGNS = 5

FLOOR_SQL = """
    SELECT i.subject_id, i."group", r.item_id, SUM(r.score), COUNT(r.score)
    FROM assessments_rating r
    JOIN assessments_invitation i ON i.id = r.invitation_id
    WHERE i.campaign_id = %s AND i.status = 'submitted'
    GROUP BY i.subject_id, i."group", r.item_id
"""
SUBJECT_FLOOR_SQL = """
    SELECT i."group", r.item_id, SUM(r.score), COUNT(r.score)
    FROM assessments_rating r
    JOIN assessments_invitation i ON i.id = r.invitation_id
    WHERE i.campaign_id = %s AND i.subject_id = %s AND i.status = 'submitted'
    GROUP BY i."group", r.item_id
"""


def build(participants: int, seed: int, tag: str = "") -> tuple[Any, Any]:
    """Bulk insert a cohort, its campaign and every rating; return (campaign, participant).

    `tag` tells apart the codes of several such campaigns in one database.
    """
    import datetime as dt

    from assessments.models import Campaign, Comment, Invitation, Rating
    from courses.models import Cohort, Course, Dimension, Framework, Item
    from participants.models import Participant

    rng = random.Random(seed)
    framework = Framework.objects.create(code=f"bench{tag}", name="基准", name_en="Bench")
    dimensions = Dimension.objects.bulk_create(
        Dimension(framework=framework, code=f"D{d}", name=f"维度{d}", name_en=f"D{d}", order=d)
        for d in range(DIMENSIONS)
    )
    items = Item.objects.bulk_create(
        Item(dimension=dimension, text=f"活动{dimension.code}.{n}", order=n)
        for dimension in dimensions
        for n in range(ITEMS_PER_DIMENSION)
    )
    course = Course.objects.create(code=f"bench{tag}", title="基准课程", framework=framework)
    cohort = Cohort.objects.create(
        course=course,
        code=f"bench{tag}",
        name=f"Bench{tag}",
        starts_on=dt.date(2027, 3, 1),
        ends_on=dt.date(2027, 3, 4),
        time_zone="Asia/Shanghai",
        capacity=participants,
    )
    campaign = Campaign.objects.create(
        cohort=cohort, framework=framework, name="Bench 360", status=Campaign.Status.CLOSED
    )
    people = Participant.objects.bulk_create(
        Participant(
            employee_number=f"B{tag}{n:05d}",
            name=f"学员{n:03d}",
            name_en=f"Participant {n}",
            email=f"p{tag}{n}@bench.example",
            is_incumbent=n % 3 == 0,
        )
        for n in range(participants)
    )
    now = timezone.now()
    invitations = Invitation.objects.bulk_create(
        Invitation(
            campaign=campaign,
            subject=person,
            rater_name=f"Rater {person.pk}-{group}-{n}",
            rater_email=f"r{person.pk}-{group}-{n}@bench.example",
            group=group,
            status=Invitation.Status.SUBMITTED,
            submitted_at=now,
        )
        for person in people
        for group, count in PANEL.items()
        for n in range(count)
    )
    ratings = []
    for invitation in invitations:
        leaning = rng.uniform(-1, 1)
        for item in items:
            score = None if rng.random() < 0.05 else round(3 + leaning + rng.gauss(0, 1))
            ratings.append(
                Rating(
                    invitation=invitation,
                    campaign=campaign,
                    item=item,
                    score=None if score is None else min(5, max(1, score)),
                )
            )
    Rating.objects.bulk_create(ratings, batch_size=5000)
    Comment.objects.bulk_create(
        Comment(invitation=invitation, text=f"Comment {invitation.pk}")
        for invitation in invitations
        if rng.random() < 0.3
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return campaign, people[len(people) // 2]


def measure(function: Callable[[], object], runs: int) -> tuple[float, int]:
    """Median seconds over `runs` calls after one warm-up, and the queries of one call."""
    with CaptureQueriesContext(connection) as queries:
        function()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench/report.py needs PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2

    from assessments.models import Rating
    from assessments.selectors.report import report_for
    from assessments.selectors.report_store import report_of
    from assessments.selectors.summary import cohort_summary
    from assessments.services.report_store import figures_store

    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_report_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        campaign, participant = build(args.participants, args.seed)
        print(
            f"data: {args.participants} participants × {sum(PANEL.values())} raters × "
            f"{DIMENSIONS * ITEMS_PER_DIMENSION} items = {Rating.objects.count():,} ratings "
            f"(built in {time.perf_counter() - started:.1f} s); PostgreSQL "
            f"{connection.cursor().connection.info.server_version}; median of {args.runs} runs"
        )

        def floor() -> list[tuple[Any, ...]]:
            with connection.cursor() as cursor:
                cursor.execute(FLOOR_SQL, [campaign.pk])
                return cursor.fetchall()

        def subject_floor() -> list[tuple[Any, ...]]:
            with connection.cursor() as cursor:
                cursor.execute(SUBJECT_FLOOR_SQL, [campaign.pk, participant.pk])
                return cursor.fetchall()

        rows = [
            ("SQL floor: campaign GROUP BY", *measure(floor, args.runs)),
            ("SQL: one participant's GROUP BY", *measure(subject_floor, args.runs)),
            (
                "report_for (one participant)",
                *measure(lambda: report_for(campaign=campaign, participant=participant), args.runs),
            ),
            (
                "cohort_summary (trainer view)",
                *measure(lambda: cohort_summary(campaign=campaign), args.runs),
            ),
        ]
        for n in range(OTHER_CAMPAIGNS):
            build(args.participants, args.seed + n + 1, tag=f"o{n}")
        rows.append(
            (
                f"report with {OTHER_CAMPAIGNS} other campaigns of the same size stored beside it",
                *measure(lambda: report_for(campaign=campaign, participant=participant), args.runs),
            )
        )
        started = time.perf_counter()
        stored = figures_store(campaign=campaign)
        print(
            f"figures_store (every report and the summary, 2 languages): "
            f"{time.perf_counter() - started:.2f} s"
        )
        rows.append(
            (
                "report_of (stored figures)",
                *measure(lambda: report_of(campaign=stored, participant=participant), args.runs),
            )
        )
        floor_seconds = rows[0][1]
        print(f"{'what':72} {'median ms':>10} {'× floor':>8} {'queries':>8}")
        for name, seconds, queries in rows:
            print(f"{name:72} {seconds * 1000:10.2f} {seconds / floor_seconds:8.2f} {queries:8d}")
        report_ratio = rows[2][1] / floor_seconds
        summary_ratio = rows[3][1] / floor_seconds
        verdict = "met" if max(report_ratio, summary_ratio) <= 3 else "NOT met"
        print(
            f"report {report_ratio:.2f}× floor, summary {summary_ratio:.2f}× floor "
            f"(target ≤ 3× each: {verdict})"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
