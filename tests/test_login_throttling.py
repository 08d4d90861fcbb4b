"""Password guessing is limited per account and per client address, on every login door."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from rest_framework.test import APIClient

from kamtraining.throttling import client_ip
from participants.models import User
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
ADMIN_LOGIN_URL = "/admin/login/"
TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "pass-word-123"  # tests.factories.UserFactory's


def _login(client: Client, email: str, password: str, address: str = "203.0.113.5", **extra):  # type: ignore[no-untyped-def]
    return client.post(
        LOGIN_URL, {"username": email, "password": password}, REMOTE_ADDR=address, **extra
    )


def _token(api: APIClient, email: str, password: str, address: str = "203.0.113.5", **extra):  # type: ignore[no-untyped-def]
    return api.post(
        TOKEN_URL,
        {"username": email, "password": password},
        format="json",
        REMOTE_ADDR=address,
        **extra,
    )


@pytest.fixture
def user() -> User:
    return factories.UserFactory(email="kam@example.com")


def test_fifty_wrong_passwords_then_the_right_one_is_refused_on_the_login_page(
    user: User,
) -> None:
    client = Client()

    # when: 50 wrong passwords, then the right one
    statuses = [_login(client, user.email, f"guess-{n}").status_code for n in range(50)]
    right = _login(client, user.email, PASSWORD)

    # then: the guessing is cut off, and the right password does not log in while locked
    assert statuses[0] == 200
    assert statuses[-1] == 429
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    page = right.content.decode()
    assert "Too many attempts; try again in" in page
    assert "minutes." in page or "minute." in page
    window = django_settings.LOGIN_RATE_LIMIT_WINDOW_MINUTES * 60
    assert 1 <= int(right["Retry-After"]) <= window


def test_fifty_wrong_passwords_then_the_right_one_is_refused_on_the_token_endpoint(
    api_client: APIClient, user: User
) -> None:
    statuses = [_token(api_client, user.email, f"guess-{n}").status_code for n in range(50)]
    right = _token(api_client, user.email, PASSWORD)

    assert statuses[0] == 400
    assert statuses[-1] == 429
    assert right.status_code == 429
    assert right.json()["detail"].startswith("Too many attempts; try again in ")
    assert "token" not in right.json()
    window = django_settings.LOGIN_RATE_LIMIT_WINDOW_MINUTES * 60
    assert 1 <= int(right["Retry-After"]) <= window


def test_the_login_page_and_the_token_endpoint_share_one_budget(
    settings,  # type: ignore[no-untyped-def]
    api_client: APIClient,
    user: User,
) -> None:
    settings.LOGIN_RATE_LIMIT_PER_ACCOUNT = 4
    client = Client()
    for n in range(2):
        _login(client, user.email, f"guess-{n}")
        _token(api_client, user.email, f"guess-{n}")

    assert _login(client, user.email, PASSWORD).status_code == 429
    assert _token(api_client, user.email, PASSWORD).status_code == 429


def test_the_limit_is_per_account_across_addresses(settings, user: User) -> None:  # type: ignore[no-untyped-def]
    # given: 3 wrong passwords allowed per account, plenty per address
    settings.LOGIN_RATE_LIMIT_PER_ACCOUNT = 3
    settings.LOGIN_RATE_LIMIT_PER_IP = 100
    client = Client()

    # when: each wrong password comes from another address, and so does the right one
    for n in range(3):
        assert _login(client, user.email, "wrong", address=f"198.51.100.{n}").status_code == 200
    right = _login(client, user.email, PASSWORD, address="198.51.100.99")

    # then: the account is locked wherever the next attempt comes from
    assert right.status_code == 429
    # and another account is not
    other = factories.UserFactory()
    assert _login(client, other.email, PASSWORD, address="198.51.100.99").status_code == 302


def test_the_limit_is_per_address_across_accounts(settings, api_client: APIClient) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_RATE_LIMIT_PER_ACCOUNT = 100
    settings.LOGIN_RATE_LIMIT_PER_IP = 3
    victims = factories.UserFactory.create_batch(4)

    # when: one wrong password for each of three accounts, from one address
    for victim in victims[:3]:
        assert _token(api_client, victim.email, "wrong").status_code == 400

    # then: that address is refused for a fourth account, even with its right password
    assert _token(api_client, victims[3].email, PASSWORD).status_code == 429
    assert _login(Client(), victims[3].email, PASSWORD).status_code == 429
    # and the account itself is fine from elsewhere
    assert _token(api_client, victims[3].email, PASSWORD, address="192.0.2.8").status_code == 200


@pytest.mark.parametrize("door", ["page", "token"])
def test_a_forged_x_forwarded_for_does_not_bypass_the_limit(
    settings,  # type: ignore[no-untyped-def]
    api_client: APIClient,
    door: str,
) -> None:
    # given: no trusted proxy is configured; budget of 3 failures per address
    settings.CLIENT_IP_META_KEY = ""
    settings.LOGIN_RATE_LIMIT_PER_ACCOUNT = 100
    settings.LOGIN_RATE_LIMIT_PER_IP = 3
    victims = factories.UserFactory.create_batch(4)

    def attempt(email: str, password: str, n: int) -> int:
        forged = {"HTTP_X_FORWARDED_FOR": f"10.0.0.{n}"}
        if door == "page":
            return _login(Client(), email, password, **forged).status_code
        return _token(api_client, email, password, **forged).status_code

    # when: every request claims another origin in X-Forwarded-For
    for n, victim in enumerate(victims[:3]):
        attempt(victim.email, "wrong", n)
    last = attempt(victims[3].email, PASSWORD, 99)

    # then: the address that really sent them is refused
    assert last == 429


def test_a_new_forged_address_per_request_does_not_reset_the_token_endpoints_budget(
    api_client: APIClient,
) -> None:
    # given: the default settings, and one attacker trying many accounts
    victims = factories.UserFactory.create_batch(2)

    # when: fifty wrong passwords, each request claiming a new X-Forwarded-For
    statuses = [
        _token(api_client, victims[0].email, "wrong", HTTP_X_FORWARDED_FOR=f"10.9.{n}.1")
        for n in range(50)
    ]
    # then: the attacker is cut off, whatever the header says
    assert statuses[-1].status_code == 429
    forged = {"HTTP_X_FORWARDED_FOR": "10.99.99.99"}
    assert _token(api_client, victims[1].email, PASSWORD, **forged).status_code == 200
    assert _token(api_client, victims[0].email, PASSWORD, **forged).status_code == 429


def test_a_trusted_proxy_header_counts_the_entry_the_proxy_appended(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CLIENT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    settings.LOGIN_RATE_LIMIT_PER_ACCOUNT = 100
    settings.LOGIN_RATE_LIMIT_PER_IP = 2
    users = factories.UserFactory.create_batch(3)
    proxy = "10.1.1.1"
    client = Client()

    # when: the client forges a first entry, our proxy appends the real one
    for n, someone in enumerate(users[:2]):
        header = f"1.2.3.{n}, 198.51.100.20"
        _login(client, someone.email, "wrong", address=proxy, HTTP_X_FORWARDED_FOR=header)
    limited = _login(
        client,
        users[2].email,
        PASSWORD,
        address=proxy,
        HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.20",
    )
    another = _login(
        Client(), users[2].email, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.21"
    )

    # then: the appended address is the one limited; another client behind the proxy is not
    assert limited.status_code == 429
    assert another.status_code == 302


def test_client_ip_ignores_headers_unless_a_proxy_is_named(rf, settings) -> None:  # type: ignore[no-untyped-def]
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 10.0.0.2")

    settings.CLIENT_IP_META_KEY = ""
    assert client_ip(request) == "192.0.2.1"
    settings.CLIENT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    assert client_ip(request) == "10.0.0.2"
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"  # named but absent: the socket's address
    assert client_ip(request) == "192.0.2.1"


def test_a_successful_login_does_not_reset_another_addresss_count(settings, user: User) -> None:  # type: ignore[no-untyped-def]
    # given: 3 failures allowed per account; an attacker spends 2 of them from one address
    settings.LOGIN_RATE_LIMIT_PER_ACCOUNT = 3
    settings.LOGIN_RATE_LIMIT_PER_IP = 100
    attacker = Client()
    for _ in range(2):
        _login(attacker, user.email, "wrong", address="203.0.113.66")

    # when: the owner logs in from elsewhere, then the attacker guesses once more
    assert _login(Client(), user.email, PASSWORD, address="192.0.2.10").status_code == 302
    _login(attacker, user.email, "wrong", address="203.0.113.66")

    # then: the attacker's failures still count: the budget is spent
    assert _login(attacker, user.email, PASSWORD, address="203.0.113.66").status_code == 429


def test_successful_logins_spend_nothing(settings, user: User) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_RATE_LIMIT_PER_ACCOUNT = 2
    settings.LOGIN_RATE_LIMIT_PER_IP = 2

    statuses = [_login(Client(), user.email, PASSWORD).status_code for _ in range(5)]

    assert statuses == [302] * 5


def test_the_admin_login_refuses_the_right_password_while_locked(settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_RATE_LIMIT_PER_ACCOUNT = 2
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    for _ in range(2):
        client.post(ADMIN_LOGIN_URL, {"username": admin.email, "password": "wrong"})

    response = client.post(ADMIN_LOGIN_URL, {"username": admin.email, "password": PASSWORD})

    assert response.status_code == 200  # the admin's own form, with the message
    assert "Too many attempts; try again in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_message_is_translated(settings, user: User) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_RATE_LIMIT_PER_ACCOUNT = 1
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    _login(client, user.email, "wrong")

    response = _login(client, user.email, PASSWORD)

    assert response.status_code == 429
    assert "尝试次数过多" in response.content.decode()
