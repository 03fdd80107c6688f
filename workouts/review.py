"""The review of a recorded run against its planned progression (docs/running.md §3).

What a coach wants to know of a progression run: was each stage run at its pace, was the
start easy, did the effort only rise, was there a surge or a stop, was the finish strong but
not a sprint, and how much of the plan was done. No Django here: a `Recording` of
`workouts/recording.py` and the plan's `Stage`s go in, a `Review` of plain values comes out.

Choices where docs/running.md §3 leaves room (ours):

- The clock is moving time: the timer's pauses and standing still for more than 15 s are in
  no stage. `start_s`, `end_s` and a finding's `at_s` are seconds from the recording's start.
- Paces are time over the device's distance. Windowed paces (surges, time in band) are
  centred windows of 200 m. Where the recording has elevation (not on a treadmill), verdicts,
  surges and boundaries are judged on grade-adjusted pace (Minetti), grades taken over 50 m.
- A verdict is too fast or too slow only beyond the coach's tolerance outside the band; a
  surge is a window faster than the band's fast end by twice the tolerance for 30 s or more,
  that drops back before the stage ends.
- The easy start ends at the split's boundary, or earlier where the pace left easy for good
  (3 minutes of windows beyond the tolerance faster than easy). Its share is judged only when
  the amount run is on plan (green) and the start was not already too fast: a run cut short
  already says so, and its share of easy running says nothing more.
- A run with four or more fast bursts (centred 200 m windows 8% faster than the run's
  median pace) is intervals, not a progression: it gets no pace verdicts and no pacing
  findings, and a note says why.
- A stop of twice the allowed pause or longer (2 minutes by default) is "serious", a shorter
  one a "warning"; so is an orange amount (below half or above 150% of the plan).
"""

import bisect
import itertools
import math
import operator
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from athletes.paces import (
    SPEED_MAX_M_PER_S,
    HrRange,
    PaceRange,
    format_duration,
    format_pace,
    heat_slowdown_pct,
    minetti_cost,
)
from workouts.progression import NON_RUNNING, ZONES, Stage, stage_duration_s, zone_of_pace
from workouts.recording import Recording

# Standing still: slower than this for longer than STILL_MAX_S is not running (§3.3).
STILL_SPEED_M_PER_S = 0.3
STILL_MAX_S = 15.0
PACE_WINDOW_M = 200.0
GRADE_WINDOW_M = 50.0
BOUNDARY_SHIFT_S = 60.0  # a time or distance boundary moves at most this far to the pace change
BOUNDARY_PROBE_S = 60.0  # the pace compared either side of a candidate boundary
BOUNDARY_MIN_CHANGE_M_PER_S = 0.05  # about 3 s/km at 5:00/km: less is no pace change
HR_LAG_S = 60.0
HR_SPIKE_BPM = 25  # further than this from its neighbours' median: a spike
HR_SPIKE_NEIGHBOURS = 5
HR_CADENCE_LOCK_BPM = 3  # an optical sensor reading the arm swing: HR equals cadence
HR_GAP_MAX_S = 10.0  # a reading is not held across a longer dropout
SURGE_MIN_S = 30.0
STAGE_JUDGED_MIN_S = 60.0  # a stage run for less (cut short) gets no verdict
EASY_LEFT_S = 180.0  # faster than easy for this long: the easy start is over (a surge is less)
INTERVAL_BURST_FACTOR = 0.92
INTERVAL_MIN_BURSTS = 4

SplitBasis = Literal["workout-steps", "laps", "time", "distance"]

# Every finding code of docs/running.md §3.5, in the order findings come.
FINDING_CODES = (
    "started-too-fast",
    "not-progressive",
    "surge",
    "stopped",
    "finish-too-hard",
    "finish-missed",
    "easy-share",
    "short",
    "long",
)


@dataclass(frozen=True)
class ReviewRules:
    """The coach's review tolerances (the rules page, `CoachRules`), with their defaults."""

    pace_tolerance_s_per_km: float = 8
    compliance_green_min_pct: float = 80
    compliance_green_max_pct: float = 120
    compliance_yellow_min_pct: float = 50
    compliance_yellow_max_pct: float = 150
    easy_share_review_points: float = 10
    pause_max_s: float = 60

    def __post_init__(self) -> None:
        if not (
            0
            <= self.compliance_yellow_min_pct
            <= self.compliance_green_min_pct
            <= 100
            <= self.compliance_green_max_pct
            <= self.compliance_yellow_max_pct
        ):
            raise ValueError("compliance bands need near-from ≤ on-from ≤ 100 ≤ on-to ≤ near-to")
        if self.pace_tolerance_s_per_km < 0 or self.easy_share_review_points < 0:
            raise ValueError("tolerances cannot be negative")
        if self.pause_max_s <= 0:
            raise ValueError("the longest pause allowed must be above 0 s")


@dataclass(frozen=True)
class Conditions:
    """The weather the run was run in, as logged."""

    temp_c: float
    dew_point_c: float


@dataclass(frozen=True)
class Finding:
    code: str
    stage_index: int | None
    at_s: float | None
    message: str
    severity: str = "warning"  # or "serious"


