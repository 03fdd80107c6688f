"""Athletes moving their own sessions (docs/running.md §4.5): the same placement rules as the
coach's moves (`services.session_move`), their warnings shown to the athlete, the coach told;
and the coach's locks against it, per session (`PlannedSession.athlete_locked`) and per
block (`Block.athlete_can_move`). Not the same as `PlannedSession.locked`, which keeps a
session through a re-plan."""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from workouts import services
from workouts.athlete_plan import athlete_last_visible_day
from workouts.models import Block, PlannedSession
from workouts.plan_changes import untold
from workouts.targets import athlete_today

FIXED_BY_COACH = "Your coach fixed this day: ask them if it has to move."


class MoveRefused(Exception):
    """The athlete may not move this session there; nothing was saved."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


# What the athlete reads instead of a warning that would tell of a session hidden from them
# (docs/running.md §4.10); their coach is told the rule's own words.
HIDDEN_PLAN = (
    "It may not sit well with your coach's plan for the days after the ones you see: "
    "your coach is told."
)


def move_warnings(check: services.SessionCheck) -> list[str]:
    """What the move brings, for the coach: the placement rules' warnings on the new day
    (not the run's own stages against the progression rules: those are the coach's)."""
    return [f.message for f in check.placement if f.severity != "error"]


def athlete_move_warnings(check: services.SessionCheck, *, session) -> list[str]:
    """`move_warnings` as the athlete may read them: a warning about a session past the last
    day they see (one naming its day, or a week's count that holds one) becomes HIDDEN_PLAN,
    so a move tells nothing of the hidden plan."""
    athlete = session.block.athlete
    last = athlete_last_visible_day(athlete)
    findings = [f for f in check.placement if f.severity != "error"]
    if last is None:
        return [f.message for f in findings]
    hidden = list(
        PlannedSession.objects.filter(block=session.block, date__gt=last)
        .order_by("date")
        .values_list("date", flat=True)
    )
    names = {f"{day:%a} {day.day} {day:%b}" for day in hidden}
    week = session.block.as_value().week_of(session.date)
    in_week = week is not None and any(week.start <= day <= week.end for day in hidden)
    shown, told = [], False
    for finding in findings:
        about_hidden = (
            (finding.date is not None and finding.date > last)
            or any(name in finding.message for name in names)
            or (finding.code == "too-many-in-week" and in_week)
        )
        if not about_hidden:
            shown.append(finding.message)
        elif not told:
            shown.append(HIDDEN_PLAN)
            told = True
    return shown


def athlete_move_refusal(session: PlannedSession, *, today: date) -> str | None:
    """Why the athlete cannot move this session at all (None: they can)."""
    block = session.block
    if session.athlete_locked or not block.athlete_can_move:
        return FIXED_BY_COACH
    if session.kind == "race" and session.date == block.race_date:
        return "Race day stays where it is."
    if session.date < today:
        return "This day has passed: a session already behind you stays where it was."
    return None


def athlete_session_move(*, session: PlannedSession, date: date | None) -> services.SessionCheck:
    """Move the athlete's own session to another day: refused (MoveRefused, nothing saved)
    when the coach fixed it, the day has passed, or the new day is before today or beyond
    what the athlete sees of the plan; then the coach's rules, as for a coach's move (errors
    refuse it, warnings come back). The coach is told of the move."""
    athlete = session.block.athlete
    today = athlete_today(athlete)
    if refusal := athlete_move_refusal(session, today=today):
        raise MoveRefused([refusal])
    if date is None:
        raise MoveRefused(["Give the day to move it to, as a date."])
    if date < today:
        raise MoveRefused([f"Move it to today ({_day(today)}) or a later day."])
    last = athlete_last_visible_day(athlete, today=today)
    if last is not None and date > last:
        raise MoveRefused([f"Move it to a day of the plan you can see (up to {_day(last)})."])
    old_date = session.date
    try:
        # Their own move: the athlete gets no "your plan changed" email; the coach is told.
        with transaction.atomic(), untold():
            check = services.session_move(session=session, date=date)
            if session.date != old_date:
                athlete_session_moved(
                    session=session, old_date=old_date, warnings=move_warnings(check)
                )
    except services.SessionRejected as error:
        raise MoveRefused(error.messages) from None
    return check


def athlete_session_moved(*, session: PlannedSession, old_date: date, warnings=()) -> None:
    """The hook for an athlete's move: tells the coach (a notice, emailed on commit by
    workouts/plan_emails.py), with the warnings the move drew. Runs inside the move's
    transaction."""
    from workouts.plan_emails import coach_notice_send

    athlete = session.block.athlete
    lines = [f"{session.get_kind_display()}: {_day(old_date)} → {_day(session.date)}."]
    lines += [f"Warning: {warning}" for warning in warnings]
    coach_notice_send(
        coach=athlete.coach,
        athlete=athlete,
        subject=(
            f"{athlete.full_name} moved a {session.get_kind_display().lower()} to "
            f"{_day(session.date)}"
        ),
        lines=lines,
    )


def session_athlete_lock(*, session: PlannedSession, locked: bool) -> None:
    """Fix a session against the athlete's moves, or let them move it again."""
    if session.athlete_locked == locked:
        return
    PlannedSession.objects.filter(pk=session.pk).update(
        athlete_locked=locked, version=F("version") + 1, updated_at=timezone.now()
    )
    session.refresh_from_db()


def block_athlete_moves(*, block: Block, allowed: bool) -> None:
    """Let the athlete move the block's sessions, or fix them all."""
    Block.objects.filter(pk=block.pk).update(athlete_can_move=allowed)
    block.refresh_from_db()
