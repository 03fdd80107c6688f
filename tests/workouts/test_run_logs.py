"""Logging a run (docs/running.md §3.11): the services views call. By hand, reviewed at once;
files stored and queued, read after commit; pairing with the plan stored on each log; bad
input refused with a specific message and nothing saved."""

import io
import zipfile
import zlib
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.workouts.test_activity_files import fit_run
from workouts import activity_files, run_logs
from workouts.activity_files import MAX_ARCHIVE_MEMBERS
from workouts.models import (
    ActivityFile,
    Block,
    CoachRules,
    LogOutbox,
    LogPairing,
    LogSource,
    LogStatus,
    PlannedSession,
    RunLog,
    RunLogStage,
    SessionKind,
    SessionStage,
)
from workouts.progression import Stage

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _today_as_the_test_runs():
    """TODAY is the day each test runs, not the day the tests were collected: a run of the
    suite that passes midnight would otherwise log "today" as yesterday."""
    global TODAY
    TODAY = timezone.localdate()


PROGRESSION = (
    Stage(duration_s=1800, zone="easy"),
    Stage(duration_s=900, zone="steady"),
    Stage(duration_s=900, zone="marathon"),
)


@pytest.fixture
def block(athlete):
    return make_block(athlete)


def make_block(athlete) -> Block:
    """A block of the athlete's whose race is ahead; a 5K of VDOT 50 a month ago."""
    from tests.conftest import add_5k

    add_5k(athlete, days_ago=30)  # VDOT 50: easy 5:04-5:34 /km
    return Block.objects.create(
        athlete=athlete,
        race_name="Valencia Marathon",
        race_date=TODAY + timedelta(weeks=6),
        n_weeks=18,
    )


def add_session(block, day, kind=SessionKind.PROGRESSION, stages=PROGRESSION, **fields):
    session = PlannedSession.objects.create(
        block=block, date=day, kind=kind, original_date=day, **fields
    )
    SessionStage.objects.bulk_create(
        SessionStage.from_value(stage, position=i, session=session)
        for i, stage in enumerate(stages)
    )
    return session


def by_hand(athlete, session=None, stages=(), **data):
    values = {"date": TODAY, "duration_s": 3600, "distance_m": 11_800, "rpe": 6, "feel": 4}
    return run_logs.run_log_create(
        athlete=athlete,
        by=athlete.user,
        session=session,
        data=values | data,
        stages=list(stages),
    )


def fresh(log) -> RunLog:
    return RunLog.objects.get(pk=log.pk)


# -- By hand ---------------------------------------------------------------------------------


def test_a_run_by_hand_for_its_session_is_paired_by_hand_and_reviewed_at_once(athlete, block):
    session = add_session(block, TODAY)
    log = by_hand(athlete, session, stages=[{"index": 0, "pace_s_per_km": 320, "rpe": 3}])
    log = fresh(log)
    assert (log.status, log.source, log.pairing) == (
        LogStatus.DONE,
        LogSource.HAND,
        LogPairing.MANUAL,
    )
    assert log.session == session
    assert log.logged_by == athlete.user
    assert log.review["split_by"] == "hand"
    assert log.compliance == log.review["compliance"] == "green"
    assert log.review["stages"][0]["verdict"] == "on-target"
    assert log.review["stages"][0]["rpe"] == 3
    assert [(e.index, e.pace_s_per_km, e.rpe) for e in log.stage_entries.all()] == [(0, 320, 3)]
    session.refresh_from_db()
    assert session.targets_frozen_on == TODAY  # logged: its targets are frozen


def test_a_run_by_hand_without_a_session_pairs_with_its_day(athlete, block):
    session = add_session(block, TODAY - timedelta(days=1))
    log = fresh(by_hand(athlete, date=TODAY - timedelta(days=1)))
    assert (log.session, log.pairing) == (session, LogPairing.SAME_DAY)
    assert log.review["compliance"] == "green"


