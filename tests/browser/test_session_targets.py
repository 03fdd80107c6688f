"""Frozen targets in a real browser (docs/running.md §3.7): the coach opens a block eight
weeks in, the run two weeks ago says its targets are as of its day; a faster 5K entered
afterwards changes the paces of the run ahead on its form, not those of the past run.

Screenshots go to test-artifacts/ (git-ignored) for people to look at.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from athletes.models import Athlete, Role
from tests.browser.helpers import log_in, shot, show_week
from tests.conftest import add_5k, make_user
from tests.workouts.test_block_calendar import add_session, make_block, next_saturday
from tests.workouts.test_session_targets import M_AT_50, M_AT_54, RUN
from workouts.models import SessionKind

pytestmark = pytest.mark.browser


@pytest.fixture
def block(transactional_db):
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    amara = Athlete.objects.create(coach=coach, first_name="Amara", last_name="Okafor")
    add_5k(amara, days_ago=60)
    block = make_block(amara, race_date=next_saturday(weeks_ahead=10))
    today = timezone.localdate()
    past = add_session(block, today - timedelta(days=14), SessionKind.PROGRESSION, RUN)
    ahead = add_session(block, today + timedelta(days=14), SessionKind.PROGRESSION, RUN)
    return block, past, ahead


def test_a_past_run_keeps_its_targets_when_a_faster_result_comes_in(
    page, phone, live_server, block
):
    block, past, ahead = block
    log_in(page, live_server, "coach@example.com")
    page.goto(f"{live_server.url}/blocks/{block.pk}/")
    week = show_week(page, block.as_value().week_of(past.date).index)
    chip = week.locator(f"#session-{past.pk}")
    expect(chip.get_by_test_id("targets-frozen")).to_have_text(
        f"targets as of {past.date:%a} {past.date.day} {past.date:%b}"
    )
    shot(page, "targets-frozen-chip", full_page=False)

    add_5k(block.athlete, days_ago=20, time_s=1110)  # entered late: run before the past run
    page.goto(f"{live_server.url}/sessions/{past.pk}/edit/")
    expect(page.get_by_test_id("targets-frozen")).to_contain_text("Targets as of")
    expect(page.get_by_test_id("resolved")).to_contain_text(M_AT_50)
    shot(page, "targets-frozen-form")
    page.goto(f"{live_server.url}/sessions/{ahead.pk}/edit/")
    expect(page.get_by_test_id("targets-as-of")).to_be_visible()
    expect(page.get_by_test_id("resolved")).to_contain_text(M_AT_54)

    log_in(phone, live_server, "coach@example.com")
    phone.goto(f"{live_server.url}/sessions/{past.pk}/edit/")
    expect(phone.get_by_test_id("targets-frozen")).to_be_visible()
    width = phone.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390
    shot(phone, "targets-frozen-form-phone")
