"""Who reaches which campaign page and endpoint: anonymous, participant (own / other),
trainer (own cohort / other cohort), HR. No existence leak: what one may not see is a 404."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from rest_framework.test import APIClient

from assessments.models import Invitation
from participants.models import TRAINERS_GROUP
from tests import factories
from tests.assessments.campaign_data import nominating_campaign

pytestmark = pytest.mark.django_db

ACTORS = ("anonymous", "own", "other", "trainer_own", "trainer_other", "hr")


@pytest.fixture
def world(hr_user, trainer_user):
    setup = nominating_campaign(n=1, trainer=trainer_user)
    own = setup.participants[0]
    nominated = factories.InvitationFactory(
        campaign=setup.campaign, subject=own, group="peer", status="nominated"
    )
    other_setup = nominating_campaign(n=1)
    other_trainer = factories.UserFactory()
    other_trainer.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    other_setup.cohort.trainers.add(other_trainer)
    users = {
        "anonymous": None,
        "own": own.user,
        "other": other_setup.participants[0].user,
        "trainer_own": trainer_user,
        "trainer_other": other_trainer,
        "hr": hr_user,
    }
    return {"campaign": setup.campaign, "own": own, "invitation": nominated, "users": users}


def url_for(template: str, world) -> str:
    return template.format(c=world["campaign"].pk, p=world["own"].pk, i=world["invitation"].pk)


PAGES = [
    # (method, url, expected per actor in ACTORS order)
    ("get", "/me/campaigns/", (302, 200, 200, 404, 404, 404)),
    ("get", "/me/campaigns/{c}/nominate/", (302, 200, 404, 404, 404, 404)),
    ("get", "/me/campaigns/{c}/nominate/{i}/edit/", (302, 200, 404, 404, 404, 404)),
    ("get", "/campaigns/", (302, 404, 404, 200, 200, 200)),
    ("get", "/campaigns/{c}/progress/", (302, 404, 404, 200, 404, 200)),
    ("get", "/campaigns/{c}/participants/{p}/raters/", (302, 404, 404, 200, 404, 200)),
    ("get", "/campaigns/{c}/invitations/{i}/edit/", (302, 404, 404, 200, 404, 200)),
    ("post", "/campaigns/{c}/participants/{p}/approve/", (302, 404, 404, 302, 404, 302)),
    ("post", "/campaigns/{c}/remind/", (302, 404, 404, 302, 404, 302)),
    ("post", "/campaigns/{c}/send/", (302, 404, 404, 302, 404, 302)),
    ("post", "/campaigns/{c}/status/close/", (302, 404, 404, 403, 404, 302)),
]


@pytest.mark.parametrize(("method", "template", "expected"), PAGES)
@pytest.mark.parametrize("actor", ACTORS)
def test_page_permissions(world, method, template, expected, actor) -> None:
    client = Client()
    if world["users"][actor] is not None:
        client.force_login(world["users"][actor])
    response = getattr(client, method)(url_for(template, world))
    assert response.status_code == expected[ACTORS.index(actor)]
    if response.status_code == 302 and actor == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


API = [
    ("get", "/api/v1/campaigns/{c}/", None, (403, 404, 404, 200, 404, 200)),
    ("patch", "/api/v1/campaigns/{c}/", {"name": "Renamed"}, (403, 404, 404, 403, 404, 200)),
    ("post", "/api/v1/campaigns/{c}/close/", {}, (403, 404, 404, 403, 404, 400)),
    ("post", "/api/v1/campaigns/{c}/start-nomination/", {}, (403, 404, 404, 403, 404, 400)),
    (
        "post",
        "/api/v1/campaigns/{c}/open/",
        {"override": True, "note": "ok"},
        (403, 404, 404, 403, 404, 200),
    ),
    ("post", "/api/v1/campaigns/{c}/release/", {}, (403, 404, 404, 403, 404, 400)),
    ("post", "/api/v1/campaigns/{c}/send-invitations/", {}, (403, 404, 404, 400, 404, 400)),
    ("post", "/api/v1/campaigns/{c}/remind/", {}, (403, 404, 404, 400, 404, 400)),
    ("get", "/api/v1/campaigns/{c}/invitations/", None, (403, 404, 404, 200, 404, 200)),
    (
        "post",
        "/api/v1/campaigns/{c}/invitations/",
        {"subject": "{p}", "rater_name": "R", "rater_email": "r@example.com", "group": "other"},
        # the cohort's trainers add raters here as on the raters page
        (403, 404, 404, 201, 404, 201),
    ),
    ("get", "/api/v1/me/campaigns/{c}/raters/", None, (403, 200, 404, 404, 404, 404)),
    (
        "post",
        "/api/v1/me/campaigns/{c}/raters/",
        {"rater_name": "R", "rater_email": "r@example.com", "group": "other"},
        (403, 201, 404, 404, 404, 404),
    ),
]


@pytest.mark.parametrize(("method", "template", "body", "expected"), API)
@pytest.mark.parametrize("actor", ACTORS)
def test_api_permissions(world, method, template, body, expected, actor) -> None:
    client = APIClient()
    if world["users"][actor] is not None:
        client.force_authenticate(world["users"][actor])
    if body is not None:
        body = {k: url_for(v, world) if isinstance(v, str) else v for k, v in body.items()}
        if "subject" in body:
            body["subject"] = int(body["subject"])
    response = getattr(client, method)(url_for(template, world), body, format="json")
    if actor == "anonymous":  # 401 when token authentication answers first, else 403
        assert response.status_code in (401, 403)
        return
    assert response.status_code == expected[ACTORS.index(actor)], response.content


@pytest.mark.parametrize("actor", ACTORS)
def test_api_list_is_scoped(world, actor) -> None:
    client = APIClient()
    if world["users"][actor] is not None:
        client.force_authenticate(world["users"][actor])
    response = client.get("/api/v1/campaigns/")
    if actor == "anonymous":
        assert response.status_code in (401, 403)
        return
    ids = {row["id"] for row in response.json()["results"]}
    visible = {"hr": 2, "trainer_own": 1, "trainer_other": 1}.get(actor, 0)
    assert len(ids) == visible
    assert (world["campaign"].pk in ids) == (actor in ("hr", "trainer_own"))


def test_api_create_is_hr_only(world) -> None:
    campaign = world["campaign"]
    body = {
        "cohort": campaign.cohort_id,
        "framework": campaign.framework_id,
        "name": "Post",
        "kind": "post",
    }
    for actor, expected in (("own", 403), ("trainer_own", 403), ("hr", 201)):
        client = APIClient()
        client.force_authenticate(world["users"][actor])
        assert client.post("/api/v1/campaigns/", body, format="json").status_code == expected
    assert Invitation.objects.filter(campaign=campaign).exists()
