"""Reading activity files (docs/running.md §3.8): the real files beside the project, and
hostile or exact inputs built here."""

import gzip
import io
import math
import struct
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from garmin_fit_sdk import CrcCalculator, Encoder, Profile

from workouts import activity_files
from workouts.activity_files import ActivityFileRefused, read_activity, read_archive

FOLDER = Path(__file__).parents[3] / "shared" / "data" / "activities"
NOW = datetime(2026, 1, 1, tzinfo=UTC)

# file: (timer s, distance m) as the device (or the README) gives them, or the refusal's words.
EXPECTED: dict[str, tuple[float | None, float | None] | str] = {
    "fit/fitparse_fenix2_run_47min.fit": (47 * 60 + 12, 9010),
    "fit/fitparse_fr110_run_44min.fit": (43 * 60 + 45, 4840),
    "fit/fitparse_fenix5_run_57s.fit": (57, 157.6),
    "fit/fitparse_fr70_run_63min_compressed_ts_no_gps.fit": (3772.75, 10250),
    "fit/fitparse_CORRUPT_bad_crc.fit": "checksum does not match",
    "fit/fitparse_CORRUPT_truncated_eof.fit": "The file ends early",
    "fit/fitparse_CORRUPT_chained_bad_second_header.fit": "a second part follows that is not FIT",
    "fit/fitparse_ODD_strava_android_run_undefined_local_msg.fit": "The file ends early",
    "fit/fitparse_fr920xt_triathlon_multisession.fit": (47 * 60 + 31, 9810),
    "fit/fitparse_fenix5_walk_46s.fit": "This is a walking activity",
    "fit/fitparse_ODD_coros_pace2_cycling_misaligned_fields.fit": "This is a cycling activity",
    "fit/sportslib_fr945_treadmill_run_52min_6860622783.fit": (51 * 60 + 38, 10630),
    "fit/sportslib_suunto9baro_trail_run_36min_6909950168.fit": (36 * 60 + 1, 6460),
    "fit/sportslib_suunto9_run_5h40_no_hr_6914448270.fit": (5 * 3600 + 40 * 60 + 19, 49900),
    "fit/sportslib_vivoactivehr_run_47min_2067489619.fit": (47 * 60, 4490),
    "fit/sportslib_CORRUPT_empty_activities.fit": "checksum does not match",
    "fit/tormoder_fr920xt_run_1h54_devfields_mornindew.fit": (6856, 16770),
    "fit/fitparser_fenix5x_run_28min_workout_step_laps.fit": (28 * 60 + 1, 5380),
    "gpx/sportslib_strava_android_run_33min_1681613317.gpx": (32 * 60 + 38, 4590),
    "gpx/sportslib_garminconnect_run_47min_2067489619.gpx": (46 * 60 + 58, 4400),
    "gpx/sportslib_ODD_bom_unbound_prefix_6037744996.gpx": (None, None),
    "gpx/sportslib_mytrails_6h30_two_segments_no_hr_6909258631.gpx": (
        6 * 3600 + 30 * 60 + 22,
        40880,
    ),
    "gpx/gpxpy_ODD_track_with_empty_segment.gpx": (76, 86),
    "gpx/gpxpy_ODD_without_times.gpx": "This GPX has no times",
    "tcx/tcxparser_fr410_run_33min.tcx": (33 * 60 + 11, 4690),
    "tcx/tcxparser_fr410_run_33min_no_hr.tcx": (33 * 60 + 11, 4690),
    "tcx/sportslib_ODD_fr945_treadmill_trackpoints_without_position_6860622783.tcx": (
        51 * 60 + 38,
        10630,
    ),
    "tcx/sportslib_ODD_leading_whitespace_before_xmldecl_6281425038.tcx": (None, None),
    "tcx/tcxreader_vivoactivehr_sport_other_xc_skiing.tcx": 'sport is "Other", not running',
}

needs_folder = pytest.mark.skipif(
    not FOLDER.is_dir(), reason="the shared folder of activity files is absent"
)


def read(relative: str):
    path = FOLDER / relative
    return read_activity(path.read_bytes(), path.name, now=NOW)


def timer_s(recording) -> float:
    if recording.summary.timer_s is not None:
        return recording.summary.timer_s
    return recording.elapsed_s - recording.paused_s


