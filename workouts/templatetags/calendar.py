"""The block page: its overview chart (planned minutes per zone per week, stacked, over the
phase bands) and the calendar's planned times and distances.

Server-rendered SVG, no JavaScript; colours by SVG attribute (zones, as the stage bar) or by
class (phases, from static/css/app.css), as the Content Security Policy forbids inline styles.
"""

import math

from django import template
from django.utils.html import format_html, format_html_join

from workouts import block_plan
from workouts.plan_text import format_plan
from workouts.templatetags.plans import ZONE_COLOURS, planned_distance, planned_time

register = template.Library()

WIDTH, HEIGHT = 1100, 230
LEFT, RIGHT, TOP, BOTTOM = 46, 6, 24, 24
OTHER_COLOUR = "#adb5bd"


def _scale_minutes(most: float) -> tuple[int, int]:
    """The chart's top in minutes and the step of its grid lines: whole hours."""
    step = 60 if most <= 600 else 120
    return max(step, math.ceil(most / step) * step), step


def _n(number: float) -> str:
    """A coordinate to a tenth of a unit: enough for the eye, and a short page."""
    return f"{number:.1f}"


def _hours(minutes: int) -> str:
    return f"{minutes // 60} h" if minutes else "0"


@register.simple_tag
def block_chart(calendar):
    """Planned minutes per zone of each week of `calendar` (a selectors.BlockCalendar)."""
    weeks = calendar.weeks
    top, step = _scale_minutes(calendar.max_week_minutes)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(weeks)
    bar = slot * 0.64

    def y(minutes: float) -> float:
        return TOP + plot_h * (1 - minutes / top)

    bands = format_html_join(
        "",
        '<g class="phase-{}"><rect class="band" x="{}" y="0" width="{}" height="{}"></rect>'
        '<text class="band-label" x="{}" y="15">{}</text></g>',
        (
            (
                phase,
                _n(LEFT + (first_week - 1) * slot),
                _n(n_weeks * slot),
                HEIGHT - BOTTOM,
                _n(LEFT + (first_week - 1) * slot + 4),
                _band_name(phase, n_weeks * slot),
            )
            for phase, first_week, n_weeks in _bands(calendar)
        ),
    )
    grid = format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
        '<text class="axis" x="{}" y="{}" text-anchor="end">{}</text>',
        (
            (LEFT, WIDTH - RIGHT, _n(y(m)), _n(y(m)), LEFT - 6, _n(y(m) + 4), _hours(m))
            for m in range(0, top + 1, step)
        ),
    )
    rects, labels = [], []
    for i, week in enumerate(weeks):
        x = LEFT + i * slot + (slot - bar) / 2
        base = 0.0
        parts = [*week.zone_minutes, ("other", week.other_minutes)]
        for zone, minutes in parts:
            if minutes <= 0:
                continue
            rects.append(
                (
                    f"{x:.1f}",
                    f"{y(base + minutes):.1f}",
                    f"{bar:.1f}",
                    f"{plot_h * minutes / top:.1f}",
                    ZONE_COLOURS.get(zone, OTHER_COLOUR),
                    f"{week.label}: {round(minutes)} min {zone}",
                )
            )
            base += minutes
        labels.append((f"{LEFT + (i + 0.5) * slot:.1f}", HEIGHT - 8, week.number))
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
        rects,
    )
    ticks = format_html_join(
        "", '<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>', labels
    )
    marks = [(LEFT + (calendar.plan.n_weeks - 0.5) * slot, "race", "Race")]
    # Today's week, a recovery week too (calendar.current_week counts block weeks only).
    current = next((week for week in weeks if week.is_current), None)
    if current is not None:
        marks.append((LEFT + (current.index - 0.5) * slot, "today", "Today"))
    today = format_html_join(
        "",
        '<g class="mark {}"><line x1="{}" x2="{}" y1="{}" y2="{}"></line>'
        '<text x="{}" y="{}" text-anchor="middle">{}</text></g>',
        (
            (cls, _n(x), _n(x), TOP + 8, HEIGHT - BOTTOM, _n(x), TOP + 4, text)
            for x, cls, text in marks
        ),
    )
    desc = (
        f"Stacked bars of the planned minutes in each zone (easy, steady, marathon, threshold) "
        f"for each of the {len(weeks)} weeks, over bands of the phases; the busiest week plans "
        f"{round(calendar.max_week_minutes)} minutes. The table below holds the figures."
    )
    return format_html(
        '<svg class="block-chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="chart-title chart-desc">'
        '<title id="chart-title">Planned minutes per zone, week by week</title>'
        '<desc id="chart-desc">{}</desc>{}{}{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        desc,
        bands,
        grid,
        bars,
        ticks,
        today,
    )


def _bands(calendar) -> list[tuple[str, int, int]]:
    """Each band as (phase, first week, weeks): the phases', then one for the recovery weeks
    after the race, if any (not a phase of the block, but a band of its own colour)."""
    bands = [(span.phase, span.first_week, span.n_weeks) for span in calendar.phase_spans]
    recovery = calendar.plan.recovery
    if recovery:
        bands.append((block_plan.RECOVERY, recovery[0].index, len(recovery)))
    return bands


def _band_name(phase: str, width: float) -> str:
    name = block_plan.WEEK_NAMES[phase].capitalize()
    # A short phase's band is too narrow for its full name.
    return name if width >= 9 * len(name) else name[:1]


@register.filter
def planned_seconds(seconds):
    """A planned time as the calendar shows it: "45 min", "1 h 30 min"; "—" for none."""
    return planned_time(round(seconds / 60) * 60) if seconds else "—"


@register.filter
def planned_metres(metres, unit="km"):
    """A planned distance in the athlete's unit; "—" for none."""
    return planned_distance(metres, unit) if metres else "—"


@register.filter
def run_plan(run):
    """A planned run's stages in the plan text syntax: "30min easy, 20min steady"."""
    return format_plan(run.stages) if run.stages else "—"


@register.filter
def run_kind(run):
    """ "Progression run", "Fast-finish long run"."""
    return block_plan.KINDS[run.kind].capitalize()
