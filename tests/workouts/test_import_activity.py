"""`manage.py import_activity FILE --vdot N`: the quick look at a file, saving nothing
(docs/running.md §3). Real files from the shared folder (skipped where it is absent) and
small synthetic GPX runs written to tmp_path."""

import io
import json
import math
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

ACTIVITIES = Path(__file__).parents[3] / "shared/data/activities"
FENIX = ACTIVITIES / "fit/fitparser_fenix5x_run_28min_workout_step_laps.fit"
CORRUPT = ACTIVITIES / "fit/fitparse_CORRUPT_bad_crc.fit"
real_files = pytest.mark.skipif(
    not ACTIVITIES.is_dir(), reason="the shared folder of activity files is absent"
)

# VDOT 50: easy 5:04-5:34 /km, steady 4:47-5:04 /km.
PLAN = "30min easy, 20min steady"
EASY_S_PER_KM, STEADY_S_PER_KM, SPRINT_S_PER_KM = 320, 295, 240
START = datetime(2024, 5, 4, 7, 0, tzinfo=UTC)
METRES_PER_DEGREE = 6_371_000 * math.pi / 180

ACTIVITY_KEYS = {"sport", "start", "duration_s", "moving_s", "distance_m", "avg_hr"}
STAGE_KEYS = {
    "index",
    "zone",
    "actual_s",
    "distance_m",
    "pace_s_per_km",
    "gap_s_per_km",
    "avg_hr",
    "time_in_band_s",
    "verdict",
}
FINDING_KEYS = {"code", "stage_index", "at_s", "message"}


def gpx_run(segments, *, step_s: int = 5, start: datetime = START) -> bytes:
    """A GPX run due north from (45, 6): each segment is (seconds, pace s/km, hr)."""
    points, t, north_m = [], 0, 0.0
    for seconds, pace, hr in segments:
        for _ in range(seconds // step_s):
            moment = (start + timedelta(seconds=t)).strftime("%Y-%m-%dT%H:%M:%SZ")
            lat = 45 + north_m / METRES_PER_DEGREE
            points.append(
                f'<trkpt lat="{lat:.7f}" lon="6.0"><ele>200</ele><time>{moment}</time>'
                "<extensions><gpxtpx:TrackPointExtension>"
                f"<gpxtpx:hr>{hr}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>"
            )
            t += step_s
            north_m += step_s * 1000 / pace
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><type>running</type><trkseg>{''.join(points)}</trkseg></trk></gpx>"
    ).encode()


@pytest.fixture
def clean_run(tmp_path) -> Path:
    path = tmp_path / "clean.gpx"
    path.write_bytes(gpx_run([(1800, EASY_S_PER_KM, 135), (1200, STEADY_S_PER_KM, 148)]))
    return path


def run_json(*args) -> dict:
    out = io.StringIO()
    call_command("import_activity", *map(str, args), "--json", stdout=out)
    return json.loads(out.getvalue())


def run_cli(capsys, *args) -> tuple[int, str, str]:
    """The command as a shell runs it: its exit status, stdout and stderr."""
    status = 0
    argv = ["manage.py", "import_activity", *map(str, args), "--skip-checks"]  # no database
    try:
        execute_from_command_line(argv)
    except SystemExit as exit_:
        status = exit_.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_has_exactly_the_keys_of_the_interface(clean_run):
    review = run_json(clean_run, "--vdot", "50", "--plan", PLAN)
    assert set(review) == {"activity", "session", "compliance", "split_by", "stages", "findings"}
    assert set(review["activity"]) == ACTIVITY_KEYS
    assert [set(stage) for stage in review["stages"]] == [STAGE_KEYS | {"planned_s"}] * 2
    assert all(set(finding) == FINDING_KEYS for finding in review["findings"])
    assert review["session"] is None


def test_it_reviews_a_clean_progression_against_the_vdots_paces(clean_run):
    review = run_json(clean_run, "--vdot", "50", "--plan", PLAN)
    activity = review["activity"]
    assert activity["sport"] == "running"
    assert activity["start"] == "2024-05-04T07:00:00+00:00"
    assert activity["duration_s"] == pytest.approx(3000, abs=10)
    assert activity["distance_m"] == pytest.approx(1800 / 0.320 + 1200 / 0.295, rel=0.01)
    assert activity["avg_hr"] == pytest.approx(140, abs=2)
    assert review["compliance"] == "green"
    assert review["split_by"] == "time"
    assert [stage["zone"] for stage in review["stages"]] == ["easy", "steady"]
    assert [stage["planned_s"] for stage in review["stages"]] == [1800, 1200]
    assert [stage["verdict"] for stage in review["stages"]] == ["on-target"] * 2
    assert review["stages"][0]["pace_s_per_km"] == pytest.approx(EASY_S_PER_KM, abs=2)
    assert review["findings"] == []


