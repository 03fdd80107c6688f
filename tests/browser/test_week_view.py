"""The week view across a coach's athletes in a real browser: the coach starts weeks on
Sunday in their settings, opens the week view from the nav, sees two athletes' sessions on
their days, goes to the next week and follows a session to its block calendar; on a phone the
week stacks by athlete without sideways scrolling.

Screenshots go to test-artifacts/ (git-ignored) for people to look at.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes.models import Athlete, Role
from athletes.paces import MARATHON_M
from tests.browser.helpers import field, log_in
from tests.browser.test_phone_pages import OVERFLOW, SCREENS, STACKED
from tests.conftest import add_5k, make_user
from workouts import services
from workouts.models import SessionKind
from workouts.plan_text import parse_plan

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def plan(athlete, race_in_weeks: int, sessions) -> None:
    block = services.block_create(
        athlete=athlete,
        race_name=f"{athlete.first_name}'s Marathon",
        race_date=timezone.localdate() + timedelta(weeks=race_in_weeks),
        race_distance_m=MARATHON_M,
        n_weeks=18,
    )
    for day, kind, title, stages in sessions:
        services.session_save(
            block=block, date=day, kind=kind, title=title, notes="", stages=parse_plan(stages)
        )


@pytest.fixture
def coach(transactional_db):
    """Maria with two athletes, each with a session today and one a week later; a third
    athlete has no block."""
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    today = timezone.localdate()
    amara = Athlete.objects.create(coach=coach, first_name="Amara", last_name="Okafor")
    lukas = Athlete.objects.create(coach=coach, first_name="Lukas", last_name="Berg", units="mi")
    Athlete.objects.create(coach=coach, first_name="Noor", last_name="Haddad")
    add_5k(amara, days_ago=20)
    plan(
        amara,
        10,
        [
            (today, SessionKind.PROGRESSION, "Thirds", "20min easy, 20min steady, 20min marathon"),
            (today + timedelta(weeks=1), SessionKind.EASY, "Recovery jog", "40min easy"),
        ],
    )
    plan(
        lukas,
        12,
        [
            (today, SessionKind.EASY, "Easy hour", "60min easy"),
            (today + timedelta(weeks=1), SessionKind.LONG_RUN, "Long and steady", "30km easy"),
        ],
    )
    return coach


def test_coach_starts_weeks_on_sunday_and_reads_the_week_across_athletes(
    live_server, page: Page, coach
):
    log_in(page, live_server, "coach@example.com")
    page.goto(live_server.url + "/account/")
    field(page, "Weeks start on").select_option(label="Sunday")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your settings are saved.")).to_be_visible()

    page.get_by_role("link", name="Week", exact=True).click()
    expect(page.get_by_role("heading", name="Your athletes’ week")).to_be_visible()
    headers = page.get_by_test_id("week-column")
    expect(headers).to_have_count(7)
    expect(headers.first).to_have_text(re.compile(r"^Sun "))
    expect(headers.last).to_have_text(re.compile(r"^Sat "))
    rows = page.get_by_test_id("week-row")
    expect(rows).to_have_count(3)
    amara = rows.filter(has_text="Amara Okafor")
    lukas = rows.filter(has_text="Lukas Berg")
    today = timezone.localdate().isoformat()
    expect(amara.locator(f'td[data-date="{today}"]')).to_contain_text("Thirds")
    expect(amara.locator(".stage-bar")).to_have_count(1)
    expect(lukas.locator(f'td[data-date="{today}"]')).to_contain_text("Easy hour")
    expect(amara.get_by_test_id("week-block")).to_contain_text("of 18")
    expect(rows.filter(has_text="Noor Haddad")).to_contain_text("No block this week")
    shot(page, "week-view")

    page.get_by_role("link", name="Next week").click()
    expect(page.get_by_text("Recovery jog")).to_be_visible()
    expect(page.get_by_text("Long and steady")).to_be_visible()
    expect(page.get_by_text("Thirds")).to_have_count(0)
    expect(rows.filter(has_text="Lukas Berg").get_by_test_id("week-totals")).to_contain_text("mi")
    shot(page, "week-view-next")

    # A session opens its day on the athlete's block calendar.
    page.get_by_role("link", name=re.compile("Long and steady")).click()
    next_week = (timezone.localdate() + timedelta(weeks=1)).isoformat()
    expect(page).to_have_url(re.compile(rf"/blocks/\d+/\?show=\d+#day-{next_week}$"))
    expect(page.get_by_role("heading", name="Lukas's Marathon")).to_be_visible()


@pytest.mark.parametrize("width", SCREENS)
def test_the_week_view_fits_a_phone(live_server, phone: Page, coach, width):
    phone.set_viewport_size(SCREENS[width])
    log_in(phone, live_server, "coach@example.com")
    phone.goto(live_server.url + "/week/")
    expect(phone.get_by_test_id("week-row")).to_have_count(3)
    expect(phone.get_by_text("Thirds")).to_be_visible()
    shot(phone, f"week-view-phone-{width}")
    problems = phone.evaluate(OVERFLOW) + phone.evaluate(STACKED)
    assert not problems, f"the week view does not fit {width} px:\n" + "\n".join(problems)
    # The jump to a date works from the phone too.
    in_three_weeks = timezone.localdate() + timedelta(weeks=3)
    field(phone, "Week of").fill(in_three_weeks.isoformat())
    phone.get_by_role("button", name="Show").click()
    expect(phone).to_have_url(re.compile(rf"start={in_three_weeks.isoformat()}"))
    expect(phone.get_by_test_id("week-chip")).to_have_count(0)
