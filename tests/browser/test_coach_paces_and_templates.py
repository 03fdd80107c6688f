"""Paces, zones and progression templates in a real browser.

The coach works on a desktop: enters a race result and sees the paces it sets, edits the
athlete's profile, sets a zone by hand, and writes progression templates in the htmx editor,
which re-checks the plan about half a second after each keystroke. The athlete reads their
zones on a phone.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from athletes.models import RaceResult
from tests.browser.helpers import field, log_in, settled, shot
from tests.conftest import add_5k

pytestmark = pytest.mark.browser


# -- Helpers ---------------------------------------------------------------------------------


def open_athlete(page: Page, live_server, athlete) -> None:
    page.goto(live_server.url + "/athletes/")
    page.get_by_role("link", name=athlete.full_name).click()
    expect(page.get_by_role("heading", name=athlete.full_name, level=1)).to_be_visible()


def zones(page: Page) -> Locator:
    return page.get_by_test_id("zones")


def zone_row(page: Page, zone: str) -> Locator:
    return zones(page).get_by_role("row", name=re.compile(rf"^\s*{zone}\b", re.IGNORECASE))


def recent_day(days_ago: int = 10):
    return timezone.localdate() - timedelta(days=days_ago)


# Editor helpers: the editor lives in #editor and is swapped whole by htmx.


def open_new_template(page: Page, live_server) -> None:
    page.goto(live_server.url + "/athletes/")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Progression templates").click()
    expect(page.get_by_role("heading", name="Progression templates", level=1)).to_be_visible()
    page.get_by_role("link", name="New template").click()
    expect(page.get_by_role("heading", name="New progression template")).to_be_visible()


def plan_box(page: Page) -> Locator:
    return page.get_by_label("Type the plan")


def type_plan(page: Page, text: str) -> None:
    """Type as a coach does, key by key, so htmx sees real input events."""
    box = plan_box(page)
    box.fill("")
    box.press_sequentially(text)


def stage_rows(page: Page) -> Locator:
    return page.get_by_test_id("stage-row")


def findings(page: Page) -> Locator:
    return page.locator("#findings")


# -- 1. Race result, paces, profile ---------------------------------------------------------


def test_coach_adds_a_race_result_and_edits_the_profile(live_server, page, coach, athlete):
    log_in(page, live_server, coach.email)
    open_athlete(page, live_server, athlete)
    expect(page.get_by_text("Add a race result from the last 12 months")).to_be_visible()
    expect(page.get_by_test_id("vdot")).to_have_count(0)

    page.get_by_role("link", name="Add result").click()
    expect(page.get_by_role("heading", name="Add a race result for Amara")).to_be_visible()
    field(page, "Date").fill(recent_day().isoformat())
    field(page, "Distance").fill("5K")
    field(page, "Time").fill("19:57")
    field(page, "Race name (optional)").fill("Parkrun")
    shot(page, "race-result-form")
    page.get_by_role("button", name="Save result").click()

    expect(page.get_by_role("heading", name=athlete.full_name, level=1)).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Result saved")
    expect(page.get_by_test_id("vdot")).to_have_text("50.0")
    expect(zone_row(page, "marathon")).to_contain_text(re.compile(r"4:2\d–4:3\d /km"))
    expect(page.get_by_test_id("results")).to_contain_text("19:57")
    expect(page.get_by_test_id("predictions")).to_be_visible()
    shot(page, "athlete-profile-km")

    # Edit profile: miles, heart rates and a goal race.
    page.get_by_role("link", name="Edit profile").click()
    expect(page.get_by_role("heading", name=f"Profile of {athlete.full_name}")).to_be_visible()
    field(page, "Show paces and distances in").select_option(label="Miles (min/mi)")
    field(page, "Resting heart rate").fill("48")
    field(page, "Maximum heart rate").fill("188")
    field(page, "Lactate-threshold heart rate").fill("170")
    page.locator("#id_goal_race_name").fill("Valencia Marathon")
    goal_day = timezone.localdate() + timedelta(weeks=10)
    field(page, "Race date").fill(goal_day.isoformat())
    field(page, "Race distance").fill("Marathon")
    field(page, "Goal time").fill("3:05:00")
    shot(page, "athlete-profile-form")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("alert")).to_contain_text("profile saved")
    expect(zone_row(page, "marathon")).to_contain_text(re.compile(r"\d:\d\d–\d:\d\d /mi"))
    expect(zones(page)).not_to_contain_text("/km")
    expect(zone_row(page, "easy")).to_contain_text("bpm")
    expect(zone_row(page, "threshold")).to_contain_text(re.compile(r"\d+–\d+ bpm"))
    goal = page.locator(".card").filter(has_text="Goal race").first
    expect(goal).to_contain_text("Valencia Marathon")
    expect(goal).to_contain_text("Marathon")
    expect(goal).to_contain_text("3:05:00")
    expect(goal).to_contain_text(re.compile(r"in \d+ days"))
    expect(goal).to_contain_text("/mi")
    shot(page, "athlete-profile-miles")


# -- 2. Bad input loses nothing --------------------------------------------------------------


def test_implausible_race_time_keeps_what_was_typed(live_server, page, coach, athlete):
    log_in(page, live_server, coach.email)
    open_athlete(page, live_server, athlete)
    page.get_by_role("link", name="Add result").click()
    field(page, "Date").fill(recent_day().isoformat())
    field(page, "Distance").fill("5K")
    field(page, "Time").fill("0:05")
    page.get_by_role("button", name="Save result").click()

    expect(page.get_by_text("not a plausible race time")).to_be_visible()
    expect(field(page, "Distance")).to_have_value("5K")
    expect(field(page, "Time")).to_have_value("0:05")
    expect(field(page, "Date")).to_have_value(recent_day().isoformat())
    shot(page, "race-result-implausible")
    assert not RaceResult.objects.exists()

    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_text("Add a race result from the last 12 months")).to_be_visible()
    expect(page.get_by_test_id("vdot")).to_have_count(0)
    expect(page.get_by_text("No race results yet.")).to_be_visible()


# -- 3. Zones by hand ------------------------------------------------------------------------


def test_coach_sets_marathon_pace_by_hand(live_server, page, coach, athlete):
    add_5k(athlete)
    log_in(page, live_server, coach.email)
    open_athlete(page, live_server, athlete)
    expect(zone_row(page, "marathon")).not_to_contain_text("hand-set")

    page.get_by_role("link", name="Set zones by hand").click()
    expect(page.get_by_role("heading", name="Set Amara's zones by hand")).to_be_visible()
    marathon = page.get_by_role("group", name=re.compile("marathon", re.IGNORECASE))
    expect(marathon).to_contain_text("Computed: 4:29–4:34 /km")
    field(marathon, "Fastest (/km)").fill("4:20")
    field(marathon, "Slowest (/km)").fill("4:25")
    shot(page, "zones-by-hand-form")
    page.get_by_role("button", name="Save zones").click()

    expect(page.get_by_role("alert")).to_contain_text("Zones saved for Amara Okafor")
    row = zone_row(page, "marathon")
    expect(row).to_contain_text("4:20–4:25 /km")
    expect(row.get_by_text("hand-set", exact=True)).to_be_visible()
    expect(zone_row(page, "threshold").get_by_text("hand-set")).to_have_count(0)
    shot(page, "athlete-zones-hand-set")


# -- 4.–6. The template editor ---------------------------------------------------------------


def test_coach_writes_a_template_in_the_editor(live_server, page, coach, athlete):
    add_5k(athlete)
    log_in(page, live_server, coach.email)
    open_new_template(page, live_server)
    field(page, "Name").fill("Saturday progression")

    type_plan(page, "30min easy, 20min steady, 10min threshold")
    expect(stage_rows(page)).to_have_count(3)
    expect(page.get_by_label("Stage 3 zone")).to_have_value("threshold")
    expect(findings(page).locator("[data-code=abrupt-jump]")).to_be_visible()
    settled(page)
    shot(page, "tpl-editor-findings")

    page.get_by_label("Stage 3 zone").select_option(label="Marathon")
    expect(findings(page).locator("[data-code=abrupt-jump]")).to_have_count(0)
    expect(findings(page)).to_contain_text("every rule is met")
    expect(plan_box(page)).to_have_value("30min easy, 20min steady, 10min marathon")
    settled(page)

    resolved = page.get_by_test_id("resolved")
    expect(page.get_by_text("Choose an athlete to see the stages")).to_be_visible()
    page.get_by_label("Show paces for").select_option(label=athlete.full_name)
    expect(resolved).to_contain_text(re.compile(r"4:29–4:34 /km"))
    expect(resolved).not_to_contain_text("Choose an athlete")
    expect(page.get_by_label("Show paces for")).to_have_value(str(athlete.pk))
    settled(page)
    shot(page, "tpl-editor-resolved")

    page.get_by_role("button", name="+ Add stage").click()
    expect(stage_rows(page)).to_have_count(4)
    expect(page.get_by_label("Stage 4 zone")).to_have_value("threshold")
    settled(page)
    page.get_by_role("button", name="Remove stage 4").click()
    expect(stage_rows(page)).to_have_count(3)
    expect(findings(page)).to_contain_text("every rule is met")
    expect(field(page, "Name")).to_have_value("Saturday progression")
    settled(page)

    page.get_by_role("button", name="Save template").click()
    expect(page.get_by_role("heading", name="Saturday progression", level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/templates/\d+/$"))
    expect(page.get_by_role("alert")).to_contain_text("Template “Saturday progression” saved.")
    expect(page.get_by_test_id("plan-text")).to_have_text(
        "30min easy, 20min steady, 10min marathon"
    )
    shot(page, "tpl-detail-saved")


def test_an_error_finding_blocks_saving(live_server, page, coach):
    log_in(page, live_server, coach.email)
    open_new_template(page, live_server)
    field(page, "Name").fill("Run-walk")
    type_plan(page, "30min easy, 5min rest, 20min marathon")
    expect(stage_rows(page)).to_have_count(3)
    expect(findings(page).locator("[data-code=not-continuous]")).to_be_visible()
    settled(page)

    page.get_by_role("button", name="Save template").click()
    expect(page.get_by_role("alert")).to_contain_text("Not saved")
    expect(findings(page).locator("[data-code=not-continuous]")).to_be_visible()
    expect(findings(page).locator("[data-code=not-continuous]")).to_have_attribute(
        "data-severity", "error"
    )
    expect(field(page, "Name")).to_have_value("Run-walk")
    expect(plan_box(page)).to_have_value("30min easy, 5min rest, 20min marathon")
    expect(page).to_have_url(re.compile(r"/templates/new/$"))
    shot(page, "tpl-editor-not-saved")


def test_a_plan_text_typo_shows_where_it_is(live_server, page, coach):
    log_in(page, live_server, coach.email)
    open_new_template(page, live_server)
    type_plan(page, "30min easy, 20min fast")
    error = page.get_by_test_id("plan-text-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("'fast' after 20min is not a zone")
    expect(plan_box(page)).to_have_value("30min easy, 20min fast")
    # The rules judge no stale stages while the text cannot be read.
    expect(page.get_by_text("Fix the typed plan to see what the rules say.")).to_be_visible()
    settled(page)
    shot(page, "tpl-editor-typo")

    # Fixing the typo clears the error and reads the plan.
    type_plan(page, "30min easy, 20min steady")
    expect(error).to_be_empty()
    expect(stage_rows(page)).to_have_count(2)
    expect(page.get_by_text("Fix the typed plan")).to_have_count(0)


# -- 7. Copy a built-in ----------------------------------------------------------------------


def test_coach_copies_a_builtin_template(live_server, page, coach, builtin_templates):
    log_in(page, live_server, coach.email)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Progression templates"
    ).click()
    expect(page.get_by_role("link", name=re.compile(r"^\s*Thirds\b"))).to_be_visible()
    shot(page, "tpl-list")
    page.get_by_role("link", name=re.compile(r"^\s*Thirds\b")).click()
    expect(page.get_by_role("heading", name="Thirds", level=1)).to_be_visible()
    expect(page.get_by_text("built-in", exact=True)).to_be_visible()
    builtin_text = page.get_by_test_id("plan-text").inner_text()
    shot(page, "tpl-detail-builtin")

    page.get_by_role("button", name="Copy to my templates").click()
    expect(page).to_have_url(re.compile(r"/templates/\d+/edit/$"))
    expect(page.get_by_role("heading", name="Edit “Thirds (copy)”")).to_be_visible()
    expect(field(page, "Name")).to_have_value("Thirds (copy)")
    expect(plan_box(page)).to_have_value(builtin_text)
    expect(page.get_by_role("alert")).to_contain_text("yours to change")
    shot(page, "tpl-copy-edit")


# -- 8. The athlete on a phone ---------------------------------------------------------------


def test_athlete_sees_zones_in_their_units_on_a_phone(live_server, phone, athlete):
    athlete.units = "mi"
    athlete.resting_hr_bpm, athlete.max_hr_bpm = 48, 188
    athlete.save()
    add_5k(athlete)

    log_in(phone, live_server, "runner@example.com")
    expect(phone).to_have_url(live_server.url + "/me/")
    phone.get_by_role("button", name="Menu").click()
    nav = phone.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="My training").click()
    expect(phone.get_by_role("heading", name="Hello Amara")).to_be_visible()

    expect(phone.get_by_test_id("vdot")).to_have_text("50.0")
    expect(zone_row(phone, "marathon")).to_contain_text("7:12–7:21 /mi")
    expect(zones(phone)).not_to_contain_text("/km")
    expect(zone_row(phone, "easy")).to_contain_text("bpm")
    expect(phone.get_by_role("link", name="Set zones by hand")).to_have_count(0)
    expect(phone.get_by_role("link", name="Edit profile")).to_have_count(0)
    expect(phone.get_by_role("link", name="Add result")).to_have_count(0)
    shot(phone, "phone-athlete-zones")
    shot(phone, "phone-athlete-zones-viewport", full_page=False)
