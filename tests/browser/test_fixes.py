"""Fixing a recording in a real browser (docs/running.md §3.13), on a real FIT file read by the
pipeline and paired with a progression session: the coach opens "Fix the recording", leaves
out the first five minutes, applies it and sees the review change (the run's time shorter, the
fix listed), then undoes it and sees the original again; an athlete on a phone sets a finding
aside with the reason and sees it listed apart, nothing wider than the screen. Screenshots go
to test-artifacts/ for people to look at (helpers.shot)."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from athletes.paces import parse_duration
from tests.browser.helpers import SCREENSHOTS, field, log_in, shot
from tests.browser.test_logging import REAL_FIT, no_sideways_scroll
from tests.conftest import SHARED_DATABASE, add_5k
from tests.workouts.test_block_calendar import add_session, make_block
from tests.workouts.test_log_views import STAGES
from workouts import log_pipeline, run_logs, targets
from workouts.fix_forms import finding_label
from workouts.models import LogFix, LogStatus, RunLog, SessionKind

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not REAL_FIT.is_file(), reason="the shared folder of activity files is absent"
    ),
]


@pytest.fixture
def real_run(transactional_db, athlete) -> RunLog:
    """The real fenix 5X file (28 minutes) uploaded for yesterday's 20 + 20 + 10 minute
    progression session and read by the pipeline: cut short, so its review finds that."""
    add_5k(athlete, days_ago=30)
    today = targets.athlete_today(athlete)
    block = make_block(athlete, race_date=today + timedelta(weeks=8))
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
        return RunLog.objects.get(pk=log.pk)


def run_time(page: Page) -> float:
    """The run's time as its page shows it, in seconds, once the review is read."""
    expect(page.get_by_test_id("log-content")).to_have_attribute(
        "data-status", "done", timeout=30_000
    )
    return parse_duration(page.get_by_test_id("log-time").inner_text().strip())


def test_the_coach_trims_the_start_of_a_real_run_and_undoes_it(
    live_server, page: Page, coach, real_run
):
    log = real_run
    log_in(page, live_server, coach.email)
    page.goto(f"{live_server.url}/logs/{log.pk}/")
    original = run_time(page)
    assert original == pytest.approx(log.duration_s, abs=1)
    expect(page.get_by_test_id("log-fix")).to_have_count(0)
    fixes = page.get_by_test_id("log-fixes")
    expect(fixes.get_by_test_id("log-fix-open")).to_have_text("Fix the recording")
    fixes.get_by_test_id("log-fix-open").click()

    # The fix page: trim chosen first, the recording's span and the stages as reviewed now.
    expect(page).to_have_url(re.compile(rf"/logs/{log.pk}/fixes/$"))
    expect(page.locator("h1")).to_have_text("Fix the recording")
    current = page.locator('[data-testid="fix-kind"][aria-current="page"]')
    expect(current).to_have_attribute("data-kind", "trim")
    expect(page.get_by_test_id("fix-span")).to_contain_text("from 0:00 to 28:00")
    expect(page.get_by_test_id("fix-stage")).to_have_count(3)
    expect(page.get_by_test_id("fix-stage").first).to_contain_text("from 0:00")
    form = page.get_by_test_id("fix-form")
    field(form, "New start").fill("5:00")
    field(form, "Why (optional)").fill("The watch was started in the car park.")
    shot(page, "fixes-desktop-trim-form")
    form.get_by_test_id("fix-submit").click()

    # Back on the run's page: the review read again without the first five minutes.
    expect(page).to_have_url(re.compile(rf"/logs/{log.pk}/$"))
    expect(page.locator("#messages")).to_contain_text("The review runs again.")
    trimmed = run_time(page)
    assert trimmed < original
    assert trimmed == pytest.approx(original - 300, abs=5)
    listed = page.get_by_test_id("log-fix")
    expect(listed).to_have_count(1)
    expect(listed).to_have_attribute("data-kind", "trim")
    expect(listed).to_have_attribute("data-undone", "no")
    expect(listed).to_contain_text("The watch was started in the car park.")
    expect(listed).to_contain_text("Maria Hernández")
    shot(page, "fixes-desktop-trimmed-review")
    with SHARED_DATABASE:
        fix = LogFix.objects.get(log=log)
        assert (fix.kind, fix.undone_at, fix.author_id) == ("trim", None, coach.pk)
        assert RunLog.objects.get(pk=log.pk).duration_s == pytest.approx(trimmed, abs=1)

    # Undone: the original time again, the fix kept in the list as undone, no Undo left.
    listed.get_by_test_id("log-fix-undo").click()
    expect(page.locator("#messages")).to_contain_text("Undone: trim")
    assert run_time(page) == original
    expect(listed).to_have_attribute("data-undone", "yes")
    expect(page.get_by_test_id("log-fix-undo")).to_have_count(0)
    shot(page, "fixes-desktop-undone")
    with SHARED_DATABASE:
        assert LogFix.objects.get(log=log).undone_by_id == coach.pk
        assert RunLog.objects.get(pk=log.pk).duration_s == log.duration_s


