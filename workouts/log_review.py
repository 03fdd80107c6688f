"""A logged run's review as it is stored (`RunLog.review`, docs/running.md §3.11): the review of
a recording (workouts/review.py) turned into plain JSON values, with the watch's own laps and a
downsampled series for the chart; and the review of a run logged by hand, which has no
recording, as far as its typed figures allow (docs/running.md §3.5: a manual log gets the same
review as far as its data allows). No Django here.

The stored shape, version 1 (`"v": 1`): `split_by` ("workout-steps", "laps", "time",
"distance", "hand", or null when there was no plan), `compliance`, `timer_s`, `moving_s`,
`distance_m`, `avg_hr`, `low_confidence`, `heat_adjusted`, `notes`, `stages`, `findings`,
`laps` and `series` ({"t", "pace", "gap", "hr"}: at most 600 points, `t` in seconds of elapsed
time from the start, the clock of the stages' start_s/end_s and the findings' at_s).

Choices (ours): the series' buckets are at least 10 s long, so a short run's chart is not the
noise of single seconds; a bucket's pace is its moving time over its distance (standing still
left out), null where the runner mostly stood or the timer was stopped; its grade-adjusted pace
takes the grade over 50 m around the bucket's middle (none on a treadmill or without
elevation). By hand, a plan of one stage takes the run's own pace and heart rate where the
athlete typed none for the stage.
"""

import bisect
import itertools
import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from athletes.paces import (
    HR_MAX_BPM,
    HR_MIN_BPM,
    PaceRange,
    format_pace,
    grade_adjusted_pace,
    heat_slowdown_pct,
)
from workouts.fixes import Fix, dismiss, has_dismissals
from workouts.progression import NON_RUNNING, Stage, stage_duration_s
from workouts.recording import Recording
from workouts.review import (
    FINDING_CODES,
    Conditions,
    Finding,
    Review,
    ReviewRules,
    compliance_colour,
    pace_verdict,
    stage_band,
    stage_planned_m,
)

VERSION = 1
SERIES_MAX_POINTS = 600
SERIES_MIN_BUCKET_S = 10.0
STILL_SPEED_M_PER_S = 0.3  # as the review has it (docs/running.md §3.9)
GRADE_WINDOW_M = 50.0
HR_HOLD_MAX_S = 10.0  # a reading counts for at most this long (a dropout holds nothing)
NOT_A_PROGRESSION = ("interval", "repetition")
DEFAULT_RULES = ReviewRules()


@dataclass(frozen=True)
class HandStage:
    """What the athlete typed for one planned stage."""

    pace_s_per_km: float | None = None
    avg_hr: int | None = None
    rpe: int | None = None


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def heat_pct(conditions: Conditions | None) -> float:
    """Hadley's slowdown for the logged weather, 0 where none or beyond his table."""
    if conditions is None:
        return 0.0
    try:
        return heat_slowdown_pct(conditions.temp_c, conditions.dew_point_c)
    except ValueError:
        return 0.0


def _empty_series() -> dict:
    return {"t": [], "pace": [], "gap": [], "hr": []}


def _not_planned() -> dict:
    """The review's keys for a run without a plan: nothing to judge it against."""
    return {
        "split_by": None,
        "compliance": None,
        "heat_adjusted": False,
        "notes": [],
        "stages": [],
        "findings": [],
    }


def _finding_dict(finding: Finding) -> dict:
    return {
        "code": finding.code,
        "stage_index": finding.stage_index,
        "at_s": _round(finding.at_s),
        "message": finding.message,
        "severity": finding.severity,
    }


def with_dismissals(data: dict, fixes: Sequence[Fix]) -> dict:
    """The stored review with the findings dismissed by hand set aside, each with its reason
    (docs/running.md §3.13). The key "dismissed" is there only while a dismissal is: undone,
    the review is again exactly as it was."""
    if not has_dismissals(fixes):
        return data
    kept, dismissed = dismiss(data["findings"], fixes)
    return data | {"findings": kept, "dismissed": dismissed}


# -- A recording --------------------------------------------------------------------------


