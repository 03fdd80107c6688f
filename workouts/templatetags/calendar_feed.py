"""The athlete's calendar feed addresses for their page (docs/running.md §4.11)."""

from django import template

from workouts.feed import feed_for_athlete, feed_links

register = template.Library()


@register.simple_tag
def athlete_feed_links(athlete):
    """The athlete's feed addresses; the feed and its token are made on first need."""
    return feed_links(feed_for_athlete(athlete))
