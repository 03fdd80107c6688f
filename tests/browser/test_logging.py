"""Logging runs in a real browser (docs/running.md §3.11), on a phone (390 px) first: the athlete
uploads a real FIT file and a GPX on a session's page and reads the review (its stage table and
chart, nothing wider than the screen); a file being read shows "Processing your file…" and the
review replaces it by polling, without a reload; a run logged by hand, edited unchanged (nothing
changes), deleted after a confirmation; the coach logs a run on the athlete's behalf from the
calendar and reads its review. Under REQUIRE_SERVICES=1 a real Celery worker reads the upload.
Screenshots go to test-artifacts/ for people to look at (helpers.shot)."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in, shot, show_week
from tests.browser.test_phone_pages import OVERFLOW
from tests.conftest import REQUIRE_SERVICES, SHARED_DATABASE, add_5k
from tests.workouts.test_block_calendar import add_session, make_block
from tests.workouts.test_log_views import STAGES, done_log, fit_file
from workouts import log_pipeline, run_logs, targets
from workouts.models import LogStatus, RunLog, SessionKind

pytestmark = pytest.mark.browser

FOLDER = Path(__file__).parents[3] / "shared" / "data" / "activities"
REAL_FIT = FOLDER / "fit" / "fitparser_fenix5x_run_28min_workout_step_laps.fit"
REAL_GPX = FOLDER / "gpx" / "sportslib_strava_android_run_33min_1681613317.gpx"
NO_RELOAD = "() => window.__sameDocument === true"


@pytest.fixture
def plan(transactional_db, athlete):
    add_5k(athlete, days_ago=30)
    today = targets.athlete_today(athlete)
    block = make_block(athlete, race_date=today + timedelta(weeks=8))
    return block, today


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(OVERFLOW) == []


def upload_on_session_page(page: Page, live_server, session, path: Path) -> None:
    page.goto(f"{live_server.url}/me/sessions/{session.pk}/")
    box = page.get_by_test_id("log-box")
    expect(box).to_contain_text("Log this run")
    box.get_by_label("Files from your watch or phone").set_input_files(str(path))
    box.get_by_role("button", name="Upload").click()
    expect(page).to_have_url(re.compile(r"/me/logs/\d+/$"))


def see_review(page: Page) -> None:
    """The review once read: its stage table and chart, all within the phone's width."""
    expect(page.get_by_test_id("log-content")).to_have_attribute(
        "data-status", "done", timeout=30_000
    )
    expect(page.get_by_test_id("log-stage").first).to_be_visible()
    expect(page.locator("svg.review-chart-narrow")).to_be_visible()
    expect(page.locator("svg.review-chart-wide")).to_be_hidden()
    no_sideways_scroll(page)


# Under REQUIRE_SERVICES=1 a real Celery worker over Redis reads the uploads (the "services"
# mark sends the relay to the broker); on the embedded default they are read in-process, right
# after the upload commits.
by_the_worker = pytest.mark.services if REQUIRE_SERVICES else (lambda test: test)


