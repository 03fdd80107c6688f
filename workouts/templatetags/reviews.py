"""The review page of a logged run (docs/running.md §3.11): its chart of pace and heart rate
over the run, drawn over the planned stages' target bands, and the words the page uses for a
stored review's codes (compliance, the split's basis, verdicts, a finding's moment).

The chart is server-rendered SVG, no JavaScript, from the stored review's downsampled series
(workouts/log_review.py); colours by SVG attribute or by class (static/css/app.css), as the
Content Security Policy forbids inline styles. It comes in two shapes, a wide one for a desktop
and a narrow one for a phone (the page shows one), so that its labels stay readable on both.
"""

import itertools
import math
from dataclasses import dataclass
from datetime import timedelta

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from athletes.paces import KM_PER_UNIT, format_duration, format_mmss
from athletes.units import format_pace_range
from workouts import run_logs, targets
from workouts.log_forms import NotRunForm, RunLogForm, UploadForm, stage_labels
from workouts.log_states import COMPLIANCE_LABELS
from workouts.models import PlannedSession, SessionKind
from workouts.svg_scales import PACE_STEPS, Frame, Scale, Shape, rounded, step
from workouts.templatetags.plans import ZONE_COLOURS

register = template.Library()

SPLIT_BASIS = {
    "workout-steps": "Split by the watch's workout steps",
    "laps": "Split by the laps pressed on the watch",
    "time": "Split by the planned times, each boundary moved to where the pace changed",
    "distance": "Split by the planned distances, each boundary moved to where the pace changed",
    "hand": "Logged by hand: judged on what was typed in",
}
VERDICTS = {
    "on-target": ("On target", "text-bg-success"),
    "too-fast": ("Too fast", "text-bg-warning"),
    "too-slow": ("Too slow", "text-bg-warning"),
}
TRIGGERS = {
    "manual": "lap button",
    "distance": "distance",
    "time": "time",
    "position_start": "position",
    "position_lap": "position",
    "position_waypoint": "position",
    "position_marked": "position",
    "session_end": "end of the run",
    "fitness_equipment": "machine",
    "workout_step": "workout step",
}


@register.filter
def compliance_words(colour):
    """ "On plan", "Near plan", "Off plan": never a colour alone."""
    return COMPLIANCE_LABELS.get(colour, "Not judged")


@register.filter
def compliance_class(colour):
    """The calendar's badge of a compliance colour (static/css/app.css), for one look."""
    return f"log-badge log-{colour}" if colour in COMPLIANCE_LABELS else "log-badge"


@register.filter
def split_words(split_by):
    """The basis the run was split on, as a sentence; "" when nothing was planned."""
    return SPLIT_BASIS.get(split_by, "")


@register.filter
def verdict_words(verdict):
    return VERDICTS.get(verdict, ("—", ""))[0]


@register.filter
def verdict_class(verdict):
    return VERDICTS.get(verdict, ("", "text-bg-light"))[1]


@register.filter
def lap_trigger(trigger):
    """What closed a lap, in words: "lap button", "distance", "workout step"."""
    return TRIGGERS.get(trigger or "", (trigger or "—").replace("_", " "))


@register.filter
def clock(seconds):
    """A moment of the run from its start: "42:10", "1:05:00"; "—" for none."""
    if seconds is None:
        return "—"
    return format_duration(max(0.0, float(seconds)))


@register.filter
def lap_time(end_s, start_s):
    """A lap's length from its start and end on the run's clock."""
    return format_duration(max(0.0, float(end_s) - float(start_s)))


@register.filter
def any_value(values):
    """Whether a series holds any reading (a series is null where nothing is known)."""
    return any(value is not None for value in values or ())


@register.filter
def any_moment(findings):
    """Whether a finding has a moment, so the chart marks it."""
    return any(f.get("at_s") is not None for f in findings or ())


@register.filter
def moment(finding):
    """Where a finding happened, as the page says it: "at 42:10, in stage 3"."""
    parts = []
    if finding.get("at_s") is not None:
        parts.append(f"at {clock(finding['at_s'])}")
    if finding.get("stage_index") is not None:
        parts.append(f"in stage {finding['stage_index'] + 1}")
    return ", ".join(parts)


@register.filter
def serious_first(findings):
    """Serious findings first, each group in the order of the run (stable)."""
    return sorted(findings or (), key=lambda f: f.get("severity") != "serious")


@register.filter
def band_pace(band, unit="km"):
    """A stored target band [fast, slow] (s/km) in the athlete's unit: "5:10–5:40 /km"."""
    if not band:
        return "—"
    return format_pace_range(band[0], band[1], unit or "km")


