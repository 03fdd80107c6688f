"""The athlete's own pages (docs/running.md §4.10): their landing page (today, the days of this
week gone by, or last week's on its first day, the rest of this week, the next four weeks) and
one session's page, each session's stages with the targets the
athlete runs them to, in their units. Every session is read through
`athlete_plan.visible_sessions`, so what the coach hides never shows; the coach's notes come
with their days and weeks, never a private one, and none past the last visible day.

Past sessions show what was logged of them, and the days gone by their unplanned runs
(workouts/log_states.py, docs/running.md §3.11).

A fixed number of queries whatever the length of the athlete's blocks: their blocks and
phases, the sessions of the window with their stages, their results and hand-set zones (once),
the logged runs, and the notes."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, prefetch_related_objects
from django.shortcuts import get_object_or_404

from athletes.fitness import Fitness
from athletes.models import PlanVisibility
from workouts import block_plan, targets
from workouts.athlete_plan import athlete_last_visible_day, visible_sessions
from workouts.log_states import LoggedRun, LogState, calendar_logs
from workouts.models import MAX_RECOVERY_WEEKS, Block, CalendarNote, NoteVisibility
from workouts.notes import notes_for_athlete
from workouts.progression import DEFAULT_RULES
from workouts.selectors import PlanCheck, plan_check, session_amounts

WEEK = timedelta(days=7)
# The landing page shows this many whole weeks after the current one.
WEEKS_AHEAD = 4


def week_context(plan: block_plan.Block, day: date) -> str:
    """Where a day sits in its block, as a runner says it: "Transition, week 9 of 18",
    "Recovery week 1 of 2"; "" outside the block's calendar."""
    week = plan.calendar_week_of(day)
    if week is None:
        return ""
    if week.index > plan.n_weeks:
        return f"Recovery week {week.index - plan.n_weeks} of {plan.recovery_weeks}"
    phase = block_plan.WEEK_NAMES[plan.phase_of(week.index)]
    return f"{phase[0].upper()}{phase[1:]}, week {week.index} of {plan.n_weeks}"


@dataclass(frozen=True)
class AthleteSession:
    """A session as the athlete reads it: its stages resolved to their targets (its frozen
    snapshot once its day has passed, else their fitness as of its day, §3.7)."""

    session: object  # PlannedSession, its block and stages at hand
    check: PlanCheck
    fitness: Fitness
    duration_s: float | None
    distance_m: float | None
    is_estimate: bool
    context: str
    # What was logged of it, or why not (workouts/log_states.py).
    state: LogState | None = None

    @property
    def is_race(self) -> bool:
        return self.session.kind == "race"

    @property
    def is_race_day(self) -> bool:
        """The block's own race, on race day (a B or C race is a race but not race day)."""
        return self.is_race and self.session.date == self.session.block.race_date

    @property
    def is_progression(self) -> bool:
        return self.session.kind in block_plan.PROGRESSION_KINDS

    @property
    def stages(self) -> tuple:
        return tuple(row.stage for row in self.check.stages)

    @property
    def paces(self):
        return self.check.paces


@dataclass(frozen=True)
class PlanDay:
    date: date
    sessions: tuple[AthleteSession, ...]
    notes: tuple[CalendarNote, ...]
    is_today: bool = False
    # Runs logged on the day that no session was planned for.
    runs: tuple[LoggedRun, ...] = ()

    @property
    def is_race_day(self) -> bool:
        return any(entry.is_race_day for entry in self.sessions)


@dataclass(frozen=True)
class PlanWeek:
    """A week of the athlete's plan: the days holding a session or a note, and the week's
    notes. `context` is where it sits in a block ("Base, week 3 of 18"), if it does."""

    start: date
    end: date
    context: str
    days: tuple[PlanDay, ...]
    notes: tuple[CalendarNote, ...]

    @property
    def n_sessions(self) -> int:
        return sum(len(day.sessions) for day in self.days)


