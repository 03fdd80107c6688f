"""The review of a recorded run against its plan (docs/running.md §3), on synthetic
recordings of known shape: 1 Hz samples built from (seconds, pace, hr, grade) segments."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from athletes.paces import HrRange, PaceRange, ladder_paces, pace_for_grade
from workouts.progression import Stage
from workouts.recording import Lap, Pause, Recording, Sample
from workouts.review import Conditions, ReviewRules, review_run

PACES = ladder_paces(50)  # easy 5:04-5:34, steady 4:47-5:04, M 4:28-4:34, T 4:13-4:18
LTHR = 170
PLAN = (
    Stage(duration_s=1800, zone="easy"),
    Stage(duration_s=900, zone="steady"),
    Stage(duration_s=900, zone="marathon"),
)
EASY, STEADY, MARATHON = (320, 135, 0.0), (292, 148, 0.0), (271, 158, 0.0)


def recording(segments, *, laps=(), sub_sport="", cadence=None, keep=("distance", "elevation")):
    """A 1 Hz recording: each segment is (seconds, pace s/km, hr, grade), or ("pause", s) for
    the timer stopped, or ("still", s) for standing still with the device recording.
    Distance and elevation grow by the segment's pace and grade."""
    samples, pauses = [], []
    t = distance = elevation = 0.0

    def add(speed, hr):
        samples.append(
            Sample(
                t_s=t,
                distance_m=distance if "distance" in keep else None,
                speed_mps=speed if "speed" in keep else None,
                hr_bpm=hr,
                elevation_m=elevation if "elevation" in keep else None,
                cadence_spm=cadence,
            )
        )

    for segment in segments:
        if segment[0] == "pause":
            pauses.append(Pause(t + 0.5, t + 0.5 + segment[1]))
            t += segment[1]
            continue
        if segment[0] == "still":
            for _ in range(segment[1]):
                add(0.0, 120)
                t += 1
            continue
        seconds, pace, hr, grade = segment
        speed = 1000 / pace
        for _ in range(seconds):
            add(speed, hr)
            t += 1
            distance += speed
            elevation += speed * grade
    add(speed, hr)
    return Recording(
        sport="running",
        sub_sport=sub_sport,
        samples=tuple(samples),
        laps=tuple(laps),
        pauses=tuple(pauses),
    )


def clean(**changes):
    parts = {"easy": [(1800, *EASY)], "steady": [(900, *STEADY)], "marathon": [(900, *MARATHON)]}
    parts.update(changes)
    return parts["easy"] + parts["steady"] + parts["marathon"]


def review(rec, stages=PLAN, **kwargs):
    kwargs.setdefault("paces", PACES)
    kwargs.setdefault("lthr", LTHR)
    return review_run(rec, stages, **kwargs)


# -- The shapes of the brief -------------------------------------------------------------


def test_a_clean_progression_has_no_findings_and_splits_by_time():
    result = review(recording(clean()))
    assert result.codes == []
    assert result.split_by == "time"
    assert result.compliance == "green"
    assert [s.verdict for s in result.stages] == ["on-target"] * 3
    assert [round(s.pace_s_per_km) for s in result.stages] == [320, 292, 271]
    assert [(s.start_s, s.end_s) for s in result.stages] == [(0, 1800), (1800, 2700), (2700, 3600)]
    assert result.moving_s == result.timer_s == 3600
    assert result.stages[0].avg_hr == 135  # the first minute left out, and HR steady anyway
    assert result.stages[0].time_in_band_s == pytest.approx(1800, abs=2)
    assert result.avg_hr == round((1800 * 135 + 900 * 148 + 900 * 158) / 3600)
    assert result.distance_m == pytest.approx(1800 / 0.320 + 900 / 0.292 + 900 / 0.271, rel=1e-6)
    assert not result.low_confidence


def test_a_too_fast_start_is_started_too_fast_only():
    result = review(recording(clean(easy=[(1800, 290, 140, 0.0)])))
    assert result.codes == ["started-too-fast"]
    assert result.split_by == "time"
    assert result.findings[0].stage_index == 0 and result.findings[0].at_s == 0
    assert "4:50 /km" in result.findings[0].message
    assert result.stages[0].verdict == "too-fast"


