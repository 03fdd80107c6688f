"""Setting the record straight (docs/running.md §3.13): what the coach or the athlete fixes of
what a recording got wrong, applied to the original recording before the review runs again.
No Django here: the fixes are values, the recording is `workouts/recording.py`'s.

Every time is seconds of elapsed time from the recording's start: the clock of the stored
review's stages (start_s, end_s) and findings (at_s). A trimmed recording keeps that clock, so
a fix made after a trim means the same moment as one made before it.

- trim {start_s?, end_s?}: the samples outside are left out (and the laps and pauses cut).
- drop-hr {from_s?, to_s?}: no heart rate in the stretch (both absent: the whole run).
- drop-gps {from_s, to_s}: the positions and the device's distance inside are not trusted:
  the distance across is the straight line between the good points either side, spread
  evenly in time (a GPS jump under a bridge is no surge); the distance after it follows.
- distance {distance_m}: every distance scaled so the run's total is that (a treadmill).
- boundary {after_stage, at_s}: the split between stage after_stage and the next is there.
- dismiss {code, stage_index, at_s} with a reason: the finding is set aside with it.
Fixes apply in the order they were made; a later boundary move of the same boundary wins.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from athletes.paces import SPEED_MAX_M_PER_S, format_duration
from athletes.units import format_distance
from workouts.recording import Pause, Recording

KINDS = ("trim", "drop-hr", "drop-gps", "distance", "boundary", "dismiss")
RECORDING_KINDS = ("trim", "drop-hr", "drop-gps", "distance")
MIN_LEFT_S = 60.0  # a trim leaves at least this much of the run
MAX_DISTANCE_M = 300_000.0  # as a run logged by hand (workouts/run_logs.py)
REASON_MAX_CHARS = 500
SAME_MOMENT_S = 0.5  # a finding's at_s is stored to 0.1 s
FINDING_PARAMS = ("code", "stage_index", "at_s")  # what names a finding a dismissal sets aside


@dataclass(frozen=True)
class Fix:
    kind: str
    params: Mapping = field(default_factory=dict)
    reason: str = ""


# -- Which fixes a run can take --------------------------------------------------------------


def offered(review: Mapping, *, recorded: bool) -> list[str]:
    """The kinds of fix that apply to a run's stored review: a run logged by hand has only
    findings to dismiss; a treadmill no GPS; a run without distance no distance to correct,
    nor heart rate to drop without any; a boundary needs two stages placed in the recording."""
    kinds = []
    if recorded:
        kinds.append("trim")
        if _has_hr(review):
            kinds.append("drop-hr")
        if not review.get("low_confidence") and review.get("distance_m"):
            kinds.append("drop-gps")
        if review.get("distance_m"):
            kinds.append("distance")
        if _placed(review):
            kinds.append("boundary")
    if review.get("findings"):
        kinds.append("dismiss")
    return kinds


def _has_hr(review: Mapping) -> bool:
    return review.get("avg_hr") is not None or any(
        hr is not None for hr in (review.get("series") or {}).get("hr", [])
    )


def _placed(review: Mapping) -> bool:
    stages = review.get("stages") or []
    return len(stages) > 1 and all(s.get("start_s") is not None for s in stages)


# -- Checking a fix --------------------------------------------------------------------------


def check(
    kind: str,
    params: Mapping,
    *,
    review: Mapping,
    span: tuple[float, float] | None = None,
    reason: str = "",
    unit: str = "km",
) -> dict[str, str]:
    """What is wrong with a fix, by its field ({} when nothing): `review` is the log's stored
    review, `span` the first and last sample's time of the recording as fixed so far (None for
    a run logged by hand), `unit` the athlete's, for the messages."""
    if kind not in KINDS:
        return {"kind": f"There is no fix called {kind!r}."}
    if kind not in offered(review, recorded=span is not None):
        return {"kind": _not_offered(kind, review, recorded=span is not None)}
    if len(reason) > REASON_MAX_CHARS:
        return {"reason": f"A reason is at most {REASON_MAX_CHARS} characters."}
    for key in TIMES_AND_DISTANCES:
        value = params.get(key)
        if value is not None and not _number(value):
            return {key: "Give a number of seconds or metres here."}
    if kind == "trim":
        return _check_trim(params, span)
    if kind == "drop-hr":
        return _check_stretch(params, span, optional=True)
    if kind == "drop-gps":
        return _check_stretch(params, span, optional=False)
    if kind == "distance":
        return _check_distance(params, unit)
    if kind == "boundary":
        return _check_boundary(params, review)
    return _check_dismiss(params, review, reason)