def test_a_run_a_day_late_pairs_as_shifted(athlete, block):
    session = add_session(block, TODAY - timedelta(days=2))
    log = fresh(by_hand(athlete, date=TODAY - timedelta(days=1)))
    assert (log.session, log.pairing) == (session, LogPairing.SHIFTED)


def test_an_unplanned_run_has_only_its_figures(athlete, block):
    log = fresh(by_hand(athlete))
    assert (log.session, log.pairing) == (None, LogPairing.UNPLANNED)
    assert log.review["split_by"] is None and log.review["stages"] == []
    assert log.compliance == ""


def test_the_coachs_rules_decide_the_compliance(athlete, block, coach):
    CoachRules.objects.create(coach=coach, compliance_green_min_pct=95)
    session = add_session(block, TODAY)
    log = fresh(by_hand(athlete, session, duration_s=3300, distance_m=None))
    assert log.compliance == "yellow"


def test_a_coach_logs_on_an_athletes_behalf(athlete, block, coach):
    log = run_logs.run_log_create(
        athlete=athlete, by=coach, session=None, data={"date": TODAY, "duration_s": 1800}, stages=[]
    )
    assert fresh(log).logged_by == coach


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"rpe": 11}, "rpe", "between 1 and 10, not 11"),
        ({"rpe": 0}, "rpe", "between 1 and 10, not 0"),
        ({"rpe": 5.5}, "rpe", "a whole number"),
        ({"feel": 6}, "feel", "between 1 and 5, not 6"),
        ({"duration_s": -60}, "duration_s", "The duration must be between"),
        ({"duration_s": 3 * 24 * 3600}, "duration_s", "The duration must be between"),
        ({"distance_m": 0}, "distance_m", "The distance must be between"),
        ({"distance_m": 400_000}, "distance_m", "The distance must be between"),
        ({"distance_m": 50_000, "duration_s": 1800}, "distance_m", "faster than anyone runs"),
        ({"avg_hr": 20}, "avg_hr", "between 25 and 250, not 20"),
        ({"avg_hr": 260}, "avg_hr", "between 25 and 250, not 260"),
        ({"avg_hr": "fast"}, "avg_hr", "must be a number"),
        ({"avg_hr": float("nan")}, "avg_hr", "between 25 and 250"),
        # Two days on from the day of collection: in the future even past midnight.
        ({"date": TODAY + timedelta(days=2)}, "date", "is in the future"),
        ({"date": None}, "date", "Give the day of the run"),
        ({"date": "2025-01-01"}, "date", "must be a date"),
        ({"date": date(1, 1, 1)}, "date", "The year 1 is before 1900"),
        (
            {"duration_s": 10**400},
            "duration_s",
            "The duration must be between 1 and 172800, not inf",
        ),
        ({"duration_s": float("inf")}, "duration_s", "not inf"),
        ({"avg_hr": 10**400}, "avg_hr", "between 25 and 250, not inf"),
        ({"temp_c": float("-inf")}, "temp_c", "between -60 and 60, not -inf"),
        ({"duration_s": None, "distance_m": None}, "duration_s", "duration or its distance"),
        ({"temp_c": 80}, "temp_c", "between -60 and 60"),
        ({"temp_c": 10, "dew_point_c": 15}, "dew_point_c", "cannot be above the temperature"),
        ({"notes": "x" * 6000}, "notes", "too long"),
        ({"pain_note": 3}, "pain_note", "must be text"),
        ({"speed": 3}, "__all__", "Unknown fields: speed"),
    ],
)
def test_bad_input_by_hand_is_refused_with_its_reason_and_nothing_saved(
    athlete, block, data, field, words
):
    with pytest.raises(ValidationError) as raised:
        by_hand(athlete, **data)
    assert words in " ".join(raised.value.message_dict[field])
    assert not RunLog.objects.exists()


