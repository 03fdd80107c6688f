"""The stored review of a logged run (docs/running.md §3.11): a recording's review as JSON
values with its laps and chart series, and the review of a run logged by hand."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from athletes.paces import ladder_paces
from tests.workouts.test_review import EASY, LTHR, MARATHON, PACES, PLAN, STEADY, recording
from workouts.log_review import (
    SERIES_MAX_POINTS,
    SERIES_MIN_BUCKET_S,
    HandStage,
    file_review,
    hand_review,
    heat_pct,
)
from workouts.progression import Stage
from workouts.recording import Lap, Pause, Recording, Sample
from workouts.review import Conditions, ReviewRules, review_run

STAGE_KEYS = {
    "index",
    "zone",
    "planned_s",
    "planned_m",
    "start_s",
    "end_s",
    "actual_s",
    "distance_m",
    "pace_s_per_km",
    "gap_s_per_km",
    "avg_hr",
    "time_in_band_s",
    "verdict",
    "band",
    "rpe",
}
TOP_KEYS = {
    "v",
    "split_by",
    "compliance",
    "timer_s",
    "moving_s",
    "distance_m",
    "avg_hr",
    "low_confidence",
    "heat_adjusted",
    "notes",
    "stages",
    "findings",
    "laps",
    "series",
}
HOT = Conditions(temp_c=28, dew_point_c=22)


def stored(rec, stages=PLAN, *, planned=True, conditions=None, **kwargs):
    review = review_run(rec, stages, paces=PACES, lthr=LTHR, conditions=conditions, **kwargs)
    return file_review(rec, review, planned=planned, conditions=conditions)


def clean_run(**kwargs):
    return recording([(1800, *EASY), (900, *STEADY), (900, *MARATHON)], **kwargs)


# -- A recording --------------------------------------------------------------------------


def test_a_clean_progression_is_stored_with_every_key_as_json():
    data = stored(clean_run())
    assert set(data) == TOP_KEYS
    assert json.loads(json.dumps(data)) == data
    assert data["v"] == 1
    assert (data["split_by"], data["compliance"]) == ("time", "green")
    assert data["timer_s"] == data["moving_s"] == 3600
    assert data["findings"] == [] and data["notes"] == [] and data["laps"] == []
    assert [set(stage) for stage in data["stages"]] == [STAGE_KEYS] * 3
    first = data["stages"][0]
    assert (first["start_s"], first["end_s"], first["planned_s"], first["planned_m"]) == (
        0,
        1800,
        1800,
        None,
    )
    assert first["verdict"] == "on-target" and first["rpe"] is None
    easy = PACES["easy"]
    assert first["band"] == [round(easy.fast_s_per_km, 1), round(easy.slow_s_per_km, 1)]
    assert first["pace_s_per_km"] == pytest.approx(320, abs=0.2)
    assert first["gap_s_per_km"] == pytest.approx(320, abs=0.2)  # flat: the same


def test_findings_keep_their_severity_and_moment():
    data = stored(recording([(1800, *EASY), ("still", 200), (900, *STEADY), (900, *MARATHON)]))
    [stop] = data["findings"]
    assert stop["code"] == "stopped"
    assert stop["severity"] == "serious"
    assert stop["at_s"] == pytest.approx(1800, abs=1)
    assert set(stop) == {"code", "stage_index", "at_s", "message", "severity"}


def test_heat_is_flagged_and_slows_the_bands():
    data = stored(clean_run(), conditions=HOT)
    assert data["heat_adjusted"] is True
    factor = 1 + heat_pct(HOT) / 100
    assert data["stages"][0]["band"][0] == pytest.approx(
        PACES["easy"].fast_s_per_km * factor, abs=0.1
    )
    assert any("for the heat" in note for note in data["notes"])


def test_heat_pct_is_zero_without_weather_or_beyond_hadley():
    assert heat_pct(None) == 0
    assert heat_pct(Conditions(temp_c=10, dew_point_c=5)) == 0
    assert heat_pct(Conditions(temp_c=45, dew_point_c=40)) == 0  # Hadley's table ends
    assert heat_pct(HOT) > 0


def test_an_unplanned_run_keeps_only_its_figures_laps_and_series():
    rec = clean_run()
    own = [Stage(duration_s=3600, zone="easy")]
    data = stored(rec, own, planned=False)
    assert set(data) == TOP_KEYS
    assert (data["split_by"], data["compliance"], data["heat_adjusted"]) == (None, None, False)
    assert data["stages"] == [] and data["findings"] == [] and data["notes"] == []
    assert data["distance_m"] == pytest.approx(1800 / 0.32 + 900 / 0.292 + 900 / 0.271, rel=1e-4)
    assert data["series"]["t"]


def test_laps_carry_distance_pace_and_heart_rate():
    laps = (
        Lap(0, 1800, "manual", 0, None),
        Lap(1800, 3600, "session_end", 1, 6400.0),
    )
    data = stored(recording([(1800, *EASY), (1800, *STEADY)], laps=laps))
    first, second = data["laps"]
    assert first == {
        "start_s": 0,
        "end_s": 1800,
        "trigger": "manual",
        "workout_step_index": 0,
        "distance_m": pytest.approx(1800 / 0.320, rel=1e-3),
        "pace_s_per_km": pytest.approx(320, abs=0.5),
        "avg_hr": 135,
    }
    assert second["distance_m"] == 6400  # the lap's own distance, as the watch wrote it
    assert second["avg_hr"] == 148


def test_a_lap_without_samples_or_distance_has_no_pace():
    rec = Recording(
        sport="running",
        samples=(Sample(0, hr_bpm=300), Sample(1, hr_bpm=300)),
        laps=(Lap(5, 9, "manual"),),
    )
    review = review_run(rec, [Stage(duration_s=1, zone="easy")], paces=None)
    [lap] = file_review(rec, review)["laps"]
    assert (lap["distance_m"], lap["pace_s_per_km"], lap["avg_hr"]) == (None, None, None)


def test_the_series_is_bucketed_by_time_and_averaged():
    data = stored(clean_run())
    series = data["series"]
    width = 3600 / SERIES_MAX_POINTS
    assert width < SERIES_MIN_BUCKET_S  # an hour: buckets of the least width
    assert len(series["t"]) == 360
    assert set(map(len, series.values())) == {360}
    assert series["t"][:2] == [5.0, 15.0]
    assert series["pace"][0] == pytest.approx(320, abs=0.5)
    assert series["pace"][-1] == pytest.approx(271, abs=0.5)
    assert series["hr"][0] == 135 and series["hr"][-1] == 158


def test_a_long_run_has_at_most_600_points():
    rec = recording([(3 * 3600, *EASY)])
    series = stored(rec, [Stage(duration_s=3 * 3600, zone="easy")])["series"]
    assert len(series["t"]) == SERIES_MAX_POINTS
    assert series["t"][-1] < 3 * 3600


def test_the_series_leaves_gaps_where_the_runner_stood_or_paused():
    rec = recording([(600, *EASY), ("still", 60), (600, *EASY), ("pause", 60), (600, *EASY)])
    series = stored(rec, [Stage(duration_s=1800, zone="easy")])["series"]
    by_t = dict(zip(series["t"], series["pace"], strict=True))
    assert by_t[625.0] is None  # standing still
    assert by_t[1285.0] is None  # the timer stopped
    assert by_t[5.0] == pytest.approx(320, abs=0.5)


def test_grade_adjusted_pace_follows_the_hills():
    rec = recording([(600, 320, 140, 0.0), (600, 360, 150, 0.05), (600, 300, 140, -0.05)])
    series = stored(rec, [Stage(duration_s=1800, zone="easy")])["series"]
    by_t = {t: (p, g) for t, p, g in zip(series["t"], series["pace"], series["gap"], strict=True)}
    up_pace, up_gap = by_t[905.0]
    down_pace, down_gap = by_t[1505.0]
    assert up_gap < up_pace  # uphill, the effort is a faster flat pace
    assert down_gap > down_pace


def test_a_treadmill_or_a_flat_file_without_elevation_has_no_gap():
    treadmill = recording([(600, *EASY)], sub_sport="treadmill")
    no_elevation = recording([(600, *EASY)], keep=("distance",))
    for rec in (treadmill, no_elevation):
        series = stored(rec, [Stage(duration_s=600, zone="easy")])["series"]
        assert series["pace"][0] == pytest.approx(320, abs=0.5)
        assert set(series["gap"]) == {None}


def test_the_series_takes_distance_from_speed_where_the_device_wrote_none():
    rec = recording([(600, *EASY)], keep=("speed",))
    series = stored(rec, [Stage(duration_s=600, zone="easy")])["series"]
    assert series["pace"][1] == pytest.approx(320, abs=0.5)


def test_without_distance_or_speed_the_series_has_heart_rate_only():
    rec = recording([(600, *EASY)], keep=())
    series = stored(rec, [Stage(duration_s=600, zone="easy")])["series"]
    assert set(series["pace"]) == {None}
    assert series["hr"][0] == 135


def test_a_late_first_distance_counts_from_zero():
    samples = [Sample(0, hr_bpm=140)] + [Sample(t, distance_m=100 + 3 * t) for t in range(1, 60)]
    rec = Recording(sport="running", samples=tuple(samples))
    series = file_review(rec, review_run(rec, [Stage(duration_s=60, zone="easy")], paces=None))[
        "series"
    ]
    assert series["pace"][1] == pytest.approx(1000 / 3, abs=0.5)


def test_a_recording_of_one_point_has_an_empty_series():
    rec = Recording(sport="running", samples=(Sample(0, distance_m=0, hr_bpm=140),))
    review = review_run(rec, [Stage(duration_s=60, zone="easy")], paces=None)
    assert file_review(rec, review)["series"] == {"t": [], "pace": [], "gap": [], "hr": []}


def test_a_run_on_a_short_hill_uses_a_narrow_window_and_a_tiny_one_is_flat():
    # 15 m in all: the grade window is cut to the run; under a fifth of it, no grade.
    rec = Recording(
        sport="running",
        samples=tuple(Sample(t, distance_m=t * 1.0, elevation_m=t * 0.1) for t in range(16)),
    )
    review = review_run(rec, [Stage(duration_s=15, zone="easy")], paces=None)
    series = file_review(rec, review)["series"]
    assert series["gap"][0] < series["pace"][0]
    tiny = Recording(
        sport="running",
        samples=tuple(Sample(t, distance_m=t * 0.5, elevation_m=t) for t in range(12)),
    )
    series = file_review(tiny, review_run(tiny, [Stage(duration_s=11, zone="easy")], paces=None))[
        "series"
    ]
    assert series["gap"][0] == series["pace"][0]


def test_elevation_missing_at_first_is_held_from_the_first_reading():
    samples = [Sample(t, distance_m=3.0 * t, elevation_m=None if t < 5 else 100) for t in range(40)]
    rec = Recording(sport="running", samples=tuple(samples))
    series = file_review(rec, review_run(rec, [Stage(duration_s=39, zone="easy")], paces=None))[
        "series"
    ]
    assert series["gap"][0] == pytest.approx(series["pace"][0])


def test_samples_in_a_pause_add_no_time():
    samples = tuple(Sample(t, distance_m=3.0 * t, hr_bpm=140) for t in range(30))
    rec = Recording(sport="running", samples=samples, pauses=(Pause(10, 20),))
    series = file_review(rec, review_run(rec, [Stage(duration_s=20, zone="easy")], paces=None))[
        "series"
    ]
    assert series["pace"][1] is None and series["hr"][1] is None


@given(
    seconds=st.integers(min_value=2, max_value=20_000),
    step=st.sampled_from([1, 3, 7]),
)
def test_the_series_never_passes_600_points_and_its_lists_align(seconds, step):
    samples = tuple(Sample(t, distance_m=3.0 * t) for t in range(0, seconds, step)) + (
        Sample(seconds, distance_m=3.0 * seconds),
    )
    rec = Recording(sport="running", samples=samples)
    series = file_review(rec, review_run(rec, [Stage(duration_s=60, zone="easy")], paces=None))[
        "series"
    ]
    lengths = {len(values) for values in series.values()}
    assert len(lengths) == 1 and 1 <= lengths.pop() <= SERIES_MAX_POINTS
    assert series["t"] == sorted(series["t"])


# -- By hand ------------------------------------------------------------------------------


def hand(stages=PLAN, **kwargs):
    kwargs.setdefault("duration_s", 3600)
    kwargs.setdefault("distance_m", 11_900)
    kwargs.setdefault("paces", PACES)
    kwargs.setdefault("lthr", LTHR)
    return hand_review(stages, **kwargs)


def codes(data) -> list[str]:
    return [finding["code"] for finding in data["findings"]]


def typed(*paces_s_per_km, hr=None):
    return {
        i: HandStage(pace, None if hr is None else hr[i], 5 + i)
        for i, pace in enumerate(paces_s_per_km)
    }


def test_a_clean_run_by_hand_is_on_plan_with_verdicts_where_paces_were_typed():
    data = hand(entries=typed(320, 292, 271))
    assert set(data) == TOP_KEYS
    assert json.loads(json.dumps(data)) == data
    assert (data["split_by"], data["compliance"]) == ("hand", "green")
    assert [s["verdict"] for s in data["stages"]] == ["on-target"] * 3
    assert [s["rpe"] for s in data["stages"]] == [5, 6, 7]
    assert [set(s) for s in data["stages"]] == [STAGE_KEYS] * 3
    assert data["findings"] == []
    assert data["laps"] == [] and data["series"] == {"t": [], "pace": [], "gap": [], "hr": []}
    assert (data["timer_s"], data["moving_s"], data["distance_m"]) == (3600, 3600, 11_900)


def test_by_hand_stages_without_a_typed_pace_get_no_verdict():
    data = hand(entries={1: HandStage(avg_hr=150)})
    assert [s["verdict"] for s in data["stages"]] == [None] * 3
    assert data["stages"][1]["avg_hr"] == 150
    assert data["findings"] == []


@pytest.mark.parametrize(
    ("paces_typed", "expected"),
    [
        ((290, 292, 271), ["started-too-fast"]),
        ((320, 330, 271), ["not-progressive"]),
        ((320, 292, 240), ["finish-too-hard"]),
        ((320, 292, 300), ["finish-missed"]),
    ],
)
def test_by_hand_findings_come_from_the_typed_paces(paces_typed, expected):
    data = hand(entries=typed(*paces_typed))
    assert codes(data) == expected
    assert all(f["at_s"] is None for f in data["findings"])


def test_by_hand_a_finish_above_lthr_is_too_hard():
    data = hand(entries=typed(320, 292, 271, hr=[135, 150, 175]))
    assert codes(data) == ["finish-too-hard"]
    assert "175 bpm" in data["findings"][0]["message"]


@pytest.mark.parametrize(
    ("duration_s", "compliance", "code", "severity"),
    [(2400, "yellow", "short", "warning"), (1200, "orange", "short", "serious")],
)
def test_by_hand_the_amount_gives_the_compliance(duration_s, compliance, code, severity):
    data = hand(duration_s=duration_s, distance_m=None)
    assert data["compliance"] == compliance
    [finding] = data["findings"]
    assert (finding["code"], finding["severity"]) == (code, severity)
    assert "of the planned time was run" in finding["message"]


def test_by_hand_a_plan_by_distance_is_judged_on_the_distance():
    plan = [Stage(distance_m=6000, zone="easy"), Stage(distance_m=4000, zone="steady")]
    data = hand(plan, distance_m=13_000, planned_by="distance")
    assert data["compliance"] == "yellow"
    assert codes(data) == ["long"]
    assert "planned distance" in data["findings"][0]["message"]


def test_by_hand_only_a_distance_against_a_timed_plan_uses_the_paces():
    data = hand(duration_s=None, distance_m=11_500)
    assert data["compliance"] == "green"
    no_paces = hand(duration_s=None, distance_m=11_500, paces=None)
    assert no_paces["compliance"] is None and no_paces["findings"] == []


def test_by_hand_an_explicit_pace_band_counts_without_the_athletes_paces():
    plan = [Stage(duration_s=1800, pace=PACES["easy"]), Stage(duration_s=1200, zone="steady")]
    data = hand(plan, paces=None, duration_s=3000, entries=typed(285, 285))
    assert [s["verdict"] for s in data["stages"]] == ["too-fast", None]
    assert data["compliance"] == "green"


def test_by_hand_one_stage_takes_the_runs_own_pace_and_heart_rate():
    data = hand([Stage(duration_s=3600, zone="easy")], distance_m=10_000, avg_hr=140)
    [stage] = data["stages"]
    assert stage["pace_s_per_km"] == 360 and stage["avg_hr"] == 140
    assert stage["verdict"] == "too-slow"
    assert codes(data) == ["finish-missed"]


def test_by_hand_the_heat_slows_the_bands():
    cool = hand(entries=typed(350, 292, 271))  # easy is 5:04-5:34, with 8 s/km of tolerance
    hot = hand(entries=typed(350, 292, 271), conditions=HOT)  # 5.1% slower
    assert cool["stages"][0]["verdict"] == "too-slow"
    assert hot["stages"][0]["verdict"] == "on-target"
    assert hot["heat_adjusted"] and not cool["heat_adjusted"]
    assert any("for the heat" in note for note in hot["notes"])


def test_by_hand_another_shape_gets_no_pacing_findings():
    plan = [Stage(duration_s=600, zone="easy"), Stage(duration_s=300, zone="interval")]
    data = hand(plan, duration_s=900, entries=typed(240, 400))
    assert [s["verdict"] for s in data["stages"]] == [None, None]
    assert data["findings"] == []
    assert data["notes"] == ["The plan is not a progression run: no progression findings."]


def test_by_hand_the_coachs_tolerance_decides():
    strict = ReviewRules(pace_tolerance_s_per_km=0)
    data = hand(entries=typed(320, 292, 276), rules=strict)
    assert data["stages"][2]["verdict"] == "too-slow"


def test_by_hand_without_a_plan_only_the_figures():
    for stages in (None, []):
        data = hand_review(stages, duration_s=1800, distance_m=5000, avg_hr=140)
        assert set(data) == TOP_KEYS
        assert data["split_by"] is None and data["stages"] == [] and data["findings"] == []
        assert data["avg_hr"] == 140


def test_by_hand_in_miles_the_messages_speak_miles():
    data = hand(entries=typed(290, 292, 271), unit="mi")
    assert "/mi" in data["findings"][0]["message"]


def test_by_hand_without_easy_or_threshold_paces_no_pace_findings():
    paces = {k: v for k, v in ladder_paces(50).items() if k not in ("easy", "threshold")}
    data = hand(entries=typed(290, 292, 240), paces=paces)
    assert codes(data) == []
