"""A rater answers on a phone: the draft survives closing the tab, then the submission is final."""

import os
from typing import Any

import pytest

from assessments.models import Comment, Invitation, Rating
from tests.assessments.rater_fixtures import (
    Questionnaire,
    questionnaire,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "")


def phone_page(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def choose(page: Any, item_id: int, value: str) -> None:
    page.locator(f"#item-{item_id} label.q-option:has(input[value='{value}'])").click()


def scores_of(invitation: Invitation) -> dict[int, int | None]:
    return dict(Rating.objects.filter(invitation=invitation).values_list("item_id", "score"))


def shot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_rater_drafts_on_a_phone_closes_the_tab_comes_back_and_submits(
    browser: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    q: Questionnaire = questionnaire(dimensions=2, items_per_dimension=3)
    first, second, third, *rest = q.items

    # The rater opens the emailed link on a phone and answers a few items.
    page = phone_page(browser, live_server)
    page.goto(q.url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(q.invitation.subject.name_en)
    expect(page.get_by_text("Always, a role model").first).to_be_visible()
    choose(page, first.pk, "4")
    choose(page, second.pk, "2")
    choose(page, third.pk, "na")
    page.fill("#comment", "Listens well; could delegate more.")
    expect(page.locator("[data-q-progress]")).to_have_text("3 of 6 answered")
    expect(page.locator("[data-q-status]")).to_contain_text("Draft saved")
    shot(page, "rater-phone-draft")

    # They close the tab; the draft is on the server.
    page.context.close()
    assert scores_of(q.invitation) == {first.pk: 4, second.pk: 2, third.pk: None}

    # Later they open the link again, in a fresh tab with nothing stored on the device.
    page = phone_page(browser, live_server)
    page.goto(q.url)
    expect(page.locator(f"#item-{first.pk} input[value='4']")).to_be_checked()
    expect(page.locator(f"#item-{second.pk} input[value='2']")).to_be_checked()
    expect(page.locator(f"#item-{third.pk} input[value='na']")).to_be_checked()
    expect(page.locator("#comment")).to_have_value("Listens well; could delegate more.")

    # They complete the questionnaire, check it and submit.
    for item in rest:
        choose(page, item.pk, "5")
    page.get_by_role("button", name="Review and submit").click()
    expect(page.get_by_role("heading", name="Check your answers, then submit")).to_be_visible()
    shot(page, "rater-phone-confirm")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your feedback is submitted")
    shot(page, "rater-phone-thanks")

    q.invitation.refresh_from_db()
    assert q.invitation.status == Invitation.Status.SUBMITTED
    assert scores_of(q.invitation) == {
        first.pk: 4,
        second.pk: 2,
        third.pk: None,
        **{item.pk: 5 for item in rest},
    }
    assert Comment.objects.get(invitation=q.invitation).text.startswith("Listens well")

    # The link is now dead, with a page that says why.
    page.goto(q.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This questionnaire has already been submitted"
    )
    page.context.close()


def test_rater_answers_typed_offline_are_kept_on_the_device_and_saved_later(
    browser: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    q: Questionnaire = questionnaire(dimensions=1, items_per_dimension=3)
    first = q.items[0]
    page = phone_page(browser, live_server)
    page.goto(q.url)

    # The connection drops while they answer, and they close the tab.
    page.context.set_offline(True)
    choose(page, first.pk, "3")
    expect(page.locator("[data-q-status]")).to_contain_text("no connection")
    page.close()
    assert scores_of(q.invitation) == {}

    # Back online, they open the link again on the same phone: the answer is restored and saved.
    page.context.set_offline(False)
    page = page.context.new_page()
    page.goto(q.url)
    expect(page.locator(f"#item-{first.pk} input[value='3']")).to_be_checked()
    # Generous: the save waits for the page's pause and a round trip on a busy machine.
    expect(page.locator("[data-q-status]")).to_contain_text("Draft saved", timeout=15_000)
    shot(page, "rater-phone-restored")
    assert scores_of(q.invitation) == {first.pk: 3}
    page.context.close()


def test_leaving_with_answers_the_server_does_not_have_asks_first(
    browser: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    q: Questionnaire = questionnaire(dimensions=1, items_per_dimension=2)
    first, second = q.items[0], q.items[1]
    page = phone_page(browser, live_server)
    dialogs: list[str] = []

    def answer(dialog: Any) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on the page"

    page.on("dialog", answer)
    page.goto(q.url)
    status = page.locator("[data-q-status]")

    # Saved answers: leaving asks nothing.
    choose(page, first.pk, "3")
    expect(status).to_contain_text("Draft saved", timeout=15_000)
    page.reload()
    expect(page.locator(f"#item-{first.pk} input[value='3']")).to_be_checked()
    assert dialogs == []

    # An answer the server does not have yet: leaving asks, and staying keeps it on the page.
    page.context.set_offline(True)
    choose(page, second.pk, "4")
    expect(status).to_contain_text("no connection")
    page.close(run_before_unload=True)
    page.wait_for_timeout(1000)
    assert dialogs == ["beforeunload"]
    assert not page.is_closed()
    expect(page.locator(f"#item-{second.pk} input[value='4']")).to_be_checked()
    page.context.close()


def test_participant_self_assessment_autosaves_while_logged_in(
    browser: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    from tests import factories

    # given: a participant with an account and their self invitation on an open campaign
    q: Questionnaire = questionnaire(
        dimensions=1,
        items_per_dimension=2,
        invitation={"group": Invitation.Group.SELF, "status": Invitation.Status.APPROVED},
    )
    user = factories.UserFactory(email=q.invitation.subject.email)
    q.invitation.subject.user = user
    q.invitation.subject.save(update_fields=["user"])
    page = phone_page(browser, live_server)

    # when: they log in, open their self-assessment and answer one item
    page.goto(f"/accounts/login/?next=/me/campaigns/{q.campaign.pk}/self/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", "pass-word-123")
    page.press("input[name=password]", "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your self-assessment")
    choose(page, q.items[0].pk, "2")

    # then: the draft reaches the server through the session (with its CSRF token)
    expect(page.locator("[data-q-status]")).to_contain_text("Draft saved")
    assert scores_of(q.invitation) == {q.items[0].pk: 2}
    page.context.close()
