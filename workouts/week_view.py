"""The coach's week across their athletes: one row an athlete, seven days from the coach's
first weekday, each athlete's sessions with their planned time and distance and what was
logged of them, the runs no session was planned for, and the block week the row falls in
(docs/running.md §4.8, §3.11)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils import dateformat

from athletes.access import coach_athletes
from athletes.models import Athlete
from athletes.paces import format_duration
from workouts import block_plan
from workouts.log_states import LoggedRun, LogState, calendar_logs
from workouts.models import (
    MAX_RECOVERY_WEEKS,
    Block,
    BlockPhaseSpan,
    PlannedSession,
    SessionStage,
)
from workouts.selectors import session_amounts
from workouts.targets import fitness_by_day, session_target_fitness
from workouts.templatetags.calendar import planned_metres, planned_seconds

WEEK = timedelta(days=7)
# The dates a week can start on: wide enough for any plan, and prev/next stay real dates.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def week_start(day: date, first_weekday: int) -> date:
    """The first day of the week holding `day`, weeks starting on `first_weekday`
    (0 = Monday … 6 = Sunday)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def parse_week_day(text: str) -> tuple[date | None, str | None]:
    """A day of the week to show, as `?start=` gives it (YYYY-MM-DD), or why it is not one."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return None, f"“{text}” is not a date: choose a day as YYYY-MM-DD. Showing this week."
    if not FIRST_DAY <= day <= LAST_DAY:
        return None, (
            f"{day.isoformat()} is too far off: choose a day from {FIRST_DAY.year} to "
            f"{LAST_DAY.year}. Showing this week."
        )
    return day, None


def planned_amount(duration_s, distance_m, units, *, is_estimate=False, goal=False) -> str:
    """What is planned, as far as it is known: "12 km · ≈ 1 h 5 min", "45 min", a race's
    "42.2 km · goal 3:05:00"; "" for nothing. Worked out here, not by filters in the
    template: a row of the week view costs less to draw."""
    time = ""
    if duration_s:
        estimate = "≈ " if is_estimate else ""
        time = (
            f"goal {format_duration(duration_s)}"
            if goal
            else estimate + planned_seconds(duration_s)
        )
    distance = planned_metres(distance_m, units) if distance_m else ""
    return " · ".join(part for part in (distance, time) if part)


@dataclass(frozen=True)
class WeekSession:
    """A session as its day in the week view shows it."""

    session: PlannedSession
    # Its day on the block's calendar.
    url: str
    units: str
    # What its distance stages are timed by (None: no stage needs it, or no paces known).
    paces: dict | None
    stages: tuple
    duration_s: float | None
    distance_m: float | None
    is_estimate: bool
    # What was logged of it, or why not (workouts/log_states.py).
    state: LogState | None = None

    @property
    def is_progression(self) -> bool:
        return self.session.kind in block_plan.PROGRESSION_KINDS

    @property
    def amount(self) -> str:
        goal = self.session.kind == "race"
        return planned_amount(
            self.duration_s, self.distance_m, self.units, is_estimate=self.is_estimate, goal=goal
        )


@dataclass(frozen=True)
class WeekDay:
    date: date
    # "2027-03-08" and "Mon 8 Mar", formatted once for the week, not once a row.
    iso: str
    label: str
    sessions: tuple[WeekSession, ...]
    is_today: bool
    # Runs logged on the day that no session was planned for.
    runs: tuple[LoggedRun, ...] = ()


@dataclass(frozen=True)
class BlockWeekLabel:
    """Which week of which block a row's week is: "Transition · week 9 of 18", or after race
    day "Recovery week 1 of 2" (its index then past n_weeks, as on the block calendar)."""

    block: Block
    index: int
    phase: str | None
    url: str = ""

    @property
    def text(self) -> str:
        block = self.block
        if self.index > block.n_weeks:
            return f"Recovery week {self.index - block.n_weeks} of {block.recovery_weeks}"
        week = f"week {self.index} of {block.n_weeks}"
        return f"{block_plan.PHASE_NAMES[self.phase].capitalize()} · {week}" if self.phase else week

    @property
    def week_url(self) -> str:
        """The block's calendar at this week's row."""
        return f"{self.url}?show={self.index}#week-{self.index}"  # drawn in full there


@dataclass(frozen=True)
class AthleteWeek:
    athlete: Athlete
    url: str
    blocks: tuple[BlockWeekLabel, ...]
    days: tuple[WeekDay, ...]
    duration_s: float
    distance_m: float
    is_estimate: bool

    @property
    def units(self) -> str:
        return self.athlete.units

    @property
    def n_sessions(self) -> int:
        return sum(len(day.sessions) for day in self.days)

    @property
    def totals(self) -> str:
        return planned_amount(
            self.duration_s, self.distance_m, self.units, is_estimate=self.is_estimate
        )


@dataclass(frozen=True)
class CoachWeek:
    start: date
    today: date
    first_weekday: int
    rows: tuple[AthleteWeek, ...]

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(self.start + timedelta(days=i) for i in range(7))

    @property
    def previous(self) -> date:
        return self.start - WEEK

    @property
    def next(self) -> date:
        return self.start + WEEK

    @property
    def this_week(self) -> date:
        return week_start(self.today, self.first_weekday)

    @property
    def is_current(self) -> bool:
        return self.start == self.this_week


def block_week_label(block: Block, start: date, *, phases=None, url: str = "") -> BlockWeekLabel:
    """The block week a displayed week (7 days from `start`) stands for: the one holding its
    middle day, or the block's nearest day when the block begins or ends inside the week.
    Weeks count back from race day (docs/running.md §4.4), recovery weeks on from it; `phases`
    are the block's spans as (phase, first week, last week), read from the block if not given."""
    day = min(max(start + timedelta(days=3), block.start), block.end)
    if day > block.race_date:
        index = block.n_weeks + (day - block.race_date - timedelta(days=1)).days // 7 + 1
        return BlockWeekLabel(block, index, None, url)
    index = block.n_weeks - (block.race_date - day).days // 7
    if phases is None:
        phases = block.phases.values_list("phase", "first_week", "last_week")
    phase = next((name for name, first, last in phases if first <= index <= last), None)
    return BlockWeekLabel(block, index, phase, url)


