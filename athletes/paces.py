"""Paces and heart-rate zones from an athlete's fitness. No Django here.

Everything is SI: distances in metres, times in seconds, paces in seconds per km, heart
rates in beats per minute. Sources are named in docs/running.md §2; "ours" marks a design
choice of this project that a coach may override.
"""

import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as Date
from typing import Literal


@dataclass(frozen=True)
class PaceRange:
    """A pace band in seconds per km; fast is the smaller number."""

    fast_s_per_km: float
    slow_s_per_km: float


MARATHON_M = 42195.0
# The one home of the kilometre and the mile (the international mile, 1959); everything
# else imports these. A pace per km times KM_PER_UNIT[unit] is the pace per that unit.
KM_M = 1000.0
MILE_M = 1609.344
KM_PER_UNIT = {"km": 1.0, "mi": MILE_M / KM_M}

# Plausibility limits (ours). A VDOT of 15 is a 5K in about 53 minutes, i.e. walking pace,
# where Daniels' running equations stop meaning anything; the world records sit near 86,
# so 95 leaves room for any real runner and still catches a typo such as a 5K in 5 s.
VDOT_MIN = 15.0
VDOT_MAX = 95.0
# An equivalent race computed at a limit reads back a hair outside it; hold it at the limit.
_VDOT_SLACK = 1e-6
# Below 800 m the race is mostly anaerobic and beyond 100 km it is about fuelling and
# pacing: Daniels & Gilbert's curves were fitted to distance races in between.
DISTANCE_MIN_M = 800.0
DISTANCE_MAX_M = 100_000.0
# Faster than Bolt's 100 m (10.4 m/s on average) is a typo, whatever the distance (ours).
SPEED_MAX_M_PER_S = 12.5

# Daniels' training intensities as fractions of VDOT, fitted to the book's pace tables.
EASY_SLOW_FRACTION = 0.630
EASY_FAST_FRACTION = 0.735
THRESHOLD_FRACTION = 0.880
INTERVAL_FRACTION = 0.974
# Daniels' six-second rule: R is about 6 s per 400 m faster than I (15 s/km). He allows
# 7-8 s for slower runners; 6 s keeps R a fixed step above I at every VDOT.
REPETITION_GAIN_S_PER_KM = 6.0 * KM_M / 400.0
# Canova's steady: 88-94% of marathon pace, linear in pace, so 1.06-1.12 x M.
STEADY_FAST_FACTOR = 1.06
STEADY_SLOW_FACTOR = 1.12
# Daniels prints single paces for M, T, I and R; we widen each to +-1% of the pace (ours):
# about +-3 s/km at 4:30/km, and narrow enough that M and T never overlap up to VDOT 95.
NARROW_BAND_FRACTION = 0.01


# -- Daniels & Gilbert -------------------------------------------------------------------


def oxygen_cost(v_m_per_min: float) -> float:
    """Daniels' oxygen cost of running at v m/min, in ml O2 per kg per minute."""
    return -4.60 + 0.182258 * v_m_per_min + 0.000104 * v_m_per_min**2


def sustainable_fraction(t_min: float) -> float:
    """Daniels' fraction of VO2max a runner can hold for a race lasting t minutes."""
    return 0.8 + 0.1894393 * math.exp(-0.012778 * t_min) + 0.2989558 * math.exp(-0.1932605 * t_min)


def _vdot(distance_m: float, time_s: float) -> float:
    t_min = time_s / 60.0
    return oxygen_cost(distance_m / t_min) / sustainable_fraction(t_min)


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def _check_finite_positive(name: str, value: float, unit: str) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number of {unit} above zero, got {value!r}")


def _check_distance(name: str, distance_m: float) -> None:
    _check_finite_positive(name, distance_m, "metres")
    if not DISTANCE_MIN_M <= distance_m <= DISTANCE_MAX_M:
        raise ValueError(
            f"{name} {distance_m:g} m is outside the {DISTANCE_MIN_M:g}-{DISTANCE_MAX_M:g} m "
            "that race equivalents hold for"
        )


def _check_vdot(vdot: float) -> None:
    if not (math.isfinite(vdot) and VDOT_MIN <= vdot <= VDOT_MAX):
        raise ValueError(f"VDOT must be between {VDOT_MIN:g} and {VDOT_MAX:g}, got {vdot!r}")


