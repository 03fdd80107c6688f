"""Setting the record straight (docs/running.md §3.13), the services of workouts/log_fixes.py
through the real pipeline: a real file uploaded and read (workouts/log_pipeline.py), paired with
a progression session, fixed, read again, and the fix undone. A fix and its undo give back
exactly the review there was; a run by hand takes only dismissals; a log being read or failed
takes none; a bad fix is refused by field and records nothing; only the athlete and their
coach may fix; fixes apply in their order; the original file is never changed. The pure rules
are tests/workouts/test_fixes.py's."""

import hashlib
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import add_5k
from tests.workouts.test_block_calendar import add_session, make_block
from tests.workouts.test_log_views import STAGES
from workouts import activity_files, log_fixes, log_pipeline, review_queue, run_logs, targets
from workouts.dashboard import coach_dashboard
from workouts.models import (
    ActivityFile,
    LogFix,
    LogSource,
    LogStatus,
    RunLog,
    SessionKind,
    SessionStage,
)

FOLDER = Path(__file__).parents[3] / "shared" / "data" / "activities"
REAL_FIT = FOLDER / "fit" / "fitparser_fenix5x_run_28min_workout_step_laps.fit"
REAL_GPX = FOLDER / "gpx" / "sportslib_strava_android_run_33min_1681613317.gpx"
REAL_FILES = [
    pytest.param(REAL_FIT, id="fenix5x-fit"),
    pytest.param(REAL_GPX, id="strava-gpx"),
]
ALL_KINDS = ["trim", "drop-hr", "drop-gps", "distance", "boundary", "dismiss"]
# What a log's stored figures are, beside its review: a fix and its undo give them all back.
FIGURES = (
    "status",
    "date",
    "started_at",
    "duration_s",
    "moving_s",
    "distance_m",
    "avg_hr",
    "compliance",
    "session_id",
    "pairing",
    "sport",
    "sub_sport",
    "device",
    "error",
)


_READ: dict = {}


@pytest.fixture(autouse=True)
def _each_file_read_once(monkeypatch):
    """A real FIT takes about half a second to decode, and every fix reads it twice (the span,
    then the pipeline): the tests decode each file once. The Recording is frozen, so the one
    decoded is the same every time; decoding itself is tests/workouts/test_activity_files.py's."""
    real = activity_files.read_activity

    def once(data: bytes, name: str):
        key = (hashlib.sha256(data).hexdigest(), name)
        if key not in _READ:
            _READ[key] = real(data, name)
        return _READ[key]

    monkeypatch.setattr(log_pipeline, "read_activity", once)
    monkeypatch.setattr(log_fixes, "read_activity", once)


@pytest.fixture
def progression(athlete):
    """A progression session of 20 + 20 + 10 minutes yesterday, on a block of the athlete's."""
    add_5k(athlete, days_ago=30)
    today = targets.athlete_today(athlete)
    block = make_block(athlete, race_date=today + timedelta(weeks=8))
    return add_session(block, today - timedelta(days=1), SessionKind.PROGRESSION, STAGES)


def fresh(log) -> RunLog:
    return RunLog.objects.get(pk=log.pk)


def figures(log) -> dict:
    log = fresh(log)
    return {name: getattr(log, name) for name in FIGURES} | {"review": log.review}


def read_real(athlete, session, path: Path) -> RunLog:
    """The real file uploaded for the session and read by the pipeline, as a worker would."""
    if not path.is_file():
        pytest.skip("the shared folder of activity files is absent")
    upload = run_logs.run_log_files_upload(
        athlete=athlete,
        by=athlete.user,
        files=[(path.name, path.read_bytes())],
        session=session,
        relay=False,
    )
    [log] = upload.logs
    assert log_pipeline.run_log_process(log_id=log.pk) == LogStatus.DONE
    log = fresh(log)
    assert log.session == session
    return log


def fix(log, by, kind, params, reason="") -> LogFix:
    """A fix made, then the log read again by the pipeline (the relay is after commit)."""
    made = log_fixes.log_fix_add(log=fresh(log), by=by, kind=kind, params=params, reason=reason)
    assert fresh(log).status == LogStatus.QUEUED  # the service put it back in the queue
    assert log_pipeline.run_log_process(log_id=log.pk) == LogStatus.DONE
    return made


