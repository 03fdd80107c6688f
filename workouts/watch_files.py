"""A planned session as a workout file for the athlete's watch (docs/running.md §4.12): its
stages at the targets the athlete runs them to (its frozen snapshot once its day has passed,
else their fitness as of its day, §3.7), written by `workouts/fit_workout.py`.

Callers hand in a session the reader may see: the athlete's through `visible_sessions`
(§4.10), the coach's through their ownership helper."""

from dataclasses import dataclass

from workouts import fit_workout
from workouts.progression import DEFAULT_RULES
from workouts.selectors import plan_check
from workouts.targets import fitness_by_day, session_target_fitness

CONTENT_TYPE = "application/vnd.ant.fit"


@dataclass(frozen=True)
class WatchFile:
    filename: str
    content: bytes


def watch_filename(session) -> str:
    """ "2026-03-14-progression.fit": the day first, so the files sort by date."""
    return f"{session.date:%Y-%m-%d}-{session.kind.replace('_', '-')}.fit"


def workout_name(session) -> str:
    """What the watch lists the workout as: its day and its title (or kind)."""
    return f"{session.date:%a} {session.date.day} {session.date:%b} {session.title or session.get_kind_display()}"


def session_watch_file(session) -> WatchFile | None:
    """The session's FIT workout, one step per stage; None for a session without stages
    (a rest day, a race)."""
    stages = session.stage_values()
    if not stages:
        return None
    athlete = session.block.athlete
    fitness = session_target_fitness(session, fitness_by_day(athlete))
    # The targets as every page resolves them: the stage's own pace, else its zone's band.
    check = plan_check(stages, phase=None, rules=DEFAULT_RULES, fitness=fitness)
    content = fit_workout.workout_fit(
        workout_name(session),
        stages,
        [row.pace for row in check.stages],
        created=session.updated_at,
        unit=athlete.units,
        serial_number=session.pk,
    )
    return WatchFile(watch_filename(session), content)
