"""Reads about plans: a coach's rules, what they say about stages for an athlete, and a block's
calendar."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import prefetch_related_objects

from athletes.fitness import Fitness
from athletes.paces import KM_M, MILE_M, HrRange, PaceRange, format_duration
from workouts import availability, block_plan, targets
from workouts.log_states import LoggedRun, LogState, calendar_logs
from workouts.models import Block, BlockWeek, CoachRules, PlannedSession, SessionKind
from workouts.notes import with_notes
from workouts.plan_text import format_plan
from workouts.progression import (
    DEFAULT_RULES,
    PHASES,
    RULE_SUBJECTS,
    Finding,
    Rules,
    Stage,
    judge_progression,
    stage_duration_s,
)


def coach_rules(coach) -> Rules:
    return coach_rule_sets(coach)[0]


def coach_rule_sets(coach) -> tuple[Rules, block_plan.PlacementRules]:
    """The coach's progression-run rules (§1.3) and placement numbers (§4.5), in one query;
    the defaults for a coach who never saved the rules page."""
    rules = CoachRules.objects.filter(coach=coach).first()
    if rules is None:
        return DEFAULT_RULES, block_plan.DEFAULT_PLACEMENT_RULES
    return rules.as_rules(), rules.as_placement_rules()


@dataclass(frozen=True)
class ResolvedStage:
    """A stage as the chosen athlete would run it, with what the rules say about it."""

    index: int
    stage: Stage
    duration_s: float | None
    pace: PaceRange | None
    hr: HrRange | None
    findings: list[Finding]

    @property
    def is_estimate(self) -> bool:
        """Whether the time is reckoned from a pace (a distance stage), not planned."""
        return self.stage.duration_s is None and self.duration_s is not None


@dataclass(frozen=True)
class PlanCheck:
    findings: list[Finding]
    stages: list[ResolvedStage]
    # The paces the plan was judged by: the athlete's, when all four zones are known.
    paces: dict[str, PaceRange] | None
    # Rule codes the plan could not be judged on with what is known (see judge_progression).
    unjudged: tuple[str, ...] = ()

    @property
    def duration_s(self) -> float | None:
        """The whole run's time, when every stage's is known."""
        durations = [s.duration_s for s in self.stages]
        return None if None in durations else sum(durations)

    @property
    def is_estimate(self) -> bool:
        """Whether the whole run's time is partly reckoned from paces."""
        return any(s.is_estimate for s in self.stages)

    @property
    def has_paces(self) -> bool:
        """Whether any stage has a pace to show (its own, or the athlete's for its zone)."""
        return any(s.pace is not None for s in self.stages)

    @property
    def has_hr(self) -> bool:
        return any(s.hr is not None for s in self.stages)

    @property
    def planned_duration_s(self) -> float | None:
        """The time the stages planned by time add up to; None when none is."""
        durations = [s.stage.duration_s for s in self.stages if s.stage.duration_s is not None]
        return sum(durations) if durations else None

    @property
    def planned_distance_m(self) -> float | None:
        """The distance the stages planned by distance add up to; None when none is."""
        distances = [s.stage.distance_m for s in self.stages if s.stage.distance_m is not None]
        return sum(distances) if distances else None

    @property
    def unjudged_subjects(self) -> str:
        """What could not be checked, as a sentence ends: "the easy share and the finish"."""
        subjects = [RULE_SUBJECTS[code] for code in self.unjudged]
        if len(subjects) < 2:
            return "".join(subjects)
        return f"{', '.join(subjects[:-1])} and {subjects[-1]}"


def plan_check(
    stages: list[Stage],
    *,
    phase: str | None,
    rules: Rules,
    fitness: Fitness | None,
    unit: str = "km",
) -> PlanCheck:
    """The one place that decides which paces judge a plan, so that the editor, the saved
    template and its page always say the same."""
    paces = fitness.checker_paces if fitness else None
    judgement = judge_progression(
        stages, phase=phase if phase in PHASES else None, rules=rules, paces=paces, unit=unit
    )
    findings = judgement.findings
    resolved = []
    for i, stage in enumerate(stages):
        zone = fitness.zones.get(stage.zone) if fitness and stage.zone else None
        resolved.append(
            ResolvedStage(
                index=i,
                stage=stage,
                duration_s=stage_duration_s(stage, paces),
                pace=stage.pace or (zone.pace if zone else None),
                hr=zone.hr if zone else None,
                findings=[f for f in findings if f.stage_index == i],
            )
        )
    return PlanCheck(findings=findings, stages=resolved, paces=paces, unjudged=judgement.unjudged)