def test_a_surge_in_the_easy_stage_is_a_surge_at_its_moment():
    easy = [(600, *EASY), (90, 255, 150, 0.0), (1110, *EASY)]
    result = review(recording(clean(easy=easy)))
    assert result.codes == ["surge"]
    assert result.split_by == "time"
    surge = result.findings[0]
    assert surge.stage_index == 0
    assert 560 <= surge.at_s <= 620


def test_a_three_minute_stop_is_stopped_not_a_surge():
    easy = [(900, *EASY), ("pause", 180), (900, *EASY)]
    result = review(recording(clean(easy=easy)))
    assert result.codes == ["stopped"]
    assert result.split_by == "time"
    stop = result.findings[0]
    assert stop.severity == "serious" and "3:00" in stop.message and stop.stage_index == 0
    assert result.timer_s == result.moving_s == 3600
    assert result.stages[1].start_s == pytest.approx(1980, abs=1)


def test_standing_still_while_recording_is_a_stop_and_in_no_stage():
    easy = [(900, *EASY), ("still", 75), (900, *EASY)]
    result = review(recording(clean(easy=easy)))
    assert result.codes == ["stopped"]
    assert result.findings[0].severity == "warning"
    assert result.moving_s == pytest.approx(3600, abs=1)
    assert result.timer_s == pytest.approx(3675, abs=1)


def test_a_short_standstill_is_part_of_the_stage():
    easy = [(900, *EASY), ("still", 10), (890, *EASY)]
    result = review(recording(clean(easy=easy)))
    assert result.codes == []
    assert result.moving_s == 3600


def test_a_sprint_finish_is_finish_too_hard():
    result = review(recording(clean(marathon=[(900, 235, 172, 0.0)])))
    assert result.codes == ["finish-too-hard"]
    assert result.findings[0].stage_index == 2


def test_a_finish_above_lthr_at_the_right_pace_is_finish_too_hard():
    result = review(recording(clean(marathon=[(900, 271, 176, 0.0)])))
    assert result.codes == ["finish-too-hard"]
    assert "176 bpm" in result.findings[0].message


def test_a_slow_finish_is_finish_missed():
    result = review(recording(clean(marathon=[(900, 292, 150, 0.0)])))
    assert result.codes == ["finish-missed"]


def test_a_stage_slower_than_the_one_before_is_not_progressive():
    result = review(recording(clean(steady=[(900, 335, 140, 0.0)])))
    assert result.codes == ["not-progressive"]
    assert result.findings[0].stage_index == 1


def test_an_early_stop_is_short_only():
    result = review(recording(clean(marathon=[])[:1] + [(600, *STEADY)]))
    assert result.codes == ["short"]
    assert result.compliance == "yellow"
    assert result.stages[2].actual_s == 0 and result.stages[2].verdict is None
    assert "67%" in result.findings[0].message


def test_a_run_far_longer_than_planned_is_long_and_orange():
    result = review(recording(clean(marathon=[(900 + 3000, *MARATHON)])))
    assert result.codes == ["long"]
    assert result.compliance == "orange" and result.findings[0].severity == "serious"


def test_a_hilly_run_at_even_effort_is_judged_on_grade_adjusted_pace():
    def hills(pace, hr, minutes):
        return [(150, pace_for_grade(pace, grade), hr, grade) for grade in (0.06, -0.06)] * (
            minutes // 5
        )

    rec = recording(
        hills(320, 135, 30)
        + hills(295, 148, 15)
        + hills(271, 158, 15)[:-1]
        + [(150, 271, 158, 0.0)]
    )
    result = review(rec)
    assert result.codes == []
    assert result.split_by == "time"
    assert [s.verdict for s in result.stages] == ["on-target"] * 3
    assert [round(s.gap_s_per_km) for s in result.stages] == pytest.approx([320, 295, 271], abs=4)
    # The raw pace over climbs and descents is not the effort: the table shows both.
    assert result.stages[0].pace_s_per_km != pytest.approx(result.stages[0].gap_s_per_km, abs=5)


def test_the_watchs_workout_steps_split_the_run_at_its_laps():
    rec = recording(
        clean(easy=[(1850, *EASY)], steady=[(800, *STEADY)], marathon=[(950, *MARATHON)]),
        laps=(
            Lap(0, 1000, "distance", 0),
            Lap(1000, 1850, "time", 0),
            Lap(1850, 2400, "distance", 1),
            Lap(2400, 2650, "time", 1),  # a tail lap of the same step merges into it
            Lap(2650, 3600, "session_end", 2),
        ),
    )
    result = review(rec)
    assert result.split_by == "workout-steps"
    assert [(s.start_s, s.end_s) for s in result.stages] == [(0, 1850), (1850, 2650), (2650, 3600)]
    assert result.codes == []
    assert [s.verdict for s in result.stages] == ["on-target"] * 3


