"""A recording written as a FIT activity file (workouts/fit_activity.py) reads back as the same
run, and the review of such a file follows the watch's workout steps (issue 9, docs/running.md
§3.2): the tests' and the demo's files go through the same decode as a real watch's."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from workouts.activity_files import read_activity
from workouts.fit_activity import activity_fit
from workouts.recording import Lap, Pause, Recording, Sample, Summary
from workouts.review import review_run

from .test_review import EASY, LTHR, MARATHON, PACES, PLAN, STEADY, clean, recording

START = datetime(2026, 3, 1, 7, 30, tzinfo=UTC)
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def round_trip(rec: Recording) -> Recording:
    return read_activity(activity_fit(replace(rec, start=START)), "run.fit", now=NOW)


def test_a_progression_run_reads_back_as_it_was_recorded():
    rec = recording(clean(easy=[(600, *EASY)], steady=[(300, *STEADY)], marathon=[]))
    rec = replace(rec, summary=Summary(avg_hr_bpm=140))
    back = round_trip(rec)
    assert back.start == START
    assert back.sport == "running"
    assert len(back.samples) == len(rec.samples)
    assert back.samples[-1].distance_m == pytest.approx(rec.samples[-1].distance_m, abs=0.01)
    assert back.summary.distance_m == pytest.approx(rec.samples[-1].distance_m, abs=0.01)
    assert back.summary.avg_hr_bpm == 140
    assert [s.hr_bpm for s in back.samples[:3]] == [135, 135, 135]
    assert back.elapsed_s == rec.elapsed_s


def test_pauses_laps_position_and_cadence_are_written():
    samples = tuple(
        Sample(
            t_s=float(t),
            distance_m=3.0 * t,
            speed_mps=3.0,
            elevation_m=100.0 + t / 10,
            cadence_spm=176,
            lat=45.0 + t * 1e-5,
            lon=6.0,
        )
        for t in [*range(0, 60), *range(90, 150)]
    )
    rec = Recording(
        sport="running",
        sub_sport="trail",
        samples=samples,
        pauses=(Pause(59.5, 90.0),),
        laps=(Lap(0, 59, "manual", 0, 177.0), Lap(90, 149, "session_end", 1)),
    )
    back = round_trip(rec)
    assert back.sub_sport == "trail"
    assert [(p.start_s, p.end_s) for p in back.pauses] == [(60.0, 90.0)]  # whole seconds
    assert [(lap.trigger, lap.workout_step_index) for lap in back.laps] == [
        ("manual", 0),
        ("session_end", 1),
    ]
    assert back.laps[0].distance_m == pytest.approx(177.0)
    assert back.samples[10].cadence_spm == 176
    assert back.samples[10].lat == pytest.approx(45.0001, abs=1e-6)
    assert back.samples[10].elevation_m == pytest.approx(101.0, abs=0.2)


def test_a_treadmill_run_without_position_or_heart_rate_reads_back():
    rec = Recording(
        sport="running",
        sub_sport="treadmill",
        samples=tuple(Sample(t_s=float(t), distance_m=2.5 * t) for t in range(120)),
    )
    back = round_trip(rec)
    assert back.is_treadmill
    assert all(s.hr_bpm is None and s.lat is None for s in back.samples)


def test_the_watchs_workout_steps_split_a_fit_file_where_its_laps_say():
    """The athlete ran the session's workout on the watch and pressed on early in each step:
    its laps (auto-laps inside the steps) end the steps 2 and 3 minutes before the planned
    times; the stages follow the steps, not the plan's 30:00 and 45:00."""
    rec = recording(
        clean(easy=[(1680, *EASY)], steady=[(840, *STEADY)], marathon=[(1080, *MARATHON)]),
        laps=(
            Lap(0, 1000, "distance", 0),
            Lap(1000, 1680, "time", 0),
            Lap(1680, 2400, "distance", 1),
            Lap(2400, 2520, "time", 1),
            Lap(2520, 3600, "session_end", 2),
        ),
    )
    back = round_trip(rec)
    result = review_run(back, PLAN, paces=PACES, lthr=LTHR)
    assert result.split_by == "workout-steps"
    assert [(s.start_s, s.end_s) for s in result.stages] == [(0, 1680), (1680, 2520), (2520, 3600)]
    assert [s.verdict for s in result.stages] == ["on-target"] * 3
    assert [f.code for f in result.findings] == []


def test_a_recording_without_a_start_or_points_cannot_be_written():
    with pytest.raises(ValueError, match="started"):
        activity_fit(Recording(sport="running", samples=(Sample(0.0),)))
    with pytest.raises(ValueError, match="at least one"):
        activity_fit(Recording(sport="running", start=START))
