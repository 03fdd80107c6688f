"""Template tags that show progression plans: their plan text and their stages as a bar."""

from django import template
from django.utils.html import format_html, format_html_join

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
