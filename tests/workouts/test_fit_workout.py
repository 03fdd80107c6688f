"""FIT workout files for the watch (docs/running.md §4.12): every file is decoded back with the
same SDK that wrote it, and each step checked against the stage it came from."""

from datetime import UTC, datetime

import pytest
from garmin_fit_sdk import Decoder, Stream
from hypothesis import given
from hypothesis import strategies as st

from athletes.paces import PaceRange
from workouts.fit_workout import MAX_TEXT_BYTES, fit_text, speed_mm_s, watch_steps, workout_fit
from workouts.progression import Stage

CREATED = datetime(2026, 3, 14, 6, 30, tzinfo=UTC)
EASY = PaceRange(304, 334)
STEADY = PaceRange(287, 304)
MARATHON = PaceRange(268, 274)


def decode(data: bytes) -> dict:
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def steps_of(data: bytes) -> list[dict]:
    return decode(data)["workout_step_mesgs"]


def progression() -> bytes:
    stages = [
        Stage(duration_s=1800, zone="easy"),
        Stage(duration_s=1200, zone="steady"),
        Stage(distance_m=5000, zone="marathon"),
    ]
    return workout_fit("14 Mar Progression run", stages, [EASY, STEADY, MARATHON], created=CREATED)


def test_it_is_a_running_workout_file_with_one_step_per_stage():
    messages = decode(progression())
    (file_id,) = messages["file_id_mesgs"]
    assert file_id["type"] == "workout"
    assert file_id["time_created"] == CREATED
    (workout,) = messages["workout_mesgs"]
    assert workout == {
        "sport": "running",
        "wkt_name": "14 Mar Progression run",
        "num_valid_steps": 3,
    }
    assert [s["message_index"] for s in messages["workout_step_mesgs"]] == [0, 1, 2]


def test_each_step_runs_for_its_stages_time_or_distance():
    easy, steady, marathon = steps_of(progression())
    assert (easy["duration_type"], easy["duration_value"]) == ("time", 1_800_000)
    assert easy["duration_time"] == 1800  # the SDK reads the milliseconds back as seconds
    assert (steady["duration_type"], steady["duration_time"]) == ("time", 1200)
    assert (marathon["duration_type"], marathon["duration_value"]) == ("distance", 500_000)
    assert marathon["duration_distance"] == 5000


def test_each_step_targets_the_speeds_of_its_pace_range_slow_end_low():
    steps = steps_of(progression())
    for step, pace in zip(steps, [EASY, STEADY, MARATHON], strict=True):
        assert step["target_type"] == "speed"
        assert step["target_value"] == 0
        assert step["custom_target_value_low"] == round(1_000_000 / pace.slow_s_per_km)
        assert step["custom_target_value_high"] == round(1_000_000 / pace.fast_s_per_km)
        assert step["custom_target_speed_low"] < step["custom_target_speed_high"]
    # 4:28–4:34 /km is 3.650–3.731 m/s
    assert steps[2]["custom_target_speed_low"] == pytest.approx(1000 / 274, abs=0.001)
    assert steps[2]["custom_target_speed_high"] == pytest.approx(1000 / 268, abs=0.001)


def test_steps_are_named_after_their_zones():
    names = [s["wkt_step_name"] for s in steps_of(progression())]
    assert names == ["Easy", "Steady", "Marathon pace"]
    assert [s["intensity"] for s in steps_of(progression())] == ["active"] * 3


def test_the_step_notes_give_the_pace_range_in_the_athletes_units():
    stages = [Stage(duration_s=600, zone="marathon")]
    (km,) = steps_of(workout_fit("M", stages, [MARATHON], created=CREATED))
    (mi,) = steps_of(workout_fit("M", stages, [MARATHON], created=CREATED, unit="mi"))
    assert km["notes"] == "Marathon pace 4:28–4:34 /km"
    assert mi["notes"] == "Marathon pace 7:11–7:21 /mi"


def test_a_stage_without_a_pace_range_has_an_open_target_named_by_its_zone():
    stages = [Stage(duration_s=1800, zone="easy"), Stage(duration_s=600, zone="threshold")]
    easy, threshold = steps_of(workout_fit("No paces", stages, [None, None], created=CREATED))
    assert easy["target_type"] == threshold["target_type"] == "open"
    assert "custom_target_value_low" not in easy
    assert (easy["wkt_step_name"], threshold["wkt_step_name"]) == ("Easy", "Threshold")
    assert easy["notes"] == "Easy: no pace target (no paces known)"


