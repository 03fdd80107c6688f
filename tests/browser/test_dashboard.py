"""The coach's dashboard in a real browser, at 50 athletes: the coach logs in and lands on it,
reads the athlete with a pain note first, each row's chips in words, sorts by name with a plain
link, follows an athlete without a block to create one; the page fits a desktop screen's width
and keeps each row compact (docs/running.md §4.15).

Screenshots go to test-artifacts/ (git-ignored) for people to look at."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes.models import Athlete
from athletes.paces import MARATHON_M
from tests.browser.helpers import log_in, shot
from tests.browser.test_phone_pages import OVERFLOW
from workouts import services
from workouts.models import AvailabilityRange, LogPairing, LogStatus, RunLog
from workouts.plan_text import parse_plan

pytestmark = pytest.mark.browser

N_ATHLETES = 50
WITHOUT_BLOCK = 5
TALLEST_ROW_PX = 80  # two lines: the name and block week, or two lines of chips
DAY = timedelta(days=1)


@pytest.fixture
def fifty_athletes(coach):
    """50 athletes: 45 with a block whose week 9 holds today, easy runs on the last five
    days (logged on plan, near plan, off plan with a finding, or missed), a progression run
    ahead and a trip marked; athlete 17 noted pain; the last five have no block."""
    today = timezone.localdate()
    athletes = []
    for i in range(N_ATHLETES):
        athlete = Athlete.objects.create(
            coach=coach, first_name=f"Runner{i:02d}", last_name="Lane", email=f"r{i}@x.org"
        )
        athletes.append(athlete)
        if i >= N_ATHLETES - WITHOUT_BLOCK:
            continue
        block = services.block_create(
            athlete=athlete,
            race_name="City Marathon",
            race_date=today + 66 * DAY,
            race_distance_m=MARATHON_M,
            n_weeks=18,
        )
        for days in range(1, 6):
            session, _ = services.session_save(
                block=block,
                date=today - days * DAY,
                kind="easy",
                title="",
                notes="",
                stages=parse_plan("45min easy"),
            )
            compliance = ("green", "yellow", "orange", "")[(i + days) % 4]
            if not compliance:
                continue  # missed
            findings = []
            if compliance == "orange":
                findings = [{"code": "surge", "severity": "warning", "message": "A surge"}]
            RunLog.objects.create(
                athlete=athlete,
                session=session,
                pairing=LogPairing.SAME_DAY,
                status=LogStatus.DONE,
                date=session.date,
                duration_s=2700,
                distance_m=9000,
                compliance=compliance,
                review={"findings": findings, "stages": []},
                pain_note="Sore left knee" if i == 17 and days == 1 else "",
            )
        services.session_save(
            block=block,
            date=today + (1 + i % 5) * DAY,
            kind="progression",
            title="Steady build",
            notes="",
            stages=parse_plan("20min easy, 20min steady"),
        )
        if i % 3 == 0:
            AvailabilityRange.objects.create(
                athlete=athlete, start=today + 3 * DAY, end=today + 6 * DAY, reason="travel"
            )
    return athletes


def test_coach_lands_on_the_dashboard_and_reads_fifty_athletes(
    live_server, page: Page, coach, fifty_athletes
):
    log_in(page, live_server, coach.email)
    expect(page).to_have_url(live_server.url + "/dashboard/")
    expect(page.get_by_role("heading", name="Your athletes today")).to_be_visible()
    rows = page.get_by_test_id("dash-row")
    expect(rows).to_have_count(N_ATHLETES)

    # Most needing attention first: the pain note.
    first = rows.first
    expect(first.get_by_role("link", name="Runner17 Lane")).to_be_visible()
    expect(first.get_by_test_id("dash-pain")).to_have_text("Pain noted")
    expect(first.get_by_test_id("dash-block")).to_contain_text("week 9 of 18")
    expect(first.get_by_test_id("dash-chip").first).to_contain_text(
        re.compile("On plan|Near plan|Off plan|Missed")
    )
    expect(first.get_by_test_id("dash-next")).to_contain_text("Steady build")
    shot(page, "dashboard-50-athletes")
    shot(page, "dashboard-50-athletes-first-screen", full_page=False)

    # Readable at 50: no sideways scrolling, and every row stays compact.
    problems = page.evaluate(OVERFLOW)
    assert not problems, "the dashboard is wider than the screen:\n" + "\n".join(problems)
    heights = page.eval_on_selector_all(
        "[data-testid=dash-row]", "rows => rows.map(r => r.getBoundingClientRect().height)"
    )
    assert max(heights) <= TALLEST_ROW_PX, heights

    # Sorted by name with a plain link; the athletes without a block can get one.
    page.get_by_role("link", name="Name", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?sort=name$"))
    expect(rows.first.get_by_role("link", name="Runner00 Lane")).to_be_visible()
    last = rows.last
    expect(last.get_by_test_id("no-block")).to_contain_text("No block yet")
    last.scroll_into_view_if_needed()
    shot(page, "dashboard-by-name-last-rows", full_page=False)
    last.get_by_role("link", name="create one").click()
    expect(page).to_have_url(re.compile(rf"/athletes/{fifty_athletes[-1].pk}/blocks/new/$"))
