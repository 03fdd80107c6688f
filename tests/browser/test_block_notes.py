"""Notes on the block calendar in a real browser: the coach adds a private note on a day and
a note for the athlete on this week, edits the week's note on its page, deletes a day note
(and undoes it once); the athlete, on a phone, reads only the note meant for them.

Screenshots go to test-artifacts/ (git-ignored) for people to look at.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes.models import Athlete, Role
from athletes.paces import MARATHON_M
from tests.browser.helpers import field, log_in
from tests.browser.test_phone_pages import OVERFLOW
from tests.conftest import make_user
from workouts import notes, services
from workouts.models import CalendarNote, NoteVisibility

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PRIVATE = "Knee niggle last week: check in with her after this run."
FOR_ATHLETE = "Build week: the long run grows to 28 km."
EDITED = "Build week: the long run grows to 26 km, easy all the way."
DROPPED = "Bring the new shoes."


def shot(page: Page, name: str, *, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=full_page)


@pytest.fixture
def block(transactional_db):
    """Amara (with an account) and her 10-week block, its race 8 weeks ahead: this week is in
    the block."""
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    user = make_user("runner@example.com", Role.ATHLETE, "Amara", "Okafor")
    amara = Athlete.objects.create(
        coach=coach, user=user, first_name="Amara", last_name="Okafor", email=user.email
    )
    day = timezone.localdate() + timedelta(weeks=8)
    block = services.block_create(
        athlete=amara,
        race_name="Valencia Marathon",
        race_date=day + timedelta(days=(5 - day.weekday()) % 7),
        race_distance_m=MARATHON_M,
        n_weeks=10,
    )
    services.block_propose(block=block)
    return block


def calm(page: Page) -> None:
    """Like helpers.settled, with time for the far weeks that load as the calendar is swapped
    back in place, on a machine that may be busy."""
    busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
    expect(page.locator(busy)).to_have_count(0, timeout=20_000)


def alert(page: Page, text: str):
    return page.get_by_role("alert").filter(has_text=text)


def add_note(where, label: str, text: str, who: str) -> None:
    """Open the folded "+ Note" form of a day or a week head, fill it and add the note."""
    where.get_by_test_id("note-add").locator("summary").click()
    field(where, label).fill(text)
    field(where, "Who sees it").select_option(label=who)
    where.get_by_role("button", name="Add note").click()
    calm(where.page)


def test_coach_writes_notes_and_the_athlete_reads_only_the_visible_one(
    live_server, page: Page, phone: Page, block
):
    today = timezone.localdate()
    tomorrow, later = today + timedelta(days=1), today + timedelta(days=3)
    week = (today - block.start).days // 7 + 1
    log_in(page, live_server, "coach@example.com")
    page.goto(f"{live_server.url}/blocks/{block.pk}/")

    # A private note on tomorrow, and one for the athlete on this week.
    day = page.locator(f"#day-{tomorrow:%Y-%m-%d}")
    add_note(day, f"Note on {tomorrow.day} {tomorrow:%b}", PRIVATE, "Private: only you")
    expect(alert(page, "Added a note on")).to_contain_text("private: only you see it")
    day = page.locator(f"#day-{tomorrow:%Y-%m-%d}")
    expect(day.get_by_test_id("note")).to_contain_text(PRIVATE)
    expect(day.get_by_test_id("note-private")).to_have_text("private")

    head = page.locator(f"#week-{week} .cal-week-head")
    add_note(head, f"Note on week {week}", FOR_ATHLETE, "Athlete sees it")
    expect(alert(page, f"Added a note on week {week}")).to_contain_text("the athlete sees it")
    head = page.locator(f"#week-{week} .cal-week-head")
    expect(head.get_by_test_id("note")).to_contain_text(FOR_ATHLETE)
    expect(head.get_by_test_id("note-athlete")).to_have_text("athlete sees")

    add_note(
        page.locator(f"#day-{later:%Y-%m-%d}"),
        f"Note on {later.day} {later:%b}",
        DROPPED,
        "Athlete sees it",
    )
    expect(alert(page, "Added a note on")).to_be_visible()
    calm(page)
    page.locator(f"#week-{week}").scroll_into_view_if_needed()
    shot(page, "block-notes-1-calendar")

    # Edit the week's note on its own page: new text, still for the athlete.
    head = page.locator(f"#week-{week} .cal-week-head")
    head.get_by_test_id("note").locator("summary").click()
    head.get_by_role("link", name="Edit the note").click()
    expect(page.get_by_role("heading", name=f"Note on week {week}")).to_be_visible()
    expect(field(page, "Note")).to_have_value(FOR_ATHLETE)
    expect(field(page, "Who sees it")).to_have_value("athlete")
    shot(page, "block-notes-2-edit-page")
    field(page, "Note").fill(EDITED)
    page.get_by_role("button", name="Save note").click()
    expect(alert(page, f"Saved the note on week {week}")).to_be_visible()
    expect(page.locator(f"#week-{week} .cal-week-head").get_by_test_id("note")).to_contain_text(
        EDITED
    )

    # Delete the note on the later day; undo brings it back; delete it for good.
    for attempt in ("undone", "for good"):
        cell = page.locator(f"#day-{later:%Y-%m-%d}")
        cell.get_by_test_id("note").locator("summary").click()
        cell.get_by_role("button", name="Delete the note").click()
        expect(alert(page, "Deleted the note on")).to_be_visible()
        expect(page.locator(f"#day-{later:%Y-%m-%d}").get_by_test_id("note")).to_have_count(0)
        if attempt == "undone":
            alert(page, "Deleted the note on").get_by_role("button", name="Undo").click()
            expect(alert(page, "Restored the note on")).to_be_visible()
            expect(page.locator(f"#day-{later:%Y-%m-%d}").get_by_test_id("note")).to_contain_text(
                DROPPED
            )
    calm(page)
    page.locator(f"#week-{week}").scroll_into_view_if_needed()
    shot(page, "block-notes-3-after-edit-and-delete")
    assert sorted(CalendarNote.objects.values_list("text", "visibility")) == [
        (EDITED, NoteVisibility.ATHLETE),
        (PRIVATE, NoteVisibility.COACH),
    ]

    # The athlete, on a phone: the week's note, nothing private, nothing deleted.
    log_in(phone, live_server, "runner@example.com")
    expect(phone).to_have_url(f"{live_server.url}/me/")
    # The week's note shows in its week of the plan (no separate list of notes).
    expect(phone.get_by_test_id("coach-notes")).to_have_count(0)
    expect(phone.get_by_test_id("plan-note")).to_have_count(1)
    this_week = phone.get_by_test_id("plan-week").filter(has_text=EDITED)
    expect(this_week.get_by_test_id("plan-note")).to_contain_text(EDITED)
    expect(this_week.get_by_test_id("week-context")).to_contain_text(f"week {week} of 10")
    assert PRIVATE not in phone.content() and DROPPED not in phone.content()
    shot(phone, "block-notes-4-athlete-phone", full_page=True)
    problems = phone.evaluate(OVERFLOW)
    assert not problems, "/me/ does not fit 390 px:\n" + "\n".join(problems)


def test_the_calendar_with_notes_open_fits_a_phone(live_server, phone: Page, block):
    coach = block.athlete.coach
    today = timezone.localdate()
    week = (today - block.start).days // 7 + 1
    long_text = "A long note that wraps: " + "easy, relaxed, conversational; " * 12
    notes.note_create(block=block, author=coach, date=today, text=long_text)
    notes.note_create(block=block, author=coach, week=week, text=PRIVATE, visibility="coach")
    log_in(phone, live_server, "coach@example.com")
    phone.goto(f"{live_server.url}/blocks/{block.pk}/#day-{today:%Y-%m-%d}")
    cell = phone.locator(f"#day-{today:%Y-%m-%d}")
    cell.get_by_test_id("note").locator("summary").click()
    cell.get_by_test_id("note-add").locator("summary").click()
    head = phone.locator(f"#week-{week} .cal-week-head")
    head.get_by_test_id("note-add").locator("summary").click()
    cell.scroll_into_view_if_needed()
    shot(phone, "block-notes-5-phone-calendar")
    problems = phone.evaluate(OVERFLOW)
    assert not problems, "the block page does not fit 390 px:\n" + "\n".join(problems)