@pytest.mark.parametrize(
    ("stages", "words"),
    [
        ([{"index": 3, "pace_s_per_km": 300}], "There is no stage 3 in this session"),
        ([{"index": 0, "pace_s_per_km": 30}], "Stage 1: the pace (s/km) must be between"),
        ([{"index": 1, "avg_hr": 300}], "Stage 2: the heart rate must be between"),
        ([{"index": 2, "rpe": 12}], "Stage 3: the effort (RPE) must be between 1 and 10"),
        ([{"index": 0, "rpe": 3}, {"index": 0, "rpe": 4}], "Stage 1 is given twice"),
        ([{"index": "0", "rpe": 3}], "There is no stage '0'"),
    ],
)
def test_bad_stage_figures_are_refused_and_nothing_saved(athlete, block, stages, words):
    session = add_session(block, TODAY)
    with pytest.raises(ValidationError) as raised:
        by_hand(athlete, session, stages=stages)
    assert words in " ".join(raised.value.message_dict["stages"])
    assert not RunLog.objects.exists() and not RunLogStage.objects.exists()


def test_stage_figures_need_a_session(athlete, block):
    with pytest.raises(ValidationError, match="no stage 0 in a run not planned"):
        by_hand(athlete, stages=[{"index": 0, "rpe": 4}])


def test_a_session_of_another_athlete_is_refused(athlete, other_athlete, block):
    theirs = Block.objects.create(
        athlete=other_athlete, race_name="Berlin", race_date=TODAY + timedelta(weeks=8)
    )
    session = add_session(theirs, TODAY)
    with pytest.raises(ValidationError, match="not on Amara Okafor's plan"):
        by_hand(athlete, session)
    assert not RunLog.objects.exists()


def test_a_rest_day_takes_no_run(athlete, block):
    rest = add_session(block, TODAY, kind=SessionKind.REST, stages=())
    with pytest.raises(ValidationError, match="A rest day has no run"):
        by_hand(athlete, rest)
    assert not RunLog.objects.exists()


def test_a_session_paired_by_hand_takes_no_second_run_by_hand(athlete, block):
    session = add_session(block, TODAY)
    by_hand(athlete, session)
    with pytest.raises(ValidationError, match="is paired with this session already"):
        by_hand(athlete, session)
    assert RunLog.objects.count() == 1


# -- Pairing stored --------------------------------------------------------------------------


def test_two_runs_on_a_day_go_to_the_sessions_closest_in_duration(athlete, block):
    long = add_session(block, TODAY, stages=[Stage(duration_s=5400, zone="easy")])
    short = add_session(block, TODAY, stages=[Stage(duration_s=1800, zone="easy")])
    first = by_hand(athlete, duration_s=1900, distance_m=None)
    second = by_hand(athlete, duration_s=5300, distance_m=None)
    assert fresh(first).session == short
    assert fresh(second).session == long


def test_a_manual_pairing_is_never_undone_by_the_automatic_one(athlete, block):
    session = add_session(block, TODAY)
    manual = by_hand(athlete)  # paired automatically...
    run_logs.run_log_pair(log=fresh(manual), by=athlete.user, session=None)  # ...then unpaired
    assert (fresh(manual).session, fresh(manual).pairing) == (None, LogPairing.MANUAL)
    later = by_hand(athlete)
    assert fresh(later).session == session  # the free session goes to the other run
    assert (fresh(manual).session, fresh(manual).pairing) == (None, LogPairing.MANUAL)


def test_pairing_by_hand_moves_the_automatic_run_away_and_reviews_both(athlete, block):
    session = add_session(block, TODAY)
    yesterday = add_session(block, TODAY - timedelta(days=1))
    auto = by_hand(athlete)
    other = by_hand(athlete, date=TODAY - timedelta(days=3))
    assert fresh(auto).session == session
    run_logs.run_log_pair(log=fresh(other), by=athlete.user, session=session)
    assert (fresh(other).session, fresh(other).pairing) == (session, LogPairing.MANUAL)
    assert (fresh(auto).session, fresh(auto).pairing) == (yesterday, LogPairing.SHIFTED)
    assert fresh(auto).review["split_by"] == "hand"