def undo(made: LogFix, by) -> LogFix:
    undone = log_fixes.log_fix_undo(fix=LogFix.objects.get(pk=made.pk), by=by)
    if fresh(made.log).status == LogStatus.QUEUED:
        assert log_pipeline.run_log_process(log_id=made.log_id) == LogStatus.DONE
    return undone


def hr_in(review, low, high) -> list:
    """The chart's heart rate in the buckets whose middle lies from `low` to `high`."""
    series = review["series"]
    return [hr for t, hr in zip(series["t"], series["hr"], strict=True) if low <= t <= high]


def stage_starts(review) -> list:
    return [stage["start_s"] for stage in review["stages"]]


# -- What each kind does, and its undo --------------------------------------------------------


def params_of(kind, review) -> tuple[dict, str]:
    if kind == "trim":
        return {"start_s": 120.0, "end_s": 1500.0}, "Started the watch in the hall."
    if kind == "drop-hr":
        return {"from_s": 300.0, "to_s": 900.0}, "The strap slipped."
    if kind == "drop-gps":
        return {"from_s": 600.0, "to_s": 700.0}, "Under the bridge."
    if kind == "distance":
        return {"distance_m": 5000.0}, "Measured course."
    if kind == "boundary":
        return {"after_stage": 0, "at_s": 900.0}, ""
    finding = review["findings"][0]
    return {key: finding[key] for key in ("code", "stage_index", "at_s")}, "Cut short on purpose."


def check_fixed(kind, before, after, params, reason) -> None:
    """The stored review after the fix differs from the one before as the kind says."""
    if kind == "trim":
        assert after["duration_s"] == pytest.approx(1380.0, abs=1.0)
        assert after["review"]["timer_s"] == pytest.approx(1380.0, abs=1.0)
        assert after["review"]["stages"][0]["start_s"] == pytest.approx(120.0, abs=1.0)
        assert after["review"]["stages"][-1]["end_s"] <= 1500.0
        assert after["distance_m"] < before["distance_m"]
    elif kind == "drop-hr":
        assert set(hr_in(after["review"], 310.0, 890.0)) == {None}
        assert any(hr is not None for hr in hr_in(before["review"], 310.0, 890.0))
        # Outside the stretch the heart rate is as it was.
        assert hr_in(after["review"], 0.0, 290.0) == hr_in(before["review"], 0.0, 290.0)
        assert hr_in(after["review"], 910.0, 1e9) == hr_in(before["review"], 910.0, 1e9)
        assert after["distance_m"] == before["distance_m"]
    elif kind == "drop-gps":
        assert after["distance_m"] != before["distance_m"]
        assert after["duration_s"] == before["duration_s"]
        # The stretch is a straight line run evenly: one pace across it.
        series = after["review"]["series"]
        inside = [
            pace for t, pace in zip(series["t"], series["pace"], strict=True) if 615.0 <= t <= 685.0
        ]
        assert inside and max(inside) - min(inside) <= 1.0
        assert after["review"]["series"]["hr"] == before["review"]["series"]["hr"]
    elif kind == "distance":
        assert after["distance_m"] == pytest.approx(5000.0, abs=0.5)
        assert after["review"]["distance_m"] == pytest.approx(5000.0, abs=0.1)
        assert before["distance_m"] != pytest.approx(5000.0, abs=50)
        assert sum(s["distance_m"] for s in after["review"]["stages"]) == pytest.approx(
            5000.0, abs=1.0
        )
        assert after["duration_s"] == before["duration_s"]
    elif kind == "boundary":
        assert after["review"]["stages"][1]["start_s"] == pytest.approx(900.0, abs=1.0)
        assert after["review"]["stages"][0]["end_s"] == pytest.approx(900.0, abs=1.0)
        assert before["review"]["stages"][1]["start_s"] != pytest.approx(900.0, abs=1.0)
        assert after["duration_s"] == before["duration_s"]
    else:
        [finding] = [f for f in before["review"]["findings"] if f["code"] == params["code"]]
        assert finding not in after["review"]["findings"]
        assert after["review"]["dismissed"] == [finding | {"reason": reason}]
        assert "dismissed" not in before["review"]
        rest = {k: v for k, v in after["review"].items() if k not in ("findings", "dismissed")}
        assert rest == {
            k: v for k, v in before["review"].items() if k not in ("findings", "dismissed")
        }
    if kind != "dismiss":
        assert "dismissed" not in after["review"]


