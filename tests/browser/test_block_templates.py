"""A coach saves a block as a template in a real browser, makes blocks from it for two other
athletes racing on a Sunday (the block raced on a Saturday), and opens both calendars; a
second try for the same race is refused, creating nothing. On a phone the pages fit."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes.models import Athlete
from athletes.paces import MARATHON_M
from tests.browser.helpers import field, log_in, shot
from tests.conftest import make_user
from workouts import services
from workouts.models import Block, BlockTemplate

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def weekday_ahead(weekday: int, weeks_ahead: int) -> date:
    day = timezone.localdate() + timedelta(weeks=weeks_ahead)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def artifact(page: Page, name: str, *, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=full_page)
    shot(page, name, full_page=full_page)


@pytest.fixture
def amara_block(transactional_db):
    coach = make_user("coach@example.com", "coach", "Maria", "Hernández")
    amara = Athlete.objects.create(coach=coach, first_name="Amara", last_name="Okafor")
    for first, last in [("Jonas", "Weber"), ("Ines", "Duarte")]:
        Athlete.objects.create(coach=coach, first_name=first, last_name=last)
    block = services.block_create(
        athlete=amara,
        race_name="Valencia Marathon",
        race_date=weekday_ahead(5, 20),
        race_distance_m=MARATHON_M,
        n_weeks=16,
    )
    services.block_propose(block=block)
    services.block_race_add(
        block=block,
        date=block.race_date - timedelta(days=35),
        name="City Half",
        distance_m=MARATHON_M / 2,
        priority="B",
    )
    return block


def test_coach_saves_a_block_as_a_template_and_creates_blocks_for_two_athletes(
    live_server, page, phone, amara_block
):
    log_in(page, live_server, "coach@example.com")
    page.goto(f"{live_server.url}/blocks/{amara_block.pk}/")
    page.get_by_text("Save as block template").click()
    field(page, "Template name").fill("Spring marathon, 16 weeks")
    artifact(page, "block-template-save-form", full_page=False)
    page.get_by_role("button", name="Save template").click()
    expect(page.get_by_role("heading", name="Spring marathon, 16 weeks", level=1)).to_be_visible()
    expect(page.get_by_text("zones not paces")).to_be_visible()
    expect(page.get_by_test_id("block-template-week")).to_have_count(16)
    expect(page.get_by_text("35 days before race:")).to_be_visible()
    artifact(page, "block-template-detail")

    # From the progression templates page to the list of block templates.
    page.get_by_role("link", name="Progression templates").first.click()
    page.get_by_role("link", name="Block templates").click()
    expect(page.get_by_test_id("block-template")).to_have_count(1)
    artifact(page, "block-template-list")
    page.get_by_role("link", name="Create blocks").click()

    race = weekday_ahead(6, 22)
    field(page, "Race name").fill("Berlin Marathon")
    field(page, "Race date").fill(race.isoformat())
    expect(field(page, "Distance")).to_have_value("Marathon")
    page.get_by_label("Jonas Weber").check()
    page.get_by_label("Ines Duarte").check()
    artifact(page, "block-template-create-form")
    page.get_by_role("button", name="Create blocks").click()
    expect(page.get_by_text("Created 2 blocks from “Spring marathon, 16 weeks”")).to_be_visible()
    artifact(page, "block-template-created")
    assert Block.objects.filter(race_date=race).count() == 2

    # The message links each block's calendar (a message shows once: read both links first).
    links = {
        name: page.get_by_role("link", name=f"{name}’s block").get_attribute("href")
        for name in ["Jonas Weber", "Ines Duarte"]
    }
    for name, href in links.items():
        page.goto(live_server.url + href)
        expect(page.get_by_role("heading", name="Berlin Marathon", level=1)).to_be_visible()
        expect(page.get_by_text(f"{name}’s block")).to_be_visible()
        expect(page.get_by_test_id("block-facts")).to_contain_text("16 weeks")
        artifact(page, f"block-from-template-{name.split()[0].lower()}")

    # The same race again for Jonas: refused, naming him, and nothing created.
    page.goto(f"{live_server.url}/block-templates/")
    page.get_by_role("link", name="Create blocks").click()
    field(page, "Race name").fill("Berlin Marathon")
    field(page, "Race date").fill(race.isoformat())
    page.get_by_label("Jonas Weber").check()
    page.get_by_label("Amara Okafor").check()
    page.get_by_role("button", name="Create blocks").click()
    expect(page.get_by_text("Jonas Weber already has a block for a race on")).to_be_visible()
    expect(page.get_by_text("No block was created")).to_be_visible()
    artifact(page, "block-template-refused")
    assert Block.objects.count() == 3

    # On a phone the list, the template and its form fit the width.
    template = BlockTemplate.objects.get()
    log_in(phone, live_server, "coach@example.com")
    for path, name in [
        ("/block-templates/", "list"),
        (f"/block-templates/{template.pk}/", "detail"),
        (f"/block-templates/{template.pk}/blocks/new/", "form"),
    ]:
        phone.goto(live_server.url + path)
        assert phone.evaluate(NO_SIDEWAYS_SCROLL), f"{path} scrolls sideways at 390 px"
        artifact(phone, f"block-template-phone-{name}")