def test_pairing_with_a_session_paired_by_hand_is_refused(athlete, block):
    session = add_session(block, TODAY)
    by_hand(athlete, session)
    other = by_hand(athlete, date=TODAY - timedelta(days=1))
    with pytest.raises(ValidationError, match="paired with this session already"):
        run_logs.run_log_pair(log=fresh(other), by=athlete.user, session=session)


def test_a_skipped_session_is_not_paired_automatically(athlete, block):
    add_session(block, TODAY, skipped_reason="ill")
    assert fresh(by_hand(athlete)).session is None


def test_deleting_a_run_frees_its_session_for_another(athlete, block):
    session = add_session(block, TODAY)
    first = by_hand(athlete)
    second = by_hand(athlete)
    assert fresh(second).session is None
    run_logs.run_log_delete(log=fresh(first), by=athlete.user)
    assert not RunLog.objects.filter(pk=first.pk).exists()
    assert fresh(second).session == session
    assert fresh(second).review["compliance"] == "green"


def chosen_from_three_days_away(athlete, block):
    """A session three days ago whose own day's run was moved off it by a run of today paired
    with it by hand: (session, that day's run, today's run)."""
    session = add_session(block, TODAY - timedelta(days=3))
    that_day = by_hand(athlete, date=TODAY - timedelta(days=3))
    assert fresh(that_day).session == session
    today = by_hand(athlete)
    run_logs.run_log_pair(log=fresh(today), by=athlete.user, session=session)
    assert (fresh(that_day).session, fresh(that_day).pairing) == (None, LogPairing.UNPLANNED)
    return session, that_day, today


def test_deleting_a_run_paired_by_hand_days_away_frees_that_session_for_its_day(athlete, block):
    session, that_day, today = chosen_from_three_days_away(athlete, block)
    run_logs.run_log_delete(log=fresh(today), by=athlete.user)
    assert (fresh(that_day).session, fresh(that_day).pairing) == (session, LogPairing.SAME_DAY)
    assert fresh(that_day).review["compliance"] == "green"


def test_unpairing_a_run_paired_by_hand_days_away_frees_that_session_for_its_day(athlete, block):
    session, that_day, today = chosen_from_three_days_away(athlete, block)
    run_logs.run_log_pair(log=fresh(today), by=athlete.user, session=None)
    assert (fresh(that_day).session, fresh(that_day).pairing) == (session, LogPairing.SAME_DAY)


# -- Editing ---------------------------------------------------------------------------------


def test_an_edit_re_reviews_and_bumps_the_version(athlete, block):
    session = add_session(block, TODAY)
    log = fresh(by_hand(athlete, session))
    edited = run_logs.run_log_update(
        log=log, by=athlete.user, version=log.version, data={"duration_s": 1500}, stages=[]
    )
    assert edited.version == log.version + 1
    assert edited.review["compliance"] == "orange"
    assert [f["code"] for f in edited.review["findings"]] == ["short"]


def test_an_edit_of_nothing_changes_nothing(athlete, block):
    session = add_session(block, TODAY)
    log = fresh(by_hand(athlete, session, stages=[{"index": 0, "rpe": 3}]))
    data = {key: getattr(log, key) for key in run_logs.HAND_FIELDS}
    same = run_logs.run_log_update(
        log=log, by=athlete.user, version=log.version, data=data, stages=[{"index": 0, "rpe": 3}]
    )
    assert same.version == log.version
    assert fresh(log).updated_at == log.updated_at


def test_an_edit_over_another_version_is_a_conflict(athlete, block):
    log = fresh(by_hand(athlete))
    with pytest.raises(ValidationError) as raised:
        run_logs.run_log_update(
            log=log, by=athlete.user, version=log.version - 1, data={"rpe": 2}, stages=[]
        )
    assert raised.value.code == "conflict"
    assert "changed elsewhere" in raised.value.message
    assert fresh(log).rpe == 6


def test_a_bad_edit_saves_nothing(athlete, block):
    log = fresh(by_hand(athlete))
    with pytest.raises(ValidationError, match="between 1 and 5"):
        run_logs.run_log_update(
            log=log, by=athlete.user, version=log.version, data={"feel": 9, "rpe": 2}, stages=[]
        )
    assert (fresh(log).rpe, fresh(log).version) == (6, log.version)