def vdot_from_race(distance_m: float, time_s: float) -> float:
    """Daniels & Gilbert's VDOT: the VO2max a race result implies (oxygen cost / fraction)."""
    _check_distance("distance_m", distance_m)
    _check_finite_positive("time_s", time_s, "seconds")
    if distance_m / time_s > SPEED_MAX_M_PER_S:
        raise ValueError(
            f"{distance_m:g} m in {time_s:g} s is faster than anyone can run "
            f"({distance_m / time_s:.1f} m/s); check the time"
        )
    vdot = _vdot(distance_m, time_s)
    if not VDOT_MIN - _VDOT_SLACK <= vdot <= VDOT_MAX + _VDOT_SLACK:
        raise ValueError(
            f"{distance_m:g} m in {format_duration(time_s)} is not a plausible race: it gives "
            f"VDOT {vdot:.1f}, outside {VDOT_MIN:g}-{VDOT_MAX:g}; check the time and distance"
        )
    return min(max(vdot, VDOT_MIN), VDOT_MAX)


def race_time_s(vdot: float, distance_m: float) -> float:
    """Daniels' equivalent race time: the time at which a race over distance_m gives vdot.

    No closed form, so bisect. VDOT falls strictly as the time grows (the oxygen cost falls
    faster than the sustainable fraction rises), and between 60 and 1000 m/min the bracket
    spans VDOT below 15 to above 95 for every allowed distance.
    """
    _check_vdot(vdot)
    _check_distance("distance_m", distance_m)
    fast_s = distance_m / 1000.0 * 60.0  # at 1000 m/min
    slow_s = distance_m / 60.0 * 60.0  # at 60 m/min
    while slow_s - fast_s > 1e-9:  # far below the 0.01 s a race is timed to
        mid_s = (fast_s + slow_s) / 2.0
        if _vdot(distance_m, mid_s) > vdot:
            fast_s = mid_s
        else:
            slow_s = mid_s
    return (fast_s + slow_s) / 2.0


# -- Training paces ----------------------------------------------------------------------


def _pace_at_fraction(vdot: float, fraction: float) -> float:
    """Daniels' training pace: the speed whose oxygen cost is fraction x VDOT, in s/km."""
    a, b, c = 0.000104, 0.182258, -4.60 - fraction * vdot
    v_m_per_min = (-b + math.sqrt(b * b - 4.0 * a * c)) / (2.0 * a)
    return 60_000.0 / v_m_per_min


def _narrow_band(pace_s_per_km: float) -> PaceRange:
    spread = pace_s_per_km * NARROW_BAND_FRACTION
    return PaceRange(pace_s_per_km - spread, pace_s_per_km + spread)


def training_paces(vdot: float) -> dict[str, PaceRange]:
    """Daniels' training paces for a VDOT, plus Canova's steady between easy and marathon.

    The raw table, as the book has it: `ladder_paces` gives the bands the app shows and
    judges with. Keys run from slowest to fastest: easy, steady, marathon, threshold,
    interval, repetition. Easy is wide and its fast end overlaps steady's slow end by design
    (Daniels' E reaches up to moderate running); every other neighbour is apart. Each band's
    midpoint and ends are faster than the band before's, except that below VDOT 15.06 the
    fast end of easy sits up to 0.05 s/km inside steady's.
    """
    _check_vdot(vdot)
    marathon = race_time_s(vdot, MARATHON_M) / (MARATHON_M / KM_M)
    interval = _pace_at_fraction(vdot, INTERVAL_FRACTION)
    return {
        "easy": PaceRange(
            _pace_at_fraction(vdot, EASY_FAST_FRACTION),
            _pace_at_fraction(vdot, EASY_SLOW_FRACTION),
        ),
        "steady": PaceRange(marathon * STEADY_FAST_FACTOR, marathon * STEADY_SLOW_FACTOR),
        "marathon": _narrow_band(marathon),
        "threshold": _narrow_band(_pace_at_fraction(vdot, THRESHOLD_FRACTION)),
        "interval": _narrow_band(interval),
        "repetition": _narrow_band(interval - REPETITION_GAIN_S_PER_KM),
    }


