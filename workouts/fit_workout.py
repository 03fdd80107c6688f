"""Workout files for the athlete's watch (docs/running.md §4.12): a planned session's stages as
a FIT workout, one step per stage, written with Garmin's own FIT SDK. No Django here.

A step runs for the stage's time or distance, with a speed target made from the stage's pace
range (the slow end of the pace is the low speed); a stage whose zone has no pace for this
athlete gets an open target, and its name still says the zone. What the SDK asks of us:

- The encoder writes only a field's main name and drops a subfield's (`duration_time`,
  `custom_target_speed_low`), so the raw values go in the main fields: `duration_value` in
  milliseconds for a time or centimetres for a distance, and `custom_target_value_low/high`
  in millimetres per second for a speed.
- A FIT string field holds at most 255 bytes, its terminating zero included.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from garmin_fit_sdk import Encoder, Profile

from athletes.paces import PaceRange
from athletes.units import format_pace_range
from workouts.progression import NON_RUNNING, Stage

# The FIT profile's message numbers.
FILE_ID = Profile["mesg_num"]["FILE_ID"]
WORKOUT = Profile["mesg_num"]["WORKOUT"]
WORKOUT_STEP = Profile["mesg_num"]["WORKOUT_STEP"]
# FIT strings are stored in at most this many bytes, UTF-8, after which a zero ends them.
MAX_TEXT_BYTES = 254
# What each zone's step is called on the watch (docs/running.md §2.1).
STEP_NAMES: dict[str, str] = {
    "easy": "Easy",
    "steady": "Steady",
    "marathon": "Marathon pace",
    "threshold": "Threshold",
    "interval": "Interval",
    "repetition": "Repetition",
    "rest": "Rest",
    "walk": "Walk",
    "recovery": "Recovery",
}
# A stage that is not running is a rest or a recovery step to the watch; the rest are active.
STEP_INTENSITY: dict[str, str] = {"rest": "rest", "walk": "recovery", "recovery": "recovery"}


@dataclass(frozen=True)
class WatchStep:
    """One step as the watch runs it: its name, its amount, its speed range (None: open)."""

    name: str
    duration_s: float | None
    distance_m: float | None
    speed_low_mm_s: int | None
    speed_high_mm_s: int | None
    intensity: str
    notes: str


def speed_mm_s(pace_s_per_km: float) -> int:
    """A pace as the FIT speed it is, in whole millimetres per second: 4:00 /km is 4167."""
    return round(1_000_000 / pace_s_per_km)


def watch_steps(
    stages: Sequence[Stage], paces: Sequence[PaceRange | None], *, unit: str = "km"
) -> list[WatchStep]:
    """Each stage as a step, with the pace range it resolves to (`paces`, one per stage:
    its zone's band for this athlete, or None when there is none; a stage with its own
    pace range keeps it)."""
    if len(stages) != len(paces):
        raise ValueError(f"{len(stages)} stages but {len(paces)} pace ranges")
    return [_step(stage, pace, unit) for stage, pace in zip(stages, paces, strict=True)]


def _step(stage: Stage, pace: PaceRange | None, unit: str) -> WatchStep:
    zone = stage.zone
    name = STEP_NAMES.get(zone, zone.capitalize()) if zone else "Pace"
    pace = pace or stage.pace
    if zone in NON_RUNNING:
        pace = None  # no pace to hold while resting or walking
    if pace is None:
        notes = f"{name}: no pace target" + ("" if zone in NON_RUNNING else " (no paces known)")
        low = high = None
    else:
        band = format_pace_range(pace.fast_s_per_km, pace.slow_s_per_km, unit)
        notes = f"{name} {band}"
        if not zone:
            name = f"Pace {band}"
        low, high = speed_mm_s(pace.slow_s_per_km), speed_mm_s(pace.fast_s_per_km)
    return WatchStep(
        name=name,
        duration_s=stage.duration_s,
        distance_m=stage.distance_m,
        speed_low_mm_s=low,
        speed_high_mm_s=high,
        intensity=STEP_INTENSITY.get(zone, "active"),
        notes=notes,
    )


def fit_text(text: str) -> str:
    """The text cut to what a FIT string holds, never in the middle of a character."""
    return text.encode()[:MAX_TEXT_BYTES].decode(errors="ignore")


def workout_fit(
    name: str,
    stages: Sequence[Stage],
    paces: Sequence[PaceRange | None],
    *,
    created: datetime,
    unit: str = "km",
    serial_number: int = 1,
) -> bytes:
    """A FIT workout file (running) of the stages, each at its pace range: what a watch
    copies from its NEWFILES folder into its workouts. `created` is an aware datetime."""
    steps = watch_steps(stages, paces, unit=unit)
    if not steps:
        raise ValueError("A workout needs at least one stage")
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": FILE_ID,
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            "serial_number": serial_number,
            "time_created": created,
        }
    )
    encoder.write_mesg(
        {
            "mesg_num": WORKOUT,
            "sport": "running",
            "wkt_name": fit_text(name),
            "num_valid_steps": len(steps),
        }
    )
    for index, step in enumerate(steps):
        encoder.write_mesg({"mesg_num": WORKOUT_STEP, "message_index": index} | _step_fields(step))
    return encoder.close()


def _step_fields(step: WatchStep) -> dict:
    if step.duration_s is not None:
        amount = {"duration_type": "time", "duration_value": round(step.duration_s * 1000)}
    else:
        amount = {"duration_type": "distance", "duration_value": round(step.distance_m * 100)}
    if step.speed_low_mm_s is None:
        target = {"target_type": "open"}
    else:
        target = {
            "target_type": "speed",
            "target_value": 0,  # 0: the custom range below, not one of the watch's speed zones
            "custom_target_value_low": step.speed_low_mm_s,
            "custom_target_value_high": step.speed_high_mm_s,
        }
    return {
        "wkt_step_name": fit_text(step.name),
        **amount,
        **target,
        "intensity": step.intensity,
        "notes": fit_text(step.notes),
    }
