"""A campaign's answers, one sheet per submitted invitation, under the report's k rules.

What an answers export may hold (DESIGN §4), decided here once:
- Only submitted invitations, and only of reportable groups: `self` and `manager` always,
  `peer`, `direct_report` and `other` only with at least k submitted raters (rule 2). A group
  that is not reportable leaves no row at all.
- A score of a non-exempt group is left out when fewer than k of that group's raters scored the
  item (rule 1): the report shows no cell for it, so neither does the export.
- Raters are never named: each sheet carries a pseudonym derived from the campaign and the
  invitation with the server's secret, so the same person has another pseudonym in another
  campaign and nobody can recompute it. Sheets are sorted by pseudonym within a subject and
  group, so their order says nothing about who answered first. Comments are left out: a comment
  beside its writer's scores says more about who wrote it than the report ever shows.
- Subjects are named for the cohort's trainers, who read every report; HR reads no individual
  report, so for HR the subject is a pseudonym too (see `assessments.access.summary_access`).

Three queries whatever the size: the framework's items, the submitted invitations with their
subjects, and the ratings.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connections
from django.utils.crypto import salted_hmac

from assessments.models import Campaign, Invitation, Rating
from courses.models import Item

EXEMPT: frozenset[str] = frozenset(str(g) for g in Invitation.EXEMPT_GROUPS)
GROUP_RANK: dict[str, int] = {str(g): n for n, g in enumerate(Invitation.GROUP_ORDER)}


@dataclass(frozen=True)
class AnswerSheet:
    subject_key: str  # the subject's pseudonym, whoever reads
    subject_name: str  # names: empty unless the reader may see them
    subject_name_en: str
    group: str
    rater: str  # the rater's pseudonym
    scores: dict[int, int | None]  # item id → score; an item left out is absent


@dataclass(frozen=True)
class CampaignAnswers:
    items: list[Item]
    sheets: list[AnswerSheet]


def pseudonym(*, campaign: Campaign, kind: str, pk: int) -> str:
    digest = salted_hmac("assessments.answers", f"{campaign.pk}:{kind}:{pk}").hexdigest()
    return f"{kind[0].upper()}-{digest[:10].upper()}"


def campaign_answers(*, campaign: Campaign, with_names: bool) -> CampaignAnswers:
    k = campaign.min_group_size
    items = list(
        Item.objects.filter(dimension__framework_id=campaign.framework_id)
        .select_related("dimension")
        .order_by("dimension__order", "order", "pk")
    )
    invitations = list(
        Invitation.objects.filter(campaign=campaign, status=Invitation.Status.SUBMITTED)
        .select_related("subject")
        .only("pk", "group", "subject__id", "subject__name", "subject__name_en")
    )
    submitted = Counter((inv.subject_id, inv.group) for inv in invitations)
    counted = {
        inv.pk: inv
        for inv in invitations
        if inv.group in EXEMPT or submitted[(inv.subject_id, inv.group)] >= k
    }
    scores: dict[int, dict[int, int | None]] = defaultdict(dict)
    scorers: Counter[tuple[int, str, int]] = Counter()
    # The SQL is the ORM's; its rows are read straight from the cursor, as `selectors.scores`
    # does: this is the one large result and Django's per-row work would triple its cost (the
    # join keeps the query's size constant: no IN list of every rater).
    ratings = Rating.objects.filter(
        campaign=campaign, invitation__status=Invitation.Status.SUBMITTED
    ).values_list("invitation_id", "item_id", "score")
    sql, params = ratings.query.sql_with_params()
    with connections[ratings.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for invitation_id, item_id, score in rows:
        if invitation_id not in counted:
            continue
        scores[invitation_id][item_id] = score
        if score is not None:
            invitation = counted[invitation_id]
            scorers[(invitation.subject_id, invitation.group, item_id)] += 1
    sheets = [
        AnswerSheet(
            subject_key=pseudonym(campaign=campaign, kind="subject", pk=inv.subject_id),
            subject_name=inv.subject.name if with_names else "",
            subject_name_en=inv.subject.name_en if with_names else "",
            group=inv.group,
            rater=pseudonym(campaign=campaign, kind="rater", pk=inv.pk),
            scores=dict(_shown(inv, scores[inv.pk], scorers, k)),
        )
        for inv in counted.values()
    ]
    sheets.sort(
        key=lambda s: (
            (s.subject_name, s.subject_name_en) if with_names else (),
            s.subject_key,
            GROUP_RANK[s.group],
            s.rater,
        )
    )
    return CampaignAnswers(items=items, sheets=sheets)


def _shown(
    invitation: Invitation,
    scores: dict[int, int | None],
    scorers: Counter[tuple[int, str, int]],
    k: int,
) -> Iterator[tuple[int, int | None]]:
    for item_id, score in scores.items():
        if (
            score is not None
            and invitation.group not in EXEMPT
            and scorers[(invitation.subject_id, invitation.group, item_id)] < k
        ):
            continue
        yield item_id, score