def file_review(
    recording: Recording,
    review: Review,
    *,
    planned: bool = True,
    conditions: Conditions | None = None,
) -> dict:
    """The stored review of a recorded run. `review` is review_run's against the session's
    stages; `planned` False (an unplanned run, or a session without stages: it was reviewed
    as one stage of its own length) keeps only the activity's figures, laps and series."""
    columns = _columns(recording, _cumulative_distance(recording))
    laps = _laps(recording, columns)
    series = _series(recording, columns)
    figures = {
        "v": VERSION,
        "timer_s": _round(review.timer_s),
        "moving_s": _round(review.moving_s),
        "distance_m": _round(review.distance_m),
        "avg_hr": review.avg_hr,
        "low_confidence": review.low_confidence,
        "laps": laps,
        "series": series,
    }
    if not planned:
        return figures | _not_planned()
    return figures | {
        "split_by": review.split_by,
        "compliance": review.compliance,
        "heat_adjusted": heat_pct(conditions) > 0,
        "notes": list(review.notes),
        "stages": [
            {
                "index": stage.index,
                "zone": stage.zone,
                "planned_s": _round(stage.planned_s),
                "planned_m": _round(stage.planned_m),
                "start_s": _round(stage.start_s),
                "end_s": _round(stage.end_s),
                "actual_s": _round(stage.actual_s),
                "distance_m": _round(stage.distance_m),
                "pace_s_per_km": _round(stage.pace_s_per_km),
                "gap_s_per_km": _round(stage.gap_s_per_km),
                "avg_hr": stage.avg_hr,
                "time_in_band_s": _round(stage.time_in_band_s),
                "verdict": stage.verdict,
                "band": _band_list(stage.band),
                "rpe": None,
            }
            for stage in review.stages
        ],
        "findings": [_finding_dict(finding) for finding in review.findings],
    }


def _band_list(band: PaceRange | None) -> list[float] | None:
    return None if band is None else [_round(band.fast_s_per_km), _round(band.slow_s_per_km)]


def _cumulative_distance(recording: Recording) -> list[float] | None:
    """Distance from the start at each sample: the device's (never going back), else from
    its speed; None when the recording has neither (the review then has no pace either)."""
    samples = recording.samples
    distances = [s.distance_m for s in samples]
    if any(d is not None for d in distances):
        out, last = [], None
        for d in distances:
            if d is not None and (last is None or d > last):
                last = d
            out.append(last)
        first = next(d for d in out if d is not None)
        return [0.0 if d is None else d - first for d in out]
    if any(s.speed_mps is not None for s in samples):
        out, speed = [0.0], 0.0
        for a, b in zip(samples, samples[1:], strict=False):
            speed = a.speed_mps if a.speed_mps is not None else speed
            out.append(out[-1] + speed * (b.t_s - a.t_s))
        return out
    return None


def _pause_overlap(pauses: Sequence[tuple[float, float]], t0: float, t1: float) -> float:
    total = 0.0
    for start, end in pauses:
        overlap = min(t1, end) - max(t0, start)
        if overlap > 0:
            total += overlap
    return total


@dataclass(frozen=True)
class _Columns:
    """The recording's sample intervals (interval k runs from sample k to k + 1), as running
    totals from the start, so that any span of intervals sums in O(1): running time and
    distance (standing still left out), time standing, and heart rate weighted by the time
    each reading counts."""

    times: list[float]
    cumulative: list[float] | None
    running_s: list[float]
    running_m: list[float]
    still_s: list[float]
    hr_s: list[float]
    hr_weighted: list[float]


