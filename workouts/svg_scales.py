"""The geometry the server-drawn charts share (the review's chart of a run, docs/running.md
§3.11; the block's chart of progression runs, §3.15): a chart's shape and the plot area inside
its margins, scales with round ends and a round step for the grid lines, and where a value goes
up the plot (pace faster higher, heart rate higher higher). No Django here."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

PACE_STEPS = (5, 10, 15, 20, 30, 60, 120, 300)  # seconds per unit between pace grid lines


@dataclass(frozen=True)
class Shape:
    """A chart's size and margins, and how many labels its axes hold at most."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    x_labels: int  # at most this many labels along the bottom
    y_ticks: int
    points: int = 0  # at most this many points a line (for a chart of lines)


@dataclass(frozen=True)
class Frame:
    """The plot area of a chart of one shape: x0 to x1 across, y0 (top) to y1 down."""

    shape: Shape

    @property
    def x0(self) -> float:
        return self.shape.left

    @property
    def x1(self) -> float:
        return self.shape.width - self.shape.right

    @property
    def y0(self) -> float:
        return self.shape.top

    @property
    def y1(self) -> float:
        return self.shape.height - self.shape.bottom

    def y(self, scale: "Scale", value: float, *, low_at_top: bool = False) -> float:
        """Where a value goes up the plot; one beyond the scale at its edge. A pace's scale
        has its low end (the fastest) at the top."""
        share = scale.share(value)
        return self.y0 + (self.y1 - self.y0) * (share if low_at_top else 1.0 - share)


def step(span: float, most: int, steps: Sequence[float]) -> float:
    """The smallest of `steps` giving at most `most` grid lines over `span`; else the last."""
    return next((s for s in steps if span / s <= most), steps[-1])


@dataclass(frozen=True)
class Scale:
    """A scale from low to high in steps of step."""

    low: float
    high: float
    step: float

    def share(self, value: float) -> float:
        """How far along the scale a value lies, 0 to 1 (a value beyond it at its end)."""
        return (min(max(value, self.low), self.high) - self.low) / (self.high - self.low)

    def holds(self, value: float) -> bool:
        return self.low <= value <= self.high

    @property
    def ticks(self) -> tuple[float, ...]:
        """The grid lines' values, low to high."""
        count = round((self.high - self.low) / self.step)
        return tuple(self.low + j * self.step for j in range(count + 1))


def rounded(low: float, high: float, *, most: int, steps: Sequence[float], least: float) -> Scale:
    """A scale holding low to high with a quarter step to spare at each end, its ends on the
    step, the step the smallest of `steps` giving at most `most` grid lines over a fifth more
    than the span (the span taken as at least `least`)."""
    size = step(max(high - low, least) * 1.2, most, steps)
    return Scale(
        math.floor((low - size / 4) / size) * size,
        math.ceil((high + size / 4) / size) * size,
        size,
    )
