"""The athlete's days away or limited still ahead: {% upcoming_availability athlete as ranges %}."""

from django import template

from workouts.availability import athlete_ranges
from workouts.targets import athlete_today

register = template.Library()


@register.simple_tag
def upcoming_availability(athlete):
    """The ranges that end today or later, by first day."""
    return athlete_ranges(athlete, start=athlete_today(athlete))
