"""A run as a device recorded it, in one plain shape whatever the file (docs/running.md §3):
what `workouts/activity_files.py` reads out of FIT, GPX and TCX files, and what
`workouts/review.py` judges against the plan. Values only, no Django.

Times are seconds from the recording's start (elapsed, wall-clock); the timer's pauses are
listed apart, so timer time is elapsed time less the pauses. Every measured field is optional:
a treadmill run has no position, an old watch no heart rate, a phone no cadence.
"""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Sample:
    """One recorded point."""

    t_s: float  # seconds from the start of the recording (elapsed)
    distance_m: float | None = None  # the device's cumulative distance, where it wrote one
    speed_mps: float | None = None
    hr_bpm: int | None = None
    elevation_m: float | None = None
    cadence_spm: int | None = None  # steps per minute (both feet)
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Lap:
    """A lap as the device closed it: by the athlete (manual), by distance or time (auto),
    or by a workout step ending (its index in the watch's workout, where written)."""

    start_s: float
    end_s: float
    trigger: str = ""  # "manual", "distance", "time", "position", "session_end", … as written
    workout_step_index: int | None = None
    distance_m: float | None = None


@dataclass(frozen=True)
class Pause:
    """The timer stopped (the device's stop/start events) from start_s to end_s."""

    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class Summary:
    """What the device itself wrote about the run (a FIT session message, a TCX lap's
    totals), to check the reading against."""

    timer_s: float | None = None
    elapsed_s: float | None = None
    distance_m: float | None = None
    avg_hr_bpm: int | None = None


@dataclass(frozen=True)
class Recording:
    sport: str  # "running", or the other sport's name as the file gives it
    sub_sport: str = ""  # "treadmill", "trail", "track", … where written
    start: datetime | None = None  # aware (UTC), None if the file has no times
    samples: tuple[Sample, ...] = ()
    laps: tuple[Lap, ...] = ()
    pauses: tuple[Pause, ...] = ()
    summary: Summary = field(default_factory=Summary)
    device: str = ""  # manufacturer and product, for people to read
    file_format: str = ""  # "fit", "gpx" or "tcx"
    # "device": samples' distance_m as the device wrote it; "track": measured along the GPS
    # points (a GPX has no device distance), to trust less (docs/running.md §3.8)
    distance_source: str = "device"

    @property
    def is_treadmill(self) -> bool:
        return self.sub_sport in {"treadmill", "indoor_running", "virtual_activity"}

    @property
    def elapsed_s(self) -> float:
        return self.samples[-1].t_s - self.samples[0].t_s if len(self.samples) > 1 else 0.0

    @property
    def paused_s(self) -> float:
        return sum(pause.duration_s for pause in self.pauses)