def test_workout_steps_that_do_not_match_the_plan_fall_back_with_a_note():
    rec = recording(clean(), laps=(Lap(0, 1800, "time", 0), Lap(1800, 3600, "time", 1)))
    result = review(rec)
    assert result.split_by == "time"
    assert any("workout steps" in note for note in result.notes)


def test_manual_laps_matching_the_stages_split_the_run():
    rec = recording(
        clean(easy=[(1830, *EASY)], steady=[(870, *STEADY)]),
        laps=(Lap(0, 1830, "manual"), Lap(1830, 2700, "manual"), Lap(2700, 3600, "session_end")),
    )
    result = review(rec)
    assert result.split_by == "laps"
    assert [s.end_s for s in result.stages] == [1830, 2700, 3600]


def test_uniform_auto_laps_are_never_stages():
    laps = tuple(Lap(t, t + 1200, "distance") for t in range(0, 3600, 1200))
    result = review(recording(clean(), laps=laps))
    assert result.split_by == "time"


def test_the_time_boundary_moves_to_the_pace_change_within_a_minute():
    result = review(recording(clean(easy=[(1840, *EASY)], steady=[(860, *STEADY)])))
    assert result.split_by == "time"
    assert [s.end_s for s in result.stages] == [1840, 2700, 3600]
    assert result.codes == []


def test_a_treadmill_run_is_low_confidence_without_grade_adjustment():
    rec = recording(
        [(1800, 320, 135, 0.03), (900, 295, 148, 0.03), (900, 271, 158, 0.03)],
        sub_sport="treadmill",
    )
    result = review(rec)
    assert result.low_confidence
    assert result.codes == []
    assert all(s.gap_s_per_km is None for s in result.stages)
    assert any("treadmill" in note for note in result.notes)


def test_a_run_as_intervals_gets_no_pace_verdicts_and_says_why():
    reps = [(120, 230, 170, 0.0), (120, 340, 140, 0.0)] * 6
    rec = recording([(1200, *EASY)] + reps + [(960, *EASY)])
    result = review(rec)
    assert result.codes == []
    assert all(s.verdict is None for s in result.stages)
    assert any("intervals" in note for note in result.notes)


def test_a_plan_with_rest_gets_no_progression_findings():
    stages = (
        Stage(duration_s=1800, zone="easy"),
        Stage(duration_s=60, zone="rest"),
        Stage(duration_s=1740, zone="threshold"),
    )
    result = review(recording(clean(marathon=[(900, 235, 180, 0.0)])), stages)
    assert result.codes == []
    assert any("not a progression" in note for note in result.notes)


# -- Planned by distance, explicit paces, missing data ----------------------------------


def test_a_plan_by_distance_splits_by_distance_and_judges_distance():
    stages = (
        Stage(distance_m=5625, zone="easy"),
        Stage(distance_m=3082, zone="steady"),
        Stage(distance_m=3321, pace=PaceRange(266, 276)),
    )
    result = review(recording(clean()), stages, planned_by="distance")
    assert result.split_by == "distance"
    assert result.compliance == "green"
    assert [s.end_s for s in result.stages] == pytest.approx([1800, 2700, 3600], abs=2)
    assert result.stages[2].zone == "marathon"
    assert result.stages[0].planned_m == 5625 and result.stages[0].planned_s is None
    assert result.codes == []


def test_leaving_easy_early_by_distance_is_easy_share():
    stages = (
        Stage(distance_m=7000, zone="easy"),
        Stage(distance_m=1700, zone="steady"),
        Stage(distance_m=3300, zone="marathon"),
    )
    result = review(recording(clean()), stages, planned_by="distance")
    assert result.split_by == "distance"
    # The boundary at 7 km stays there (no pace change within a minute), but the pace left
    # easy for good at 5.6 km: 47% of the distance, where the plan had 58%.
    assert result.codes == ["easy-share"]
    assert "47%" in result.findings[0].message and "58%" in result.findings[0].message