def distance_m(recording) -> float:
    distances = [s.distance_m for s in recording.samples if s.distance_m is not None]
    return distances[-1] - distances[0]


@needs_folder
def test_the_table_names_every_file_in_the_folder():
    on_disk = {str(p.relative_to(FOLDER)) for p in FOLDER.glob("*/*") if p.is_file()}
    assert on_disk == set(EXPECTED)


@needs_folder
@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_it_reads_or_refuses_every_real_file(relative):
    expected = EXPECTED[relative]
    if isinstance(expected, str):
        with pytest.raises(ActivityFileRefused, match=expected):
            read(relative)
        return
    recording = read(relative)
    assert recording.sport == "running"
    assert len(recording.samples) > 5
    want_timer, want_distance = expected
    if want_timer is not None:
        assert timer_s(recording) == pytest.approx(want_timer, rel=0.01)
        # the samples agree with the device's own total, less the timer's pauses
        if recording.file_format == "fit":
            measured = recording.elapsed_s - recording.paused_s
            assert measured == pytest.approx(want_timer, rel=0.01)
    if want_distance is not None:
        assert distance_m(recording) == pytest.approx(want_distance, rel=0.01)
    if recording.summary.distance_m is not None and want_distance is not None:
        assert recording.summary.distance_m == pytest.approx(want_distance, rel=0.01)


@needs_folder
def test_it_reads_the_fenix5x_laps_with_their_workout_steps():
    recording = read("fit/fitparser_fenix5x_run_28min_workout_step_laps.fit")
    assert len(recording.laps) == 14
    assert sorted({lap.workout_step_index for lap in recording.laps}) == [0, 1, 2, 4]
    assert recording.laps[0].trigger == "manual"
    assert recording.laps[0].end_s - recording.laps[0].start_s == pytest.approx(1, abs=1)
    assert recording.laps[-1].trigger == "session_end"
    assert recording.device == "garmin fenix5x"
    assert recording.samples[100].cadence_spm == 169  # 84.5 strides a minute, doubled
    assert recording.samples[100].lat == pytest.approx(59.6, abs=0.1)


@needs_folder
def test_it_keeps_only_the_run_of_a_triathlon():
    recording = read("fit/fitparse_fr920xt_triathlon_multisession.fit")
    assert recording.summary.timer_s == pytest.approx(2850.694)
    assert recording.elapsed_s <= 2851
    assert recording.samples[0].t_s >= 0
    assert len(recording.laps) == 1


@needs_folder
def test_it_reads_treadmill_and_timer_pauses():
    recording = read("fit/sportslib_fr945_treadmill_run_52min_6860622783.fit")
    assert recording.is_treadmill
    assert len(recording.pauses) == 3
    assert all(s.lat is None for s in recording.samples)
    tcx = read("tcx/sportslib_ODD_fr945_treadmill_trackpoints_without_position_6860622783.tcx")
    assert len(tcx.samples) == 3101  # none dropped for want of a position
    assert tcx.samples[500].hr_bpm is not None


@needs_folder
def test_compressed_timestamps_have_no_start_date():
    recording = read("fit/fitparse_fr70_run_63min_compressed_ts_no_gps.fit")
    assert recording.start is None
    assert len(recording.laps) == 11
    assert len(recording.pauses) == 1


@needs_folder
def test_it_reads_the_gpx_with_an_unbound_prefix_and_a_bom():
    recording = read("gpx/sportslib_ODD_bom_unbound_prefix_6037744996.gpx")
    assert recording.distance_source == "track"
    assert recording.samples[0].cadence_spm == 86
    assert recording.start == datetime(2020, 12, 25, 20, 40, 26, tzinfo=UTC)


@needs_folder
def test_a_gzipped_real_file_reads_as_the_file():
    path = FOLDER / "fit/fitparse_fenix5_run_57s.fit"
    plain = read_activity(path.read_bytes(), "run.fit", now=NOW)
    assert read_activity(gzip.compress(path.read_bytes()), "run.fit.gz", now=NOW) == plain


@needs_folder
def test_a_zip_of_real_files_reads_each():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("__MACOSX/._run.fit", b"junk")
        archive.writestr("folder/", b"")
        for name in ("fit/fitparse_fenix5_run_57s.fit", "fit/fitparse_fenix5_walk_46s.fit"):
            archive.writestr(Path(name).name, (FOLDER / name).read_bytes())
    results = read_archive(buffer.getvalue(), "runs.zip", now=NOW)
    assert [name for name, _ in results] == [
        "fitparse_fenix5_run_57s.fit",
        "fitparse_fenix5_walk_46s.fit",
    ]
    assert results[0][1].sport == "running"
    assert "walking" in str(results[1][1])


