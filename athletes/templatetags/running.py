"""Template filters that show SI values in the athlete's units."""

from django import template

from athletes import paces, units

register = template.Library()


@register.filter
def pace_range(band, unit="km"):
    if band is None:
        return "—"
    return units.format_pace_range(band.fast_s_per_km, band.slow_s_per_km, unit or "km")


@register.filter
def pace(s_per_km, unit="km"):
    return "—" if s_per_km is None else paces.format_pace(s_per_km, unit or "km")


@register.filter
def race_pace(prediction_or_time, unit="km"):
    """Average pace of a predicted race."""
    p = prediction_or_time
    return paces.format_pace(p.time_s / p.target_distance_m * 1000.0, unit or "km")


@register.filter
def hr_range(band):
    if band is None:
        return "—"
    if band.low_bpm <= 0:
        return f"up to {band.high_bpm} bpm"
    return f"{band.low_bpm}–{band.high_bpm} bpm"


@register.filter
def duration(seconds):
    return "—" if seconds is None else paces.format_duration(seconds)


@register.filter
def distance(metres, unit="km"):
    return "—" if metres is None else units.format_distance(metres, unit or "km")


@register.filter
def race_name(metres):
    return "—" if metres is None else units.distance_name(metres)


@register.filter
def vdot(value):
    return "—" if value is None else f"{value:.1f}"


@register.filter
def result_pace(result, unit="km"):
    return paces.format_pace(result.time_s / result.distance_m * 1000.0, unit or "km")


@register.filter
def race_pace_for(time_s, athlete):
    """Average pace of the athlete's goal race in their units."""
    if not athlete.goal_race_distance_m:
        return "—"
    return paces.format_pace(time_s / athlete.goal_race_distance_m * 1000.0, athlete.units)


@register.filter
def plan_text(template):
    """A template's stages in the plan text syntax: "30min easy, 20min steady"."""
    from workouts.plan_text import format_plan

    stages = template.stage_values()
    return format_plan(stages) if stages else "—"