def test_a_distance_plan_reports_planned_metres_and_a_time_split(clean_run):
    review = run_json(clean_run, "--vdot", "50", "--plan", "5.6km easy, 4km steady")
    assert [stage["planned_m"] for stage in review["stages"]] == [5600, 4000]
    assert all("planned_s" not in stage for stage in review["stages"])
    assert review["split_by"] == "time"  # the review's "distance" split, as the interface says


def test_without_a_plan_it_reports_the_activity_only(clean_run):
    review = run_json(clean_run, "--vdot", "50")
    assert review["activity"]["moving_s"] == pytest.approx(3000, abs=10)
    assert review["stages"] == []
    assert review["findings"] == []
    assert review["split_by"] is None
    assert review["compliance"] is None


def test_findings_carry_their_code_stage_and_moment(tmp_path):
    path = tmp_path / "sprint.gpx"
    path.write_bytes(gpx_run([(1800, SPRINT_S_PER_KM, 170), (1200, SPRINT_S_PER_KM, 175)]))
    review = run_json(path, "--vdot", "50", "--plan", PLAN)
    started = [f for f in review["findings"] if f["code"] == "started-too-fast"]
    assert len(started) == 1
    assert started[0]["stage_index"] == 0
    assert started[0]["message"]
    assert review["stages"][0]["verdict"] == "too-fast"


def test_the_summary_reads_as_words(capsys, tmp_path):
    path = tmp_path / "sprint.gpx"
    path.write_bytes(gpx_run([(1800, SPRINT_S_PER_KM, 170), (1200, STEADY_S_PER_KM, 175)]))
    status, out, err = run_cli(capsys, path, "--vdot", "50", "--plan", PLAN)
    assert (status, err) == (0, "")
    assert "sprint.gpx: running on 2024-05-04 07:00 UTC, 49:55 (49:55 moving)" in out
    assert "Split by the planned times." in out
    assert " 1  easy" in out and "too-fast" in out
    assert "Findings:\n- at " in out and "(started-too-fast)" in out


def test_the_summary_without_a_plan_says_so(capsys, clean_run):
    status, out, _ = run_cli(capsys, clean_run, "--vdot", "50")
    assert status == 0
    assert "No plan given" in out


def test_lthr_gives_heart_rate_bands(clean_run):
    review = run_json(clean_run, "--vdot", "50", "--plan", PLAN, "--lthr", "170")
    assert [stage["time_in_band_s"] is not None for stage in review["stages"]] == [True] * 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--vdot", "12"], "--vdot must be between 15 and 95, not 12."),
        (["--vdot", "50", "--plan", "30min easy, 20 steady"], "--plan cannot be read:"),
        (["--vdot", "50", "--lthr", "40"], "--lthr must be between 80 and 230 bpm, not 40."),
    ],
)
def test_bad_arguments_exit_2_with_a_specific_message(capsys, clean_run, args, message):
    status, out, err = run_cli(capsys, clean_run, *args)
    assert status == 2
    assert message in err
    assert out == ""


def test_a_missing_file_exits_2(capsys, tmp_path):
    status, _, err = run_cli(capsys, tmp_path / "nothing.fit", "--vdot", "50")
    assert status == 2
    assert "nothing.fit cannot be read" in err


def test_a_refused_file_raises_with_returncode_2(tmp_path):
    path = tmp_path / "ride.gpx"
    path.write_bytes(gpx_run([(600, 150, 140)]).replace(b">running<", b">cycling<"))
    with pytest.raises(CommandError, match="cycling") as raised:
        call_command("import_activity", str(path), "--vdot", "50")
    assert raised.value.returncode == 2


@real_files
def test_a_corrupt_file_exits_2_with_its_reason_on_stderr(capsys):
    status, out, err = run_cli(capsys, CORRUPT, "--vdot", "50", "--json")
    assert status == 2
    assert "This FIT file is damaged (its checksum does not match)" in err
    assert out == ""