# --- files built here ---------------------------------------------------------------------

T0 = datetime(2025, 6, 1, 7, 0, tzinfo=UTC)
MESG = Profile["mesg_num"]


def fit_run(
    *, sport="running", seconds=10, start=T0, stop_at=None, extra_session=None, events=()
) -> bytes:
    """A small FIT activity: 1 Hz records, one lap on step 0, a pause, a session; `events`
    are more event messages (dicts without mesg_num and timestamp: at second 1)."""
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": MESG["FILE_ID"],
            "type": "activity",
            "manufacturer": "development",
            "product": 7,
            "time_created": start,
        }
    )

    def at(s):
        return datetime.fromtimestamp(start.timestamp() + s, UTC)

    encoder.write_mesg(
        {"mesg_num": MESG["EVENT"], "timestamp": at(0), "event": "timer", "event_type": "start"}
    )
    for event in events:
        encoder.write_mesg({"mesg_num": MESG["EVENT"], "timestamp": at(1)} | event)
    for s in range(seconds):
        encoder.write_mesg(
            {
                "mesg_num": MESG["RECORD"],
                "timestamp": at(s),
                "distance": 3.0 * s,
                "speed": 3.0,
                "heart_rate": 150,
                "cadence": 88,
                "position_lat": int(45 / 180 * 2**31),
                "position_long": int(6 / 180 * 2**31),
            }
        )
    if stop_at is not None:
        encoder.write_mesg(
            {
                "mesg_num": MESG["EVENT"],
                "timestamp": at(stop_at),
                "event": "timer",
                "event_type": "stop_all",
            }
        )
        encoder.write_mesg(
            {
                "mesg_num": MESG["EVENT"],
                "timestamp": at(stop_at + 2),
                "event": "timer",
                "event_type": "start",
            }
        )
    encoder.write_mesg(
        {
            "mesg_num": MESG["LAP"],
            "timestamp": at(seconds - 1),
            "start_time": at(0),
            "lap_trigger": "manual",
            "wkt_step_index": 0,
            "total_distance": 3.0 * (seconds - 1),
        }
    )
    sessions = [(sport, 0, seconds - 1)] + ([extra_session] if extra_session else [])
    for name, begin, length in sessions:
        encoder.write_mesg(
            {
                "mesg_num": MESG["SESSION"],
                "timestamp": at(begin + length),
                "start_time": at(begin),
                "sport": name,
                "sub_sport": "track",
                "total_elapsed_time": float(length),
                "total_timer_time": float(length),
                "total_distance": 3.0 * length,
                "avg_heart_rate": 150,
            }
        )
    return encoder.close()


def test_it_reads_a_fit_file_exactly():
    recording = read_activity(fit_run(stop_at=4), "run.fit", now=NOW)
    assert recording.file_format == "fit"
    assert recording.sub_sport == "track"
    assert recording.start == T0
    assert [s.t_s for s in recording.samples] == list(range(10))
    first = recording.samples[1]
    assert (first.distance_m, first.speed_mps, first.hr_bpm, first.cadence_spm) == (3, 3, 150, 176)
    assert first.lat == pytest.approx(45) and first.lon == pytest.approx(6)
    assert recording.laps[0].workout_step_index == 0
    assert recording.laps[0].trigger == "manual"
    assert [(p.start_s, p.end_s) for p in recording.pauses] == [(4, 6)]
    assert recording.summary.distance_m == 27
    assert recording.device == "development 7"


def test_a_fit_session_without_sport_is_a_run():
    recording = read_activity(fit_run(sport=None), "run.fit", now=NOW)
    assert recording.sport == "running"


def test_a_multi_sport_file_keeps_its_longest_run():
    data = fit_run(seconds=30, extra_session=("cycling", 0, 10))
    recording = read_activity(data, "brick.fit", now=NOW)
    assert recording.summary.timer_s == 29


def test_a_future_run_is_refused():
    data = fit_run(start=datetime(2030, 1, 1, tzinfo=UTC))
    with pytest.raises(ActivityFileRefused, match="ends in the future"):
        read_activity(data, "run.fit", now=NOW)


