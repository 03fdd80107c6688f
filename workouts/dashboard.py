"""The coach's dashboard (docs/running.md §4.15): one row per athlete of the coach, with where
they are in their block, the last 7 days' sessions as compliance chips, the week's planned
against done volume, the last 7 days' runs not yet reviewed (the queue) that have findings and
the worst of them, the next progression run and the availability marked for the next 14 days. Sorted most needing
attention first, or by name, worst finding, compliance or next progression run.

A fixed number of queries whatever the number of athletes and of their logs: the athletes
with their results and hand-set zones, their current and coming blocks, those blocks' phases,
the sessions of the days around today and their stages, those sessions' logs, the done logs of
the last 7 days, the next progression runs and the availability ranges."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.db.models.fields.json import KeyTransform
from django.urls import reverse

from athletes.access import coach_athletes
from athletes.models import Athlete
from workouts import block_plan
from workouts.log_states import (
    LOGGED,
    MISSED,
    SEVERITY_RANK,
    Finding,
    LogState,
    calendar_logs,
    worst_finding,
)
from workouts.models import (
    MAX_RECOVERY_WEEKS,
    AvailabilityRange,
    Block,
    BlockPhaseSpan,
    LogStatus,
    PlannedSession,
    ReviewState,
    RunLog,
    SessionKind,
    SessionStage,
)
from workouts.selectors import session_amounts
from workouts.targets import fitness_by_day, session_target_fitness
from workouts.templatetags.calendar import planned_metres, planned_seconds
from workouts.week_view import week_start

DAY = timedelta(days=1)
WEEK = timedelta(days=7)
CHIP_DAYS = 7  # the chips: today and the six days before
AVAILABILITY_DAYS = 14  # availability marked from today on
# How far a chip's state counts towards compliance: on plan 1, near plan a half, off plan and
# missed nothing; a session not run for a reason, being read or ahead does not count.
COMPLIANCE_SCORES = {"green": 1.0, "yellow": 0.5, "orange": 0.0}
SORTS = {
    "attention": "most needing attention",
    "name": "name",
    "worst": "worst finding",
    "compliance": "compliance",
    "next": "next progression run",
}
DEFAULT_SORT = "attention"


@dataclass(frozen=True)
class Chip:
    """A planned session of the last 7 days and what was logged of it."""

    session: PlannedSession
    state: LogState

    @property
    def css(self) -> str:
        return f"log-{self.state.colour or self.state.kind}"

    @property
    def label(self) -> str:
        return self.state.label or "Planned"

    @property
    def score(self) -> float | None:
        if self.state.kind == LOGGED:
            return COMPLIANCE_SCORES.get(self.state.run.compliance)
        return 0.0 if self.state.kind == MISSED else None


@dataclass(frozen=True)
class NextRun:
    date: date
    title: str
    url: str


@dataclass(frozen=True)
class DashboardRow:
    athlete: Athlete
    url: str
    block: Block | None
    block_url: str
    context: str  # "Transition, week 9 of 18", or when a coming block starts
    chips: tuple[Chip, ...]
    planned_s: float
    planned_m: float
    is_estimate: bool
    done_s: float
    done_m: float
    n_flagged: int  # done logs of the last 7 days with a finding
    worst: Finding | None
    pain: bool  # a done log of the last 7 days carries a pain or injury note
    next_run: NextRun | None
    availability: tuple[AvailabilityRange, ...]

    @property
    def units(self) -> str:
        return self.athlete.units

    @property
    def planned(self) -> str:
        return _amount(self.planned_s, self.planned_m, self.units, estimate=self.is_estimate)

    @property
    def done(self) -> str:
        return _amount(self.done_s, self.done_m, self.units)

    @property
    def n_missed(self) -> int:
        return sum(chip.state.kind == MISSED for chip in self.chips)

    @property
    def n_off(self) -> int:
        return sum(chip.score == 0.0 for chip in self.chips)

    @property
    def compliance(self) -> float | None:
        """The share of the judged sessions of the last 7 days run to plan (near plan: half);
        None when none was judged."""
        scores = [chip.score for chip in self.chips if chip.score is not None]
        return sum(scores) / len(scores) if scores else None

    @property
    def worst_rank(self) -> int:
        return SEVERITY_RANK.get(self.worst.severity, 0) if self.worst else -1


@dataclass(frozen=True)
class Dashboard:
    today: date
    sort: str
    rows: tuple[DashboardRow, ...]

    @property
    def sorts(self) -> tuple[tuple[str, str], ...]:
        return tuple(SORTS.items())


def _amount(duration_s: float, distance_m: float, units: str, *, estimate=False) -> str:
    """ "≈ 2 h 55 min · 18 km", "45 min", "6.21 mi" (a session by distance without paces);
    "—" for nothing."""
    time = ("≈ " if estimate else "") + planned_seconds(duration_s) if duration_s else ""
    distance = planned_metres(distance_m, units) if distance_m else ""
    return " · ".join(part for part in (time, distance) if part) or "—"


def _name(row: DashboardRow) -> tuple:
    return (row.athlete.last_name.lower(), row.athlete.first_name.lower(), row.athlete.pk)


def _sort_key(sort: str):
    """Each sort's key, its ties broken by name. "attention": a pain note first, then the
    gravest finding, then the most sessions missed or off plan, then the most flagged logs."""
    if sort == "name":
        return _name
    if sort == "worst":
        return lambda row: (-row.worst_rank, -row.n_flagged, *_name(row))
    if sort == "compliance":
        return lambda row: (row.compliance is None, row.compliance or 0.0, *_name(row))
    if sort == "next":
        return lambda row: (row.next_run is None, row.next_run and row.next_run.date, *_name(row))
    return lambda row: (
        not row.pain,
        -row.worst_rank,
        -(row.n_missed + row.n_off),
        -row.n_flagged,
        *_name(row),
    )


def _current_block(blocks: list[Block], today: date) -> Block | None:
    """The block holding today, else the next to start; None without either."""
    holding = [b for b in blocks if b.start <= today <= b.end]
    ahead = sorted((b for b in blocks if b.start > today), key=lambda b: b.start)
    return (holding or ahead or [None])[0]


def _context(block: Block, plan: block_plan.Block, today: date) -> str:
    if block.start > today:
        return f"Block starts {block.start:%a} {block.start.day} {block.start:%b}"
    week = plan.calendar_week_of(today)
    if week.index > plan.n_weeks:
        return f"Recovery week {week.index - plan.n_weeks} of {plan.recovery_weeks}"
    phase = block_plan.WEEK_NAMES[plan.phase_of(week.index)]
    return f"{phase[0].upper()}{phase[1:]}, week {week.index} of {plan.n_weeks}"


def coach_dashboard(coach, *, today: date, sort: str = DEFAULT_SORT) -> Dashboard:
    """Every athlete of the coach as a dashboard row, sorted by `sort` (one of SORTS; any
    other value sorts by attention)."""
    sort = sort if sort in SORTS else DEFAULT_SORT
    first, last = today - (CHIP_DAYS - 1) * DAY, today + 6 * DAY
    athletes = list(coach_athletes(coach).prefetch_related("race_results", "zone_overrides"))
    blocks = defaultdict(list)
    coming = Block.objects.filter(
        athlete__coach=coach, race_date__gte=today - MAX_RECOVERY_WEEKS * WEEK
    ).order_by("race_date", "pk")
    for block in coming:
        blocks[block.athlete_id].append(block)
    current = {pk: _current_block(found, today) for pk, found in blocks.items()}
    current = {pk: block for pk, block in current.items() if block is not None}
    spans = defaultdict(list)
    phases = BlockPhaseSpan.objects.filter(block__in=[b.pk for b in current.values()])
    for block_id, *span in phases.values_list("block_id", "phase", "first_week", "last_week"):
        spans[block_id].append(block_plan.PhaseSpan(*span))
    plans = {
        block.athlete_id: block_plan.Block(
            block.race_date, block.n_weeks, tuple(spans[block.pk]), block.recovery_weeks
        )
        for block in current.values()
    }
    sessions = list(
        PlannedSession.objects.filter(
            block__in=[b.pk for b in current.values()], date__range=(first, last)
        ).order_by("date", "pk")
    )
    stages = defaultdict(list)
    for stage in SessionStage.objects.filter(session__in=[s.pk for s in sessions]):
        stages[stage.session_id].append(stage.as_value())
    block_by_pk = {block.pk: block for block in current.values()}
    by_athlete = defaultdict(list)
    for session in sessions:
        session.block = block_by_pk[session.block_id]  # the amounts read the block's race
        by_athlete[session.block.athlete_id].append(session)
    chip_sessions = [s for s in sessions if s.date <= today and s.kind != SessionKind.REST]
    logs = calendar_logs(
        chip_sessions, athlete_ids=(), start=first, end=today, today=today, unplanned=False
    )
    done = _done_logs(coach, start=first, end=last)
    next_runs = _next_runs(coach, today=today)
    ranges = defaultdict(list)
    for availability in AvailabilityRange.objects.filter(
        athlete__coach=coach, end__gte=today, start__lte=today + (AVAILABILITY_DAYS - 1) * DAY
    ):
        ranges[availability.athlete_id].append(availability)
    rows = [
        _row(
            athlete,
            block=current.get(athlete.pk),
            plan=plans.get(athlete.pk),
            sessions=by_athlete[athlete.pk],
            stages=stages,
            logs=logs,
            done=done[athlete.pk],
            next_run=next_runs.get(athlete.pk),
            availability=ranges[athlete.pk],
            today=today,
            first_weekday=coach.first_weekday,
        )
        for athlete in athletes
    ]
    return Dashboard(today=today, sort=sort, rows=tuple(sorted(rows, key=_sort_key(sort))))


def _done_logs(coach, *, start: date, end: date) -> dict[int, list[dict]]:
    """The reviewed logs of the coach's athletes from `start` to `end`: their amounts, their
    review's findings and whether they carry a pain note (never the stored series)."""
    rows = (
        RunLog.objects.filter(athlete__coach=coach, status=LogStatus.DONE, date__range=(start, end))
        .annotate(findings=KeyTransform("findings", "review"))
        .values(
            "athlete_id", "date", "duration_s", "distance_m", "pain_note", "findings", "mark__state"
        )
    )
    by_athlete = defaultdict(list)
    for row in rows:
        by_athlete[row["athlete_id"]].append(row)
    return by_athlete