# -- The chart ----------------------------------------------------------------------------


WIDE = Shape(960, 320, 54, 48, 30, 30, x_labels=10, y_ticks=6, points=600)
NARROW = Shape(400, 280, 44, 38, 30, 28, x_labels=5, y_ticks=5, points=200)
SHAPES = {"wide": WIDE, "narrow": NARROW}
HR_STEPS = (5, 10, 20, 25, 50)
# Up to 12 h a label: an ultra read from a file (up to 55 h) keeps its labels apart on a phone.
TIME_STEPS = (60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200)
SLOWEST_SHOWN = 1.5  # the pace scale ends at most this much slower than the median pace
_chart_ids = itertools.count(1)


def _n(number: float) -> str:
    return f"{number:.1f}"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def _thin(points: list, most: int) -> list:
    """Every k-th point so that at most `most` remain (the stored series is downsampled
    already; the phone's chart draws fewer)."""
    if len(points) <= most:
        return points
    k = math.ceil(len(points) / most)
    return points[::k]


def _runs(points: list[tuple[float, float | None]]) -> list[list[tuple[float, float]]]:
    """The polylines of a series: a gap (None: standing, or no reading) breaks the line."""
    runs, current = [], []
    for t, value in points:
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((t, value))
    if current:
        runs.append(current)
    return runs


def _pace_line(series: dict) -> tuple[list[tuple[float, float | None]], bool]:
    """Grade-adjusted pace where known, else pace; and whether any of it was adjusted."""
    t = series.get("t") or []
    pace = series.get("pace") or [None] * len(t)
    gap = series.get("gap") or [None] * len(t)
    values = [g if g is not None else p for p, g in zip(pace, gap, strict=False)]
    return list(zip(t, values, strict=False)), any(g is not None for g in gap)


def _tick_time(seconds: float) -> str:
    """A time axis label: minutes ("45"), or h:mm past an hour ("1:30")."""
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d}" if minutes >= 60 else str(minutes)


@dataclass(frozen=True)
class _Scales(Frame):
    """Where a moment, a pace and a heart rate go on a chart of one shape."""

    end_s: float
    per_unit: float  # seconds per km times this: seconds per the athlete's unit
    pace: Scale  # in seconds per the athlete's unit, fast to slow
    hr: Scale | None = None

    def x(self, seconds: float) -> float:
        return self.x0 + (self.x1 - self.x0) * min(max(seconds, 0.0), self.end_s) / self.end_s

    def y_pace(self, s_per_km: float) -> float:
        """Faster higher; a pace beyond the scale at its edge."""
        return self.y(self.pace, s_per_km * self.per_unit, low_at_top=True)

    def y_hr(self, bpm: float) -> float:
        return self.y(self.hr, bpm)


def _scales(shape: Shape, review: dict, paces, hrs, unit: str) -> _Scales:
    """The chart's scales. Pace in the athlete's unit: outliers (a stumble, a tunnel) and the
    walking of a recovery do not set it: from the 2nd percentile to the 98th, but no slower
    than half again the median pace, and every target band, with a margin."""
    stages = review.get("stages") or []
    per_unit = KM_PER_UNIT[unit]
    end_s = max(
        60.0,
        review["series"]["t"][-1],
        review.get("timer_s") or 0,
        *(s.get("end_s") or 0 for s in stages),
    )
    bands = [b * per_unit for s in stages if s.get("band") for b in s["band"]]
    if paces:
        fast = _percentile(paces, 0.02)
        slow = min(_percentile(paces, 0.98), SLOWEST_SHOWN * _percentile(paces, 0.5))
        fast, slow = min(fast, *bands, slow), max(slow, *bands, fast)
    else:
        fast, slow = (min(bands), max(bands)) if bands else (240.0, 420.0)
    pace = rounded(fast, slow, most=shape.y_ticks, steps=PACE_STEPS, least=30.0)
    hr = rounded(min(hrs), max(hrs), most=shape.y_ticks, steps=HR_STEPS, least=20) if hrs else None
    return _Scales(shape, end_s, per_unit, pace, hr)