def _columns(recording: Recording, cumulative: list[float] | None) -> _Columns:
    samples = recording.samples
    times = [s.t_s for s in samples]
    pauses = [(p.start_s, p.end_s) for p in recording.pauses]
    spans = list(map(operator.sub, times[1:], times))
    if pauses:
        first = min(start for start, _ in pauses)
        last = max(end for _, end in pauses)
        spans = [
            span - _pause_overlap(pauses, t0, t0 + span)
            if t0 + span > first and t0 < last
            else span
            for t0, span in zip(times, spans, strict=False)
        ]
    hrs = [s.hr_bpm for s in samples]
    held = [
        (HR_HOLD_MAX_S if span > HR_HOLD_MAX_S else span)
        if span > 0 and h is not None and HR_MIN_BPM <= h <= HR_MAX_BPM
        else 0.0
        for span, h in zip(spans, hrs, strict=False)
    ]
    weighted = [w * h if w else 0.0 for w, h in zip(held, hrs, strict=False)]
    running_s = running_m = still_s = [0.0] * len(spans)
    if cumulative is not None:
        dds = list(map(operator.sub, cumulative[1:], cumulative))
        runs = [
            span > 0 and dd >= STILL_SPEED_M_PER_S * span
            for span, dd in zip(spans, dds, strict=True)
        ]
        running_s = [span if run else 0.0 for span, run in zip(spans, runs, strict=True)]
        running_m = [dd if run else 0.0 for dd, run in zip(dds, runs, strict=True)]
        still_s = [0.0 if run or span <= 0 else span for span, run in zip(spans, runs, strict=True)]
    return _Columns(
        times,
        cumulative,
        *(
            list(itertools.accumulate(column, initial=0.0))
            for column in (running_s, running_m, still_s, held, weighted)
        ),
    )


def _hr_between(columns: _Columns, k0: int, k1: int) -> int | None:
    """The time-weighted heart rate of intervals k0 to k1 (excluded)."""
    weight = columns.hr_s[k1] - columns.hr_s[k0]
    return round((columns.hr_weighted[k1] - columns.hr_weighted[k0]) / weight) if weight else None


def _laps(recording: Recording, columns: _Columns) -> list[dict]:
    """The watch's laps with their distance, moving pace and time-weighted heart rate."""
    times, cumulative = columns.times, columns.cumulative
    intervals = len(times) - 1
    pauses = [(p.start_s, p.end_s) for p in recording.pauses]
    out = []
    for lap in recording.laps:
        k0 = bisect.bisect_left(times, lap.start_s)
        k1 = bisect.bisect_right(times, lap.end_s)
        distance = lap.distance_m
        if distance is None and cumulative is not None and k1 > k0:
            distance = cumulative[k1 - 1] - cumulative[k0]
        moving = lap.end_s - lap.start_s - _pause_overlap(pauses, lap.start_s, lap.end_s)
        pace = moving / distance * 1000 if distance and moving > 0 else None
        last = min(k1, intervals)
        out.append(
            {
                "start_s": _round(lap.start_s),
                "end_s": _round(lap.end_s),
                "trigger": lap.trigger,
                "workout_step_index": lap.workout_step_index,
                "distance_m": _round(distance),
                "pace_s_per_km": _round(pace),
                "avg_hr": _hr_between(columns, k0, last) if last > k0 else None,
            }
        )
    return out


def _series(recording: Recording, columns: _Columns) -> dict:
    """Pace, grade-adjusted pace and heart rate over the run, averaged in time buckets."""
    times, cumulative = columns.times, columns.cumulative
    if len(times) < 2:
        return _empty_series()
    origin = times[0]
    elapsed = times[-1] - origin
    width = max(elapsed / SERIES_MAX_POINTS, SERIES_MIN_BUCKET_S)
    count = max(1, min(SERIES_MAX_POINTS, math.ceil(elapsed / width)))
    intervals = len(times) - 1
    # The first interval starting in each bucket (the last bucket takes the rest).
    edges = [bisect.bisect_left(times, origin + b * width, 0, intervals) for b in range(count)]
    edges[0] = 0
    edges.append(intervals)
    elevations = _elevations(recording)
    t, pace, gap, hr = [], [], [], []
    for bucket in range(count):
        k0, k1 = edges[bucket], edges[bucket + 1]
        t.append(round(origin + (bucket + 0.5) * width, 1))
        hr.append(_hr_between(columns, k0, k1))
        run = columns.running_s[k1] - columns.running_s[k0]
        metres = columns.running_m[k1] - columns.running_m[k0]
        still = columns.still_s[k1] - columns.still_s[k0]
        if run > 0 and metres > 0 and run >= still:
            bucket_pace = run / metres * 1000
            pace.append(round(bucket_pace, 1))
            if elevations is None:
                gap.append(None)
            else:
                grade = _grade(cumulative, elevations, cumulative[k0] + metres / 2)
                gap.append(round(grade_adjusted_pace(bucket_pace, grade), 1))
        else:
            pace.append(None)
            gap.append(None)
    return {"t": t, "pace": pace, "gap": gap, "hr": hr}