def test_a_start_typed_wrong_is_refused_on_the_fix_page(live_server, page: Page, coach, real_run):
    log_in(page, live_server, coach.email)
    page.goto(f"{live_server.url}/logs/{real_run.pk}/fixes/")
    form = page.get_by_test_id("fix-form")
    field(form, "New start").fill("five minutes")
    form.get_by_test_id("fix-submit").click()
    expect(page).to_have_url(re.compile(rf"/logs/{real_run.pk}/fixes/$"))
    expect(page.get_by_test_id("fix-form")).to_contain_text("is not a time of the run")
    with SHARED_DATABASE:
        assert not LogFix.objects.exists()


def test_the_athlete_sets_a_finding_aside_on_a_phone(live_server, phone: Page, athlete, real_run):
    log = real_run
    findings = log.review["findings"]
    assert findings, "the real run's review finds something to set aside"
    log_in(phone, live_server, athlete.email)
    phone.goto(f"{live_server.url}/me/logs/{log.pk}/")
    expect(phone.get_by_test_id("log-finding")).to_have_count(len(findings))
    expect(phone.get_by_test_id("log-dismissed")).to_have_count(0)
    phone.get_by_test_id("log-fix-open").click()
    expect(phone).to_have_url(re.compile(rf"/me/logs/{log.pk}/fixes/$"))
    no_sideways_scroll(phone)
    shot(phone, "fixes-phone-fix-page")
    phone.locator('[data-testid="fix-kind"][data-kind="dismiss"]').click()
    expect(phone.locator('[data-testid="fix-kind"][aria-current="page"]')).to_have_attribute(
        "data-kind", "dismiss"
    )
    form = phone.get_by_test_id("fix-form")
    first = findings[0]
    field(form, "The finding").select_option(label=finding_label(first))
    expect(field(form, "The finding").locator("option:checked")).to_contain_text(first["message"])
    # Without a reason, nothing is set aside.
    form.get_by_test_id("fix-submit").click()
    expect(phone.get_by_test_id("fix-form").locator(".invalid-feedback")).to_be_visible()
    with SHARED_DATABASE:
        assert not LogFix.objects.exists()
    form = phone.get_by_test_id("fix-form")
    field(form, "Why").fill("Cut short on purpose: my calf felt tight.")
    no_sideways_scroll(phone)
    shot(phone, "fixes-phone-dismiss-form")
    form.get_by_test_id("fix-submit").click()

    expect(phone).to_have_url(re.compile(rf"/me/logs/{log.pk}/$"))
    expect(phone.get_by_test_id("log-content")).to_have_attribute(
        "data-status", "done", timeout=30_000
    )
    aside = phone.get_by_test_id("log-dismissed-finding")
    expect(aside).to_have_count(1)
    expect(aside).to_have_attribute("data-code", first["code"])
    expect(aside).to_contain_text(first["message"])
    expect(aside).to_contain_text("Cut short on purpose: my calf felt tight.")
    expect(
        phone.locator(f'[data-testid="log-finding"][data-code="{first["code"]}"]')
    ).to_have_count(0)
    expect(phone.get_by_test_id("log-fix")).to_have_attribute("data-kind", "dismiss")
    no_sideways_scroll(phone)
    shot(phone, "fixes-phone-dismissed")
    aside_card = phone.locator("section").filter(has=phone.get_by_test_id("log-dismissed"))
    aside_card.screenshot(path=SCREENSHOTS / "fixes-phone-dismissed-aside.png")
    phone.get_by_test_id("log-fixes").screenshot(
        path=SCREENSHOTS / "fixes-phone-dismissed-fixes.png"
    )
    with SHARED_DATABASE:
        fix = LogFix.objects.get(log=log)
        assert (fix.kind, fix.author_id) == ("dismiss", athlete.user_id)
