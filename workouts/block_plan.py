"""A marathon block: weeks counted back from race day, its phases, and its progression runs.

What this module knows (docs/running.md §4): a block's weeks end on race day,
whatever weekday that is, so "week 9 of 18" groups the days a runner means; the phases base →
transition → long-run phase → taper and how long each is; where a progression run may go in
the week around it (the placement rules and their codes); and how to propose, or re-propose
after an interruption, every progression run of a block. No Django here: sessions are plain
`PlannedRun` values and stages are `workouts.progression.Stage` values by zone, so one plan
serves any paces.

Choices where the domain leaves room (ours; a coach overrides the numbers through
`PlacementRules` and edits whatever is proposed):

- Phase lengths: the taper first (2 weeks, 3 from 20 weeks on), then base 40% and transition
  30% of the rest, each rounded half up, and the long-run phase the remainder. Over 8–30
  weeks every phase gets at least 2 weeks this way (8 weeks: 2/2/2/2; 18: 6/5/5/2).
- Hard sessions are progression runs, fast-finish long runs, long runs, quality sessions and
  races. `after-hard-day` judges a progression run against the days on both sides: after a
  hard day it starts tired; before one, it leaves the next session after a hard day.
- In the long-run phase one fast-finish long run a week is free of `too-many-in-week`; each
  more counts. A progression run in the last 10 days gets its `in-taper` error and is not
  counted a second time in its week.
- A run marked `missed` did not happen: no rule judges it and it makes no day hard.
- The recovery weeks after race day (0 to 4) are in no phase and take no progression run
  (`in-recovery`, an error); the proposal never fills them, as the domain says nothing of them.
- The proposal: mid-week runs go on the training day furthest from the long-run day (never
  on it or beside it, as the athlete runs long there every week), the same weekday every
  week where it is free. It fills a day that holds nothing or only an easy run (a long-run
  progression may also take a plain long run's place): the page replaces that session.
  Transition runs, mid-week and long, both grow from 75 to 105 minutes. The long-run phase
  places its fast-finish long runs from its last week backwards, so the longest comes just
  before the taper. It proposes fast-finish long runs, not progressive ones, which warn on
  their 14% easy share by design (workouts/presets.py); and no threshold minutes in the
  transition, which a coach may add.
- Each phase's runs climb a ladder (45 → 75 minutes, ...) one step per run the athlete did:
  a week without a run, or a run marked missed, does not move it on, so after an interruption
  the re-plan resumes where the athlete stopped instead of jumping ahead.
- With the default rules no proposed run draws any finding, from `check_progression` in its
  phase or from `check_placement`. Warnings it cannot avoid: those a coach's own `Rules` make
  unavoidable at whole minutes or half kilometres (a very narrow easy-share range), and those
  the coach's own sessions draw. A run that would break a coach's own rules with an error is
  left out, with a note.
"""

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime, timedelta
from fractions import Fraction

from athletes.paces import PaceRange
from workouts.presets import FAST_FINISH_MAX_M, FAST_FINISH_MIN_M, HALF_KM_M, MINUTE_S, split
from workouts.progression import (
    DEFAULT_RULES,
    PHASES,
    Rules,
    Stage,
    check_progression,
    is_blocking,
    stage_duration_s,
)

MIN_WEEKS = 8
MAX_WEEKS = 30
# The latest race day a block may have: later ones are a slip of the keyboard, and near year
# 9999 its recovery weeks would run past the last date there is.
LAST_RACE_DATE = Date(2999, 12, 31)
WEEK = timedelta(days=7)
DAY = timedelta(days=1)

# The block's phases in their order: the three of the progression rules, then the taper.
TAPER = "taper"
BLOCK_PHASES: tuple[str, ...] = (*PHASES, TAPER)
PHASE_NAMES: dict[str, str] = {
    "base": "base",
    "transition": "transition",
    "long_run": "long-run phase",
    "taper": "taper",
}
# The weeks after race day: not a phase of the block (not counted in its "week N of 18"),
# they hold easy runs and rest, never a progression run (docs/running.md §4.4).
RECOVERY = "recovery"
MAX_RECOVERY_WEEKS = 4
# What a week on the block's calendar is named by: its phase, or the recovery.
WEEK_NAMES: dict[str, str] = {**PHASE_NAMES, RECOVERY: "recovery"}
TAPER_WEEKS = 2
LONG_TAPER_WEEKS = 3
LONG_TAPER_FROM_WEEKS = 20
# Of the weeks before the taper; the long-run phase takes the rest (about 30%).
BASE_SHARE = Fraction(2, 5)
TRANSITION_SHARE = Fraction(3, 10)

# What a session on the calendar is.
KINDS: dict[str, str] = {
    "progression": "progression run",
    "long_run_progression": "fast-finish long run",
    "long_run": "long run",
    "easy": "easy run",
    "quality": "quality session",
    "race": "race",
    "rest": "rest day",
}
PROGRESSION_KINDS = frozenset({"progression", "long_run_progression"})
HARD_KINDS = frozenset({"progression", "long_run_progression", "long_run", "quality", "race"})

# Every finding code of the block, with its severity, in the order findings of one day come.
PHASE_SEVERITIES: dict[str, str] = {
    "phase-missing": "error",
    "phase-repeated": "error",
    "phase-empty": "error",
    "phase-outside-block": "error",
    "phase-order": "error",
    "phase-overlap": "error",
    "phase-gap": "error",
}
PLACEMENT_SEVERITIES: dict[str, str] = {
    "outside-block": "error",
    "in-taper": "error",
    "in-recovery": "error",
    "too-many-in-week": "warning",
    "after-hard-day": "warning",
    "not-a-training-day": "warning",
    "long-run-spacing": "warning",
    "phase-mismatch": "warning",
}