def _elevations(recording: Recording) -> list[float] | None:
    """Elevation at each sample, held across gaps; None on a treadmill or without any."""
    samples = recording.samples
    if recording.is_treadmill or all(s.elevation_m is None for s in samples):
        return None
    out, last = [], None
    for s in samples:
        last = s.elevation_m if s.elevation_m is not None else last
        out.append(last)
    first = next(e for e in out if e is not None)
    return [first if e is None else e for e in out]


def _grade(cumulative: list[float], elevations: list[float], middle_m: float) -> float:
    """Rise over run across GRADE_WINDOW_M around `middle_m` (within the run's distance)."""
    low = max(middle_m - GRADE_WINDOW_M / 2, 0.0)
    high = min(middle_m + GRADE_WINDOW_M / 2, cumulative[-1])
    if high - low < GRADE_WINDOW_M / 5:
        return 0.0
    return (_at(cumulative, elevations, high) - _at(cumulative, elevations, low)) / (high - low)


def _at(xs: list[float], ys: list[float], x: float) -> float:
    """ys at x, linearly between the samples (xs non-decreasing, x within them)."""
    k = bisect.bisect_left(xs, x)
    if k == 0 or xs[k] == x:
        return ys[k]
    x0, x1 = xs[k - 1], xs[k]
    return ys[k - 1] + (ys[k] - ys[k - 1]) * (x - x0) / (x1 - x0)


# -- A run logged by hand -------------------------------------------------------------------


def hand_review(
    stages: Sequence[Stage] | None,
    *,
    duration_s: float | None,
    distance_m: float | None,
    avg_hr: int | None = None,
    entries: Mapping[int, HandStage] | None = None,
    paces: Mapping[str, PaceRange] | None = None,
    lthr: int | None = None,
    rules: ReviewRules = DEFAULT_RULES,
    planned_by: Literal["duration", "distance"] = "duration",
    conditions: Conditions | None = None,
    unit: Literal["km", "mi"] = "km",
) -> dict:
    """The stored review of a run typed in by hand (`split_by` "hand"): the compliance on the
    amount run, a verdict for each stage whose pace was typed (against its band, slowed for
    the heat), and the findings those figures allow (started-too-fast, not-progressive,
    finish-too-hard, finish-missed, short, long); a stop, a surge or the easy share need a
    recording. `stages` None or empty: no plan, only the figures."""
    entries = dict(entries or {})
    figures = {
        "v": VERSION,
        "timer_s": _round(duration_s),
        "moving_s": _round(duration_s),
        "distance_m": _round(distance_m),
        "avg_hr": avg_hr,
        "low_confidence": False,
        "laps": [],
        "series": _empty_series(),
    }
    if not stages:
        return figures | _not_planned()
    notes: list[str] = []
    heat = heat_pct(conditions)
    if heat > 0:
        notes.append(f"Target paces slowed by {heat:.1f}% for the heat (Hadley).")
    if len(stages) == 1 and 0 not in entries and duration_s and distance_m:
        entries[0] = HandStage(duration_s / distance_m * 1000, avg_hr)
    shape_ok = not any(s.zone in NON_RUNNING or s.zone in NOT_A_PROGRESSION for s in stages)
    if not shape_ok:
        notes.append("The plan is not a progression run: no progression findings.")
    tolerance = rules.pace_tolerance_s_per_km
    rows = []
    for i, stage in enumerate(stages):
        entry = entries.get(i, HandStage())
        band = stage_band(stage, paces, heat)
        verdict = pace_verdict(entry.pace_s_per_km, band, tolerance) if shape_ok else None
        rows.append(
            {
                "index": i,
                "zone": stage.zone,
                "planned_s": _round(stage.duration_s),
                "planned_m": _round(stage.distance_m),
                "start_s": None,
                "end_s": None,
                "actual_s": None,
                "distance_m": None,
                "pace_s_per_km": _round(entry.pace_s_per_km),
                "gap_s_per_km": None,
                "avg_hr": entry.avg_hr,
                "time_in_band_s": None,
                "verdict": verdict,
                "band": _band_list(band),
                "rpe": entry.rpe,
            }
        )
    share, what = _hand_share(stages, paces, duration_s, distance_m, planned_by)
    compliance = compliance_colour(share, rules)
    findings: list[Finding] = []
    if shape_ok:
        findings += _hand_pacing(stages, rows, paces, heat, lthr, tolerance, unit)
    if compliance not in (None, "green"):
        findings.append(
            Finding(
                "short" if share < 1 else "long",
                None,
                None,
                f"{round(share * 100)}% of the planned {what} was run.",
                "serious" if compliance == "orange" else "warning",
            )
        )
    findings.sort(key=lambda f: FINDING_CODES.index(f.code))
    return figures | {
        "split_by": "hand",
        "compliance": compliance,
        "heat_adjusted": heat > 0,
        "notes": notes,
        "stages": rows,
        "findings": [_finding_dict(finding) for finding in findings],
    }


