"""Availability and athletes' moves in a real browser: the athlete, on a phone, marks a trip,
moves a session onto it and sees the warning; the coach sees both on the block calendar (the
trip's badge, the moved session and its `not-a-training-day` warning, the re-plan link).

Screenshots go to test-artifacts/availability-*.png (git-ignored) for people to look at.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes.models import Athlete, Role
from athletes.paces import MARATHON_M
from tests.browser.helpers import field, log_in
from tests.browser.test_athlete_plan import STAGES, add, shot
from tests.browser.test_phone_pages import OVERFLOW
from tests.conftest import add_5k, make_user
from workouts import services
from workouts.models import SessionKind

pytestmark = pytest.mark.browser


@pytest.fixture
def plan(transactional_db):
    """Amara and her block with today in it; a progression run three days ahead."""
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    user = make_user("runner@example.com", Role.ATHLETE, "Amara", "Okafor")
    amara = Athlete.objects.create(
        coach=coach, user=user, first_name="Amara", last_name="Okafor", email=user.email
    )
    add_5k(amara)
    today = timezone.localdate()
    block = services.block_create(
        athlete=amara,
        race_name="Valencia Marathon",
        race_date=today + timedelta(weeks=9, days=3),
        race_distance_m=MARATHON_M,
        n_weeks=18,
    )
    run = add(block, today + timedelta(days=3), SessionKind.PROGRESSION, STAGES)
    return block, run


def fits(page: Page) -> None:
    assert page.evaluate(OVERFLOW) == []


def test_the_athlete_marks_a_trip_moves_a_session_onto_it_and_the_coach_sees_both(
    live_server, phone: Page, page: Page, plan
):
    block, run = plan
    today = timezone.localdate()
    first, last = today + timedelta(days=5), today + timedelta(days=7)
    log_in(phone, live_server, "runner@example.com")
    phone.get_by_test_id("availability-mark").click()
    expect(phone.get_by_role("heading", name="Away or ill? Mark it")).to_be_visible()
    form = phone.get_by_test_id("availability-form")
    field(form, "First day").fill(first.isoformat())
    field(form, "Last day").fill((first - timedelta(days=1)).isoformat())
    form.get_by_role("button", name="Add these days").click()
    expect(phone.get_by_test_id("availability-form")).to_contain_text("ends before it starts")
    expect(phone.get_by_test_id("no-availability")).to_be_visible()
    form = phone.get_by_test_id("availability-form")
    field(form, "Last day").fill(last.isoformat())
    field(form, "Note (optional)").fill("Conference in Lyon")
    form.get_by_role("button", name="Add these days").click()
    expect(phone.get_by_test_id("availability-range")).to_contain_text("Away: travel")
    fits(phone)
    shot(phone, "availability-athlete-marks-a-trip")

    phone.goto(f"{live_server.url}/me/sessions/{run.pk}/")
    box = phone.get_by_test_id("athlete-move")
    moved_to = today + timedelta(days=6)
    field(box, "New day").fill(moved_to.isoformat())
    box.get_by_role("button", name="Move").click()
    expect(phone.locator("#messages")).to_contain_text(f"Moved to {moved_to:%a} {moved_to.day}")
    expect(phone.locator("#messages")).to_contain_text("falls while the athlete cannot train")
    fits(phone)
    shot(phone, "availability-athlete-moves-a-session")

    log_in(page, live_server, "coach@example.com")
    page.goto(f"{live_server.url}/blocks/{block.pk}/")
    day = page.locator(f"#day-{moved_to.isoformat()}")
    expect(day.get_by_test_id("availability")).to_contain_text("Away: travel")
    expect(day.get_by_test_id("moved-from")).to_be_visible()
    expect(day.locator('[data-code="not-a-training-day"]').first).to_be_visible()
    replan = page.locator(f"#day-{first.isoformat()}").get_by_test_id("availability-replan")
    expect(replan).to_have_text(f"Re-plan from {first:%a} {first.day} {first:%b}")
    day.scroll_into_view_if_needed()
    shot(page, "availability-coach-sees-the-trip")
    replan.click()
    expect(page.get_by_role("heading", name="Re-plan")).to_be_visible()

    # The coach fixes the session: the athlete's page says so and offers no move.
    page.goto(f"{live_server.url}/blocks/{block.pk}/")
    chip = page.locator(f"#session-{run.pk}")
    chip.locator("summary").click()
    chip.get_by_role("button", name="Fix for the athlete").click()
    expect(page.locator(f"#session-{run.pk}").get_by_test_id("athlete-fixed")).to_be_visible()
    phone.goto(f"{live_server.url}/me/sessions/{run.pk}/")
    expect(phone.get_by_test_id("move-refused")).to_have_text(
        "Your coach fixed this day: ask them if it has to move."
    )
    expect(phone.get_by_role("button", name="Move")).to_have_count(0)
    shot(phone, "availability-athlete-session-fixed")