def test_leaving_easy_early_by_time_is_easy_share():
    rec = recording([(1200, *EASY), (1500, *STEADY), (900, *MARATHON)])
    result = review(rec)
    assert result.codes == ["easy-share"]
    assert result.stages[0].verdict == "on-target"
    assert "34%" in result.findings[0].message  # 33% run, found within a window of it


def test_a_surge_does_not_end_the_easy_start():
    easy = [(600, *EASY), (150, 255, 150, 0.0), (1050, *EASY)]
    assert review(recording(clean(easy=easy))).codes == ["surge"]


def test_without_paces_a_plan_by_time_is_split_but_not_judged():
    result = review(recording(clean()), paces=None)
    assert result.split_by == "time"
    assert [s.verdict for s in result.stages] == [None] * 3
    assert [s.zone for s in result.stages] == ["easy", "steady", "marathon"]
    assert result.codes == []


def test_without_paces_zone_stages_by_distance_split_by_distance():
    stages = (Stage(distance_m=5625, zone="easy"), Stage(duration_s=1800, zone="marathon"))
    result = review(recording(clean()), stages, paces=None)
    assert result.split_by == "distance"
    assert result.compliance is None


def test_without_paces_or_distances_the_stages_cannot_be_placed():
    stages = (Stage(distance_m=5625, zone="easy"), Stage(duration_s=1800, zone="marathon"))
    rec = recording(clean(), keep=())
    result = review(rec, stages, paces=None)
    assert any("cannot be placed" in note for note in result.notes)
    assert result.distance_m is None and result.stages[0].pace_s_per_km is None


def test_without_distance_the_time_in_band_comes_from_heart_rate():
    bands = {"easy": HrRange(0, 140), "steady": HrRange(145, 150), "marathon": HrRange(151, 160)}
    result = review(recording(clean(), keep=()), hr_bands=bands)
    assert [s.time_in_band_s for s in result.stages] == [1800, 900, 900]
    assert [s.verdict for s in result.stages] == [None] * 3
    assert result.codes == []


def test_without_distance_an_hr_finish_above_lthr_is_still_found():
    result = review(recording(clean(marathon=[(900, 271, 180, 0.0)]), keep=()))
    assert result.codes == ["finish-too-hard"]


def test_speed_alone_gives_the_distance():
    result = review(recording(clean(), keep=("speed",)))
    assert result.codes == []
    assert [round(s.pace_s_per_km) for s in result.stages] == [320, 292, 271]


def gps(rec, *, jump_at=None):
    """The same run along a meridian: 1 m is 1/111195 of a degree of latitude."""
    samples = []
    for k, s in enumerate(rec.samples):
        lat = s.distance_m / 111_195 + (1.0 if k == jump_at else 0.0)
        samples.append(Sample(t_s=s.t_s, hr_bpm=s.hr_bpm, lat=lat, lon=0.0))
    return Recording(sport="running", samples=tuple(samples))


def test_a_gps_track_gives_the_distance_when_the_device_wrote_none():
    result = review(gps(recording(clean()), jump_at=100))  # a jump of 111 km is dropped
    assert result.codes == []
    assert result.distance_m == pytest.approx(12000, rel=0.01)


def test_a_sensor_dropout_while_the_distance_grows_is_not_a_stop():
    samples = [s for s in recording(clean()).samples if not 1000 < s.t_s < 1100]
    rec = Recording(sport="running", samples=tuple(samples))
    result = review(rec)
    assert result.codes == []
    assert result.moving_s == 3600


def test_hr_spikes_are_ignored():
    rec = recording(clean())
    samples = [
        Sample(**{**s.__dict__, "hr_bpm": 230 if k % 300 == 150 else s.hr_bpm})
        for k, s in enumerate(rec.samples)
    ]
    result = review(Recording(sport="running", samples=tuple(samples)))
    assert [s.avg_hr for s in result.stages] == [135, 148, 158]


def test_a_heart_rate_locked_to_cadence_is_left_out():
    rec = recording(
        [(1800, 320, 170, 0.0), (900, 295, 170, 0.0), (900, 271, 171, 0.0)], cadence=170
    )
    result = review(rec)
    assert result.avg_hr is None and result.codes == []
    assert any("cadence" in note for note in result.notes)