def test_an_edit_of_the_dew_point_alone_is_checked_against_the_stored_temperature(athlete, block):
    log = fresh(by_hand(athlete, temp_c=12, dew_point_c=8))
    with pytest.raises(ValidationError, match="cannot be above the temperature"):
        run_logs.run_log_update(
            log=log, by=athlete.user, version=log.version, data={"dew_point_c": 14}, stages=[]
        )


def test_an_edit_of_the_distance_alone_is_checked_against_the_stored_duration(athlete, block):
    log = fresh(by_hand(athlete, duration_s=1800, distance_m=5000))
    with pytest.raises(ValidationError, match="faster than anyone runs"):
        run_logs.run_log_update(
            log=log, by=athlete.user, version=log.version, data={"distance_m": 60_000}, stages=[]
        )
    assert fresh(log).distance_m == 5000


def test_moving_a_run_to_another_day_pairs_it_there(athlete, block):
    today = add_session(block, TODAY)
    before = add_session(block, TODAY - timedelta(days=4))
    log = fresh(by_hand(athlete))
    assert log.session == today
    moved = run_logs.run_log_update(
        log=log,
        by=athlete.user,
        version=log.version,
        data={"date": TODAY - timedelta(days=4)},
        stages=[],
    )
    assert (moved.session, moved.pairing) == (before, LogPairing.SAME_DAY)


# -- Files -----------------------------------------------------------------------------------


def two_days_ago_at(hour: int, minute: int = 0) -> datetime:
    day = timezone.now().astimezone(UTC) - timedelta(days=2)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


def upload(athlete, files, **kwargs):
    return run_logs.run_log_files_upload(athlete=athlete, by=athlete.user, files=files, **kwargs)


def test_an_upload_stores_a_queued_log_its_file_and_an_outbox_row(athlete, block):
    data = fit_run(seconds=600, start=two_days_ago_at(7))
    result = upload(athlete, [("morning.fit", data)])
    assert result.refused == []
    [log] = result.logs
    log = fresh(log)
    assert (log.status, log.source, log.date) == (LogStatus.QUEUED, LogSource.FILE, TODAY)
    stored = ActivityFile.objects.get(log=log)
    assert (stored.name, stored.size, stored.athlete) == ("morning.fit", len(data), athlete)
    assert zlib.decompress(bytes(stored.data)) == data
    assert LogOutbox.objects.filter(log=log, relayed_at=None).count() == 1
    assert run_logs.run_log_original(log) == ("morning.fit", data)


def test_an_upload_is_read_after_commit(athlete, block, django_capture_on_commit_callbacks):
    start = two_days_ago_at(7)
    session = add_session(block, start.date(), stages=[Stage(duration_s=600, zone="easy")])
    with django_capture_on_commit_callbacks(execute=True):
        [log] = upload(athlete, [("morning.fit", fit_run(seconds=601, start=start))]).logs
    log = fresh(log)
    assert log.status == LogStatus.DONE, log.error
    assert (log.date, log.started_at, log.session) == (start.date(), start, session)
    assert log.pairing == LogPairing.SAME_DAY
    assert log.duration_s == pytest.approx(600)
    assert log.review["split_by"] == "time"
    assert log.review["series"]["t"]
    assert not LogOutbox.objects.exists()


def test_the_same_file_twice_is_refused_naming_the_day(athlete, block):
    data = fit_run(seconds=60, start=two_days_ago_at(7))
    upload(athlete, [("run.fit", data)])
    result = upload(athlete, [("again.fit", data)])
    assert result.logs == []
    [(name, why)] = result.refused
    assert name == "again.fit"
    assert why.startswith(f"This file was uploaded already, on {run_logs.day_name(TODAY)}")
    assert "run.fit" in why
    assert RunLog.objects.count() == 1