def coach_week(coach, *, start: date, today: date) -> CoachWeek:
    """Every athlete of the coach for the 7 days from `start`. Eight queries however many
    athletes and sessions: the athletes, their results and hand-set zones (their paces, for
    times of distance stages and the stage strips), the blocks touching the week, their
    phases, the week's sessions and their stages, and its logged runs. Rows the page only reads come as
    tuples, not models: the page's time grows with the athletes, so each row costs little."""
    end = start + timedelta(days=6)
    athletes = list(coach_athletes(coach).prefetch_related("race_results", "zone_overrides"))
    # A block touches the week if it runs into it: it starts at most 30 weeks before its race
    # and may carry recovery weeks after it.
    blocks = list(
        Block.objects.filter(
            athlete__coach=coach,
            race_date__gte=start - MAX_RECOVERY_WEEKS * WEEK,
            race_date__lte=end + block_plan.MAX_WEEKS * WEEK,
        ).order_by("race_date", "pk")
    )
    by_pk = {block.pk: block for block in blocks}
    phases = defaultdict(list)
    spans = BlockPhaseSpan.objects.filter(block__in=list(by_pk))
    for block_id, *span in spans.values_list("block_id", "phase", "first_week", "last_week"):
        phases[block_id].append(span)
    sessions = list(PlannedSession.objects.filter(block__in=list(by_pk), date__range=(start, end)))
    stages = defaultdict(list)
    for stage in SessionStage.objects.filter(session__in=[s.pk for s in sessions]):
        stages[stage.session_id].append(stage.as_value())
    by_block = defaultdict(list)
    for session in sessions:
        session.block = by_pk[session.block_id]  # the amounts read the block's race
        by_block[session.block_id].append((session, tuple(stages[session.pk])))
    # What every row repeats is worked out once: the days' labels, each block's address.
    days = [start + timedelta(days=i) for i in range(7)]
    days = [(day, day.isoformat(), dateformat.format(day, "D j M")) for day in days]
    logs = calendar_logs(
        sessions, athlete_ids=[a.pk for a in athletes], start=start, end=end, today=today
    )
    by_athlete = defaultdict(list)
    for block in blocks:
        url = reverse("block-detail", args=[block.pk])
        by_athlete[block.athlete_id].append((block, url, phases[block.pk], by_block[block.pk]))
    rows = tuple(
        _athlete_week(athlete, by_athlete[athlete.pk], days=days, today=today, logs=logs)
        for athlete in athletes
    )
    return CoachWeek(start=start, today=today, first_weekday=coach.first_weekday, rows=rows)


def _needs_paces(stages) -> bool:
    """Whether a stage's time is only known from the athlete's paces (one by distance)."""
    return any(stage.duration_s is None for stage in stages)


def _athlete_week(athlete, blocks, *, days, today: date, logs) -> AthleteWeek:
    start, end = days[0][0], days[-1][0]
    labels, entries = [], defaultdict(list)
    duration_s = distance_m = 0.0
    estimate = False
    by_day = None
    for block, url, phases, sessions in blocks:
        if block.start <= end and (block.end >= start or sessions):
            labels.append(block_week_label(block, start, phases=phases, url=url))
        for session, stages in sessions:
            paces = None
            if _needs_paces(stages):
                # As on the block calendar: its frozen targets, or the paces as of its day
                # (docs/running.md §3.7); worked out only where a stage's time needs them.
                by_day = by_day or fitness_by_day(athlete)
                paces = session_target_fitness(session, by_day).checker_paces
            week = (session.date - block.start).days // 7 + 1  # drawn in full on the calendar
            day_url = f"{url}?show={week}#day-{session.date.isoformat()}"
            amounts = session_amounts(session, stages, paces)
            entry = WeekSession(
                session, day_url, athlete.units, paces, stages, *amounts, logs.state(session)
            )
            entries[session.date].append(entry)
            if session.skipped_reason:
                continue  # not run: none of its planned time counts
            duration_s += entry.duration_s or 0.0
            distance_m += entry.distance_m or 0.0
            estimate = estimate or entry.is_estimate
    return AthleteWeek(
        athlete=athlete,
        url=reverse("athlete-detail", args=[athlete.pk]),
        blocks=tuple(labels),
        days=tuple(
            WeekDay(
                day,
                iso,
                label,
                tuple(entries.get(day, ())),
                day == today,
                logs.runs_on(athlete.pk, day),
            )
            for day, iso, label in days
        ),
        duration_s=duration_s,
        distance_m=distance_m,
        is_estimate=estimate,
    )