def _stage_parts(stages, c: _Scales, unit: str) -> tuple[str, str]:
    """Each stage's target band as a rectangle of its zone's colour, and the boundaries
    between the stages with each one's number."""
    rects, edges = [], []
    for stage in stages:
        start, end = stage.get("start_s"), stage.get("end_s")
        if start is None or end is None or end <= start:
            continue
        number, left = stage["index"] + 1, c.x(start)
        edges.append((_n(left), c.y0 - 14, _n(left), c.y1, _n(left + 4), c.y0 - 4, number))
        if stage.get("band"):
            top, bottom = c.y_pace(stage["band"][0]), c.y_pace(stage["band"][1])
            zone = stage.get("zone") or ""
            rects.append(
                (
                    _n(left),
                    _n(top),
                    _n(max(c.x(end) - left, 0.5)),
                    _n(max(bottom - top, 1.0)),
                    ZONE_COLOURS.get(zone, "#adb5bd"),
                    f"Stage {number} ({zone or 'pace'}): target {band_pace(stage['band'], unit)}",
                )
            )
    bands = format_html_join(
        "",
        '<rect class="target-band" x="{}" y="{}" width="{}" height="{}" fill="{}">'
        "<title>{}</title></rect>",
        rects,
    )
    lines = format_html_join(
        "",
        '<g class="stage-edge"><line x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        '<text x="{}" y="{}">{}</text></g>',
        edges,
    )
    return bands, lines


def _axes(c: _Scales, *, pace: bool, hr: bool) -> str:
    """Pace on the left with its grid, heart rate on the right, time along the bottom."""
    parts = []
    if pace:
        rows = []
        for value in c.pace.ticks:
            y = _n(c.y_pace(value / c.per_unit))
            rows.append((c.x0, c.x1, y, y, c.x0 - 5, _n(float(y) + 4), format_mmss(value)))
        parts.append(
            format_html_join(
                "",
                '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
                '<text class="axis" x="{}" y="{}" text-anchor="end">{}</text>',
                rows,
            )
        )
    if hr:
        parts.append(
            format_html_join(
                "",
                '<text class="axis axis-hr" x="{}" y="{}">{}</text>',
                ((c.x1 + 5, _n(c.y_hr(bpm) + 4), round(bpm)) for bpm in c.hr.ticks),
            )
        )
    every = int(step(c.end_s, c.shape.x_labels, TIME_STEPS))
    parts.append(
        format_html_join(
            "",
            '<line class="tick" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
            '<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>',
            (
                (_n(c.x(t)), _n(c.x(t)), c.y1, c.y1 + 4, _n(c.x(t)), c.y1 + 17, _tick_time(t))
                for t in range(0, int(c.end_s) + 1, every)
            ),
        )
    )
    return _joined(parts)


def _finding_marks(findings, c: _Scales) -> tuple[str, int]:
    """A numbered marker at each finding's moment, numbered as the page's list (serious
    first); and how many there are."""
    marks = []
    for number, finding in enumerate(serious_first(findings), start=1):
        if finding.get("at_s") is None:
            continue
        at = _n(c.x(finding["at_s"]))
        title = f"{number}. {clock(finding['at_s'])}: {finding.get('message', '')}"
        severity = finding.get("severity") or "warning"
        marks.append((severity, at, c.y0, at, c.y1, at, c.y0 + 10, at, c.y0 + 10, number, title))
    html = format_html_join(
        "",
        '<g class="finding-mark {}"><line x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        '<circle cx="{}" cy="{}" r="8"></circle>'
        '<text x="{}" y="{}" text-anchor="middle" dy="4">{}</text><title>{}</title></g>',
        marks,
    )
    return html, len(marks)


def _joined(parts) -> str:
    return format_html_join("", "{}", ((part,) for part in parts))


@register.simple_tag
def review_chart(review, unit="km", size="wide"):
    """Pace (grade-adjusted where known) and heart rate over the run, the planned stages'
    target bands behind them as rectangles, a marker at each finding's moment; "" when the
    review has no series (a run logged by hand)."""
    series = (review or {}).get("series") or {}
    if not series.get("t"):
        return ""
    unit, shape = unit or "km", SHAPES[size]
    pace_points, graded = _pace_line(series)
    pace_points = _thin(pace_points, shape.points)
    hr_points = _thin(list(zip(series["t"], series.get("hr") or [], strict=False)), shape.points)
    paces = [v * KM_PER_UNIT[unit] for _, v in pace_points if v is not None]
    hrs = [v for _, v in hr_points if v is not None]
    c = _scales(shape, review, paces, hrs, unit)
    bands, edges = _stage_parts(review.get("stages") or [], c, unit)
    marks, n_marks = _finding_marks(review.get("findings") or [], c)
    # Heart rate under pace, as pace is what the stages are judged on.
    lines = [
        _polylines("hr-line", _runs(hr_points), c.x, c.y_hr) if hrs else "",
        _polylines("pace-line", _runs(pace_points), c.x, c.y_pace) if paces else "",
    ]
    what = "grade-adjusted pace" if graded else "pace"
    title = f"{what[0].upper()}{what[1:]}{' and heart rate' if hrs else ''} over the run"
    chart_id = next(_chart_ids)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="review-chart review-chart-{}" '
        'viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="review-chart-{}-title review-chart-{}-desc">'
        '<title id="review-chart-{}-title">{}</title>'
        '<desc id="review-chart-{}-desc">{}</desc>'
        '<text class="axis-name" x="2" y="14">{}</text>'
        '<text class="axis-name axis-hr" x="{}" y="14" text-anchor="end">{}</text>'
        '<text class="axis-name" x="2" y="{}">{}</text>'
        "{}</svg>",
        size,
        shape.width,
        shape.height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        _describe(review, what, paces, hrs, unit, c.end_s, n_marks),
        f"{'GAP' if graded else 'Pace'} /{unit}" if paces or bands else "",
        shape.width - 2,
        "HR bpm" if hrs else "",
        c.y1 + 17,
        "h:mm" if c.end_s >= 3600 else "min",
        _joined([bands, _axes(c, pace=bool(paces or bands), hr=bool(hrs)), edges, *lines, marks]),
    )