@dataclass(frozen=True)
class StageReview:
    index: int
    zone: str | None
    planned_s: float | None
    planned_m: float | None
    start_s: float
    end_s: float
    actual_s: float
    distance_m: float | None
    pace_s_per_km: float | None
    gap_s_per_km: float | None
    avg_hr: int | None
    time_in_band_s: float | None
    verdict: str | None  # "on-target", "too-fast", "too-slow"
    band: PaceRange | None = None


@dataclass(frozen=True)
class Review:
    split_by: SplitBasis
    stages: tuple[StageReview, ...]
    findings: tuple[Finding, ...]
    compliance: str | None  # "green", "yellow", "orange" ("red" is a run never logged)
    timer_s: float
    moving_s: float
    distance_m: float | None
    avg_hr: int | None
    low_confidence: bool = False
    notes: tuple[str, ...] = ()

    @property
    def codes(self) -> list[str]:
        return [finding.code for finding in self.findings]


# -- The moving timeline -----------------------------------------------------------------


@dataclass
class _Timeline:
    """The run as moving intervals; edge k+1 closes interval k."""

    m: list[float] = field(default_factory=lambda: [0.0])  # moving clock
    t: list[float] = field(default_factory=list)  # elapsed at each edge
    d: list[float] = field(default_factory=lambda: [0.0])  # device distance
    g: list[float] = field(default_factory=lambda: [0.0])  # judging distance (grade-adjusted)
    hr: list[float | None] = field(default_factory=list)  # per interval
    stops: list[tuple[float, float]] = field(default_factory=list)  # (elapsed start, length)

    @property
    def moving_s(self) -> float:
        return self.m[-1]

    def elapsed_at(self, moving_s: float) -> float:
        k = min(bisect.bisect_left(self.m, moving_s), len(self.m) - 1)
        return self.t[k] - (self.m[k] - moving_s)

    def moving_at(self, elapsed_s: float) -> float:
        return _interp(self.t, self.m, elapsed_s)

    def edge(self, moving_s: float) -> int:
        return bisect.bisect_left(self.m, moving_s)


def _interp(xs: Sequence[float], ys: Sequence[float], x: float) -> float:
    """Linear interpolation in a non-decreasing xs, held at the ends."""
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    k = bisect.bisect_right(xs, x)
    x0, x1 = xs[k - 1], xs[k]
    return ys[k - 1] + (ys[k] - ys[k - 1]) * (x - x0) / (x1 - x0)


def _interp_walk(xs: Sequence[float], ys: Sequence[float], targets) -> list[float]:
    """`_interp` at each of the non-decreasing targets, the same values, walking xs once
    rather than bisecting it for each."""
    first, last = xs[0], xs[-1]
    y_first, y_last = ys[0], ys[-1]
    out = []
    k = 1  # as bisect_right has it: xs[k - 1] <= x < xs[k]
    for x in targets:
        if x <= first:
            out.append(y_first)
            continue
        if x >= last:
            out.append(y_last)
            continue
        while xs[k] <= x:
            k += 1
        x0 = xs[k - 1]
        out.append(ys[k - 1] + (ys[k] - ys[k - 1]) * (x - x0) / (xs[k] - x0))
    return out


def _distances(recording: Recording) -> list[float] | None:
    """Cumulative distance per sample: the device's, else its speed, else the GPS track."""
    samples = recording.samples
    if any(s.distance_m is not None for s in samples):
        out, last = [], 0.0
        for s in samples:
            d = s.distance_m  # max(last, d), written out: this runs once a sample
            last = d if d is not None and d > last else last
            out.append(last)
        return [d - out[0] for d in out]
    if any(s.speed_mps is not None for s in samples):
        out, speed = [0.0], 0.0
        for a, b in zip(samples, samples[1:], strict=False):
            if a.speed_mps is not None and a.speed_mps <= SPEED_MAX_M_PER_S:
                speed = a.speed_mps
            out.append(out[-1] + speed * (b.t_s - a.t_s))
        return out
    if any(s.lat is not None and s.lon is not None for s in samples):
        out, kept, total = [], None, 0.0
        for s in samples:
            if s.lat is not None and s.lon is not None:
                if kept is None:
                    kept = s
                else:
                    step = _haversine_m(kept.lat, kept.lon, s.lat, s.lon)
                    # A point further than anyone can run from the last one is a GPS jump.
                    if step <= SPEED_MAX_M_PER_S * max(s.t_s - kept.t_s, 1e-9):
                        total, kept = total + step, s
            out.append(total)
        return out
    return None


