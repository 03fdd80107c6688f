"""The plan as an athlete sees it (docs/running.md §4.10): their blocks' sessions up to the
last day the coach lets them see. Every athlete-facing interface reads sessions through
`visible_sessions` (their pages, the calendar feed, watch files, emails), so a hidden session
is hidden everywhere."""

from datetime import date

from athletes.visibility import last_visible_day
from workouts.models import PlannedSession
from workouts.targets import athlete_today


def athlete_last_visible_day(athlete, *, today: date | None = None) -> date | None:
    """The last day of the plan this athlete sees (None: all of it)."""
    return last_visible_day(
        athlete.plan_visibility,
        until=athlete.plan_visible_until,
        days=athlete.plan_visible_days,
        today=today or athlete_today(athlete),
    )


def visible_sessions(athlete, *, today: date | None = None):
    """The athlete's planned sessions they may see, every block's, by date."""
    sessions = PlannedSession.objects.filter(block__athlete=athlete)
    last_day = athlete_last_visible_day(athlete, today=today)
    if last_day is not None:
        sessions = sessions.filter(date__lte=last_day)
    return sessions.order_by("date", "pk")


def is_session_visible(session, *, today: date | None = None) -> bool:
    """Whether the athlete of the session's block may see it (their pages, feed, watch files)."""
    last_day = athlete_last_visible_day(session.block.athlete, today=today)
    return last_day is None or session.date <= last_day