def _polylines(css: str, runs, x, y) -> str:
    return format_html_join(
        "",
        '<polyline class="{}" points="{}"></polyline>',
        ((css, " ".join(f"{_n(x(t))},{_n(y(v))}" for t, v in run)) for run in runs if run),
    )


def _describe(review, what: str, paces, hrs, unit: str, end_s: float, n_marks: int) -> str:
    """The chart in words, for a screen reader (the tables below hold the figures)."""
    parts = [f"Over {format_duration(end_s)} of the run"]
    if paces:
        parts.append(
            f"{what} between {format_mmss(_percentile(paces, 0.02))} and "
            f"{format_mmss(_percentile(paces, 0.98))} /{unit}"
        )
    if hrs:
        parts.append(f"heart rate between {min(hrs)} and {max(hrs)} bpm")
    text = ", ".join(parts)
    if banded := [s for s in review.get("stages") or [] if s.get("band")]:
        text += f", over the target bands of {len(banded)} planned stages"
    if n_marks:
        text += f"; {n_marks} finding{'s are' if n_marks > 1 else ' is'} marked at its moment"
    return text + ". The tables below hold the figures."


# -- The athlete's session page --------------------------------------------------------------


@register.inclusion_tag("workouts/log_session_box.html", takes_context=True)
def session_log_box(context, session, athlete):
    """ "Log this run" on the athlete's session page once its day has come: upload the file,
    log by hand, or say it was not run; once logged, each log's summary and its review."""
    today = targets.athlete_today(athlete)
    shown = session.date <= today and session.kind != "rest"
    logs = list(run_logs.session_logs(session).defer("file__data")) if shown else []
    unit = athlete.units
    return {
        "shown": shown,
        "session": session,
        "logs": logs,
        "csrf_token": context.get("csrf_token"),
        "units": unit,
        "upload_form": UploadForm(),
        "hand_form": RunLogForm(
            unit=unit,
            stages=stage_labels(session, unit),
            today=today,
            initial={"date": session.date},
        ),
        "not_run_form": NotRunForm(),
        "upload_url": f"{reverse('athlete-log-upload')}?session={session.pk}",
        "hand_url": reverse("athlete-session-log", args=[session.pk]),
        "is_race_day": session.kind == "race" and session.date == session.block.race_date,
    }


# -- The coach's page of an athlete ----------------------------------------------------------

RECENT_DAYS = 28  # the runs the coach's page of an athlete lists
TO_LOG_DAYS = 7  # and the sessions of these last days with nothing logged


@register.inclusion_tag("workouts/log_recent_box.html")
def athlete_runs_box(athlete):
    """The athlete's runs of the last four weeks, each linking to its review, and the
    sessions of the last week with nothing logged, each with "Log on behalf"."""
    today = targets.athlete_today(athlete)
    logs = run_logs.athlete_logs(athlete, start=today - timedelta(days=RECENT_DAYS - 1), end=today)
    to_log = (
        PlannedSession.objects.filter(
            block__athlete=athlete,
            date__gte=today - timedelta(days=TO_LOG_DAYS - 1),
            date__lte=today,
            skipped_reason="",
        )
        .exclude(kind=SessionKind.REST)
        .filter(logs__isnull=True)
        .order_by("-date", "pk")
    )
    return {"athlete": athlete, "logs": list(logs), "to_log": list(to_log), "units": athlete.units}
