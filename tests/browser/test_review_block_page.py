"""Review: an edit on the block page whose answer has no calendar in it (a refused folded
form, the login page after the session expired, a 404 for a session deleted elsewhere)
keeps the page usable instead of blanking it or doing nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import field, settled
from tests.browser.test_block_calendar import open_block, saturday_block, shot
from tests.conftest import SHARED_DATABASE
from workouts.models import PlannedSession, SessionKind


@pytest.fixture
def block(transactional_db):
    return saturday_block(transactional_db)


def easy_run_tomorrow(block) -> PlannedSession:
    day = timezone.localdate() + timedelta(days=1)
    return PlannedSession.objects.create(
        block=block, date=day, original_date=day, kind=SessionKind.EASY
    )


def lock_button(page: Page, session_pk: int):
    chip = page.locator(f"#session-{session_pk}")
    chip.locator("summary").click()
    return chip.locator(".chip-lock-form button")


def test_a_refused_race_on_the_calendar_keeps_the_calendar_and_what_was_typed(
    live_server, page: Page, block
):
    open_block(page, live_server, block)
    page.get_by_text("Add B/C race").click()
    form = page.get_by_test_id("race-form")
    field(form, "Race").fill("City Half")
    field(form, "Day").fill((block.start + timedelta(days=20)).isoformat())
    field(form, "Distance").fill("a long way")
    form.get_by_role("button", name="Add the race").click()
    settled(page)
    # The calendar is still there (it used to vanish: the race page has no #block-page).
    expect(page.locator("#block-page #calendar")).to_be_visible()
    form = page.get_by_test_id("race-form")
    expect(form).to_be_visible()  # the folded form open again, with its error
    expect(field(form, "Race")).to_have_value("City Half")
    expect(form.locator(".invalid-feedback").first).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/blocks/{block.pk}/")
    shot(page, "review-race-refused-in-place")


def test_an_edit_after_the_login_expired_asks_to_log_in_instead_of_blanking_the_page(
    live_server, page: Page, block
):
    session = easy_run_tomorrow(block)
    open_block(page, live_server, block)
    button = lock_button(page, session.pk)
    page.context.clear_cookies(name="sessionid")  # logged out meanwhile; the CSRF cookie stays
    button.click()
    # Not the lock's address (POST only) as the next page: the calendar's.
    expect(page).to_have_url(f"{live_server.url}/login/?next=/blocks/{block.pk}/")


def test_an_edit_of_a_session_deleted_elsewhere_shows_the_calendar_as_it_now_is(
    live_server, page: Page, block
):
    session = easy_run_tomorrow(block)
    pk = session.pk
    open_block(page, live_server, block)
    button = lock_button(page, pk)
    # In another tab: the lock now answers 404, which htmx does not swap. The delete is
    # several queries in one transaction: held whole, so that on the embedded default a week
    # the server loads meanwhile does not find the stages' table locked.
    with SHARED_DATABASE:
        session.delete()
    button.click()
    # The page reloads itself (a second request, queued behind the weeks still loading).
    expect(page.locator(f"#session-{pk}")).to_have_count(0, timeout=15_000)
    expect(page.locator("#block-page #calendar")).to_be_visible(timeout=15_000)


def test_a_far_week_scrolled_to_after_the_login_expired_asks_to_log_in(
    live_server, page: Page, block
):
    open_block(page, live_server, block)
    expect(page.locator("#week-17.is-placeholder")).to_have_count(1)  # far below today's week 9
    page.context.clear_cookies(name="sessionid")
    page.locator("#week-17").evaluate("week => week.scrollIntoView({block: 'center'})")
    # The week's head used to vanish (the login page has no week in it).
    expect(page).to_have_url(f"{live_server.url}/login/?next=/blocks/{block.pk}/")