@by_the_worker
@pytest.mark.skipif(not REAL_FIT.is_file(), reason="the shared folder of activity files is absent")
def test_the_athlete_uploads_a_real_fit_file_and_a_gpx_on_a_phone(
    request, live_server, phone: Page, plan, athlete
):
    if REQUIRE_SERVICES:
        request.getfixturevalue("real_worker")
    block, today = plan
    progression = add_session(block, today - timedelta(days=1), SessionKind.PROGRESSION, STAGES)
    easy = add_session(block, today - timedelta(days=2), SessionKind.EASY)
    log_in(phone, live_server, athlete.email)

    upload_on_session_page(phone, live_server, progression, REAL_FIT)
    phone.evaluate("window.__sameDocument = true")
    see_review(phone)  # by polling, while a worker reads it
    assert phone.evaluate(NO_RELOAD)
    content = phone.get_by_test_id("log-content")
    expect(content).to_contain_text(REAL_FIT.name)
    expect(phone.get_by_test_id("log-stage")).to_have_count(3)
    expect(phone.get_by_test_id("paired-with")).to_contain_text("Progression run")
    # The watch's laps, folded; opened, still no wider than the phone.
    laps = phone.get_by_test_id("log-laps")
    expect(laps).not_to_have_attribute("open", "")
    laps.locator(":scope > summary").click()
    no_sideways_scroll(phone)
    shot(phone, "logging-phone-review-fit")

    if REAL_GPX.is_file():
        upload_on_session_page(phone, live_server, easy, REAL_GPX)
        expect(phone.get_by_test_id("log-content")).to_have_attribute(
            "data-status", "done", timeout=30_000
        )
        expect(phone.locator("svg.review-chart-narrow")).to_be_visible()
        expect(phone.get_by_test_id("log-summary")).to_contain_text("Distance")
        no_sideways_scroll(phone)
        shot(phone, "logging-phone-review-gpx")
    # Back on the session's page: the run and a link to its review.
    phone.goto(f"{live_server.url}/me/sessions/{progression.pk}/")
    expect(phone.get_by_test_id("session-log")).to_contain_text("See the review")
    no_sideways_scroll(phone)
    shot(phone, "logging-phone-session-logged")


def test_the_page_of_a_file_being_read_updates_itself(live_server, phone: Page, plan, athlete):
    block, today = plan
    session = add_session(block, today - timedelta(days=1), SessionKind.PROGRESSION, STAGES)
    with SHARED_DATABASE:
        upload = run_logs.run_log_files_upload(
            athlete=athlete,
            by=athlete.user,
            files=[("morning.fit", fit_file(session.date))],
            session=session,
            relay=False,  # the test reads it itself, below
        )
    log = upload.logs[0]
    log_in(phone, live_server, athlete.email)
    phone.goto(f"{live_server.url}/me/logs/{log.pk}/")
    expect(phone.get_by_test_id("log-processing")).to_contain_text("Processing your file…")
    no_sideways_scroll(phone)
    shot(phone, "logging-phone-processing")
    phone.evaluate("window.__sameDocument = true")

    with SHARED_DATABASE:
        assert log_pipeline.run_log_process(log_id=log.pk) == LogStatus.DONE
    see_review(phone)
    expect(phone.get_by_test_id("log-processing")).to_have_count(0)
    assert phone.evaluate(NO_RELOAD), "the page was reloaded, not updated in place"


def test_the_athlete_logs_by_hand_edits_unchanged_and_deletes(
    live_server, phone: Page, plan, athlete
):
    block, today = plan
    session = add_session(block, today, SessionKind.PROGRESSION, STAGES)
    log_in(phone, live_server, athlete.email)
    phone.goto(f"{live_server.url}/me/sessions/{session.pk}/")
    by_hand = phone.get_by_test_id("log-by-hand")
    by_hand.locator(":scope > summary").click()
    by_hand.get_by_label("Time").fill("52:30")
    by_hand.get_by_label("Distance").fill("9.6")
    by_hand.get_by_label("Average heart rate").fill("146")
    by_hand.get_by_label("Effort (RPE 1–10)").select_option("6")
    by_hand.get_by_label("Feel").select_option("4")
    by_hand.get_by_label("Pain or injury").fill("Right knee, the last 2 km")
    stage = by_hand.get_by_test_id("log-stage-entry").nth(2)
    stage.locator(":scope > summary").click()
    stage.get_by_label("Pace").fill("4:40")
    stage.get_by_label("Effort").select_option("8")
    no_sideways_scroll(phone)
    shot(phone, "logging-phone-by-hand")
    by_hand.get_by_role("button", name="Log the run").click()

    expect(phone).to_have_url(re.compile(r"/me/logs/\d+/$"))
    expect(phone.get_by_test_id("log-source")).to_contain_text("Logged by hand")
    expect(phone.get_by_test_id("log-pain")).to_contain_text("Right knee, the last 2 km")
    expect(phone.get_by_test_id("log-stage")).to_have_count(3)
    no_sideways_scroll(phone)
    shot(phone, "logging-phone-review-by-hand")
    with SHARED_DATABASE:
        log = RunLog.objects.get()
        before = RunLog.objects.filter(pk=log.pk).values().get()
        stages_before = list(log.stage_entries.values())

    # Edit: the stored values shown; saved unchanged, nothing changes.
    phone.get_by_test_id("log-edit").click()
    expect(phone.get_by_label("Time")).to_have_value("52:30")
    expect(phone.get_by_label("Distance")).to_have_value("9.6 km")
    expect(phone.get_by_label("Pain or injury")).to_have_value("Right knee, the last 2 km")
    no_sideways_scroll(phone)
    shot(phone, "logging-phone-edit")
    phone.get_by_role("button", name="Save").click()
    expect(phone.locator("#messages")).to_contain_text("Nothing was changed.")
    with SHARED_DATABASE:
        assert RunLog.objects.filter(pk=log.pk).values().get() == before
        assert list(log.stage_entries.values()) == stages_before

    # Delete, after a confirmation.
    phone.get_by_test_id("log-delete").click()
    expect(phone.locator("h1")).to_have_text("Delete this run? Its file goes too.")
    shot(phone, "logging-phone-delete")
    with SHARED_DATABASE:
        assert RunLog.objects.filter(pk=log.pk).exists()
    phone.get_by_role("button", name="Delete the run").click()
    expect(phone).to_have_url(re.compile(rf"/me/sessions/{session.pk}/$"))
    expect(phone.get_by_test_id("log-box")).to_contain_text("Log this run")
    with SHARED_DATABASE:
        assert not RunLog.objects.exists()