@dataclass(frozen=True)
class AthleteLanding:
    today: PlanDay
    today_context: str
    this_week: PlanWeek  # the days after today to the end of the week
    weeks: tuple[PlanWeek, ...]  # the next four
    last_visible_day: date | None
    visibility: str
    visible_until: date | None
    visible_days: int | None
    # The days of this week before today, or on its first day last week's, with what was
    # logged of their sessions and their unplanned runs; its title says which.
    gone_by: PlanWeek | None = None
    gone_by_title: str = ""

    @property
    def has_sessions(self) -> bool:
        return bool(self.today.sessions) or any(
            week.n_sessions for week in (self.this_week, *self.weeks)
        )

    @property
    def is_limited(self) -> bool:
        return self.visibility != PlanVisibility.ALL


def athlete_session(
    session, *, by_day, plan: block_plan.Block | None, state: LogState | None = None
) -> AthleteSession:
    """One session with its stages at the athlete's targets (any kind: an easy run's stages
    too), and what was logged of it; `session.block` and its stages must be at hand."""
    fitness = targets.session_target_fitness(session, by_day)
    stages = session.stage_values()
    # Rules judge nothing here: the athlete reads targets, not the coach's findings.
    check = plan_check(
        stages, phase=None, rules=DEFAULT_RULES, fitness=fitness, unit=session.block.athlete.units
    )
    duration_s, distance_m, is_estimate = session_amounts(session, stages, check.paces)
    return AthleteSession(
        session=session,
        check=check,
        fitness=fitness,
        duration_s=duration_s,
        distance_m=distance_m,
        is_estimate=is_estimate,
        context=week_context(plan, session.date) if plan else "",
        state=state,
    )


def _blocks_around(athlete, first: date, last: date) -> dict[int, Block]:
    """The athlete's blocks whose calendar meets the days first to last, phases prefetched."""
    longest = timedelta(weeks=block_plan.MAX_WEEKS)
    blocks = Block.objects.filter(
        athlete=athlete,
        race_date__gte=first - MAX_RECOVERY_WEEKS * WEEK,
        race_date__lte=last + longest,
    )
    found = [b for b in blocks.prefetch_related("phases") if b.start <= last and b.end >= first]
    for block in found:
        block.athlete = athlete
    return {block.pk: block for block in found}


def _week_start(day: date, blocks: list[Block]) -> date:
    """The first day of the week holding `day`: weeks as the block holding it (or the next
    block) counts them, else Monday to Sunday."""
    holding = [b for b in blocks if b.start <= day <= b.end]
    ahead = sorted((b for b in blocks if b.start > day), key=lambda b: b.start)
    anchor = (holding or ahead or [None])[0]
    if anchor is None:
        return day - timedelta(days=day.weekday())
    return day - timedelta(days=(day - anchor.start).days % 7)


def _context_on(day: date, plans: dict[int, block_plan.Block]) -> str:
    for plan in plans.values():
        if text := week_context(plan, day):
            return text
    return ""


