"""The recovery weeks after the race in a real browser: the coach scrolls past race week to
"Recovery week 1 of 2", adds an easy run on one of its days, and is refused a progression run
there with the reason.

Screenshots go to test-artifacts/ (git-ignored) for people to look at.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes.models import Athlete, Role
from athletes.paces import MARATHON_M
from tests.browser.helpers import field, log_in, settled
from tests.conftest import make_user
from workouts import services
from workouts.models import SessionKind

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def show_week(page: Page, index: int):
    """Week `index` in full, scrolled to as a coach scrolls: in one step in the page, as the
    week's head may be swapped for the whole week (htmx) while it is being scrolled to."""
    page.evaluate(f"document.getElementById('week-{index}').scrollIntoView()")
    expect(page.locator(f'#week-{index}[data-week="{index}"]')).to_have_count(1)
    settled(page)
    return page.locator(f"#week-{index}")


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=full_page)


@pytest.fixture
def block(transactional_db):
    """Amara's 18-week block for a Saturday marathon 20 weeks ahead, then 2 recovery weeks."""
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    amara = Athlete.objects.create(
        coach=coach, first_name="Amara", last_name="Okafor", email="runner@example.com"
    )
    day = timezone.localdate() + timedelta(weeks=20)
    return services.block_create(
        athlete=amara,
        race_name="Valencia Marathon",
        race_date=day + timedelta(days=(5 - day.weekday()) % 7),
        race_distance_m=MARATHON_M,
        n_weeks=18,
        recovery_weeks=2,
    )


def test_coach_sees_the_recovery_weeks_and_plans_only_easy_running_there(
    live_server, page: Page, block
):
    log_in(page, live_server, "coach@example.com")
    page.goto(f"{live_server.url}/blocks/{block.pk}/")
    show_week(page, 18)
    first = show_week(page, 19)
    expect(first.get_by_role("heading", name="Recovery week 1 of 2")).to_be_visible()
    expect(first).to_have_attribute("data-phase", "recovery")
    expect(first.get_by_test_id("recovery-note")).to_contain_text("no progression runs")
    expect(show_week(page, 20).get_by_role("heading", name="Recovery week 2 of 2")).to_be_visible()
    expect(page.locator("#week-21")).to_have_count(0)
    show_week(page, 18)
    shot(page, "recovery-weeks-1-after-race-week", full_page=False)

    # An easy run three days after the race.
    day = block.race_date + timedelta(days=3)
    page.locator(f"#day-{day:%Y-%m-%d}").get_by_role("link", name="Add a session on").click()
    expect(page.get_by_test_id("session-day")).to_contain_text("recovery week 1 of 2")
    field(page, "Kind").select_option(label="Easy run")
    field(page, "Stages (plan text)").fill("30min easy")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("alert").filter(has_text="Saved: Easy run on")).to_be_visible()
    easy = block.sessions.get(date=day)
    expect(page.locator(f"#day-{day:%Y-%m-%d} #session-{easy.pk}")).to_be_visible()

    # A progression run a week later: refused, with the reason, and nothing saved.
    later = day + timedelta(days=7)
    show_week(page, 20)
    page.locator(f"#day-{later:%Y-%m-%d}").get_by_role("link", name="Add a session on").click()
    field(page, "Kind").select_option(label="Progression run")
    field(page, "Stages (plan text)").fill("40min easy, 15min steady, 10min marathon")
    page.get_by_role("button", name="Save session").click()
    refused = page.get_by_role("alert").filter(has_text="Not saved: No progression runs")
    expect(refused).to_contain_text("recovery weeks after the race")
    shot(page, "recovery-weeks-2-progression-refused")
    assert not block.sessions.filter(date=later).exists()
    assert block.sessions.exclude(kind=SessionKind.RACE).count() == 1