def test_a_file_that_could_not_be_read_may_be_uploaded_again(athlete, block):
    data = fit_run(seconds=60, start=two_days_ago_at(7))
    [failed] = upload(athlete, [("run.fit", data)]).logs
    RunLog.objects.filter(pk=failed.pk).update(
        status=LogStatus.FAILED, error="This file could not be read just now (5 tries)"
    )
    result = upload(athlete, [("run.fit", data)])
    assert result.refused == []
    [log] = result.logs
    assert fresh(log).status == LogStatus.QUEUED
    assert not RunLog.objects.filter(pk=failed.pk).exists()  # replaced: one run, not two
    assert ActivityFile.objects.get().log_id == log.pk


def test_the_same_file_twice_in_one_upload_is_stored_once(athlete, block):
    data = fit_run(seconds=60, start=two_days_ago_at(7))
    result = upload(athlete, [("a.fit", data), ("b.fit", data)])
    assert len(result.logs) == 1
    assert result.refused == [("b.fit", "This file is the same as a.fit, uploaded with it")]


def test_another_athlete_may_upload_the_same_file(athlete, other_athlete, block):
    data = fit_run(seconds=60, start=two_days_ago_at(7))
    upload(athlete, [("run.fit", data)])
    assert len(upload(other_athlete, [("run.fit", data)]).logs) == 1


def test_a_zip_becomes_one_log_a_member(athlete, block):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("one.fit", fit_run(seconds=60, start=two_days_ago_at(7)))
        archive.writestr("two.fit", fit_run(seconds=60, start=two_days_ago_at(18)))
        archive.writestr("notes.txt", b"hello")
        archive.writestr("empty.gpx", b"")
    result = upload(athlete, [("week.zip", buffer.getvalue())])
    assert sorted(f.name for f in ActivityFile.objects.all()) == ["one.fit", "two.fit"]
    assert len(result.logs) == 2
    assert result.refused == [
        ("notes.txt", "notes.txt is not a FIT, GPX or TCX file"),
        ("empty.gpx", "empty.gpx is empty"),
    ]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("run.docx", b"hello", "run.docx is not a FIT, GPX or TCX file (nor a zip of them)"),
        ("run.fit", b"", "run.fit is empty"),
        ("runs.zip", b"PK\x03\x04 broken", "runs.zip is not a readable zip"),
    ],
)
def test_what_is_not_an_activity_file_is_refused_before_storing(athlete, block, name, data, words):
    result = upload(athlete, [(name, data)])
    assert result.logs == []
    assert result.refused[0][0] == name and result.refused[0][1].startswith(words)
    assert not RunLog.objects.exists() and not ActivityFile.objects.exists()


def test_too_large_an_upload_is_refused_before_storing(athlete, block, monkeypatch):
    monkeypatch.setattr(run_logs, "MAX_UPLOAD_BYTES", 100)
    result = upload(athlete, [("run.fit", b"x" * 101)])
    assert result.refused == [("run.fit", "run.fit is too large (0 MB): the limit is 0 MB")]
    assert not RunLog.objects.exists()


def test_a_zip_of_too_many_files_is_refused_whole(athlete, block):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(MAX_ARCHIVE_MEMBERS + 1):
            archive.writestr(f"{n}.fit", b"x")
    [(name, why)] = upload(athlete, [("many.zip", buffer.getvalue())]).refused
    assert (name, why) == (
        "many.zip",
        f"many.zip holds 51 files: at most {MAX_ARCHIVE_MEMBERS} at once",
    )


def test_a_zip_member_too_large_once_unpacked_is_refused(athlete, block, monkeypatch):
    monkeypatch.setattr(activity_files, "MAX_UPLOAD_BYTES", 1000)  # a member is one upload
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.fit", b"\0" * 100_000)
    [(name, why)] = upload(athlete, [("runs.zip", buffer.getvalue())]).refused
    assert name == "bomb.fit" and "larger than 0 MB once unpacked" in why