def ladder_paces(vdot: float) -> dict[str, PaceRange]:
    """The zone ladder's pace bands for a VDOT: Daniels' paces with easy cut at steady.

    The bands the app shows and judges a plan by (ours, docs/running.md §2.1). They are
    disjoint and ordered, slowest first: easy runs from Daniels' E slow end to steady's slow
    end (M x 1.12), where Daniels' E would reach into steady; steady, marathon, threshold,
    interval and repetition are Daniels' and Canova's as in `training_paces`. Easy and
    steady meet at M x 1.12, which is steady's: easy stops one float short of it, so a pace
    lies in at most one band.
    """
    raw = training_paces(vdot)
    steady_slow = raw["steady"].slow_s_per_km
    easy = PaceRange(math.nextafter(steady_slow, math.inf), raw["easy"].slow_s_per_km)
    return raw | {"easy": easy}


# -- Race predictions --------------------------------------------------------------------

PREDICTION_CAVEAT = (
    "An estimate from VDOT and Riegel race equivalents, not a promise. It assumes training "
    "for the distance, and it is optimistic for the marathon for many recreational runners: "
    "Vickers & Vertosick (2016) found such predictions at least 10 minutes too fast for half "
    "of 2,303 runners."
)


def riegel_time_s(
    known_distance_m: float,
    known_time_s: float,
    target_distance_m: float,
    exponent: float = 1.06,
) -> float:
    """Riegel's endurance model: T2 = T1 x (D2/D1)^exponent; good up to the half marathon."""
    vdot_from_race(known_distance_m, known_time_s)
    _check_distance("target_distance_m", target_distance_m)
    # Riegel fitted 1.06-1.08; outside 1.0-1.2 it is no longer a model of running (ours).
    if not (math.isfinite(exponent) and 1.0 <= exponent <= 1.2):
        raise ValueError(f"Riegel exponent must be between 1.0 and 1.2, got {exponent!r}")
    return known_time_s * (target_distance_m / known_distance_m) ** exponent


@dataclass(frozen=True)
class RaceResult:
    """A race the athlete ran; it must be a plausible race (VDOT 15-95)."""

    distance_m: float
    time_s: float
    date: Date

    def __post_init__(self) -> None:
        vdot_from_race(self.distance_m, self.time_s)

    @property
    def vdot(self) -> float:
        """Daniels' VDOT of this result."""
        return vdot_from_race(self.distance_m, self.time_s)


@dataclass(frozen=True)
class Prediction:
    """A predicted race time: the VDOT equivalent, with Riegel beside it, from one result."""

    target_distance_m: float
    time_s: float
    riegel_time_s: float
    vdot: float
    source: RaceResult
    caveat: str = PREDICTION_CAVEAT


def predict_from_results(
    results: Iterable[RaceResult],
    target_distance_m: float,
    *,
    method: Literal["best", "recent"] = "best",
) -> Prediction:
    """Predict a race from recent results, using one of them as the athlete's fitness.

    "best" takes the result with the highest VDOT (the later one on a tie); "recent" takes
    the latest result (the faster one on a tie). The VDOT equivalent is the prediction.
    """
    results = list(results)
    if not results:
        raise ValueError("no race results to predict from")
    if method == "best":
        source = max(results, key=lambda r: (r.vdot, r.date))
    elif method == "recent":
        source = max(results, key=lambda r: (r.date, r.vdot))
    else:
        raise ValueError(f"method must be 'best' or 'recent', got {method!r}")
    vdot = source.vdot
    return Prediction(
        target_distance_m=target_distance_m,
        time_s=race_time_s(vdot, target_distance_m),
        riegel_time_s=riegel_time_s(source.distance_m, source.time_s, target_distance_m),
        vdot=vdot,
        source=source,
    )


# -- Heart rate --------------------------------------------------------------------------

HR_MIN_BPM = 25  # below the resting heart rate of any endurance athlete on record
HR_MAX_BPM = 250  # above any measured maximum heart rate
# LTHR sits around 90% of maximum heart rate (ours): below 80 bpm it is a resting rate, and
# 230 is as high as it goes. The limits also keep every Friel zone at least one bpm wide
# (Z5a and Z5b span only 3% of LTHR) and Z5c (above 106%) under the 250 bpm ceiling.
LTHR_MIN_BPM = 80
LTHR_MAX_BPM = 230