def _hand_share(stages, paces, duration_s, distance_m, planned_by) -> tuple[float | None, str]:
    """The amount run as a share of the plan: on the plan's own measure where the athlete
    typed it, else on the other one where the paces give the plan in it."""
    planned_s = [stage_duration_s(stage, paces) for stage in stages]
    planned_m = [stage_planned_m(stage, paces) for stage in stages]
    measures = [("distance", distance_m, planned_m), ("time", duration_s, planned_s)]
    if planned_by != "distance":
        measures.reverse()
    for what, done, planned in measures:
        if done is not None and None not in planned:
            return done / sum(planned), what
    return None, ""


def _hand_pacing(stages, rows, paces, heat, lthr, tolerance, unit) -> list[Finding]:
    findings = []
    typed = [row for row in rows if row["pace_s_per_km"] is not None]
    lead = 0
    while lead < len(stages) and stages[lead].zone == "easy":
        lead += 1
    easy = [row for row in typed if row["index"] < lead]
    easy_band = stage_band(Stage(duration_s=1, zone="easy"), paces, heat)
    if easy and easy_band is not None:
        # Time-weighted: each stage by its planned time where known, else alike.
        weights = [stage_duration_s(stages[row["index"]], paces) or 1.0 for row in easy]
        metres = sum(w / row["pace_s_per_km"] for w, row in zip(weights, easy, strict=True))
        pace = sum(weights) / metres
        if pace < easy_band.fast_s_per_km - tolerance:
            findings.append(
                Finding(
                    "started-too-fast",
                    0,
                    None,
                    f"The easy start was run at {format_pace(pace, unit)}, faster than easy "
                    f"({format_pace(easy_band.fast_s_per_km, unit)} at the quickest).",
                )
            )
    for before, after in zip(typed, typed[1:], strict=False):
        if after["pace_s_per_km"] > before["pace_s_per_km"] + tolerance:
            findings.append(
                Finding(
                    "not-progressive",
                    after["index"],
                    None,
                    f"Stage {after['index'] + 1} ({format_pace(after['pace_s_per_km'], unit)}) "
                    f"was slower than stage {before['index'] + 1} "
                    f"({format_pace(before['pace_s_per_km'], unit)}).",
                )
            )
    last = rows[-1]
    threshold = stage_band(Stage(duration_s=1, zone="threshold"), paces, heat)
    finish = last["pace_s_per_km"]
    if (
        finish is not None
        and threshold is not None
        and finish < threshold.fast_s_per_km - tolerance
    ):
        findings.append(
            Finding(
                "finish-too-hard",
                last["index"],
                None,
                f"The finish was run at {format_pace(finish, unit)}, faster than threshold "
                f"({format_pace(threshold.fast_s_per_km, unit)}).",
            )
        )
    elif lthr and last["avg_hr"] is not None and last["avg_hr"] > lthr:
        findings.append(
            Finding(
                "finish-too-hard",
                last["index"],
                None,
                f"The finish averaged {last['avg_hr']} bpm, above the threshold heart rate "
                f"({lthr}).",
            )
        )
    elif last["verdict"] == "too-slow":
        findings.append(
            Finding(
                "finish-missed",
                last["index"],
                None,
                f"The finish was run at {format_pace(finish, unit)}, slower than its band "
                f"({format_pace(last['band'][1], unit)} at the slowest).",
            )
        )
    return findings
