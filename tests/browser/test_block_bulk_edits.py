"""The bulk edits of a block's calendar in a real browser: the coach copies a week onto
another from its week menu, inserts a rest day from a day's menu and sees the following
sessions move a day later (each showing the day it came from), and repeats a session weekly
from its Change menu.

Screenshots go to test-artifacts/ (git-ignored) for people to look at.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes.models import Athlete, Role
from athletes.paces import MARATHON_M
from tests.browser.helpers import log_in, show_week
from tests.conftest import add_5k, make_user
from workouts import services
from workouts.models import PlannedSession, SessionKind
from workouts.plan_text import parse_plan

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shot(page: Page, name: str, *, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=full_page)


def day_of(block, week: int, weekday: int):
    start = block.start + timedelta(weeks=week - 1)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def add(block, day, kind=SessionKind.EASY, plan="", title=""):
    session, _ = services.session_save(
        block=block,
        date=day,
        kind=kind,
        title=title,
        notes="",
        stages=parse_plan(plan) if plan else [],
    )
    return session


@pytest.fixture
def block(transactional_db):
    """Amara's 18-week block for a Saturday marathon 20 weeks ahead (weeks run Sunday to
    Saturday), with a few sessions of Maria's in base and transition."""
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    amara = Athlete.objects.create(
        coach=coach, first_name="Amara", last_name="Okafor", email="runner@example.com"
    )
    add_5k(amara, days_ago=20)
    day = timezone.localdate() + timedelta(weeks=20)
    return services.block_create(
        athlete=amara,
        race_name="Valencia Marathon",
        race_date=day + timedelta(days=(5 - day.weekday()) % 7),
        race_distance_m=MARATHON_M,
        n_weeks=18,
    )


def day_cell(page: Page, day):
    return page.locator(f"#day-{day:%Y-%m-%d}")


def alert(page: Page, text: str):
    return page.get_by_role("alert").filter(has_text=text)


def test_coach_copies_a_week_inserts_a_rest_day_and_repeats_a_session(
    live_server, page: Page, block
):
    thirds = add(
        block,
        day_of(block, 2, 1),
        SessionKind.PROGRESSION,
        "20min easy, 20min steady, 20min marathon",
        "Thirds",
    )
    add(block, day_of(block, 2, 3), title="Easy with strides")
    pushed = add(
        block,
        day_of(block, 5, 1),
        SessionKind.PROGRESSION,
        "40min easy, 15min steady, 10min marathon",
        "Base builder",
    )
    later = add(block, day_of(block, 6, 3), title="Recovery")
    weekly = add(block, day_of(block, 7, 1), title="Hill jog")
    log_in(page, live_server, "coach@example.com")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/blocks/{block.pk}/")

    # Copy week 2 onto week 3 from week 2's menu.
    week = page.locator("#week-2")
    week.get_by_text("Change week").click()
    week.get_by_label("Copy week 2 to week").fill("3")
    shot(page, "block-bulk-1-copy-week-menu")
    week.get_by_role("button", name="Copy week").click()
    expect(alert(page, "Copied 2 sessions of week 2 onto week 3.")).to_be_visible()
    copied = day_cell(page, thirds.date + timedelta(weeks=1))
    expect(copied.get_by_test_id("session-chip")).to_contain_text("Thirds")
    expect(copied.get_by_test_id("stage-strip")).to_be_visible()
    expect(day_cell(page, day_of(block, 3, 3))).to_contain_text("Easy with strides")
    page.locator("#week-3").scroll_into_view_if_needed()
    shot(page, "block-bulk-2-week-copied")

    # Insert a rest day on Monday of week 5: the sessions from there move a day later.
    monday = day_of(block, 5, 0)
    day_cell(page, monday).locator("summary").filter(has_text="Day").click()
    day_cell(page, monday).get_by_role("button", name="Insert rest day here").click()
    expect(alert(page, f"Inserted a rest day on {monday:%a} {monday.day}")).to_be_visible()
    expect(day_cell(page, monday)).to_contain_text("Rest day")
    expect(day_cell(page, pushed.date).locator(f"#session-{pushed.pk}")).to_have_count(0)
    moved = day_cell(page, pushed.date + timedelta(days=1)).locator(f"#session-{pushed.pk}")
    expect(moved.get_by_test_id("moved-from")).to_have_text(
        f"moved from {pushed.date:%a} {pushed.date.day} {pushed.date:%b}"
    )
    expect(
        day_cell(page, later.date + timedelta(days=1)).locator(f"#session-{later.pk}")
    ).to_be_visible()
    race = PlannedSession.objects.get(block=block, kind=SessionKind.RACE)
    assert race.date == block.race_date
    day_cell(page, monday).scroll_into_view_if_needed()
    shot(page, "block-bulk-3-rest-day-inserted")

    # Repeat the hill jog of week 7 (now on Wednesday) for 3 weeks from its Change menu.
    weekly.refresh_from_db()
    controls = page.locator(f"#session-{weekly.pk}")
    controls.locator("summary").click()
    controls.get_by_label("Repeat weekly for").fill("3")
    shot(page, "block-bulk-4-repeat-menu")
    controls.get_by_role("button", name="Repeat").click()
    expect(alert(page, "Repeated the easy run on")).to_contain_text("for 3 weeks")
    for k in (1, 2, 3, 4):  # weeks past the eight drawn in full load as they scroll into view
        show_week(page, 7 + k)
    for k in (1, 2, 3):
        expect(day_cell(page, weekly.date + timedelta(weeks=k))).to_contain_text("Hill jog")
    expect(day_cell(page, weekly.date + timedelta(weeks=4))).not_to_contain_text("Hill jog")
    page.locator("#week-8").scroll_into_view_if_needed()
    shot(page, "block-bulk-5-repeated")