# -- The block calendar (docs/running.md §4) -------------------------------------------------

# Zones a week's minutes are counted in, easiest first (the chart stacks them in this order);
# rest, walk and explicit paces are "other".
CALENDAR_ZONES = ("easy", "steady", "marathon", "threshold")


@dataclass(frozen=True)
class CalendarFinding:
    """A finding shown on its day: from the placement rules or the session's own check."""

    code: str
    severity: str
    message: str
    session_pk: int | None = None


@dataclass(frozen=True)
class CalendarSession:
    """A session as its day shows it: stages, what they add up to, and what is said about it."""

    session: PlannedSession
    stages: tuple[Stage, ...]
    duration_s: float | None
    distance_m: float | None
    is_estimate: bool
    findings: tuple[CalendarFinding, ...]
    # What its zones resolve against: its frozen snapshot, or the athlete's as of its day.
    fitness: Fitness | None = None
    # What was logged of it, or why not (workouts/log_states.py, docs/running.md §3.11).
    state: LogState | None = None

    @property
    def is_progression(self) -> bool:
        return self.session.kind in block_plan.PROGRESSION_KINDS

    @property
    def paces(self) -> dict[str, PaceRange] | None:
        """The four progression paces its stages are timed and judged by, when known."""
        return self.fitness.checker_paces if self.fitness else None


@dataclass(frozen=True)
class CalendarDay:
    date: date
    sessions: tuple[CalendarSession, ...]
    findings: tuple[CalendarFinding, ...]
    is_today: bool
    is_race_day: bool
    in_block: bool = True
    # The coach's notes on the day (workouts.notes.with_notes), set after the fact.
    notes: tuple = ()
    # The athlete's range on the day, away or limited (workouts.availability), likewise.
    availability: object = None
    # Runs logged on the day that no session was planned for (docs/running.md §3.11).
    runs: tuple[LoggedRun, ...] = ()

    @property
    def iso(self) -> str:
        """ "2027-02-06": the day's id on the page and its value in links."""
        return self.date.isoformat()


@dataclass(frozen=True)
class CalendarWeek:
    index: int
    n_weeks: int
    phase: str
    start: date
    end: date
    is_current: bool
    days: tuple[CalendarDay, ...]
    duration_s: float
    distance_m: float
    is_estimate: bool
    # Stages whose time is unknown (by distance, without the athlete's paces).
    unknown_stages: int
    zone_minutes: tuple[tuple[str, float], ...]
    other_minutes: float
    n_progressions: int
    # The coach's target and recovery week for it (block_week_targets), set after the fact.
    target: "WeekTarget | None" = None
    # The coach's notes on the week (workouts.notes.with_notes).
    notes: tuple = ()
    # The block's recovery weeks after race day; this week is one of them when its index is
    # past n_weeks (phase "recovery").
    recovery_weeks: int = 0

    @property
    def is_recovery(self) -> bool:
        return self.index > self.n_weeks

    @property
    def label(self) -> str:
        if self.is_recovery:
            return f"Recovery week {self.index - self.n_weeks} of {self.recovery_weeks}"
        return f"Week {self.index} of {self.n_weeks}"

    @property
    def number(self) -> str:
        """ "9", or "R1" for the first recovery week: the week in a chart or an export."""
        return f"R{self.index - self.n_weeks}" if self.is_recovery else str(self.index)

    @property
    def phase_name(self) -> str:
        return block_plan.WEEK_NAMES[self.phase]

    @property
    def planned_minutes(self) -> float:
        return sum(minutes for _, minutes in self.zone_minutes) + self.other_minutes


