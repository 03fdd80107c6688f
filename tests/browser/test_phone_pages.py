"""The pages a coach and an athlete read on a phone (390 × 844) or a small tablet (700 × 900) fit
its width.

Nothing may need sideways scrolling to be read: not the page, not a table, and not a table
inside a `.table-responsive` wrapper either (the wrapper scrolls, so the columns past the
edge are cut off until someone thinks of swiping). Each page is also shot for people to look
at (test-artifacts/phone-*.png).
"""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import Page

from athletes.models import Athlete, Invitation, RaceResult, Role, ZoneOverride
from athletes.units import parse_pace
from tests.browser.helpers import log_in, shot
from tests.conftest import make_user
from workouts.models import ProgressionTemplate
from workouts.services import template_copy

pytestmark = pytest.mark.browser

# Everything wider than the viewport, or scrolling sideways inside it, as readable lines.
# Only the outermost element of an overflow is named, not each of its cells.
OVERFLOW = """() => {
  const width = window.innerWidth, slack = 1, problems = [];
  const name = el => {
    const id = el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : "";
    const classes = typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\\s+/).join(".") : "";
    return `<${el.tagName.toLowerCase()}${id}${classes}>`;
  };
  const root = document.documentElement;
  if (root.scrollWidth > width + slack) {
    problems.push(`the page is ${root.scrollWidth}px wide in a ${width}px viewport`);
  }
  const reported = [];
  for (const table of document.querySelectorAll("table")) {
    const box = table.getBoundingClientRect(), found = [];
    if (box.width === 0) continue;
    if (box.right > width + slack || box.left < -slack) {
      found.push(`spans ${Math.round(box.left)}–${Math.round(box.right)}px`);
    }
    if (table.scrollWidth > table.clientWidth + slack) {
      found.push(`holds ${table.scrollWidth}px in ${table.clientWidth}px`);
    }
    const wrapper = table.closest(".table-responsive");
    if (wrapper && wrapper.scrollWidth > wrapper.clientWidth + slack) {
      found.push(`is cut off: its wrapper scrolls sideways, ` +
        `${wrapper.scrollWidth}px in ${wrapper.clientWidth}px`);
    }
    if (found.length) {
      problems.push(`${name(table)} ${found.join("; ")}`);
      reported.push(wrapper || table);
    }
  }
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (reported.some(r => r.contains(el) || el.contains(r))) continue;
    const scrolls = ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
    if (box.right > width + slack) {
      problems.push(`${name(el)} reaches ${Math.round(box.right)}px`);
      reported.push(el);
    } else if (scrolls && el.scrollWidth > el.clientWidth + slack) {
      problems.push(`${name(el)} scrolls sideways: ${el.scrollWidth}px in ${el.clientWidth}px`);
      reported.push(el);
    }
  }
  return problems;
}"""

# A table stacked into labelled lines (app.css `.table-stack`, below 768 px) reads as one only
# if every part switches together: each row (the total in the footer too) as wide as the table,
# and each row's heading a word, not a bare number whose column heading is hidden.
STACKED = """() => {
  const problems = [];
  for (const table of document.querySelectorAll("table.table-stack")) {
    const head = table.querySelector("thead");
    if (!head || getComputedStyle(head).display !== "none") continue;
    const name = table.dataset.testid || table.className;
    const width = table.getBoundingClientRect().width;
    for (const row of table.querySelectorAll("tr")) {
      const box = row.getBoundingClientRect();
      if (box.width && Math.abs(box.width - width) > 1) {
        problems.push(`a row of ${name} is ${Math.round(box.width)}px in ${Math.round(width)}px: ` +
          JSON.stringify(row.innerText.replace(/\\s+/g, " ").trim()));
      }
    }
    for (const th of table.querySelectorAll("tbody th[scope=row]")) {
      if (/^\\d+$/.test(th.innerText.trim())) {
        problems.push(`a row of ${name} is headed by a bare number: ${th.innerText.trim()}`);
      }
    }
  }
  return problems;
}"""


