"""How far ahead an athlete sees their plan (docs/running.md §4.10): everything the coach
planned, the sessions up to a date, or a rolling window of the next days. Sessions past the
last visible day are hidden everywhere: the athlete's pages, calendar feed, watch files and
emails. Days already gone stay visible whatever the setting. No Django here."""

from datetime import date, timedelta

ALL, UNTIL, WINDOW = "all", "until", "window"


def last_visible_day(
    mode: str, *, until: date | None, days: int | None, today: date
) -> date | None:
    """The last day whose sessions the athlete sees, None for no limit.

    "until": the coach's date (days before today stay visible: the athlete ran them);
    "window": today and the `days` after it, so 7 shows a week ahead.
    """
    if mode == ALL:
        return None
    if mode == UNTIL:
        if until is None:
            raise ValueError("sessions up to a date need the date")
        return max(until, today - timedelta(days=1))
    if mode == WINDOW:
        if days is None or days < 1:
            raise ValueError("a rolling window needs at least 1 day")
        return today + timedelta(days=days)
    raise ValueError(f"{mode!r} is not a way of showing the plan")


def is_visible(day: date, last_day: date | None) -> bool:
    return last_day is None or day <= last_day