@dataclass(frozen=True)
class BlockCalendar:
    block: Block
    plan: block_plan.Block
    units: str
    today: date
    weeks: tuple[CalendarWeek, ...]
    findings: tuple[CalendarFinding, ...]
    fitness: Fitness
    # Progression runs a proposal would replace (unlocked ones): the button says so.
    replaceable: int

    @property
    def current_week(self) -> CalendarWeek | None:
        """The block week holding today ("week 9 of 18"); None in the recovery weeks."""
        return next((w for w in self.weeks if w.is_current and not w.is_recovery), None)

    @property
    def max_week_minutes(self) -> float:
        return max((week.planned_minutes for week in self.weeks), default=0.0)

    @property
    def phase_spans(self) -> tuple[block_plan.PhaseSpan, ...]:
        return self.plan.phases

    @property
    def n_progressions(self) -> int:
        return sum(week.n_progressions for week in self.weeks)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity != "error")


def session_amounts(session, stages, paces) -> tuple[float | None, float | None, bool]:
    """A session's planned time and distance as a calendar shows them, and whether the time
    is partly reckoned from paces: what its stages add up to, or a race's own distance and
    goal time."""
    durations = [stage_duration_s(stage, paces) for stage in stages]
    known = [d for d in durations if d is not None]
    distances = [s.distance_m for s in stages if s.distance_m is not None]
    duration_s = sum(known) if known else None
    distance_m = sum(distances) if distances else None
    is_estimate = any(s.duration_s is None for s in stages) and bool(known)
    if session.kind == "race" and session.priority:
        distance_m, duration_s = session.race_distance_m, None  # a B or C race: its own
    elif session.kind == "race":
        # The race is planned too: its distance, and its time when the coach set a goal.
        distance_m = session.block.race_distance_m
        duration_s = session.block.goal_time_s
    return duration_s, distance_m, is_estimate


def _calendar_session(
    session, *, rules, fitness, paces, units, placement, state=None
) -> CalendarSession:
    stages = tuple(session.stage_values())
    duration_s, distance_m, is_estimate = session_amounts(session, stages, paces)
    findings = [
        CalendarFinding(f.code, f.severity, f.message, session.pk)
        for f in placement.get(session.pk, ())
    ]
    if session.kind in block_plan.PROGRESSION_KINDS and stages:
        # Without the phase: placement's phase-mismatch judges the run in its day's phase.
        check = plan_check(list(stages), phase=None, rules=rules, fitness=fitness, unit=units)
        findings += [
            CalendarFinding(f.code, f.severity, f.message, session.pk) for f in check.findings
        ]
    return CalendarSession(
        session=session,
        stages=stages,
        duration_s=duration_s,
        distance_m=distance_m,
        is_estimate=is_estimate,
        findings=tuple(sorted(findings, key=lambda f: f.severity != "error")),
        fitness=fitness,
        state=state,
    )


def _placement_by_session(findings, sessions) -> tuple[dict, list]:
    """Each placement finding on the session it is about (a progression run of its day, or
    else the day's first session); findings of a day without sessions stay on the day."""
    by_day = defaultdict(list)
    for session in sessions:
        by_day[session.date].append(session)
    by_session, loose = defaultdict(list), []
    for finding in findings:
        day = by_day.get(finding.date, [])
        runs = [s for s in day if s.kind in block_plan.PROGRESSION_KINDS] or day
        if runs:
            by_session[runs[0].pk].append(finding)
        else:
            loose.append(finding)
    return by_session, loose


