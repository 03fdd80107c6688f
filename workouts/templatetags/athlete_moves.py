"""What the athlete's session page shows of moving it: {% athlete_move_state session as move %}."""

from dataclasses import dataclass
from datetime import date

from django import template

from workouts.athlete_moves import athlete_move_refusal
from workouts.athlete_plan import athlete_last_visible_day
from workouts.targets import athlete_today

register = template.Library()


@dataclass(frozen=True)
class MoveState:
    refusal: str | None
    first_day: date
    last_day: date


@register.simple_tag
def athlete_move_state(session) -> MoveState:
    """Whether the athlete may move the session, and the days the date control offers: today
    (or the block's first day) to the last day they see of the plan (or the block's end)."""
    block = session.block
    athlete = block.athlete
    today = athlete_today(athlete)
    last = athlete_last_visible_day(athlete, today=today)
    return MoveState(
        refusal=athlete_move_refusal(session, today=today),
        first_day=max(today, block.start),
        last_day=min(last, block.end) if last else block.end,
    )