# Friel's run zones: where each zone starts, in % of LTHR. Z5c is "more than 106%".
_FRIEL_STARTS_PCT = (("Z2", 85), ("Z3", 90), ("Z4", 95), ("Z5a", 100), ("Z5b", 103))
_FRIEL_Z5C_ABOVE_PCT = 106

# The four progression zones' heart rates, disjoint like the pace bands (ours). With LTHR:
# easy below 87% (Z1 and the lower half of Z2), steady 87-89% (upper Z2), marathon Z3
# (90-94%), threshold Z4-Z5a (95-102%).
_STEADY_FROM_LTHR_PCT = 87
# Without LTHR, where each zone starts in heart-rate reserve (Karvonen), and threshold's
# top. Marathon and threshold are Daniels' %VO2max bands (M 75-84%, T 85-92%), reading %HRR
# as %VO2max (Swain & Leutholtz 1997). Steady takes the 70-75% below M: for a runner with
# rest 50, max 190 and LTHR 170, Friel's 87% of LTHR (148 bpm) is 70% of the reserve, so the
# two methods start steady at the same heart rate. Easy has no floor, as with Friel.
KARVONEN_STARTS_HRR = {"steady": 0.70, "marathon": 0.75, "threshold": 0.85}
KARVONEN_THRESHOLD_TOP_HRR = 0.92


@dataclass(frozen=True)
class HrRange:
    """A heart-rate band in bpm, both ends included. A low end of 0 means no floor."""

    low_bpm: int
    high_bpm: int


def _check_hr(name: str, bpm: float) -> None:
    if not (math.isfinite(bpm) and HR_MIN_BPM <= bpm <= HR_MAX_BPM):
        raise ValueError(f"{name} must be between {HR_MIN_BPM} and {HR_MAX_BPM} bpm, got {bpm!r}")


def _check_rising(**bpm: float | None) -> None:
    """Each given heart rate is plausible and above the one named before it."""
    given = [(name, value) for name, value in bpm.items() if value is not None]
    for name, value in given:
        _check_hr(name, value)
    for (low_name, low), (high_name, high) in itertools.pairwise(given):
        if low >= high:
            raise ValueError(f"{low_name} {low:g} must be below {high_name} {high:g}")


def friel_zones(lthr_bpm: float) -> dict[str, tuple[int, int]]:
    """Friel's seven run zones from lactate-threshold heart rate, as whole-bpm bands.

    Zones are contiguous: each starts at the first whole bpm at or above its percentage of
    LTHR and ends one below the next. Friel leaves Z1 without a floor and Z5c without a
    ceiling; as TrainingPeaks shows them, Z1 starts at 0 and Z5c ends at 250 bpm.
    """
    if not (math.isfinite(lthr_bpm) and LTHR_MIN_BPM <= lthr_bpm <= LTHR_MAX_BPM):
        raise ValueError(
            f"lthr_bpm must be between {LTHR_MIN_BPM} and {LTHR_MAX_BPM} bpm, got {lthr_bpm!r}"
        )
    starts = [("Z1", 0)]
    starts += [(zone, math.ceil(pct * lthr_bpm / 100)) for zone, pct in _FRIEL_STARTS_PCT]
    starts.append(("Z5c", math.floor(_FRIEL_Z5C_ABOVE_PCT * lthr_bpm / 100) + 1))
    ends = [start - 1 for _, start in starts[1:]] + [HR_MAX_BPM]
    return {zone: (start, end) for (zone, start), end in zip(starts, ends, strict=True)}


def karvonen_bpm(rest_bpm: float, max_bpm: float, pct: float) -> float:
    """Karvonen's target heart rate: rest plus a fraction pct (0-1) of the heart-rate reserve."""
    _check_rising(rest_bpm=rest_bpm, max_bpm=max_bpm)
    if not (math.isfinite(pct) and 0.0 <= pct <= 1.0):
        raise ValueError(f"pct is a fraction of heart-rate reserve from 0 to 1, got {pct!r}")
    return rest_bpm + pct * (max_bpm - rest_bpm)


