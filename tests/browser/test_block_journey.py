"""Issue 7's "Done when", end to end in a real browser, as one coach's journey: she creates an
18-week block whose race is on a Saturday from the athlete's page, proposes its progression
runs in one click, replaces one with a thirds run in base, adds a fast finish in transition
and a progressive long run in the long-run phase, sees a placement warning and an error,
moves a session by drag and drop and by the keyboard control, copies a week, inserts a rest
day, undoes a delete, adds a B race, and re-plans from a date after marking two weeks missed.

Everything is done through the page; the database is only read, to check what was saved.
The race is a Saturday 11 weeks and 0–6 days ahead, so today is in week 7 (the first of
transition) whatever the weekday: weeks 1–6 are past, and the page holds weeks 6–13 in full.
Edits on the calendar update it in place (htmx), which `in_place` checks. Screenshots of the
block page go to test-artifacts/block-journey-NN-*.png (git-ignored) for people to look at.
"""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes.models import Athlete, Role
from tests.browser.helpers import drag, field, log_in, move_by_keyboard, settled, show_week
from tests.conftest import add_5k, make_user
from workouts.models import Block, PlannedSession, SessionKind
from workouts.plan_text import format_plan

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shot(page: Page, name: str, *, around: str | None = None) -> None:
    """The block page as the coach sees it, scrolled to `around` (a selector) if given."""
    ARTIFACTS.mkdir(exist_ok=True)
    if around:
        page.locator(around).first.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / f"block-journey-{name}.png", full_page=around is None)


@pytest.fixture
def patient(page: Page):
    """Longer waits for this long journey: on a machine shared with other work, a page or
    an htmx swap can take more than the 5 s an expect() waits by default."""
    page.set_default_timeout(20_000)
    expect.set_options(timeout=15_000)
    yield page
    expect.set_options(timeout=None)  # back to Playwright's default for the other tests


@pytest.fixture
def amara(transactional_db):
    """Maria's athlete, with a recent 5K (so her paces are known) and her training week set:
    Tuesday, Wednesday, Thursday, Saturday and Sunday, the long run on Sunday."""
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    athlete = Athlete.objects.create(
        coach=coach,
        first_name="Amara",
        last_name="Okafor",
        email="runner@example.com",
        training_days=[1, 2, 3, 5, 6],
        long_run_day=6,
    )
    add_5k(athlete, days_ago=20)
    return athlete


def race_saturday() -> date:
    """The first Saturday 11 weeks or more from today: today falls in week 7 of 18."""
    day = timezone.localdate() + timedelta(weeks=11)
    return day + timedelta(days=(5 - day.weekday()) % 7)


def day_of(block, week: int, weekday: int) -> date:
    """The day of week `week` of the block on `weekday` (0 = Monday)."""
    start = block.start + timedelta(weeks=week - 1)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def days_of(block, week: int) -> tuple[date, date]:
    """The first and last day of week `week` of the block."""
    first = block.start + timedelta(weeks=week - 1)
    return first, first + timedelta(days=6)


def week_of(block, day: date) -> int:
    return (day - block.start).days // 7 + 1


def day_cell(page: Page, day: date):
    return page.locator(f"#day-{day:%Y-%m-%d}")


def chip(page: Page, session):
    return page.locator(f"#session-{session.pk}")


def alert(page: Page, text: str):
    return page.locator("#messages").get_by_role("alert").filter(has_text=text)


def mark_page(page: Page) -> None:
    """Mark the page, to tell a swap in place (the mark stays) from a reload (it goes)."""
    page.evaluate("window.__marker = 1")


def in_place(page: Page) -> None:
    """The edit just made updated the page in place: htmx settled, and no reload."""
    settled(page)
    assert page.evaluate("window.__marker") == 1, "the edit reloaded the block page"


