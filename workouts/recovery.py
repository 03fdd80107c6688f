"""The recovery weeks after a block's race (docs/running.md §4.4): how many, changed after the
block was made, and the form that asks for the number."""

from datetime import date

from django import forms
from django.db import transaction
from django.db.models import Q

from workouts.forms import BlockForm
from workouts.models import MAX_RECOVERY_WEEKS, Block
from workouts.services import BlockRejected


class RecoveryWeeksForm(forms.Form):
    recovery_weeks = forms.IntegerField(
        label="Recovery weeks after the race",
        help_text=(
            f"0 to {MAX_RECOVERY_WEEKS}. They follow race day on the calendar and take easy "
            "runs and rest days, never a progression run."
        ),
        error_messages={
            "required": f"Give the recovery weeks after the race, 0 to {MAX_RECOVERY_WEEKS}.",
            "invalid": "Give the recovery weeks as a whole number, e.g. 2.",
        },
        widget=forms.NumberInput(
            attrs={"min": 0, "max": MAX_RECOVERY_WEEKS, "inputmode": "numeric"}
        ),
    )

    # The same bounds, and words, as when the block was made.
    clean_recovery_weeks = BlockForm.clean_recovery_weeks


def _day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _week_text(block: Block, week: int) -> str:
    return f"recovery week {week - block.n_weeks}"


def block_recovery_weeks_set(*, block: Block, recovery_weeks: int) -> None:
    """Change how many recovery weeks follow the race. Fewer weeks are refused while sessions
    or the coach's notes stand on the days (or weeks) they would take off the calendar: the
    coach moves or deletes them first, so nothing is lost without being asked."""
    if not 0 <= recovery_weeks <= MAX_RECOVERY_WEEKS:
        raise BlockRejected(
            [
                f"Recovery after the race lasts 0 to {MAX_RECOVERY_WEEKS} weeks, not {recovery_weeks}."
            ]
        )
    if recovery_weeks == block.recovery_weeks:
        return
    with transaction.atomic():
        block = Block.objects.select_for_update().get(pk=block.pk)
        block.recovery_weeks = recovery_weeks
        beyond = [
            f"{s.get_kind_display().lower()} on {_day_text(s.date)}"
            for s in block.sessions.filter(date__gt=block.end).order_by("date")
        ]
        # The coach's notes on those days and weeks would vanish from the calendar as well.
        last_week = block.n_weeks + recovery_weeks
        beyond += [
            f"note on {_day_text(n.date)}" if n.date else f"note on {_week_text(block, n.week)}"
            for n in block.notes.filter(Q(date__gt=block.end) | Q(week__gt=last_week))
        ]
        if beyond:
            names = ", ".join(beyond)
            last = "race day" if recovery_weeks == 0 else _day_text(block.end)
            raise BlockRejected(
                [
                    f"Not changed: with {recovery_weeks} recovery week"
                    f"{'' if recovery_weeks == 1 else 's'} the calendar ends on {last}, and "
                    f"the {names} would fall off it. Move or delete "
                    f"{'it' if len(beyond) == 1 else 'them'} first."
                ]
            )
        block.save(update_fields=["recovery_weeks", "updated_at"])
