"""Editing a block's sessions on its calendar in a real browser: the coach adds a progression
run from a template in the base phase and sees a placement warning, is refused one in the
last 10 days, moves sessions by drag and drop and by the keyboard control, and deletes one
and undoes it.

Screenshots go to test-artifacts/ (git-ignored) for people to look at.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes.models import Athlete, Role
from athletes.paces import MARATHON_M
from tests.browser.helpers import drag, field, log_in, settled, show_week
from tests.conftest import add_5k, make_user
from workouts import services
from workouts.models import PlannedSession, ProgressionTemplate, SessionKind, TemplateStage
from workouts.plan_text import parse_plan

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=full_page)


def shot_day(page: Page, name: str, day) -> None:
    """The calendar around one day, as the coach sees it after an action (the page opens at
    #day-YYYY-MM-DD), with the messages at the top of the page above it."""
    page.evaluate("() => window.scrollTo(0, 0)")
    shot(page, f"{name}-messages", full_page=False)
    day_cell(page, day).scroll_into_view_if_needed()
    shot(page, name, full_page=False)


@pytest.fixture
def block(transactional_db):
    """Amara's 18-week block for a Saturday marathon 20 weeks ahead, its runs proposed, and
    Maria's own template for the base phase."""
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    amara = Athlete.objects.create(
        coach=coach, first_name="Amara", last_name="Okafor", email="runner@example.com"
    )
    add_5k(amara, days_ago=20)
    template = ProgressionTemplate.objects.create(owner=coach, name="Base builder", phase="base")
    TemplateStage.objects.bulk_create(
        TemplateStage.from_value(stage, position=i, template=template)
        for i, stage in enumerate(parse_plan("40min easy, 15min steady, 10min marathon"))
    )
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


def day_cell(page: Page, day):
    return page.locator(f"#day-{day:%Y-%m-%d}")


def chip(page: Page, session):
    return page.locator(f"#session-{session.pk}")


def alert(page: Page, text: str):
    return page.get_by_role("alert").filter(has_text=text)


def first_base_run(block) -> PlannedSession:
    return block.sessions.filter(kind=SessionKind.PROGRESSION).order_by("date").first()


def test_coach_adds_moves_deletes_and_undoes_sessions(live_server, page: Page, block):
    log_in(page, live_server, "coach@example.com")
    page.goto(f"{live_server.url}/blocks/{block.pk}/")
    proposed = first_base_run(block)
    next_day = proposed.date + timedelta(days=1)

    # A progression run from a template, the day after a proposed one: a warning, accepted.
    day_cell(page, next_day).get_by_role("link", name="Add a session on").click()
    expect(page.get_by_role("heading", name="New session")).to_be_visible()
    expect(page.get_by_test_id("session-day")).to_contain_text("week 1 of 18 (base)")
    field(page, "Kind").select_option(label="Progression run")
    field(page, "Start from a template").select_option(label="Base builder")
    settled(page)
    findings = page.get_by_test_id("session-findings")
    expect(findings.locator('[data-code="after-hard-day"]')).to_be_visible()
    expect(page.get_by_test_id("stage-summary")).to_contain_text("1 h 5 min in all")
    shot(page, "block-sessions-1-warning-before-saving")
    page.get_by_role("button", name="Save session").click()
    expect(alert(page, "Saved: Progression run on")).to_be_visible()
    expect(alert(page, "comes the day after")).to_be_visible()
    added = block.sessions.get(date=next_day, kind=SessionKind.PROGRESSION)
    assert added.template.name == "Base builder"
    expect(day_cell(page, next_day).locator(f"#session-{added.pk}")).to_be_visible()
    shot_day(page, "block-sessions-2-added-with-warning", next_day)

    # One in the last 10 days: an error, nothing saved.
    late = block.race_date - timedelta(days=6)
    show_week(page, 18)  # far from today: its days load as it scrolls into view
    day_cell(page, late).get_by_role("link", name="Add a session on").click()
    field(page, "Kind").select_option(label="Progression run")
    field(page, "Stages (plan text)").fill("40min easy, 15min steady, 10min marathon")
    page.get_by_role("button", name="Check").click()
    expect(
        page.get_by_test_id("session-findings").locator('[data-code="in-taper"]')
    ).to_be_visible()
    page.get_by_role("button", name="Save session").click()
    expect(alert(page, "Not saved: The progression run on")).to_contain_text("6 days before")
    expect(field(page, "Stages (plan text)")).to_have_value(
        "40min easy, 15min steady, 10min marathon"
    )
    shot(page, "block-sessions-3-error-in-taper")
    assert not block.sessions.filter(date=late).exists()

    # Drag and drop the added run two days on.
    page.goto(f"{live_server.url}/blocks/{block.pk}/")
    target = next_day + timedelta(days=2)
    drag(page, chip(page, added), day_cell(page, target))
    expect(alert(page, "Moved the Progression run")).to_be_visible()
    moved = day_cell(page, target).locator(f"#session-{added.pk}")
    expect(moved.get_by_test_id("moved-from")).to_have_text(
        f"moved from {next_day:%a} {next_day.day} {next_day:%b}"
    )
    added.refresh_from_db()
    assert (added.date, added.original_date) == (target, next_day)

    # The keyboard control: open the chip's controls, type the day, press Move.
    back = target - timedelta(days=1)
    controls = chip(page, added)
    controls.locator("summary").focus()
    page.keyboard.press("Enter")
    controls.get_by_label("Move to").fill(back.isoformat())
    controls.get_by_role("button", name="Move").focus()
    page.keyboard.press("Enter")
    expect(alert(page, "Moved the Progression run")).to_be_visible()
    expect(day_cell(page, back).locator(f"#session-{added.pk}")).to_be_visible()
    shot_day(page, "block-sessions-4-moved", back)

    # Delete, then undo: it comes back as it was.
    pk = added.pk
    controls = chip(page, added)
    controls.locator("summary").click()
    controls.get_by_role("button", name="Delete").click()
    expect(alert(page, "Deleted Progression run on")).to_be_visible()
    expect(page.locator(f"#session-{pk}")).to_have_count(0)
    shot_day(page, "block-sessions-5-deleted", back)
    alert(page, "Deleted").get_by_role("button", name="Undo").click()
    expect(alert(page, "Restored the Progression run")).to_be_visible()
    restored = day_cell(page, back).locator(f"#session-{pk}")
    expect(restored.get_by_test_id("moved-from")).to_be_visible()
    stored = PlannedSession.objects.get(pk=pk)
    assert (stored.date, stored.original_date) == (back, next_day)
    assert stored.stage_values() == parse_plan("40min easy, 15min steady, 10min marathon")
    shot_day(page, "block-sessions-6-undone", back)