def test_the_coach_logs_a_run_on_the_athletes_behalf(live_server, page: Page, plan, coach, athlete):
    block, today = plan
    session = add_session(block, today - timedelta(days=1), SessionKind.PROGRESSION, STAGES)
    log_in(page, live_server, coach.email)
    page.goto(f"{live_server.url}/blocks/{block.pk}/")
    week = show_week(page, block.as_value().calendar_week_of(session.date).index)
    chip = week.locator(f"#session-{session.pk}")
    chip.locator("details.chip-actions > summary").click()
    shot(page, "logging-desktop-chip-menu", full_page=False)
    chip.get_by_test_id("log-on-behalf").click()
    expect(page.get_by_test_id("on-behalf")).to_contain_text("on Amara's behalf")
    page.get_by_label("Time").fill("1:00:00")
    page.get_by_label("Distance").fill("11.2")
    page.get_by_label("Notes").fill("Told me by phone.")
    page.get_by_role("button", name="Log the run").click()

    expect(page).to_have_url(re.compile(r"/logs/\d+/$"))
    expect(page.get_by_test_id("logged-by")).to_contain_text("logged by Maria Hernández (coach)")
    expect(page.get_by_test_id("log-stage")).to_have_count(3)
    expect(page.get_by_test_id("log-felt")).to_contain_text("Told me by phone.")
    shot(page, "logging-desktop-coach-review")
    page.goto(f"{live_server.url}/athletes/{athlete.pk}/")
    runs = page.get_by_test_id("athlete-runs")
    expect(runs.get_by_test_id("athlete-run")).to_contain_text("Progression run")
    shot(page, "logging-desktop-coach-athlete-page")
    with SHARED_DATABASE:
        log = RunLog.objects.get()
        assert (log.logged_by_id, log.athlete_id, log.session_id) == (
            coach.pk,
            athlete.pk,
            session.pk,
        )