def block_calendar(block, *, today: date) -> BlockCalendar:
    """The block's calendar for its coach: every week with its days, sessions and findings,
    the week's planned time, distance and minutes per zone. A fixed number of queries
    whatever the block's length: phases, sessions with their stages, the athlete's results
    and overrides (their fitness, once), the coach's rules, and the logged runs (each
    session's state and the unplanned runs, once: docs/running.md §3.11). Sessions whose day
    has passed are frozen first; each session's targets are its snapshot or its own day's
    (§3.7)."""
    athlete = block.athlete
    targets.sessions_freeze(block=block)
    prefetch_related_objects([block], "phases")
    sessions = list(block.sessions.prefetch_related("stages"))
    for session in sessions:
        session.block = block  # the chip reads the block; no query per session
    by_day = targets.fitness_by_day(athlete)
    fitness = by_day.on(today)
    paces = fitness.checker_paces
    rules, placement_rules = coach_rule_sets(athlete.coach_id)
    plan = block.as_value()
    ranges = list(availability.athlete_ranges(athlete, start=block.start, end=block.end))
    placement = block_plan.check_placement(
        [session.as_value() for session in sessions],
        block=plan,
        availability=athlete.training_days,
        **availability.placement_inputs(athlete, ranges),
        rules=placement_rules,
        progression_rules=rules,
        paces=paces,
    )
    placement = [*placement, *b_race_findings(sessions)]
    by_session, loose = _placement_by_session(placement, sessions)
    logs = calendar_logs(
        sessions, athlete_ids=[athlete.pk], start=block.start, end=block.end, today=today
    )
    entries = defaultdict(list)
    for session in sessions:
        own = targets.session_target_fitness(session, by_day)
        entries[session.date].append(
            _calendar_session(
                session,
                rules=rules,
                fitness=own,
                paces=own.checker_paces,
                units=athlete.units,
                placement=by_session,
                state=logs.state(session),
            )
        )
    loose_by_day = defaultdict(list)
    for finding in loose:
        loose_by_day[finding.date].append(
            CalendarFinding(finding.code, finding.severity, finding.message)
        )
    unplanned = {day: runs for (_, day), runs in logs.unplanned.items()}  # one athlete's
    weeks = tuple(
        _calendar_week(week, plan, entries, loose_by_day, today=today, runs=unplanned)
        for week in (*plan.weeks, *plan.recovery)
    )
    weeks = with_week_targets(block, weeks)
    weeks = with_notes(block, weeks)
    weeks = availability.with_availability(weeks, ranges, block_start=block.start)
    replaceable = sum(
        1 for s in sessions if s.kind in block_plan.PROGRESSION_KINDS and not s.locked
    )
    return BlockCalendar(
        block=block,
        plan=plan,
        units=athlete.units,
        today=today,
        weeks=weeks,
        findings=tuple(f for week in weeks for day in week.days for f in day.findings),
        fitness=fitness,
        replaceable=replaceable,
    )


def _calendar_week(week, plan, entries, loose_by_day, *, today, runs=None) -> CalendarWeek:
    """A week of the calendar; `runs` are the unplanned runs by day."""
    days, zone_s, other_s = [], dict.fromkeys(CALENDAR_ZONES, 0.0), 0.0
    duration_s = distance_m = 0.0
    unknown = progressions = 0
    estimate = False
    for offset in range(7):
        day = week.start + timedelta(days=offset)
        sessions = tuple(entries.get(day, ()))
        findings = [f for entry in sessions for f in entry.findings] + loose_by_day.get(day, [])
        days.append(
            CalendarDay(
                date=day,
                sessions=sessions,
                findings=tuple(findings),
                is_today=day == today,
                is_race_day=day == plan.race_date,
                runs=(runs or {}).get(day, ()),
            )
        )
        for entry in sessions:
            if entry.session.skipped_reason:
                continue  # not run: none of its planned time counts
            progressions += entry.is_progression
            duration_s += entry.duration_s or 0.0
            distance_m += entry.distance_m or 0.0
            estimate = estimate or entry.is_estimate
            for stage in entry.stages:
                seconds = stage_duration_s(stage, entry.paces)
                if seconds is None:
                    unknown += 1
                elif stage.zone in zone_s:
                    zone_s[stage.zone] += seconds
                else:
                    other_s += seconds
    return CalendarWeek(
        index=week.index,
        n_weeks=plan.n_weeks,
        phase=plan.phase_of(week.index),
        start=week.start,
        end=week.end,
        is_current=today in week,
        days=tuple(days),
        duration_s=duration_s,
        distance_m=distance_m,
        is_estimate=estimate,
        unknown_stages=unknown,
        zone_minutes=tuple((zone, seconds / 60) for zone, seconds in zone_s.items()),
        other_minutes=other_s / 60,
        n_progressions=progressions,
        recovery_weeks=plan.recovery_weeks,
    )


# -- Weekly targets, cutback weeks and B races (docs/running.md §4) ---------------------------

# A cutback is suggested every this many weeks of base; the coach decides.
CUTBACK_EVERY_WEEKS = 4
# A B race gets a short taper: no hard session on the days just before it.
B_RACE_TAPER_DAYS = 2
HARD_BEFORE_B_RACE = {
    SessionKind.PROGRESSION,
    SessionKind.LONG_RUN_PROGRESSION,
    SessionKind.LONG_RUN,
    SessionKind.QUALITY,
}


