import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from assessments.models import Campaign, Invitation
from assessments.rater_access import invitation_by_token
from assessments.selectors.questionnaire import Availability, invitation_availability
from assessments.services.responses import response_decline, response_submit
from assessments.tokens import TOKEN_BYTES, token_new
from tests.assessments.rater_fixtures import (
    Questionnaire,
    questionnaire,
)

pytestmark = pytest.mark.django_db


def test_token_has_at_least_32_random_bytes_and_only_its_hash_is_stored(q: Questionnaire) -> None:
    # given: the link's token and what the database holds
    stored = Invitation.objects.filter(pk=q.invitation.pk).values().get()

    # then: 32 bytes of randomness (43 url-safe characters), stored only as its SHA-256
    assert TOKEN_BYTES >= 32
    assert len(q.token) >= 43
    assert stored["token_hash"] == hashlib.sha256(q.token.encode()).hexdigest()
    assert q.token not in {str(value) for value in stored.values()}


def test_tokens_are_unique(db: None) -> None:
    tokens = {token_new()[0] for _ in range(200)}
    assert len(tokens) == 200


def test_invitation_by_token_finds_by_the_raw_token_only(q: Questionnaire) -> None:
    assert invitation_by_token(q.token) == q.invitation
    # The stored hash is not a credential: presenting it finds nothing.
    assert invitation_by_token(q.invitation.token_hash or "") is None
    assert invitation_by_token(q.token[:-1]) is None
    assert invitation_by_token("") is None
    assert invitation_by_token("x" * 10_000) is None


def test_a_random_guess_gets_our_own_not_found_page(client: Client, q: Questionnaire) -> None:
    response = client.get(f"/rate/{token_new()[0]}/")

    assert response.status_code == 404
    assert b"We cannot find this questionnaire" in response.content
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert q.invitation.subject.name_en.encode() not in response.content


def test_the_hash_used_as_a_link_gets_the_not_found_page(client: Client, q: Questionnaire) -> None:
    response = client.get(f"/rate/{q.invitation.token_hash}/")
    assert response.status_code == 404


def test_a_link_reused_after_submission_gets_the_gone_page(
    client: Client, q: Questionnaire
) -> None:
    response_submit(invitation=q.invitation, scores=q.all_scores(4))

    response = client.get(q.url)

    assert response.status_code == 410
    assert b"already been submitted" in response.content
    assert b"Activity" not in response.content  # no questionnaire, no answers


def test_a_link_after_declining_gets_the_gone_page(client: Client, q: Questionnaire) -> None:
    response_decline(invitation=q.invitation, reason="Not my team")

    response = client.get(q.url)

    assert response.status_code == 410
    assert b"This invitation was declined" in response.content


def test_a_link_expires_at_the_close_time(client: Client, q: Questionnaire) -> None:
    # given: the campaign is still marked open but its close time has just passed
    Campaign.objects.filter(pk=q.campaign.pk).update(
        closes_at=timezone.now() - dt.timedelta(seconds=1)
    )

    response = client.get(q.url)

    assert response.status_code == 410
    assert b"This feedback round has closed" in response.content


def test_a_link_of_a_closed_campaign_gets_the_gone_page(client: Client, q: Questionnaire) -> None:
    Campaign.objects.filter(pk=q.campaign.pk).update(status=Campaign.Status.CLOSED)

    response = client.get(q.url)

    assert response.status_code == 410
    assert b"This feedback round has closed" in response.content


def test_a_link_before_the_campaign_opens_says_so(client: Client, q: Questionnaire) -> None:
    Campaign.objects.filter(pk=q.campaign.pk).update(status=Campaign.Status.NOMINATING)

    response = client.get(q.url)

    assert response.status_code == 403
    assert b"not open yet" in response.content


