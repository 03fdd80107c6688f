"""Past sessions' states on the calendars, in a real browser (docs/running.md §3.11): the coach's
block calendar shows a logged session in its compliance colour and words, linking to its
review, a missed one red with "Log it", one not run with its reason, and an unplanned run on
its day; the athlete's landing page on a phone shows the days of the week gone by, done,
missed and not run, without sideways scrolling. Screenshots go to test-artifacts/.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes.models import Athlete, Role
from athletes.paces import MARATHON_M
from tests.browser.helpers import log_in
from tests.browser.test_block_calendar import ARTIFACTS, shot
from tests.browser.test_phone_pages import OVERFLOW
from tests.conftest import add_5k, make_user
from tests.workouts.test_block_calendar import add_session
from workouts import run_logs, services
from workouts.models import SessionKind
from workouts.progression import Stage

pytestmark = pytest.mark.browser

EASY = [Stage(duration_s=45 * 60, zone="easy")]
# Bootstrap's subtle backgrounds, which the chips of a run on plan and of a missed one take.
GREEN_BG, RED_BG = "rgb(209, 231, 221)", "rgb(248, 215, 218)"


@pytest.fixture
def plan(transactional_db):
    """Amara's 18-week block with today the 4th day of a block week (three days of it gone
    by): an easy run three days ago logged by hand on plan, one two days ago missed, one
    yesterday not run (ill), and an unplanned run five days ago (last week)."""
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    user = make_user("runner@example.com", Role.ATHLETE, "Amara", "Okafor")
    amara = Athlete.objects.create(
        coach=coach, user=user, first_name="Amara", last_name="Okafor", email=user.email
    )
    add_5k(amara, days_ago=20)
    today = timezone.localdate()
    block = services.block_create(
        athlete=amara,
        race_name="Valencia Marathon",
        race_date=today + timedelta(weeks=10, days=-4),
        race_distance_m=MARATHON_M,
        n_weeks=18,
    )
    done, missed, skipped = (
        add_session(block, today - timedelta(days=n), SessionKind.EASY, EASY) for n in (3, 2, 1)
    )
    services.session_skip(session=skipped, reason="ill")
    log = run_logs.run_log_create(
        athlete=amara,
        by=user,
        session=done,
        data={"date": done.date, "duration_s": 46 * 60, "distance_m": 8900, "rpe": 3},
        stages=[],
    )
    unplanned = run_logs.run_log_create(
        athlete=amara,
        by=user,
        session=None,
        data={"date": today - timedelta(days=5), "duration_s": 30 * 60, "distance_m": 6000},
        stages=[],
    )
    return block, done, missed, skipped, log, unplanned


def background(locator) -> str:
    return locator.evaluate("el => getComputedStyle(el).backgroundColor")


def test_the_coach_s_calendar_shows_done_missed_not_run_and_an_unplanned_run(
    live_server, page: Page, plan
):
    block, done, missed, skipped, log, unplanned = plan
    log_in(page, live_server, "coach@example.com")
    page.goto(f"{live_server.url}/blocks/{block.pk}/")

    chip = page.locator(f"#session-{done.pk}")
    expect(chip).to_have_attribute("data-state", "logged")
    badge = chip.get_by_test_id("log-badge")
    expect(badge).to_have_text(re.compile(r"^\s*On plan"))
    assert background(chip) == GREEN_BG

    gone = page.locator(f"#session-{missed.pk}")
    expect(gone.get_by_test_id("log-badge")).to_have_text("Missed")
    assert background(gone) == RED_BG
    expect(gone.get_by_role("link", name=re.compile("^Log it"))).to_have_attribute(
        "href", f"/athletes/{block.athlete_id}/logs/new/?session={missed.pk}"
    )

    not_run = page.locator(f"#session-{skipped.pk}")
    expect(not_run.get_by_test_id("not-run")).to_have_text("Not run: ill")
    expect(not_run.get_by_test_id("log-badge")).to_have_count(0)
    assert background(not_run) != RED_BG

    day = page.locator(f"#day-{unplanned.date:%Y-%m-%d}")
    run = day.get_by_test_id("unplanned-run")
    expect(run).to_contain_text("Unplanned run")
    expect(run).to_contain_text("6 km · 30 min")
    shot(page, "calendar-logged")

    badge.click()
    expect(page).to_have_url(f"{live_server.url}/logs/{log.pk}/")


def test_the_athlete_s_phone_shows_the_days_gone_by_done_and_missed(live_server, phone: Page, plan):
    block, done, missed, skipped, log, unplanned = plan
    log_in(phone, live_server, "runner@example.com")
    expect(phone).to_have_url(f"{live_server.url}/me/")
    heading = phone.get_by_role("heading", name="Earlier this week")
    expect(heading).to_be_visible()
    rows = phone.get_by_test_id("plan-session")
    by_state = {
        state: rows.and_(phone.locator(f'[data-state="{state}"]'))
        for state in ("logged", "missed", "skipped")
    }
    for state in by_state.values():
        expect(state).to_have_count(1)
    expect(by_state["logged"].get_by_test_id("log-badge")).to_contain_text("On plan")
    expect(by_state["missed"].get_by_test_id("log-badge")).to_have_text("Missed")
    expect(by_state["skipped"]).to_contain_text("Not run: ill")
    assert background(by_state["missed"].get_by_test_id("log-badge")) == RED_BG
    problems = phone.evaluate(OVERFLOW)
    assert not problems, "/me/ does not fit 390 px:\n" + "\n".join(problems)
    heading.scroll_into_view_if_needed()
    phone.screenshot(path=ARTIFACTS / "athlete-landing-logged.png")

    by_state["logged"].get_by_test_id("log-badge").click()
    expect(phone).to_have_url(f"{live_server.url}/me/logs/{log.pk}/")
    phone.go_back()
    by_state["missed"].get_by_role("link", name=re.compile("^Log it")).click()
    expect(phone).to_have_url(f"{live_server.url}/me/sessions/{missed.pk}/log/")
