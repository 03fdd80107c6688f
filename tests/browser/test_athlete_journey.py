"""Issue 8's journey end to end, in a real browser: the coach shows an athlete the next 14 days
of a proposed block; the athlete, on a phone, reads their sessions at their own paces,
subscribes to the calendar feed, downloads a progression run for the watch, marks a trip and
moves a session onto it; the coach sees the trip and the move on the block calendar, moves a
session, and the feed's event for it changes SEQUENCE. A session past the 14 days is absent
from the page, the feed and the watch files (docs/running.md §4.10–§4.12).

Screenshots of the athlete's pages go to test-artifacts/athlete-journey-NN-*.png (git-ignored)
for people to look at.
"""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from garmin_fit_sdk import Decoder, Stream
from icalendar import Calendar
from playwright.sync_api import APIRequestContext, Browser, Page, expect

from athletes.models import PlanVisibility
from athletes.units import format_pace_range
from tests.browser.helpers import field, log_in, move_by_keyboard, settled
from tests.browser.test_athlete_plan import ARTIFACTS, shot
from tests.browser.test_phone_pages import OVERFLOW
from tests.conftest import add_5k
from tests.workouts.test_block_calendar import add_session, make_block
from workouts import services
from workouts.fit_workout import STEP_NAMES
from workouts.models import AvailabilityRange, PlannedSession, SessionKind
from workouts.progression import Stage
from workouts.targets import athlete_today, fitness_by_day

pytestmark = pytest.mark.browser

WINDOW_DAYS = 14
EASY = [Stage(duration_s=45 * 60, zone="easy")]


def fits(page: Page, what: str) -> None:
    problems = page.evaluate(OVERFLOW)
    assert not problems, f"{what} does not fit 390 px:\n" + "\n".join(problems)


def feed_events(app: APIRequestContext, url: str) -> dict[int, object]:
    """The feed's session events by session id, fetched as a calendar app would."""
    answer = app.get(url)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    events = {}
    for event in Calendar.from_ical(answer.body()).walk("VEVENT"):
        if match := re.fullmatch(r"session-(\d+)@.+", str(event["UID"])):
            events[int(match[1])] = event
    return events


def mark_days(page: Page, first, last, *, note: str = "") -> None:
    """Send the availability page's form with these days away (its default)."""
    form = page.get_by_test_id("availability-form")
    field(form, "First day").fill(first.isoformat())
    field(form, "Last day").fill(last.isoformat())
    field(form, "Note (optional)").fill(note)
    form.get_by_role("button", name="Add these days").click()


@pytest.fixture
def calendar_app(browser: Browser):
    """Requests as a calendar app makes them: no login, none of the browser's cookies."""
    context = browser.new_context()
    yield context.request
    context.close()


@pytest.fixture
def journey(transactional_db, athlete):
    """Amara (miles, heart rates, a recent 5K) and her 18-week block with today in its ninth
    week, its progression runs proposed; easy runs today and in the next two days."""
    amara = athlete
    amara.units, amara.resting_hr_bpm, amara.max_hr_bpm = "mi", 50, 190
    amara.save()
    add_5k(amara)
    today = athlete_today(amara)
    block = make_block(amara, race_date=today + timedelta(weeks=9, days=3))
    services.block_propose(block=block)
    easy = [
        add_session(block, today + timedelta(days=n), SessionKind.EASY, EASY) for n in (0, 1, 2)
    ]
    kinds = [SessionKind.PROGRESSION, SessionKind.LONG_RUN_PROGRESSION]
    runs = PlannedSession.objects.filter(block=block, kind__in=kinds)
    last_visible = today + timedelta(days=WINDOW_DAYS)
    visible_run = runs.filter(date__gte=today, date__lte=last_visible).order_by("date").first()
    hidden = runs.filter(date__gt=last_visible).order_by("date").first()
    assert visible_run is not None and hidden is not None, "the proposal left the window empty"
    return amara, block, easy, visible_run, hidden