TIMES_AND_DISTANCES = ("start_s", "end_s", "from_s", "to_s", "at_s", "distance_m")


def _number(value) -> bool:
    """A time or a distance is an int or a float (True is no number of seconds); each kind's
    own check says what is out of range."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _not_offered(kind: str, review: Mapping, *, recorded: bool) -> str:
    if not recorded:
        return "A run logged by hand has no recording to fix: only its findings can be dismissed."
    return {
        "drop-hr": "This run has no heart rate to drop.",
        "drop-gps": "This run has no GPS distance to drop (a treadmill, or no distance).",
        "distance": "This run has no distance to correct.",
        "boundary": "This run has no stage boundary to move: it was not split into stages.",
        "dismiss": "The review found nothing to dismiss.",
    }.get(kind, "This fix does not apply to this run.")


def _clock(seconds: float) -> str:
    return format_duration(max(seconds, 0.0))


def _check_trim(params: Mapping, span) -> dict[str, str]:
    first, last = span
    start, end = params.get("start_s"), params.get("end_s")
    if start is None and end is None:
        return {"start_s": "Give where the run starts, where it ends, or both."}
    low = first if start is None else start
    high = last if end is None else end
    if start is not None and not first < start < last:
        return {
            "start_s": f"The start must be after {_clock(first)} and before {_clock(last)}, "
            "the recording's ends."
        }
    if end is not None and not first < end < last:
        return {
            "end_s": f"The end must be after {_clock(first)} and before {_clock(last)}, "
            "the recording's ends."
        }
    if high - low < MIN_LEFT_S:
        key = "end_s" if end is not None else "start_s"
        return {key: f"At least {_clock(MIN_LEFT_S)} of the run must be left."}
    return {}


def _check_stretch(params: Mapping, span, *, optional: bool) -> dict[str, str]:
    first, last = span
    start, end = params.get("from_s"), params.get("to_s")
    if start is None and end is None and optional:
        return {}
    if start is None:
        return {"from_s": "Give where the stretch starts."}
    if end is None:
        return {"to_s": "Give where the stretch ends."}
    if end <= start:
        return {"to_s": "The stretch must end after it starts."}
    if optional:
        if start < first or end > last:
            return {
                "to_s": f"The stretch must lie within the recording, {_clock(first)} to "
                f"{_clock(last)}."
            }
        return {}
    if not (first < start and end < last):
        return {
            "to_s": f"The stretch needs good GPS either side: between {_clock(first)} and "
            f"{_clock(last)}, not at the very start or end (to leave those out, trim the run)."
        }
    return {}


def _check_distance(params: Mapping, unit: str) -> dict[str, str]:
    distance = params.get("distance_m")
    if distance is None:
        return {"distance_m": "Give the run's distance."}
    if not (math.isfinite(distance) and 0 < distance <= MAX_DISTANCE_M):
        return {
            "distance_m": "A run's distance is more than nothing and at most "
            f"{format_distance(MAX_DISTANCE_M, unit)}."
        }
    return {}


def _check_boundary(params: Mapping, review: Mapping) -> dict[str, str]:
    stages = review["stages"]
    after, at = params.get("after_stage"), params.get("at_s")
    if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after < len(stages) - 1:
        return {"after_stage": f"Choose a boundary between stage 1 and stage {len(stages)}."}
    if at is None:
        return {"at_s": "Give where the next stage starts."}
    low, high = stages[after]["start_s"], stages[after + 1]["end_s"]
    if not low < at < high:
        return {
            "at_s": f"Stage {after + 2} must start between {_clock(low)} and {_clock(high)} "
            f"(the start of stage {after + 1} and the end of stage {after + 2})."
        }
    return {}


def _check_dismiss(params: Mapping, review: Mapping, reason: str) -> dict[str, str]:
    if not any(_same(finding, params) for finding in review["findings"]):
        return {"finding": "That finding is not in the review (any more): choose one shown."}
    if not reason.strip():
        return {"reason": "Say why the finding is dismissed: the coach and athlete see it."}
    return {}


# -- Applying fixes to a recording -----------------------------------------------------------


def apply(recording: Recording, fixes: Iterable[Fix]) -> Recording:
    """The recording as the fixes have it, in their order (boundaries and dismissals are the
    review's: `boundaries`, `dismiss`)."""
    for fix in fixes:
        params = fix.params
        if fix.kind == "trim":
            recording = _trim(recording, params.get("start_s"), params.get("end_s"))
        elif fix.kind == "drop-hr":
            recording = _drop_hr(recording, params.get("from_s"), params.get("to_s"))
        elif fix.kind == "drop-gps":
            recording = _drop_gps(recording, params["from_s"], params["to_s"])
        elif fix.kind == "distance":
            recording = _scale(recording, params["distance_m"])
    return recording


def _trim(recording: Recording, start: float | None, end: float | None) -> Recording:
    low = -math.inf if start is None else start
    high = math.inf if end is None else end
    samples = tuple(s for s in recording.samples if low <= s.t_s <= high)
    laps = tuple(
        replace(lap, start_s=max(lap.start_s, low), end_s=min(lap.end_s, high))
        if lap.start_s < low or lap.end_s > high
        else lap
        for lap in recording.laps
        if lap.end_s > low and lap.start_s < high
    )
    pauses = tuple(
        Pause(max(p.start_s, low), min(p.end_s, high))
        for p in recording.pauses
        if p.end_s > low and p.start_s < high
    )
    return replace(recording, samples=samples, laps=laps, pauses=pauses)


def _drop_hr(recording: Recording, start: float | None, end: float | None) -> Recording:
    low = -math.inf if start is None else start
    high = math.inf if end is None else end
    samples = tuple(
        replace(s, hr_bpm=None) if low <= s.t_s <= high and s.hr_bpm is not None else s
        for s in recording.samples
    )
    return replace(recording, samples=samples)


def cumulative_m(recording: Recording) -> list[float] | None:
    """Distance from the first sample at each sample, as the review reads it: the device's
    (never going back), else from its speed, else along the GPS points (a jump further than
    anyone runs left out); None when the recording has none of them."""
    samples = recording.samples
    if any(s.distance_m is not None for s in samples):
        out, last = [], 0.0
        for s in samples:
            last = s.distance_m if s.distance_m is not None and s.distance_m > last else last
            out.append(last)
        return [d - out[0] for d in out]
    if any(s.speed_mps is not None for s in samples):
        out, speed = [0.0], 0.0
        for a, b in zip(samples, samples[1:], strict=False):
            if a.speed_mps is not None and a.speed_mps <= SPEED_MAX_M_PER_S:
                speed = a.speed_mps
            out.append(out[-1] + speed * (b.t_s - a.t_s))
        return out
    if any(_has_position(s) for s in samples):
        out, kept, total = [], None, 0.0
        for s in samples:
            if _has_position(s):
                if kept is not None:
                    step = haversine_m(kept.lat, kept.lon, s.lat, s.lon)
                    if step <= SPEED_MAX_M_PER_S * max(s.t_s - kept.t_s, 1e-9):
                        total, kept = total + step, s
                else:
                    kept = s
            out.append(total)
        return out
    return None


def _has_position(sample) -> bool:
    return sample.lat is not None and sample.lon is not None


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points, in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def _with_distances(recording: Recording, distances: Sequence[float], **changes) -> Recording:
    samples = tuple(
        replace(s, distance_m=d, **{key: values[k] for key, values in changes.items()})
        for k, (s, d) in enumerate(zip(recording.samples, distances, strict=True))
    )
    return replace(recording, samples=samples)


def _drop_gps(recording: Recording, start: float, end: float) -> Recording:
    samples = recording.samples
    before = max((k for k, s in enumerate(samples) if s.t_s < start), default=None)
    after = min((k for k, s in enumerate(samples) if s.t_s > end), default=None)
    distances = cumulative_m(recording)
    if before is None or after is None or distances is None:
        return recording  # the stretch has no good points either side: nothing to go by
    a, b = samples[before], samples[after]
    positioned = _has_position(a) and _has_position(b)
    old = distances[after] - distances[before]
    across = haversine_m(a.lat, a.lon, b.lat, b.lon) if positioned else old
    span = b.t_s - a.t_s
    new, lats, lons, speeds = [], [], [], []
    for k, s in enumerate(samples):
        lat, lon, speed, d = s.lat, s.lon, s.speed_mps, distances[k]
        if before < k < after:
            share = (s.t_s - a.t_s) / span
            d = distances[before] + across * share
            lat = a.lat + (b.lat - a.lat) * share if positioned else None
            lon = a.lon + (b.lon - a.lon) * share if positioned else None
            speed = None if speed is None else across / span
        elif k >= after:
            d += across - old
        new.append(d)
        lats.append(lat)
        lons.append(lon)
        speeds.append(speed)
    return _with_distances(recording, new, lat=lats, lon=lons, speed_mps=speeds)


def _scale(recording: Recording, distance_m: float) -> Recording:
    distances = cumulative_m(recording)
    if distances is None or distances[-1] <= 0:
        return recording  # nothing to scale (the check says so before)
    factor = distance_m / distances[-1]
    speeds = [None if s.speed_mps is None else s.speed_mps * factor for s in recording.samples]
    scaled = _with_distances(recording, [d * factor for d in distances], speed_mps=speeds)
    laps = tuple(
        lap if lap.distance_m is None else replace(lap, distance_m=lap.distance_m * factor)
        for lap in recording.laps
    )
    return replace(scaled, laps=laps)


# -- What the review takes from the fixes ----------------------------------------------------


def boundaries(fixes: Iterable[Fix]) -> dict[int, float]:
    """The stage boundaries moved by hand: {stage index it follows: elapsed s}."""
    return {
        int(fix.params["after_stage"]): float(fix.params["at_s"])
        for fix in fixes
        if fix.kind == "boundary"
    }


def _same(finding: Mapping, params: Mapping) -> bool:
    if finding.get("code") != params.get("code"):
        return False
    if finding.get("stage_index") != params.get("stage_index"):
        return False
    at, wanted = finding.get("at_s"), params.get("at_s")
    if at is None or wanted is None:
        return at is None and wanted is None
    return abs(at - wanted) <= SAME_MOMENT_S


def dismiss(findings: Sequence[Mapping], fixes: Iterable[Fix]) -> tuple[list, list]:
    """The findings kept, and those dismissed (each with its fix's "reason")."""
    wanted = [fix for fix in fixes if fix.kind == "dismiss"]
    kept, dismissed = [], []
    for finding in findings:
        fix = next((fix for fix in wanted if _same(finding, fix.params)), None)
        if fix is None:
            kept.append(finding)
        else:
            dismissed.append({**finding, "reason": fix.reason})
    return kept, dismissed


def has_dismissals(fixes: Iterable[Fix]) -> bool:
    return any(fix.kind == "dismiss" for fix in fixes)
