"""The athlete's private calendar feed (docs/running.md §4.11): an iCalendar file at an address
holding a random token, that a calendar app subscribes to without a login.

Every session the athlete may see (`visible_sessions`, §4.10) is an all-day event on its day,
with its stages and their targets in the description, in the athlete's units; the race is a
session too, so race day is an event. The coach's notes the athlete may read go with their
day's sessions (a week's note, or a day's note on a day without a session, is an event of its
own); a private note never does. An event's UID stays with its session, its SEQUENCE is the
session's version (every edit of it bumps that) and LAST-MODIFIED its latest change.

A fixed number of queries, whatever the length of the plan.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vDuration

from athletes.paces import format_duration
from athletes.templatetags.running import hr_range
from athletes.units import distance_name, format_pace_range
from workouts import block_plan
from workouts.athlete_plan import athlete_last_visible_day, visible_sessions
from workouts.models import (
    CalendarFeed,
    CalendarNote,
    NoteVisibility,
    SessionKind,
    new_feed_token,
)
from workouts.notes import AthleteNote, block_last_day, week_dates
from workouts.progression import DEFAULT_RULES
from workouts.selectors import plan_check, session_amounts
from workouts.targets import athlete_today, fitness_by_day, session_target_fitness
from workouts.templatetags.calendar import planned_metres, planned_seconds
from workouts.templatetags.plans import planned_total, stage_amount

PRODID = "-//Coach//Training plan//EN"
# A hint to the apps that honour it (Apple Calendar, Thunderbird); Google ignores it and
# refreshes a subscription when it sees fit, up to a day later.
REFRESH_INTERVAL = timedelta(hours=12)
DAY = timedelta(days=1)


# -- The token -------------------------------------------------------------------------------


def feed_for_athlete(athlete) -> CalendarFeed:
    """The athlete's feed, made with a new token on first need."""
    try:
        return athlete.calendar_feed
    except CalendarFeed.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            feed = CalendarFeed.objects.create(athlete=athlete)
    except IntegrityError:
        # Two first requests at once: the other one made it.
        feed = CalendarFeed.objects.get(athlete=athlete)
    athlete.calendar_feed = feed
    return feed


def feed_token_rotate(*, athlete) -> CalendarFeed:
    """A new token for the athlete's feed: from now on the old address answers 404."""
    feed = feed_for_athlete(athlete)
    with transaction.atomic():
        feed.token = new_feed_token()
        feed.rotated_at = timezone.now()
        feed.save(update_fields=["token", "rotated_at"])
    return feed


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed of this token with its athlete (and what their today is read from); None
    for a token that is no one's, or no longer."""
    feeds = CalendarFeed.objects.select_related("athlete__user", "athlete__coach")
    return feeds.filter(token=token).first()


@dataclass(frozen=True)
class FeedLinks:
    """The addresses the athlete's page offers: to subscribe, and to download once."""

    https: str
    webcal: str
    download: str


def feed_links(feed: CalendarFeed) -> FeedLinks:
    url = settings.SITE_URL + reverse("feed-calendar", args=[feed.token])
    return FeedLinks(
        https=url,
        webcal="webcal://" + url.split("://", 1)[1],
        download=url + "?download=1",
    )


# -- The events ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEvent:
    """One all-day event of the feed, from `first_day` to `last_day`."""

    uid: str
    first_day: date
    last_day: date
    sequence: int
    modified: datetime
    summary: str
    description: str


def _host() -> str:
    # The site's own name, not the request's: a UID must not change with the address used.
    return urlsplit(settings.SITE_URL).hostname or "coach"


def feed_events(athlete, *, today: date | None = None) -> list[FeedEvent]:
    """The athlete's visible sessions and readable notes as events, by day."""
    today = today or athlete_today(athlete)
    sessions = list(
        visible_sessions(athlete, today=today)
        .select_related("block")
        .prefetch_related("stages", "block__phases")
    )
    by_day = fitness_by_day(athlete)
    notes = _readable_notes(athlete, last_day=athlete_last_visible_day(athlete, today=today))
    day_notes: dict[date, list[CalendarNote]] = {}
    for note in notes:
        if note.note.date is not None:
            day_notes.setdefault(note.note.date, []).append(note.note)
    plans: dict[int, block_plan.Block | None] = {}
    host = _host()
    events = []
    for session in sessions:
        if session.block_id not in plans:
            plans[session.block_id] = _plan(session.block)
        own_notes = day_notes.get(session.date, [])
        events.append(
            _session_event(
                session,
                plan=plans[session.block_id],
                fitness=session_target_fitness(session, by_day),
                units=athlete.units,
                notes=own_notes,
                host=host,
            )
        )
    session_days = {session.date for session in sessions}
    events += [
        _note_event(note, host=host)
        for note in notes
        if note.is_week or note.note.date not in session_days
    ]
    return sorted(events, key=lambda e: (e.first_day, e.last_day, e.uid))


def _plan(block) -> block_plan.Block | None:
    try:
        return block.as_value()
    except ValueError:  # phases left incomplete: the weeks have no phase to name
        return None


