"""Template tags that show progression plans: their plan text, their stages' lengths in the
athlete's units, and their stages as a bar."""

import itertools

from django import template
from django.utils.html import format_html, format_html_join

from athletes.paces import format_duration
from athletes.units import format_distance
from workouts.plan_text import format_plan
from workouts.progression import stage_duration_s

register = template.Library()


@register.filter
def plan_text(template):
    """A template's stages in the plan text syntax: "30min easy, 20min steady"."""
    stages = template.stage_values()
    return format_plan(stages) if stages else "—"


ZONE_COLOURS = {
    "easy": "#9ec5fe",
    "steady": "#20c997",
    "marathon": "#fd7e14",
    "threshold": "#dc3545",
    "interval": "#6f42c1",
    "repetition": "#6f42c1",
}


def planned_time(seconds: float) -> str:
    """A planned duration as a coach says it: "45 min", "1 h 30 min", "2 h"; to the second
    only where the plan is ("1:30 min", "1:00:30")."""
    if seconds % 60:
        return format_duration(seconds) + (" min" if seconds < 3600 else "")
    hours, minutes = divmod(int(seconds // 60), 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def planned_distance(metres: float, unit: str = "km") -> str:
    """A planned distance in the athlete's unit: "18 km", "800 m", "11.18 mi"."""
    if unit != "mi" and metres < 1000:
        return f"{round(metres)} m"
    return format_distance(metres, unit or "km")


@register.filter
def stage_amount(stage, unit="km"):
    """How long a stage is planned: its duration, or its distance in the athlete's unit."""
    if stage.duration_s is not None:
        return planned_time(stage.duration_s)
    return planned_distance(stage.distance_m, unit)


@register.filter
def planned_total(check, unit="km"):
    """What the stages add up to as planned: "30 km", "1 h 5 min", or "45 min + 12 km"."""
    parts = []
    if check.planned_duration_s is not None:
        parts.append(planned_time(check.planned_duration_s))
    if check.planned_distance_m is not None:
        parts.append(planned_distance(check.planned_distance_m, unit))
    return " + ".join(parts)


def bar_sizes(stages, paces=None) -> tuple[list[float], set[int]]:
    """Each stage's share of the bar, and which stages are drawn at a stand-in size.

    A stage is sized by its time; when no stage's time is known (every stage by distance,
    without paces), by its distance. A stage whose time alone is unknown is drawn at the
    average length of the stages whose time is known, and said to be so."""
    times = [stage_duration_s(s, paces or None) for s in stages]
    known = [t for t in times if t is not None]
    if not known:
        return [s.distance_m or 0.0 for s in stages], set()
    stand_in = sum(known) / len(known)
    unknown = {i for i, t in enumerate(times) if t is None}
    return [stand_in if t is None else t for t in times], unknown


# Each bar with a stand-in segment defines its own hatch patterns; ids must differ.
_bar_ids = itertools.count(1)


@register.simple_tag
def bar_has_stand_ins(stages, paces=None) -> bool:
    """Whether the bar draws a stage at a stand-in size, so the page can say so."""
    return bool(stages) and bool(bar_sizes(stages, paces)[1])


@register.simple_tag
def stage_bar(stages, paces=None):
    """An SVG bar, one segment a stage sized by its share of the run (see `bar_sizes`); a
    segment whose time is unknown is hatched.

    SVG attributes rather than inline styles, which the Content Security Policy forbids."""
    if not stages:
        return ""
    sizes, unknown = bar_sizes(stages, paces)
    total = sum(sizes) or 1.0
    bar_id = next(_bar_ids) if unknown else 0
    x, rects, patterns = 0.0, [], {}
    for i, (stage, size) in enumerate(zip(stages, sizes, strict=True)):
        width = 100.0 * size / total
        colour = ZONE_COLOURS.get(stage.zone or "marathon", "#adb5bd")
        title = stage.zone or "pace"
        fill = colour
        if i in unknown:
            patterns.setdefault(colour, len(patterns))
            fill = f"url(#bar{bar_id}-{patterns[colour]})"
            title = f"{title}: its time is not known without the athlete's paces"
        rects.append((f"{x:.3f}", f"{width:.3f}", fill, title))
        x += width
    defs = format_html_join(
        "",
        '<pattern id="bar{}-{}" width="1.5" height="10" patternUnits="userSpaceOnUse" '
        'patternTransform="skewX(-30)"><rect width="1.5" height="10" fill="#fff"></rect>'
        '<rect width="0.75" height="10" fill="{}"></rect></pattern>',
        ((bar_id, n, colour) for colour, n in patterns.items()),
    )
    body = format_html_join(
        "", '<rect x="{}" y="0" width="{}" height="10" fill="{}"><title>{}</title></rect>', rects
    )
    label = "Stages by share of the run"
    if unknown:
        label += "; a hatched stage's time is not known"
    return format_html(
        '<svg class="stage-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        'aria-label="{}"><defs>{}</defs>{}</svg>',
        label,
        defs,
        body,
    )