# The proposal's ladders (docs/running.md §4.4): from the first run of a phase to its last.
BASE_MINUTES = (45, 75)
TRANSITION_MINUTES = (75, 105)
LONG_RUN_KM = (24, 32)
LONG_RUN_MINUTES = (120, 165)
# By time and without the athlete's paces, the 5–8 km finish is a fifth to a quarter of the
# run: 24 to 41 minutes, about 5–8 km for a 3:30–4:00 marathoner.
LONG_RUN_FINISH_SHARE = (Fraction(1, 5), Fraction(1, 4))
# Base runs finish at steady in the first half of the phase, at marathon pace after.
BASE_MARATHON_FROM = Fraction(1, 2)
# The transition's mid-week run is half easy (docs/running.md §4.1: easy 40–50%; §1.3: 50–70%).
TRANSITION_EASY_SHARE = Fraction(1, 2)
# A base run's steady and marathon stages share what is not easy 25:15, as base_progression.
BASE_STEADY_OF_REST = Fraction(5, 8)
ROUND_MINUTES = 5

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# -- Weeks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    """One week of a block, 7 days from `start` to `end`; week 1 is the first."""

    index: int
    start: Date
    end: Date

    def __contains__(self, day: Date) -> bool:
        return self.start <= day <= self.end


def block_weeks(race_date: Date, n_weeks: int) -> list[Week]:
    """The block's weeks counted back from race day: the last one ends on it.

    A runner's "week 9 of 18" groups the days before a Saturday race from Sunday to Saturday,
    so the weeks start the day after the race's weekday, whatever calendar week the coach's
    page shows. Week 1 starts on race day minus 7·N plus one day.
    """
    _check_day("the race date", race_date)
    _check_length(n_weeks)
    first = race_date - n_weeks * WEEK + DAY
    return [
        Week(index=i + 1, start=first + i * WEEK, end=first + (i + 1) * WEEK - DAY)
        for i in range(n_weeks)
    ]


def _check_length(n_weeks: int) -> None:
    if isinstance(n_weeks, bool) or not isinstance(n_weeks, int):
        raise ValueError(f"a block lasts a whole number of weeks, not {n_weeks!r}")
    if not MIN_WEEKS <= n_weeks <= MAX_WEEKS:
        raise ValueError(
            f"a marathon block lasts {MIN_WEEKS} to {MAX_WEEKS} weeks, not {n_weeks}: shorter "
            "leaves no time to build, longer is two blocks"
        )


def _check_day(name: str, day: Date) -> None:
    if isinstance(day, datetime) or not isinstance(day, Date):
        raise ValueError(f"{name} must be a day (a date without a time), not {day!r}")


# -- Phases ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseSpan:
    """A phase over the block's weeks `first_week` to `last_week`, both included."""

    phase: str
    first_week: int
    last_week: int

    def __post_init__(self) -> None:
        if self.phase not in BLOCK_PHASES:
            raise ValueError(
                f"unknown phase {self.phase!r}; use base, transition, long_run or taper"
            )
        for week in (self.first_week, self.last_week):
            if isinstance(week, bool) or not isinstance(week, int):
                raise ValueError(f"a phase starts and ends on a week number, not {week!r}")

    @property
    def n_weeks(self) -> int:
        return self.last_week - self.first_week + 1


@dataclass(frozen=True)
class BlockFinding:
    """What a block check says: a stable code, its severity, a message for the coach, and the
    day (a placement finding) or week (a phase finding) it is about."""

    code: str
    severity: str
    message: str
    date: Date | None = None
    week: int | None = None


def propose_phases(n_weeks: int) -> list[PhaseSpan]:
    """The phases of docs/running.md §4.4 over N weeks, in order, covering weeks 1 to N.

    The taper takes the last 2 weeks (3 from 20 weeks on, as a longer build carries more
    fatigue into it); of the weeks before it, base about 40%, transition about 30% and the
    long-run phase the rest, about 30%. An 8-week block is 2/2/2/2.
    """
    _check_length(n_weeks)
    taper = LONG_TAPER_WEEKS if n_weeks >= LONG_TAPER_FROM_WEEKS else TAPER_WEEKS
    build = n_weeks - taper
    base = _round_half_up(build * BASE_SHARE)
    transition = _round_half_up(build * TRANSITION_SHARE)
    lengths = zip(BLOCK_PHASES, (base, transition, build - base - transition, taper), strict=True)
    spans, first = [], 1
    for phase, length in lengths:
        spans.append(PhaseSpan(phase, first, first + length - 1))
        first += length
    return spans


def check_phases(spans: Iterable[PhaseSpan], n_weeks: int) -> list[BlockFinding]:
    """What is wrong with phases a coach moved: every phase once, at least a week long,
    inside the block, in the order base → transition → long-run phase → taper, with no week
    in two phases and none in no phase. All errors; an empty list means the phases stand."""
    _check_length(n_weeks)
    spans = list(spans)
    findings: list[BlockFinding] = []
    counts = defaultdict(int)
    for span in spans:
        counts[span.phase] += 1
    for phase in BLOCK_PHASES:
        if counts[phase] == 0:
            findings.append(
                _phase_finding(
                    "phase-missing",
                    f"The block has no {_phase_label(phase)}; a block runs base → transition → "
                    "long-run phase → taper, each at least 1 week.",
                )
            )
        elif counts[phase] > 1:
            findings.append(
                _phase_finding(
                    "phase-repeated",
                    f"The {_phase_label(phase)} appears {counts[phase]} times; each phase comes "
                    "once.",
                )
            )
    present = []
    for span in spans:
        if span.last_week < span.first_week:
            findings.append(
                _phase_finding(
                    "phase-empty",
                    f"The {_phase_label(span.phase)} runs from week {span.first_week} to week "
                    f"{span.last_week}; a phase lasts at least 1 week.",
                    week=span.first_week,
                )
            )
            continue
        present.append(span)
        if span.first_week < 1 or span.last_week > n_weeks:
            findings.append(
                _phase_finding(
                    "phase-outside-block",
                    f"The {_phase_label(span.phase)} runs over "
                    f"{_weeks(span.first_week, span.last_week)}, outside the block's weeks 1 to "
                    f"{n_weeks}.",
                    week=span.first_week,
                )
            )
    present.sort(key=lambda span: (span.first_week, span.last_week))
    if all(count <= 1 for count in counts.values()):
        findings += _phase_order(present)
    findings += _phase_cover(present, n_weeks)
    return findings


def _phase_order(present: Sequence[PhaseSpan]) -> list[BlockFinding]:
    findings = []
    for before, after in zip(present, present[1:], strict=False):
        if BLOCK_PHASES.index(before.phase) > BLOCK_PHASES.index(after.phase):
            findings.append(
                _phase_finding(
                    "phase-order",
                    f"The {_phase_label(before.phase)} comes before the "
                    f"{_phase_label(after.phase)}; the phases run base → transition → "
                    "long-run phase → taper.",
                    week=before.first_week,
                )
            )
    return findings


