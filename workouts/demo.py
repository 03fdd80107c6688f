"""Demo blocks: each demo athlete's marathon block, built through the services as a coach
builds one (create, propose the progression runs, add the easy and long runs around them), so
the calendar looks like a real plan."""

from datetime import date, timedelta

from workouts import services
from workouts.block_plan import Week
from workouts.models import Block, SessionKind
from workouts.plan_changes import untold
from workouts.progression import Stage

EASY_MINUTES = {"base": 45, "transition": 50, "long_run": 50, "taper": 35}
SHAKE_OUT_MINUTES = 20
# Long runs grow by a kilometre a week from the first week to the long-run phase's ceiling;
# the taper's are shorter.
LONG_RUN_KM = (16, 30)
TAPER_LONG_RUN_KM = 18


# Demo data tells no one: a first `make run` mails nobody.
@untold()
def block_seed(athlete, *, n_weeks: int) -> Block | None:
    """The athlete's demo block for their goal race, unless they have a block already (so
    seeding twice adds nothing) or the goal race is no longer ahead."""
    if athlete.blocks.exists():
        return None
    try:
        block = services.block_create(
            athlete=athlete,
            race_name=athlete.goal_race_name,
            race_date=athlete.goal_race_date,
            race_distance_m=athlete.goal_race_distance_m,
            goal_time_s=athlete.goal_time_s,
            n_weeks=n_weeks,
        )
    except services.BlockRejected:
        return None
    services.block_propose(block=block)
    taken = set(block.sessions.values_list("date", flat=True))
    plan = block.as_value()
    for week in plan.weeks:
        for day, kind, title, stages in _week_runs(athlete, plan, week, taken):
            # A title that only repeats the kind ("Easy run") says nothing: the chip shows both.
            title = "" if title == SessionKind(kind).label else title
            services.session_save(
                block=block, date=day, kind=kind, title=title, notes="", stages=stages
            )
    return block


def _week_runs(athlete, plan, week: Week, taken: set[date]):
    """The easy and long runs of one week on the training days the proposal left free."""
    phase = plan.phase_of(week.index)
    for offset in range(7):
        day = week.start + timedelta(days=offset)
        if day in taken or day.weekday() not in athlete.training_days:
            continue
        if plan.days_before_race(day) == 1:
            yield day, SessionKind.EASY, "Shake-out", [_minutes(SHAKE_OUT_MINUTES)]
        elif day.weekday() == athlete.long_run_day:
            yield day, SessionKind.LONG_RUN, "Long run", [_long_run(plan, week, phase)]
        else:
            yield day, SessionKind.EASY, "Easy run", [_minutes(EASY_MINUTES[phase])]


def _minutes(minutes: int) -> Stage:
    return Stage(duration_s=minutes * 60, zone="easy")


def _long_run(plan, week: Week, phase: str) -> Stage:
    if phase == "taper":
        km = TAPER_LONG_RUN_KM
    else:
        km = min(LONG_RUN_KM[0] + week.index - 1, LONG_RUN_KM[1])
    return Stage(distance_m=km * 1000, zone="easy")
