"""A planned session's targets as of its day, and the snapshot that keeps them once the day
has passed (docs/running.md §3.7). No Django: the models hand in plain values.

The snapshot is the athlete's whole fitness on that day (every zone's pace and heart-rate
band, the VDOT and the race it came from), as plain JSON, rather than the paces of the
session's own stages: a past session's stages edited later resolve against the same day, and
its plan is judged by the same four progression paces as before.
"""

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from athletes.fitness import (
    Fitness,
    HeartRates,
    Zone,
    ZoneOverride,
    fitness_on,
    results_counting_on,
)
from athletes.paces import HrRange, PaceRange, RaceResult

SNAPSHOT_VERSION = 1


def is_due(day: date, today: date) -> bool:
    """Whether a session on `day` has its targets frozen by `today`: once its day has passed."""
    return day < today


def snapshot(fitness: Fitness) -> dict:
    """The fitness as JSON: paces in s/km (fast end first), heart rates in bpm."""
    source = fitness.source
    return {
        "version": SNAPSHOT_VERSION,
        "on": fitness.on.isoformat(),
        "vdot": fitness.vdot,
        "source": source
        and {
            "distance_m": source.distance_m,
            "time_s": source.time_s,
            "date": source.date.isoformat(),
        },
        "hr_method": fitness.hr_method,
        "zones": {
            name: {
                "pace": zone.pace and [zone.pace.fast_s_per_km, zone.pace.slow_s_per_km],
                "hr": zone.hr and [zone.hr.low_bpm, zone.hr.high_bpm],
                "pace_overridden": zone.pace_overridden,
                "hr_overridden": zone.hr_overridden,
            }
            for name, zone in fitness.zones.items()
        },
    }


def from_snapshot(data: dict) -> Fitness:
    """The fitness a snapshot holds, as `fitness_on` gave it on the day it was taken."""
    source = data["source"]
    zones = {
        name: Zone(
            name=name,
            pace=PaceRange(*zone["pace"]) if zone["pace"] else None,
            hr=HrRange(*zone["hr"]) if zone["hr"] else None,
            pace_overridden=zone["pace_overridden"],
            hr_overridden=zone["hr_overridden"],
        )
        for name, zone in data["zones"].items()
    }
    return Fitness(
        on=date.fromisoformat(data["on"]),
        vdot=data["vdot"],
        source=source
        and RaceResult(source["distance_m"], source["time_s"], date.fromisoformat(source["date"])),
        zones=zones,
        hr_method=data["hr_method"],
    )


class FitnessByDay:
    """An athlete's fitness on any number of days from one set of results and overrides: the
    zones are computed once per distinct set of counting results (§2.6), so a block of 30
    weeks costs no more than its distinct result windows."""

    def __init__(
        self,
        results: Iterable[RaceResult],
        *,
        method: str = "best",
        heart_rates: HeartRates | None = None,
        overrides: Iterable[ZoneOverride] = (),
    ):
        self.results = list(results)
        self.method = method
        self.heart_rates = heart_rates or HeartRates()
        self.overrides = list(overrides)
        self._by_results: dict[tuple, Fitness] = {}

    def on(self, day: date) -> Fitness:
        counting = results_counting_on(self.results, day)
        key = tuple(sorted(counting, key=lambda r: (r.date, r.distance_m, r.time_s)))
        fitness = self._by_results.get(key)
        if fitness is None:
            fitness = fitness_on(
                day,
                counting,
                method=self.method,
                heart_rates=self.heart_rates,
                overrides=self.overrides,
            )
            self._by_results[key] = fitness
        return fitness if fitness.on == day else replace(fitness, on=day)