def _haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def _grades(recording: Recording, dist: list[float]) -> list[float] | None:
    """The grade of each sample interval, taken over GRADE_WINDOW_M around its middle."""
    if recording.is_treadmill or all(s.elevation_m is None for s in recording.samples):
        return None
    elevations, last = [], None
    for s in recording.samples:
        last = s.elevation_m if s.elevation_m is not None else last
        elevations.append(last)
    first = next(e for e in elevations if e is not None)
    elevations = [first if e is None else e for e in elevations]
    half, total = GRADE_WINDOW_M / 2, dist[-1]
    middles = [(a + b) / 2 for a, b in zip(dist, dist[1:], strict=False)]
    # max(middle - half, 0.0) and min(middle + half, total), written out (once a sample).
    lows = [0.0 if 0.0 > low else low for low in (middle - half for middle in middles)]
    highs = [total if total < high else high for high in (middle + half for middle in middles)]
    if all(map(operator.le, dist, dist[1:])):  # the walk needs distances in order
        at_low, at_high = (
            _interp_walk(dist, elevations, lows),
            _interp_walk(dist, elevations, highs),
        )
    else:
        at_low = [_interp(dist, elevations, x) for x in lows]
        at_high = [_interp(dist, elevations, x) for x in highs]
    return [
        (e_high - e_low) / (high - low) if high - low >= GRADE_WINDOW_M / 5 else 0.0
        for low, high, e_low, e_high in zip(lows, highs, at_low, at_high, strict=True)
    ]