def build_data():
    """An athlete with everything a page can show: heart-rate zones, a hand-set zone, three
    races (so a pace history), a goal race; a second athlete still invited; the built-ins."""
    importlib.import_module("workouts.migrations.0002_builtin_templates").create_builtins(
        django_apps, None
    )
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    user = make_user("runner@example.com", Role.ATHLETE, "Amara", "Okafor")
    today = timezone.localdate()
    amara = Athlete.objects.create(
        coach=coach,
        user=user,
        first_name="Amara",
        last_name="Okafor",
        email=user.email,
        resting_hr_bpm=46,
        max_hr_bpm=186,
        lthr_bpm=168,
        goal_race_name="Valencia Marathon",
        goal_race_date=today + timedelta(weeks=20),
        goal_race_distance_m=42195,
        goal_time_s=3 * 3600 + 5 * 60,
    )
    for days_ago, distance_m, time_s, name in [
        (150, 5000, 1230, "Parkrun"),
        (60, 21097.5, 3600 + 32 * 60 + 10, "Spring Half Marathon"),
        (10, 10_000, 41 * 60 + 5, "City 10K"),
    ]:
        RaceResult.objects.create(
            athlete=amara,
            date=today - timedelta(days=days_ago),
            distance_m=distance_m,
            time_s=time_s,
            name=name,
        )
    ZoneOverride.objects.create(
        athlete=amara,
        zone="marathon",
        pace_fast_s_per_km=parse_pace("4:20"),
        pace_slow_s_per_km=parse_pace("4:25"),
        hr_low_bpm=152,
        hr_high_bpm=160,
    )
    lukas = Athlete.objects.create(
        coach=coach, first_name="Lukas", last_name="Berg-Lindqvist", email="lukas.berg@example.com"
    )
    Invitation.objects.create(athlete=lukas, email=lukas.email, created_by=coach)
    return amara


def fast_finish_long_run() -> ProgressionTemplate:
    # The built-in made of distances (18 km, 6 km, 6 km).
    return ProgressionTemplate.objects.get(preset_key="fast_finish_long_run")


PAGES = {
    "phone-athlete-list": ("coach@example.com", lambda athlete: "/athletes/"),
    "phone-athlete-detail": ("coach@example.com", lambda athlete: f"/athletes/{athlete.pk}/"),
    "phone-template": (
        "coach@example.com",
        lambda athlete: f"/templates/{fast_finish_long_run().pk}/",
    ),
    "phone-template-athlete": (
        "coach@example.com",
        lambda athlete: f"/templates/{fast_finish_long_run().pk}/?athlete={athlete.pk}",
    ),
    "phone-me": ("runner@example.com", lambda athlete: "/me/"),
}


# A phone, and a small tablet: between 576 and 768 px the tables still stack (app.css), so
# every part of a stacked table has to switch at the same width.
SCREENS = {390: {"width": 390, "height": 844}, 700: {"width": 700, "height": 900}}


@pytest.mark.parametrize("width", SCREENS)
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_phone_without_sideways_scrolling(
    live_server, phone: Page, transactional_db, name, width
):
    phone.set_viewport_size(SCREENS[width])
    athlete = build_data()
    email, path = PAGES[name]
    log_in(phone, live_server, email)
    response = phone.goto(live_server.url + path(athlete))
    assert response is not None and response.ok
    shot(phone, name if width == 390 else f"{name}-{width}")

    problems = phone.evaluate(OVERFLOW)
    assert not problems, f"{name} does not fit {width} px:\n" + "\n".join(problems)
    problems = phone.evaluate(STACKED)
    assert not problems, f"{name} is stacked unevenly at {width} px:\n" + "\n".join(problems)


# The vertical gaps between the cards of a page, top to bottom (nested cards left out).
CARD_GAPS = """() => {
  const cards = [...document.querySelectorAll("main .card, form .card")]
    .filter(card => !card.parentElement.closest(".card"))
    .filter((card, i, all) => all.indexOf(card) === i)
    .map(card => card.getBoundingClientRect())
    .filter(box => box.height > 0)
    .sort((a, b) => a.top - b.top);
  return cards.slice(1).map((box, i) => Math.round(box.top - cards[i].bottom));
}"""


@pytest.mark.parametrize("page_name", ["new", "edit"])
def test_template_editor_cards_are_evenly_spaced_on_a_phone(
    live_server, phone: Page, transactional_db, page_name
):
    athlete = build_data()
    log_in(phone, live_server, "coach@example.com")
    if page_name == "new":
        path = "/templates/new/"
    else:
        copy = template_copy(template=fast_finish_long_run(), owner=athlete.coach)
        path = f"/templates/{copy.pk}/edit/"
    phone.goto(live_server.url + path)
    shot(phone, f"phone-template-{page_name}")

    gaps = phone.evaluate(CARD_GAPS)
    assert len(gaps) >= 3 and len(set(gaps)) == 1, f"gaps between the cards: {gaps} px"