def progression_hr_zones(
    *,
    lthr_bpm: float | None = None,
    rest_bpm: float | None = None,
    max_bpm: float | None = None,
) -> dict[str, HrRange]:
    """Heart-rate bands for the four progression zones: easy, steady, marathon, threshold.

    With LTHR, from Friel's zones (easy below 87% of LTHR, steady 87-89%, marathon Z3,
    threshold Z4-Z5a); otherwise Karvonen from resting and maximum heart rate. The bands are
    disjoint whole-bpm bands, each starting one above the last one's top, so a heart rate
    belongs to at most one. Easy has no floor: any heart rate up to its top is easy. Late
    in a long run HR drifts up at constant effort.
    """
    _check_rising(rest_bpm=rest_bpm, lthr_bpm=lthr_bpm, max_bpm=max_bpm)
    if lthr_bpm is not None:
        z = friel_zones(lthr_bpm)
        steady_from = math.ceil(_STEADY_FROM_LTHR_PCT * lthr_bpm / 100)
        starts = [steady_from, z["Z3"][0], z["Z4"][0]]
        return _bands_from_starts(starts, threshold_top=z["Z5a"][1])
    if rest_bpm is None or max_bpm is None:
        raise ValueError("heart-rate zones need lthr_bpm, or both rest_bpm and max_bpm")

    def bpm(fraction: float) -> int:
        return _round_half_up(karvonen_bpm(rest_bpm, max_bpm, fraction))

    starts = [bpm(KARVONEN_STARTS_HRR[zone]) for zone in ("steady", "marathon", "threshold")]
    return _bands_from_starts(starts, threshold_top=bpm(KARVONEN_THRESHOLD_TOP_HRR))


def _bands_from_starts(starts: list[int], *, threshold_top: int) -> dict[str, HrRange]:
    """Easy, steady, marathon and threshold from where steady, marathon and threshold start.

    Each band ends one below the next one's start. A reserve too small to give every band a
    bpm (under 20 bpm, no runner's) still gives ordered one-bpm bands, never inverted ones.
    """
    for i in range(1, len(starts)):
        starts[i] = max(starts[i], starts[i - 1] + 1)
    steady, marathon, threshold = starts
    return {
        "easy": HrRange(0, steady - 1),
        "steady": HrRange(steady, marathon - 1),
        "marathon": HrRange(marathon, threshold - 1),
        "threshold": HrRange(threshold, max(threshold_top, threshold)),
    }


# -- Conditions --------------------------------------------------------------------------

# Hadley's heat table: (temperature + dew point in degrees F, slowdown % of pace) at each
# band's top; we interpolate linearly between tops, so 105 F gives 0.25%.
_HADLEY_KNOTS = (
    (100.0, 0.0),
    (110.0, 0.5),
    (120.0, 1.0),
    (130.0, 2.0),
    (140.0, 3.0),
    (150.0, 4.5),
    (160.0, 6.0),
    (170.0, 8.0),
    (180.0, 10.0),
)
# Air temperatures outside this are no conditions to plan a run in (ours; record 56.7 C).
TEMP_MIN_C = -60.0
TEMP_MAX_C = 60.0


def _fahrenheit(celsius: float) -> float:
    return celsius * 9.0 / 5.0 + 32.0


def heat_slowdown_pct(temp_c: float, dew_point_c: float) -> float:
    """Hadley's heat slowdown: % to add to pace for air temperature plus dew point (in F).

    Raises ValueError above 180 F combined: too hot for hard running at any pace.
    """
    for name, value in (("temp_c", temp_c), ("dew_point_c", dew_point_c)):
        if not (math.isfinite(value) and TEMP_MIN_C <= value <= TEMP_MAX_C):
            raise ValueError(
                f"{name} must be between {TEMP_MIN_C:g} and {TEMP_MAX_C:g} C, got {value!r}"
            )
    if dew_point_c > temp_c:
        raise ValueError(
            f"dew point {dew_point_c:g} C cannot be above the air temperature {temp_c:g} C"
        )
    combined_f = _fahrenheit(temp_c) + _fahrenheit(dew_point_c)
    if combined_f > _HADLEY_KNOTS[-1][0]:
        raise ValueError(
            f"too hot for hard running: temperature + dew point is {combined_f:.0f} F, "
            "above Hadley's 180 F"
        )
    if combined_f <= _HADLEY_KNOTS[0][0]:
        return 0.0
    (low_f, low_pct), (high_f, high_pct) = next(
        band for band in itertools.pairwise(_HADLEY_KNOTS) if combined_f <= band[1][0]
    )
    return low_pct + (high_pct - low_pct) * (combined_f - low_f) / (high_f - low_f)


