"""The fixes to a recording (docs/running.md §3.13): what each does to the recording or the
review, which apply to a run, and the specific message for each bad one."""

import pytest

from tests.workouts.test_review import clean, gps, recording, review
from workouts import fixes
from workouts.fixes import Fix
from workouts.recording import Lap, Pause, Recording, Sample

NOT_A_NUMBER = "Give a number of seconds or metres here."


def rec_with_laps():
    rec = recording(clean())
    laps = (Lap(0, 1800, "manual", distance_m=5625.0), Lap(1800, 3600, "manual"))
    return Recording(
        sport="running", samples=rec.samples, laps=laps, pauses=(Pause(100, 110), Pause(3000, 3700))
    )


# -- apply ------------------------------------------------------------------------------------


def test_no_fix_is_the_recording_itself():
    rec = recording(clean())
    assert fixes.apply(rec, []) is rec
    assert fixes.apply(rec, [Fix("boundary", {"after_stage": 0, "at_s": 10})]) is rec


def test_a_trim_keeps_the_clock_and_cuts_the_laps_and_pauses():
    rec = fixes.apply(rec_with_laps(), [Fix("trim", {"start_s": 300.0, "end_s": 3300.0})])
    assert (rec.samples[0].t_s, rec.samples[-1].t_s) == (300, 3300)
    assert [(lap.start_s, lap.end_s) for lap in rec.laps] == [(300, 1800), (1800, 3300)]
    assert rec.laps[0].distance_m == 5625.0  # the device's own figure, as written
    assert [(p.start_s, p.end_s) for p in rec.pauses] == [(3000, 3300)]


def test_a_trim_of_the_start_alone_shortens_the_review():
    rec = recording(clean())
    trimmed = review(fixes.apply(rec, [Fix("trim", {"start_s": 600.0})]))
    assert trimmed.stages[0].start_s == 600
    assert trimmed.moving_s == 3000
    assert trimmed.distance_m == pytest.approx(review(rec).distance_m - 600 / 0.32, rel=1e-6)


def test_a_trim_of_the_end_alone_leaves_the_laps_inside_untouched():
    rec = fixes.apply(rec_with_laps(), [Fix("trim", {"end_s": 3500.0})])
    assert rec.samples[-1].t_s == 3500
    assert rec.laps[0] == rec_with_laps().laps[0]
    assert rec.pauses == (Pause(100, 110), Pause(3000, 3500))


def test_dropping_all_heart_rate_leaves_none():
    rec = fixes.apply(recording(clean()), [Fix("drop-hr", {})])
    assert {s.hr_bpm for s in rec.samples} == {None}
    assert review(rec).avg_hr is None


def test_dropping_a_stretch_of_heart_rate_keeps_the_rest():
    rec = fixes.apply(recording(clean()), [Fix("drop-hr", {"from_s": 2700.0, "to_s": 3600.0})])
    assert {s.hr_bpm for s in rec.samples if s.t_s >= 2700} == {None}
    assert {s.hr_bpm for s in rec.samples if s.t_s < 2700} == {135, 148}
    assert review(rec).stages[2].avg_hr is None


def bridged(*, positions: bool) -> Recording:
    """A clean run whose device distance jumps 300 m ahead in 20 s from 600 s (a GPS spike
    under a bridge), then stays ahead; with positions, those either side are true."""
    samples = []
    for s in recording(clean()).samples:
        jump = min(max(s.t_s - 600, 0), 20) * 15
        lat = s.distance_m / 111_195 if positions and not 600 <= s.t_s <= 620 else None
        lon = None if lat is None else 0.0
        samples.append(
            Sample(s.t_s, s.distance_m + jump, speed_mps=3.0, hr_bpm=135, lat=lat, lon=lon)
        )
    return Recording(sport="running", samples=tuple(samples))