@real_files
def test_the_fenix5x_run_with_its_workout_splits_by_its_steps():
    """Warm-up, 6 x (1 km, 1 min), cool-down: the watch's steps, written out as a plan."""
    plan = ", ".join(["1s easy", *["1km threshold", "1min recovery"] * 6, "10min easy"])
    review = run_json(FENIX, "--vdot", "50", "--plan", plan)
    assert review["split_by"] == "workout-steps"
    assert len(review["stages"]) == 14
    assert review["stages"][1]["planned_m"] == 1000
    assert review["stages"][1]["distance_m"] == pytest.approx(1000, abs=20)
    assert review["activity"]["distance_m"] == pytest.approx(5380, rel=0.01)
    assert all(stage["verdict"] is None for stage in review["stages"])  # not a progression


def test_a_zip_reviews_each_member_and_exits_2_for_a_refused_one(capsys, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("good.gpx", gpx_run([(1800, EASY_S_PER_KM, 135)]))
        archive.writestr("notes.txt", b"not a run")
    path = tmp_path / "runs.zip"
    path.write_bytes(buffer.getvalue())
    status, out, err = run_cli(capsys, path, "--vdot", "50", "--plan", "30min easy", "--json")
    assert status == 2
    members = json.loads(out)
    assert [member["file"] for member in members] == ["good.gpx", "notes.txt"]
    assert members[0]["review"]["stages"][0]["verdict"] == "on-target"
    assert "is not a FIT, GPX or TCX file" in members[1]["error"]
    assert "notes.txt: notes.txt is not a FIT, GPX or TCX file" in err


# -- --athlete: saved as the athlete's log (docs/running.md §3.11) ----------------------------


def recent_gpx(tmp_path, name="recent.gpx", days_ago=2) -> Path:
    """A clean progression run `days_ago` at 07:00 UTC, as a GPX file."""
    start = (datetime.now(UTC) - timedelta(days=days_ago)).replace(
        hour=7, minute=0, second=0, microsecond=0
    )
    path = tmp_path / name
    path.write_bytes(
        gpx_run([(1800, EASY_S_PER_KM, 135), (1200, STEADY_S_PER_KM, 148)], start=start)
    )
    return path


@pytest.fixture
def planned(athlete):
    """A block with a "30min easy, 20min steady" session two days ago; VDOT 50 paces."""
    from tests.workouts.test_run_logs import add_session, make_block
    from workouts.progression import Stage

    day = (datetime.now(UTC) - timedelta(days=2)).date()
    return add_session(
        make_block(athlete),
        day,
        stages=[Stage(duration_s=1800, zone="easy"), Stage(duration_s=1200, zone="steady")],
    )


def test_with_athlete_it_saves_the_log_reviewed_against_its_session(athlete, planned, tmp_path):
    from workouts.models import LogStatus, RunLog

    review = run_json(recent_gpx(tmp_path), "--athlete", "RUNNER@example.com")
    assert set(review) == {"activity", "session", "compliance", "split_by", "stages", "findings"}
    assert review["session"] == planned.pk
    assert review["compliance"] == "green" and review["split_by"] == "time"
    assert [stage["verdict"] for stage in review["stages"]] == ["on-target"] * 2
    assert [set(stage) for stage in review["stages"]] == [STAGE_KEYS | {"planned_s"}] * 2
    assert set(review["activity"]) == ACTIVITY_KEYS
    assert review["activity"]["duration_s"] == pytest.approx(3000, abs=10)
    [log] = RunLog.objects.all()
    assert (log.athlete, log.session, log.status) == (athlete, planned, LogStatus.DONE)
    assert log.logged_by is None
    assert log.file.name == "recent.gpx"


def test_with_a_session_it_is_paired_by_hand(athlete, planned, tmp_path):
    from workouts.models import LogPairing, RunLog

    path = recent_gpx(tmp_path, days_ago=5)  # not the session's day
    review = run_json(path, "--athlete", athlete.email, "--session", planned.pk)
    assert review["session"] == planned.pk
    assert RunLog.objects.get().pairing == LogPairing.MANUAL


def test_with_athlete_a_run_not_planned_reports_its_figures(athlete, tmp_path):
    review = run_json(recent_gpx(tmp_path), "--athlete", athlete.email)
    assert (review["session"], review["split_by"], review["stages"]) == (None, None, [])
    assert review["activity"]["distance_m"] == pytest.approx(9693, rel=0.01)


def test_with_athlete_the_summary_reads_as_words(athlete, planned, tmp_path):
    out = io.StringIO()
    call_command(
        "import_activity", str(recent_gpx(tmp_path)), "--athlete", athlete.email, stdout=out
    )
    text = out.getvalue()
    assert "recent.gpx: saved as Amara Okafor's run of" in text
    assert "Paired with: Progression run on" in text
    assert "Split by the planned times." in text


def test_with_athlete_the_same_file_twice_is_refused(athlete, tmp_path):
    path = recent_gpx(tmp_path)
    run_json(path, "--athlete", athlete.email)
    with pytest.raises(CommandError, match="This file was uploaded already, on") as raised:
        run_json(path, "--athlete", athlete.email)
    assert raised.value.returncode == 2


def test_with_athlete_a_refused_file_saves_nothing(athlete, tmp_path):
    from workouts.models import RunLog

    path = tmp_path / "ride.gpx"
    path.write_bytes(recent_gpx(tmp_path).read_bytes().replace(b">running<", b">cycling<"))
    with pytest.raises(CommandError, match='sport is "cycling", not running') as raised:
        call_command("import_activity", str(path), "--athlete", athlete.email)
    assert raised.value.returncode == 2
    assert not RunLog.objects.exists()


def test_with_athlete_a_zip_saves_each_member_and_reports_the_refused(athlete, tmp_path):
    from workouts.models import RunLog

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("good.gpx", recent_gpx(tmp_path).read_bytes())
        archive.writestr("notes.txt", b"not a run")
    path = tmp_path / "runs.zip"
    path.write_bytes(buffer.getvalue())
    out = io.StringIO()
    with pytest.raises(CommandError, match="notes.txt: notes.txt is not a FIT, GPX or TCX"):
        call_command("import_activity", str(path), "--athlete", athlete.email, "--json", stdout=out)
    members = json.loads(out.getvalue())
    assert [m["file"] for m in members] == ["notes.txt", "good.gpx"]
    assert members[1]["review"]["activity"]["sport"] == "running"
    assert RunLog.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--athlete", "nobody@example.com"], "No athlete has the email nobody@example.com."),
        (["--athlete", "runner@example.com", "--session", "999"], "There is no session 999"),
        (["--athlete", "runner@example.com", "--plan", "30min easy"], "--plan and --lthr go"),
        (["--vdot", "50", "--session", "3"], "--session goes with --athlete."),
    ],
)
def test_with_athlete_bad_arguments_are_refused(athlete, tmp_path, args, message):
    with pytest.raises(CommandError) as raised:
        call_command("import_activity", str(recent_gpx(tmp_path)), *args)
    assert message in str(raised.value)
    assert raised.value.returncode == 2


