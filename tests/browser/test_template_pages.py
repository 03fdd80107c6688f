"""Template pages in a real browser: a typo in the plan, the example a new template starts
from, a template made of distances, rules that need paces, and the rules page, at desktop
size and on a phone (390 × 844).
"""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.helpers import field, log_in, settled, shot
from tests.conftest import add_5k
from workouts.models import ProgressionTemplate

pytestmark = pytest.mark.browser

EXAMPLE = "40min easy, 15min steady, 10min marathon"


def open_new_template(page: Page, live_server) -> None:
    page.goto(live_server.url + "/templates/new/")
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


def widest_table_px(page: Page) -> float:
    return page.evaluate(
        "Math.max(0, ...[...document.querySelectorAll('table')]"
        ".map(t => t.getBoundingClientRect().right))"
    )


def test_a_typo_marks_the_box_and_shows_the_stages_as_not_read(live_server, page, coach):
    log_in(page, live_server, coach.email)
    open_new_template(page, live_server)
    type_plan(page, "30min E, 20min S")
    expect(stage_rows(page)).to_have_count(2)
    settled(page)

    type_plan(page, "30min E, 20min X")
    error = page.get_by_test_id("plan-text-error")
    expect(error).to_have_text(
        "'X' after 20min is not a zone: easy, steady, marathon or threshold (E, S, M, T), "
        "or a pace like @4:30/km."
    )
    expect(plan_box(page)).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(plan_box(page)).to_have_attribute("aria-invalid", "true")
    expect(plan_box(page)).to_have_value("30min E, 20min X")
    # No stale stages beside the error: no rows, no bar, no table.
    expect(stage_rows(page)).to_have_count(0)
    expect(page.get_by_text("The stages cannot be read until the plan is fixed.")).to_be_visible()
    expect(page.locator(".stage-bar")).to_have_count(0)
    expect(page.get_by_test_id("resolved")).to_have_count(0)
    expect(page.get_by_role("button", name="+ Add stage")).to_have_count(0)
    settled(page)
    shot(page, "tpl-pages-typo")

    # The message is the box's description, for a screen reader too.
    described = plan_box(page).get_attribute("aria-describedby").split()
    assert "plan-text-error" in described

    type_plan(page, "30min E, 20min S")
    expect(error).to_be_empty()
    expect(stage_rows(page)).to_have_count(2)
    expect(plan_box(page)).not_to_have_class(re.compile(r"\bis-invalid\b"))
    expect(plan_box(page)).not_to_have_attribute("aria-invalid", "true")


def test_a_typo_on_a_phone_reads_without_scrolling_sideways(live_server, phone, coach):
    log_in(phone, live_server, coach.email)
    open_new_template(phone, live_server)
    type_plan(phone, "30min E, 20min X")
    expect(phone.get_by_test_id("plan-text-error")).to_contain_text("'X' after 20min")
    settled(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "phone-tpl-pages-typo")


def test_a_new_template_starts_empty_and_takes_the_example(live_server, page, coach):
    log_in(page, live_server, coach.email)
    open_new_template(page, live_server)
    expect(stage_rows(page)).to_have_count(0)
    expect(findings(page).locator("[data-code]")).to_have_count(0)
    expect(page.get_by_test_id("findings-empty")).to_be_visible()
    expect(plan_box(page)).to_have_value("")
    expect(plan_box(page)).to_have_attribute("placeholder", "Type the stages, separated by commas")
    shot(page, "tpl-pages-new-empty")

    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name=re.compile("Use the example")).click()
    expect(plan_box(page)).to_have_value(EXAMPLE)
    expect(stage_rows(page)).to_have_count(3)
    expect(findings(page)).to_contain_text("every rule is met")
    assert page.evaluate("window.notReloaded === true")  # checked in place, not posted
    settled(page)
    shot(page, "tpl-pages-example")

    # Emptied again, the editor (swapped by htmx) offers the example again, and it still works.
    plan_box(page).fill("")
    expect(page.get_by_test_id("stages-empty")).to_be_visible()
    expect(stage_rows(page)).to_have_count(0)
    settled(page)
    page.get_by_role("button", name=re.compile("Use the example")).click()
    expect(stage_rows(page)).to_have_count(3)
    expect(plan_box(page)).to_have_value(EXAMPLE)


