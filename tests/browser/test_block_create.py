"""A coach starts a marathon block in a real browser: sets the athlete's training week, creates
an 18-week block for a Saturday race from the athlete's page (the form starts from the goal
race and shows when the block runs), is refused 7 weeks, and moves the phases by the week."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes.models import Athlete
from athletes.paces import MARATHON_M
from tests.browser.helpers import field, log_in, settled, shot
from tests.conftest import make_user
from workouts.models import Block

pytestmark = pytest.mark.browser


def saturday(weeks_ahead: int) -> date:
    day = timezone.localdate() + timedelta(weeks=weeks_ahead)
    return day + timedelta(days=(5 - day.weekday()) % 7)


def day_text(day: date) -> str:
    """A day as the block pages write it: "Sun 2 Aug 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


@pytest.fixture
def athlete(transactional_db):
    coach = make_user("coach@example.com", "coach", "Maria", "Hernández")
    return Athlete.objects.create(
        coach=coach,
        first_name="Amara",
        last_name="Okafor",
        goal_race_name="Valencia Marathon",
        goal_race_date=saturday(24),
        goal_race_distance_m=MARATHON_M,
        goal_time_s=3 * 3600 + 5 * 60,
    )


def open_athlete(page: Page, live_server, athlete) -> None:
    page.goto(live_server.url + "/athletes/")
    page.get_by_role("link", name=athlete.full_name).click()
    expect(page.get_by_role("heading", name=athlete.full_name, level=1)).to_be_visible()


def set_training_week(page: Page) -> None:
    """Mondays instead of Wednesdays and Sundays, the long run on Saturday: refused while the
    long-run day is not ticked."""
    page.get_by_role("link", name="Edit profile").click()
    for day in ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]:
        page.get_by_label(day, exact=True).set_checked(day in {"Monday", "Tuesday", "Thursday"})
    field(page, "Long-run day").select_option("Sunday")
    page.get_by_role("button", name="Save profile").click()
    expect(
        page.get_by_text("The long run is on Sunday, which is not a training day")
    ).to_be_visible()
    page.get_by_label("Saturday", exact=True).check()
    field(page, "Long-run day").select_option("Saturday")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_test_id("training-week")).to_have_text(
        "Mon, Tue, Thu, Sat · long run Saturday"
    )


def weeks_of_phase(page: Page, phase: str):
    row = page.get_by_test_id(f"phase-{phase}")
    return row.get_by_label(re.compile(r"first week$")), row.get_by_label(re.compile(r"last week$"))


