"""The coach's block page in a real browser: an 18-week block whose race is on a Saturday,
its progression runs proposed in one click and seen on the calendar with their stage strips,
a re-plan from a date previewed and applied, and the page on a desktop and on a phone.

Screenshots of the block page go to test-artifacts/ (git-ignored) for people to look at.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes.models import Athlete, Role
from athletes.paces import MARATHON_M
from tests.browser.helpers import field, log_in, show_week
from tests.browser.test_phone_pages import OVERFLOW
from tests.conftest import add_5k, make_user
from workouts import services
from workouts.models import PlannedSession

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def saturday_block(transactional_db):
    """Amara's 18-week block for a Saturday marathon 10 weeks ahead: today is in week 9."""
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    amara = Athlete.objects.create(
        coach=coach, first_name="Amara", last_name="Okafor", email="runner@example.com"
    )
    add_5k(amara, days_ago=20)
    day = timezone.localdate() + timedelta(weeks=9, days=1)
    race_date = day + timedelta(days=(5 - day.weekday()) % 7)
    return services.block_create(
        athlete=amara,
        race_name="Valencia Marathon",
        race_date=race_date,
        race_distance_m=MARATHON_M,
        goal_time_s=3 * 3600 + 15 * 60,
        n_weeks=18,
    )


@pytest.fixture
def block(transactional_db):
    return saturday_block(transactional_db)


def open_block(page: Page, live_server, block) -> None:
    log_in(page, live_server, "coach@example.com")
    page.goto(f"{live_server.url}/blocks/{block.pk}/")
    expect(page.get_by_role("heading", name="Valencia Marathon", level=1)).to_be_visible()


def test_coach_proposes_the_runs_and_replans_from_a_date(live_server, page: Page, block):
    open_block(page, live_server, block)
    calendar = page.locator("#calendar")
    expect(calendar.locator(".cal-week")).to_have_count(18)
    expect(calendar.get_by_role("heading", name="Week 1 of 18")).to_be_visible()
    # Race week is far from today: its head shows at once, its days as it scrolls into view.
    expect(page.locator("#week-18.is-placeholder")).to_contain_text("Week 18 of 18")
    race_day = show_week(page, 18).locator(f"#day-{block.race_date:%Y-%m-%d}")
    expect(race_day.get_by_test_id("race-day")).to_be_visible()
    expect(race_day).to_contain_text("Sat")
    expect(page.get_by_test_id("block-now")).to_contain_text(re.compile(r"week \d+ of 18 · "))

    page.get_by_role("button", name="Propose progression runs").click()
    expect(page.get_by_role("alert").filter(has_text="Proposed")).to_contain_text(
        re.compile(r"Proposed \d+ progression runs\.")
    )
    proposed = PlannedSession.objects.filter(block=block, proposed=True)
    page.get_by_test_id("all-weeks").click()  # every week in full, as printed
    expect(page).to_have_url(re.compile(rf"/blocks/{block.pk}/\?weeks=all$"))
    expect(calendar.get_by_test_id("stage-strip")).to_have_count(proposed.count())
    first = proposed.first()
    chip = page.locator(f"#session-{first.pk}")
    expect(chip.locator("svg.stage-bar rect").first).to_be_visible()
    expect(
        page.get_by_role("button", name=re.compile("Propose progression runs again"))
    ).to_be_visible()

    # A quality session the day after a run still ahead: the run's day warns. Which runs
    # lie ahead depends on today's weekday, so take the first whose next day is free.
    taken = set(PlannedSession.objects.filter(block=block).values_list("date", flat=True))
    run = next(
        r
        for r in proposed.filter(date__gt=timezone.localdate() + timedelta(days=1))
        if r.date + timedelta(days=1) not in taken
    )
    PlannedSession.objects.create(
        block=block, date=run.date + timedelta(days=1), kind="quality", title="8 × 400 m"
    )
    page.reload()
    show_week(page, (run.date - block.start).days // 7 + 1)
    finding = page.locator(f"#day-{run.date:%Y-%m-%d}").locator("[data-code=after-hard-day]")
    expect(finding).to_contain_text("the day before the quality session")
    shot(page, "block-calendar-desktop")

    # The coach deletes next week's run (as after a cold), then re-plans from today.
    today = timezone.localdate()
    gone = proposed.filter(date__gt=today, date__lte=today + timedelta(days=7)).first()
    assert gone is not None
    gone.delete()
    assert not services.block_replan_preview(block=block, from_date=today).is_empty
    page.get_by_role("link", name="Re-plan from a date").click()
    expect(field(page, "Re-plan from")).to_have_value(f"{today:%Y-%m-%d}")
    page.get_by_role("button", name="Show the changes").click()
    preview = page.get_by_test_id("replan-preview")
    expect(preview.locator("[data-change]").first).to_be_visible()
    expect(preview).to_contain_text("easy")
    shot(page, "block-replan-preview")
    page.get_by_role("button", name="Apply these changes").click()
    expect(page).to_have_url(re.compile(rf"/blocks/{block.pk}/\?show=\d+#day-{today:%Y-%m-%d}$"))
    expect(page.get_by_role("alert").filter(has_text="Re-planned")).to_contain_text(
        f"Re-planned from {today:%a} {today.day} {today:%b %Y}"
    )
    # The calendar now is what the preview showed: re-planning again would change nothing.
    assert services.block_replan_preview(block=block, from_date=today).is_empty


def test_block_page_fits_a_phone(live_server, phone: Page, block):
    services.block_propose(block=block)
    open_block(phone, live_server, block)
    expect(phone.locator("#calendar .cal-week")).to_have_count(18)
    shot(phone, "block-calendar-phone")
    problems = phone.evaluate(OVERFLOW)
    assert not problems, "the block page does not fit 390 px:\n" + "\n".join(problems)