def test_invitation_availability_at_the_close_time_boundary(q: Questionnaire) -> None:
    closes_at = q.campaign.closes_at
    assert closes_at is not None
    just_before = closes_at - dt.timedelta(microseconds=1)

    assert invitation_availability(invitation=q.invitation, now=just_before) == Availability.OPEN
    assert invitation_availability(invitation=q.invitation, now=closes_at) == Availability.CLOSED


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Invitation.Status.NOMINATED, Availability.NOT_OPEN),
        (Invitation.Status.APPROVED, Availability.NOT_OPEN),
        (Invitation.Status.SENT, Availability.OPEN),
        (Invitation.Status.STARTED, Availability.OPEN),
        (Invitation.Status.SUBMITTED, Availability.SUBMITTED),
        (Invitation.Status.DECLINED, Availability.DECLINED),
    ],
)
def test_invitation_availability_by_invitation_status(
    q: Questionnaire, status: str, expected: Availability
) -> None:
    q.invitation.status = status
    assert invitation_availability(invitation=q.invitation) == expected


def test_look_ups_are_rate_limited_per_ip(client: Client, q: Questionnaire, settings) -> None:  # type: ignore[no-untyped-def]
    # given: a budget of 3 look-ups a minute per address
    settings.RATER_RATE_LIMIT_PER_IP = 3
    guesses = [f"/rate/{token_new()[0]}/" for _ in range(3)]

    # when: three guesses, then the real link, from the same address
    statuses = [client.get(url, REMOTE_ADDR="203.0.113.9").status_code for url in guesses]
    limited = client.get(q.url, REMOTE_ADDR="203.0.113.9")

    # then: the fourth is refused before any look-up, politely, with a time to retry
    assert statuses == [404, 404, 404]
    assert limited.status_code == 429
    assert b"Too many requests" in limited.content
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited["Referrer-Policy"] == "no-referrer"
    # Another address is not affected.
    assert client.get(q.url, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_look_ups_are_rate_limited_per_token(client: Client, q: Questionnaire, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATER_RATE_LIMIT_PER_TOKEN = 2
    addresses = ["192.0.2.1", "192.0.2.2", "192.0.2.3"]

    statuses = [client.get(q.url, REMOTE_ADDR=ip).status_code for ip in addresses]

    assert statuses == [200, 200, 429]


def test_rate_limits_cover_the_api_too(client: Client, q: Questionnaire, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATER_RATE_LIMIT_PER_IP = 2
    client.get(q.url)
    client.get(q.api_url)

    response = client.get(q.api_url)

    assert response.status_code == 429
    assert "Retry-After" in response
    assert response["Referrer-Policy"] == "no-referrer"
    assert "detail" in response.json()


def test_a_self_invitation_link_leads_to_the_login_page_not_the_form(client: Client) -> None:
    q = questionnaire(invitation={"group": Invitation.Group.SELF})

    response = client.get(q.url)

    assert response.status_code == 302
    assert response["Location"] == f"/me/campaigns/{q.campaign.pk}/self/"


def test_look_ups_count_by_the_shared_client_address(
    client: Client, q: Questionnaire, settings
) -> None:  # type: ignore[no-untyped-def]
    # given: one setting names the proxy's header for every limit, rater links included
    settings.CLIENT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    settings.RATER_RATE_LIMIT_PER_IP = 2
    behind_proxy = {"REMOTE_ADDR": "10.0.0.1"}

    # when: one client behind the proxy spends its budget, forging a first entry each time
    for n in range(2):
        client.get(q.url, HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 203.0.113.9", **behind_proxy)
    limited = client.get(q.url, HTTP_X_FORWARDED_FOR="203.0.113.9", **behind_proxy)
    another = client.get(q.url, HTTP_X_FORWARDED_FOR="203.0.113.10", **behind_proxy)

    # then: the address our proxy appended is limited, another client behind it is not
    assert limited.status_code == 429
    assert another.status_code == 200


def test_a_forged_x_forwarded_for_does_not_bypass_look_up_limits(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CLIENT_IP_META_KEY = ""
    settings.RATER_RATE_LIMIT_PER_IP = 2

    statuses = [
        client.get(f"/rate/{token_new()[0]}/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(3)
    ]

    assert statuses == [404, 404, 429]
