"""On a phone the header takes one row, whatever the role and the language."""

from typing import Any

import pytest
from django.contrib.auth.models import Group

from participants.models import HR_GROUP, TRAINERS_GROUP
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "pass-word-123"  # the factories' password
PHONE = {"width": 375, "height": 740}

# Each item's box in the header, the header's height and how wide its content is.
MEASURE = """() => ({
  items: [...document.querySelectorAll('.site-header nav li')].map((li) => {
    const box = li.getBoundingClientRect();
    return {top: box.top, bottom: box.bottom, height: box.height};
  }),
  header: document.querySelector('.site-header').getBoundingClientRect().height,
  headerWidth: document.querySelector('.site-header').scrollWidth,
})"""


def _one_row(page: Any) -> None:
    found = page.evaluate(MEASURE)
    items = [item for item in found["items"] if item["height"] > 0]
    tallest = max(item["height"] for item in items)
    # one row: every item overlaps every other vertically, and the header is one item high
    assert max(item["top"] for item in items) < min(item["bottom"] for item in items), found
    assert found["header"] < 1.6 * tallest, found
    assert found["headerWidth"] <= PHONE["width"], found  # the links scroll inside it


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_phone_header_is_one_row_for_the_busiest_menu(
    browser: Any, live_server: Any, language: str
) -> None:
    # given an HR officer who is also a trainer and staff: every menu item shows
    user = factories.UserFactory(
        email="hr.trainer@example.com", full_name="Alexandra Montgomery-Smith", is_staff=True
    )
    user.language = language
    user.save(update_fields=["language"])
    user.groups.add(
        Group.objects.get(name=HR_GROUP), Group.objects.get_or_create(name=TRAINERS_GROUP)[0]
    )
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        # when they log in on a phone
        page.goto("/accounts/login/")
        _one_row(page)  # the visitor's header
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        # then the header is still one row, and every link is in it (scrolled to, not wrapped)
        _one_row(page)
        links = page.locator(".site-header .nav-links a")
        assert links.count() >= 5
        last = page.locator(".site-header .lang-switch button").last
        last.scroll_into_view_if_needed()
        assert last.is_visible()
        _one_row(page)
    finally:
        context.close()