@pytest.mark.skipif(not REAL_FIT.is_file(), reason="the shared folder of activity files is absent")
def test_the_coach_reads_the_review_of_a_real_file_on_a_desktop(
    live_server, page: Page, plan, coach, athlete
):
    block, today = plan
    session = add_session(block, today - timedelta(days=1), SessionKind.PROGRESSION, STAGES)
    with SHARED_DATABASE:
        upload = run_logs.run_log_files_upload(
            athlete=athlete,
            by=athlete.user,
            files=[(REAL_FIT.name, REAL_FIT.read_bytes())],
            session=session,
            relay=False,
        )
        log = upload.logs[0]
        assert log_pipeline.run_log_process(log_id=log.pk) == LogStatus.DONE
    log_in(page, live_server, coach.email)
    page.goto(f"{live_server.url}/logs/{log.pk}/")  # run in 2018: not among the recent runs
    expect(page.locator("svg.review-chart-wide")).to_be_visible()
    expect(page.locator("svg.review-chart-narrow")).to_be_hidden()
    expect(page.get_by_test_id("log-stage")).to_have_count(3)
    page.get_by_test_id("log-laps").locator(":scope > summary").click()
    expect(page.get_by_test_id("log-laps").locator("tbody tr")).to_have_count(14)
    shot(page, "logging-desktop-review-fit")


def test_several_files_at_once_each_with_its_fate(
    live_server, phone: Page, plan, athlete, tmp_path
):
    block, today = plan
    add_session(block, today - timedelta(days=1), SessionKind.PROGRESSION, STAGES)
    good = tmp_path / "tuesday.fit"
    good.write_bytes(fit_file(today - timedelta(days=1)))
    broken = tmp_path / "broken.fit"
    broken.write_bytes(b".FIT" + bytes(200))
    text = tmp_path / "notes.txt"
    text.write_text("not a run")
    log_in(phone, live_server, athlete.email)
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("link", name="Upload a run").click()
    expect(phone.locator("h1")).to_have_text("Upload runs from your watch")
    no_sideways_scroll(phone)
    shot(phone, "logging-phone-upload")
    phone.get_by_label("Files from your watch or phone").set_input_files([good, broken, text])
    phone.get_by_role("button", name="Upload").click()

    expect(phone.locator("h1")).to_have_text("2 runs uploaded")
    expect(phone.get_by_test_id("log-refused-file")).to_contain_text(
        "notes.txt: notes.txt is not a FIT, GPX or TCX file"
    )
    rows = phone.get_by_test_id("log-uploaded-row")
    expect(rows).to_have_count(2)
    no_sideways_scroll(phone)
    shot(phone, "logging-phone-uploaded")
    rows.filter(has_text="tuesday.fit").get_by_role("link").click()
    expect(phone.get_by_test_id("log-content")).to_have_attribute("data-status", "done")
    expect(phone.get_by_test_id("paired-with")).to_contain_text("Progression run")
    phone.go_back()
    phone.reload()  # the list again, and nothing uploaded twice
    expect(phone.get_by_test_id("log-uploaded-row")).to_have_count(2)
    expect(phone.get_by_test_id("log-refused")).to_have_count(0)
    phone.get_by_test_id("log-uploaded-row").filter(has_text="broken.fit").get_by_role(
        "link"
    ).click()
    failed = phone.get_by_test_id("log-failed")
    expect(failed).to_contain_text("broken.fit could not be read")
    expect(failed).to_contain_text("Delete it, then upload the file again")
    no_sideways_scroll(phone)
    shot(phone, "logging-phone-failed")


def test_the_review_of_long_unbroken_words_fits_a_phone(live_server, phone: Page, plan, athlete):
    """A session title, a pain note and a file name of one long word each wrap, on the review,
    the session, the edit and the delete pages."""
    block, today = plan
    word = "Hamstringtightnessafterthehills" * 5
    with SHARED_DATABASE:
        session = add_session(block, today - timedelta(days=1), SessionKind.PROGRESSION, STAGES)
        session.title = word[:120]
        session.save()
        log = done_log(athlete, session, pain_note=word, notes=word)
        log.file.name = word[:250] + ".fit"
        log.file.save()
    log_in(phone, live_server, athlete.email)
    for url in (f"/me/logs/{log.pk}/", f"/me/sessions/{session.pk}/"):
        phone.goto(live_server.url + url)
        expect(phone.locator("h1")).to_contain_text(word[:30])
        no_sideways_scroll(phone)
    for url in (f"/me/logs/{log.pk}/edit/", f"/me/logs/{log.pk}/delete/"):
        phone.goto(live_server.url + url)
        no_sideways_scroll(phone)
