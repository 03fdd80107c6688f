"""The demo's logged history (docs/running.md §3.11): each demo athlete's past sessions logged as
an athlete logs them, through the services of workouts/run_logs.py, so the calendars show
compliance, findings and missed days and the review pages have runs to show.

The progression runs come as the watch's files: recordings of known shape at the athlete's own
paces, written as FIT files (workouts/fit_activity.py) with a lap for each workout step, then
uploaded, read and reviewed by the pipeline like a real watch's. Most are clean; one starts too
fast, one holds a three-minute stop, one ends in a sprint (the latest runs, where the calendar
opens); those of the base phase follow one built-in template, as a coach applies one week
after week, so a run's page compares it with the earlier ones (§3.15). The other runs are
logged by hand,
near their planned time (one well short of it). The last past easy run is left missed, the one
before it marked not run (ill), and one free day holds an unplanned run."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from workouts import log_pipeline, run_logs, services, targets
from workouts.block_plan import PROGRESSION_KINDS
from workouts.fit_activity import activity_fit
from workouts.models import LogStatus, ProgressionTemplate, SessionKind, SkipReason
from workouts.plan_changes import untold
from workouts.recording import Lap, Pause, Recording, Sample

# A point every few seconds, as a watch's smart recording writes them (and the demo stays quick).
SAMPLE_S = 4.0
# The shapes of the last progression runs, the latest first (the weeks the calendar opens on):
# a clean one, then the three faults the review finds; any earlier ones are clean.
LATEST_SHAPES = ("clean", "sprint-finish", "stopped", "too-fast-start")
STOP_S = 190  # a stop of three minutes and more: a serious `stopped`
# Runs by hand: their share of the planned time, in turn (the fourth short of plan: yellow).
HAND_SHARES = (1.0, 1.04, 0.96, 0.7, 1.0, 1.08)
RPE = {SessionKind.EASY: 3, SessionKind.LONG_RUN: 6}
UNPLANNED_MIN = 30
# The built-in template the past base-phase progression runs follow.
DEMO_TEMPLATE = "base_progression"


@dataclass(frozen=True)
class Part:
    """A stretch of a synthetic run: how long, at what pace and heart rate."""

    seconds: float
    pace_s_per_km: float
    hr_bpm: int


@untold()
def history_seed(athlete, block, *, today: date) -> int:
    """Log the past sessions of the athlete's demo block, unless they have logged anything
    already (so seeding twice adds nothing). The answer is how many runs were logged."""
    if athlete.run_logs.exists():
        return 0
    sessions = list(
        block.sessions.filter(date__lt=today)
        .exclude(kind__in=[SessionKind.REST, SessionKind.RACE])
        .prefetch_related("stages")
        .order_by("date", "pk")
    )
    easy = [s for s in sessions if s.kind == SessionKind.EASY and not s.skipped_reason]
    if len(sessions) < 4 or len(easy) < 2:
        return 0
    missed, skipped = easy[-1], easy[-2]
    _from_template(block, sessions)
    services.session_skip(session=skipped, reason=SkipReason.ILL, today=today)
    by_day = targets.fitness_by_day(athlete)
    user = athlete.user
    by_file = [
        s
        for s in sessions
        if s.kind in PROGRESSION_KINDS and targets.session_target_fitness(s, by_day).checker_paces
    ]
    shapes = dict(zip(reversed(by_file), LATEST_SHAPES, strict=False))
    logged = hands = 0
    for session in sessions:
        if session in (missed, skipped):
            continue
        fitness = targets.session_target_fitness(session, by_day)
        if session in by_file:
            logged += _file_log(athlete, user, session, fitness, shapes.get(session, "clean"))
        else:
            share = HAND_SHARES[hands % len(HAND_SHARES)]
            hands += 1
            logged += _hand_log(athlete, user, session, fitness, share)
    day = _free_day(block, sessions, today, missed)
    if day is not None:
        easy_zone = by_day.on(day).zones.get("easy")
        pace = _middle(easy_zone.pace) if easy_zone and easy_zone.pace else 330.0
        run_logs.run_log_create(
            athlete=athlete,
            by=user,
            session=None,
            data={
                "date": day,
                "duration_s": UNPLANNED_MIN * 60,
                "distance_m": round(UNPLANNED_MIN * 60 / pace * 1000),
                "rpe": 3,
                "feel": 4,
                "notes": "A shake-out with a friend.",
            },
            stages=[],
        )
        logged += 1
    return logged


def _from_template(block, sessions) -> None:
    """The base phase's progression runs among `sessions` as the demo template has them."""
    template = ProgressionTemplate.objects.filter(preset_key=DEMO_TEMPLATE).first()
    if template is None:
        return
    stages, plan = template.stage_values(), block.as_value()
    for session in sessions:
        if session.kind != SessionKind.PROGRESSION or plan.phase_on(session.date) != "base":
            continue
        try:
            services.session_save(
                block=block,
                session=session,
                date=session.date,
                kind=session.kind,
                title=template.name,
                notes=session.notes,
                stages=stages,
                template=template,
            )
        except services.SessionRejected:
            continue  # a rule of the coach's refuses it: it keeps the proposal's stages


def _middle(band) -> float:
    return (band.fast_s_per_km + band.slow_s_per_km) / 2