def test_a_gps_spike_dropped_is_a_straight_line_and_no_surge():
    jumped = bridged(positions=True)
    assert "surge" in review(jumped).codes
    mended = fixes.apply(jumped, [Fix("drop-gps", {"from_s": 595.0, "to_s": 630.0})])
    assert "surge" not in review(mended).codes
    assert review(mended).distance_m == pytest.approx(review(jumped).distance_m - 300, abs=1)
    middle = mended.samples[612]
    low, high = jumped.samples[594].lat, jumped.samples[631].lat
    assert middle.lat == pytest.approx(low + (high - low) * 18 / 37)
    assert middle.speed_mps == pytest.approx(
        (mended.samples[631].distance_m - mended.samples[594].distance_m) / 37
    )


def test_without_positions_the_device_distance_across_is_spread_evenly_in_time():
    jumped = bridged(positions=False)
    mended = fixes.apply(jumped, [Fix("drop-gps", {"from_s": 595.0, "to_s": 630.0})])
    before, after = jumped.samples[594].distance_m, jumped.samples[631].distance_m
    assert mended.samples[612].distance_m == pytest.approx(before + (after - before) * 18 / 37)
    assert mended.samples[612].lat is None
    assert mended.samples[-1].distance_m == jumped.samples[-1].distance_m


def test_a_gps_stretch_between_good_positions_is_their_straight_line():
    track = gps(recording(clean()), jump_at=700)
    samples = list(track.samples)
    samples[700] = Sample(700.0, lat=samples[700].lat + 0.001, lon=0.0)
    track = Recording(sport="running", samples=tuple(samples))
    mended = fixes.apply(track, [Fix("drop-gps", {"from_s": 699.5, "to_s": 700.5})])
    middle = mended.samples[700]
    assert middle.lat == pytest.approx((samples[699].lat + samples[701].lat) / 2)
    assert middle.speed_mps is None
    assert fixes.cumulative_m(mended)[701] - fixes.cumulative_m(mended)[699] == pytest.approx(
        fixes.haversine_m(samples[699].lat, 0.0, samples[701].lat, 0.0)
    )
    # The distance after the stretch follows the straight line.
    assert mended.samples[-1].distance_m == pytest.approx(fixes.cumulative_m(track)[-1], rel=1e-3)


def test_a_gps_stretch_without_good_points_either_side_changes_nothing():
    rec = recording(clean())
    assert fixes.apply(rec, [Fix("drop-gps", {"from_s": -1.0, "to_s": 10.0})]) is rec
    bare = Recording(sport="running", samples=(Sample(0.0), Sample(1.0), Sample(2.0)))
    assert fixes.apply(bare, [Fix("drop-gps", {"from_s": 0.5, "to_s": 1.5})]) is bare


def test_a_treadmills_distance_is_scaled_to_the_one_typed():
    rec = recording(clean(), keep=("distance", "speed"), sub_sport="treadmill")
    total = review(rec).distance_m
    fixed = fixes.apply(rec, [Fix("distance", {"distance_m": 10_000.0})])
    result = review(fixed)
    assert result.distance_m == pytest.approx(10_000)
    assert fixed.samples[10].speed_mps == pytest.approx(rec.samples[10].speed_mps * 10_000 / total)


def test_a_speed_only_recording_is_scaled_and_its_laps_too():
    rec = recording(clean(), keep=("speed",))
    laps = (Lap(0, 1800, distance_m=5000.0), Lap(1800, 3600))
    rec = Recording(sport="running", samples=rec.samples, laps=laps)
    fixed = fixes.apply(rec, [Fix("distance", {"distance_m": 6000.0})])
    factor = 6000.0 / fixes.cumulative_m(rec)[-1]
    assert review(fixed).distance_m == pytest.approx(6000)
    assert fixed.laps[0].distance_m == pytest.approx(5000 * factor)
    assert fixed.laps[1].distance_m is None


def test_a_gps_track_is_scaled_into_device_distances():
    track = gps(recording(clean()), jump_at=100)
    fixed = fixes.apply(track, [Fix("distance", {"distance_m": 11_000.0})])
    assert review(fixed).distance_m == pytest.approx(11_000)