@pytest.mark.parametrize("kind", ALL_KINDS)
@pytest.mark.parametrize("path", REAL_FILES)
def test_a_fix_and_its_undo_restore_the_original_review_exactly(
    athlete, coach, progression, path, kind
):
    log = read_real(athlete, progression, path)
    assert kind in log_fixes.offered_kinds(log)
    before = figures(log)
    params, reason = params_of(kind, before["review"])
    made = fix(log, coach, kind, params, reason)
    assert (made.kind, made.params, made.reason, made.author) == (kind, params, reason, coach)
    after = figures(log)
    assert after["status"] == LogStatus.DONE
    assert after["review"] != before["review"]
    check_fixed(kind, before, after, params, reason)

    undone = undo(made, athlete.user)
    assert undone.undone_at is not None and undone.undone_by == athlete.user
    assert figures(log) == before  # the whole review and every figure, exactly
    assert [f.pk for f in log_fixes.log_fixes_list(log)] == [made.pk]  # the row stays


@pytest.mark.parametrize("path", REAL_FILES)
def test_every_kind_at_once_then_all_undone_restore_the_review(athlete, coach, progression, path):
    log = read_real(athlete, progression, path)
    before = figures(log)
    made = []
    for kind in ALL_KINDS:
        params, reason = params_of(kind, fresh(log).review)
        made.append(fix(log, coach if len(made) % 2 else athlete.user, kind, params, reason))
    fixed = figures(log)
    assert fixed["duration_s"] == pytest.approx(1380.0, abs=1.0)
    assert fixed["distance_m"] == pytest.approx(5000.0, abs=0.5)
    assert fixed["review"]["dismissed"][0]["reason"] == "Cut short on purpose."
    for one in reversed(made):
        undo(one, coach)
    assert figures(log) == before


def test_a_fix_is_read_again_by_the_relay_after_commit(
    athlete, coach, progression, django_capture_on_commit_callbacks
):
    log = read_real(athlete, progression, REAL_FIT)
    before = figures(log)
    with django_capture_on_commit_callbacks(execute=True):
        log_fixes.log_fix_add(log=log, by=coach, kind="trim", params={"start_s": 120.0})
    assert fresh(log).status == LogStatus.DONE  # tasks in-process: read right after commit
    assert fresh(log).review["stages"][0]["start_s"] == pytest.approx(120.0, abs=1.0)
    made = LogFix.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        log_fixes.log_fix_undo(fix=made, by=coach)
    assert figures(log) == before


def test_the_original_file_is_never_changed(athlete, coach, progression):
    log = read_real(athlete, progression, REAL_FIT)
    stored = ActivityFile.objects.get(log=log)
    data, sha = bytes(stored.data), stored.sha256
    assert zlib.decompress(data) == REAL_FIT.read_bytes()
    trim = fix(log, coach, "trim", {"start_s": 120.0})
    fix(log, coach, "distance", {"distance_m": 5000.0})
    undo(trim, coach)
    stored = ActivityFile.objects.get(log=log)
    assert (bytes(stored.data), stored.sha256, stored.name) == (data, sha, REAL_FIT.name)
    assert hashlib.sha256(zlib.decompress(bytes(stored.data))).hexdigest() == sha


# -- Order ------------------------------------------------------------------------------------


def test_two_trims_apply_in_order_on_the_recordings_own_clock(athlete, coach, progression):
    log = read_real(athlete, progression, REAL_FIT)
    first = fix(log, coach, "trim", {"start_s": 120.0})
    assert log_fixes.recording_span(log_fixes.fixed_recording(fresh(log))) == (120.0, 1680.0)
    # The span is now the trimmed recording's: a start before it is outside.
    with pytest.raises(ValidationError) as refused:
        log_fixes.log_fix_add(log=fresh(log), by=coach, kind="trim", params={"start_s": 60.0})
    assert refused.value.message_dict == {
        "start_s": ["The start must be after 2:00 and before 28:00, the recording's ends."]
    }
    second = fix(log, coach, "trim", {"start_s": 300.0, "end_s": 1500.0})
    both = fresh(log)
    assert both.duration_s == pytest.approx(1200.0, abs=1.0)
    assert both.review["stages"][0]["start_s"] == pytest.approx(300.0, abs=1.0)
    assert log_fixes.recording_span(log_fixes.fixed_recording(both)) == (300.0, 1500.0)
    assert [f.pk for f in log_fixes.log_fixes_list(both)] == [first.pk, second.pk]
    undo(second, coach)  # back to the first trim alone
    assert fresh(log).duration_s == pytest.approx(1560.0, abs=1.0)
    assert fresh(log).review["stages"][0]["start_s"] == pytest.approx(120.0, abs=1.0)


