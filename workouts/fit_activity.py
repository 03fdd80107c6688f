"""A recorded run written as a FIT activity file, the way a watch writes one: the demo's logged
history (`seed_demo`) and the tests' recordings of known shape go through the same upload,
decode and review as a real watch's file (docs/running.md §3.11). Garmin's FIT SDK writes it;
no Django here.

What is written: file_id (an activity), the timer's start, one record per sample (timestamp,
distance, speed, heart rate, altitude, cadence as one foot's strides, position in
semicircles), the timer's stops and restarts for each pause, the laps with their trigger and
workout step index, the timer's last stop and a session with the totals a device writes.
"""

from datetime import UTC, datetime, timedelta

from garmin_fit_sdk import Encoder, Profile

from workouts.recording import Recording

MESG = Profile["mesg_num"]
SEMICIRCLES = 2**31 / 180
# The device the demo's files name (a development manufacturer: no real product is claimed).
MANUFACTURER, PRODUCT = "development", 1


def activity_fit(recording: Recording, *, start: datetime | None = None) -> bytes:
    """The bytes of a FIT activity file holding `recording` (its samples' times are seconds
    from `start`, else from the recording's own start). Raises ValueError for a recording
    without samples or without a start."""
    start = start or recording.start
    if start is None:
        raise ValueError("a FIT activity needs the moment the run started")
    if not recording.samples:
        raise ValueError("a FIT activity needs at least one recorded point")
    start = start.astimezone(UTC).replace(microsecond=0)
    encoder = Encoder()

    def at(seconds: float) -> datetime:
        return start + timedelta(seconds=round(seconds))

    def timer(seconds: float, kind: str) -> None:
        encoder.write_mesg(
            {"mesg_num": MESG["EVENT"], "timestamp": at(seconds), "event": "timer"}
            | {"event_type": kind}
        )

    encoder.write_mesg(
        {
            "mesg_num": MESG["FILE_ID"],
            "type": "activity",
            "manufacturer": MANUFACTURER,
            "product": PRODUCT,
            "time_created": start,
        }
    )
    timer(0, "start")
    pauses = sorted(recording.pauses, key=lambda pause: pause.start_s)
    for sample in recording.samples:
        while pauses and pauses[0].start_s <= sample.t_s:
            pause = pauses.pop(0)
            timer(pause.start_s, "stop_all")
            timer(pause.end_s, "start")
        encoder.write_mesg(_record(sample, at(sample.t_s)))
    end_s = recording.samples[-1].t_s
    for lap in recording.laps:
        encoder.write_mesg(
            {
                "mesg_num": MESG["LAP"],
                "timestamp": at(lap.end_s),
                "start_time": at(lap.start_s),
                "lap_trigger": lap.trigger or "manual",
                "total_elapsed_time": float(lap.end_s - lap.start_s),
            }
            | _present(wkt_step_index=lap.workout_step_index, total_distance=lap.distance_m)
        )
    timer(end_s, "stop_all")
    encoder.write_mesg(
        {
            "mesg_num": MESG["SESSION"],
            "timestamp": at(end_s),
            "start_time": at(recording.samples[0].t_s),
            "sport": recording.sport,
            "sub_sport": recording.sub_sport or "generic",
            "total_elapsed_time": float(recording.elapsed_s),
            "total_timer_time": float(recording.elapsed_s - recording.paused_s),
        }
        | _present(
            total_distance=recording.samples[-1].distance_m,
            avg_heart_rate=recording.summary.avg_hr_bpm,
        )
    )
    return encoder.close()


def _present(**fields) -> dict:
    """The fields that have a value (the encoder writes what it is given)."""
    return {name: value for name, value in fields.items() if value is not None}


def _record(sample, moment: datetime) -> dict:
    fields = _present(
        distance=sample.distance_m,
        enhanced_speed=sample.speed_mps,
        heart_rate=sample.hr_bpm,
        enhanced_altitude=sample.elevation_m,
        # A FIT record's cadence is one foot's strides a minute: half the steps.
        cadence=None if sample.cadence_spm is None else round(sample.cadence_spm / 2),
    )
    if sample.lat is not None and sample.lon is not None:
        fields["position_lat"] = round(sample.lat * SEMICIRCLES)
        fields["position_long"] = round(sample.lon * SEMICIRCLES)
    return {"mesg_num": MESG["RECORD"], "timestamp": moment} | fields