def athlete_landing(athlete, *, today: date | None = None) -> AthleteLanding:
    """The athlete's landing page: today's sessions, the rest of this week, the next four
    weeks, each day's and week's notes; nothing past the last day the coach shows. Before
    today: the days of this week gone by (last week's on its first day), each session with
    what was logged of it, and the runs no session was planned for."""
    today = today or targets.athlete_today(athlete)
    last_visible = athlete_last_visible_day(athlete, today=today)
    horizon = today + (WEEKS_AHEAD + 1) * WEEK
    blocks = _blocks_around(athlete, today - WEEK, horizon)
    week_start = _week_start(today, list(blocks.values()))
    first_gone = week_start if week_start < today else today - WEEK
    window_end = week_start + (WEEKS_AHEAD + 1) * WEEK - timedelta(days=1)
    shown_until = min(window_end, last_visible) if last_visible else window_end
    plans = {pk: block.as_value() for pk, block in blocks.items()}

    sessions = list(
        visible_sessions(athlete, today=today)
        .filter(date__gte=first_gone, date__lte=shown_until)
        .select_related("block")
        .prefetch_related("stages")
    )
    logs = calendar_logs(
        sessions, athlete_ids=[athlete.pk], start=first_gone, end=today, today=today
    )
    by_day_fitness = targets.fitness_by_day(athlete)
    by_day = defaultdict(list)
    for session in sessions:
        session.block = blocks.get(session.block_id, session.block)
        session.block.athlete = athlete
        plan = plans.get(session.block_id)
        state = logs.state(session)
        entry = athlete_session(session, by_day=by_day_fitness, plan=plan, state=state)
        by_day[session.date].append(entry)

    day_notes, week_notes = defaultdict(list), []
    ahead = (shown_until - today).days
    for entry in notes_for_athlete(athlete, today=today, days_ahead=ahead) if ahead >= 0 else ():
        if entry.is_week:
            week_notes.append(entry)
        elif today <= entry.first_day <= shown_until:
            day_notes[entry.first_day].append(entry.note)

    spans = [
        (week_start + k * WEEK, week_start + (k + 1) * WEEK - timedelta(days=1))
        for k in range(WEEKS_AHEAD + 1)
        if k == 0 or week_start + k * WEEK <= shown_until
    ]
    by_week = defaultdict(list)
    for entry in week_notes:
        # A week note goes with the first week shown that it meets.
        meets = [i for i, (first, last) in enumerate(spans) if entry.first_day <= last]
        if meets and entry.last_day >= spans[0][0] and entry.first_day <= shown_until:
            by_week[meets[0]].append(entry.note)

    def week(index: int, *, from_day: date) -> PlanWeek:
        first, last = spans[index]
        days, day = [], from_day
        while day <= min(last, shown_until):
            if by_day.get(day) or day_notes.get(day):
                days.append(PlanDay(day, tuple(by_day.get(day, ())), tuple(day_notes[day])))
            day += timedelta(days=1)
        context = _context_on(first, plans) or _context_on(last, plans)
        return PlanWeek(first, last, context, tuple(days), tuple(by_week[index]))

    this_week = week(0, from_day=today + timedelta(days=1))
    later = tuple(week(i, from_day=spans[i][0]) for i in range(1, len(spans)))
    today_entry = PlanDay(
        today,
        tuple(by_day.get(today, ())),
        tuple(day_notes.get(today, ())),
        is_today=True,
        runs=logs.runs_on(athlete.pk, today),
    )
    gone_by_days = []
    for offset in range((today - first_gone).days):
        day = first_gone + timedelta(days=offset)
        runs = logs.runs_on(athlete.pk, day)
        if by_day.get(day) or runs:
            gone_by_days.append(PlanDay(day, tuple(by_day.get(day, ())), (), runs=runs))
    last_gone = today - timedelta(days=1)
    context = _context_on(first_gone, plans) or _context_on(last_gone, plans)
    gone_by = PlanWeek(first_gone, last_gone, context, tuple(gone_by_days), ())
    return AthleteLanding(
        today=today_entry,
        today_context=_context_on(today, plans),
        this_week=this_week,
        weeks=later,
        last_visible_day=last_visible,
        visibility=athlete.plan_visibility,
        visible_until=athlete.plan_visible_until,
        visible_days=athlete.plan_visible_days,
        gone_by=gone_by,
        gone_by_title="Earlier this week" if first_gone == week_start else "Last week",
    )


@dataclass(frozen=True)
class AthleteSessionPage:
    entry: AthleteSession
    day_notes: tuple[CalendarNote, ...]
    week_notes: tuple[CalendarNote, ...]


def get_visible_session(athlete, pk: int, *, today: date | None = None):
    """One of the athlete's sessions they may see; another's, or a hidden one, is a 404."""
    sessions = visible_sessions(athlete, today=today).select_related("block")
    return get_object_or_404(sessions, pk=pk)


def athlete_session_page(athlete, session) -> AthleteSessionPage:
    """A session's page for its athlete: its stages and targets, its day's and its week's
    notes from the coach (never a private one)."""
    block = session.block
    block.athlete = athlete
    prefetch_related_objects([block], "phases")
    prefetch_related_objects([session], "stages")
    plan = block.as_value()
    entry = athlete_session(session, by_day=targets.fitness_by_day(athlete), plan=plan)
    week = plan.calendar_week_of(session.date)
    on = Q(date=session.date) | (Q(week=week.index) if week else Q(pk__in=[]))
    notes = CalendarNote.objects.filter(on, block=block, visibility=NoteVisibility.ATHLETE)
    notes = list(notes.order_by("created_at", "pk"))
    return AthleteSessionPage(
        entry=entry,
        day_notes=tuple(n for n in notes if n.date is not None),
        week_notes=tuple(n for n in notes if n.date is None),
    )