def test_a_later_move_of_the_same_boundary_wins_and_its_undo_gives_back_the_earlier(
    athlete, coach, progression
):
    log = read_real(athlete, progression, REAL_FIT)
    original = figures(log)
    early = fix(log, coach, "boundary", {"after_stage": 0, "at_s": 900.0})
    at_900 = figures(log)
    late = fix(log, athlete.user, "boundary", {"after_stage": 0, "at_s": 1000.0})
    assert fresh(log).review["stages"][1]["start_s"] == pytest.approx(1000.0, abs=1.0)
    undo(late, coach)
    assert figures(log) == at_900
    undo(early, coach)
    assert figures(log) == original


def test_the_second_boundary_moves_with_the_first_left_in_place(athlete, coach, progression):
    log = read_real(athlete, progression, REAL_FIT)
    fix(log, coach, "boundary", {"after_stage": 0, "at_s": 900.0})
    fix(log, coach, "boundary", {"after_stage": 1, "at_s": 1400.0})
    starts = stage_starts(fresh(log).review)
    assert starts[1:] == [pytest.approx(900.0, abs=1.0), pytest.approx(1400.0, abs=1.0)]


# -- Undo -------------------------------------------------------------------------------------


def test_undoing_twice_changes_nothing(athlete, coach, progression):
    log = read_real(athlete, progression, REAL_FIT)
    made = fix(log, coach, "distance", {"distance_m": 5000.0})
    first = undo(made, athlete.user)
    after_first = figures(log)
    updated_at = fresh(log).updated_at
    second = log_fixes.log_fix_undo(fix=LogFix.objects.get(pk=made.pk), by=coach)
    assert fresh(log).status == LogStatus.DONE  # not put back in the queue
    assert (second.undone_at, second.undone_by) == (first.undone_at, athlete.user)
    assert figures(log) == after_first
    assert fresh(log).updated_at == updated_at


# -- A run by hand ------------------------------------------------------------------------------


def by_hand(athlete, session, **data):
    values = {"date": session.date, "duration_s": 1200, "distance_m": 4000, "rpe": 6, "feel": 4}
    return run_logs.run_log_create(
        athlete=athlete, by=athlete.user, session=session, data=values | data, stages=[]
    )


def test_a_run_by_hand_takes_only_a_dismissal_and_its_undo_restores_it(athlete, coach, progression):
    log = fresh(by_hand(athlete, progression))
    assert log.source == LogSource.HAND
    assert [f["code"] for f in log.review["findings"]] == ["short"]
    assert log_fixes.offered_kinds(log) == ["dismiss"]
    assert log_fixes.recording_span(log_fixes.fixed_recording(log)) is None
    before = figures(log)
    for kind, params in [
        ("trim", {"start_s": 60.0}),
        ("drop-hr", {}),
        ("distance", {"distance_m": 5000.0}),
        ("boundary", {"after_stage": 0, "at_s": 600.0}),
    ]:
        with pytest.raises(ValidationError) as refused:
            log_fixes.log_fix_add(log=log, by=coach, kind=kind, params=params)
        assert refused.value.message_dict == {
            "kind": [
                "A run logged by hand has no recording to fix: only its findings can be dismissed."
            ]
        }
    assert not LogFix.objects.exists()

    def flagged():
        today = targets.athlete_today(athlete)
        [row] = coach_dashboard(coach, today=today).rows
        queue = review_queue.review_queue(coach=coach, code="short")
        return row.n_flagged, [r.log.pk for r in queue.rows]

    assert flagged() == (1, [log.pk])
    finding = log.review["findings"][0]
    params = {"code": "short", "stage_index": None, "at_s": None}
    made = log_fixes.log_fix_add(
        log=log, by=coach, kind="dismiss", params=params, reason="  Cut short: a cold.  "
    )
    assert made.reason == "Cut short: a cold."
    dismissed = fresh(log)
    assert dismissed.status == LogStatus.DONE  # reviewed again at once, no pipeline
    assert dismissed.review["findings"] == []
    assert dismissed.review["dismissed"] == [finding | {"reason": "Cut short: a cold."}]
    assert flagged() == (0, [])
    assert log_fixes.offered_kinds(dismissed) == []  # nothing left to dismiss

    log_fixes.log_fix_undo(fix=made, by=athlete.user)
    assert figures(log) == before
    assert flagged() == (1, [log.pk])