def test_with_athlete_a_rest_day_session_is_refused(athlete, tmp_path):
    from tests.workouts.test_run_logs import add_session, make_block
    from workouts.models import SessionKind

    rest = add_session(make_block(athlete), today_utc(), kind=SessionKind.REST, stages=())
    with pytest.raises(CommandError, match="A rest day has no run to pair with"):
        call_command(
            "import_activity",
            str(recent_gpx(tmp_path)),
            "--athlete",
            athlete.email,
            "--session",
            str(rest.pk),
        )


def today_utc():
    return datetime.now(UTC).date()


def test_an_email_two_coaches_share_is_refused_naming_them(athlete, other_coach, tmp_path):
    from athletes.models import Athlete

    Athlete.objects.create(coach=other_coach, first_name="Amara", email="runner@example.com")
    with pytest.raises(CommandError, match="2 athletes have the email runner@example.com"):
        call_command("import_activity", str(recent_gpx(tmp_path)), "--athlete", athlete.email)


def test_exactly_one_of_athlete_and_vdot(capsys, clean_run):
    status, _, err = run_cli(capsys, clean_run)
    assert status == 2
    assert "one of the arguments --athlete --vdot is required" in err
    status, _, err = run_cli(capsys, clean_run, "--vdot", "50", "--athlete", "a@example.com")
    assert status == 2
    assert "not allowed with argument" in err