def test_heat_slows_the_targets_and_says_so():
    slow = [(1800, 340, 135, 0.0), (900, 312, 148, 0.0), (900, 287, 158, 0.0)]
    result = review(recording(slow), conditions=Conditions(temp_c=30, dew_point_c=22))
    assert [s.verdict for s in result.stages] == ["on-target"] * 3
    assert any("heat" in note for note in result.notes)


def test_heat_beyond_hadleys_table_is_not_adjusted_and_says_why():
    result = review(recording(clean()), conditions=Conditions(temp_c=45, dew_point_c=40))
    assert result.codes == []
    assert any("not adjusted for the heat" in note for note in result.notes)


def test_cool_weather_changes_nothing():
    result = review(recording(clean()), conditions=Conditions(temp_c=10, dew_point_c=5))
    assert result.notes == () and result.codes == []


def test_a_one_stage_plan_is_one_stage():
    result = review(recording([(1800, *EASY)]), (Stage(duration_s=1800, zone="easy"),))
    assert result.split_by == "time" and len(result.stages) == 1 and result.codes == []


def test_an_empty_recording_reviews_as_nothing_done():
    result = review(Recording(sport="running"))
    assert result.moving_s == 0 and result.compliance == "orange"
    assert result.codes == ["short"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"stages": ()}, "no plan"),
        ({"planned_by": "laps"}, "by duration or by distance"),
        ({"rec": Recording(sport="cycling")}, "cycling"),
    ],
)
def test_it_refuses_what_it_cannot_review(kwargs, message):
    rec = kwargs.pop("rec", Recording(sport="running"))
    stages = kwargs.pop("stages", PLAN)
    with pytest.raises(ValueError, match=message):
        review(rec, stages, **kwargs)


@pytest.mark.parametrize(
    "rules",
    [
        {"compliance_green_min_pct": 40},
        {"compliance_green_max_pct": 99},
        {"pace_tolerance_s_per_km": -1},
        {"pause_max_s": 0},
    ],
)
def test_review_rules_must_make_sense(rules):
    with pytest.raises(ValueError):
        ReviewRules(**rules)


def test_the_coachs_tolerances_are_used():
    rec = recording(clean(easy=[(1800, 298, 140, 0.0)]))
    assert review(rec).codes == []  # 6 s/km faster than easy: inside 8 s/km
    assert review(rec, rules=ReviewRules(pace_tolerance_s_per_km=2)).codes == ["started-too-fast"]
    stop = recording(clean(easy=[(900, *EASY), ("pause", 45), (900, *EASY)]))
    assert review(stop, rules=ReviewRules(pause_max_s=30)).codes == ["stopped"]


# -- Properties --------------------------------------------------------------------------

LADDER = ("easy", "steady", "marathon", "threshold")


@st.composite
def progressions(draw):
    count = draw(st.integers(2, 4))
    zones = sorted(
        draw(
            st.lists(
                st.sampled_from(LADDER[1:]), min_size=count - 1, max_size=count - 1, unique=True
            )
        ),
        key=LADDER.index,
    )
    zones = ["easy", *zones]
    minutes = [draw(st.integers(10, 20)) for _ in zones]
    paces = []
    for zone in zones:
        band = PACES[zone]
        paces.append(draw(st.floats(band.fast_s_per_km + 1, band.slow_s_per_km - 1)))
    return zones, minutes, paces


@settings(max_examples=12, deadline=None)
@given(progressions())
def test_random_clean_progressions_have_no_findings_and_cover_the_run(plan):
    zones, minutes, paces = plan
    # Easy takes half the run, as the guidelines ask.
    minutes[0] = sum(minutes[1:])
    stages = tuple(Stage(duration_s=m * 60, zone=z) for z, m in zip(zones, minutes, strict=True))
    hrs = {"easy": 135, "steady": 148, "marathon": 158, "threshold": 166}
    rec = recording(
        [(m * 60, p, hrs[z], 0.0) for z, m, p in zip(zones, minutes, paces, strict=True)]
    )
    result = review(rec, stages)
    assert result.codes == []
    assert sum(s.actual_s for s in result.stages) == pytest.approx(result.timer_s)
    assert result.stages[0].start_s == 0 and result.stages[-1].end_s == pytest.approx(
        result.timer_s
    )
    for before, after in zip(result.stages, result.stages[1:], strict=False):
        assert before.end_s == after.start_s


