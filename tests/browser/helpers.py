"""What every browser journey does: log in, find a field by its label, wait for htmx, shoot."""

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

PASSWORD = "pw-for-tests-9"
# Where the issues ask for them (git-ignored), beside the journeys that write their own.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    """A screenshot for people to look at (git-ignored); nothing asserts on it."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=full_page)


def field(page: Page | Locator, label: str) -> Locator:
    """The input labelled `label`, exactly: crispy-forms puts "*" after required fields' labels
    and leaves whitespace around the text, so a plain exact match finds nothing."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def submit_login(page: Page, email: str, password: str = PASSWORD) -> None:
    """Fill in and submit the login form of the page already open."""
    field(page, "Email address").fill(email)
    field(page, "Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def log_in(page: Page, live_server, email: str, password: str = PASSWORD) -> None:
    page.goto(live_server.url + "/login/")
    submit_login(page, email, password)
    expect(page).not_to_have_url(re.compile(r"/login/"))


def settled(page: Page) -> None:
    """Wait until htmx has finished a swap. New content is live only once settled (~20 ms
    after it appears): a select changed before then fires no request."""
    busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
    expect(page.locator(busy)).to_have_count(0)


def show_week(page: Page, index: int) -> Locator:
    """Week `index` of the block page in full: a week far from today is drawn as its head
    and loads its days (htmx) once scrolled into view, as a coach scrolling would."""
    # Scrolled by the page itself, not Playwright's scroll_into_view_if_needed: that waits for
    # the week to keep still, and the weeks loading around it move it or swap it out.
    settled(page)
    page.locator(f"#week-{index}").evaluate("week => week.scrollIntoView({block: 'center'})")
    expect(page.locator(f'#week-{index}[data-week="{index}"]')).to_have_count(1)
    settled(page)
    return page.locator(f"#week-{index}")


def drag(page: Page, source: Locator, target: Locator) -> None:
    """Drag with the mouse in steps, as a person does: Chromium starts an HTML5 drag only
    once the pointer has moved a little with the button held."""
    box, to = source.bounding_box(), target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 8)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 10, box["y"] + 18, steps=3)
    page.mouse.move(to["x"] + to["width"] / 2, to["y"] + 30, steps=10)
    page.mouse.up()


def move_by_keyboard(page: Page, chip: Locator, day) -> None:
    """Move a session chip of the block calendar with the keyboard only: open its controls
    with Enter, type the day into "Move to", press Enter on Move."""
    chip.locator("summary").focus()
    page.keyboard.press("Enter")
    chip.get_by_label("Move to").fill(day.isoformat())
    chip.get_by_role("button", name="Move").focus()
    page.keyboard.press("Enter")
