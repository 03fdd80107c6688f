"""The athlete's calendar feed in a real browser, on a phone: their page shows the feed box,
the address serves their sessions as iCalendar, and making a new address changes it and
retires the old one (docs/running.md §4.11)."""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from athletes.models import Athlete, Role
from tests.browser.helpers import log_in, shot
from tests.browser.test_phone_pages import OVERFLOW
from tests.conftest import add_5k, make_user
from tests.workouts.test_block_calendar import add_session, make_block, next_saturday
from workouts.models import SessionKind
from workouts.progression import Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def build_athlete():
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    user = make_user("runner@example.com", Role.ATHLETE, "Amara", "Okafor")
    athlete = Athlete.objects.create(
        coach=coach, user=user, first_name="Amara", last_name="Okafor", email=user.email
    )
    add_5k(athlete)
    block = make_block(athlete, race_date=next_saturday(10))
    stages = [Stage(duration_s=1800, zone="easy"), Stage(duration_s=1200, zone="steady")]
    return add_session(
        block, timezone.localdate() + timedelta(days=1), SessionKind.PROGRESSION, stages
    )


def feed_path(phone) -> str:
    return urlsplit(phone.get_by_test_id("feed-url").input_value()).path


def test_the_athlete_subscribes_and_makes_a_new_address(phone, live_server):
    session = build_athlete()
    log_in(phone, live_server, "runner@example.com")
    phone.goto(live_server.url + "/me/")
    box = phone.get_by_test_id("feed-box")
    expect(box.get_by_role("heading", name="Your training calendar")).to_be_visible()
    expect(box.get_by_test_id("feed-refresh")).to_contain_text("Google Calendar up to a day")
    expect(box.get_by_test_id("feed-webcal")).to_have_attribute("href", re.compile(r"^webcal://"))
    expect(box.get_by_test_id("feed-webcal-url")).to_have_value(re.compile(r"^webcal://.*\.ics$"))
    old = feed_path(phone)
    assert re.fullmatch(r"/feed/[A-Za-z0-9_-]{43}\.ics", old)
    assert phone.evaluate(OVERFLOW) == []
    box.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=ARTIFACTS / "phone-athlete-page-with-feed.png", full_page=True)
    box.screenshot(path=ARTIFACTS / "phone-athlete-feed-box.png")
    shot(phone, "phone-athlete-feed-box")

    answer = phone.request.get(live_server.url + old)
    assert answer.status == 200
    events = Calendar.from_ical(answer.body()).walk("VEVENT")
    assert any(str(e["UID"]) == f"session-{session.pk}@127.0.0.1" for e in events)

    box.get_by_test_id("feed-rotate").click()
    expect(phone.get_by_role("heading", name="Make a new calendar address?")).to_be_visible()
    phone.screenshot(path=ARTIFACTS / "phone-athlete-feed-rotate.png")
    shot(phone, "phone-athlete-feed-rotate")
    phone.get_by_test_id("feed-rotate-confirm").click()
    expect(phone.get_by_role("alert")).to_contain_text("new address")
    new = feed_path(phone)
    assert new != old
    assert phone.request.get(live_server.url + old).status == 404
    assert phone.request.get(live_server.url + new).status == 200