def test_a_dismissed_finding_leaves_the_queue_of_its_code(athlete, coach, progression):
    log = read_real(athlete, progression, REAL_FIT)
    assert [r.log.pk for r in review_queue.review_queue(coach=coach, code="short").rows] == [log.pk]
    params = {"code": "short", "stage_index": None, "at_s": None}
    made = fix(log, athlete.user, "dismiss", params, "A long warm-up walk before.")
    assert review_queue.review_queue(coach=coach, code="short").rows == ()
    [row] = review_queue.review_queue(coach=coach).rows
    assert row.rank == review_queue.queue_rank("", fresh(log).review["findings"])
    undo(made, coach)
    assert [r.log.pk for r in review_queue.review_queue(coach=coach, code="short").rows] == [log.pk]


# -- Refused ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [LogStatus.QUEUED, LogStatus.PROCESSING])
def test_a_log_being_read_takes_no_fix_and_records_nothing(athlete, coach, progression, status):
    log = read_real(athlete, progression, REAL_FIT)
    made = fix(log, coach, "trim", {"start_s": 120.0})
    RunLog.objects.filter(pk=log.pk).update(status=status)
    before = figures(log)
    with pytest.raises(ValidationError) as refused:
        log_fixes.log_fix_add(log=fresh(log), by=coach, kind="distance", params={"distance_m": 5e3})
    assert refused.value.messages == [log_fixes.BEING_READ]
    assert refused.value.code == "pending"
    assert log_fixes.offered_kinds(fresh(log)) == []
    with pytest.raises(ValidationError) as refused:
        log_fixes.log_fix_undo(fix=made, by=coach)
    assert refused.value.messages == [log_fixes.BEING_READ]
    assert list(LogFix.objects.values_list("pk", "undone_at")) == [(made.pk, None)]
    assert figures(log) == before


def test_a_failed_log_takes_no_fix(athlete, coach, progression):
    upload = run_logs.run_log_files_upload(
        athlete=athlete, by=athlete.user, files=[("broken.fit", b".FIT" + bytes(200))], relay=False
    )
    [log] = upload.logs
    assert log_pipeline.run_log_process(log_id=log.pk) == LogStatus.FAILED
    assert log_fixes.offered_kinds(fresh(log)) == []
    with pytest.raises(ValidationError) as refused:
        log_fixes.log_fix_add(log=fresh(log), by=coach, kind="trim", params={"start_s": 60.0})
    assert refused.value.messages == [log_fixes.NOT_READ]
    assert not LogFix.objects.exists()
    assert fresh(log).status == LogStatus.FAILED


BAD = [
    pytest.param("trim", {}, "", "start_s", id="trim-nothing"),
    pytest.param("trim", {"start_s": 1700.0}, "", "start_s", id="trim-after-the-end"),
    pytest.param("trim", {"start_s": 600.0, "end_s": 630.0}, "", "end_s", id="trim-too-little"),
    pytest.param("drop-hr", {"from_s": 300.0}, "", "to_s", id="drop-hr-no-end"),
    pytest.param("drop-hr", {"from_s": 300.0, "to_s": 9000.0}, "", "to_s", id="drop-hr-outside"),
    pytest.param("drop-gps", {"from_s": 0.0, "to_s": 100.0}, "", "to_s", id="drop-gps-at-start"),
    pytest.param("drop-gps", {"to_s": 100.0}, "", "from_s", id="drop-gps-no-start"),
    pytest.param("distance", {"distance_m": 0.0}, "", "distance_m", id="distance-zero"),
    pytest.param("distance", {}, "", "distance_m", id="distance-none"),
    pytest.param("boundary", {"after_stage": 2, "at_s": 900.0}, "", "after_stage", id="bnd-last"),
    pytest.param("boundary", {"after_stage": 0, "at_s": 1900.0}, "", "at_s", id="bnd-outside"),
    pytest.param(
        "dismiss",
        {"code": "short", "stage_index": None, "at_s": None},
        "  ",
        "reason",
        id="dis-why",
    ),
    pytest.param(
        "dismiss", {"code": "surge", "stage_index": 1, "at_s": 600.0}, "x", "finding", id="dis-gone"
    ),
    pytest.param("trim", {"start_s": 120.0}, "x" * 501, "reason", id="reason-too-long"),
    pytest.param("rewind", {}, "", "kind", id="no-such-kind"),
]


