"""The comparisons of progression runs on the pages (docs/running.md §3.15): the words of a
stage against its band, and the block's chart of every progression run's stages, actual
against target, as server-rendered SVG (no JavaScript; colours by SVG attribute, as the
Content Security Policy forbids inline styles). The geometry is workouts/comparisons.py's."""

import itertools

from django import template
from django.utils.html import format_html, format_html_join

from athletes.paces import format_pace
from workouts import comparisons
from workouts.templatetags.plans import ZONE_COLOURS
from workouts.templatetags.reviews import band_pace, verdict_words

register = template.Library()

# A verdict by colour and by shape (never colour alone): faster is up, so too fast points up.
VERDICT_MARKS = {
    "on-target": ("#198754", "circle"),
    "too-fast": ("#d9480f", "up"),
    "too-slow": ("#1c7ed6", "down"),
}
NO_VERDICT = ("#6c757d", "circle")
PHASE_FILLS = ("#f1f3f5", "#ffffff")
SHAPES = {"wide": comparisons.WIDE, "narrow": comparisons.NARROW}
STATES = {comparisons.PLANNED: "planned", comparisons.MISSED: "not logged"}
_chart_ids = itertools.count(1)


def _n(number: float) -> str:
    return f"{number:.1f}"


@register.filter
def off_band(stage, unit="km"):
    """A stage's pace against its band: "6 s/km fast of band", "in band"."""
    return comparisons.band_words(stage.off_band_s_per_km, unit or "km")


@register.filter
def run_state(run):
    """ "planned" or "not logged" for a progression run with nothing run; "" for a run."""
    return STATES.get(run.state, "")


def _stage_words(run, stage, unit: str) -> str:
    """One stage of one run in words, as its mark's tooltip and the table say it."""
    name = f"Stage {stage.index + 1} ({stage.zone or 'at pace'})"
    target = f"target {band_pace(list(stage.band), unit)}" if stage.band else "no target"
    pace = stage.judged_s_per_km
    if pace is None:
        return f"{name}: {target}"
    off = comparisons.band_words(stage.off_band_s_per_km, unit)
    verdict = f", {verdict_words(stage.verdict).lower()}" if stage.verdict else ""
    return f"{name}: {format_pace(pace, unit)}{f' ({off})' if off else ''}, {target}{verdict}"


@register.simple_tag
def stage_words(run, stage, unit="km"):
    return _stage_words(run, stage, unit or "km")


def _dot(mark, r: float) -> str:
    colour, shape = VERDICT_MARKS.get(mark.stage.verdict, NO_VERDICT)
    cx = mark.x + mark.width / 2
    cy = mark.dot_y
    if shape == "circle":
        return format_html(
            '<circle class="chart-dot" cx="{}" cy="{}" r="{}" fill="{}" stroke="#fff" '
            'stroke-width="1"></circle>',
            _n(cx),
            _n(cy),
            _n(r),
            colour,
        )
    tip = -1.3 * r if shape == "up" else 1.3 * r
    points = (
        f"{_n(cx)},{_n(cy + tip)} {_n(cx - r)},{_n(cy - tip / 2)} {_n(cx + r)},{_n(cy - tip / 2)}"
    )
    return format_html(
        '<polygon class="chart-dot" points="{}" fill="{}" stroke="#fff" stroke-width="1">'
        "</polygon>",
        points,
        colour,
    )


def _column(column, chart, unit: str) -> str:
    run, parts = column.run, []
    for mark in column.marks:
        words = f"{run.day:%a} {run.day.day} {run.day:%b}: {_stage_words(run, mark.stage, unit)}"
        inner = []
        if mark.band_y is not None:
            planned = run.state != comparisons.RUN
            inner.append(
                format_html(
                    '<rect class="chart-band" x="{}" y="{}" width="{}" height="{}" fill="{}" '
                    'fill-opacity="{}" stroke="{}" stroke-dasharray="{}"></rect>',
                    _n(mark.x),
                    _n(mark.band_y),
                    _n(max(mark.width - 1, 1.0)),
                    _n(mark.band_height),
                    ZONE_COLOURS.get(mark.stage.zone or "", "#adb5bd"),
                    "0.25" if planned else "0.55",
                    "#868e96" if planned else "none",
                    "2 2" if planned else "none",
                )
            )
        if mark.dot_y is not None:
            inner.append(_dot(mark, max(1.5, min(4.5, mark.width / 2))))
        parts.append(
            format_html(
                '<g class="chart-stage">{}<title>{}</title></g>',
                format_html_join("", "{}", ((part,) for part in inner)),
                words,
            )
        )
    label = ""
    if column.label:
        label = format_html(
            '<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>',
            _n(column.x),
            _n(chart.y1 + 16),
            column.label,
        )
    state = run.state if run.state != comparisons.RUN else "run"
    return format_html(
        '<g class="chart-run" data-state="{}">{}{}</g>',
        state,
        format_html_join("", "{}", ((part,) for part in parts)),
        label,
    )


@register.simple_tag
def progression_chart(progressions, size="wide"):
    """Every progression run of the block in date order, grouped by phase: each stage's
    target band a bar (of its zone's colour; dashed where not run), what was run a mark
    coloured and shaped by its verdict; pace in the athlete's unit, faster up. "" without
    any target or pace to draw."""
    if not progressions or not progressions.runs:
        return ""
    unit = progressions.unit
    chart = comparisons.chart(progressions.runs, unit=unit, shape=SHAPES[size])
    if chart is None:
        return ""
    phases = format_html_join(
        "",
        '<g class="chart-phase"><rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text class="axis-name" x="{}" y="{}">{}</text></g>',
        (
            (
                _n(band.x),
                chart.y0 - 20,
                _n(band.width),
                _n(chart.y1 - chart.y0 + 20),
                PHASE_FILLS[k % 2],
                _n(band.x + 4),
                chart.y0 - 6,
                band.name if band.width > 40 else band.name[:1],
            )
            for k, band in enumerate(chart.phases)
        ),
    )
    grid = format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
        '<text class="axis" x="{}" y="{}" text-anchor="end">{}</text>',
        (
            (chart.x0, chart.x1, _n(t.y), _n(t.y), chart.x0 - 5, _n(t.y + 4), t.label)
            for t in chart.ticks
        ),
    )
    runs = format_html_join("", "{}", ((_column(c, chart, unit),) for c in chart.columns))
    chart_id = next(_chart_ids)
    done = progressions.done
    ahead = len(progressions.runs) - done
    desc = (
        f"{done} progression run{'s' if done != 1 else ''} run"
        + (f" and {ahead} not run (planned or not logged)" if ahead else "")
        + f" of {progressions.block}, in date order by phase; each stage's target band as "
        f"a bar and its pace as a mark, in /{unit}, faster higher. "
        + " ".join(progressions.patterns)
        + " The table below holds every figure."
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="review-chart progression-chart '
        'progression-chart-{}" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="progression-chart-{}-title progression-chart-{}-desc">'
        '<title id="progression-chart-{}-title">Progression runs across the block</title>'
        '<desc id="progression-chart-{}-desc">{}</desc>'
        '{}<text class="axis-name" x="2" y="12">Pace /{} (faster up)</text>{}{}</svg>',
        size,
        chart.shape.width,
        chart.shape.height,
        chart_id,
        chart_id,
        chart_id,
        chart_id,
        desc,
        phases,
        unit,
        grid,
        runs,
    )