def test_a_recording_without_distance_is_not_scaled():
    rec = recording(clean(), keep=())
    assert fixes.apply(rec, [Fix("distance", {"distance_m": 5000.0})]) is rec


def test_a_gps_track_with_a_gap_before_its_first_point_reads_from_there():
    samples = (Sample(0.0), Sample(1.0, lat=0.0, lon=0.0), Sample(2.0, lat=0.00003, lon=0.0))
    distances = fixes.cumulative_m(Recording(sport="running", samples=samples))
    assert distances[:2] == [0.0, 0.0]
    assert distances[2] == pytest.approx(3.34, abs=0.01)


# -- boundaries and dismissals ----------------------------------------------------------------


def test_boundaries_are_the_last_move_of_each():
    moves = [
        Fix("boundary", {"after_stage": 0, "at_s": 100}),
        Fix("trim", {"start_s": 5}),
        Fix("boundary", {"after_stage": 1, "at_s": 900.5}),
        Fix("boundary", {"after_stage": 0, "at_s": 200}),
    ]
    assert fixes.boundaries(moves) == {0: 200.0, 1: 900.5}


FINDINGS = [
    {"code": "surge", "stage_index": 0, "at_s": 612.3, "message": "A surge", "severity": "warning"},
    {"code": "short", "stage_index": None, "at_s": None, "message": "80%", "severity": "warning"},
    {
        "code": "surge",
        "stage_index": 1,
        "at_s": 2000.0,
        "message": "Another",
        "severity": "warning",
    },
]


def test_a_dismissed_finding_moves_with_its_reason():
    gone = Fix("dismiss", {"code": "surge", "stage_index": 0, "at_s": 612.3}, "under a bridge")
    kept, dismissed = fixes.dismiss(FINDINGS, [gone, Fix("trim", {"start_s": 1})])
    assert kept == [FINDINGS[1], FINDINGS[2]]
    assert dismissed == [{**FINDINGS[0], "reason": "under a bridge"}]


def test_a_finding_without_a_moment_is_dismissed_by_its_code():
    gone = Fix("dismiss", {"code": "short", "stage_index": None, "at_s": None}, "watch died")
    kept, dismissed = fixes.dismiss(FINDINGS, [gone])
    assert [f["code"] for f in dismissed] == ["short"]
    assert len(kept) == 2


@pytest.mark.parametrize(
    "params",
    [
        {"code": "surge", "stage_index": 0, "at_s": 700.0},  # another moment
        {"code": "surge", "stage_index": 0, "at_s": None},
        {"code": "stopped", "stage_index": 0, "at_s": 612.3},
        {"code": "short", "stage_index": None, "at_s": 1.0},
    ],
)
def test_a_dismissal_matching_no_finding_keeps_them_all(params):
    kept, dismissed = fixes.dismiss(FINDINGS, [Fix("dismiss", params, "why")])
    assert (kept, dismissed) == (FINDINGS, [])


def test_has_dismissals():
    assert fixes.has_dismissals([Fix("trim"), Fix("dismiss", {}, "x")])
    assert not fixes.has_dismissals([Fix("trim")])


# -- offered and check ------------------------------------------------------------------------

STAGES = [
    {"start_s": 0.0, "end_s": 1800.0},
    {"start_s": 1800.0, "end_s": 2700.0},
    {"start_s": 2700.0, "end_s": 3600.0},
]
FILE_REVIEW = {
    "distance_m": 12000.0,
    "avg_hr": 150,
    "low_confidence": False,
    "stages": STAGES,
    "findings": FINDINGS,
    "series": {"hr": [150]},
}
SPAN = (0.0, 3600.0)


def test_a_recorded_run_is_offered_every_fix():
    assert fixes.offered(FILE_REVIEW, recorded=True) == list(fixes.KINDS)


def test_a_run_by_hand_is_offered_only_dismissals():
    assert fixes.offered(FILE_REVIEW, recorded=False) == ["dismiss"]
    assert fixes.offered({"findings": []}, recorded=False) == []