def test_samples_recorded_while_the_timer_is_stopped_are_in_no_stage():
    rec = recording(clean())
    paused = tuple(
        Sample(**{**s.__dict__, "distance_m": rec.samples[900].distance_m})
        if 900 <= s.t_s <= 1000
        else s
        for s in rec.samples
    )
    # The device kept writing points (standing, distance unchanged) with its timer stopped.
    rec = Recording(sport="running", samples=paused, pauses=(Pause(900, 1000),))
    result = review(rec, rules=ReviewRules(pause_max_s=90))
    assert "stopped" in result.codes
    assert result.moving_s == pytest.approx(3500)
    assert len([f for f in result.findings if f.code == "stopped"]) == 1


def test_standing_at_the_end_of_the_recording_is_no_stop():
    result = review(recording(clean() + [("still", 90)]))
    assert result.codes == []
    assert result.moving_s == pytest.approx(3600, abs=1)


def test_a_run_shorter_than_a_pace_window_has_no_windowed_paces():
    result = review(recording([(40, *EASY)]), (Stage(duration_s=40, zone="easy"),))
    assert result.stages[0].time_in_band_s == 0
    assert result.stages[0].pace_s_per_km == pytest.approx(320)


def test_an_explicit_pace_without_the_athletes_paces_has_no_zone():
    stages = (Stage(duration_s=1800, zone="easy"), Stage(duration_s=1800, pace=PaceRange(270, 290)))
    result = review(recording(clean()), stages, paces=None)
    assert result.stages[1].zone is None
    assert result.stages[1].verdict == "on-target"  # its own band judges it


def test_two_stages_at_one_pace_keep_their_planned_boundary():
    stages = (Stage(duration_s=900, zone="easy"), Stage(duration_s=900, zone="easy"))
    rec = recording([(870, *EASY), (930, 310, 135, 0.0)])
    assert [s.end_s for s in review(rec, stages).stages] == [900, 1800]


def test_a_planned_slow_down_moves_the_boundary_to_the_slowing():
    stages = (Stage(duration_s=900, zone="steady"), Stage(duration_s=900, zone="easy"))
    rec = recording([(930, *STEADY), (870, *EASY)])
    assert [s.end_s for s in review(rec, stages).stages] == [930, 1800]


def test_explicit_paces_without_the_athletes_paces_still_place_the_boundary():
    stages = (
        Stage(duration_s=1800, pace=PaceRange(310, 330)),
        Stage(duration_s=1800, pace=PaceRange(285, 300)),
    )
    rec = recording([(1830, *EASY), (1770, *STEADY)])
    result = review(rec, stages, paces=None)
    assert [s.end_s for s in result.stages] == [1830, 3600]
    assert [s.verdict for s in result.stages] == ["on-target"] * 2


FENIX = (
    Path(__file__).parents[3]
    / "shared/data/activities/fit/fitparser_fenix5x_run_28min_workout_step_laps.fit"
)


@pytest.mark.skipif(not FENIX.is_file(), reason="the shared folder of activity files is absent")
def test_a_real_watch_workout_splits_by_its_steps():
    """A fenix 5X interval workout: warm-up, 6 x (1 km, 1 min), cool-down; the repeat step
    is on no lap, and the last two repeats were skipped through with the lap button."""
    from workouts.activity_files import read_activity

    rec = read_activity(FENIX.read_bytes(), FENIX.name)
    reps = [Stage(distance_m=1000, zone="threshold"), Stage(duration_s=60, zone="recovery")]
    stages = (Stage(duration_s=1, zone="easy"), *reps * 6, Stage(duration_s=600, zone="easy"))
    result = review(rec, stages)
    assert result.split_by == "workout-steps"
    assert [round(s.end_s) for s in result.stages][:3] == [1, 279, 339]
    assert result.stages[-1].end_s == pytest.approx(rec.samples[-1].t_s)
    assert all(s.verdict is None for s in result.stages)  # not a progression
    assert any("not a progression" in note for note in result.notes)


def test_a_stage_barely_begun_gets_no_verdict_nor_a_finish_finding():
    rec = recording([(1800, *EASY), (900, *STEADY), (30, 330, 150, 0.0)])
    result = review(rec)
    assert result.stages[2].actual_s == pytest.approx(30, abs=1)
    assert result.stages[2].verdict is None
    assert result.codes == ["short"]  # not finish-missed: 30 s at 5:30 says nothing
