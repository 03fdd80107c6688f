"""The coach's review queue in a real browser (docs/running.md §3.12): the coach opens the queue
from the nav, sees the run with a pain note first, marks two runs reviewed in bulk, opens the
pain run's review, marks it "needs attention" in place, comments and writes a private note; the
athlete (on a phone) reads the comment but neither the note nor the coach's review control, and
answers, which the coach's queue shows as "new comment". Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import field, log_in, settled, shot
from tests.browser.test_fixes import real_run
from tests.browser.test_logging import REAL_FIT, no_sideways_scroll
from tests.workouts.test_review_queue import SERIOUS, WARNING, add_log
from workouts.models import LogReviewMark, ReviewState

pytestmark = pytest.mark.browser
__all__ = ["real_run"]  # the fixture of a real FIT's run, for the fix step below


@pytest.fixture
def runs(transactional_db, athlete):
    return {
        "clean": add_log(athlete, days_ago=1),
        "warning": add_log(athlete, days_ago=2, findings=[WARNING], compliance="yellow"),
        "serious": add_log(athlete, days_ago=3, findings=[SERIOUS], compliance="orange"),
        "pain": add_log(athlete, days_ago=4, pain="Sharp pain in the right shin from 6 km."),
    }


def test_coach_triages_the_queue_and_the_athlete_sees_no_review_control(
    live_server, page: Page, phone: Page, coach, athlete, runs
):
    log_in(page, live_server, coach.email)
    page.get_by_role("link", name="Review queue").click()
    rows = page.get_by_test_id("queue-row")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Sharp pain in the right shin")
    expect(rows.nth(1)).to_contain_text("The finish was too hard.")
    shot(page, "review-queue-desktop")

    for name in ("clean", "warning"):
        page.locator(f'input[name="log"][value="{runs[name].pk}"]').check()
    page.get_by_test_id("bulk-fine").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-success"))).to_contain_text(
        "Marked 2 runs fine."
    )
    expect(rows).to_have_count(2)
    marks = dict(LogReviewMark.objects.values_list("log_id", "state"))
    assert marks == {runs["clean"].pk: "fine", runs["warning"].pk: "fine"}

    rows.first.get_by_test_id("queue-open").click()
    control = page.get_by_test_id("review-state")
    control.get_by_label("Your review").select_option(label="Needs attention")
    control.get_by_role("button", name="Save").click()
    settled(page)
    expect(page.get_by_test_id("review-state-said")).to_contain_text("Saved.")
    assert LogReviewMark.objects.get(log=runs["pain"]).state == ReviewState.ATTENTION
    shot(page, "review-queue-desktop-review-marked")

    thread = page.get_by_test_id("log-comments")
    thread.get_by_label("A comment to Amara").fill("Rest two days; how does the shin feel?")
    thread.get_by_role("button", name="Send").click()
    expect(page.get_by_test_id("comment")).to_contain_text("Rest two days")
    notes = page.get_by_test_id("coach-notes")
    notes.get_by_label("On this run").fill("Private: second shin report this month.")
    notes.get_by_test_id("coach-note-run").get_by_role("button", name="Save the note").click()
    expect(page.get_by_label("On this run")).to_have_value(
        "Private: second shin report this month."
    )
    shot(page, "review-queue-desktop-comment-and-note")

    page.get_by_role("link", name="Review queue").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("The finish was too hard.")

    log_in(phone, live_server, athlete.email)
    phone.goto(f"{live_server.url}/me/logs/{runs['pain'].pk}/")
    expect(phone.get_by_test_id("log-pain")).to_be_visible()
    expect(phone.get_by_test_id("review-state")).to_have_count(0)
    expect(phone.get_by_test_id("comment")).to_contain_text("Rest two days")
    expect(phone.get_by_test_id("coach-notes")).to_have_count(0)
    expect(phone.locator("body")).not_to_contain_text("Private:")
    thread = phone.get_by_test_id("log-comments")
    thread.get_by_label("A comment to your coach").fill("Better today, no pain walking.")
    thread.get_by_role("button", name="Send").click()
    expect(phone.get_by_test_id("comment")).to_have_count(2)
    no_sideways_scroll(phone)
    shot(phone, "review-queue-phone-athlete-comments")
    no_sideways_scroll(phone)
    phone.goto(f"{live_server.url}/queue/")
    expect(phone.get_by_test_id("queue")).to_have_count(0)

    page.goto(f"{live_server.url}/queue/?state=attention")
    expect(rows.first.get_by_test_id("queue-new-comment")).to_be_visible()


def test_queue_on_a_phone_has_no_sideways_scroll(live_server, phone: Page, coach, runs):
    log_in(phone, live_server, coach.email)
    phone.goto(f"{live_server.url}/queue/")
    expect(phone.get_by_test_id("queue-row")).to_have_count(4)
    no_sideways_scroll(phone)
    shot(phone, "review-queue-phone")


@pytest.mark.skipif(not REAL_FIT.is_file(), reason="the shared folder of activity files is absent")
def test_the_coach_fixes_a_real_run_from_the_queue_and_the_queue_follows(
    live_server, page: Page, coach, real_run
):
    """The Done-when journey's fix step (docs/running.md §3.13) on the real fenix 5X FIT: from
    the queue to the run, its first five minutes trimmed (the short-run finding turns
    serious in the queue), then the finding set aside with a reason (nothing to report)."""
    log_in(page, live_server, coach.email)
    page.get_by_role("link", name="Review queue").click()
    row = page.locator(f'[data-testid="queue-row"][data-log="{real_run.pk}"]')
    expect(row).to_have_attribute("data-rank", "warning")
    expect(row.get_by_test_id("queue-finding")).to_contain_text("56% of the planned time was run.")
    row.get_by_test_id("queue-open").click()
    # The coach reads the run's stage table and its pace and heart-rate chart first.
    stages = page.get_by_test_id("log-stage")
    expect(stages).to_have_count(len(real_run.review["stages"]))
    expect(stages.first).to_contain_text("Easy")
    chart = page.get_by_test_id("log-chart")
    expect(chart).to_contain_text("Pace and heart rate")
    expect(chart.locator("svg").filter(visible=True)).to_have_count(1)  # wide on a desktop
    page.get_by_test_id("log-fix-open").click()
    field(page.get_by_test_id("fix-form"), "New start").fill("5:00")
    page.get_by_test_id("fix-submit").click()
    expect(page.get_by_test_id("log-fix")).to_have_attribute("data-kind", "trim")
    expect(page.get_by_test_id("log-time")).to_have_text("23:00")

    page.get_by_role("link", name="Review queue").click()
    expect(row).to_have_attribute("data-rank", "serious")
    expect(row.get_by_test_id("queue-finding")).to_contain_text("46% of the planned time was run.")
    shot(page, "review-queue-desktop-after-trim")

    row.get_by_test_id("queue-open").click()
    page.get_by_test_id("log-fix-open").click()
    page.locator('[data-testid="fix-kind"][data-kind="dismiss"]').click()
    form = page.get_by_test_id("fix-form")
    field(form, "The finding").select_option("short||")  # the short-run finding, by its key
    field(form, "Why").fill("Cut short on purpose after a fall.")
    page.get_by_test_id("fix-submit").click()
    expect(page.get_by_test_id("log-dismissed-finding")).to_contain_text("46%")

    page.get_by_role("link", name="Review queue").click()
    expect(row.get_by_test_id("queue-finding")).to_have_count(0)
    expect(row).to_contain_text("Nothing to report.")
    shot(page, "review-queue-desktop-after-dismiss")
