"""The athlete, on a phone, opens a planned progression run, reads how to put it on the watch,
and downloads it: the file decodes into the planned steps at their paces. A session the coach
hides has no file. Screenshots go to test-artifacts/ (git-ignored) for people to look at."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from garmin_fit_sdk import Decoder, Stream
from playwright.sync_api import Page, expect

from athletes.models import PlanVisibility
from tests.browser.helpers import log_in
from tests.browser.test_phone_pages import OVERFLOW
from tests.conftest import add_5k
from tests.workouts.test_block_calendar import add_session, make_block
from tests.workouts.test_watch_files import STAGES
from workouts.models import SessionKind
from workouts.targets import fitness_by_day

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_the_athlete_downloads_a_progression_run_for_their_watch(
    live_server, phone: Page, transactional_db, athlete
):
    add_5k(athlete)
    block = make_block(athlete)
    day = timezone.localdate() + timedelta(days=2)
    run = add_session(block, day, SessionKind.PROGRESSION, STAGES)
    later = add_session(block, day + timedelta(days=20), SessionKind.PROGRESSION, STAGES)
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 14
    athlete.save()

    log_in(phone, live_server, athlete.email)
    phone.goto(f"{live_server.url}/me/sessions/{run.pk}/")
    box = phone.get_by_test_id("watch-box")
    expect(box).to_contain_text("GARMIN/NEWFILES")
    expect(box).to_contain_text("does not import workout files")
    assert phone.evaluate(OVERFLOW) == []
    ARTIFACTS.mkdir(exist_ok=True)
    box.scroll_into_view_if_needed()
    phone.screenshot(path=ARTIFACTS / "watch-file-phone.png", full_page=True)

    with phone.expect_download() as info:
        box.get_by_role("link", name="Download the workout (.fit)").click()
    download = info.value
    assert download.suggested_filename == f"{day:%Y-%m-%d}-progression.fit"
    data = Path(download.path()).read_bytes()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    steps = messages["workout_step_mesgs"]
    assert [s["wkt_step_name"] for s in steps] == ["Easy", "Steady", "Marathon pace"]
    assert [s.get("duration_time") or s.get("duration_distance") for s in steps] == [
        1800,
        1200,
        5000,
    ]
    paces = fitness_by_day(athlete).on(day).paces
    for step, zone in zip(steps, ["easy", "steady", "marathon"], strict=True):
        assert step["custom_target_value_low"] == round(1e6 / paces[zone].slow_s_per_km)
        assert step["custom_target_value_high"] == round(1e6 / paces[zone].fast_s_per_km)

    # Beyond the 14 days the coach shows: neither its page nor its file.
    response = phone.goto(f"{live_server.url}/me/sessions/{later.pk}/watch.fit")
    assert response is not None and response.status == 404
