"""Issue 7's "re-plans from a date after marking two weeks missed", in a real browser: the
coach marks two past weeks of a block not run (ill) with the re-plan page's bulk form, sees
the re-plan from the next day resume the base ladder, applies it, and the calendar shows the
sessions struck through with their reason. Screenshots go to test-artifacts/ (git-ignored).
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes.models import Athlete, Role
from athletes.paces import MARATHON_M
from tests.browser.helpers import field, log_in, show_week
from tests.browser.test_block_calendar import shot
from tests.conftest import add_5k, make_user
from workouts import services
from workouts.models import PlannedSession, SessionKind

pytestmark = pytest.mark.browser


@pytest.fixture
def block(transactional_db):
    """An 18-week block whose race is ~10 weeks ahead (its first 7 weeks are past), with its
    progression runs proposed."""
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    amara = Athlete.objects.create(
        coach=coach, first_name="Amara", last_name="Okafor", email="runner@example.com"
    )
    add_5k(amara, days_ago=5)
    day = timezone.localdate() + timedelta(weeks=10)
    block = services.block_create(
        athlete=amara,
        race_name="Valencia Marathon",
        race_date=day + timedelta(days=(5 - day.weekday()) % 7),
        race_distance_m=MARATHON_M,
        n_weeks=18,
    )
    services.block_propose(block=block)
    return block


def minutes(session) -> int:
    return round(sum(stage.duration_s or 0 for stage in session.stages.all()) / 60)


def test_coach_marks_two_weeks_not_run_and_replans_from_the_next_day(
    live_server, page: Page, block
):
    base = list(block.sessions.filter(kind=SessionKind.PROGRESSION).order_by("date")[:6])
    lengths = [minutes(session) for session in base]  # 45, 50, 55, 65, 70, 75
    start, end = block.start + timedelta(weeks=3), block.start + timedelta(weeks=5, days=-1)
    resume = end + timedelta(days=1)
    log_in(page, live_server, "coach@example.com")
    page.goto(f"{live_server.url}/blocks/{block.pk}/")
    page.get_by_role("link", name="Re-plan from a date").click()

    form = page.get_by_test_id("skip-range")
    field(form, "First day not run").fill(f"{start:%Y-%m-%d}")
    field(form, "Last day not run").fill(f"{end:%Y-%m-%d}")
    field(form, "Why they were not run").select_option("ill")
    form.get_by_role("button", name="Mark as not run").click()

    expect(page.get_by_role("alert").filter(has_text="Marked")).to_contain_text(
        f"Marked 2 sessions from {start:%a} {start.day} {start:%b} to {end:%a} {end.day} {end:%b} as not run (ill)."
    )
    expect(field(page, "Re-plan from")).to_have_value(f"{resume:%Y-%m-%d}")
    preview = page.get_by_test_id("replan-preview")
    # Weeks 4 and 5 not run: week 6's run resumes after week 3's, at week 4's length.
    changed = preview.locator("[data-change=changed]")
    expect(changed).to_have_count(1)
    expect(changed).to_contain_text(f"{base[5].date:%a} {base[5].date.day}")
    shot(page, "block-missed-replan-preview")
    page.get_by_role("button", name="Apply these changes").click()

    expect(page).to_have_url(re.compile(rf"/blocks/{block.pk}/\?show=\d+#day-{resume:%Y-%m-%d}$"))
    expect(page.get_by_role("alert").filter(has_text="Re-planned")).to_contain_text(
        f"Re-planned from {resume:%a} {resume.day} {resume:%b %Y}: 1 changed."
    )
    for missed in base[3:5]:
        show_week(page, (missed.date - block.start).days // 7 + 1)
        expect(page.locator(f"#session-{missed.pk}").get_by_test_id("not-run")).to_have_text(
            "Not run: ill"
        )
    run = PlannedSession.objects.get(block=block, date=base[5].date, kind=SessionKind.PROGRESSION)
    assert minutes(run) == lengths[3] < lengths[5]
    shot(page, "block-missed-calendar")