def _next_runs(coach, *, today: date) -> dict[int, NextRun]:
    """Each athlete's first progression run from today on, not marked not run and not yet
    logged."""
    rows = (
        PlannedSession.objects.filter(
            block__athlete__coach=coach,
            kind__in=block_plan.PROGRESSION_KINDS,
            date__gte=today,
            skipped_reason="",
        )
        .exclude(Q(logs__status=LogStatus.DONE))
        .order_by("date", "pk")
        .values_list("block__athlete_id", "pk", "block_id", "date", "kind", "title")
    )
    found = {}
    kinds = dict(SessionKind.choices)
    for athlete_id, _pk, block_id, day, kind, title in rows:
        if athlete_id in found:
            continue
        url = reverse("block-detail", args=[block_id]) + f"#day-{day.isoformat()}"
        found[athlete_id] = NextRun(day, title or kinds[kind], url)
    return found


def _row(
    athlete,
    *,
    block,
    plan,
    sessions,
    stages,
    logs,
    done,
    next_run,
    availability,
    today,
    first_weekday,
) -> DashboardRow:
    if block is not None and block.start <= today:
        week = plan.calendar_week_of(today)
        week_first, week_last = week.start, week.end
    else:
        week_first = week_start(today, first_weekday)
        week_last = week_first + 6 * DAY
    chips = []
    planned_s = planned_m = 0.0
    estimate = False
    by_day = None
    for session in sessions:
        if session.date <= today and session.kind != SessionKind.REST:
            if session.date >= today - (CHIP_DAYS - 1) * DAY:
                chips.append(Chip(session, logs.state(session)))
        if not week_first <= session.date <= week_last or session.skipped_reason:
            continue
        session_stages = tuple(stages[session.pk])
        paces = None
        if any(stage.duration_s is None for stage in session_stages):
            by_day = by_day or fitness_by_day(athlete)
            paces = session_target_fitness(session, by_day).checker_paces
        duration_s, distance_m, is_estimate = session_amounts(session, session_stages, paces)
        planned_s += duration_s or 0.0
        planned_m += distance_m or 0.0
        estimate = estimate or is_estimate
    done_s = done_m = 0.0
    worst, n_flagged, pain = None, 0, False
    for log in done:
        if week_first <= log["date"] <= week_last:
            done_s += log["duration_s"] or 0.0
            done_m += log["distance_m"] or 0.0
        if log["date"] > today or (log["mark__state"] or ReviewState.NEW) != ReviewState.NEW:
            continue  # ahead, or the coach has looked at it (the review queue, §3.12)
        pain = pain or bool(log["pain_note"].strip())
        finding, n = worst_finding(log["findings"])
        if n:
            n_flagged += 1
            rank = SEVERITY_RANK.get(finding.severity, 0)
            if worst is None or rank > SEVERITY_RANK.get(worst.severity, 0):
                worst = finding
    return DashboardRow(
        athlete=athlete,
        url=reverse("athlete-detail", args=[athlete.pk]),
        block=block,
        block_url=reverse("block-detail", args=[block.pk]) if block else "",
        context=_context(block, plan, today) if block else "",
        chips=tuple(chips),
        planned_s=planned_s,
        planned_m=planned_m,
        is_estimate=estimate,
        done_s=done_s,
        done_m=done_m,
        n_flagged=n_flagged,
        worst=worst,
        pain=pain,
        next_run=next_run,
        availability=tuple(availability),
    )