def test_the_athlete_lives_with_the_plan_on_a_phone_and_the_coach_sees_it(
    live_server, page: Page, phone: Page, calendar_app: APIRequestContext, journey
):
    amara, block, (_, to_move, coach_moves), run, hidden = journey
    today = athlete_today(amara)
    last_visible = today + timedelta(days=WINDOW_DAYS)

    # 1. The coach shows Amara the next 14 days.
    log_in(page, live_server, "coach@example.com")
    page.goto(f"{live_server.url}/athletes/{amara.pk}/")
    page.get_by_role("link", name="Change what Amara sees").click()
    page.get_by_label("A rolling window of the next days").check()
    field(page, "Days ahead").fill(str(WINDOW_DAYS))
    page.get_by_role("button", name="Save visibility").click()
    expect(page.get_by_test_id("plan-visibility-now")).to_have_text("The next 14 days")
    amara.refresh_from_db()
    assert (amara.plan_visibility, amara.plan_visible_days) == (PlanVisibility.WINDOW, 14)

    # 2. Amara on her phone: today's easy run at her own easy pace per mile, the sessions of
    # the next 14 days, none after.
    log_in(phone, live_server, "runner@example.com")
    expect(phone).to_have_url(f"{live_server.url}/me/")
    easy = fitness_by_day(amara).on(today).paces["easy"]
    easy_text = format_pace_range(easy.fast_s_per_km, easy.slow_s_per_km, "mi")
    assert easy_text.endswith(" /mi")
    card = phone.get_by_test_id("today-session").filter(has_text="Easy run")
    expect(card.get_by_test_id("athlete-stage")).to_contain_text(f"45 min easy {easy_text}")
    assert "/km" not in phone.get_by_test_id("plan-today").inner_text()
    expect(phone.locator(f'a[href="/me/sessions/{run.pk}/"]').first).to_be_visible()
    expect(phone.locator(f'a[href="/me/sessions/{hidden.pk}/"]')).to_have_count(0)
    links = phone.locator('a[href^="/me/sessions/"]').evaluate_all("as => as.map(a => a.href)")
    shown = {int(re.search(r"/me/sessions/(\d+)/", href)[1]) for href in links}
    days = PlannedSession.objects.filter(pk__in=shown).values_list("date", flat=True)
    # From the days of this week gone by (with what was run of them) to the last one shown.
    assert today - timedelta(days=7) < min(days) and max(days) <= last_visible
    expect(phone.get_by_test_id("plan-visibility-note")).to_have_text(
        "Your coach shows the next 14 days of your plan."
    )
    fits(phone, "/me/")
    shot(phone, "athlete-journey-01-landing")

    # 3. The feed box: the address serves exactly the sessions she sees.
    box = phone.get_by_test_id("feed-box")
    box.scroll_into_view_if_needed()
    expect(box.get_by_test_id("feed-refresh")).to_contain_text("Google Calendar up to a day")
    phone.screenshot(path=ARTIFACTS / "athlete-journey-02-feed-box-screen.png")
    feed_url = box.get_by_test_id("feed-url").input_value()
    token = re.fullmatch(r"/feed/([A-Za-z0-9_-]{43})\.ics", urlsplit(feed_url).path)[1]
    feed_url = live_server.url + urlsplit(feed_url).path  # the live server's own address
    events = feed_events(calendar_app, feed_url)
    visible = set(
        PlannedSession.objects.filter(block=block, date__lte=last_visible).values_list(
            "pk", flat=True
        )
    )
    assert set(events) == visible
    assert {run.pk, to_move.pk, coach_moves.pk} <= visible
    assert hidden.pk not in events
    # The first progression run ahead: a base or transition one, or one in a long run.
    assert str(events[run.pk]["SUMMARY"]).startswith(run.get_kind_display())

    # The progression run's page, and its watch file: one step per planned stage, at her paces.
    phone.locator(f'a[href="/me/sessions/{run.pk}/"]').first.click()
    expect(phone).to_have_url(f"{live_server.url}/me/sessions/{run.pk}/")
    watch = phone.get_by_test_id("watch-box")
    expect(watch).to_contain_text("GARMIN/NEWFILES")
    fits(phone, "the session page")
    shot(phone, "athlete-journey-03-session")
    with phone.expect_download() as info:
        watch.get_by_role("link", name="Download the workout (.fit)").click()
    data = Path(info.value.path()).read_bytes()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    steps = messages["workout_step_mesgs"]
    planned = run.stage_values()
    assert len(planned) >= 2
    paces = fitness_by_day(amara).on(run.date).paces
    assert [s["wkt_step_name"] for s in steps] == [STEP_NAMES[p.zone] for p in planned]
    for step, stage in zip(steps, planned, strict=True):
        if stage.duration_s is not None:
            assert step["duration_time"] == stage.duration_s
        else:
            assert step["duration_distance"] == stage.distance_m
        assert step["custom_target_value_low"] == round(1e6 / paces[stage.zone].slow_s_per_km)
        assert step["custom_target_value_high"] == round(1e6 / paces[stage.zone].fast_s_per_km)
    # The hidden run: no page, no file, by her login or by the feed's token.
    own = f"{live_server.url}/me/sessions"
    assert phone.request.get(f"{own}/{run.pk}/watch.fit").status == 200
    assert phone.request.get(f"{own}/{hidden.pk}/").status == 404
    assert phone.request.get(f"{own}/{hidden.pk}/watch.fit").status == 404
    by_token = f"{live_server.url}/feed/{token}/sessions"
    assert calendar_app.get(f"{by_token}/{run.pk}.fit").status == 200
    assert calendar_app.get(f"{by_token}/{hidden.pk}.fit").status == 404

    # 4. A trip: first with its days the wrong way round (a specific message, nothing
    # saved), then right.
    first, last = today + timedelta(days=4), today + timedelta(days=6)
    phone.goto(f"{live_server.url}/me/")
    phone.get_by_test_id("availability-mark").click()
    before_first = first - timedelta(days=1)
    mark_days(phone, first, before_first)
    expect(phone.get_by_test_id("availability-form")).to_contain_text(
        f"The range ends before it starts: {before_first:%a %-d %b %Y} is before "
        f"{first:%a %-d %b %Y}."
    )
    expect(phone.get_by_test_id("no-availability")).to_be_visible()
    assert not AvailabilityRange.objects.filter(athlete=amara).exists()
    fits(phone, "the availability page")
    shot(phone, "athlete-journey-04-trip-refused")
    mark_days(phone, first, last, note="Conference in Lyon")
    expect(phone.get_by_test_id("availability-range")).to_contain_text("Away: travel")
    shot(phone, "athlete-journey-05-trip")

    # She moves tomorrow's easy run into the trip, and is warned.
    moved_to = today + timedelta(days=5)
    phone.goto(f"{live_server.url}/me/")
    phone.locator(f'a[href="/me/sessions/{to_move.pk}/"]').first.click()
    move = phone.get_by_test_id("athlete-move")
    field(move, "New day").fill(moved_to.isoformat())
    move.get_by_role("button", name="Move").click()
    notices = phone.locator("#messages")
    expect(notices).to_contain_text(f"Moved to {moved_to:%a} {moved_to.day} {moved_to:%b}")
    expect(notices).to_contain_text("falls while the athlete cannot train")
    fits(phone, "the session page after a move")
    shot(phone, "athlete-journey-06-moved")

    # 5. The coach sees the trip and the moved run, with its warning.
    page.goto(f"{live_server.url}/blocks/{block.pk}/")
    day = page.locator(f"#day-{moved_to.isoformat()}")
    expect(day.get_by_test_id("availability")).to_contain_text("Away: travel")
    chip = day.locator(f"#session-{to_move.pk}")
    expect(chip.get_by_test_id("moved-from")).to_have_text(f"moved from {to_move.date:%a %-d %b}")
    warning = day.locator('[data-code="not-a-training-day"]').filter(has_text="The easy run")
    expect(warning).to_contain_text("falls while the athlete cannot train")
    day.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "athlete-journey-07-coach-calendar.png")

    # The coach moves a visible run a day on: its event in the feed is a new version.
    before = feed_events(calendar_app, feed_url)[coach_moves.pk]
    new_day = coach_moves.date + timedelta(days=1)
    settled(page)
    move_by_keyboard(page, page.locator(f"#session-{coach_moves.pk}"), new_day)
    expect(page.locator(f"#day-{new_day.isoformat()} #session-{coach_moves.pk}")).to_have_count(1)
    settled(page)
    after = feed_events(calendar_app, feed_url)[coach_moves.pk]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after["DTSTART"].dt == new_day
    assert after["LAST-MODIFIED"].dt >= before["LAST-MODIFIED"].dt
