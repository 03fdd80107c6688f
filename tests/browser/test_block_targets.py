"""A block's weeks in a real browser: the coach sets a week's target time, marks the hinted
recovery week, adds a B race that replaces a day's session (with its undo) and warns of the
progression run two days before it, and downloads the block's sessions as CSV.

Screenshots go to test-artifacts/ (git-ignored) for people to look at.
"""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes.models import Athlete, Role
from athletes.paces import MARATHON_M
from tests.browser.helpers import field, log_in
from tests.conftest import add_5k, make_user
from workouts import services
from workouts.models import BlockWeek, PlannedSession, SessionKind

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=full_page)


@pytest.fixture
def block(transactional_db):
    """Amara's 18-week block for a Saturday marathon 20 weeks ahead, its runs proposed."""
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    amara = Athlete.objects.create(
        coach=coach, first_name="Amara", last_name="Okafor", email="runner@example.com"
    )
    add_5k(amara, days_ago=20)
    day = timezone.localdate() + timedelta(weeks=20)
    block = services.block_create(
        athlete=amara,
        race_name="Valencia Marathon",
        race_date=day + timedelta(days=(5 - day.weekday()) % 7),
        race_distance_m=MARATHON_M,
        n_weeks=18,
    )
    services.block_propose(block=block)
    return block


def week_row(page: Page, index: int):
    return page.locator(f"#week-{index}")


def test_coach_sets_targets_marks_a_cutback_adds_a_b_race_and_downloads_csv(
    live_server, page: Page, block
):
    log_in(page, live_server, "coach@example.com")
    page.goto(f"{live_server.url}/blocks/{block.pk}/")

    # A target time for week 2, typed as hours:minutes.
    week_row(page, 2).get_by_role("link", name="Target… for week 2").click()
    field(page, "Target time").fill("4:30")
    page.get_by_role("button", name="Save week 2").click()
    expect(week_row(page, 2).get_by_test_id("week-target")).to_contain_text("4 h 30 min")
    expect(week_row(page, 2).get_by_test_id("week-target-share")).to_contain_text("% planned")
    assert BlockWeek.objects.get(block=block, index=2).target_duration_s == 4.5 * 3600

    # Week 4 of base is hinted as a cutback; the coach marks it.
    expect(week_row(page, 4).get_by_test_id("cutback-hint")).to_be_visible()
    week_row(page, 4).scroll_into_view_if_needed()
    shot(page, "block-targets-1-week-target-and-hint", full_page=False)
    week_row(page, 4).get_by_role("link", name="Target… for week 4").click()
    expect(page.get_by_test_id("cutback-hint")).to_be_visible()
    field(page, "Recovery (cutback) week").check()
    page.get_by_role("button", name="Save week 4").click()
    expect(week_row(page, 4).get_by_test_id("cutback")).to_have_text("Recovery week")
    expect(week_row(page, 4).get_by_test_id("cutback-hint")).to_have_count(0)

    # A B race two days after a proposed progression run, on a day with an easy run.
    run = block.sessions.filter(kind=SessionKind.PROGRESSION).order_by("date")[4]
    day = run.date + timedelta(days=2)
    block.sessions.filter(date=day).delete()
    easy = PlannedSession.objects.create(
        block=block, date=day, kind=SessionKind.EASY, title="Shakeout", original_date=day
    )
    page.goto(f"{live_server.url}/blocks/{block.pk}/")
    page.get_by_text("Add B/C race").click()
    form = page.get_by_test_id("race-form")
    field(form, "Race").fill("City Half")
    field(form, "Day").fill(day.isoformat())
    field(form, "Distance").fill("Half marathon")
    field(form, "Priority").select_option(label="B race")
    shot(page, "block-targets-2-race-form", full_page=False)
    form.get_by_role("button", name="Add the race").click()
    expect(page.get_by_role("alert").filter(has_text="Added the B race City Half")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="Replaced the Easy run")).to_be_visible()
    cell = page.locator(f"#day-{day:%Y-%m-%d}")
    expect(cell.get_by_test_id("race-priority")).to_have_text("B")
    expect(cell.locator(f"#session-{easy.pk}")).to_have_count(0)
    warned = page.locator(f"#day-{run.date:%Y-%m-%d}")
    expect(warned.locator('[data-code="before-b-race"]')).to_be_visible()
    page.evaluate("() => window.scrollTo(0, 0)")
    shot(page, "block-targets-3-b-race-added-messages", full_page=False)
    cell.scroll_into_view_if_needed()
    shot(page, "block-targets-4-b-race-and-its-warning", full_page=False)

    # The CSV: every session of the block, the B race among them.
    page.goto(f"{live_server.url}/blocks/{block.pk}/")
    with page.expect_download() as download:
        page.get_by_test_id("download-csv").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == block.sessions.count()
    race = next(row for row in rows if row["date"] == day.isoformat())
    assert (race["kind"], race["priority"], race["title"]) == ("Race", "B", "City Half")
    assert race["planned distance (km)"] == "21.10"
    assert download.value.suggested_filename.endswith("-sessions.csv")

    # Printed, the calendar has no controls.
    page.emulate_media(media="print")
    expect(page.get_by_test_id("download-csv")).to_be_hidden()
    expect(page.locator(".navbar")).to_be_hidden()
    shot(page, "block-targets-5-print", full_page=False)
