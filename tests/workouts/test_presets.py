from fractions import Fraction

import pytest

from athletes.paces import PaceRange
from workouts.plan_text import format_plan
from workouts.presets import (
    PRESETS,
    Preset,
    base_progression,
    fast_finish,
    fast_finish_long_run,
    progressive_long_run,
    split,
    thirds,
)
from workouts.progression import PHASES, check_progression, is_blocking

PACES = {
    "easy": PaceRange(300, 335),
    "steady": PaceRange(285, 300),
    "marathon": PaceRange(268, 275),
    "threshold": PaceRange(252, 258),
    "interval": PaceRange(228, 235),
    "repetition": PaceRange(210, 218),
}
TOTALS = [
    {"duration_s": 45 * 60},
    {"duration_s": 60 * 60},
    {"duration_s": 75 * 60},
    {"duration_s": 100 * 60 + 30},
    {"duration_s": 150 * 60},
    {"distance_m": 16_000},
    {"distance_m": 21_100},
    {"distance_m": 30_000},
    {"distance_m": 35_000},
]


def total(stages, field):
    return sum(getattr(stage, field) for stage in stages)


def test_thirds_of_75_minutes_is_25_minutes_each():
    assert format_plan(thirds(duration_s=4500)) == "25min easy, 25min steady, 25min marathon"


def test_thirds_gives_the_rounding_remainder_to_the_easy_start():
    assert format_plan(thirds(duration_s=80 * 60)) == "28min easy, 26min steady, 26min marathon"
    assert format_plan(thirds(distance_m=16_000)) == "6km easy, 5km steady, 5km marathon"


def test_base_progression_is_mostly_easy():
    assert format_plan(base_progression(duration_s=3600)) == (
        "36min easy, 15min steady, 9min marathon"
    )


def test_fast_finish_is_half_easy_even_after_rounding():
    assert format_plan(fast_finish(duration_s=4500)) == "39min easy, 18min steady, 18min marathon"


def test_progressive_long_run_of_35_km_follows_the_example():
    assert format_plan(progressive_long_run(distance_m=35_000)) == (
        "5.5km easy, 14km steady, 15.5km marathon"
    )


@pytest.mark.parametrize(
    ("distance_km", "plan"),
    [
        (16, "10km easy, 1km steady, 5km marathon"),
        (30, "18km easy, 6km steady, 6km marathon"),
        (35, "21km easy, 7km steady, 7km marathon"),
        (50, "30km easy, 12km steady, 8km marathon"),
    ],
)
def test_fast_finish_long_run_ends_with_5_to_8_km_at_marathon_pace(distance_km, plan):
    assert format_plan(fast_finish_long_run(distance_m=distance_km * 1000)) == plan


def test_fast_finish_long_run_by_time_is_60_20_20():
    assert format_plan(fast_finish_long_run(duration_s=150 * 60)) == (
        "90min easy, 30min steady, 30min marathon"
    )


def test_refuses_a_fast_finish_long_run_too_short_for_a_steady_bridge():
    with pytest.raises(ValueError, match="a fast-finish long run of 13 km is too short"):
        fast_finish_long_run(distance_m=13_000)


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"duration_s": 3600, "distance_m": 10_000}],
)
def test_needs_exactly_one_total(kwargs):
    with pytest.raises(ValueError, match="give a total duration or a total distance"):
        thirds(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"duration_s": 0}, "a total of 0 minutes is not a run"),
        ({"distance_m": float("inf")}, "a total of inf km is not a run"),
    ],
)
def test_refuses_a_total_that_is_not_a_run(kwargs, message):
    with pytest.raises(ValueError, match=message):
        fast_finish(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"duration_s": 120}, "a total of 2 minutes is too short to split into 3 stages of whole"),
        ({"distance_m": 1200}, "a total of 1.2 km is too short to split into 3 stages of whole"),
    ],
)
def test_refuses_a_total_too_short_for_its_stages(kwargs, message):
    with pytest.raises(ValueError, match=message):
        thirds(**kwargs)


def test_splits_a_single_share_into_one_stage():
    [stage] = split([("easy", Fraction(1))], duration_s=1234)
    assert stage.duration_s == 1234


@pytest.mark.parametrize("preset", PRESETS.values(), ids=PRESETS)
@pytest.mark.parametrize("kwargs", TOTALS, ids=lambda kwargs: "-".join(map(str, kwargs.values())))
def test_every_preset_keeps_its_total_exactly(preset, kwargs):
    [(field, value)] = kwargs.items()
    assert total(preset.build(**kwargs), field) == value


@pytest.mark.parametrize("preset", PRESETS.values(), ids=PRESETS)
@pytest.mark.parametrize("kwargs", TOTALS, ids=lambda kwargs: "-".join(map(str, kwargs.values())))
@pytest.mark.parametrize("paces", [None, PACES], ids=["zones-only", "athlete-paces"])
def test_every_preset_passes_its_phase_with_only_its_known_warnings(preset, kwargs, paces):
    findings = check_progression(preset.build(**kwargs), phase=preset.phase, paces=paces)
    assert not is_blocking(findings)
    assert {finding.code for finding in findings} == set(preset.known_warnings)


@pytest.mark.parametrize("preset", PRESETS.values(), ids=PRESETS)
def test_every_preset_is_data_for_a_built_in_template(preset):
    assert isinstance(preset, Preset)
    assert PRESETS[preset.key] is preset
    assert preset.phase in PHASES
    assert preset.name and preset.description
    assert (preset.default_duration_s is None) != (preset.default_distance_m is None)
    assert not is_blocking(check_progression(preset.stages(), phase=preset.phase))


def test_there_is_a_preset_for_every_phase():
    assert {preset.phase for preset in PRESETS.values()} == set(PHASES)
    assert PRESETS["thirds"].stages() == thirds(duration_s=3600)


def test_the_built_in_fast_finish_is_half_easy_a_quarter_steady_a_quarter_marathon():
    easy, steady, marathon = PRESETS["fast_finish"].stages()
    assert (easy.duration_s, steady.duration_s, marathon.duration_s) == (2400, 1200, 1200)
