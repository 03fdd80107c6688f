"""Template filters that show SI values in the athlete's units."""

from django import template
from django.utils.html import format_html, format_html_join

from athletes import paces, units
from workouts.progression import stage_duration_s

register = template.Library()


@register.filter
def pace_range(band, unit="km"):
    if band is None:
        return "—"
    return units.format_pace_range(band.fast_s_per_km, band.slow_s_per_km, unit or "km")


@register.filter
def pace(s_per_km, unit="km"):
    return "—" if s_per_km is None else paces.format_pace(s_per_km, unit or "km")


@register.simple_tag
def avg_pace(time_s, distance_m, unit="km"):
    """The average pace of a race, a prediction or a goal: time over distance."""
    if not time_s or not distance_m:
        return "—"
    return paces.format_pace(time_s / distance_m * 1000.0, unit or "km")


@register.filter
def hr_range(band):
    if band is None:
        return "—"
    if band.low_bpm <= 0:
        return f"≤ {band.high_bpm} bpm"
    return f"{band.low_bpm}–{band.high_bpm} bpm"


@register.filter
def duration(seconds):
    return "—" if seconds is None else paces.format_duration(seconds)


@register.filter
def race_name(metres):
    return "—" if metres is None else units.distance_name(metres)


@register.filter
def vdot(value):
    return "—" if value is None else f"{value:.1f}"


@register.filter
def plan_text(template):
    """A template's stages in the plan text syntax: "30min easy, 20min steady"."""
    from workouts.plan_text import format_plan

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


@register.simple_tag
def stage_bar(stages, paces=None):
    """An SVG bar, one segment a stage sized by its share of the run (time, else distance).

    SVG attributes rather than inline styles, which the Content Security Policy forbids."""
    if not stages:
        return ""
    paces = paces or None
    sizes = [stage_duration_s(s, paces) for s in stages]
    if any(size is None for size in sizes):
        sizes = [s.distance_m or 0.0 for s in stages]
    total = sum(sizes) or 1.0
    x, rects = 0.0, []
    for stage, size in zip(stages, sizes, strict=True):
        width = 100.0 * size / total
        colour = ZONE_COLOURS.get(stage.zone or "marathon", "#adb5bd")
        rects.append((f"{x:.3f}", f"{width:.3f}", colour, stage.zone or "pace"))
        x += width
    body = format_html_join(
        "", '<rect x="{}" y="0" width="{}" height="10" fill="{}"><title>{}</title></rect>', rects
    )
    return format_html(
        '<svg class="stage-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        'aria-label="Stages by share of the run">{}</svg>',
        body,
    )
