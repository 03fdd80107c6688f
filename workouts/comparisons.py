"""Comparisons of progression runs (docs/running.md §3.15): what no platform shows a coach.

Two views, from the stored reviews (workouts/log_review.py) and nothing else:
- a run beside the same template's earlier runs by the athlete, stage by stage (pace,
  grade-adjusted pace, heart rate, each pace against its band), with a trend in words per
  stage, so one bad day is told from a change of fitness;
- every progression run of a block in date order, each stage's target band against what was
  run, as the geometry of a chart (faster up), so a finish that drifts too fast or an easy
  start that is never easy shows week after week.

Choices (ours): a stage is judged on its grade-adjusted pace where the review has one, else
its pace, as the review's verdicts are; a trend is the least-squares slope over the runs in
their order (one bad day moves it little), given from 3 runs on and "about the same" under
1 s per km or mile a run; earlier runs with another number of stages than this run (the
template was edited) are listed without figures, the others matched stage by stage by index.
No Django here.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from athletes.paces import KM_PER_UNIT, format_mmss
from workouts.block_plan import PHASE_NAMES
from workouts.svg_scales import PACE_STEPS, Frame, Scale, Shape, rounded

SHOWN_EARLIER = 8  # earlier runs listed beside a run; "and N earlier" beyond
TREND_MIN_RUNS = 3
SCALE_MARGIN_S = 60.0  # a pace this far beyond every band is drawn at the chart's edge
RUN, PLANNED, MISSED = "run", "planned", "missed"


@dataclass(frozen=True)
class Run:
    """One progression run as the comparisons read it: its stored review's stages (for a
    session not run, its planned stages: zone and band only), its day, and where it sits in
    its block ("base", "Base, week 3 of 18")."""

    key: int
    day: date
    stages: tuple[Mapping, ...]
    phase: str = ""
    week: str = ""
    state: str = RUN  # RUN, or PLANNED (ahead) or MISSED (its day passed, nothing logged)

    @property
    def figures(self) -> tuple["StageFigures", ...]:
        return tuple(map(stage_figures, self.stages))


@dataclass(frozen=True)
class StageFigures:
    """One stage of one run: what was run against its band (seconds per km)."""

    index: int
    zone: str | None
    pace_s_per_km: float | None
    gap_s_per_km: float | None
    avg_hr: int | None
    band: tuple[float, float] | None
    verdict: str | None

    @property
    def judged_s_per_km(self) -> float | None:
        """The pace the stage is judged on: grade-adjusted where known."""
        return self.gap_s_per_km if self.gap_s_per_km is not None else self.pace_s_per_km

    @property
    def off_band_s_per_km(self) -> float | None:
        """How far outside its band: negative fast of it, positive slow of it, 0 within."""
        pace = self.judged_s_per_km
        if pace is None or self.band is None:
            return None
        fast, slow = self.band
        return pace - fast if pace < fast else max(pace - slow, 0.0)


def stage_figures(stage: Mapping) -> StageFigures:
    band = stage.get("band")
    return StageFigures(
        index=stage.get("index", 0),
        zone=stage.get("zone"),
        pace_s_per_km=stage.get("pace_s_per_km"),
        gap_s_per_km=stage.get("gap_s_per_km"),
        avg_hr=stage.get("avg_hr"),
        band=(band[0], band[1]) if band else None,
        verdict=stage.get("verdict"),
    )


def band_words(off_s_per_km: float | None, unit: str = "km") -> str:
    """ "6 s/km fast of band", "in band"; "" without a pace or band."""
    if off_s_per_km is None:
        return ""
    seconds = round(abs(off_s_per_km) * KM_PER_UNIT[unit])
    if seconds == 0:
        return "in band"
    return f"{seconds} s/{unit} {'fast' if off_s_per_km < 0 else 'slow'} of band"


# -- A run beside the same template's earlier runs ---------------------------------------------


@dataclass(frozen=True)
class Row:
    """A run of the table: its stages matched to this run's, or None (stages differ)."""

    run: Run
    is_current: bool
    stages: tuple[StageFigures, ...] | None

    @property
    def stages_differ(self) -> bool:
        return self.stages is None