def test_a_treadmill_without_hr_or_stages_is_offered_trim_and_distance():
    review = {"distance_m": 8000.0, "avg_hr": None, "low_confidence": True, "stages": []}
    assert fixes.offered(review, recorded=True) == ["trim", "distance"]
    with_hr = {**review, "series": {"hr": [None, 140]}, "stages": STAGES[:1]}
    assert fixes.offered(with_hr, recorded=True) == ["trim", "drop-hr", "distance"]


def test_stages_not_placed_in_the_recording_have_no_boundary_to_move():
    hand_like = {**FILE_REVIEW, "stages": [{"start_s": None}, {"start_s": None}]}
    assert "boundary" not in fixes.offered(hand_like, recorded=True)


def check(kind, params, review=FILE_REVIEW, span=SPAN, **kwargs):
    return fixes.check(kind, params, review=review, span=span, **kwargs)


@pytest.mark.parametrize(
    ("kind", "params", "reason"),
    [
        ("trim", {"start_s": 120.0}, ""),
        ("trim", {"end_s": 3000.0}, ""),
        ("trim", {"start_s": 120.0, "end_s": 3000.0}, ""),
        ("drop-hr", {}, ""),
        ("drop-hr", {"from_s": 0.0, "to_s": 3600.0}, ""),
        ("drop-gps", {"from_s": 600.0, "to_s": 630.0}, ""),
        ("distance", {"distance_m": 10_000.0}, ""),
        ("boundary", {"after_stage": 1, "at_s": 2000.0}, ""),
        ("dismiss", {"code": "surge", "stage_index": 0, "at_s": 612.3}, "under a bridge"),
    ],
)
def test_a_good_fix_passes(kind, params, reason):
    assert check(kind, params, reason=reason) == {}


@pytest.mark.parametrize(
    ("kind", "params", "errors"),
    [
        ("mend", {}, {"kind": "There is no fix called 'mend'."}),
        ("trim", {}, {"start_s": "Give where the run starts, where it ends, or both."}),
        (
            "trim",
            {"start_s": 3600.0},
            {"start_s": "The start must be after 0:00 and before 1:00:00, the recording's ends."},
        ),
        (
            "trim",
            {"end_s": 0.0},
            {"end_s": "The end must be after 0:00 and before 1:00:00, the recording's ends."},
        ),
        ("trim", {"start_s": 3560.0}, {"start_s": "At least 1:00 of the run must be left."}),
        (
            "trim",
            {"start_s": 100.0, "end_s": 150.0},
            {"end_s": "At least 1:00 of the run must be left."},
        ),
        ("drop-hr", {"from_s": 10.0}, {"to_s": "Give where the stretch ends."}),
        ("drop-hr", {"to_s": 10.0}, {"from_s": "Give where the stretch starts."}),
        (
            "drop-hr",
            {"from_s": 10.0, "to_s": 5.0},
            {"to_s": "The stretch must end after it starts."},
        ),
        (
            "drop-hr",
            {"from_s": 10.0, "to_s": 4000.0},
            {"to_s": "The stretch must lie within the recording, 0:00 to 1:00:00."},
        ),
        ("drop-gps", {}, {"from_s": "Give where the stretch starts."}),
        (
            "drop-gps",
            {"from_s": 0.0, "to_s": 30.0},
            {
                "to_s": "The stretch needs good GPS either side: between 0:00 and 1:00:00, not "
                "at the very start or end (to leave those out, trim the run)."
            },
        ),
        ("distance", {}, {"distance_m": "Give the run's distance."}),
        (
            "distance",
            {"distance_m": 0.0},
            {"distance_m": "A run's distance is more than nothing and at most 300 km."},
        ),
        (
            "distance",
            {"distance_m": float("nan")},
            {"distance_m": "A run's distance is more than nothing and at most 300 km."},
        ),
        (
            "boundary",
            {"after_stage": 2, "at_s": 3000.0},
            {"after_stage": "Choose a boundary between stage 1 and stage 3."},
        ),
        (
            "boundary",
            {"after_stage": True, "at_s": 3000.0},
            {"after_stage": "Choose a boundary between stage 1 and stage 3."},
        ),
        ("boundary", {"after_stage": 0}, {"at_s": "Give where the next stage starts."}),
        (
            "boundary",
            {"after_stage": 0, "at_s": 2700.0},
            {
                "at_s": "Stage 2 must start between 0:00 and 45:00 (the start of stage 1 and "
                "the end of stage 2)."
            },
        ),
        (
            "dismiss",
            {"code": "stopped", "stage_index": 0, "at_s": 1.0},
            {"finding": "That finding is not in the review (any more): choose one shown."},
        ),
        (
            "dismiss",
            {"code": "surge", "stage_index": 0, "at_s": 612.3},
            {"reason": "Say why the finding is dismissed: the coach and athlete see it."},
        ),
        # Not a number, where the service is called with other than the form's values.
        ("trim", {"start_s": "120"}, {"start_s": NOT_A_NUMBER}),
        ("trim", {"end_s": True}, {"end_s": NOT_A_NUMBER}),
        ("drop-gps", {"from_s": 60.0, "to_s": "2:00"}, {"to_s": NOT_A_NUMBER}),
        ("distance", {"distance_m": [5000]}, {"distance_m": NOT_A_NUMBER}),
    ],
)
def test_a_bad_fix_gets_its_own_message(kind, params, errors):
    assert check(kind, params) == errors