def test_saving_an_empty_template_says_what_is_missing(live_server, page, coach):
    log_in(page, live_server, coach.email)
    open_new_template(page, live_server)
    field(page, "Name").fill("Nothing yet")
    page.get_by_role("button", name="Save template").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Not saved: a template needs at least one stage."
    )
    expect(plan_box(page)).to_have_attribute("aria-invalid", "true")
    expect(field(page, "Name")).to_have_value("Nothing yet")
    assert not ProgressionTemplate.objects.filter(owner=coach).exists()


def test_a_run_by_distance_shows_its_distances_on_desktop_and_phone(
    live_server, page, phone, coach, athlete, builtin_templates
):
    athlete.units = "mi"
    athlete.save()
    add_5k(athlete)
    template = builtin_templates.get(preset_key="fast_finish_long_run")
    url = f"{live_server.url}/templates/{template.pk}/"

    log_in(page, live_server, coach.email)
    page.goto(url)
    table = page.get_by_test_id("resolved")
    expect(table).to_contain_text("18 km")
    expect(page.get_by_test_id("total")).to_have_text("30 km in all")
    shot(page, "tpl-pages-distance-no-athlete")
    page.get_by_label("Show paces for").select_option(label=athlete.full_name)
    page.get_by_role("button", name="Show").click()
    expect(table).to_contain_text("11.18 mi")
    expect(page.get_by_test_id("total")).to_contain_text(re.compile(r"18\.64 mi in all, about"))
    shot(page, "tpl-pages-distance-miles")

    log_in(phone, live_server, coach.email)
    phone.goto(f"{url}?athlete={athlete.pk}")
    expect(phone.get_by_test_id("resolved")).to_contain_text("11.18 mi")
    assert widest_table_px(phone) <= 390
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "phone-tpl-pages-distance-miles")


def test_a_rule_that_needs_paces_asks_for_an_athlete(live_server, page, phone, coach):
    log_in(page, live_server, coach.email)
    open_new_template(page, live_server)
    type_plan(page, "15min E, 15min S, 5km M")
    expect(page.get_by_test_id("unjudged")).to_contain_text(
        "Choose an athlete to check the easy share"
    )
    expect(findings(page)).not_to_contain_text("every rule is met")
    expect(page.get_by_test_id("bar-unknown")).to_be_visible()
    settled(page)
    shot(page, "tpl-pages-unjudged")

    log_in(phone, live_server, coach.email)
    open_new_template(phone, live_server)
    type_plan(phone, "15min E, 15min S, 5km M")
    expect(phone.get_by_test_id("unjudged")).to_be_visible()
    settled(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "phone-tpl-pages-unjudged")


def test_the_rules_page_explains_a_negative_tolerance(live_server, page, phone, coach):
    log_in(page, live_server, coach.email)
    page.goto(live_server.url + "/settings/rules/")
    tolerance = field(page, "Pace tolerance outside a stage's band (s per km)")
    expect(tolerance).to_have_value("8")
    shot(page, "tpl-pages-rules")
    tolerance.fill("-3")
    page.get_by_role("button", name="Save rules").click()
    expect(
        page.get_by_text("The pace tolerance cannot be negative: 0 means exactly the band.")
    ).to_be_visible()
    shot(page, "tpl-pages-rules-negative")

    log_in(phone, live_server, coach.email)
    phone.goto(live_server.url + "/settings/rules/")
    expect(field(phone, "Each step after the easy start, at most (min)")).to_have_value("20")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "phone-tpl-pages-rules")
