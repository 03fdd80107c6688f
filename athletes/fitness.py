"""An athlete's paces and heart rates on a given day, from their races and their coach's
overrides. No Django: the models hand in plain values.

A race result sets the paces from its date on; results after the day asked about do not
count, so the paces a plan was made with can always be recomputed for that plan's date.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from athletes.paces import (
    HrRange,
    PaceRange,
    Prediction,
    RaceResult,
    ladder_paces,
    predict_from_results,
    progression_hr_zones,
)

PROGRESSION_ZONES = ("easy", "steady", "marathon", "threshold")
# A race older than this says little about today's fitness (ours; a coach can override paces).
RESULT_WINDOW = timedelta(days=365)


@dataclass(frozen=True)
class ZoneOverride:
    """A coach's hand-set pace band and/or heart-rate band for one zone; set parts win."""

    zone: str
    pace: PaceRange | None = None
    hr: HrRange | None = None


@dataclass(frozen=True)
class HeartRates:
    rest_bpm: int | None = None
    max_bpm: int | None = None
    lthr_bpm: int | None = None


@dataclass(frozen=True)
class Zone:
    name: str
    pace: PaceRange | None
    hr: HrRange | None
    pace_overridden: bool = False
    hr_overridden: bool = False


@dataclass(frozen=True)
class Fitness:
    """What the athlete's zones are on `on`, and where they come from."""

    on: date
    vdot: float | None
    source: RaceResult | None
    zones: dict[str, Zone] = field(default_factory=dict)
    hr_method: str | None = None  # "LTHR (Friel)" or "heart-rate reserve (Karvonen)"

    @property
    def progression(self) -> list[Zone]:
        """The four zones a progression run climbs through, easy first."""
        return [self.zones[name] for name in PROGRESSION_ZONES if name in self.zones]

    @property
    def checker_paces(self) -> dict[str, PaceRange] | None:
        """The paces a plan is judged by: all four progression zones known, from a race or
        set by hand; None otherwise (a plan is then judged by time and zones alone)."""
        paces = self.paces
        return paces if all(name in paces for name in PROGRESSION_ZONES) else None

    @property
    def paces(self) -> dict[str, PaceRange]:
        return {name: z.pace for name, z in self.zones.items() if z.pace is not None}


def results_counting_on(results: Iterable[RaceResult], on: date) -> list[RaceResult]:
    """The results that tell the athlete's fitness on `on`: run by then, within a year."""
    # Subtract from `on` no further than the window: day one of the calendar has no year before.
    return [r for r in results if r.date <= on and on - r.date <= RESULT_WINDOW]


def source_result(results: Iterable[RaceResult], on: date, method: str) -> RaceResult | None:
    counting = results_counting_on(results, on)
    if not counting:
        return None
    # Any distance gives the source: predict_from_results chooses by method.
    return predict_from_results(counting, 5000.0, method=method).source


def _hr_zones(hr: HeartRates) -> tuple[dict[str, HrRange], str | None]:
    if hr.lthr_bpm:
        return progression_hr_zones(lthr_bpm=hr.lthr_bpm, max_bpm=hr.max_bpm), "LTHR (Friel)"
    if hr.rest_bpm and hr.max_bpm:
        zones = progression_hr_zones(rest_bpm=hr.rest_bpm, max_bpm=hr.max_bpm)
        return zones, "heart-rate reserve (Karvonen)"
    return {}, None


def fitness_on(
    on: date,
    results: Iterable[RaceResult],
    *,
    method: str = "best",
    heart_rates: HeartRates = HeartRates(),
    overrides: Iterable[ZoneOverride] = (),
) -> Fitness:
    """The athlete's zones on `on`: the ladder's disjoint pace bands from the counting result,
    Friel or Karvonen heart rates, and the coach's overrides on top, marked as such (a
    hand-set band wins even where it overlaps a neighbour)."""
    source = source_result(results, on, method)
    vdot = source.vdot if source else None
    paces = ladder_paces(vdot) if vdot else {}
    hr_zones, hr_method = _hr_zones(heart_rates)
    by_zone = {o.zone: o for o in overrides}
    zones = {}
    for name in (*PROGRESSION_ZONES, "interval", "repetition"):
        override = by_zone.get(name, ZoneOverride(name))
        zones[name] = Zone(
            name=name,
            pace=override.pace or paces.get(name),
            hr=override.hr or hr_zones.get(name),
            pace_overridden=override.pace is not None,
            hr_overridden=override.hr is not None,
        )
    return Fitness(on=on, vdot=vdot, source=source, zones=zones, hr_method=hr_method)


def predictions_on(
    on: date, results: Iterable[RaceResult], distances_m: Iterable[float], *, method: str = "best"
) -> list[Prediction]:
    counting = results_counting_on(results, on)
    if not counting:
        return []
    return [predict_from_results(counting, d, method=method) for d in distances_m]


def pace_history(
    results: Iterable[RaceResult], *, method: str = "best"
) -> list[tuple[date, Fitness]]:
    """Each day a result changed the athlete's VDOT, newest first."""
    results = sorted(results, key=lambda r: r.date)
    history, last_vdot = [], None
    for result in results:
        fitness = fitness_on(result.date, results, method=method)
        if fitness.vdot != last_vdot:
            history.append((result.date, fitness))
            last_vdot = fitness.vdot
    return history[::-1]