def test_an_upload_for_a_session_pairs_its_first_file_by_hand(athlete, block):
    session = add_session(block, TODAY)
    result = upload(
        athlete,
        [
            ("a.fit", fit_run(seconds=60, start=two_days_ago_at(7))),
            ("b.fit", fit_run(seconds=60, start=two_days_ago_at(8))),
        ],
        session=session,
    )
    first, second = (fresh(log) for log in result.logs)
    assert (first.session, first.pairing) == (session, LogPairing.MANUAL)
    assert (second.session, second.pairing) == (None, LogPairing.UNPLANNED)


def test_an_upload_for_a_session_paired_by_hand_already_pairs_by_its_day(athlete, block):
    session = add_session(block, TODAY)
    by_hand(athlete, session)
    [log] = upload(
        athlete, [("a.fit", fit_run(seconds=60, start=two_days_ago_at(7)))], session=session
    ).logs
    assert (fresh(log).session, fresh(log).pairing) == (None, LogPairing.UNPLANNED)


def test_an_upload_for_another_athletes_session_is_refused(athlete, other_athlete, block):
    theirs = Block.objects.create(
        athlete=other_athlete, race_name="Berlin", race_date=TODAY + timedelta(weeks=8)
    )
    with pytest.raises(ValidationError, match="not on Amara Okafor's plan"):
        upload(athlete, [("a.fit", b"x")], session=add_session(theirs, TODAY))
    assert not RunLog.objects.exists()


def test_the_original_of_a_log_by_hand_does_not_exist(athlete, block):
    with pytest.raises(ActivityFile.DoesNotExist):
        run_logs.run_log_original(by_hand(athlete))


def test_a_file_logs_figures_cannot_be_edited_but_its_notes_can(athlete, block):
    [log] = upload(athlete, [("run.fit", fit_run(seconds=60, start=two_days_ago_at(7)))]).logs
    log = fresh(log)
    with pytest.raises(ValidationError) as raised:
        run_logs.run_log_update(
            log=log, by=athlete.user, version=log.version, data={"duration_s": 10}, stages=[]
        )
    assert "keeps the file's figures" in raised.value.message_dict["duration_s"][0]
    edited = run_logs.run_log_update(
        log=log,
        by=athlete.user,
        version=log.version,
        data={"notes": "windy", "rpe": 4, "date": log.date},
        stages=[],
    )
    assert (edited.notes, edited.rpe) == ("windy", 4)


def test_selectors_list_an_athletes_and_a_sessions_logs(athlete, block):
    session = add_session(block, TODAY)
    log = by_hand(athlete, session)
    old = by_hand(athlete, date=TODAY - timedelta(days=10))
    assert list(run_logs.session_logs(session)) == [fresh(log)]
    assert list(run_logs.athlete_logs(athlete)) == [fresh(log), fresh(old)]
    assert list(run_logs.athlete_logs(athlete, start=TODAY - timedelta(days=1))) == [fresh(log)]
    assert list(run_logs.athlete_logs(athlete, end=TODAY - timedelta(days=1))) == [fresh(old)]


def test_an_impossible_speed_is_told_in_the_athletes_units(athlete):
    athlete.units = "mi"
    athlete.save(update_fields=["units"])
    with pytest.raises(ValidationError) as refused:
        by_hand(athlete, distance_m=50_000, duration_s=1800)
    assert refused.value.message_dict["distance_m"] == [
        "31.07 mi in 30:00 is faster than anyone runs: check the duration and the distance."
    ]
    assert not RunLog.objects.exists()


def test_a_run_far_from_its_session_is_not_paired_with_it_by_hand(athlete, block):
    """From a session's page the athlete types the run's day: more than 3 days from the
    session's it is not that session's run (the pairing control offers the same window)."""
    session = add_session(block, TODAY - timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        by_hand(athlete, session, date=TODAY - timedelta(days=5))
    assert "at most 3 days from it" in refused.value.message_dict["date"][0]
    assert not RunLog.objects.exists()
    log = by_hand(athlete, session, date=TODAY - timedelta(days=4))
    assert fresh(log).session_id == session.pk