def _hr(fitness, zone: str | None, fallback: int) -> int:
    """The middle of the zone's heart rates (an easy zone with no floor: just under its top)."""
    band = fitness.zones[zone].hr if zone in fitness.zones else None
    if band is None:
        return fallback
    low = band.low_bpm or band.high_bpm - 20
    return round((low + band.high_bpm) / 2)


def _parts(session, fitness, shape: str) -> list[Part]:
    """The session's stages run at the middle of their bands, changed by `shape`."""
    paces = fitness.checker_paces
    parts = []
    for i, stage in enumerate(session.stage_values()):
        band = stage.pace or paces.get(stage.zone) or paces["easy"]
        pace = _middle(band)
        seconds = stage.duration_s or stage.distance_m * pace / 1000
        parts.append(Part(seconds, pace, _hr(fitness, stage.zone, 135 + 8 * i)))
    if shape == "too-fast-start":
        first = parts[0]
        # Faster than easy by more than the tolerance, not faster than the steady stage after.
        parts[0] = Part(first.seconds, paces["easy"].fast_s_per_km - 14, first.hr_bpm + 8)
    elif shape == "sprint-finish":  # faster than threshold pace, the heart rate up with it
        last = parts[-1]
        parts[-1] = Part(last.seconds, paces["threshold"].fast_s_per_km - 15, last.hr_bpm + 14)
    return parts


def _recording(parts: list[Part], *, stop_at_s: float | None = None) -> Recording:
    """Samples every SAMPLE_S seconds through the parts, a lap a part (the watch's workout
    steps), and the timer stopped for STOP_S at `stop_at_s` (no points while it is)."""
    samples, laps, pauses = [], [], []
    t = distance = 0.0
    for index, part in enumerate(parts):
        speed = 1000 / part.pace_s_per_km
        start, left = t, part.seconds
        while left > 0:
            if stop_at_s is not None and t >= stop_at_s:
                pauses.append(Pause(t, t + STOP_S))
                t += STOP_S
                stop_at_s = None
            step = min(SAMPLE_S, left)
            samples.append(_sample(t, distance, speed, part.hr_bpm))
            t += step
            distance += speed * step
            left -= step
        laps.append(Lap(start, t, "time", workout_step_index=index))
    samples.append(_sample(t, distance, speed, parts[-1].hr_bpm))
    return Recording(
        sport="running", samples=tuple(samples), laps=tuple(laps), pauses=tuple(pauses)
    )


def _sample(t: float, distance: float, speed: float, hr: int) -> Sample:
    # 170 steps a minute; a gentle track from a park's corner, so the file has positions.
    return Sample(
        t_s=t,
        distance_m=round(distance, 1),
        speed_mps=round(speed, 3),
        hr_bpm=hr,
        cadence_spm=170,
        lat=48.85 + distance / 111_000,
        lon=2.35,
    )


def _start(athlete, day: date) -> datetime:
    """Seven in the morning of `day` for the athlete (their local day: the pairing's)."""
    start = datetime.combine(day, time(7), tzinfo=UTC)
    local = targets.athlete_today(athlete, now=start)
    return start + (day - local)


def _file_log(athlete, user, session, fitness, shape: str) -> int:
    parts = _parts(session, fitness, shape)
    total = sum(part.seconds for part in parts)
    stop_at = total * 0.45 if shape == "stopped" else None
    data = activity_fit(_recording(parts, stop_at_s=stop_at), start=_start(athlete, session.date))
    name = f"{session.date:%Y-%m-%d}-{session.kind}.fit"
    upload = run_logs.run_log_files_upload(
        athlete=athlete, by=user, files=[(name, data)], session=session, relay=False
    )
    for log in upload.logs:  # read at once, as the worker would
        log_pipeline.run_log_process(log_id=log.pk)
    return sum(1 for log in upload.logs if log.status != LogStatus.FAILED)


def _hand_log(athlete, user, session, fitness, share: float) -> int:
    easy = fitness.zones.get("easy")
    pace = _middle(easy.pace) if easy and easy.pace else 330.0
    stages = session.stage_values()
    planned_s = (
        sum(stage.duration_s or (stage.distance_m or 0) * pace / 1000 for stage in stages)
        or 45 * 60
    )
    duration_s = round(planned_s * share)
    run_logs.run_log_create(
        athlete=athlete,
        by=user,
        session=session,
        data={
            "date": session.date,
            "duration_s": duration_s,
            "distance_m": round(duration_s / pace * 1000),
            "avg_hr": _hr(fitness, "easy", 138),
            "rpe": RPE.get(session.kind, 4) + (1 if share < 0.8 else 0),
            "feel": 2 if share < 0.8 else 4,
            "notes": "Cut short: heavy legs." if share < 0.8 else "",
        },
        stages=[],
    )
    return 1


def _free_day(block, sessions, today: date, missed) -> date | None:
    """The latest past day of the block with no session on it or either side of it that a
    run could still be paired with (the missed one), for the unplanned run."""
    planned = {s.date for s in block.sessions.all()}
    day = today - timedelta(days=2)
    while day >= block.start:
        near = {day - timedelta(days=1), day, day + timedelta(days=1)}
        if day not in planned and missed.date not in near:
            return day
        day -= timedelta(days=1)
    return None
