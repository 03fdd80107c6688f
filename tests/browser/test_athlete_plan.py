"""The athlete's plan in a real browser: on a phone the athlete sees today's progression run
with their own paces and heart rates, the rest of the week and the next four weeks, opens a
session's page; the coach then shows only the next 3 days, and a later session leaves the
athlete's page (its own page answers 404). Both pages fit 390 px without sideways scrolling.

Screenshots go to test-artifacts/athlete-*.png (git-ignored) for people to look at.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes.models import Athlete, PlanVisibility, Role
from athletes.paces import MARATHON_M
from tests.browser.helpers import field, log_in
from tests.browser.test_phone_pages import OVERFLOW
from tests.conftest import add_5k, make_user
from tests.workouts.test_block_calendar import add_session as add
from workouts import notes, services
from workouts.models import SessionKind, SkipReason
from workouts.progression import Stage

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
STAGES = [
    Stage(duration_s=20 * 60, zone="easy"),
    Stage(duration_s=20 * 60, zone="steady"),
    Stage(duration_s=15 * 60, zone="marathon"),
    Stage(duration_s=5 * 60, zone="threshold"),
]


def shot(page: Page, name: str) -> None:
    """The whole page, and the first screen as a phone shows it."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    page.screenshot(path=ARTIFACTS / f"{name}-screen.png")


@pytest.fixture
def plan(transactional_db):
    """Amara (miles, heart rates known, a recent 5K) and her 18-week block with today in it:
    a progression run today, an easy run tomorrow, a long run in 5 days, one not run, the
    coach's notes."""
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    user = make_user("runner@example.com", Role.ATHLETE, "Amara", "Okafor")
    amara = Athlete.objects.create(
        coach=coach,
        user=user,
        first_name="Amara",
        last_name="Okafor",
        email=user.email,
        units="mi",
        resting_hr_bpm=50,
        max_hr_bpm=190,
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
    run = add(block, today, SessionKind.PROGRESSION, STAGES)
    run.notes = "Relaxed start; the last five minutes strong but controlled."
    run.save()
    add(
        block, today + timedelta(days=1), SessionKind.EASY, [Stage(duration_s=45 * 60, zone="easy")]
    )
    later = add(
        block,
        today + timedelta(days=5),
        SessionKind.LONG_RUN,
        [Stage(distance_m=26000, zone="easy")],
    )
    skipped = add(
        block, today + timedelta(days=9), SessionKind.EASY, [Stage(duration_s=40 * 60, zone="easy")]
    )
    skipped.skipped_reason = SkipReason.TRAVEL
    skipped.save()
    for n in (12, 16, 19, 23, 26, 30):
        add(block, today + timedelta(days=n), SessionKind.PROGRESSION, STAGES)
    notes.note_create(block=block, author=coach, date=today, text="Keep it honest today.")
    notes.note_create(
        block=block, author=coach, date=today + timedelta(days=5), text="Take a gel at 60 min."
    )
    return amara, run, later


def test_the_athlete_reads_the_plan_on_a_phone_and_the_coach_hides_what_lies_ahead(
    live_server, phone: Page, page: Page, plan
):
    amara, run, later = plan
    log_in(phone, live_server, "runner@example.com")
    expect(phone).to_have_url(f"{live_server.url}/me/")
    today = phone.get_by_test_id("plan-today")
    expect(today.get_by_test_id("today-session")).to_contain_text("Progression run")
    expect(today.get_by_test_id("today-context")).to_contain_text(re.compile(r"week 9 of 18"))
    stages = today.get_by_test_id("athlete-stage")
    expect(stages).to_have_count(4)
    expect(stages.nth(1)).to_contain_text(
        re.compile(r"20 min steady \d+:\d\d–\d+:\d\d /mi · \d+–\d+ bpm")
    )
    expect(today).to_contain_text("Keep it honest today.")
    assert "/km" not in today.inner_text()
    weeks = phone.get_by_test_id("plan-week")
    expect(weeks).to_have_count(5)
    expect(phone.get_by_test_id("not-run")).to_contain_text("Not run: travel")
    expect(
        phone.get_by_test_id("plan-note").filter(has_text="Take a gel at 60 min.")
    ).to_be_visible()
    problems = phone.evaluate(OVERFLOW)
    assert not problems, "/me/ does not fit 390 px:\n" + "\n".join(problems)
    shot(phone, "athlete-landing")
    phone.get_by_role("heading", name="The next four weeks").scroll_into_view_if_needed()
    phone.screenshot(path=ARTIFACTS / "athlete-landing-weeks-screen.png")

    # The session's page: the stages table with paces per mile, the notes.
    today.get_by_role("link", name="Progression run").click()
    expect(phone).to_have_url(f"{live_server.url}/me/sessions/{run.pk}/")
    expect(phone.get_by_test_id("resolved")).to_contain_text("/mi")
    expect(phone.get_by_test_id("session-notes")).to_contain_text("Relaxed start")
    expect(phone.get_by_test_id("session-coach-notes")).to_contain_text("Keep it honest today.")
    problems = phone.evaluate(OVERFLOW)
    assert not problems, "the session page does not fit 390 px:\n" + "\n".join(problems)
    shot(phone, "athlete-session")

    # The coach shows only the next 3 days.
    log_in(page, live_server, "coach@example.com")
    page.goto(f"{live_server.url}/athletes/{amara.pk}/")
    expect(page.get_by_test_id("plan-visibility-now")).to_have_text("Everything planned")
    page.get_by_role("link", name="Change what Amara sees").click()
    page.get_by_label("A rolling window of the next days").check()
    page.get_by_role("button", name="Save visibility").click()
    expect(page.locator(".invalid-feedback, .errorlist").first).to_contain_text(
        "Give how many days ahead the athlete sees"
    )
    field(page, "Days ahead").fill("3")
    page.get_by_role("button", name="Save visibility").click()
    expect(page.get_by_test_id("plan-visibility-now")).to_have_text("The next 3 days")
    amara.refresh_from_db()
    assert (amara.plan_visibility, amara.plan_visible_days) == (PlanVisibility.WINDOW, 3)

    phone.goto(f"{live_server.url}/me/")
    expect(phone.get_by_test_id("plan-session")).to_have_count(1)  # tomorrow's easy run
    assert "Take a gel at 60 min." not in phone.content()  # a note on a hidden day too
    expect(phone.get_by_test_id("plan-visibility-note")).to_have_text(
        "Your coach shows the next 3 days of your plan."
    )
    shot(phone, "athlete-landing-window")
    response = phone.goto(f"{live_server.url}/me/sessions/{later.pk}/")
    assert response is not None and response.status == 404
