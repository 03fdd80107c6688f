"""The pure half of frozen targets: a snapshot gives back the fitness it was taken of, and an
athlete's fitness on many days is computed once per distinct set of counting results."""

import json
from datetime import date, timedelta

from athletes.fitness import HeartRates, ZoneOverride, fitness_on
from athletes.paces import HrRange, PaceRange, RaceResult
from workouts.frozen_targets import FitnessByDay, from_snapshot, is_due, snapshot

DAY = date(2027, 3, 2)
FIVE_K = RaceResult(distance_m=5000, time_s=1197, date=DAY - timedelta(days=30))  # VDOT 50
FASTER = RaceResult(distance_m=5000, time_s=1140, date=DAY + timedelta(days=10))
HEART = HeartRates(rest_bpm=48, max_bpm=188, lthr_bpm=170)
MARATHON_BY_HAND = ZoneOverride("marathon", pace=PaceRange(260, 265), hr=HrRange(150, 158))


def test_a_snapshot_survives_json_and_gives_back_the_same_fitness():
    fitness = fitness_on(DAY, [FIVE_K], heart_rates=HEART, overrides=[MARATHON_BY_HAND])
    data = json.loads(json.dumps(snapshot(fitness)))
    assert from_snapshot(data) == fitness
    assert data["zones"]["marathon"]["pace"] == [260, 265]
    assert data["zones"]["marathon"]["pace_overridden"] is True
    assert data["source"] == {"distance_m": 5000, "time_s": 1197, "date": "2027-01-31"}


def test_a_snapshot_without_a_result_or_heart_rates_keeps_the_gaps():
    fitness = fitness_on(DAY, [])
    data = snapshot(fitness)
    assert (data["vdot"], data["source"], data["hr_method"]) == (None, None, None)
    assert data["zones"]["easy"] == {
        "pace": None,
        "hr": None,
        "pace_overridden": False,
        "hr_overridden": False,
    }
    assert from_snapshot(data) == fitness


def test_fitness_by_day_is_fitness_on_each_day():
    by_day = FitnessByDay([FIVE_K, FASTER], method="recent", heart_rates=HEART)
    for day in (DAY, DAY + timedelta(days=10), DAY + timedelta(days=400)):
        assert by_day.on(day) == fitness_on(
            day, [FIVE_K, FASTER], method="recent", heart_rates=HEART
        )


def test_days_with_the_same_counting_results_share_one_computation():
    by_day = FitnessByDay([FIVE_K, FASTER])
    first, second = by_day.on(DAY), by_day.on(DAY + timedelta(days=5))
    assert first.zones is second.zones  # computed once, only the day differs
    assert (first.on, second.on) == (DAY, DAY + timedelta(days=5))
    assert by_day.on(DAY + timedelta(days=10)).vdot > first.vdot  # the faster 5K counts


def test_a_day_a_year_after_the_last_result_has_no_race_paces():
    by_day = FitnessByDay([FIVE_K])
    assert by_day.on(FIVE_K.date + timedelta(days=365)).vdot is not None
    assert by_day.on(FIVE_K.date + timedelta(days=366)).vdot is None


def test_a_day_is_due_once_it_has_passed():
    assert is_due(DAY, DAY + timedelta(days=1))
    assert not is_due(DAY, DAY)
    assert not is_due(DAY + timedelta(days=1), DAY)