def test_the_distance_limit_is_said_in_the_athletes_unit():
    assert check("distance", {"distance_m": 400_000.0}, unit="mi") == {
        "distance_m": "A run's distance is more than nothing and at most 186.41 mi."
    }


def test_a_reason_longer_than_the_limit_is_refused():
    params = {"code": "surge", "stage_index": 0, "at_s": 612.3}
    assert check("dismiss", params, reason="x" * 501) == {
        "reason": "A reason is at most 500 characters."
    }


def test_a_run_by_hand_refuses_fixes_of_a_recording():
    assert check("trim", {"start_s": 10.0}, span=None) == {
        "kind": "A run logged by hand has no recording to fix: only its findings can be dismissed."
    }


@pytest.mark.parametrize(
    ("kind", "review", "message"),
    [
        ("drop-hr", {"avg_hr": None}, "This run has no heart rate to drop."),
        (
            "drop-gps",
            {"distance_m": 100.0, "low_confidence": True},
            "This run has no GPS distance to drop (a treadmill, or no distance).",
        ),
        ("distance", {"distance_m": None}, "This run has no distance to correct."),
        (
            "boundary",
            {"stages": STAGES[:1]},
            "This run has no stage boundary to move: it was not split into stages.",
        ),
        ("dismiss", {"findings": []}, "The review found nothing to dismiss."),
    ],
)
def test_a_fix_that_does_not_apply_says_why(kind, review, message):
    assert check(kind, {}, review=review) == {"kind": message}


def test_a_stored_review_sets_dismissed_findings_apart_and_is_unchanged_without_one():
    from workouts.log_review import with_dismissals

    fast = {"code": "started-too-fast", "stage_index": 0, "at_s": 120.0, "message": "Fast"}
    stop = {"code": "stopped", "stage_index": 1, "at_s": 900.0, "message": "Stopped"}
    data = {"findings": [fast, stop], "stages": []}
    trim = Fix("trim", {"start_s": 30.0})
    assert with_dismissals(data, [trim]) is data
    dismissal = Fix(
        "dismiss", {"code": "stopped", "stage_index": 1, "at_s": 900.0}, "A level crossing"
    )
    fixed = with_dismissals(data, [trim, dismissal])
    assert fixed["findings"] == [fast]
    assert fixed["dismissed"] == [{**stop, "reason": "A level crossing"}]
    assert data == {"findings": [fast, stop], "stages": []}