@pytest.mark.parametrize(("kind", "params", "reason", "field"), BAD)
def test_a_bad_fix_is_refused_by_field_and_records_nothing(
    athlete, coach, progression, kind, params, reason, field
):
    log = read_real(athlete, progression, REAL_FIT)
    before = figures(log)
    with pytest.raises(ValidationError) as refused:
        log_fixes.log_fix_add(log=log, by=coach, kind=kind, params=params, reason=reason)
    assert list(refused.value.message_dict) == [field]
    assert all(refused.value.message_dict[field])
    assert not LogFix.objects.exists()
    assert figures(log) == before  # not put back in the queue either


def test_a_fix_not_offered_says_why(athlete, coach, progression):
    log = read_real(athlete, progression, REAL_FIT)
    fix(log, coach, "drop-hr", {})  # all of it
    assert "drop-hr" not in log_fixes.offered_kinds(fresh(log))
    assert fresh(log).avg_hr is None
    with pytest.raises(ValidationError) as refused:
        log_fixes.log_fix_add(log=fresh(log), by=coach, kind="drop-hr", params={})
    assert refused.value.message_dict == {"kind": ["This run has no heart rate to drop."]}
    assert LogFix.objects.count() == 1


# -- Who may ----------------------------------------------------------------------------------


def test_only_the_athlete_and_their_coach_may_fix_or_undo(
    athlete, coach, other_coach, other_athlete, progression, admin_user
):
    log = read_real(athlete, progression, REAL_FIT)
    before = figures(log)
    for outsider in (other_coach, other_athlete.user, admin_user):
        assert not log_fixes.may_fix(log, outsider)
        with pytest.raises(PermissionDenied):
            log_fixes.log_fix_add(log=log, by=outsider, kind="trim", params={"start_s": 120.0})
    assert not LogFix.objects.exists()
    assert figures(log) == before
    made = fix(log, athlete.user, "trim", {"start_s": 120.0})
    for outsider in (other_coach, other_athlete.user, admin_user):
        with pytest.raises(PermissionDenied):
            log_fixes.log_fix_undo(fix=made, by=outsider)
    assert LogFix.objects.get().undone_at is None
    assert log_fixes.may_fix(log, coach) and log_fixes.may_fix(log, athlete.user)
    undo(made, coach)
    assert figures(log) == before


def test_a_boundary_of_a_stage_the_session_no_longer_has_is_left_aside(athlete, coach, progression):
    """The session cut to one stage after a boundary move: the run is read again, not failed;
    with its stages back, the move is in force again."""
    log = read_real(athlete, progression, REAL_FIT)
    fix(log, coach, "boundary", {"after_stage": 1, "at_s": 1400.0})
    moved = figures(log)
    kept = list(progression.stages.order_by("position"))
    SessionStage.objects.filter(session=progression, position__gt=0).delete()
    log_pipeline.run_log_requeue(log=fresh(log))
    assert log_pipeline.run_log_process(log_id=log.pk) == LogStatus.DONE
    assert len(fresh(log).review["stages"]) == 1
    assert "boundary" not in log_fixes.offered_kinds(fresh(log))
    SessionStage.objects.bulk_create(kept[1:])
    log_pipeline.run_log_requeue(log=fresh(log))
    assert log_pipeline.run_log_process(log_id=log.pk) == LogStatus.DONE
    assert fresh(log).review == moved["review"]