def _phase_cover(present: Sequence[PhaseSpan], n_weeks: int) -> list[BlockFinding]:
    """Weeks in two phases, and weeks in none, walking the phases in order of their start."""
    findings, covered, previous = [], 0, None
    for span in present:
        # Only the weeks inside the block: the rest has its phase-outside-block finding.
        first, last = max(span.first_week, 1), min(span.last_week, n_weeks)
        if first > last:
            continue
        if previous is not None and first <= covered:
            end = min(last, covered)
            findings.append(
                _phase_finding(
                    "phase-overlap",
                    f"{_upper_first(_weeks(first, end))} {'is' if first == end else 'are'} in "
                    f"both the {_phase_label(previous.phase)} and the "
                    f"{_phase_label(span.phase)}; phases must not overlap.",
                    week=first,
                )
            )
        elif first > covered + 1:
            findings.append(_gap(covered + 1, first - 1))
        if last > covered:
            covered, previous = last, span
    if covered < n_weeks:
        findings.append(_gap(covered + 1, n_weeks))
    return findings


def _gap(first: int, last: int) -> BlockFinding:
    return _phase_finding(
        "phase-gap",
        f"{_upper_first(_weeks(first, last))} {'is' if first == last else 'are'} in no phase; "
        "the phases must cover every week of the block.",
        week=first,
    )


def _phase_finding(code: str, message: str, week: int | None = None) -> BlockFinding:
    return BlockFinding(code, PHASE_SEVERITIES[code], message, week=week)


def _phase_label(phase: str) -> str:
    """ "base phase", "transition phase", "long-run phase", "taper"."""
    name = PHASE_NAMES[phase]
    return name if name.endswith("phase") or phase == TAPER else f"{name} phase"


def _weeks(first: int, last: int) -> str:
    return f"week {first}" if first == last else f"weeks {first}–{last}"