def _readable_notes(athlete, *, last_day: date | None) -> list[AthleteNote]:
    """The notes the athlete may read (never a private one) on the days they see, in the
    order they were written."""
    notes = CalendarNote.objects.filter(
        block__athlete=athlete, visibility=NoteVisibility.ATHLETE
    ).select_related("block")
    readable = []
    for note in notes.order_by("created_at", "pk"):
        block = note.block
        first, last = (note.date, note.date) if note.date else week_dates(block, note.week)
        # A week left past the block's end (its recovery weeks shortened) is off the calendar.
        if last > block_last_day(block) or (last_day is not None and first > last_day):
            continue
        readable.append(AthleteNote(note=note, block=block, first_day=first, last_day=last))
    return readable


def week_name(plan: block_plan.Block | None, day: date) -> str:
    """ "Transition, week 9 of 18", "Recovery week 1 of 2"; blank outside the block."""
    week = plan.calendar_week_of(day) if plan else None
    if week is None:
        return ""
    if week.index > plan.n_weeks:
        return f"Recovery week {week.index - plan.n_weeks} of {plan.recovery_weeks}"
    phase = block_plan.WEEK_NAMES[plan.phase_of(week.index)].capitalize()
    return f"{phase}, week {week.index} of {plan.n_weeks}"


def _amount(session, duration_s, distance_m, is_estimate, units) -> str:
    """How long the session is, as its calendar chip says it: "12 km · ≈ 1 h 5 min"."""
    parts = []
    if distance_m:
        parts.append(planned_metres(distance_m, units))
    if duration_s:
        if session.kind == SessionKind.RACE:
            parts.append(f"goal {format_duration(duration_s)}")
        else:
            parts.append(("≈ " if is_estimate else "") + planned_seconds(duration_s))
    return " · ".join(parts)


def _summary(session, amount: str) -> str:
    kind = session.get_kind_display()
    summary = kind
    if session.title and session.title != kind:
        summary = f"{kind}: {session.title}"
    if amount:
        summary = f"{summary} · {amount}"
    if session.skipped_reason:
        summary = f"Not run ({session.get_skipped_reason_display()}): {summary}"
    return summary


def stage_lines(stages, *, fitness, units: str) -> list[str]:
    """Each stage with its target pace and heart rate as the athlete runs it, then the total:
    "1. 30 min easy: 5:20–5:50 /km, 128–140 bpm"."""
    check = plan_check(list(stages), phase=None, rules=DEFAULT_RULES, fitness=fitness, unit=units)
    lines = []
    for row in check.stages:
        targets = []
        if row.pace:
            targets.append(format_pace_range(row.pace.fast_s_per_km, row.pace.slow_s_per_km, units))
        if row.hr:
            targets.append(hr_range(row.hr))
        if row.is_estimate:
            targets.append(f"about {format_duration(row.duration_s)}")
        line = f"{row.index + 1}. {stage_amount(row.stage, units)} {row.stage.zone or 'at pace'}"
        lines.append(line + (f": {', '.join(targets)}" if targets else ""))
    total = f"{planned_total(check, units)} in all"
    if check.is_estimate and check.duration_s is not None:
        total += f", about {format_duration(check.duration_s)}"
    return [*lines, total]


def _session_event(session, *, plan, fitness, units, notes, host) -> FeedEvent:
    stages = session.stage_values()
    duration_s, distance_m, is_estimate = session_amounts(session, stages, fitness.checker_paces)
    block = session.block
    lines = [f"{block.race_name}: {name}" if (name := week_name(plan, session.date)) else ""]
    if session.kind == SessionKind.RACE:
        metres = session.race_distance_m if session.priority else block.race_distance_m
        if metres:
            lines.append(f"Race: {distance_name(metres, units)}")
    if stages:
        lines += ["", *stage_lines(stages, fitness=fitness, units=units)]
        if session.targets_frozen_on:
            lines.append(f"Targets as of {_day(session.targets_frozen_on)}.")
    if session.skipped_reason:
        lines += ["", f"Not run: {session.get_skipped_reason_display()}."]
    if session.notes.strip():
        lines += ["", session.notes.strip()]
    for note in notes:
        lines += ["", "From your coach:", note.text]
    modified = max([session.updated_at, *(note.updated_at for note in notes)])
    return FeedEvent(
        uid=f"session-{session.pk}@{host}",
        first_day=session.date,
        last_day=session.date,
        sequence=session.version,
        modified=modified,
        summary=_summary(session, _amount(session, duration_s, distance_m, is_estimate, units)),
        description="\n".join(lines).strip(),
    )


def _note_event(note: AthleteNote, *, host) -> FeedEvent:
    where = note.week_label if note.is_week else ""
    return FeedEvent(
        uid=f"note-{note.note.pk}@{host}",
        first_day=note.first_day,
        last_day=note.last_day,
        sequence=0,
        modified=note.note.updated_at,
        summary=f"From your coach ({where})" if where else "From your coach",
        description=f"{note.block.race_name}\n\n{note.note.text}",
    )


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


# -- The file --------------------------------------------------------------------------------


def feed_calendar(athlete, events: list[FeedEvent]) -> bytes:
    """The events as an iCalendar file (RFC 5545): all-day events, free time (a run does not
    make the athlete busy all day)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Training plan")
    calendar.add("x-wr-caldesc", f"{athlete.full_name}'s sessions from {athlete.coach}")
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    page = settings.SITE_URL + reverse("me")
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstart", item.first_day)
        event.add("dtend", item.last_day + DAY)  # all-day: the day after, exclusive
        event.add("sequence", item.sequence)
        modified = item.modified.astimezone(UTC)
        event.add("dtstamp", modified)
        event.add("last-modified", modified)
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        event.add("url", page)
        calendar.add_component(event)
    return calendar.to_ical()
