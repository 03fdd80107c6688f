"""Built-in progression runs for each phase of a marathon block (docs/running.md §4.3).

Each preset is a function of the run's total duration or total distance (exactly one), so
"thirds, 75 minutes" is `thirds(duration_s=4500)`. Stages are whole minutes (or half
kilometres), as a coach writes them. Every later stage is rounded down and the remainder
goes to the first, easy stage, so the total is exact and the easy share never drops below
its target through rounding.

Presets hold zones, not paces, so one preset serves every athlete. Each passes
`check_progression` for its own phase without errors; `known_warnings` names the warnings
a preset draws by design, and why is in its description:
- `thirds` is McMillan's run as published, a third easy: it warns on the easy share
  (33% against 50–70%). `base_progression` is the base-phase run that passes cleanly.
- `fast_finish` takes the transition run of docs/running.md §4.1 (easy 40–50%, steady
  25–30%, marathon 20–25%) at 50/25/25, the one split inside both those ranges and the
  50–70% easy share.
- `progressive_long_run` maps the 35 km example (14% easy, 41% at M+5%, 27% at M, 18% at
  M−3–5%) onto zones: M+5% is steady, and M and M−3–5% are one marathon stage, since a
  finish a touch faster than M is still marathon effort in a long run. Its easy share is
  14% by design: the easy-to-moderate opening is 55%.
- `fast_finish_long_run`: easy for about 60%, a steady bridge (easy → marathon would be an
  abrupt two-zone jump), then the last 5–8 km at marathon pace (20% of the distance,
  clamped to 5–8 km). By time, 60/20/20.
No Django here.
"""

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from workouts.progression import Stage

MINUTE_S = 60
HALF_KM_M = 500
# The last 5–8 km of a fast-finish long run are at marathon pace (docs/running.md §4.1).
FAST_FINISH_MIN_M = 5000
FAST_FINISH_MAX_M = 8000

Shares = Sequence[tuple[str, Fraction]]

THIRDS: Shares = (
    ("easy", Fraction(1, 3)),
    ("steady", Fraction(1, 3)),
    ("marathon", Fraction(1, 3)),
)
BASE_PROGRESSION: Shares = (
    ("easy", Fraction(60, 100)),
    ("steady", Fraction(25, 100)),
    ("marathon", Fraction(15, 100)),
)
FAST_FINISH: Shares = (
    ("easy", Fraction(50, 100)),
    ("steady", Fraction(25, 100)),
    ("marathon", Fraction(25, 100)),
)
PROGRESSIVE_LONG_RUN: Shares = (
    ("easy", Fraction(14, 100)),
    ("steady", Fraction(41, 100)),
    ("marathon", Fraction(45, 100)),
)
FAST_FINISH_LONG_RUN: Shares = (
    ("easy", Fraction(60, 100)),
    ("steady", Fraction(20, 100)),
    ("marathon", Fraction(20, 100)),
)


def thirds(*, duration_s: float | None = None, distance_m: float | None = None) -> list[Stage]:
    """McMillan's thirds: comfortable, steady, strong (easy, steady, marathon), a third each."""
    return split(THIRDS, duration_s=duration_s, distance_m=distance_m)


def base_progression(
    *, duration_s: float | None = None, distance_m: float | None = None
) -> list[Stage]:
    """A base-phase progression: 60% easy, 25% steady, a 15% marathon-pace finish."""
    return split(BASE_PROGRESSION, duration_s=duration_s, distance_m=distance_m)


def fast_finish(*, duration_s: float | None = None, distance_m: float | None = None) -> list[Stage]:
    """The transition phase's run: 50% easy, 25% steady, 25% at marathon pace."""
    return split(FAST_FINISH, duration_s=duration_s, distance_m=distance_m)


def progressive_long_run(
    *, duration_s: float | None = None, distance_m: float | None = None
) -> list[Stage]:
    """The 35 km progressive long run: 14% easy, 41% steady, 45% at marathon pace."""
    return split(PROGRESSIVE_LONG_RUN, duration_s=duration_s, distance_m=distance_m)


def fast_finish_long_run(
    *, duration_s: float | None = None, distance_m: float | None = None
) -> list[Stage]:
    """A long run, easy for ~60%, then steady, then the last 5–8 km at marathon pace.

    By distance the marathon finish is 20% of the run held to 5–8 km, and the steady bridge
    takes what is left of the last 40%. By time (no paces to turn km into minutes) 60/20/20.
    """
    field, total, unit = _total(duration_s, distance_m)
    if field == "duration_s":
        return split(FAST_FINISH_LONG_RUN, duration_s=total)
    marathon = min(max(_round_down(total / 5, unit), FAST_FINISH_MIN_M), FAST_FINISH_MAX_M)
    steady = _round_down(total * 2 / 5 - marathon, unit)
    if steady <= 0:
        raise ValueError(
            f"a fast-finish long run of {total / 1000:g} km is too short for an easy start, a "
            f"steady stage and {marathon / 1000:g} km at marathon pace"
        )
    amounts = (total - steady - marathon, steady, marathon)
    return _stages(field, zip(("easy", "steady", "marathon"), amounts, strict=True))


