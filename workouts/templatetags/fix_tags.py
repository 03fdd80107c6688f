"""The words of a run's fixes (docs/running.md §3.13): which fixes a run is offered, and what
each fix did, in the athlete's unit."""

from django import template

from athletes.paces import format_duration
from athletes.units import format_distance
from workouts.log_fixes import offered_kinds
from workouts.log_states import FINDING_LABELS
from workouts.models import FixKind

register = template.Library()

# A finding's short label where it reads badly after "Finding dismissed:".
DISMISSED_WORDS = {
    "short": "shorter than planned",
    "long": "longer than planned",
    "stopped": "a stop",
}


def _clock(seconds) -> str:
    return format_duration(max(float(seconds), 0.0))


@register.simple_tag
def fix_kinds(log) -> list[tuple[str, str]]:
    """The kinds of fix that apply to the run, with their labels."""
    return [(kind, FixKind(kind).label) for kind in offered_kinds(log)]


@register.filter
def fix_words(fix, unit="km") -> str:
    """What a fix did: "start at 2:00", "heart rate dropped from 3:00 to 5:00"..."""
    params = fix.params or {}
    if fix.kind == FixKind.TRIM:
        parts = []
        if params.get("start_s") is not None:
            parts.append(f"starts at {_clock(params['start_s'])}")
        if params.get("end_s") is not None:
            parts.append(f"ends at {_clock(params['end_s'])}")
        return "The run " + " and ".join(parts)
    if fix.kind in (FixKind.DROP_HR, FixKind.DROP_GPS):
        what = "Heart rate" if fix.kind == FixKind.DROP_HR else "GPS"
        if params.get("from_s") is None:
            return f"{what} dropped for the whole run"
        return f"{what} dropped from {_clock(params['from_s'])} to {_clock(params['to_s'])}"
    if fix.kind == FixKind.DISTANCE:
        return f"Distance set to {format_distance(params['distance_m'], unit)}"
    if fix.kind == FixKind.BOUNDARY:
        after = params["after_stage"]
        return f"Stage {after + 2} starts at {_clock(params['at_s'])}"
    label = DISMISSED_WORDS.get(params.get("code")) or FINDING_LABELS.get(
        params.get("code"), params.get("code")
    )
    where = []
    if params.get("at_s") is not None:
        where.append(f"at {_clock(params['at_s'])}")
    if params.get("stage_index") is not None:
        where.append(f"in stage {params['stage_index'] + 1}")
    return f"Finding dismissed: {label}" + (f" ({', '.join(where)})" if where else "")