def test_a_stage_at_an_explicit_pace_keeps_it_and_names_it():
    stage = Stage(duration_s=1200, pace=PaceRange(270, 280))
    (step,) = steps_of(workout_fit("Pace", [stage], [None], created=CREATED))
    assert step["wkt_step_name"] == "Pace 4:30–4:40 /km"
    assert step["custom_target_value_low"] == speed_mm_s(280) == 3571
    assert step["custom_target_value_high"] == speed_mm_s(270) == 3704


def test_a_single_pace_is_a_range_of_one_speed():
    stage = Stage(duration_s=600, pace=PaceRange(240, 240))
    (step,) = steps_of(workout_fit("4:00", [stage], [None], created=CREATED))
    assert step["custom_target_value_low"] == step["custom_target_value_high"] == 4167
    assert step["wkt_step_name"] == "Pace 4:00 /km"


@pytest.mark.parametrize(
    ("zone", "intensity", "name"),
    [("rest", "rest", "Rest"), ("walk", "recovery", "Walk"), ("recovery", "recovery", "Recovery")],
)
def test_a_stage_that_is_not_running_is_an_open_rest_or_recovery_step(zone, intensity, name):
    (step,) = steps_of(workout_fit("x", [Stage(duration_s=60, zone=zone)], [EASY], created=CREATED))
    assert (step["intensity"], step["target_type"], step["wkt_step_name"]) == (
        intensity,
        "open",
        name,
    )
    assert step["notes"] == f"{name}: no pace target"


def test_a_long_name_is_cut_to_what_a_fit_string_holds():
    name = "Fast-finish long run – " + "é" * 300
    assert len(fit_text(name).encode()) <= MAX_TEXT_BYTES
    stages = [Stage(duration_s=600, zone="easy")]
    (workout,) = decode(workout_fit(name, stages, [EASY], created=CREATED))["workout_mesgs"]
    assert workout["wkt_name"] == fit_text(name)
    assert workout["wkt_name"].startswith("Fast-finish long run – é")


def test_it_refuses_a_workout_without_stages():
    with pytest.raises(ValueError, match="at least one stage"):
        workout_fit("Empty", [], [], created=CREATED)


def test_it_refuses_a_pace_list_that_does_not_match_the_stages():
    with pytest.raises(ValueError, match="2 stages but 1 pace ranges"):
        watch_steps([Stage(duration_s=60, zone="easy")] * 2, [EASY])


paces = st.builds(
    lambda fast, width: PaceRange(fast, fast + width),
    st.floats(min_value=120, max_value=1100),
    st.floats(min_value=0, max_value=100),
)
stages_and_paces = st.lists(
    st.tuples(
        st.one_of(
            st.builds(
                Stage,
                duration_s=st.floats(1, 43_200),
                zone=st.sampled_from(["easy", "steady", "marathon", "threshold"]),
            ),
            st.builds(
                Stage,
                distance_m=st.floats(1, 200_000),
                zone=st.sampled_from(["easy", "steady", "marathon", "threshold"]),
            ),
            st.builds(Stage, duration_s=st.floats(1, 43_200), pace=paces),
        ),
        st.one_of(st.none(), paces),
    ),
    min_size=1,
    max_size=20,
)


@given(stages_and_paces)
def test_any_plan_decodes_back_into_its_steps(plan):
    stages = [stage for stage, _ in plan]
    ranges = [pace for _, pace in plan]
    steps = steps_of(workout_fit("Any", stages, ranges, created=CREATED))
    assert len(steps) == len(stages)
    for step, stage, given_pace in zip(steps, stages, ranges, strict=True):
        if stage.duration_s is not None:
            assert step["duration_type"] == "time"
            assert step["duration_value"] == round(stage.duration_s * 1000)
        else:
            assert step["duration_type"] == "distance"
            assert step["duration_value"] == round(stage.distance_m * 100)
        pace = given_pace or stage.pace
        if pace is None:
            assert step["target_type"] == "open"
            continue
        assert step["target_type"] == "speed"
        low, high = step["custom_target_value_low"], step["custom_target_value_high"]
        assert low <= high
        # within half a millimetre per second of the exact speeds
        assert abs(low - 1_000_000 / pace.slow_s_per_km) <= 0.5
        assert abs(high - 1_000_000 / pace.fast_s_per_km) <= 0.5