def split(
    shares: Shares, *, duration_s: float | None = None, distance_m: float | None = None
) -> list[Stage]:
    """Split a total into zone stages by share, later stages rounded down, the rest first."""
    field, total, unit = _total(duration_s, distance_m)
    later = [_round_down(total * share, unit) for _, share in shares[1:]]
    if min(later, default=unit) <= 0:
        raise ValueError(
            f"{_describe(field, total)} is too short to split into {len(shares)} stages of "
            f"whole {'minutes' if field == 'duration_s' else 'half kilometres'}"
        )
    amounts = (total - sum(later), *later)
    return _stages(field, zip((zone for zone, _ in shares), amounts, strict=True))


def _total(duration_s: float | None, distance_m: float | None) -> tuple[str, float, int]:
    """Which total was given, its value, and the unit its stages round to."""
    if (duration_s is None) == (distance_m is None):
        raise ValueError("give a total duration or a total distance, not both or neither")
    field, total, unit = (
        ("duration_s", duration_s, MINUTE_S)
        if distance_m is None
        else ("distance_m", distance_m, HALF_KM_M)
    )
    if not (math.isfinite(total) and total > 0):
        raise ValueError(f"{_describe(field, total)} is not a run")
    return field, total, unit


def _round_down(amount: float | Fraction, unit: int) -> int:
    # Fractions keep a third of 75 minutes at exactly 25, not 24.999….
    return math.floor(Fraction(amount) / unit) * unit


def _stages(field: str, amounts: Iterable[tuple[str, float]]) -> list[Stage]:
    return [Stage(**{field: float(amount)}, zone=zone) for zone, amount in amounts]


def _describe(field: str, total: float) -> str:
    if field == "duration_s":
        return f"a total of {total / 60:g} minutes"
    return f"a total of {total / 1000:g} km"


@dataclass(frozen=True)
class Preset:
    """A built-in template: what it is, the phase it suits, and how to build its stages."""

    key: str
    name: str
    phase: str
    description: str
    build: Callable[..., list[Stage]]
    default_duration_s: float | None = None
    default_distance_m: float | None = None
    # Warnings check_progression gives this preset in its phase, by design.
    known_warnings: tuple[str, ...] = ()

    def stages(self) -> list[Stage]:
        """The preset at its default total, as the built-in template holds it."""
        return self.build(duration_s=self.default_duration_s, distance_m=self.default_distance_m)


PRESETS: dict[str, Preset] = {
    preset.key: preset
    for preset in (
        Preset(
            key="thirds",
            name="Thirds",
            phase="base",
            description=(
                "McMillan's thirds for the base phase: a third comfortable, a third steady, a "
                "third strong at marathon pace, e.g. 20/20/20 minutes in 60–90 minutes. Only a "
                "third is easy, so the checker warns on the easy share."
            ),
            build=thirds,
            default_duration_s=60 * MINUTE_S,
            known_warnings=("easy-share",),
        ),
        Preset(
            key="base_progression",
            name="Base progression",
            phase="base",
            description=(
                "A base-phase progression run: 60% easy, 25% steady, then 15% at marathon "
                "pace, a moderate stress with an easy majority."
            ),
            build=base_progression,
            default_duration_s=60 * MINUTE_S,
        ),
        Preset(
            key="fast_finish",
            name="Fast finish",
            phase="transition",
            description=(
                "The race-specific build's progression run, 75–120 minutes: half easy, a "
                "quarter steady, the last quarter at marathon pace."
            ),
            build=fast_finish,
            default_duration_s=80 * MINUTE_S,  # 40/20/20: the exact shares at whole minutes,
        ),
        Preset(
            key="progressive_long_run",
            name="Progressive long run",
            phase="long_run",
            description=(
                "The 35 km progressive long run: 14% easy, 41% steady (about M+5%), then 45% "
                "at marathon pace, the last part a touch faster if it flows. The opening is "
                "easy-to-moderate, so the checker warns that only 14% is easy."
            ),
            build=progressive_long_run,
            default_distance_m=35_000,
            known_warnings=("easy-share",),
        ),
        Preset(
            key="fast_finish_long_run",
            name="Fast-finish long run",
            phase="long_run",
            description=(
                "A long run easy for about 60%, steady to bridge to marathon pace, then the "
                "last 5–8 km at marathon pace."
            ),
            build=fast_finish_long_run,
            default_distance_m=30_000,
        ),
    )
}
