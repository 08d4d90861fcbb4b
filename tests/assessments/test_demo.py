import datetime as dt

import pytest
from django.db.models import Avg, Count, F
from django.utils import timezone

from assessments import demo
from assessments.models import (
    ActionPlan,
    Campaign,
    CampaignEvent,
    Comment,
    FocusItem,
    Invitation,
    Rating,
    Review,
)
from assessments.tokens import token_hash
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world():
    """What the courses and participants demos leave behind, in small."""
    framework = factories.FrameworkFactory(code="strobe")
    for d, code in enumerate(("S", "T", "R", "O", "BE")):
        dimension = factories.DimensionFactory(framework=framework, code=code, order=d)
        factories.ItemFactory.create_batch(4, dimension=dimension)
    cohort = factories.CohortFactory(
        code="kam-2026-02", starts_on=dt.date(2026, 2, 9), ends_on=dt.date(2026, 2, 12)
    )
    factories.UserFactory(email="hr@kamtraining.local")
    wudi = factories.ParticipantFactory(
        name="吴迪", name_en="Wu Di", email="wudi@kamtraining.local", with_user=True
    )
    participants = [wudi, *factories.ParticipantFactory.create_batch(5)]
    for participant in participants:
        factories.EnrollmentFactory(participant=participant, cohort=cohort)
    factories.EnrollmentFactory(cohort=cohort, status="waitlisted", waitlisted_at=timezone.now())
    return cohort, participants


def snapshot() -> dict[str, object]:
    return {
        "campaigns": list(Campaign.objects.order_by("pk").values()),
        "events": CampaignEvent.objects.count(),
        "invitations": list(Invitation.objects.order_by("pk").values()),
        "ratings": list(
            Rating.objects.order_by("pk").values_list("pk", "invitation_id", "item_id", "score")
        ),
        "comments": list(Comment.objects.order_by("pk").values_list("pk", "text")),
    }


def test_demo_without_its_cohort_does_nothing() -> None:
    assert demo.load() == []
    assert not Campaign.objects.exists()


def test_released_campaign_has_full_ratings_for_every_confirmed_participant(demo_world) -> None:
    cohort, participants = demo_world
    demo.load()
    campaign = Campaign.objects.get(cohort=cohort, kind="pre")
    assert campaign.status == "released"
    assert campaign.closes_at < timezone.now()
    assert list(campaign.events.values_list("to_status", flat=True)) == [
        "draft",
        "nominating",
        "open",
        "closed",
        "released",
    ]
    invitations = campaign.invitations.all()
    assert {i.status for i in invitations} == {"submitted"}
    assert {i.subject_id for i in invitations} == {p.pk for p in participants}
    for participant in participants:
        groups = list(invitations.filter(subject=participant).values_list("group", flat=True))
        assert groups.count("self") == 1
        assert groups.count("manager") == 1
        assert 3 <= groups.count("peer") <= 5
        assert 3 <= groups.count("direct_report") <= 5
    n_items = 20
    assert (
        Rating.objects.filter(invitation__campaign=campaign).count()
        == invitations.count() * n_items
    )
    ratings = Rating.objects.filter(invitation__campaign=campaign)
    assert ratings.filter(score__isnull=True).exists()  # some "not observed"
    assert not ratings.filter(invitation__group="self", score__isnull=True).exists()
    assert set(ratings.exclude(score=None).values_list("score", flat=True)) <= {1, 2, 3, 4, 5}
    commented = set(
        Comment.objects.filter(invitation__campaign=campaign).values_list(
            "invitation__group", flat=True
        )
    )
    assert {"self", "manager", "peer", "direct_report"} <= commented
    # scores vary by person and by dimension
    means = (
        ratings.exclude(score=None)
        .values("invitation__subject", "item__dimension")
        .annotate(m=Avg("score"))
    )
    assert len({round(row["m"], 1) for row in means}) > 10


def test_open_campaign_has_pending_raters_and_a_working_demo_link(demo_world) -> None:
    cohort, _participants = demo_world
    logins = demo.load(rater_link=True)
    campaign = Campaign.objects.get(cohort=cohort, kind="post")
    assert campaign.status == "open"
    assert campaign.closes_at > timezone.now()
    statuses = dict(
        campaign.invitations.exclude(group="self").values_list("status").annotate(n=Count("pk"))
    )
    assert statuses.get("sent")
    assert statuses.get("started")
    assert statuses.get("submitted")
    started = campaign.invitations.filter(status="started")
    assert Rating.objects.filter(invitation__in=started).exists()  # drafts
    demo_invitation = Invitation.objects.get(token_hash=token_hash(demo.DEMO_RATER_TOKEN))
    assert demo_invitation.campaign == campaign
    assert demo_invitation.status == "sent"
    assert demo_invitation.subject.email == "wudi@kamtraining.local"
    ((role, link, _password),) = logins
    assert role == "rater link"
    assert link.endswith(f"/rate/{demo.DEMO_RATER_TOKEN}/")
    own = campaign.invitations.get(group="self", subject=demo_invitation.subject)
    assert own.status == "sent"


def test_loading_twice_changes_nothing(demo_world, django_assert_num_queries) -> None:
    first_logins = demo.load()
    before = snapshot()
    with django_assert_num_queries(11):  # 8, and 3 to find 吴迪's plan already there
        assert demo.load() == first_logins
    assert snapshot() == before


def test_without_the_rater_link_the_demo_rater_has_a_random_token(demo_world) -> None:
    # when: the loader is not asked for the published link (as outside DEBUG)
    logins = demo.load()

    # then: no invitation answers to the published token; the same rater is still pending
    assert logins == []
    assert not Invitation.objects.filter(token_hash=token_hash(demo.DEMO_RATER_TOKEN)).exists()
    campaign = Campaign.objects.get(kind="post")
    peers = campaign.invitations.filter(subject__email="wudi@kamtraining.local", group="peer")
    assert peers.filter(status="sent").exists()
    assert all(invitation.token_hash for invitation in peers)


def test_wudi_has_a_focus_item_plan_with_reviews_once(demo_world) -> None:
    cohort, participants = demo_world
    wudi = participants[0]

    demo.load()
    demo.load()

    plan = ActionPlan.objects.get(participant=wudi)
    goal = plan.goals.get()
    focus = set(FocusItem.objects.filter(participant=wudi).values_list("item_id", flat=True))
    assert set(goal.items.values_list("pk", flat=True)) == focus
    assert len(focus) == 2
    assert {item.dimension_id for item in goal.items.all()} == {goal.dimension_id}
    assert list(Review.objects.filter(goal=goal).values_list("progress", flat=True)) == [20, 45]


def test_demo_ratings_name_their_invitations_campaign(demo_world) -> None:
    demo.load()
    ratings = Rating.objects.all()
    assert ratings.exists()
    assert not ratings.exclude(campaign_id=F("invitation__campaign_id")).exists()