def add_session(page: Page, day: date, kind: str, template: str) -> None:
    """From the calendar, open the form to add a session on `day` and fill it in from one of
    the built-in templates; the form checks it against the rules as it is filled in."""
    day_cell(page, day).get_by_role("link", name="Add a session on").click()
    expect(page.get_by_role("heading", name="New session")).to_be_visible()
    field(page, "Kind").select_option(label=kind)
    settled(page)
    field(page, "Start from a template").select_option(label=template)
    settled(page)


def minutes(session) -> int:
    return round(sum(stage.duration_s or 0 for stage in session.stages.all()) / 60)


def findings_of(page: Page):
    return page.get_by_test_id("session-findings")


def test_coach_plans_a_marathon_block_from_start_to_replan(
    live_server, patient: Page, amara, builtin_templates
):
    page = patient
    page.set_viewport_size({"width": 1280, "height": 900})
    templates = {t.name: t for t in builtin_templates}
    race = race_saturday()
    log_in(page, live_server, "coach@example.com")

    # 1. From the athlete's page, an 18-week block for a Saturday marathon.
    page.goto(live_server.url + "/athletes/")
    page.get_by_role("link", name="Amara Okafor").click()
    expect(page.get_by_role("heading", name="Amara Okafor", level=1)).to_be_visible()
    page.get_by_test_id("blocks").get_by_role("link", name="New block").click()
    expect(page.get_by_role("heading", name="New block for Amara")).to_be_visible()
    field(page, "Race name").fill("Valencia Marathon")
    field(page, "Race date").fill(race.isoformat())
    field(page, "Goal time").fill("3:15:00")
    field(page, "Weeks").fill("18")
    field(page, "Weeks").dispatch_event("change")
    expect(page.get_by_test_id("block-dates")).to_contain_text("18 weeks: from")
    expect(field(page, "Distance")).to_have_value("Marathon")
    settled(page)
    page.get_by_role("button", name="Create block").click()
    expect(page).to_have_url(re.compile(r"/blocks/\d+/$"))
    block = Block.objects.get()
    assert page.url.endswith(f"/blocks/{block.pk}/")
    assert (block.race_date, block.race_date.weekday(), block.n_weeks) == (race, 5, 18)
    assert block.goal_time_s == 3 * 3600 + 15 * 60
    expect(page.get_by_role("heading", name="Valencia Marathon", level=1)).to_be_visible()
    expect(page.get_by_test_id("block-now")).to_contain_text("week 7 of 18 · transition")
    spans = [(p.phase, p.first_week, p.last_week) for p in block.phases.all()]
    assert spans == [("base", 1, 6), ("transition", 7, 11), ("long_run", 12, 16), ("taper", 17, 18)]
    shot(page, "01-created")

    # 2. Its progression runs, proposed in one click, in place.
    mark_page(page)
    page.get_by_role("button", name="Propose progression runs").click()
    runs = PlannedSession.objects.filter(block=block, proposed=True)
    expect(alert(page, "Proposed")).to_contain_text(re.compile(r"Proposed \d+ progression runs\."))
    in_place(page)
    n_proposed = runs.count()
    assert n_proposed > 10
    expect(alert(page, "Proposed")).to_contain_text(f"Proposed {n_proposed} progression runs.")
    expect(page.get_by_test_id("block-summary")).to_contain_text(f"{n_proposed} progression runs")
    expect(page.locator("#calendar").get_by_test_id("stage-strip").first).to_be_visible()
    shot(page, "02-proposed")

    # 3. Week 2's base run (past) replaced by the built-in "Thirds", from its edit form.
    base_run = runs.filter(date__range=days_of(block, 2)).get()
    show_week(page, 2)  # far from today: its days load as it scrolls into view
    controls = chip(page, base_run)
    controls.locator("summary").click()
    controls.get_by_role("link", name=re.compile(r"^Edit")).click()
    expect(page.get_by_role("heading", name="Edit the progression run")).to_be_visible()
    expect(page.get_by_test_id("session-day")).to_contain_text("week 2 of 18 (base)")
    field(page, "Start from a template").select_option(label="Thirds")
    settled(page)
    page.get_by_role("button", name="Copy the template’s stages into the box").click()
    thirds = templates["Thirds"]
    expect(field(page, "Stages (plan text)")).to_have_value(format_plan(thirds.stage_values()))
    page.get_by_role("button", name="Save session").click()
    expect(alert(page, "Saved: Progression run on")).to_be_visible()
    base_run.refresh_from_db()
    assert base_run.template == thirds
    assert base_run.stage_values() == thirds.stage_values()
    expect(chip(page, base_run).get_by_test_id("stage-strip")).to_be_visible()

    # 4. A fast finish in transition, the day after week 9's mid-week run and a third run in
    # that week: two placement warnings, shown before saving; saved, they show on the day.
    mid_week = runs.filter(kind=SessionKind.PROGRESSION, date__range=days_of(block, 9)).get()
    ff_day = mid_week.date + timedelta(days=1)
    add_session(page, ff_day, "Progression run", "Fast finish")
    expect(page.get_by_test_id("session-day")).to_contain_text("week 9 of 18 (transition)")
    for code in ("after-hard-day", "too-many-in-week"):
        warning = findings_of(page).locator(f'[data-code="{code}"]')
        expect(warning).to_have_attribute("data-severity", "warning")
    expect(page.get_by_text("Warnings do not block saving")).to_be_visible()
    shot(page, "03-fast-finish-warnings")
    page.get_by_role("button", name="Save session").click()
    expect(alert(page, "Saved: Progression run on")).to_be_visible()
    expect(alert(page, "comes the day after")).to_be_visible()
    fast_finish = block.sessions.get(date=ff_day)
    assert (fast_finish.kind, fast_finish.template) == ("progression", templates["Fast finish"])
    assert fast_finish.stage_values() == templates["Fast finish"].stage_values()
    ff_cell = day_cell(page, ff_day)
    expect(ff_cell.locator(f"#session-{fast_finish.pk}")).to_be_visible()
    expect(ff_cell.locator('[data-code="after-hard-day"]')).to_be_visible()
    shot(page, "04-fast-finish-on-the-calendar", around=f"#day-{ff_day:%Y-%m-%d}")

    # 5. A progressive long run in the long-run phase, on week 13's long-run day (a week the
    # proposal left without one).
    plr_day = day_of(block, 13, 6)
    assert not block.sessions.filter(date=plr_day).exists()
    add_session(page, plr_day, "Fast-finish long run", "Progressive long run")
    expect(page.get_by_test_id("session-day")).to_contain_text("week 13 of 18 (long-run phase)")
    expect(page.get_by_test_id("stage-summary")).to_contain_text("35")
    page.get_by_role("button", name="Save session").click()
    expect(alert(page, "Saved: Fast-finish long run on")).to_be_visible()
    long_run = block.sessions.get(date=plr_day)
    assert (long_run.kind, long_run.template) == (
        SessionKind.LONG_RUN_PROGRESSION,
        templates["Progressive long run"],
    )

    # 6. An error: a progression run 6 days before the race is refused, nothing saved.
    late = race - timedelta(days=6)
    show_week(page, 18)
    add_session(page, late, "Progression run", "Fast finish")
    error = findings_of(page).locator('[data-code="in-taper"]')
    expect(error).to_have_attribute("data-severity", "error")
    expect(page.get_by_text("Errors block saving")).to_be_visible()
    page.get_by_role("button", name="Save session").click()
    expect(alert(page, "Not saved: The progression run on")).to_contain_text("6 days before")
    shot(page, "05-in-taper-refused")
    assert not block.sessions.filter(date=late).exists()
    page.get_by_role("link", name="Cancel").click()

    # 7. The fast finish moved two days on by drag and drop, in place.
    expect(page.get_by_role("heading", name="Valencia Marathon", level=1)).to_be_visible()
    mark_page(page)
    dropped = ff_day + timedelta(days=2)
    chip(page, fast_finish).scroll_into_view_if_needed()
    drag(page, chip(page, fast_finish), day_cell(page, dropped))
    expect(alert(page, "Moved the Progression run")).to_be_visible()
    moved = day_cell(page, dropped).locator(f"#session-{fast_finish.pk}")
    expect(moved.get_by_test_id("moved-from")).to_have_text(
        f"moved from {ff_day:%a} {ff_day.day} {ff_day:%b}"
    )
    in_place(page)
    fast_finish.refresh_from_db()
    assert (fast_finish.date, fast_finish.original_date) == (dropped, ff_day)

    # 8. ... and back a day by the keyboard: focus its controls, type the day, press Move.
    back = dropped - timedelta(days=1)
    move_by_keyboard(page, chip(page, fast_finish), back)
    expect(alert(page, f"to {back:%a} {back.day} {back:%b}")).to_be_visible()
    expect(day_cell(page, back).locator(f"#session-{fast_finish.pk}")).to_be_visible()
    in_place(page)
    fast_finish.refresh_from_db()
    assert (fast_finish.date, fast_finish.original_date) == (back, ff_day)
    shot(page, "06-moved", around=f"#day-{back:%Y-%m-%d}")

    # 9. Week 8 copied onto week 11, replacing what it held, from week 8's menu.
    week8 = sorted(
        (s.date.weekday(), format_plan(s.stage_values()))
        for s in block.sessions.filter(date__range=days_of(block, 8))
    )
    week = page.locator("#week-8")
    week.get_by_text("Change week").click()
    week.get_by_label("Copy week 8 to week").fill("11")
    week.get_by_label("replace what it holds").check()
    week.get_by_role("button", name="Copy week").click()
    expect(alert(page, "Copied 2 sessions of week 8 onto week 11.")).to_be_visible()
    in_place(page)
    week11 = sorted(
        (s.date.weekday(), format_plan(s.stage_values()))
        for s in block.sessions.filter(date__range=days_of(block, 11))
    )
    assert week11 == week8
    expect(page.locator("#week-11").get_by_test_id("stage-strip")).to_have_count(2)
    shot(page, "07-week-copied", around="#week-11")

    # 10. A rest day inserted on week 12's Sunday: the sessions from there move a day later.
    rest_day = day_of(block, 12, 6)
    pushed = block.sessions.get(date=rest_day)
    cell = day_cell(page, rest_day)
    cell.locator("summary").filter(has_text="Day").click()
    cell.get_by_role("button", name="Insert rest day here").click()
    expect(alert(page, f"Inserted a rest day on {rest_day:%a} {rest_day.day}")).to_be_visible()
    expect(day_cell(page, rest_day)).to_contain_text("Rest day")
    later = day_cell(page, rest_day + timedelta(days=1)).locator(f"#session-{pushed.pk}")
    expect(later.get_by_test_id("moved-from")).to_be_visible()
    in_place(page)
    long_run.refresh_from_db()
    assert long_run.date == plr_day + timedelta(days=1)
    assert block.sessions.filter(kind=SessionKind.RACE, date=race).exists()  # race day stays
    shot(page, "08-rest-day", around=f"#day-{rest_day:%Y-%m-%d}")

    # 11. The fast finish deleted, then the delete undone: it comes back as it was.
    controls = chip(page, fast_finish)
    controls.locator("summary").click()
    controls.get_by_role("button", name="Delete").click()
    expect(alert(page, "Deleted Progression run on")).to_be_visible()
    expect(page.locator(f"#session-{fast_finish.pk}")).to_have_count(0)
    in_place(page)
    assert not PlannedSession.objects.filter(pk=fast_finish.pk).exists()
    alert(page, "Deleted").get_by_role("button", name="Undo").click()
    expect(alert(page, "Restored the Progression run")).to_be_visible()
    restored = day_cell(page, back).locator(f"#session-{fast_finish.pk}")
    expect(restored.get_by_test_id("moved-from")).to_be_visible()
    in_place(page)
    stored = PlannedSession.objects.get(pk=fast_finish.pk)
    assert (stored.date, stored.original_date) == (back, ff_day)
    assert stored.stage_values() == templates["Fast finish"].stage_values()

    # 12. A B race, a half marathon five weeks before the marathon, from the header's form.
    b_day = race - timedelta(weeks=5)
    page.get_by_text("Add B/C race").click()
    form = page.get_by_test_id("race-form")
    field(form, "Race").fill("City Half")
    field(form, "Day").fill(b_day.isoformat())
    field(form, "Distance").fill("Half marathon")
    field(form, "Priority").select_option(label="B race")
    form.get_by_role("button", name="Add the race").click()
    expect(alert(page, "Added the B race City Half")).to_be_visible()
    expect(day_cell(page, b_day).get_by_test_id("race-priority")).to_have_text("B")
    in_place(page)
    b_race = block.sessions.get(date=b_day, kind=SessionKind.RACE)
    assert (b_race.priority, b_race.title) == ("B", "City Half")
    shot(page, "09-b-race", around=f"#day-{b_day:%Y-%m-%d}")

    # 13. The long run locked, so the re-plan keeps it (in place).
    long_run.refresh_from_db()
    controls = chip(page, long_run)
    controls.locator("summary").click()
    controls.get_by_role("button", name=re.compile(r"^Lock")).click()
    expect(chip(page, long_run).get_by_test_id("locked")).to_be_visible()
    in_place(page)
    shot(page, "10-before-replan")

    # 14. Weeks 4 and 5 marked not run (ill), then a re-plan from the next day, applied.
    first, last = block.start + timedelta(weeks=3), block.start + timedelta(weeks=5, days=-1)
    missed = list(block.sessions.filter(date__range=(first, last)).order_by("date"))
    assert len(missed) == 2
    week4 = minutes(missed[0])
    week6 = runs.filter(date__range=days_of(block, 6)).get()
    assert minutes(week6) > week4
    long_run_plan = long_run.stage_values()
    page.get_by_role("link", name="Re-plan from a date").click()
    expect(page.get_by_role("heading", name="Re-plan from a date")).to_be_visible()
    skip = page.get_by_test_id("skip-range")
    field(skip, "First day not run").fill(first.isoformat())
    field(skip, "Last day not run").fill(last.isoformat())
    field(skip, "Why they were not run").select_option("ill")
    skip.get_by_role("button", name="Mark as not run").click()
    expect(alert(page, "Marked")).to_contain_text(
        f"Marked 2 sessions from {first:%a} {first.day} {first:%b} to {last:%a} {last.day} {last:%b} as not run (ill)."
    )
    resume = last + timedelta(days=1)
    expect(field(page, "Re-plan from")).to_have_value(resume.isoformat())
    preview = page.get_by_test_id("replan-preview")
    expect(preview).to_contain_text(f"Changes from {resume:%A} {resume.day} {resume:%B %Y}")
    # Weeks 4 and 5 count for nothing: week 6's run resumes at week 4's length. The locked
    # long run is not among the changes.
    week6_line = preview.locator("[data-change=changed]").first
    expect(week6_line).to_contain_text(f"{week6.date:%a} {week6.date.day} {week6.date:%b}")
    expect(preview).not_to_contain_text(
        f"{long_run.date:%a} {long_run.date.day} {long_run.date:%b}"
    )
    shot(page, "11-replan-preview")
    page.get_by_role("button", name="Apply these changes").click()
    expect(page).to_have_url(re.compile(rf"/blocks/{block.pk}/\?show=\d+#day-{resume:%Y-%m-%d}$"))
    expect(alert(page, "Re-planned")).to_contain_text(
        f"Re-planned from {resume:%a} {resume.day} {resume:%b %Y}"
    )
    for session in missed:
        show_week(page, week_of(block, session.date))
        expect(chip(page, session).get_by_test_id("not-run")).to_have_text("Not run: ill")
    assert minutes(block.sessions.get(date=week6.date)) == week4
    assert PlannedSession.objects.get(pk=long_run.pk, locked=True).stage_values() == long_run_plan
    assert block.sessions.filter(pk=b_race.pk).exists()
    shot(page, "12-replanned")
