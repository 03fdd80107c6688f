"""An athlete's availability (docs/running.md §4.5): the longest session on each weekday of
their default week, and date ranges that override it (away: no training; limited: a longest
session), entered by the athlete or their coach. The placement rules read them through
`placement_inputs`, so every check of a block (its calendar, a move, a bulk edit) sees them;
the block calendar marks the days with `with_availability`."""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db import transaction

from athletes.models import Athlete, Weekday
from workouts.models import AvailabilityRange, AvailabilityReason, AvailabilityStatus
from workouts.targets import athlete_today

LONGEST_MIN = 1
LONGEST_MAX = 600
# How far back and ahead of the athlete's today a range may lie, and how long it may last:
# further is a typo of the year.
PAST_DAYS = 366
AHEAD_DAYS = 2 * 366
LONGEST_RANGE_DAYS = 366


class AvailabilityRejected(Exception):
    """The range or the week breaks a rule; nothing was saved."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _span(availability: AvailabilityRange) -> str:
    if availability.start == availability.end:
        return _day(availability.start)
    return f"{_day(availability.start)} – {_day(availability.end)}"


# -- Selectors ------------------------------------------------------------------------------


def athlete_ranges(athlete: Athlete, *, start: date | None = None, end: date | None = None):
    """The athlete's ranges, by first day; with `start`/`end`, those touching those days."""
    ranges = AvailabilityRange.objects.filter(athlete=athlete)
    if start is not None:
        ranges = ranges.filter(end__gte=start)
    if end is not None:
        ranges = ranges.filter(start__lte=end)
    return ranges.order_by("start", "pk")


def get_range_for_athlete(athlete: Athlete, pk: int) -> AvailabilityRange | None:
    return AvailabilityRange.objects.filter(athlete=athlete, pk=pk).first()


def placement_inputs(athlete: Athlete, ranges) -> dict:
    """What `block_plan.check_placement` needs of the athlete's availability."""
    return {
        "unavailable": [availability.as_value() for availability in ranges],
        "longest_by_weekday": athlete.longest_by_weekday,
    }


def block_placement_inputs(block) -> dict:
    """`placement_inputs` for the ranges touching the block's calendar (one query)."""
    ranges = list(athlete_ranges(block.athlete, start=block.start, end=block.end))
    return placement_inputs(block.athlete, ranges)


def away_days(ranges, *, start: date, end: date) -> set[date]:
    """The days from `start` to `end` the athlete cannot train at all (a re-plan skips them)."""
    days = set()
    for availability in ranges:
        if availability.is_limited:
            continue
        day = max(availability.start, start)
        while day <= min(availability.end, end):
            days.add(day)
            day += timedelta(days=1)
    return days


@dataclass(frozen=True)
class DayAvailability:
    """What the calendar shows of a day in a range: its badge, and the range."""

    range: AvailabilityRange
    first_day: date  # the range's first day inside the block (the re-plan's ?from=)

    @property
    def label(self) -> str:
        return self.range.label


def with_availability(weeks: tuple, ranges, *, block_start: date) -> tuple:
    """The calendar's weeks (selectors.CalendarWeek) with each day's range, if any."""
    by_day = {}
    for availability in ranges:
        first = max(availability.start, block_start)
        mark = DayAvailability(range=availability, first_day=first)
        day = availability.start
        while day <= availability.end:
            by_day.setdefault(day, mark)
            day += timedelta(days=1)
    if not by_day:
        return weeks
    return tuple(
        replace(
            week,
            days=tuple(replace(day, availability=by_day.get(day.date)) for day in week.days),
        )
        for week in weeks
    )


# -- Services -------------------------------------------------------------------------------