@dataclass(frozen=True)
class WeekTarget:
    """A week's target as the coach set it, against what is planned in it."""

    index: int
    duration_s: float | None
    distance_m: float | None
    is_cutback: bool
    # Base, every 4th week, not marked: the calendar hints at a cutback.
    suggest_cutback: bool
    planned_duration_s: float
    planned_distance_m: float

    @property
    def is_set(self) -> bool:
        return self.duration_s is not None or self.distance_m is not None

    @property
    def planned_percent(self) -> int | None:
        """Planned as a share of the target, in percent (None without a target)."""
        if self.duration_s:
            return round(100 * self.planned_duration_s / self.duration_s)
        if self.distance_m:
            return round(100 * self.planned_distance_m / self.distance_m)
        return None


def suggests_cutback(plan: block_plan.Block, index: int) -> bool:
    """Every 4th week of the base phase is a candidate recovery week."""
    base = next((span for span in plan.phases if span.phase == "base"), None)
    if base is None or not base.first_week <= index <= base.last_week:
        return False
    return (index - base.first_week + 1) % CUTBACK_EVERY_WEEKS == 0


def with_week_targets(block, weeks) -> tuple:
    """The calendar's weeks with the coach's targets and cutbacks (one query)."""
    stored = {week.index: week for week in BlockWeek.objects.filter(block=block)}
    plan = block.as_value()
    result = []
    for week in weeks:
        row = stored.get(week.index)
        is_cutback = bool(row and row.is_cutback)
        target = WeekTarget(
            index=week.index,
            duration_s=row.target_duration_s if row else None,
            distance_m=row.target_distance_m if row else None,
            is_cutback=is_cutback,
            suggest_cutback=not is_cutback and suggests_cutback(plan, week.index),
            planned_duration_s=week.duration_s,
            planned_distance_m=week.distance_m,
        )
        result.append(replace(week, target=target))
    return tuple(result)


def b_race_findings(sessions) -> list[block_plan.BlockFinding]:
    """`before-b-race` warnings: a progression run, long run or quality session on one of the
    2 days before a B race (its short taper)."""
    by_day = defaultdict(list)
    for session in sessions:
        by_day[session.date].append(session)
    findings = []
    for race in sessions:
        if race.kind != SessionKind.RACE or race.priority != "B":
            continue
        name = race.title or "the B race"
        for days in range(1, B_RACE_TAPER_DAYS + 1):
            day = race.date - timedelta(days=days)
            for session in by_day.get(day, ()):
                if session.kind in HARD_BEFORE_B_RACE:
                    when = "the day" if days == 1 else f"{days} days"
                    findings.append(
                        block_plan.BlockFinding(
                            "before-b-race",
                            "warning",
                            f"{session.get_kind_display()} {when} before {name} "
                            f"({race.date:%a} {race.date.day} {race.date:%b}): a B race gets a "
                            f"short taper, keep the {B_RACE_TAPER_DAYS} days before it easy.",
                            date=day,
                        )
                    )
    return findings


CSV_HEADER = [
    "date",
    "week",
    "phase",
    "kind",
    "priority",
    "title",
    "planned duration",
    "planned distance ({unit})",
    "stages",
    "notes",
    "locked",
    "moved from",
]


def block_csv_rows(calendar: BlockCalendar) -> list[list[str]]:
    """The block's sessions as rows of its CSV export, header first: times as h:mm:ss,
    distances in the athlete's unit, stages in the plan text syntax."""
    unit = calendar.units
    per_unit = MILE_M if unit == "mi" else KM_M
    rows = [[column.format(unit=unit) for column in CSV_HEADER]]
    for week in calendar.weeks:
        for day in week.days:
            for entry in day.sessions:
                session = entry.session
                rows.append(
                    [
                        day.iso,
                        week.number,
                        week.phase_name,
                        session.get_kind_display(),
                        session.priority,
                        session.title,
                        format_duration(entry.duration_s) if entry.duration_s else "",
                        f"{entry.distance_m / per_unit:.2f}" if entry.distance_m else "",
                        format_plan(list(entry.stages)) if entry.stages else "",
                        session.notes,
                        "yes" if session.locked else "no",
                        session.original_date.isoformat() if session.is_moved else "",
                    ]
                )
    return rows