def test_a_run_dated_before_any_gps_watch_is_refused():
    old = tcx().replace(b"2025-06-01", b"0001-01-01")  # a clock never set; a year-1 date
    with pytest.raises(ActivityFileRefused, match="starts in 1, before any GPS watch"):
        read_activity(old, "run.tcx", now=NOW)


def test_another_sport_is_refused_by_name():
    with pytest.raises(ActivityFileRefused, match="This is a cross country skiing activity"):
        read_activity(fit_run(sport="cross_country_skiing"), "ski.fit", now=NOW)


def with_crc(body: bytes) -> bytes:
    return body + struct.pack("<H", CrcCalculator.calculate_crc(bytearray(body), 0, len(body)))


def test_a_bad_header_checksum_is_refused():
    data = bytearray(fit_run())
    data[12:14] = b"\x01\x02"
    data = with_crc(bytes(data[:-2]))
    with pytest.raises(ActivityFileRefused, match="header checksum"):
        read_activity(data, "run.fit", now=NOW)


def test_a_zero_header_checksum_means_not_computed():
    data = bytearray(fit_run())
    data[12:14] = b"\x00\x00"
    recording = read_activity(with_crc(bytes(data[:-2])), "run.fit", now=NOW)
    assert len(recording.samples) == 10


def test_a_fit_file_the_sdk_cannot_decode_is_refused():
    data = bytearray(fit_run())
    data[14] = 0x05  # a data message of a local type never defined, CRC made right again
    with pytest.raises(ActivityFileRefused, match="cannot be read: .*Invalid local message"):
        read_activity(with_crc(bytes(data[:-2])), "run.fit", now=NOW)


def test_a_fit_file_fitdecode_cannot_decode_is_refused(monkeypatch):
    monkeypatch.setattr(activity_files, "_decode_fit", activity_files._decode_fit_strict)
    data = bytearray(fit_run())
    data[40:48] = b"\xff" * 8
    with pytest.raises(ActivityFileRefused, match="cannot be read"):
        read_activity(with_crc(bytes(data[:-2])), "run.fit", now=NOW)


def test_fitdecode_reads_what_the_sdk_reads(monkeypatch):
    data = fit_run(stop_at=4)
    by_sdk = read_activity(data, "run.fit", now=NOW)
    monkeypatch.setattr(activity_files, "_decode_fit", activity_files._decode_fit_strict)
    assert read_activity(data, "run.fit", now=NOW) == by_sdk


def test_a_fit_file_without_session_reads_as_a_run():
    encoder = Encoder()
    encoder.write_mesg({"mesg_num": MESG["FILE_ID"], "type": "activity", "manufacturer": "garmin"})
    for s in range(3):
        encoder.write_mesg(
            {
                "mesg_num": MESG["RECORD"],
                "timestamp": datetime.fromtimestamp(T0.timestamp() + s, UTC),
                "heart_rate": 140,
            }
        )
    encoder.write_mesg(
        {"mesg_num": MESG["EVENT"], "timestamp": T0, "event": "timer", "event_type": "stop_all"}
    )
    encoder.write_mesg(
        {"mesg_num": MESG["EVENT"], "timestamp": T0, "event": "timer", "event_type": "start"}
    )
    recording = read_activity(encoder.close(), "run.fit", now=NOW)
    assert recording.summary.timer_s is None
    assert recording.pauses == ()
    assert recording.device == "garmin"
    assert recording.samples[0].cadence_spm is None


def test_too_many_fit_records_are_refused(monkeypatch):
    monkeypatch.setattr(activity_files, "MAX_POINTS", 5)
    with pytest.raises(ActivityFileRefused, match="more than 5 points"):
        read_activity(fit_run(), "run.fit", now=NOW)


def gpx(points: str, *, kind: str = "", head: str = "") -> bytes:
    kind_tag = f"<type>{kind}</type>" if kind else ""
    return (
        f'{head}<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk>{kind_tag}<trkseg>{points}</trkseg></trk></gpx>"
    ).encode()


def trkpt(second: int, lat="45.0", lon="6.0", hr: int | None = 150) -> str:
    extension = (
        f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{hr}</gpxtpx:hr><gpxtpx:cad>85</gpxtpx:cad>"
        "</gpxtpx:TrackPointExtension></extensions>"
        if hr
        else ""
    )
    return (
        f'<trkpt lat="{lat}" lon="{lon}"><ele>100</ele>'
        f"<time>2025-06-01T07:00:{second:02d}Z</time>{extension}</trkpt>"
    )


