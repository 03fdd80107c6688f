"""An athlete's zones on a day: races up to that day, heart rates, and the coach's overrides."""

from datetime import date, timedelta

import pytest

from athletes.fitness import (
    HeartRates,
    ZoneOverride,
    fitness_on,
    pace_history,
    predictions_on,
    results_counting_on,
)
from athletes.paces import HrRange, PaceRange, RaceResult, ladder_paces, training_paces

DAY = date(2026, 11, 1)
SPRING = RaceResult(5000, 1197, date(2026, 5, 1))  # VDOT 50
AUTUMN = RaceResult(5000, 1023, date(2026, 10, 1))  # VDOT 60


def test_a_result_counts_from_its_date_on():
    assert round(fitness_on(date(2026, 9, 1), [SPRING, AUTUMN]).vdot) == 50
    assert round(fitness_on(DAY, [SPRING, AUTUMN]).vdot) == 60


def test_a_result_older_than_a_year_no_longer_counts():
    assert results_counting_on([SPRING], SPRING.date + timedelta(days=366)) == []
    assert fitness_on(SPRING.date + timedelta(days=366), [SPRING]).vdot is None


def test_without_results_there_are_no_paces_but_heart_rates_still_come():
    fitness = fitness_on(DAY, [], heart_rates=HeartRates(rest_bpm=50, max_bpm=190))
    assert fitness.vdot is None and fitness.paces == {}
    assert fitness.hr_method == "heart-rate reserve (Karvonen)"
    assert fitness.zones["marathon"].hr is not None


def test_lthr_wins_over_rest_and_max():
    fitness = fitness_on(DAY, [SPRING], heart_rates=HeartRates(50, 190, 170))
    assert fitness.hr_method == "LTHR (Friel)"


def test_no_heart_rates_means_no_heart_rate_zones():
    assert fitness_on(DAY, [SPRING]).zones["easy"].hr is None


def test_the_four_progression_zones_come_in_order():
    names = [zone.name for zone in fitness_on(DAY, [SPRING]).progression]
    assert names == ["easy", "steady", "marathon", "threshold"]


def test_the_paces_shown_and_judged_are_the_ladders_not_daniels_overlapping_easy():
    fitness = fitness_on(DAY, [SPRING])
    assert fitness.paces == ladder_paces(SPRING.vdot)
    assert fitness.paces["easy"] != training_paces(SPRING.vdot)["easy"]
    checker = fitness.checker_paces
    assert checker["easy"].fast_s_per_km > checker["steady"].slow_s_per_km


def test_the_heart_rates_of_the_four_zones_do_not_overlap():
    fitness = fitness_on(DAY, [SPRING], heart_rates=HeartRates(lthr_bpm=170))
    bands = [zone.hr for zone in fitness.progression]
    assert [(band.low_bpm, band.high_bpm) for band in bands] == [
        (0, 147),
        (148, 152),
        (153, 161),
        (162, 175),
    ]


def test_a_hand_set_band_wins_even_where_it_overlaps_a_neighbour():
    override = ZoneOverride("easy", pace=PaceRange(280, 340))  # reaches into steady
    fitness = fitness_on(DAY, [SPRING], overrides=[override])
    assert fitness.paces["easy"] == PaceRange(280, 340)
    assert fitness.paces["steady"] == ladder_paces(SPRING.vdot)["steady"]


def test_an_override_wins_and_is_marked_only_for_what_it_sets():
    override = ZoneOverride("marathon", pace=PaceRange(260, 265))
    fitness = fitness_on(DAY, [SPRING], heart_rates=HeartRates(lthr_bpm=170), overrides=[override])
    marathon = fitness.zones["marathon"]
    assert marathon.pace == PaceRange(260, 265) and marathon.pace_overridden
    assert marathon.hr is not None and not marathon.hr_overridden
    assert not fitness.zones["easy"].pace_overridden


def test_an_hr_override_without_heart_rates():
    override = ZoneOverride("easy", hr=HrRange(120, 140))
    assert fitness_on(DAY, [], overrides=[override]).zones["easy"].hr == HrRange(120, 140)


@pytest.mark.parametrize("method,vdot", [("best", 60), ("recent", 50)])
def test_the_method_picks_the_source_result(method, vdot):
    older_faster = RaceResult(5000, 1023, date(2026, 6, 1))
    newer_slower = RaceResult(5000, 1197, date(2026, 10, 1))
    assert round(fitness_on(DAY, [older_faster, newer_slower], method=method).vdot) == vdot


def test_predictions_need_a_counting_result():
    assert predictions_on(DAY, [], [42195]) == []
    [marathon] = predictions_on(DAY, [SPRING], [42195])
    assert 3 * 3600 < marathon.time_s < 3.3 * 3600


def test_pace_history_lists_only_changes_newest_first():
    slower_later = RaceResult(5000, 1250, date(2026, 7, 1))  # best stays SPRING: no change
    history = pace_history([AUTUMN, slower_later, SPRING])
    assert [day for day, _ in history] == [AUTUMN.date, SPRING.date]


def test_plans_are_judged_by_paces_only_when_all_four_zones_are_known():
    assert fitness_on(DAY, [SPRING]).checker_paces is not None
    assert fitness_on(DAY, []).checker_paces is None
    one_zone = ZoneOverride("easy", pace=PaceRange(330, 360))
    assert fitness_on(DAY, [], overrides=[one_zone]).checker_paces is None
    every_zone = [
        ZoneOverride(name, pace=PaceRange(p, p + 10))
        for name, p in [("easy", 330), ("steady", 300), ("marathon", 280), ("threshold", 260)]
    ]
    assert set(fitness_on(DAY, [], overrides=every_zone).checker_paces) == {
        "easy",
        "steady",
        "marathon",
        "threshold",
    }