def _clean_hr(recording: Recording) -> tuple[list[float | None], str | None]:
    """Heart rate per sample with spikes left out; none at all when it follows the cadence."""
    samples = recording.samples
    raw = [s.hr_bpm if s.hr_bpm is not None and 25 <= s.hr_bpm <= 250 else None for s in samples]
    cadences = [s.cadence_spm for s in samples]
    # Where both were measured: whether HR is the cadence (bools, not a tuple a sample).
    locked = [
        abs(h - c) <= HR_CADENCE_LOCK_BPM for h, c in zip(raw, cadences, strict=True) if h and c
    ]
    if locked and sum(locked) * 2 >= len(locked):
        return [None] * len(samples), "The heart rate follows the cadence: it is left out."
    clean: list[float | None] = []
    reach, count = HR_SPIKE_NEIGHBOURS, len(raw)
    # The readings of raw[k - reach : k + reach + 1], kept sorted as the window slides.
    around = sorted(v for v in raw[:reach] if v is not None)
    for k, h in enumerate(raw):
        if k + reach < count and raw[k + reach] is not None:
            bisect.insort(around, raw[k + reach])
        if k > reach and raw[k - reach - 1] is not None:
            around.remove(raw[k - reach - 1])
        # A missing reading needs no median, nor one within HR_SPIKE_BPM of every reading
        # around it (the median is one of them, or between two).
        if h is not None and around[-1] - around[0] > HR_SPIKE_BPM:
            n = len(around)  # the median, as statistics.median has it (h itself is in around)
            median = around[n // 2] if n % 2 else (around[n // 2 - 1] + around[n // 2]) / 2
            h = None if abs(h - median) > HR_SPIKE_BPM else h
        clean.append(h)
    return clean, None


def _pause_overlap(pauses: Sequence[tuple[float, float]], t0: float, t1: float) -> float:
    total = 0.0  # a loop, not sum() of a generator: this runs once a sample
    for start, end in pauses:
        overlap = min(t1, end) - max(t0, start)
        if overlap > 0:
            total += overlap
    return total


def _timeline(recording: Recording, notes: list[str]) -> tuple[_Timeline, bool, bool]:
    """The moving intervals of the run, whether it has distances, and whether grades."""
    samples = recording.samples
    dist = _distances(recording)
    has_distance = dist is not None
    dist = dist or [0.0] * len(samples)
    grades = _grades(recording, dist)
    hr, hr_note = _clean_hr(recording)
    if hr_note:
        notes.append(hr_note)
    pauses = [(p.start_s, p.end_s) for p in recording.pauses]
    # An interval wholly before the first pause or after the last overlaps none of them.
    paused_from = min((start for start, _ in pauses), default=math.inf)
    paused_to = max((end for _, end in pauses), default=-math.inf)
    cost0 = minetti_cost(0.0)
    # The sample intervals, column by column (a list each, not a tuple per interval: this
    # runs once a sample): elapsed start and end, length, moving s (less any pause).
    times = [s.t_s for s in samples]
    starts, ends = times[:-1], times[1:]
    spans = [t1 - t0 for t0, t1 in zip(starts, ends, strict=True)]
    movings = [
        span - _pause_overlap(pauses, t0, t1) if t1 > paused_from and t0 < paused_to else span
        for t0, t1, span in zip(starts, ends, spans, strict=True)
    ]
    # Distance, grade and heart rate of each interval; those with no moving time are left out.
    dds = [0.0 if 0.0 > dd else dd for dd in map(operator.sub, dist[1:], dist)]  # max(dd, 0.0)
    held = [h if span <= HR_GAP_MAX_S else None for h, span in zip(hr, spans, strict=False)]
    moved = [not moving <= 1e-9 for moving in movings]  # (a NaN is kept, as it was)
    if not all(moved):
        starts, ends, movings, dds, held, grades = (
            list(itertools.compress(column, moved)) if column else column
            for column in (starts, ends, movings, dds, held, grades)
        )
    gds = dds  # the judging distance: grade-adjusted where the run has grades
    if grades:
        gds = [dd * minetti_cost(grade) / cost0 for dd, grade in zip(dds, grades, strict=True)]
    # A spell of standing still (with distance known) longer than STILL_MAX_S is a stop.
    spells: list[list[int]] = []  # [first, last] interval of each spell
    if has_distance:
        for k, moving in enumerate(movings):
            if dds[k] < STILL_SPEED_M_PER_S * moving:
                if spells and spells[-1][1] == k - 1:
                    spells[-1][1] = k
                else:
                    spells.append([k, k])
    kept = [True] * len(movings)
    stops = []
    for first, last in spells:
        if sum(movings[first : last + 1]) > STILL_MAX_S:
            stops.append((starts[first], ends[last] - starts[first]))
            kept[first : last + 1] = [False] * (last + 1 - first)
    line = _Timeline(
        m=list(itertools.accumulate(itertools.compress(movings, kept), initial=0.0)),
        t=[starts[0] if starts else 0.0, *itertools.compress(ends, kept)],
        d=list(itertools.accumulate(itertools.compress(dds, kept), initial=0.0)),
        g=list(itertools.accumulate(itertools.compress(gds, kept), initial=0.0)),
        hr=list(itertools.compress(held, kept)),
        stops=stops,
    )
    line.stops.extend((start, end - start) for start, end in pauses)
    line.stops.sort()
    return line, has_distance, grades is not None


# -- Splitting into stages ---------------------------------------------------------------


def _step_split(recording: Recording, count: int, line: _Timeline) -> list[float] | None:
    """Boundaries (moving s) from laps carrying the watch workout's step index."""
    groups: list[list] = []  # [step index, end_s]
    for lap in recording.laps:
        if lap.workout_step_index is None:
            continue
        if groups and groups[-1][0] == lap.workout_step_index:
            groups[-1][1] = lap.end_s  # a tail lap of the same step merges into it
        else:
            groups.append([lap.workout_step_index, lap.end_s])
    if len(groups) != count:
        return None
    return [line.moving_at(end) for _, end in groups[:-1]]


def _lap_split(recording: Recording, count: int, line: _Timeline) -> list[float] | None:
    """Boundaries from manual lap presses, when they cut the run into the planned stages."""
    last_t = recording.samples[-1].t_s
    presses = [
        lap.end_s for lap in recording.laps if lap.trigger == "manual" and lap.end_s < last_t
    ]
    if len(presses) != count - 1:
        return None
    return [line.moving_at(t) for t in presses]


def _planned_split(
    planned: Sequence[float], line: _Timeline, *, by_distance: bool, rising: Sequence[int]
) -> list[float]:
    """Boundaries at the planned time or distance, each moved to the pace change nearby."""
    boundaries, so_far, low = [], 0.0, 0.0
    for amount, direction in zip(planned[:-1], rising, strict=True):
        so_far += amount
        at = _interp(line.d, line.m, so_far) if by_distance else min(so_far, line.moving_s)
        at = max(_pace_change(line, at, direction), low)
        boundaries.append(at)
        low = at
    return boundaries


def _rising(before: Stage, after: Stage, paces: Mapping[str, PaceRange] | None) -> int:
    """+1 when the next stage is faster, -1 slower, 0 when unknown or the same."""
    bands = stage_band(before, paces, 0.0), stage_band(after, paces, 0.0)
    if None in bands:
        return 0
    middles = [(band.fast_s_per_km + band.slow_s_per_km) / 2 for band in bands]
    return (middles[0] > middles[1]) - (middles[0] < middles[1])


def _speed(line: _Timeline, start_s: float, end_s: float) -> float:
    return (_interp(line.m, line.g, end_s) - _interp(line.m, line.g, start_s)) / (end_s - start_s)


def _pace_change(line: _Timeline, at_s: float, direction: int) -> float:
    """Where, within BOUNDARY_SHIFT_S of at_s, the pace changes most in the expected sense."""
    if direction == 0:
        return at_s  # no pace change to look for
    best, best_gain = at_s, BOUNDARY_MIN_CHANGE_M_PER_S
    sense = direction
    end = line.moving_s
    for step in range(-int(BOUNDARY_SHIFT_S), int(BOUNDARY_SHIFT_S) + 1):
        t = at_s + step
        if t - BOUNDARY_PROBE_S < 0 or t + BOUNDARY_PROBE_S > end:
            continue
        gain = sense * (
            _speed(line, t, t + BOUNDARY_PROBE_S) - _speed(line, t - BOUNDARY_PROBE_S, t)
        )
        if gain > best_gain + 1e-9 or (
            abs(gain - best_gain) <= 1e-9 and abs(step) < abs(best - at_s)
        ):
            best, best_gain = t, gain
    return best


# -- Paces -------------------------------------------------------------------------------


def _window_paces(line: _Timeline) -> list[float | None]:
    """Seconds per km over PACE_WINDOW_M of judging distance around the middle of each
    interval (none when the run is shorter), walking the timeline once."""
    total = line.g[-1]
    if total < PACE_WINDOW_M:
        return [None] * (len(line.m) - 1)
    half, top = PACE_WINDOW_M / 2, total - PACE_WINDOW_M
    # min(max(middle - half, 0.0), top), written out: this runs once an interval.
    lows = [(a + b) / 2 - half for a, b in zip(line.g, line.g[1:], strict=False)]
    lows = [0.0 if 0.0 > low else low for low in lows]
    lows = [top if top < low else low for low in lows]
    at_low = _interp_walk(line.g, line.m, lows)
    at_high = _interp_walk(line.g, line.m, [low + PACE_WINDOW_M for low in lows])
    return [(high - low) / PACE_WINDOW_M * 1000 for low, high in zip(at_low, at_high, strict=True)]


def stage_band(
    stage: Stage, paces: Mapping[str, PaceRange] | None, heat: float
) -> PaceRange | None:
    """The stage's pace band (its own, else its zone's), slowed by `heat` percent."""
    band = stage.pace or (paces or {}).get(stage.zone)
    if band is None:
        return None
    factor = 1 + heat / 100
    return PaceRange(band.fast_s_per_km * factor, band.slow_s_per_km * factor)


def pace_verdict(pace: float | None, band: PaceRange | None, tolerance: float) -> str | None:
    """On target within the band give or take `tolerance` s/km; none without pace or band."""
    if pace is None or band is None:
        return None
    if pace < band.fast_s_per_km - tolerance:
        return "too-fast"
    if pace > band.slow_s_per_km + tolerance:
        return "too-slow"
    return "on-target"


def _zone(stage: Stage, paces: Mapping[str, PaceRange] | None) -> str | None:
    if stage.zone is not None:
        return stage.zone
    if paces:
        return zone_of_pace((stage.pace.fast_s_per_km + stage.pace.slow_s_per_km) / 2, paces)
    return None


def _bursts(window: Sequence[float | None], line: _Timeline) -> int:
    """How many separate spells the run went well faster than its median pace."""
    known = [p for p in window if p is not None]
    if not known:
        return 0
    limit = statistics.median(known) * INTERVAL_BURST_FACTOR
    bursts, spell = 0, 0.0
    for k, pace in enumerate([*window, None]):
        if pace is not None and pace < limit:
            spell += line.m[k + 1] - line.m[k]
            continue
        bursts += spell >= SURGE_MIN_S
        spell = 0.0
    return bursts


# -- The review --------------------------------------------------------------------------


def review_run(
    recording: Recording,
    stages: Sequence[Stage],
    *,
    paces: Mapping[str, PaceRange] | None,
    hr_bands: Mapping[str, HrRange] | None = None,
    lthr: int | None = None,
    rules: ReviewRules = ReviewRules(),
    planned_by: Literal["duration", "distance"] = "duration",
    conditions: Conditions | None = None,
    unit: Literal["km", "mi"] = "km",
    boundaries: Mapping[int, float] | None = None,
) -> Review:
    """Judge a recorded run stage by stage against its plan (docs/running.md §3).

    `paces` are the athlete's zone bands as of the session's day (None: no pace verdicts),
    `hr_bands` their heart-rate bands (time in band when the run has no distance), `lthr` the
    threshold heart rate a finish must stay under, `boundaries` the splits moved by hand
    ({stage index: elapsed s where the next stage starts}, docs/running.md §3.13), taken as
    given. Raises ValueError for a plan with no stages, an unknown `planned_by` or a
    recording of another sport.
    """
    if not stages:
        raise ValueError("there is no plan to review the run against")
    if planned_by not in ("duration", "distance"):
        raise ValueError(f"a plan is by duration or by distance, not {planned_by!r}")
    if recording.sport != "running":
        raise ValueError(f"this is a {recording.sport or 'non-running'} recording, not a run")
    notes: list[str] = []
    line, has_distance, graded = _timeline(recording, notes)
    by_distance = planned_by == "distance" and has_distance
    heat = _heat(conditions, notes)
    low_confidence = recording.is_treadmill
    if low_confidence:
        notes.append("A treadmill run: no grade adjustment, and its paces are low confidence.")
    planned_s = [stage_duration_s(stage, paces) for stage in stages]
    planned_m = [stage_planned_m(stage, paces) for stage in stages]
    intensities = [ZONES.get(_zone(stage, paces) or "", 0) for stage in stages]
    rising = [_rising(a, b, paces) for a, b in zip(stages, stages[1:], strict=False)]

    split_by, edges_at = _split(
        recording, stages, line, planned_s, planned_m, by_distance, rising, notes
    )
    edges_at = _moved(edges_at, boundaries or {}, line, notes)
    window = _window_paces(line) if has_distance else [None] * (len(line.m) - 1)
    shape_ok = _shape_ok(stages, window, line, notes)
    edges = [0.0, *edges_at, line.moving_s]
    reviews = []
    for i, stage in enumerate(stages):
        band = stage_band(stage, paces, heat)
        reviews.append(
            _stage_review(
                i,
                stage,
                paces,
                line,
                edges[i],
                edges[i + 1],
                band,
                window,
                has_distance,
                graded,
                hr_bands,
                rules if shape_ok else None,
            )
        )
    findings: list[Finding] = []
    compliance = _compliance(planned_s, planned_m, line, by_distance, rules)
    if shape_ok and has_distance:
        findings += _pacing_findings(reviews, stages, paces, heat, line, window, lthr, rules, unit)
    elif lthr and shape_ok:
        findings += _finish_hr(reviews, lthr)
    findings += _stops(line, rules, reviews)
    if shape_ok and compliance == "green":
        if "started-too-fast" not in [f.code for f in findings]:
            easy_band = stage_band(Stage(duration_s=1, zone="easy"), paces, heat)
            findings += _easy_share(
                reviews,
                planned_s,
                planned_m,
                by_distance,
                intensities,
                rules,
                line,
                window,
                easy_band,
            )
    findings += _amount(compliance, planned_s, planned_m, line, by_distance)
    findings.sort(key=lambda f: FINDING_CODES.index(f.code))
    hr_s = [line.m[k + 1] - line.m[k] for k, h in enumerate(line.hr) if h is not None]
    avg_hr = None
    if hr_s:
        weighted = sum((line.m[k + 1] - line.m[k]) * h for k, h in enumerate(line.hr) if h)
        avg_hr = round(weighted / sum(hr_s))
    samples = recording.samples
    return Review(
        split_by=split_by,
        stages=tuple(reviews),
        findings=tuple(findings),
        compliance=compliance,
        timer_s=recording.elapsed_s - recording.paused_s,
        moving_s=line.moving_s,
        distance_m=line.d[-1] if has_distance and len(samples) > 1 else None,
        avg_hr=avg_hr,
        low_confidence=low_confidence,
        notes=tuple(notes),
    )


def _heat(conditions: Conditions | None, notes: list[str]) -> float:
    if conditions is None:
        return 0.0
    try:
        pct = heat_slowdown_pct(conditions.temp_c, conditions.dew_point_c)
    except ValueError as error:
        notes.append(f"Targets not adjusted for the heat: {error}.")
        return 0.0
    if pct > 0:
        notes.append(f"Target paces slowed by {pct:.1f}% for the heat (Hadley).")
    return pct


def stage_planned_m(stage: Stage, paces: Mapping[str, PaceRange] | None) -> float | None:
    """The distance a stage is planned to cover: its own, else its time at its band's middle."""
    if stage.distance_m is not None:
        return stage.distance_m
    band = stage.pace or (paces or {}).get(stage.zone)
    if band is None:
        return None
    return stage.duration_s / ((band.fast_s_per_km + band.slow_s_per_km) / 2) * 1000


def _split(recording, stages, line, planned_s, planned_m, by_distance, rising, notes):
    count = len(stages)
    if count == 1:
        return ("distance" if by_distance else "time"), []
    if len(recording.samples) > 1:
        steps = _step_split(recording, count, line)
        if steps is not None:
            return "workout-steps", steps
        if any(lap.workout_step_index is not None for lap in recording.laps):
            notes.append("The watch's workout steps do not match the plan's stages.")
        laps = _lap_split(recording, count, line)
        if laps is not None:
            return "laps", laps
    planned = planned_m if by_distance else planned_s
    if any(amount is None for amount in planned):
        # A distance stage at a zone without paces: no expected time, so split by distance.
        by_distance = not by_distance
        planned = planned_m if by_distance else planned_s
    if any(amount is None for amount in planned):
        notes.append("Without the athlete's paces the stages cannot be placed in the run.")
        return ("distance" if by_distance else "time"), [line.moving_s] * (count - 1)
    return ("distance" if by_distance else "time"), _planned_split(
        planned, line, by_distance=by_distance, rising=rising
    )


def _moved(edges_at, moved: Mapping[int, float], line, notes) -> list[float]:
    """The split with the boundaries moved by hand where they were (those of stages the plan
    no longer has are ignored); the others keep to their order around them."""
    if not moved:
        return edges_at
    edges_at = list(edges_at)
    for index in sorted(moved):
        if 0 <= index < len(edges_at):
            edges_at[index] = line.moving_at(moved[index])
            notes.append(f"The boundary after stage {index + 1} was moved by hand.")
    fixed = [index in moved for index in range(len(edges_at))]
    for k in range(1, len(edges_at)):
        if not fixed[k]:
            edges_at[k] = max(edges_at[k], edges_at[k - 1])
    for k in range(len(edges_at) - 2, -1, -1):
        if not fixed[k]:
            edges_at[k] = min(edges_at[k], edges_at[k + 1])
    return list(itertools.accumulate(edges_at, max))


def _shape_ok(stages, window, line, notes) -> bool:
    if any(
        stage.zone in NON_RUNNING or stage.zone in ("interval", "repetition") for stage in stages
    ):
        notes.append("The plan is not a progression run: no progression findings.")
        return False
    bursts = _bursts(window, line)
    if bursts >= INTERVAL_MIN_BURSTS:
        notes.append(
            f"This run was run as intervals ({bursts} fast bursts), not as a progression: "
            "its paces get no verdicts."
        )
        return False
    return True


def _stage_review(
    i, stage, paces, line, start, end, band, window, has_distance, graded, hr_bands, rules
) -> StageReview:
    k0, k1 = line.edge(start), line.edge(end)
    moving = end - start
    distance = _interp(line.m, line.d, end) - _interp(line.m, line.d, start)
    pace = gap = None
    if has_distance and moving > 0 and distance > 0:
        pace = moving / distance * 1000
        if graded:
            gap = moving / (_interp(line.m, line.g, end) - _interp(line.m, line.g, start)) * 1000
    # Heart rate from the second minute of the stage on: it lags behind the effort.
    lagged = [k for k in range(k0, k1) if line.hr[k] is not None and line.m[k] >= start + HR_LAG_S]
    avg_hr = None
    if lagged:
        seconds = [line.m[k + 1] - line.m[k] for k in lagged]
        weighted = sum(s * line.hr[k] for s, k in zip(seconds, lagged, strict=True))
        avg_hr = round(weighted / sum(seconds))
    in_band = None
    if band is not None and has_distance:
        in_band = sum(
            line.m[k + 1] - line.m[k]
            for k in range(k0, k1)
            if window[k] is not None and band.fast_s_per_km <= window[k] <= band.slow_s_per_km
        )
    elif hr_bands and stage.zone in hr_bands:
        hr_band = hr_bands[stage.zone]
        in_band = sum(
            line.m[k + 1] - line.m[k]
            for k in range(k0, k1)
            if line.hr[k] is not None and hr_band.low_bpm <= line.hr[k] <= hr_band.high_bpm
        )
    judged = gap if gap is not None else pace
    verdict = pace_verdict(judged, band, rules.pace_tolerance_s_per_km) if rules else None
    return StageReview(
        index=i,
        zone=_zone(stage, paces),
        planned_s=stage.duration_s,
        planned_m=stage.distance_m,
        start_s=line.elapsed_at(start),
        end_s=line.elapsed_at(end),
        actual_s=moving,
        distance_m=distance if has_distance else None,
        pace_s_per_km=pace,
        gap_s_per_km=gap,
        avg_hr=avg_hr,
        time_in_band_s=in_band,
        verdict=verdict if moving >= STAGE_JUDGED_MIN_S else None,
        band=band,
    )


def _judged(review: StageReview) -> float | None:
    return review.gap_s_per_km if review.gap_s_per_km is not None else review.pace_s_per_km


def _pacing_findings(reviews, stages, paces, heat, line, window, lthr, rules, unit):
    tolerance = rules.pace_tolerance_s_per_km
    findings = []
    run = [r for r in reviews if r.actual_s >= STAGE_JUDGED_MIN_S and _judged(r) is not None]
    lead = 0
    while lead < len(reviews) and reviews[lead].zone == "easy":
        lead += 1
    easy = [r for r in run if r.index < lead]
    easy_band = stage_band(Stage(duration_s=1, zone="easy"), paces, heat)
    if easy and easy_band is not None:
        seconds = sum(r.actual_s for r in easy)
        metres = sum(seconds / _judged(r) * 1000 for r in easy)
        pace = seconds / metres * 1000
        if pace < easy_band.fast_s_per_km - tolerance:
            findings.append(
                Finding(
                    "started-too-fast",
                    0,
                    easy[0].start_s,
                    f"The easy start was run at {format_pace(pace, unit)}, faster than easy "
                    f"({format_pace(easy_band.fast_s_per_km, unit)} at the quickest).",
                )
            )
    for before, after in zip(run, run[1:], strict=False):
        if _judged(after) > _judged(before) + tolerance:
            findings.append(
                Finding(
                    "not-progressive",
                    after.index,
                    after.start_s,
                    f"Stage {after.index + 1} ({format_pace(_judged(after), unit)}) was slower "
                    f"than stage {before.index + 1} ({format_pace(_judged(before), unit)}).",
                )
            )
    findings += _surges(reviews, line, window, tolerance, unit)
    last = reviews[-1]
    threshold = stage_band(Stage(duration_s=1, zone="threshold"), paces, heat)
    if last.actual_s >= STAGE_JUDGED_MIN_S and _judged(last) is not None:
        if threshold is not None and _judged(last) < threshold.fast_s_per_km - tolerance:
            findings.append(
                Finding(
                    "finish-too-hard",
                    last.index,
                    last.start_s,
                    f"The finish was run at {format_pace(_judged(last), unit)}, faster than "
                    f"threshold ({format_pace(threshold.fast_s_per_km, unit)}).",
                )
            )
        elif last.verdict == "too-slow":
            findings.append(
                Finding(
                    "finish-missed",
                    last.index,
                    last.start_s,
                    f"The finish was run at {format_pace(_judged(last), unit)}, slower than its "
                    f"band ({format_pace(last.band.slow_s_per_km, unit)} at the slowest).",
                )
            )
    if lthr and not any(f.code == "finish-too-hard" for f in findings):
        findings += _finish_hr(reviews, lthr)
    return findings


def _finish_hr(reviews, lthr) -> list[Finding]:
    last = reviews[-1]
    if last.avg_hr is None or last.avg_hr <= lthr:
        return []
    return [
        Finding(
            "finish-too-hard",
            last.index,
            last.start_s,
            f"The finish averaged {last.avg_hr} bpm, above the threshold heart rate ({lthr}).",
        )
    ]


def _surges(reviews, line, window, tolerance, unit) -> list[Finding]:
    findings = []
    for review in reviews:
        if review.band is None or review.actual_s <= 0:
            continue
        limit = review.band.fast_s_per_km - 2 * tolerance
        start, end = line.moving_at(review.start_s), line.moving_at(review.end_s)
        k0, k1 = line.edge(start), line.edge(end)
        spell_start, fastest = None, math.inf
        for k in range(k0, k1 + 1):
            fast = k < k1 and window[k] is not None and window[k] < limit
            if fast:
                spell_start = k if spell_start is None else spell_start
                fastest = min(fastest, window[k])
                continue
            if (
                spell_start is not None
                and k < k1
                and line.m[k] - line.m[spell_start] >= SURGE_MIN_S
            ):
                findings.append(
                    Finding(
                        "surge",
                        review.index,
                        line.t[spell_start],
                        f"A surge of {format_duration(line.m[k] - line.m[spell_start])} at "
                        f"{format_pace(fastest, unit)} in stage {review.index + 1}.",
                    )
                )
            spell_start, fastest = None, math.inf
    return findings


def _stage_at(reviews: Sequence[StageReview], at_s: float) -> int:
    """The stage running at at_s (a stop between two stages is in the one it ends)."""
    return next((r.index for r in reviews if at_s < r.end_s), reviews[-1].index)


def _stops(line: _Timeline, rules: ReviewRules, reviews) -> list[Finding]:
    first, last = (line.t[0], line.t[-1]) if len(line.t) > 1 else (0.0, 0.0)
    findings = []
    for start, length in line.stops:
        if length <= rules.pause_max_s or not first <= start < last:
            continue
        at_moving = line.moving_at(start)
        findings.append(
            Finding(
                "stopped",
                _stage_at(reviews, start),
                start,
                f"Stopped for {format_duration(length)} after "
                f"{format_duration(at_moving)} of running: the run was not continuous.",
                "serious" if length >= 2 * rules.pause_max_s else "warning",
            )
        )
    return findings


def _compliance(planned_s, planned_m, line, by_distance, rules) -> str | None:
    return compliance_colour(_share_done(planned_s, planned_m, line, by_distance), rules)


def compliance_colour(share: float | None, rules: ReviewRules) -> str | None:
    """The colour of the share of the plan run, by the coach's ranges (docs/running.md §3.6)."""
    if share is None:
        return None
    pct = share * 100
    if rules.compliance_green_min_pct <= pct <= rules.compliance_green_max_pct:
        return "green"
    if rules.compliance_yellow_min_pct <= pct <= rules.compliance_yellow_max_pct:
        return "yellow"
    return "orange"


def _share_done(planned_s, planned_m, line, by_distance) -> float | None:
    planned = planned_m if by_distance else planned_s
    if any(amount is None for amount in planned):
        return None
    done = line.d[-1] if by_distance else line.moving_s
    return done / sum(planned)


def _amount(compliance, planned_s, planned_m, line, by_distance) -> list[Finding]:
    if compliance in (None, "green"):
        return []
    share = _share_done(planned_s, planned_m, line, by_distance)
    code = "short" if share < 1 else "long"
    what = "distance" if by_distance else "time"
    return [
        Finding(
            code,
            None,
            None,
            f"{round(share * 100)}% of the planned {what} was run.",
            "serious" if compliance == "orange" else "warning",
        )
    ]


def _easy_end(line: _Timeline, window, split_end: float, limit: float | None) -> float:
    """Where the easy start ended: the split's boundary, or earlier where the pace left easy
    for good (every window faster than `limit` for EASY_LEFT_S), whichever comes first."""
    if limit is None:
        return split_end
    spell_start = None
    for k, pace in enumerate(window):
        if line.m[k] >= split_end:
            break
        if pace is None or pace >= limit:
            spell_start = None
            continue
        spell_start = line.m[k] if spell_start is None else spell_start
        if line.m[k + 1] - spell_start >= EASY_LEFT_S:
            return spell_start
    return split_end


def _easy_share(
    reviews, planned_s, planned_m, by_distance, intensities, rules, line, window, easy_band
) -> list[Finding]:
    planned = planned_m if by_distance else planned_s
    lead = 0
    while lead < len(intensities) and intensities[lead] == ZONES["easy"]:
        lead += 1
    if lead == 0 or lead == len(reviews) or any(amount is None for amount in planned):
        return []
    limit = None
    if easy_band is not None:
        limit = easy_band.fast_s_per_km - rules.pace_tolerance_s_per_km
    split_end = line.moving_at(reviews[lead].start_s)
    end = _easy_end(line, window, split_end, limit)
    if by_distance:
        actual_share = _interp(line.m, line.d, end) / line.d[-1] * 100
    else:
        actual_share = end / line.moving_s * 100
    planned_share = sum(planned[:lead]) / sum(planned) * 100
    if abs(actual_share - planned_share) <= rules.easy_share_review_points:
        return []
    return [
        Finding(
            "easy-share",
            0,
            reviews[0].start_s,
            f"The easy start was {round(actual_share)}% of the run; the plan had "
            f"{round(planned_share)}%.",
        )
    ]