# -- The block ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A marathon block: its race day, its length in weeks, its phases, and the recovery
    weeks after race day (0 to 4), numbered on from the last week (19 and 20 of an 18-week
    block) but in no phase and outside "week N of 18".

    Without `phases` the block takes `propose_phases`; phases given must pass `check_phases`
    (a ValueError holds every message otherwise).
    """

    race_date: Date
    n_weeks: int
    phases: tuple[PhaseSpan, ...] = ()
    recovery_weeks: int = 0
    weeks: tuple[Week, ...] = field(init=False, repr=False, compare=False)
    recovery: tuple[Week, ...] = field(init=False, repr=False, compare=False)
    _phase_by_week: dict[int, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        weeks = tuple(block_weeks(self.race_date, self.n_weeks))
        recovery = self.recovery_weeks
        if isinstance(recovery, bool) or not isinstance(recovery, int):
            raise ValueError(f"recovery lasts a whole number of weeks, not {recovery!r}")
        if not 0 <= recovery <= MAX_RECOVERY_WEEKS:
            raise ValueError(
                f"recovery after the race lasts 0 to {MAX_RECOVERY_WEEKS} weeks, not {recovery}"
            )
        after = self.race_date + DAY
        object.__setattr__(
            self,
            "recovery",
            tuple(
                Week(
                    index=self.n_weeks + k + 1,
                    start=after + k * WEEK,
                    end=after + k * WEEK + 6 * DAY,
                )
                for k in range(recovery)
            ),
        )
        phases = tuple(self.phases) or tuple(propose_phases(self.n_weeks))
        findings = check_phases(phases, self.n_weeks)
        if findings:
            raise ValueError(" ".join(finding.message for finding in findings))
        object.__setattr__(self, "phases", tuple(sorted(phases, key=lambda s: s.first_week)))
        object.__setattr__(self, "weeks", weeks)
        by_week = {
            week: span.phase
            for span in phases
            for week in range(span.first_week, span.last_week + 1)
        }
        by_week |= {week.index: RECOVERY for week in self.recovery}
        object.__setattr__(self, "_phase_by_week", by_week)

    @property
    def start(self) -> Date:
        """The block's first day, the start of week 1."""
        return self.weeks[0].start

    @property
    def end(self) -> Date:
        """The last day on the block's calendar: race day, or the last recovery day."""
        return self.race_date + self.recovery_weeks * WEEK

    def week_of(self, day: Date) -> Week | None:
        """The block week holding this day, None outside the block (and after race day)."""
        if not self.start <= day <= self.race_date:
            return None
        return self.weeks[self.n_weeks - 1 - (self.race_date - day).days // 7]

    def recovery_week_of(self, day: Date) -> Week | None:
        """The recovery week holding this day after race day, None for any other day."""
        if not self.race_date < day <= self.end:
            return None
        return self.recovery[(day - self.race_date - DAY).days // 7]

    def calendar_week_of(self, day: Date) -> Week | None:
        """The week on the block's calendar holding this day: a block week or a recovery
        week; None before the block and after its recovery."""
        return self.week_of(day) or self.recovery_week_of(day)

    def phase_of(self, week_index: int) -> str:
        """The phase a week of the block belongs to; "recovery" for a recovery week."""
        return self._phase_by_week[week_index]

    def phase_on(self, day: Date) -> str | None:
        """The phase of this day, None outside the block."""
        week = self.week_of(day)
        return None if week is None else self.phase_of(week.index)

    def span(self, phase: str) -> PhaseSpan:
        return next(span for span in self.phases if span.phase == phase)

    def weeks_in(self, phase: str) -> tuple[Week, ...]:
        span = self.span(phase)
        return self.weeks[span.first_week - 1 : span.last_week]

    def days_before_race(self, day: Date) -> int:
        return (self.race_date - day).days

    def week_label(self, week: Week) -> str:
        """ "week 9 of 18 (transition)", or "recovery week 1 of 2", as the calendar names a
        week."""
        if week.index > self.n_weeks:
            return f"recovery week {week.index - self.n_weeks} of {self.recovery_weeks}"
        return f"week {week.index} of {self.n_weeks} ({PHASE_NAMES[self.phase_of(week.index)]})"


# -- Sessions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedRun:
    """A session on the block's calendar: a day, what it is, and for a run its stages.

    A progression run (`progression`, or `long_run_progression` for a fast-finish or
    progressive long run) needs its stages. `locked` keeps it through a re-plan; `missed`
    says the athlete did not run it, so no rule judges it and it made no day hard.
    """

    date: Date
    kind: str
    stages: tuple[Stage, ...] | None = None
    locked: bool = False
    missed: bool = False

    def __post_init__(self) -> None:
        _check_day("a session's date", self.date)
        if self.kind not in KINDS:
            raise ValueError(f"unknown session kind {self.kind!r}; use {', '.join(KINDS)}")
        if self.stages is not None:
            object.__setattr__(self, "stages", tuple(self.stages))
        if self.kind in PROGRESSION_KINDS and not self.stages:
            raise ValueError(f"a {KINDS[self.kind]} needs its stages")

    @property
    def is_progression(self) -> bool:
        return self.kind in PROGRESSION_KINDS

    @property
    def is_hard(self) -> bool:
        """Whether the session leaves the legs needing an easy day after it."""
        return self.kind in HARD_KINDS


# -- Placement ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementRules:
    """The coach-overridable numbers of the placement rules (docs/running.md §4.5)."""

    # Progression runs a week holds at most, per phase; in the long-run phase, besides its
    # one fast-finish long run.
    base_per_week: int = 1
    transition_per_week: int = 2
    long_run_per_week: int = 1
    taper_per_week: int = 0
    # No progression run in this many days before the race (and on race day).
    taper_days: int = 10
    # Fast-finish long runs in the long-run phase at most every this many weeks.
    long_run_spacing_weeks: int = 2

    def __post_init__(self) -> None:
        counts = (self.base_per_week, self.transition_per_week, self.long_run_per_week)
        for value in (*counts, self.taper_per_week, self.taper_days):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError("runs per week and taper days are whole numbers, at least 0")
        if not isinstance(self.long_run_spacing_weeks, int) or self.long_run_spacing_weeks < 1:
            raise ValueError("fast-finish long runs are spaced by at least 1 week")

    def per_week(self, phase: str) -> int:
        """How many progression runs a week of this phase holds."""
        return {
            "base": self.base_per_week,
            "transition": self.transition_per_week,
            "long_run": self.long_run_per_week,
            "taper": self.taper_per_week,
        }[phase]


DEFAULT_PLACEMENT_RULES = PlacementRules()


@dataclass(frozen=True)
class Unavailable:
    """Days the athlete said they cannot train (`longest_min` None) or can train only up to a
    longest session of `longest_min` minutes, from `start` to `end`, both included; `why` says
    it in a few words ("travel", "ill"), for the message. It overrides the default week's
    longest session on those days; it adds no training day (docs/running.md §4.5)."""

    start: Date
    end: Date
    why: str
    longest_min: int | None = None

    def __post_init__(self) -> None:
        _check_day("the first day away", self.start)
        _check_day("the last day away", self.end)
        if self.end < self.start:
            raise ValueError(f"the days away end ({_day(self.end)}) before they start")
        limit = self.longest_min
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
            raise ValueError(f"the longest session is a whole number of minutes, not {limit!r}")
        if limit is not None and limit < 1:
            raise ValueError("the longest session lasts at least 1 minute")

    def __contains__(self, day: Date) -> bool:
        return self.start <= day <= self.end

    @property
    def dates(self) -> str:
        if self.start == self.end:
            return _day(self.start)
        return f"{_day(self.start)} – {_day(self.end)}"


def check_placement(
    sessions: Iterable[PlannedRun],
    *,
    block: Block,
    availability: Collection[int] | None = None,
    rules: PlacementRules | None = None,
    progression_rules: Rules | None = None,
    paces: Mapping[str, PaceRange] | None = None,
    unavailable: Iterable[Unavailable] = (),
    longest_by_weekday: Mapping[int, int] | None = None,
) -> list[BlockFinding]:
    """Check where the block's sessions sit against the placement rules of docs/running.md §4.5.

    `sessions` are the block's sessions, progression runs and the rest around them;
    `availability` the weekdays (0 = Monday) the athlete can train, None for no such rule;
    `longest_by_weekday` the longest session in minutes the athlete has on a weekday (a
    weekday absent: no limit) and `unavailable` the date ranges that override the week (away,
    or limited to a longest session). A session longer than its day's limit, whose length is
    known from its stages (and `paces` for a distance), gets `not-a-training-day` too.
    The `phase-mismatch` finding comes from `check_progression` in the run's phase (with
    `progression_rules` and `paces`), so a page showing both checks asks `check_progression`
    without a phase. Findings come by date, errors first on a day.
    """
    rules = DEFAULT_PLACEMENT_RULES if rules is None else rules
    if availability is not None:
        _check_weekdays("the training days", availability)
    limits = dict(longest_by_weekday or {})
    _check_weekdays("the days with a longest session", limits)
    days = Days(availability, limits, tuple(unavailable))
    runs = sorted((run for run in sessions if not run.missed), key=lambda run: run.date)
    findings = (
        _outside_block(runs, block)
        + _in_taper(runs, block, rules)
        + _in_recovery(runs, block)
        + _too_many_in_week(runs, block, rules)
        + _after_hard_day(runs)
        + _not_a_training_day(runs, days, paces)
        + _long_run_spacing(runs, block, rules)
        + _phase_mismatch(runs, block, progression_rules, paces)
    )
    order = list(PLACEMENT_SEVERITIES)
    return sorted(findings, key=lambda finding: (finding.date, order.index(finding.code)))


def _placement(code: str, run: PlannedRun, message: str) -> BlockFinding:
    return BlockFinding(code, PLACEMENT_SEVERITIES[code], message, date=run.date)


def _outside_block(runs: Sequence[PlannedRun], block: Block) -> list[BlockFinding]:
    return [
        _placement(
            "outside-block",
            run,
            f"The {_session(run)} is outside the block ({_day(block.start)} – "
            f"{_day(block.race_date)}, race day).",
        )
        for run in runs
        if run.is_progression and block.calendar_week_of(run.date) is None
    ]


def in_recovery_message(block: Block, kind: str, day: Date) -> str | None:
    """Why a session of this kind cannot go on this day of the recovery weeks after the
    race (a progression run or a fast-finish long run), None when it can."""
    week = block.recovery_week_of(day)
    if week is None or kind not in PROGRESSION_KINDS:
        return None
    return (
        f"No progression runs in the recovery weeks after the race: the {KINDS[kind]} on "
        f"{_day(day)} falls in {block.week_label(week)}, which is for easy runs, rest and "
        "other easy training."
    )


def _in_recovery(runs: Sequence[PlannedRun], block: Block) -> list[BlockFinding]:
    return [
        _placement("in-recovery", run, message)
        for run in runs
        if (message := in_recovery_message(block, run.kind, run.date))
    ]


def _in_taper(
    runs: Sequence[PlannedRun], block: Block, rules: PlacementRules
) -> list[BlockFinding]:
    findings = []
    for run in runs:
        if not run.is_progression or not 0 <= block.days_before_race(run.date) <= rules.taper_days:
            continue
        days = block.days_before_race(run.date)
        when = "is on race day" if days == 0 else f"is {_count(days, 'day')} before the race"
        findings.append(
            _placement(
                "in-taper",
                run,
                f"The {_session(run)} {when}; leave the last {rules.taper_days} days without "
                "progression runs, so the athlete starts the race fresh.",
            )
        )
    return findings


def _too_many_in_week(
    runs: Sequence[PlannedRun], block: Block, rules: PlacementRules
) -> list[BlockFinding]:
    by_week: dict[int, list[PlannedRun]] = defaultdict(list)
    for run in runs:
        week = block.week_of(run.date)
        # A run in the last days has its in-taper error; it is not counted again here.
        if run.is_progression and week and block.days_before_race(run.date) > rules.taper_days:
            by_week[week.index].append(run)
    findings = []
    for index, week_runs in sorted(by_week.items()):
        week = block.weeks[index - 1]
        phase = block.phase_of(index)
        limit = rules.per_week(phase)
        counted, besides = week_runs, ""
        if phase == "long_run":
            fast_finish = [run for run in week_runs if run.kind == "long_run_progression"][:1]
            counted = [run for run in week_runs if run not in fast_finish]
            besides = " besides its fast-finish long run"
        if len(counted) <= limit:
            continue
        if limit == 0:
            allows = "none"
        else:
            allows = f"at most {limit} a week{besides}, so the athlete recovers between them"
        findings.append(
            _placement(
                "too-many-in-week",
                counted[limit],
                f"{_upper_first(block.week_label(week))} holds "
                f"{_count(len(counted), 'progression run')}{besides}; the "
                f"{_phase_label(phase)} takes {allows}.",
            )
        )
    return findings


def _after_hard_day(runs: Sequence[PlannedRun]) -> list[BlockFinding]:
    hard_on: dict[Date, list[PlannedRun]] = defaultdict(list)
    for run in runs:
        if run.is_hard:
            hard_on[run.date].append(run)
    findings = []
    for run in runs:
        if not run.is_progression:
            continue
        before = hard_on.get(run.date - DAY)
        if before:
            findings.append(
                _placement(
                    "after-hard-day",
                    run,
                    f"The {_session(run)} comes the day after the {_session(before[0])}; a "
                    "progression run wants an easy day or rest before it.",
                )
            )
        # A progression run the day after is judged on its own day, the later one.
        after = [other for other in hard_on.get(run.date + DAY, ()) if not other.is_progression]
        if after:
            findings.append(
                _placement(
                    "after-hard-day",
                    run,
                    f"The {_session(run)} comes the day before the {_session(after[0])}, which "
                    "then follows a hard day; leave an easy day between hard sessions.",
                )
            )
    return findings


@dataclass(frozen=True)
class Days:
    """What the athlete said of their days: the weekdays they train, the longest session on a
    weekday (minutes), and the date ranges that override the week."""

    training: Collection[int] | None
    longest_by_weekday: Mapping[int, int]
    unavailable: tuple[Unavailable, ...]

    def range_on(self, day: Date) -> Unavailable | None:
        return next((span for span in self.unavailable if day in span), None)

    def why_not(self, run: PlannedRun, paces: Mapping[str, PaceRange] | None) -> str | None:
        """Why the athlete cannot run this session on its day, None when they can."""
        day = run.date
        span = self.range_on(day)
        if span is not None and span.longest_min is None:
            return (
                f"The {_session(run)} falls while the athlete cannot train "
                f"({span.why}, {span.dates})."
            )
        if self.training is not None and day.weekday() not in self.training:
            return (
                f"The {_session(run)} is on a {_WEEKDAYS[day.weekday()]}, a day the athlete "
                "cannot train."
            )
        if span is not None:
            limit, where = span.longest_min, f"({span.why}, {span.dates})"
        else:
            limit = self.longest_by_weekday.get(day.weekday())
            where = f"on {_WEEKDAYS[day.weekday()]}s"
        minutes = _minutes(run, paces)
        if limit is None or minutes is None or minutes <= limit:
            return None
        return (
            f"The {_session(run)} lasts about {round(minutes)} min; the athlete has at most "
            f"{limit} min {where}."
        )


def _minutes(run: PlannedRun, paces: Mapping[str, PaceRange] | None) -> float | None:
    if not run.stages:
        return None
    durations = [stage_duration_s(stage, paces) for stage in run.stages]
    if any(duration is None for duration in durations):
        return None
    return sum(durations) / MINUTE_S


def _not_a_training_day(
    runs: Sequence[PlannedRun], days: Days, paces: Mapping[str, PaceRange] | None
) -> list[BlockFinding]:
    # A race's day is the race's, and a rest day needs no training day.
    return [
        _placement("not-a-training-day", run, message)
        for run in runs
        if run.kind not in ("race", "rest") and (message := days.why_not(run, paces))
    ]


def _long_run_spacing(
    runs: Sequence[PlannedRun], block: Block, rules: PlacementRules
) -> list[BlockFinding]:
    long_runs = [
        run
        for run in runs
        if run.kind == "long_run_progression" and block.phase_on(run.date) == "long_run"
    ]
    findings = []
    spacing = rules.long_run_spacing_weeks
    for before, after in zip(long_runs, long_runs[1:], strict=False):
        apart = block.week_of(after.date).index - block.week_of(before.date).index
        if apart >= spacing:
            continue
        when = "in the same week as" if apart == 0 else f"{_count(apart, 'week')} after"
        findings.append(
            _placement(
                "long-run-spacing",
                after,
                f"The {_session(after)} comes {when} the one on {_day(before.date)}; in the "
                f"long-run phase, plan them at most {_every(spacing)} so each "
                "one is recovered from.",
            )
        )
    return findings


def _phase_mismatch(
    runs: Sequence[PlannedRun],
    block: Block,
    progression_rules: Rules | None,
    paces: Mapping[str, PaceRange] | None,
) -> list[BlockFinding]:
    findings = []
    for run in runs:
        phase = block.phase_on(run.date)
        if not run.is_progression or phase not in PHASES:
            continue
        for finding in check_progression(
            run.stages, phase=phase, rules=progression_rules, paces=paces
        ):
            if finding.code == "phase-mismatch":
                findings.append(
                    _placement(
                        "phase-mismatch", run, f"{_upper_first(_session(run))}: {finding.message}"
                    )
                )
    return findings


# -- Proposing progression runs ------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """The progression runs proposed for a block, and what the coach should know about it
    (a week left without a run, and why)."""

    runs: tuple[PlannedRun, ...]
    notes: tuple[str, ...]


def propose_progressions(
    block: Block,
    *,
    training_days: Collection[int],
    long_run_day: int,
    paces: Mapping[str, PaceRange] | None = None,
    existing: Iterable[PlannedRun] = (),
    rules: PlacementRules | None = None,
    progression_rules: Rules | None = None,
    long_runs_by: str = "distance",
) -> Proposal:
    """Propose every progression run of the block (docs/running.md §4.4).

    Base: one a week on a mid-week training day, 45 → 75 minutes, finishing at steady and,
    from the middle of the phase on, at marathon pace. Transition: up to two a week, one
    mid-week and one inside the long run, 75 → 105 minutes, finishing at marathon pace.
    Long-run phase: a fast-finish long run every second week on the long-run day, 24 → 32 km
    (`long_runs_by="time"`: 2:00 → 2:45), its marathon-pace finish growing from 5 to 8 km.
    Taper: none, and none in the last 10 days. Never on or beside another hard day.

    `training_days` are weekdays (0 = Monday) and hold `long_run_day`. `existing` are the
    block's sessions: the proposal works around them, and replaces its progression runs
    that are not locked (`Proposal.runs` are the new ones). `paces` make a long run by
    distance keep its easy share by time, as `check_progression` judges it with them.
    """
    existing = tuple(existing)
    kept = [run for run in existing if not (run.is_progression and not run.locked)]
    return _Planner(
        block,
        kept,
        training_days=training_days,
        long_run_day=long_run_day,
        paces=paces,
        rules=rules,
        progression_rules=progression_rules,
        long_runs_by=long_runs_by,
        from_date=block.start,
    ).propose()


class _Planner:
    """The working state of one proposal: what is on the calendar so far, and the notes."""

    def __init__(
        self,
        block: Block,
        context: Sequence[PlannedRun],
        *,
        training_days: Collection[int],
        long_run_day: int,
        paces: Mapping[str, PaceRange] | None,
        rules: PlacementRules | None,
        progression_rules: Rules | None,
        long_runs_by: str,
        from_date: Date,
        away: Collection[Date] = (),
    ) -> None:
        _check_weekdays("the training days", training_days)
        if not training_days:
            raise ValueError("the athlete needs at least one training day")
        _check_weekdays("the long-run day", [long_run_day])
        if long_run_day not in training_days:
            raise ValueError(
                f"the long-run day ({_WEEKDAYS[long_run_day]}) must be one of the training days"
            )
        if long_runs_by not in ("distance", "time"):
            raise ValueError(f"long runs go by 'distance' or 'time', not {long_runs_by!r}")
        self.block = block
        self.training_days = set(training_days)
        self.long_run_day = long_run_day
        self.paces = paces
        self.rules = DEFAULT_PLACEMENT_RULES if rules is None else rules
        self.progression_rules = DEFAULT_RULES if progression_rules is None else progression_rules
        self.long_runs_by = long_runs_by
        self.from_date = from_date
        self.away = frozenset(away)
        self.placed: list[PlannedRun] = []
        # What is on the calendar, kept and placed, looked up by day.
        self.by_day: dict[Date, list[PlannedRun]] = defaultdict(list)
        self.hard_days: set[Date] = set()
        self.progressions: list[PlannedRun] = []
        for run in context:
            if not run.missed:
                self._add(run)
        # The middle of the coach's easy-share range: 60% by default.
        self.easy_share = (
            _fraction(self.progression_rules.easy_share_min)
            + _fraction(self.progression_rules.easy_share_max)
        ) / 2
        self.transition_easy_share = min(
            max(TRANSITION_EASY_SHARE, _fraction(self.progression_rules.easy_share_min)),
            _fraction(self.progression_rules.easy_share_max),
        )
        # Each note with the week it is about (0 for the whole block), so they come in order.
        self.notes: list[tuple[int, str]] = []
        # The mid-week days, furthest from the long-run day first; on a tie, the one that
        # leaves more days before the next long run.
        away = {(day - long_run_day) % 7 for day in training_days} - {0, 1, 6}
        self.midweek = [
            (long_run_day + offset) % 7
            for offset in sorted(away, key=lambda o: (-min(o, 7 - o), o))
        ]

    def propose(self) -> Proposal:
        for week in self._weeks("transition"):
            self._long_run_in_transition(week)
        self._long_runs_in_long_run_phase()
        if not self.midweek and (self._weeks("base") or self._weeks("transition")):
            days = ", ".join(_WEEKDAYS[d] for d in sorted(self.training_days))
            text = (
                f"No mid-week progression runs: the training days ({days}) leave no day apart "
                f"from the long-run day ({_WEEKDAYS[self.long_run_day]}) and the days beside "
                "it, which the long run makes hard."
            )
            self.notes.append((0, text))
        else:
            for phase in ("base", "transition"):
                for week in self._weeks(phase):
                    self._midweek_run(week, phase)
        placed = sorted(self.placed, key=lambda run: run.date)
        notes = sorted(self.notes, key=lambda note: note[0])
        return Proposal(runs=tuple(placed), notes=tuple(text for _, text in notes))

    # -- slots

    def _weeks(self, phase: str) -> list[Week]:
        """The phase's weeks that still have a day on or after the re-plan's date."""
        return [week for week in self.block.weeks_in(phase) if week.end >= self.from_date]

    def _add(self, run: PlannedRun) -> None:
        self.by_day[run.date].append(run)
        if run.is_hard:
            self.hard_days.add(run.date)
        if run.is_progression:
            self.progressions.append(run)

    def _progressions_in(self, week: Week, kind: str | None = None) -> int:
        return sum(1 for run in self.progressions if run.date in week and kind in (None, run.kind))

    def _free(self, day: Date, replaceable: Collection[str]) -> bool:
        """Whether a progression run can go on this day without a finding."""
        if day < self.from_date or self.block.days_before_race(day) <= self.rules.taper_days:
            return False
        if day in self.away:
            return False
        if any(run.kind not in replaceable for run in self.by_day.get(day, ())):
            return False
        return day - DAY not in self.hard_days and day + DAY not in self.hard_days

    def _why_not(self, days: Sequence[Date], what: str) -> str:
        if all(self.block.days_before_race(day) <= self.rules.taper_days for day in days):
            return f"{what} falls in the last {self.rules.taper_days} days before the race"
        if all(day in self.away for day in days):
            return f"{what} is a day the athlete cannot train"
        return f"{what} is taken or next to a hard session"

    def _long_run_date(self, week: Week) -> Date:
        return week.start + timedelta(days=(self.long_run_day - week.start.weekday()) % 7)

    def _long_run_in_transition(self, week: Week) -> None:
        if self._progressions_in(week, "long_run_progression"):
            return
        if self._progressions_in(week) >= self.rules.per_week("transition"):
            return
        day = self._long_run_date(week)
        if day < self.from_date:
            return
        if not self._free(day, ("easy", "long_run")):
            self._note(
                week,
                "no progression run inside the long run",
                self._why_not([day], "its long-run day"),
            )
            return
        self._place(week, day, "long_run_progression", "transition")

    def _long_runs_in_long_run_phase(self) -> None:
        """Every second week, from the phase's last week back, so the longest comes last."""
        spacing = self.rules.long_run_spacing_weeks
        taken = [
            self.block.week_of(run.date).index
            for run in self.progressions
            if run.kind == "long_run_progression" and self.block.phase_on(run.date) == "long_run"
        ]
        days = []
        for week in reversed(self._weeks("long_run")):
            day = self._long_run_date(week)
            if day < self.from_date or any(abs(week.index - i) < spacing for i in taken):
                continue
            if self._free(day, ("easy", "long_run")):
                days.append(day)
                taken.append(week.index)
            else:
                self._note(
                    week, "no fast-finish long run", self._why_not([day], "its long-run day")
                )
        for day in sorted(days):
            self._place(self.block.week_of(day), day, "long_run_progression", "long_run")

    def _midweek_run(self, week: Week, phase: str) -> None:
        limit = min(1, self.rules.per_week(phase))
        if phase == "transition":
            if self._progressions_in(week, "progression") >= limit:
                return
            if self._progressions_in(week) >= self.rules.per_week(phase):
                return
        elif self._progressions_in(week) >= limit:
            return
        days = [
            day
            for weekday in self.midweek
            for day in [week.start + timedelta(days=(weekday - week.start.weekday()) % 7)]
            if day >= self.from_date
        ]
        if not days:
            return
        for day in days:
            if self._free(day, ("easy",)):
                self._place(week, day, "progression", phase)
                return
        self._note(
            week, "no mid-week progression run", self._why_not(days, "every mid-week training day")
        )

    # -- runs

    def _place(self, week: Week, day: Date, kind: str, phase: str) -> None:
        try:
            stages = self._stages(kind, phase, self._share_along(kind, phase, day))
        except ValueError as error:
            self._note(week, f"no {KINDS[kind]}", f"it cannot be built ({error})")
            return
        findings = check_progression(
            stages, phase=phase, rules=self.progression_rules, paces=self.paces
        )
        if is_blocking(findings):
            first = next(f for f in findings if f.severity == "error")
            self._note(
                week, f"no {KINDS[kind]}", f"it would break the rules: {first.message.rstrip('.')}"
            )
            return
        run = PlannedRun(date=day, kind=kind, stages=tuple(stages))
        self.placed.append(run)
        self._add(run)

    def _share_along(self, kind: str, phase: str, day: Date) -> Fraction:
        """How far along its ladder this run is, 0 to 1: one step per earlier run of the same
        kind in the phase that the athlete did (or will do), whatever weeks lie between."""
        done = sum(
            1
            for run in self.progressions
            if run.kind == kind and run.date < day and self.block.phase_on(run.date) == phase
        )
        weeks = self.block.span(phase).n_weeks
        if phase == "long_run":
            weeks = math.ceil(weeks / self.rules.long_run_spacing_weeks)
        return Fraction(min(done, weeks - 1), weeks - 1) if weeks > 1 else Fraction(0)

    def _stages(self, kind: str, phase: str, along: Fraction) -> list[Stage]:
        easy = self.easy_share
        if phase == "base":
            minutes = _along(BASE_MINUTES, along, ROUND_MINUTES)
            rest = 1 - easy
            if along < BASE_MARATHON_FROM:
                shares = (("easy", easy), ("steady", rest))
            else:
                shares = (
                    ("easy", easy),
                    ("steady", rest * BASE_STEADY_OF_REST),
                    ("marathon", rest * (1 - BASE_STEADY_OF_REST)),
                )
            return split(shares, duration_s=minutes * MINUTE_S)
        if phase == "transition":
            minutes = _along(TRANSITION_MINUTES, along, ROUND_MINUTES)
            if kind == "progression":
                easy = self.transition_easy_share
            rest = 1 - easy
            shares = (("easy", easy), ("steady", rest / 2), ("marathon", rest / 2))
            return split(shares, duration_s=minutes * MINUTE_S)
        return self._long_run_stages(along, easy)

    def _long_run_stages(self, along: Fraction, easy_share: Fraction) -> list[Stage]:
        """A fast-finish long run: easy, a steady bridge, then the marathon-pace finish."""
        finish_m = _along((FAST_FINISH_MIN_M, FAST_FINISH_MAX_M), along, HALF_KM_M)
        per_km = {zone: self._seconds_per_km(zone) for zone in ("easy", "steady", "marathon")}
        if self.long_runs_by == "distance":
            total = _along(LONG_RUN_KM, along, 1) * 1000
            unit, field_name = HALF_KM_M, "distance_m"
            known = all(per_km.values())
            weights = tuple(per_km.values()) if known else (1, 1, 1)
            finish = finish_m
        else:
            total = _along(LONG_RUN_MINUTES, along, ROUND_MINUTES) * MINUTE_S
            unit, field_name = MINUTE_S, "duration_s"
            weights = (1, 1, 1)
            if per_km["marathon"]:
                finish = _round_to(finish_m / 1000 * per_km["marathon"], MINUTE_S)
            else:
                low, high = LONG_RUN_FINISH_SHARE
                finish = _round_to(total * (low + (high - low) * along), MINUTE_S)
        easy_w, steady_w, marathon_w = weights
        t = float(easy_share)
        # The easy amount whose share of the run, weighed as check_progression weighs it,
        # is the target: e·we / (e·we + s·ws + m·wm) = t, with s = total − m − e.
        easy = (
            t
            * ((total - finish) * steady_w + finish * marathon_w)
            / (easy_w * (1 - t) + t * steady_w)
        )
        easy = _round_to(easy, unit)
        steady = total - finish - easy
        if steady < unit:
            steady, easy = unit, total - finish - unit
        amounts = (("easy", easy), ("steady", steady), ("marathon", finish))
        return [Stage(**{field_name: float(amount)}, zone=zone) for zone, amount in amounts]

    def _seconds_per_km(self, zone: str) -> float | None:
        if self.paces is None:
            return None
        return stage_duration_s(Stage(distance_m=1000, zone=zone), self.paces)

    def _note(self, week: Week, what: str, why: str) -> None:
        label = _upper_first(self.block.week_label(week))
        self.notes.append((week.index, f"{label}: {what}, as {why}."))


# -- Re-planning from a date ---------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A progression run the re-plan changes: the one on the calendar and its replacement."""

    before: PlannedRun
    after: PlannedRun


@dataclass(frozen=True)
class Replan:
    """What re-planning from a date would do, for a page to show before applying it.

    `runs` are the block's sessions once applied; `notes` as in `Proposal`.
    """

    from_date: Date
    added: tuple[PlannedRun, ...]
    removed: tuple[PlannedRun, ...]
    changed: tuple[Change, ...]
    runs: tuple[PlannedRun, ...]
    notes: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        """Whether re-planning changes nothing."""
        return not (self.added or self.removed or self.changed)


def replan_from(
    block: Block,
    from_date: Date,
    current_runs: Iterable[PlannedRun],
    *,
    training_days: Collection[int],
    long_run_day: int,
    paces: Mapping[str, PaceRange] | None = None,
    rules: PlacementRules | None = None,
    progression_rules: Rules | None = None,
    long_runs_by: str = "distance",
    away: Collection[Date] = (),
) -> Replan:
    """Re-propose the block's progression runs from a date on, after illness or missed weeks.

    Race day, the phases and so the taper stay where they are; so do every session before
    `from_date`, every session that is not a progression run, and the progression runs the
    coach locked. The unlocked progression runs on or after `from_date` are proposed afresh
    around them, each phase's ladder resuming after the last run the athlete did (runs marked
    missed do not count), as `propose_progressions` does. The difference comes back as runs
    added, removed and changed (same day, other stages or kind). No run is proposed on the
    days in `away`, the days the athlete said they cannot train.
    """
    _check_day("the re-plan's date", from_date)
    if block.week_of(from_date) is None:
        raise ValueError(
            f"re-plan from a day inside the block ({_day(block.start)} – "
            f"{_day(block.race_date)}), not {_day(from_date)}"
        )
    current = list(current_runs)
    replaced = [run.is_progression and not run.locked and run.date >= from_date for run in current]
    kept = [run for run, out in zip(current, replaced, strict=True) if not out]
    old = [run for run, out in zip(current, replaced, strict=True) if out]
    proposal = _Planner(
        block,
        kept,
        training_days=training_days,
        long_run_day=long_run_day,
        paces=paces,
        rules=rules,
        progression_rules=progression_rules,
        long_runs_by=long_runs_by,
        from_date=from_date,
        away=away,
    ).propose()
    new_by_day: dict[Date, list[PlannedRun]] = defaultdict(list)
    for run in proposal.runs:
        new_by_day[run.date].append(run)
    removed, changed = [], []
    for run in sorted(old, key=lambda run: run.date):
        if new_by_day[run.date]:
            after = new_by_day[run.date].pop(0)
            if after != run:
                changed.append(Change(before=run, after=after))
        else:
            removed.append(run)
    added = sorted((run for runs in new_by_day.values() for run in runs), key=lambda r: r.date)
    return Replan(
        from_date=from_date,
        added=tuple(added),
        removed=tuple(removed),
        changed=tuple(changed),
        runs=tuple(sorted(kept + list(proposal.runs), key=lambda run: run.date)),
        notes=proposal.notes,
    )


# -- Helpers -------------------------------------------------------------------------------


def _check_weekdays(name: str, days: Collection[int]) -> None:
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise ValueError(f"{name} are weekdays 0 (Monday) to 6 (Sunday), not {day!r}")


def _round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def _round_to(amount: float | Fraction, unit: int) -> int:
    # Ladder values are Fractions whose halves are exact in a float as well.
    return math.floor(amount / unit + 0.5) * unit


def _along(ends: tuple[int, int], along: Fraction, unit: int) -> int:
    """The value `along` the way from the first end to the second, to a whole `unit`."""
    low, high = ends
    return _round_to(low + (high - low) * along, unit)


def _fraction(share: float) -> Fraction:
    # A coach's 0.6 is six tenths, not the float nearest to it.
    return Fraction(share).limit_denominator(1000)


def _session(run: PlannedRun) -> str:
    """ "progression run on Tue 14 May"."""
    return f"{KINDS[run.kind]} on {_day(run.date)}"


def _day(day: Date) -> str:
    return f"{_WEEKDAYS[day.weekday()][:3]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _every(weeks: int) -> str:
    """ "every week", "every 2nd week", "every 3rd week"."""
    if weeks == 1:
        return "every week"
    suffix = (
        {1: "st", 2: "nd", 3: "rd"}.get(weeks % 10, "th") if weeks not in (11, 12, 13) else "th"
    )
    return f"every {weeks}{suffix} week"
