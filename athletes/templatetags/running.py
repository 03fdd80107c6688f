"""Template filters that show SI values in the athlete's units."""

from django import template

from athletes import paces, units
from athletes.models import Weekday

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
def weekdays(days):
    """Weekdays (0 = Monday) as a runner lists them, in week order: "Tue, Wed, Sat, Sun"."""
    return ", ".join(Weekday(day).label[:3] for day in sorted(days or [])) or "—"