@dataclass(frozen=True)
class Comparison:
    heads: tuple[StageFigures, ...]  # this run's stages, the table's columns
    rows: tuple[Row, ...]  # this run first, then the earlier ones, newest first
    more: int  # earlier runs beyond those listed
    trends: tuple[str, ...]


def compare(current: Run, earlier: Sequence[Run], *, more: int = 0, unit: str = "km"):
    """This run and at most SHOWN_EARLIER of the earlier ones (the newest), stage by stage;
    None when there is nothing to compare (no stages, or no earlier run)."""
    if not current.stages or not earlier:
        return None
    newest = sorted(earlier, key=lambda run: (run.day, run.key), reverse=True)
    shown = newest[:SHOWN_EARLIER]
    count = len(current.stages)
    rows = [Row(current, True, tuple(map(stage_figures, current.stages)))]
    for run in shown:
        same = len(run.stages) == count
        rows.append(Row(run, False, tuple(map(stage_figures, run.stages)) if same else None))
    return Comparison(
        heads=rows[0].stages,
        rows=tuple(rows),
        more=more + len(newest) - len(shown),
        trends=trends(rows, unit),
    )


def _slope(values: Sequence[float]) -> float:
    """Least-squares change per step of a series taken at steps 0, 1, 2..."""
    n = len(values)
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    top = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values))
    return top / sum((x - mean_x) ** 2 for x in range(n))


def trends(rows: Sequence[Row], unit: str = "km") -> tuple[str, ...]:
    """Per stage, from TREND_MIN_RUNS runs with its pace on: "Stage 1 (easy): 5 s/km
    faster each run on average over 4 runs, heart rate 2 bpm lower"."""
    matched = [row.stages for row in reversed(rows) if row.stages is not None]  # oldest first
    lines = []
    for i, head in enumerate(matched[-1] if matched else ()):
        stages = [stages[i] for stages in matched if stages[i].judged_s_per_km is not None]
        if len(stages) < TREND_MIN_RUNS:
            continue
        step = round(_slope([s.judged_s_per_km for s in stages]) * KM_PER_UNIT[unit])
        if step == 0:
            words = "about the same pace each run"
        else:
            words = f"{abs(step)} s/{unit} {'faster' if step < 0 else 'slower'} each run on average"
        graded = " (grade-adjusted)" if any(s.gap_s_per_km is not None for s in stages) else ""
        hrs = [s.avg_hr for s in stages]
        beat = round(_slope(hrs)) if None not in hrs else 0
        heart = f", heart rate {abs(beat)} bpm {'lower' if beat < 0 else 'higher'}" if beat else ""
        zone = head.zone or "at pace"
        lines.append(f"Stage {i + 1} ({zone}): {words}{graded} over {len(stages)} runs{heart}.")
    return tuple(lines)


# -- The block's progression runs as a chart ---------------------------------------------------


WIDE = Shape(960, 320, 52, 12, 34, 40, x_labels=12, y_ticks=6)
NARROW = Shape(400, 300, 44, 8, 34, 40, x_labels=4, y_ticks=5)


@dataclass(frozen=True)
class Mark:
    """One stage of one run: its band as a bar, what was run as a dot (none if not run)."""

    stage: StageFigures
    x: float
    width: float
    band_y: float | None  # the band's fast end (its top)
    band_height: float
    dot_y: float | None
    clipped: bool  # the pace lies beyond the scale: drawn at its edge


@dataclass(frozen=True)
class Column:
    run: Run
    x: float  # the middle of the run's slot
    marks: tuple[Mark, ...]
    label: str  # its date, on every few columns ("" on the others)


@dataclass(frozen=True)
class PhaseBand:
    phase: str
    name: str
    x: float
    width: float


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Chart(Frame):
    unit: str
    columns: tuple[Column, ...]
    phases: tuple[PhaseBand, ...]
    ticks: tuple[Tick, ...]


