"""Progression runs: their stages, and the rules a planned one is checked against.

A progression run is one continuous run whose effort rises in planned stages, easy →
steady → marathon pace, at most to just below threshold (docs/running.md §1). This module
knows the zone ladder, what a stage is, and how a plan measures up to the guidelines.
No Django here.

Choices where the guidelines leave room (ours; a coach overrides the numbers through `Rules`):

- A stage is judged by its expected duration. A distance stage's duration is its distance
  at the midpoint of its pace band: the explicit pace range, or the zone's band from the
  athlete's `paces`. A zone stage by distance without `paces` has no known duration; when
  every stage is by distance, the easy share is judged by distance instead. When some
  durations are unknown and the stages mix time and distance, the easy-share and
  stage-length rules cannot be judged fairly: they give no finding, and
  `judge_progression` names them as unjudged, so a page never passes what it never checked.
- An explicit pace is placed on the zone ladder through the athlete's `paces` (the band
  holding the pace's midpoint, or the nearest band; where bands overlap, the band with the
  nearer middle, and on an exact tie the easier zone). Without `paces`, two explicit paces
  compare with each other (faster = harder), but a pace next to a zone cannot be compared,
  so rules needing that comparison give no finding for that pair and are named unjudged.
- "Distinct stages" merge consecutive stages with the same target: `30min easy, 30min easy`
  is one stage of effort, so it is too few stages for a progression.
- The finish is the last running stage. Phase fit (§4): base finishes at steady or
  marathon; transition at marathon, or with at most `transition_threshold_max_s` at
  threshold; long runs at steady (Pfitzinger's long runs finish ~10% slower than M) or
  marathon pace. A phase-mismatch is not reported when the finish is already too hard.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from athletes.paces import KM_PER_UNIT, PaceRange, format_mmss

# The ladder of running intensities (docs/running.md §2.1); interval and repetition exist so a plan
# using them can be named and refused, not because a progression run may use them.
ZONES: dict[str, int] = {
    "easy": 1,
    "steady": 2,
    "marathon": 3,
    "threshold": 4,
    "interval": 5,
    "repetition": 6,
}
# Not running: a plan holding one of these is not continuous.
NON_RUNNING: frozenset[str] = frozenset({"rest", "walk", "recovery"})
ZONE_NAMES: frozenset[str] = frozenset(ZONES) | NON_RUNNING

PHASES: tuple[str, ...] = ("base", "transition", "long_run")

# Seconds per km times this is seconds per unit: messages speak the athlete's units.
PACE_UNITS: dict[str, float] = KM_PER_UNIT

# Every finding code of docs/running.md §1.3 with its severity, in the order findings come.
SEVERITIES: dict[str, str] = {
    "not-continuous": "error",
    "too-few-stages": "error",
    "intensity-drops": "error",
    "finish-too-hard": "error",
    "abrupt-jump": "warning",
    "easy-share": "warning",
    "stage-length": "warning",
    "phase-mismatch": "warning",
}

# What each rule checks, as a sentence names it: "choose an athlete to check the easy share".
RULE_SUBJECTS: dict[str, str] = {
    "not-continuous": "that the run is continuous",
    "too-few-stages": "the number of stages",
    "intensity-drops": "that the effort only rises",
    "finish-too-hard": "the finish",
    "abrupt-jump": "the steps between zones",
    "easy-share": "the easy share",
    "stage-length": "the length of each step",
    "phase-mismatch": "the finish against the phase",
}

# The slowest and fastest finishing zone each phase calls for (docs/running.md §4.2).
PHASE_FINISH: dict[str, tuple[str, str]] = {
    "base": ("steady", "marathon"),
    "transition": ("marathon", "marathon"),
    "long_run": ("steady", "marathon"),
}
_PHASE_ADVICE = {
    "base": "in the base phase, finish at steady, at most marathon pace",
    "transition": "in the transition phase, finish at marathon pace, with at most {limit} "
    "just below threshold",
    "long_run": "a fast-finish long run ends at steady or marathon pace",
}

_ZONE_BY_STEP = {step: zone for zone, step in ZONES.items()}
# Shares and durations come from float sums; a plan exactly on a boundary must pass.
_EPSILON = 1e-9


@dataclass(frozen=True)
class Stage:
    """One stage of a progression run: a duration or a distance, at a zone or a pace range.

    Durations are in seconds, distances in metres, paces in seconds per km.
    """

    duration_s: float | None = None
    distance_m: float | None = None
    zone: str | None = None
    pace: PaceRange | None = None

    def __post_init__(self) -> None:
        _check_amount(self.duration_s, self.distance_m)
        _check_target(self.zone, self.pace)

    @property
    def is_running(self) -> bool:
        """Whether the runner keeps running through this stage (no rest, walk or recovery)."""
        return self.zone not in NON_RUNNING


def _check_amount(duration_s: float | None, distance_m: float | None) -> None:
    if duration_s is None and distance_m is None:
        raise ValueError("a stage needs a duration or a distance")
    if duration_s is not None and distance_m is not None:
        raise ValueError("a stage needs a duration or a distance, not both")
    if duration_s is not None and not (math.isfinite(duration_s) and duration_s > 0):
        raise ValueError(f"a stage of {duration_s / 60:g} minutes is not a stage")
    if distance_m is not None and not (math.isfinite(distance_m) and distance_m > 0):
        raise ValueError(f"a stage of {distance_m:g} metres is not a stage")


def _check_target(zone: str | None, pace: PaceRange | None) -> None:
    if zone is None and pace is None:
        raise ValueError("a stage needs a target: a zone or a pace range")
    if zone is not None and pace is not None:
        raise ValueError("a stage targets a zone or a pace range, not both")
    if zone is not None and zone not in ZONE_NAMES:
        raise ValueError(
            f"unknown zone {zone!r}; use easy, steady, marathon, threshold, interval, "
            "repetition, rest, walk or recovery"
        )
    if pace is not None:
        _check_pace(pace)


def _check_pace(pace: PaceRange) -> None:
    fast, slow = pace.fast_s_per_km, pace.slow_s_per_km
    if not (math.isfinite(fast) and math.isfinite(slow) and fast > 0):
        raise ValueError("a pace range needs paces above 0 s/km")
    if fast > slow:
        raise ValueError(
            f"a pace range's fast end ({format_mmss(fast)}/km) must not be slower than its slow end "
            f"({format_mmss(slow)}/km)"
        )


@dataclass(frozen=True)
class Finding:
    """What the checker says about a plan; `stage_index` is 0-based, None for the whole run."""

    code: str
    severity: str
    stage_index: int | None
    message: str


@dataclass(frozen=True)
class Rules:
    """The coach-overridable defaults of the progression-run rules (docs/running.md §1.3)."""

    min_stages: int = 2
    # Zone steps allowed between consecutive stages: easy → steady is one step.
    max_zone_step: int = 1
    easy_share_min: float = 0.50
    easy_share_max: float = 0.70
    # After the easy portion each step lasts 10–20 minutes ...
    stage_min_s: float = 600
    stage_max_s: float = 1200
    # ... unless the run has at most this many distinct stages.
    few_stages_max: int = 3
    finish_ceiling: str = "threshold"
    # "A few minutes just below threshold at most" in the transition phase.
    transition_threshold_max_s: float = 600

    def __post_init__(self) -> None:
        if self.min_stages < 1 or self.max_zone_step < 1 or self.few_stages_max < 1:
            raise ValueError("stage counts and zone steps must be at least 1")
        if not 0 <= self.easy_share_min <= self.easy_share_max <= 1:
            raise ValueError("the easy share needs 0 ≤ minimum ≤ maximum ≤ 100%")
        if not 0 < self.stage_min_s <= self.stage_max_s:
            raise ValueError("a step length needs 0 < minimum ≤ maximum")
        if self.finish_ceiling not in ZONES:
            raise ValueError(f"unknown finish ceiling zone {self.finish_ceiling!r}")
        if self.transition_threshold_max_s < 0:
            raise ValueError("the transition phase's threshold time cannot be negative")


DEFAULT_RULES = Rules()


def zone_of_pace(pace_s_per_km: float, paces: Mapping[str, PaceRange]) -> str:
    """The zone whose band holds this pace, else the nearest band.

    Bands may touch or overlap (Canova's steady reaches into Daniels' easy range), so a
    pace in two bands goes to the one whose middle is nearer, and an exact tie to the
    easier zone: a pace is never read as harder than the coach can be sure of.
    """

    def nearness(zone: str) -> tuple[float, float, int]:
        band = paces[zone]
        outside = max(band.fast_s_per_km - pace_s_per_km, pace_s_per_km - band.slow_s_per_km, 0)
        return outside, abs(pace_s_per_km - _midpoint(band)), ZONES[zone]

    return min(ZONES, key=nearness)


def stage_intensity(stage: Stage, paces: Mapping[str, PaceRange] | None = None) -> int | None:
    """The stage's step on the zone ladder (easy=1 … repetition=6; rest, walk, recovery 0).

    An explicit pace needs the athlete's paces to be placed; without them it is None.
    """
    if stage.zone is not None:
        return ZONES.get(stage.zone, 0)
    if paces is None:
        return None
    return ZONES[zone_of_pace(_midpoint(stage.pace), paces)]


def stage_duration_s(stage: Stage, paces: Mapping[str, PaceRange] | None = None) -> float | None:
    """The stage's planned or expected duration in seconds, None when it cannot be known.

    A distance is run at the midpoint of its pace band; rest, walk and recovery have no
    pace band, so by distance their duration is unknown.
    """
    if stage.duration_s is not None:
        return stage.duration_s
    if stage.pace is not None:
        band = stage.pace
    elif paces is not None and stage.zone in paces:
        band = paces[stage.zone]
    else:
        return None
    return stage.distance_m / 1000 * _midpoint(band)


def total_duration_s(
    stages: Sequence[Stage], paces: Mapping[str, PaceRange] | None = None
) -> float | None:
    """The run's planned or expected duration in seconds, None when a stage's is unknown."""
    durations = [stage_duration_s(stage, paces) for stage in stages]
    if any(duration is None for duration in durations):
        return None
    return sum(durations)


def is_blocking(findings: Sequence[Finding]) -> bool:
    """Whether the plan cannot be saved as a progression run (any finding is an error)."""
    return any(finding.severity == "error" for finding in findings)


@dataclass(frozen=True)
class _Plan:
    """A plan with what can be known about each stage, computed once for every rule."""

    stages: tuple[Stage, ...]
    paces: Mapping[str, PaceRange] | None
    phase: str | None
    intensities: tuple[int | None, ...]
    durations: tuple[float | None, ...]
    running: tuple[int, ...]
    unit: str = "km"
    # Rules that met a time or zone they needed and could not know; filled as rules run.
    unjudged: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Judgement:
    """What the rules say about a plan, and which rules it gave too little to judge."""

    findings: list[Finding]
    # Codes of rules that need a time or a zone the plan leaves unknown (without the
    # athlete's paces, usually), in the order of SEVERITIES; a rule with a finding is
    # broken whatever the unknowns, so it is never among them.
    unjudged: tuple[str, ...]


def check_progression(
    stages: Sequence[Stage],
    *,
    phase: str | None = None,
    rules: Rules | None = None,
    paces: Mapping[str, PaceRange] | None = None,
    unit: str = "km",
) -> list[Finding]:
    """The findings of `judge_progression`: what the rules say against the plan."""
    return judge_progression(stages, phase=phase, rules=rules, paces=paces, unit=unit).findings


def judge_progression(
    stages: Sequence[Stage],
    *,
    phase: str | None = None,
    rules: Rules | None = None,
    paces: Mapping[str, PaceRange] | None = None,
    unit: str = "km",
) -> Judgement:
    """Check a planned progression run against the rules of docs/running.md §1.3 and §4.2.

    `phase` is "base", "transition", "long_run" or None (no phase rule). `paces` maps the
    six zones to the athlete's pace bands; with it, distances become expected durations
    and explicit paces land on the zone ladder. Messages give paces per `unit` ("km" or
    "mi"), the athlete's. Errors come first, in the order of §1. The rules that could not
    be judged with what is known come back in `unjudged`.
    """
    if unit not in PACE_UNITS:
        raise ValueError(f"unit must be 'km' or 'mi', not {unit!r}")
    if phase is not None and phase not in PHASES:
        raise ValueError(f"phase must be base, transition, long_run or None, not {phase!r}")
    rules = DEFAULT_RULES if rules is None else rules
    stages = tuple(stages)
    plan = _Plan(
        stages=stages,
        paces=paces,
        phase=phase,
        intensities=tuple(stage_intensity(stage, paces) for stage in stages),
        durations=tuple(stage_duration_s(stage, paces) for stage in stages),
        running=tuple(i for i, stage in enumerate(stages) if stage.is_running),
        unit=unit,
    )
    findings = [finding for rule in _RULES for finding in rule(plan, rules)]
    broken = {finding.code for finding in findings}
    unjudged = tuple(code for code in SEVERITIES if code in plan.unjudged - broken)
    return Judgement(findings=findings, unjudged=unjudged)


def _finding(code: str, stage_index: int | None, message: str) -> Finding:
    return Finding(code, SEVERITIES[code], stage_index, message)


def _not_continuous(plan: _Plan, rules: Rules) -> list[Finding]:
    return [
        _finding(
            "not-continuous",
            i,
            f"Stage {i + 1} is a {stage.zone} stage; a progression run is one continuous run, "
            "with no rest, walking or recovery.",
        )
        for i, stage in enumerate(plan.stages)
        if not stage.is_running
    ]


def _too_few_stages(plan: _Plan, rules: Rules) -> list[Finding]:
    distinct = len(_groups(plan.stages, 0))
    if distinct >= rules.min_stages:
        return []
    if plan.stages and distinct < len(plan.stages):
        counted = (
            f"{distinct} distinct stage{'' if distinct == 1 else 's'} "
            f"(its {len(plan.stages)} stages repeat a target)"
        )
    else:
        counted = f"{distinct} stage{'' if distinct == 1 else 's'}"
    return [
        _finding(
            "too-few-stages",
            None,
            f"The run has {counted}; a progression run needs at least {rules.min_stages} "
            "stages of rising effort.",
        )
    ]


def _intensity_drops(plan: _Plan, rules: Rules) -> list[Finding]:
    findings = []
    for before, after in _running_pairs(plan):
        drops = _drops(plan, before, after)
        if drops is None:
            plan.unjudged.add("intensity-drops")
        elif drops:
            findings.append(
                _finding(
                    "intensity-drops",
                    after,
                    f"Stage {after + 1} ({_label(plan.stages[after], plan.unit)}) is easier than stage "
                    f"{before + 1} ({_label(plan.stages[before], plan.unit)}); the effort of a progression "
                    "run only rises.",
                )
            )
    return findings


def _drops(plan: _Plan, before: int, after: int) -> bool | None:
    """Whether effort falls from one running stage to the next; None when it cannot be told."""
    first, second = plan.stages[before], plan.stages[after]
    if first.pace is not None and second.pace is not None:
        # Two explicit paces compare directly: a slower pace is an easier stage.
        return _midpoint(second.pace) > _midpoint(first.pace) + _EPSILON
    low, high = plan.intensities[before], plan.intensities[after]
    if low is None or high is None:
        return None
    return high < low


def _finish_too_hard(plan: _Plan, rules: Rules) -> list[Finding]:
    if not plan.running:
        return []
    last = plan.running[-1]
    stage = plan.stages[last]
    ceiling = rules.finish_ceiling
    if stage.pace is None:
        if ZONES[stage.zone] <= ZONES[ceiling]:
            return []
        message = (
            f"The final stage is at {stage.zone} pace, harder than {ceiling}; finish strong "
            f"but no faster than {ceiling} pace."
        )
    else:
        if plan.paces is None:
            plan.unjudged.add("finish-too-hard")
            return []
        limit = plan.paces[ceiling].fast_s_per_km
        if _midpoint(stage.pace) >= limit - _EPSILON:
            return []
        message = (
            f"The final stage's pace {_label(stage, plan.unit)} is faster than the athlete's {ceiling} "
            f"pace ({format_mmss(limit * PACE_UNITS[plan.unit])}/{plan.unit}); finish strong but no faster than {ceiling}."
        )
    return [_finding("finish-too-hard", last, message)]


def _abrupt_jump(plan: _Plan, rules: Rules) -> list[Finding]:
    findings = []
    for before, after in _running_pairs(plan):
        low, high = plan.intensities[before], plan.intensities[after]
        if low is None or high is None:
            plan.unjudged.add("abrupt-jump")
            continue
        if high - low <= rules.max_zone_step:
            continue
        findings.append(
            _finding(
                "abrupt-jump",
                after,
                f"Stage {after + 1} jumps from {_ZONE_BY_STEP[low]} to {_ZONE_BY_STEP[high]}, "
                f"{high - low} zone steps at once; rise by at most {rules.max_zone_step} "
                f"step{'' if rules.max_zone_step == 1 else 's'} at a time "
                "(easy → steady → marathon → threshold).",
            )
        )
    return findings


def _easy_share(plan: _Plan, rules: Rules) -> list[Finding]:
    end = _easy_end(plan)
    measured = _weights(plan)
    if end is None or measured is None:
        plan.unjudged.add("easy-share")
        return []
    weights, measure = measured
    total = sum(weights)
    if total == 0:
        return []
    share = sum(weights[:end]) / total
    if rules.easy_share_min - _EPSILON <= share <= rules.easy_share_max + _EPSILON:
        return []
    aim = f"aim for {_percent(rules.easy_share_min)[:-1]}–{_percent(rules.easy_share_max)}"
    if end == 0:
        message = (
            f"The run starts at {_label(plan.stages[0], plan.unit)}, so the easy portion is 0% of the "
            f"run's {measure}; start easy and {aim}."
        )
    else:
        message = f"The easy portion is {_percent(share)} of the run's {measure}; {aim}."
    return [_finding("easy-share", None, message)]


def _stage_length(plan: _Plan, rules: Rules) -> list[Finding]:
    # The easy portion is one step however it is split; a run that doesn't start easy
    # starts with its first stage instead.
    head = max(_easy_end(plan) or 0, 1)
    steps = _groups(plan.stages, head)
    if 1 + len(steps) <= rules.few_stages_max:
        return []
    if any(duration is None for duration in plan.durations):
        plan.unjudged.add("stage-length")
        return []
    findings = []
    for step in steps:
        lasts = sum(plan.durations[i] for i in step)
        if rules.stage_min_s - _EPSILON <= lasts <= rules.stage_max_s + _EPSILON:
            continue
        names = f"Stage {step[0] + 1}" if len(step) == 1 else f"Stages {step[0] + 1}–{step[-1] + 1}"
        findings.append(
            _finding(
                "stage-length",
                step[0],
                f"{names} ({_label(plan.stages[step[0]], plan.unit)}) "
                f"{'lasts' if len(step) == 1 else 'last'} {_minutes(lasts)}; after the easy "
                f"portion each step should last {_minutes(rules.stage_min_s)} to "
                f"{_minutes(rules.stage_max_s)}, unless the run has only "
                f"{rules.few_stages_max} stages or fewer.",
            )
        )
    return findings


def _phase_mismatch(plan: _Plan, rules: Rules) -> list[Finding]:
    if plan.phase is None or not plan.running or _finish_too_hard(plan, rules):
        return []
    last = plan.running[-1]
    step = plan.intensities[last]
    if step is None:
        plan.unjudged.add("phase-mismatch")
        return []
    lowest, highest = (ZONES[zone] for zone in PHASE_FINISH[plan.phase])
    if lowest <= step <= highest:
        return []
    advice = _PHASE_ADVICE[plan.phase].format(limit=_minutes(rules.transition_threshold_max_s))
    finish = f"The run finishes at {_ZONE_BY_STEP[step]}"
    if step < lowest:
        message = f"{finish}, short of {_ZONE_BY_STEP[lowest]} pace; {advice}."
    elif plan.phase == "transition" and step == ZONES["threshold"]:
        at_threshold = _trailing_duration_s(plan, step)
        if at_threshold is None:
            plan.unjudged.add("phase-mismatch")
            return []
        if at_threshold <= rules.transition_threshold_max_s + _EPSILON:
            return []
        message = f"{finish} for {_minutes(at_threshold)}; {advice}."
    else:
        message = f"{finish}; {advice}."
    return [_finding("phase-mismatch", last, message)]


_RULES = (
    _not_continuous,
    _too_few_stages,
    _intensity_drops,
    _finish_too_hard,
    _abrupt_jump,
    _easy_share,
    _stage_length,
    _phase_mismatch,
)


def _running_pairs(plan: _Plan) -> list[tuple[int, int]]:
    """Consecutive running stages; a rest between two stages is judged on its own."""
    return list(zip(plan.running, plan.running[1:], strict=False))


def _groups(stages: Sequence[Stage], start: int) -> list[list[int]]:
    """Indices from `start` on, grouped into runs of consecutive stages with one target."""
    groups: list[list[int]] = []
    for i in range(start, len(stages)):
        if groups and _target(stages[i]) == _target(stages[groups[-1][-1]]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _target(stage: Stage) -> tuple[str | None, PaceRange | None]:
    return stage.zone, stage.pace


def _easy_end(plan: _Plan) -> int | None:
    """The index after the leading easy stages; None when an unplaced pace interrupts them."""
    for i, step in enumerate(plan.intensities):
        if step is None:
            return None
        if step != ZONES["easy"]:
            return i
    return len(plan.intensities)


def _weights(plan: _Plan) -> tuple[list[float], str] | None:
    """How much each stage weighs in the run: its time, else its distance, else unknown."""
    if all(duration is not None for duration in plan.durations):
        return list(plan.durations), "time"
    if all(stage.distance_m is not None for stage in plan.stages):
        return [stage.distance_m for stage in plan.stages], "distance"
    return None


def _trailing_duration_s(plan: _Plan, step: int) -> float | None:
    """How long the run stays at `step` at its end, None when a duration is unknown."""
    total = 0.0
    for i in reversed(plan.running):
        if plan.intensities[i] != step:
            break
        if plan.durations[i] is None:
            return None
        total += plan.durations[i]
    return total


def _midpoint(band: PaceRange) -> float:
    return (band.fast_s_per_km + band.slow_s_per_km) / 2


def _label(stage: Stage, unit: str) -> str:
    if stage.zone is not None:
        return stage.zone
    per_unit = PACE_UNITS[unit]
    fast = format_mmss(stage.pace.fast_s_per_km * per_unit)
    slow = format_mmss(stage.pace.slow_s_per_km * per_unit)
    return f"@{fast}/{unit}" if fast == slow else f"@{fast}–{slow}/{unit}"


def _minutes(seconds: float) -> str:
    """A duration as a coach says it: "12 minutes", "9:59 min", "9:59.5 min"."""
    whole = round(seconds)
    if abs(seconds - whole) >= 1e-6:
        minutes, rest = divmod(seconds, 60)
        return f"{int(minutes)}:{rest:04.1f} min"
    if whole % 60:
        return f"{format_mmss(whole)} min"
    return f"{whole // 60} minute{'' if whole == 60 else 's'}"


def _percent(share: float) -> str:
    percent = share * 100
    if abs(percent - round(percent)) < 1e-6:
        return f"{round(percent)}%"
    return f"{percent:.1f}%"