def test_it_reads_a_gpx_exactly():
    points = (
        trkpt(0) + trkpt(10, lat="45.001") + trkpt(5, lat="45.0005")
    )  # the last is out of order
    recording = read_activity(gpx(points, kind="running", head="\ufeff  "), "run.gpx", now=NOW)
    assert recording.file_format == "gpx"
    assert [s.t_s for s in recording.samples] == [0, 10]
    assert recording.samples[1].distance_m == pytest.approx(111.2, abs=0.2)
    assert (recording.samples[1].hr_bpm, recording.samples[1].cadence_spm) == (150, 170)
    assert recording.start == T0


def test_a_gpx_point_without_time_is_dropped():
    points = trkpt(0) + '<trkpt lat="45" lon="6"></trkpt>' + trkpt(1) + trkpt(2)
    assert len(read_activity(gpx(points), "run.gpx", now=NOW).samples) == 3


def test_a_gpx_time_without_zone_is_utc():
    points = trkpt(0).replace("Z<", "<") + trkpt(1).replace("Z<", "<")
    assert read_activity(gpx(points), "run.gpx", now=NOW).start == T0


def test_a_gpx_without_track_points_is_refused():
    data = gpx("").replace(b"<trk><trkseg></trkseg></trk>", b'<wpt lat="45" lon="6"/>')
    with pytest.raises(ActivityFileRefused, match="no track points"):
        read_activity(data, "route.gpx", now=NOW)


def test_nan_and_out_of_range_coordinates_are_dropped_not_the_sample():
    points = trkpt(0) + trkpt(1, lat="nan") + trkpt(2, lat="95", hr=None) + trkpt(3)
    recording = read_activity(gpx(points), "run.gpx", now=NOW)
    assert [s.lat for s in recording.samples] == [45.0, None, None, 45.0]
    assert recording.samples[3].distance_m == 0
    assert recording.samples[2].hr_bpm is None


def test_a_gpx_of_two_segments_has_the_gap_as_a_pause():
    data = gpx(trkpt(0) + trkpt(5) + "</trkseg><trkseg>" + trkpt(30) + trkpt(35))
    recording = read_activity(data, "run.gpx", now=NOW)
    assert [(p.start_s, p.end_s) for p in recording.pauses] == [(5, 30)]


@pytest.mark.parametrize(
    ("kind", "words"), [("1", "This is a cycling activity"), ("Kayak", 'sport is "kayak"')]
)
def test_a_gpx_of_another_sport_is_refused(kind, words):
    with pytest.raises(ActivityFileRefused, match=words):
        read_activity(gpx(trkpt(0) + trkpt(1), kind=kind), "ride.gpx", now=NOW)


def test_a_gpx_without_times_is_refused():
    data = gpx('<trkpt lat="45" lon="6"></trkpt>' * 3 + trkpt(0))
    with pytest.raises(
        ActivityFileRefused, match=r"This GPX has no times on most of its points \(1 of 4\)"
    ):
        read_activity(data, "run.gpx", now=NOW)


def test_too_many_gpx_points_are_refused(monkeypatch):
    monkeypatch.setattr(activity_files, "MAX_POINTS", 2)
    with pytest.raises(ActivityFileRefused, match="more than 2 points"):
        read_activity(gpx(trkpt(0) + trkpt(1) + trkpt(2)), "run.gpx", now=NOW)


def test_a_gpx_gpxpy_cannot_read_is_refused():
    data = b'<?xml version="1.0"?><gpx version="1.1"><trk><trkseg><trkpt lat="x" lon="6"/></trkseg></trk></gpx>'
    with pytest.raises(ActivityFileRefused, match="This GPX cannot be read"):
        read_activity(data, "run.gpx", now=NOW)


def test_an_unbound_prefix_is_declared_and_read():
    data = gpx(trkpt(0).replace("<ele>", "<odd:x>1</odd:x><ele>") + trkpt(1))
    recording = read_activity(data, "run.gpx", now=NOW)
    assert len(recording.samples) == 2