def _check_pace(name: str, pace_s_per_km: float) -> None:
    _check_finite_positive(name, pace_s_per_km, "seconds per km")


def heat_adjusted_pace(pace_s_per_km: float, temp_c: float, dew_point_c: float) -> float:
    """The pace to run in the heat for the effort of pace_s_per_km in cool weather (Hadley).

    Goes from the planned pace to the slower pace for the day: pace x (1 + slowdown).
    """
    _check_pace("pace_s_per_km", pace_s_per_km)
    return pace_s_per_km * (1.0 + heat_slowdown_pct(temp_c, dew_point_c) / 100.0)


MAX_GRADE = 0.45  # Minetti measured -0.45 to +0.45; beyond that we hold the end value


def minetti_cost(grade: float) -> float:
    """Minetti's energy cost of running per metre at a gradient (rise/run), in J/kg/m.

    The grade is clamped to +-0.45, the range Minetti et al. (2002) measured.
    """
    if not math.isfinite(grade):
        raise ValueError(f"grade must be a finite rise over run, got {grade!r}")
    i = max(-MAX_GRADE, min(MAX_GRADE, grade))
    return 155.4 * i**5 - 30.4 * i**4 - 43.3 * i**3 + 46.3 * i**2 + 19.5 * i + 3.6


def grade_adjusted_pace(pace_s_per_km: float, grade: float) -> float:
    """The flat pace with the same energy cost as running pace_s_per_km on this grade.

    From the hill to the flat: a 5:00/km climb is a faster flat-equivalent pace (Minetti's
    grade-adjusted speed = speed x C(i) / C(0)).
    """
    _check_pace("pace_s_per_km", pace_s_per_km)
    return pace_s_per_km * minetti_cost(0.0) / minetti_cost(grade)


def pace_for_grade(flat_pace_s_per_km: float, grade: float) -> float:
    """The pace to run on this grade for the effort of flat_pace_s_per_km (Minetti).

    From the flat to the hill, the inverse of grade_adjusted_pace: slower uphill.
    """
    _check_pace("flat_pace_s_per_km", flat_pace_s_per_km)
    return flat_pace_s_per_km * minetti_cost(grade) / minetti_cost(0.0)


# -- Formatting --------------------------------------------------------------------------


def format_mmss(seconds: float) -> str:
    """Minutes and seconds, rounded half up to the second: "4:31", "75:30" (no hours).

    The one m:ss of the app: paces, splits and stage lengths are all written with it.
    """
    _check_duration(seconds)
    minutes, secs = divmod(_round_half_up(seconds), 60)
    return f"{minutes}:{secs:02d}"


def format_pace(s_per_km: float, unit: Literal["km", "mi"] = "km") -> str:
    """A pace as runners write it: "4:31 /km", or per mile ("7:16 /mi")."""
    _check_pace("s_per_km", s_per_km)
    if unit not in KM_PER_UNIT:
        raise ValueError(f"unit must be 'km' or 'mi', got {unit!r}")
    return f"{format_mmss(s_per_km * KM_PER_UNIT[unit])} /{unit}"


_DURATION = re.compile(
    r"(?:(?P<h>\d+):(?P<hm>[0-5]\d)|(?P<m>\d+)):(?P<s>[0-5]\d(?:\.\d+)?)", re.ASCII
)


def parse_duration(text: str) -> float:
    """Seconds from a race or stage time: "h:mm:ss", "mm:ss" or "m:ss" (decimals allowed)."""
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a duration; write h:mm:ss or m:ss, e.g. 3:10:49")
    if match["h"] is not None:
        minutes = int(match["h"]) * 60 + int(match["hm"])
    else:
        minutes = int(match["m"])
    seconds = minutes * 60 + float(match["s"])
    if seconds <= 0:
        raise ValueError(f"{text!r} is a zero duration")
    return seconds


def _check_duration(seconds: float) -> None:
    if not (math.isfinite(seconds) and seconds >= 0):
        raise ValueError(f"seconds must be a finite number, zero or more, got {seconds!r}")


def format_duration(seconds: float) -> str:
    """A duration as runners write it, to the second: "3:10:49", or "19:57" under an hour."""
    _check_duration(seconds)
    hours, rest_s = divmod(_round_half_up(seconds), 3600)
    if not hours:
        return format_mmss(rest_s)
    minutes, secs = divmod(rest_s, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