def _scale(runs: Sequence[Run], per_unit: float, most: int) -> Scale | None:
    """The pace scale, in seconds per the unit (fast to slow): every band, and every pace run
    within SCALE_MARGIN_S of them."""
    stages = [stage_figures(s) for run in runs for s in run.stages]
    ends = [end for s in stages if s.band for end in s.band]
    paces = [s.judged_s_per_km for s in stages if s.judged_s_per_km is not None]
    if ends:
        low, high = min(ends) - SCALE_MARGIN_S, max(ends) + SCALE_MARGIN_S
        paces = [min(max(p, low), high) for p in paces]
    values = [v * per_unit for v in ends + paces]
    if not values:
        return None
    return rounded(min(values), max(values), most=most, steps=PACE_STEPS, least=30.0)


def chart(runs: Sequence[Run], *, unit: str = "km", shape: Shape = WIDE) -> Chart | None:
    """The runs in date order along x, each stage of a run side by side in its slot; pace
    up the y axis, faster higher; the phases as bands behind. None without any pace."""
    runs = sorted(runs, key=lambda run: (run.day, run.key))
    per_unit = KM_PER_UNIT[unit]
    scale = _scale(runs, per_unit, shape.y_ticks)
    if scale is None:
        return None
    frame = Frame(shape)
    left, right = frame.x0, frame.x1

    def y(s_per_km: float) -> float:
        return frame.y(scale, s_per_km * per_unit, low_at_top=True)

    slot = (right - left) / len(runs)
    every = -(-len(runs) // shape.x_labels)
    columns = []
    for k, run in enumerate(runs):
        figures = [stage_figures(s) for s in run.stages]
        inner = slot * 0.8 / max(len(figures), 1)
        start = left + slot * k + slot * 0.1
        marks = []
        for i, stage in enumerate(figures):
            pace = stage.judged_s_per_km
            band_y = y(stage.band[0]) if stage.band else None
            height = y(stage.band[1]) - band_y if stage.band else 0.0
            scaled = None if pace is None else pace * per_unit
            marks.append(
                Mark(
                    stage=stage,
                    x=start + inner * i,
                    width=inner,
                    band_y=band_y,
                    band_height=max(height, 1.0) if stage.band else 0.0,
                    dot_y=None if pace is None else y(pace),
                    clipped=scaled is not None and not scale.holds(scaled),
                )
            )
        label = f"{run.day.day} {run.day:%b}" if k % every == 0 else ""
        columns.append(Column(run, left + slot * (k + 0.5), tuple(marks), label))
    phases = []
    for k, run in enumerate(runs):
        if phases and phases[-1].phase == run.phase:
            last = phases[-1]
            phases[-1] = PhaseBand(last.phase, last.name, last.x, last.width + slot)
        else:
            name = PHASE_NAMES.get(run.phase, run.phase or "outside the phases")
            phases.append(PhaseBand(run.phase, name[:1].upper() + name[1:], left + slot * k, slot))
    ticks = tuple(Tick(y(value / per_unit), format_mmss(value)) for value in scale.ticks)
    return Chart(shape, unit, tuple(columns), tuple(phases), ticks)


def patterns(runs: Sequence[Run]) -> tuple[str, ...]:
    """What repeats across the runs, in words: how often the first stage (the easy start)
    and the last (the finish) were off their band ("The first stage was too fast in 3 of 8
    runs.")."""
    done = [[stage_figures(s) for s in run.stages] for run in runs if run.state == RUN]
    done = [stages for stages in done if stages]
    lines = []
    for which, pick in (("first", 0), ("last", -1)):
        verdicts = [stages[pick].verdict for stages in done if stages[pick].verdict]
        parts = [
            f"too {what} in {verdicts.count(f'too-{what}')} of {len(verdicts)} runs"
            for what in ("fast", "slow")
            if f"too-{what}" in verdicts
        ]
        if parts:
            lines.append(f"The {which} stage was {' and '.join(parts)}.")
    return tuple(lines)