def _range_problems(*, athlete, availability, start, end, status, longest_min, reason) -> list[str]:
    problems = []
    if status not in AvailabilityStatus.values:
        problems.append("Choose away (no training) or limited (a shorter session).")
    if reason not in AvailabilityReason.values:
        problems.append("Choose why: travel, ill, injured or other.")
    if start is None or end is None:
        problems.append("Give the first and the last day, as dates.")
        return problems
    if end < start:
        problems.append(
            f"The range ends before it starts: {_day(end)} is before {_day(start)}. "
            "Give the last day on or after the first."
        )
        return problems
    today = athlete_today(athlete)
    if start < today - timedelta(days=PAST_DAYS) or end > today + timedelta(days=AHEAD_DAYS):
        problems.append(
            f"Give days from a year back to two years ahead ({_day(today - timedelta(days=PAST_DAYS))}"
            f" – {_day(today + timedelta(days=AHEAD_DAYS))}): check the year."
        )
    elif (end - start).days + 1 > LONGEST_RANGE_DAYS:
        problems.append("A range lasts at most a year: mark a longer time as several ranges.")
    if status == AvailabilityStatus.LIMITED:
        if longest_min is None:
            problems.append("A limited range needs its longest session, in minutes.")
        elif not LONGEST_MIN <= longest_min <= LONGEST_MAX:
            problems.append(
                f"The longest session is {LONGEST_MIN} to {LONGEST_MAX} minutes, not {longest_min}."
            )
    others = athlete_ranges(athlete, start=start, end=end)
    if availability is not None:
        others = others.exclude(pk=availability.pk)
    for other in others:
        problems.append(
            f"It overlaps “{other.label}” ({_span(other)}): change or delete that one, or "
            "choose other days."
        )
    return problems


def availability_range_save(
    *,
    athlete: Athlete,
    by,
    start: date | None,
    end: date | None,
    status: str,
    reason: str,
    longest_min: int | None = None,
    note: str = "",
    availability: AvailabilityRange | None = None,
) -> AvailabilityRange:
    """Add a range to the athlete's availability, or change one; refused with every problem
    (AvailabilityRejected) and nothing saved when the days make no sense or overlap another
    range. An away range keeps no longest session. The coach is told when the athlete marks or
    changes it (a save of what is stored changes nothing and tells no one).
    """
    problems = _range_problems(
        athlete=athlete,
        availability=availability,
        start=start,
        end=end,
        status=status,
        longest_min=longest_min,
        reason=reason,
    )
    if problems:
        raise AvailabilityRejected(problems)
    fields = {
        "start": start,
        "end": end,
        "status": status,
        "reason": reason,
        "longest_min": longest_min if status == AvailabilityStatus.LIMITED else None,
        "note": note.strip(),
    }
    with transaction.atomic():
        if availability is None:
            availability = AvailabilityRange.objects.create(
                athlete=athlete, created_by=by, **fields
            )
            what = "marked"
        elif all(getattr(availability, name) == value for name, value in fields.items()):
            return availability  # saved unchanged: nothing to store, no one to tell
        else:
            for name, value in fields.items():
                setattr(availability, name, value)
            availability.save()
            what = "changed"
        availability_marked(availability=availability, by=by, what=what)
    return availability


def availability_range_delete(*, availability: AvailabilityRange, by) -> None:
    with transaction.atomic():
        availability_marked(availability=availability, by=by, what="deleted")
        availability.delete()


def availability_week_save(*, athlete: Athlete, longest: dict[int, int | None]) -> None:
    """Set the longest session on each weekday (minutes; None: no limit)."""
    problems = []
    kept = {}
    for day, minutes in sorted(longest.items()):
        if day not in Weekday.values:
            problems.append(f"Weekdays are 0 (Monday) to 6 (Sunday), not {day!r}.")
        elif minutes is not None and not LONGEST_MIN <= minutes <= LONGEST_MAX:
            name = Weekday(day).label
            problems.append(
                f"The longest session on {name} is {LONGEST_MIN} to {LONGEST_MAX} minutes, "
                f"not {minutes}."
            )
        elif minutes is not None:
            kept[str(day)] = minutes
    if problems:
        raise AvailabilityRejected(problems)
    athlete.longest_minutes = kept
    athlete.save(update_fields=["longest_minutes"])


# -- Word to the coach (the email is workouts/plan_emails.py's) -----------------------------


def availability_marked(*, availability: AvailabilityRange, by, what: str) -> None:
    """Tell the coach when the athlete marks, changes or deletes a range (`what`); a coach's
    own entry tells no one. Runs inside the saving transaction: the email goes on commit."""
    athlete = availability.athlete
    if by is None or by.pk != athlete.user_id:
        return
    from workouts.plan_emails import coach_notice_send

    line = f"{availability.label}, {_span(availability)}"
    if availability.is_limited:
        line += f" ({availability.get_reason_display()})"
    if availability.note:
        line += f": {availability.note}"
    coach_notice_send(
        coach=athlete.coach,
        athlete=athlete,
        subject=f"{athlete.full_name} {what} their availability: {availability.label}",
        lines=[line],
    )