def test_xml_that_is_not_well_formed_is_refused():
    with pytest.raises(ActivityFileRefused, match="not well-formed XML"):
        read_activity(b"<gpx><trk></gpx>", "run.gpx", now=NOW)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<gpx version="1.1"><trk><name>&lol2;</name></trk></gpx>"""


def test_xml_with_entities_is_refused():
    with pytest.raises(ActivityFileRefused, match="DTD or entities"):
        read_activity(BILLION_LAUGHS, "run.gpx", now=NOW)


TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
TPX = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"


def tcx(*, sport="Running", laps: str | None = None) -> bytes:
    point = (
        "<Trackpoint><Time>2025-06-01T07:00:{s:02d}Z</Time>"
        "<Position><LatitudeDegrees>45</LatitudeDegrees><LongitudeDegrees>6</LongitudeDegrees></Position>"
        "<AltitudeMeters>100</AltitudeMeters><DistanceMeters>{d}</DistanceMeters>"
        "<HeartRateBpm><Value>150</Value></HeartRateBpm>"
        '<Extensions><TPX xmlns="'
        + TPX
        + '"><Speed>3.0</Speed><RunCadence>86</RunCadence></TPX></Extensions>'
        "</Trackpoint>"
    )
    track = (
        "".join(point.format(s=s, d=3 * s) for s in range(5))
        + "<Trackpoint><Time>bad</Time></Trackpoint>"
    )
    if laps is None:
        laps = (
            '<Lap StartTime="2025-06-01T07:00:00Z"><TotalTimeSeconds>4</TotalTimeSeconds>'
            "<DistanceMeters>12</DistanceMeters><AverageHeartRateBpm><Value>150</Value></AverageHeartRateBpm>"
            f"<TriggerMethod>Manual</TriggerMethod><Track>{track}</Track></Lap>"
        )
    return (
        f'<?xml version="1.0"?><TrainingCenterDatabase xmlns="{TCX_NS}"><Activities>'
        f'<Activity Sport="{sport}"><Id>2025-06-01T07:00:00Z</Id>{laps}'
        "<Creator><Name>Forerunner</Name></Creator></Activity></Activities></TrainingCenterDatabase>"
    ).encode()


def test_it_reads_a_tcx_exactly():
    recording = read_activity(tcx(), "run.tcx", now=NOW)
    assert recording.file_format == "tcx"
    assert [s.t_s for s in recording.samples] == [0, 1, 2, 3, 4]
    sample = recording.samples[2]
    assert (sample.distance_m, sample.speed_mps, sample.hr_bpm, sample.cadence_spm) == (
        6,
        3,
        150,
        172,
    )
    assert (sample.lat, sample.lon, sample.elevation_m) == (45, 6, 100)
    assert recording.laps[0].trigger == "manual"
    assert recording.summary.timer_s == 4 and recording.summary.avg_hr_bpm == 150
    assert recording.device == "Forerunner"


def test_a_tcx_lap_without_start_or_totals_still_gives_its_points():
    laps = "<Lap><Track><Trackpoint><Time>2025-06-01T07:00:00</Time><Extensions/></Trackpoint></Track></Lap>"
    recording = read_activity(tcx(laps=laps), "run.tcx", now=NOW)
    assert recording.laps == () and recording.summary.timer_s is None
    assert recording.start == T0


def test_a_tcx_of_another_sport_is_refused_naming_it():
    with pytest.raises(ActivityFileRefused, match='sport is "Biking", not running'):
        read_activity(tcx(sport="Biking"), "ride.tcx", now=NOW)


def test_a_tcx_without_activity_is_refused():
    data = (
        f'<TrainingCenterDatabase xmlns="{TCX_NS}"><Activities/></TrainingCenterDatabase>'.encode()
    )
    with pytest.raises(ActivityFileRefused, match="holds no activity"):
        read_activity(data, "run.tcx", now=NOW)


def test_too_many_tcx_points_are_refused(monkeypatch):
    monkeypatch.setattr(activity_files, "MAX_POINTS", 2)
    with pytest.raises(ActivityFileRefused, match="more than 2 points"):
        read_activity(tcx(), "run.tcx", now=NOW)


def test_a_tcx_with_no_usable_points_is_refused():
    with pytest.raises(ActivityFileRefused, match="no usable points"):
        read_activity(tcx(laps="<Lap/>"), "run.tcx", now=NOW)


def test_too_many_points_after_reading_are_refused(monkeypatch):
    monkeypatch.setattr(activity_files, "MAX_POINTS", 3)
    reading = activity_files._Reading(
        "gpx", "running", points=[activity_files._Point(float(s)) for s in range(4)]
    )
    with pytest.raises(ActivityFileRefused, match="more than 3 points"):
        activity_files._finish(reading, now=NOW)


def test_impossible_values_are_dropped():
    point = activity_files._Point(
        0.0, distance_m=-1, speed_mps=40, hr_bpm=400, elevation_m=math.inf, cadence_spm=0
    )
    cleaned = activity_files._clean(point)
    assert (
        cleaned.distance_m,
        cleaned.speed_mps,
        cleaned.hr_bpm,
        cleaned.elevation_m,
        cleaned.cadence_spm,
    ) == (
        None,
        None,
        None,
        None,
        None,
    )
    nan_time = activity_files._Reading("gpx", "running", points=[activity_files._Point(math.nan)])
    with pytest.raises(ActivityFileRefused, match="no usable points"):
        activity_files._finish(nan_time, now=NOW)


# --- names, contents, compression, caps ----------------------------------------------------


def test_a_gpx_holding_fit_bytes_is_refused():
    with pytest.raises(
        ActivityFileRefused, match=r"not what its name says \(.gpx holding a FIT file\)"
    ):
        read_activity(fit_run(), "run.gpx", now=NOW)


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"hello", "notes.txt", "notes.txt is not a FIT, GPX or TCX file"),
        (b"hello", "run.fit", "its content is none of them"),
        (b"<html></html>", "run.tcx", "its content is none of them"),
        (b"hello", "run.fit.gz", "is not gzip-compressed"),
        (b"PK\x03\x04rest", "runs.fit", "is a zip"),
        (b"\x1f\x8bnot really", "run.fit.gz", "damaged gzip file"),
    ],
)
def test_it_refuses_what_is_not_an_activity_file(data, name, words):
    with pytest.raises(ActivityFileRefused, match=words):
        read_activity(data, name, now=NOW)


def test_an_upload_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(activity_files, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(ActivityFileRefused, match="too large"):
        read_activity(b"x" * 101, "run.fit", now=NOW)
    with pytest.raises(ActivityFileRefused, match="too large"):
        read_archive(b"x" * 101, "runs.zip", now=NOW)


def test_a_gzip_bomb_is_refused_without_unpacking_it_all():
    bomb = gzip.compress(
        b"\0" * (activity_files.MAX_DECOMPRESSED_BYTES + 1024 * 1024), compresslevel=9
    )
    assert len(bomb) < 200_000
    with pytest.raises(ActivityFileRefused, match="larger than 100 MB once decompressed"):
        read_activity(bomb, "run.fit.gz", now=NOW)


def test_a_gzip_reads_without_trusting_its_trailer():
    data = bytearray(gzip.compress(fit_run()))
    data[-4:] = struct.pack("<I", 1)  # the trailer's size lies
    with pytest.raises(ActivityFileRefused, match="damaged gzip"):
        read_activity(bytes(data), "run.fit.gz", now=NOW)
    recording = read_activity(gzip.compress(fit_run()), "RUN.FIT.GZ", now=NOW)
    assert len(recording.samples) == 10


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_with_too_many_members_is_refused():
    data = zip_of({f"run{i}.fit": b"" for i in range(activity_files.MAX_ARCHIVE_MEMBERS + 1)})
    with pytest.raises(ActivityFileRefused, match="holds 51 files: at most 50"):
        read_archive(data, "runs.zip", now=NOW)


def test_a_zip_reads_each_member_or_says_why_not(monkeypatch):
    data = zip_of({"a.fit": fit_run(), "b.gpx": fit_run(), "c.tcx": tcx()})
    results = dict(read_archive(data, "runs.zip", now=NOW))
    assert results["a.fit"].file_format == "fit"
    assert "holding a FIT file" in str(results["b.gpx"])
    assert results["c.tcx"].file_format == "tcx"
    monkeypatch.setattr(activity_files, "MAX_DECOMPRESSED_BYTES", len(fit_run()) + 10)
    results = dict(read_archive(data, "runs.zip", now=NOW))
    assert "more than" in str(results["b.gpx"]) and "once unpacked" in str(results["b.gpx"])


def test_a_zip_bomb_member_is_refused(monkeypatch):
    monkeypatch.setattr(activity_files, "MAX_UPLOAD_BYTES", 1000)  # a member is one upload
    results = read_archive(zip_of({"big.fit": b"\0" * 100_000}), "runs.zip", now=NOW)
    assert str(results[0][1]) == "big.fit is larger than 0 MB once unpacked: it is not read"


def test_a_zip_says_why_each_member_is_not_read():
    data = zip_of({"inner.zip": zip_of({"a.fit": fit_run()}), "notes.txt": b"hi", "a.gpx": b""})
    assert [(name, str(why)) for name, why in read_archive(data, "runs.zip", now=NOW)] == [
        ("inner.zip", "inner.zip is a zip inside the zip: it is not opened"),
        ("notes.txt", "notes.txt is not a FIT, GPX or TCX file"),
        ("a.gpx", "a.gpx is empty"),
    ]


def test_a_zip_of_nothing_or_of_a_thousand_files_is_refused_whole():
    with pytest.raises(ActivityFileRefused, match="empty.zip holds no files"):
        read_archive(zip_of({"folder/": b""}), "empty.zip", now=NOW)
    with pytest.raises(ActivityFileRefused, match="holds 1000 files: at most 50"):
        read_archive(zip_of({f"{n}.fit": b"x" for n in range(1000)}), "many.zip", now=NOW)


def test_a_damaged_zip_is_refused():
    with pytest.raises(ActivityFileRefused, match="not a readable zip"):
        read_archive(b"PK\x03\x04broken", "runs.zip", now=NOW)
    data = bytearray(zip_of({"a.fit": fit_run()}))
    data[40:60] = b"\xff" * 20  # the member's compressed bytes
    results = read_archive(bytes(data), "runs.zip", now=NOW)
    assert "cannot be unpacked" in str(results[0][1])


def test_the_refusal_carries_its_message():
    assert ActivityFileRefused("plain words").message == "plain words"
    assert activity_files._xml_time(None) is None and activity_files._number("x") is None


# -- Damaged FIT files, made here (the real ones of the shared folder may be absent) --------


def test_a_second_part_that_is_not_fit_is_refused():
    with pytest.raises(ActivityFileRefused, match="a second part follows that is not FIT"):
        read_activity(fit_run() + b"\x0eGARBAGE-GARBAGE", "run.fit", now=NOW)


def test_a_fit_file_cut_short_is_refused():
    with pytest.raises(ActivityFileRefused, match="The file ends early"):
        read_activity(fit_run()[:-7], "run.fit", now=NOW)


def test_a_fit_file_changed_after_writing_is_refused_by_its_checksum():
    data = bytearray(fit_run())
    data[len(data) // 2] ^= 0xFF
    with pytest.raises(ActivityFileRefused, match="its checksum does not match"):
        read_activity(bytes(data), "run.fit", now=NOW)


def test_events_other_than_the_timer_are_not_pauses():
    recording = read_activity(
        fit_run(stop_at=4, events=[{"event": "battery", "event_type": "marker"}]),
        "run.fit",
        now=NOW,
    )
    assert [(p.start_s, p.end_s) for p in recording.pauses] == [(4.0, 6.0)]


def test_compressed_timestamps_the_sdk_cannot_read_go_to_fitdecode(monkeypatch):
    """The SDK says so for compressed timestamps (the fr70 of the shared folder); a fake SDK
    saying it here shows the file is then read by fitdecode, the same."""
    data = fit_run(stop_at=4)
    by_sdk = read_activity(data, "run.fit", now=NOW)

    class CannotRead:
        def __init__(self, stream):
            pass

        def read(self, **options):
            return {}, [Exception("Compressed timestamp messages are not currently supported")]

    monkeypatch.setattr(activity_files, "Decoder", CannotRead)
    assert read_activity(data, "run.fit", now=NOW) == by_sdk


def test_a_multi_sport_file_keeps_only_the_records_of_its_run():
    """A ride then a run in one file (the shared folder's triathlon, made small here): the
    records outside the run's time are not part of it."""
    recording = read_activity(
        fit_run(sport="cycling", extra_session=("running", 2, 4)), "brick.fit", now=NOW
    )
    assert recording.sport == "running"
    assert [sample.t_s for sample in recording.samples] == [0.0, 1.0, 2.0, 3.0, 4.0]
