"""Where an edit on the block calendar goes next: back to the calendar, at what it changed.

From the calendar itself (htmx), the answer is the block page, drawn at once with the weeks
the coach had open plus the one edited, which htmx swaps in place; the browser is then told
which element to focus. Without htmx, a redirect to the calendar at that week and day."""

import re
from datetime import date

from django.contrib import messages
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django_htmx.http import HttpResponseClientRedirect, push_url, trigger_client_event

from workouts.forms import RaceForm
from workouts.selectors import block_calendar

# The page holds this many weeks in full, from the week before the current one (or the first
# weeks, before the block begins); every other week shows its head, and its days load as it
# scrolls into view (block_week_days), so opening a 30-week block costs what an 8-week one
# does. "All weeks" (?weeks=all) holds everything, for printing.
WEEKS_IN_FULL = 8
WEEK_NUMBER = re.compile(r"[0-9]{1,4}")


def week_indices(text: str | None) -> set[int]:
    """ "3,15" (a link's or the page's list of weeks) as week numbers; anything else is ignored
    (not only str.isdigit: "²" is a digit to it but no int, and 5,000 digits are no week)."""
    parts = (part.strip() for part in (text or "").split(","))
    return {int(part) for part in parts if WEEK_NUMBER.fullmatch(part)}


def weeks_in_full(calendar, shown: set[int]) -> set[int]:
    """The weeks the page draws in full: WEEKS_IN_FULL from the week before today's (the
    last ones once the race is over), and any other `shown`."""
    indices = [week.index for week in calendar.weeks]
    today = calendar.today
    if today < calendar.weeks[0].start:
        now = 0
    else:
        now = next((i for i, w in enumerate(calendar.weeks) if today <= w.end), len(indices))
    first = min(max(now - 1, 0), max(len(indices) - WEEKS_IN_FULL, 0))
    return set(indices[first : first + WEEKS_IN_FULL]) | shown


def render_calendar(
    request, block, *, shown: set[int] = frozenset(), show_all: bool = False, extra=None
):
    """The block page: its calendar with the weeks in full that the coach is looking at;
    `extra` overrides its context (a folded form sent back with its errors)."""
    calendar = block_calendar(block, today=timezone.localdate())
    full = {week.index for week in calendar.weeks} if show_all else weeks_in_full(calendar, shown)
    # The template reads the block as calendar.block: inside {% block %}, "block" is the
    # template's block.
    context = {"calendar": calendar, "athlete": block.athlete, "units": calendar.units}
    context |= {"full_weeks": full, "show_all": show_all}
    context["race_form"] = RaceForm(unit=calendar.units)  # the folded "Add B/C race" form
    return render(request, "workouts/block_detail.html", context | (extra or {}))


def _week_of(block, anchor: str | date) -> int | None:
    """The week holding a day ("day-YYYY-MM-DD" or a date), or a "week-N" anchor's N."""
    if isinstance(anchor, str) and anchor.startswith("week-") and anchor[5:].isdigit():
        return int(anchor[5:])
    if isinstance(anchor, str) and anchor.startswith("day-"):
        try:
            anchor = date.fromisoformat(anchor[4:])
        except ValueError:
            return None
    if isinstance(anchor, date) and anchor >= block.start:
        return (anchor - block.start).days // 7 + 1
    return None


def back_to_calendar(request, block, anchor: str | date = "", *, extra=None):
    """Back to the block's calendar at `anchor` (an element id, or a day: "day-YYYY-MM-DD").
    `extra` (htmx only): context for the page, e.g. a refused folded form with its errors."""
    week = _week_of(block, anchor)
    if isinstance(anchor, date):
        anchor = f"day-{anchor.isoformat()}"
    if request.htmx:
        shown = week_indices(request.POST.get("loaded") or request.GET.get("loaded"))
        shown |= {week} if week else set()
        response = render_calendar(request, block, shown=shown, extra=extra)
        # The address stays the calendar's: a boosted form would otherwise push its action.
        response = push_url(response, False)
        return trigger_client_event(response, "calendarFocus", {"id": anchor or "calendar"})
    return redirect(calendar_url(block, anchor))


def leave_calendar(request, to: str):
    """Away from the calendar, to a page (a URL name or path) with no calendar in it: the home
    page after an undo that cannot be done. From htmx, the browser goes there itself; following
    the redirect inside htmx would find no calendar to swap in and blank the page."""
    if request.htmx:
        return HttpResponseClientRedirect(resolve_url(to))
    return redirect(to)


def calendar_url(block, anchor: str | date = "") -> str:
    """The block's calendar at `anchor`, with the week holding it drawn in full."""
    week = _week_of(block, anchor)
    if isinstance(anchor, date):
        anchor = f"day-{anchor.isoformat()}"
    url = reverse("block-detail", args=[block.pk])
    query = f"?show={week}" if week else ""
    return f"{url}{query}#{anchor}" if anchor else url


def undo_form(request, *, url: str, token: str, done: str) -> str:
    """What was done, with its Undo: a form posting the signed token to `url`, which htmx
    sends like the calendar's own forms (a message sits outside #block-page)."""
    return format_html(
        '<form method="post" action="{}" class="d-inline" hx-boost="true"'
        ' hx-target="#block-page" hx-select="#block-page" hx-swap="outerHTML"'
        ' hx-select-oob="#messages">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="undo" value="{}">'
        "{} "
        '<button type="submit" class="btn btn-sm btn-outline-primary">Undo</button></form>',
        url,
        get_token(request),
        token,
        done,
    )


def offer_undo(request, *, url: str, token: str, done: str) -> None:
    """Say what was deleted, with its Undo (undo_form)."""
    messages.success(request, undo_form(request, url=url, token=token, done=done))