def test_coach_creates_an_18_week_block_for_a_saturday_race_and_moves_its_phases(
    live_server, page, phone, athlete
):
    race = saturday(24)
    log_in(page, live_server, "coach@example.com")
    open_athlete(page, live_server, athlete)
    set_training_week(page)
    athlete.refresh_from_db()
    assert (athlete.training_days, athlete.long_run_day) == ([0, 1, 3, 5], 5)

    blocks = page.get_by_test_id("blocks")
    expect(blocks).to_contain_text("No block yet.")
    blocks.get_by_role("link", name="New block").click()
    expect(page.get_by_role("heading", name="New block for Amara")).to_be_visible()
    # The goal race fills the form.
    expect(field(page, "Race name")).to_have_value("Valencia Marathon")
    expect(field(page, "Race date")).to_have_value(race.isoformat())
    expect(field(page, "Distance")).to_have_value("Marathon")
    expect(field(page, "Goal time")).to_have_value("3:05:00")
    expect(field(page, "Weeks")).to_have_value("18")
    dates = page.get_by_test_id("block-dates")
    start = race - timedelta(days=18 * 7 - 1)
    assert start.weekday() == 6  # the weeks of a Saturday race run Sunday to Saturday
    expected = f"18 weeks: from {day_text(start)} to race day {day_text(race)}"
    expect(dates).to_contain_text(expected)

    # Seven weeks: the dates go, and saving is refused with the reason.
    field(page, "Weeks").fill("7")
    field(page, "Weeks").dispatch_event("change")
    expect(dates).to_contain_text("Give the race date and the number of weeks")
    settled(page)
    page.get_by_role("button", name="Create block").click()
    expect(page.get_by_text("A block lasts 8 to 30 weeks, not 7")).to_be_visible()
    assert not Block.objects.exists()

    # Back to 18, and two recovery weeks: the dates follow as the coach types.
    field(page, "Weeks").fill("18")
    field(page, "Recovery weeks after the race").fill("2")
    field(page, "Recovery weeks after the race").dispatch_event("change")
    expect(dates).to_contain_text(expected)
    expect(dates).to_contain_text(f"then 2 recovery weeks to {day_text(race + timedelta(14))}")
    settled(page)
    shot(page, "block-create-desktop")
    page.get_by_role("button", name="Create block").click()

    block = Block.objects.get()
    expect(page).to_have_url(re.compile(rf"/blocks/{block.pk}/$"))
    assert (block.race_date, block.n_weeks, block.recovery_weeks) == (race, 18, 2)
    assert (block.race_name, block.goal_time_s) == ("Valencia Marathon", 3 * 3600 + 5 * 60)

    # The phases: base one week shorter leaves week 6 in no phase; the transition takes it.
    page.goto(live_server.url + f"/blocks/{block.pk}/phases/")
    expect(page.get_by_role("heading", name="Phases of Valencia Marathon")).to_be_visible()
    base_first, base_last = weeks_of_phase(page, "base")
    transition_first, _ = weeks_of_phase(page, "transition")
    expect(base_first).to_have_value("1")
    expect(base_last).to_have_value("6")
    base_days = page.get_by_test_id("phase-days-base")
    expect(base_days).to_have_text(
        f"{start:%a} {start.day} {start:%b} – {day_text(start + timedelta(weeks=6, days=-1))}"
    )
    base_last.fill("5")
    base_last.dispatch_event("change")
    expect(base_days).to_contain_text(day_text(start + timedelta(weeks=5, days=-1)))
    settled(page)
    shot(page, "block-phases-desktop")
    page.get_by_role("button", name="Save phases").click()
    expect(page.get_by_test_id("phase-errors")).to_contain_text(
        "Week 6 is in no phase; the phases must cover every week of the block."
    )
    shot(page, "block-phases-refused-desktop")
    assert [(p.first_week, p.last_week) for p in block.phases.all()][:2] == [(1, 6), (7, 11)]
    transition_first.fill("6")
    page.get_by_role("button", name="Save phases").click()
    expect(page).to_have_url(re.compile(rf"/blocks/{block.pk}/$"))
    spans = [(p.phase, p.first_week, p.last_week) for p in block.phases.all()]
    assert spans == [("base", 1, 5), ("transition", 6, 11), ("long_run", 12, 16), ("taper", 17, 18)]

    # Saved unchanged, the phases stay as they are.
    page.goto(live_server.url + f"/blocks/{block.pk}/phases/")
    page.get_by_role("button", name="Save phases").click()
    expect(page).to_have_url(re.compile(rf"/blocks/{block.pk}/$"))
    assert [(p.phase, p.first_week, p.last_week) for p in block.phases.all()] == spans

    # The athlete's page lists the block, linked.
    open_athlete(page, live_server, athlete)
    shot(page, "athlete-blocks-desktop")
    page.get_by_test_id("blocks").get_by_role("link", name="Valencia Marathon").click()
    expect(page).to_have_url(re.compile(rf"/blocks/{block.pk}/$"))

    # On a phone the forms fit the screen.
    log_in(phone, live_server, "coach@example.com")
    for path, name in [
        (f"/athletes/{athlete.pk}/blocks/new/", "block-create-phone"),
        (f"/blocks/{block.pk}/phases/", "block-phases-phone"),
        (f"/athletes/{athlete.pk}/", "athlete-blocks-phone"),
        (f"/athletes/{athlete.pk}/profile/", "athlete-training-week-phone"),
    ]:
        phone.goto(live_server.url + path)
        wide = phone.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, f"{path} is wider than a 390 px phone"
        shot(phone, name)
