"""A plan text syntax, so a coach types a progression run as fast as they would say it.

    30min easy, 20min steady, 10min marathon
    8km E, 6km M, 2km T
    1h30min easy, 5mi @7:15/mi, 20min @4:30-4:40/km

Stages are separated by commas or new lines. Each is an amount and a target:
- the amount is a number and a unit: `s`/`sec`, `min`, `h` (durations may chain, with
  no space: `1h30min`), or `m` (metres), `km`, `mi`; decimals are fine (`1.5km`, `1.5h`);
- the target is a zone, case-insensitive, `easy`, `steady`, `marathon`, `threshold` or
  E/S/M/T (also `interval`/I, `repetition`/R, `rest`, `walk`, `recovery`, so the checker
  can name and refuse them), or a pace `@4:30/km`, a range `@4:30-4:40/km`, or `/mi`.

Everything is stored in SI: seconds, metres, paces in seconds per km (a mile is
1609.344 m). `format_plan` writes the canonical form: durations in whole minutes (`30min`)
or else seconds (`90s`), distances in km (`8km`, `1.5km`) or metres under 1 km (`800m`),
full zone names, and paces in km rounded to the second (`@4:30-4:40/km`). So a mile pace
comes back as its km equivalent, and `parse_plan(format_plan(stages)) == stages` holds for
every stage whose paces are whole seconds per km. No Django here.
"""

import re
from collections.abc import Sequence
from decimal import Decimal

from athletes.paces import PaceRange
from workouts.progression import ZONE_NAMES, Stage

METRES_PER_MILE = Decimal("1609.344")

# Unit word → (the Stage field it fills, SI factor, its name in an error message).
_SECOND = ("duration_s", Decimal(1), "seconds")
_MINUTE = ("duration_s", Decimal(60), "minutes")
_HOUR = ("duration_s", Decimal(3600), "hours")
_TIME_UNITS = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), _SECOND),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), _MINUTE),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), _HOUR),
}
_UNITS = {
    **_TIME_UNITS,
    **dict.fromkeys(("m", "metre", "metres", "meter", "meters"), ("distance_m", Decimal(1), "m")),
    "km": ("distance_m", Decimal(1000), "km"),
    **dict.fromkeys(("mi", "mile", "miles"), ("distance_m", METRES_PER_MILE, "miles")),
}
_PACE_UNITS = {"km": Decimal(1), "mi": Decimal(1000) / METRES_PER_MILE}
_ZONE_WORDS = {
    **{zone: zone for zone in ZONE_NAMES},
    "e": "easy",
    "s": "steady",
    "m": "marathon",
    "t": "threshold",
    "i": "interval",
    "r": "repetition",
}

AMOUNT_EXPECTED = "an amount like 30min or 8km"
UNIT_EXPECTED = "a unit (s, min, h, m, km or mi)"
TIME_UNIT_EXPECTED = "a time unit (h, min or s) to go on with the duration"
TARGET_EXPECTED = "a zone (easy, steady, marathon, threshold or E/S/M/T) or a pace like @4:30/km"
PACE_EXPECTED = "a pace like 4:30"
SECONDS_EXPECTED = "seconds from 00 to 59"
PACE_ABOVE_ZERO_EXPECTED = "a pace above 0:00"
PACE_UNIT_EXPECTED = "/km or /mi after the pace"
SEPARATOR_EXPECTED = "a comma or a new line before the next stage"
AMOUNT_WITHIN_EXPECTED = "a stage of at most 12 h or 200 km"
PACE_WITHIN_EXPECTED = "a running pace between 2:00 and 20:00 per km"

# Bounds of a stage a person runs (ours): beyond them a number is a typo, not a plan.
MAX_AMOUNT = {"duration_s": Decimal(12 * 3600), "distance_m": Decimal(200_000)}
PACE_MIN_S_PER_KM = 120.0
PACE_MAX_S_PER_KM = 1200.0

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_WORD = re.compile(r"[A-Za-z]+")
_SPACES = re.compile(r"[ \t]*")
_SEPARATORS = re.compile(r"[\s,]*")
_PACE = re.compile(r"([0-9]+):([0-9]{2})")
_DASH = re.compile(r"[-–]")
_AT = re.compile("@")
_SLASH = re.compile("/")
_TOKEN = re.compile(r"[^\s,]{1,20}")


class PlanSyntaxError(ValueError):
    """A plan text that cannot be read; `position` is the 0-based index of the problem.

    The message counts characters from 1, as a person reading the text does."""

    def __init__(self, position: int, expected: str, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.expected = expected


class _Reader:
    """The plan text and how far it has been read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def take(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        match = pattern.match(self.text, self.pos)
        if match:
            self.pos = match.end()
        return match

    def skip_spaces(self) -> None:
        self.take(_SPACES)

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def next_is(self, characters: str) -> bool:
        return not self.at_end() and self.text[self.pos] in characters

    def error(self, expected: str, position: int | None = None) -> PlanSyntaxError:
        position = self.pos if position is None else position
        return PlanSyntaxError(
            position,
            expected,
            f"At character {position + 1}: expected {expected}, found {self._found(position)}",
        )

    def _found(self, position: int) -> str:
        if position >= len(self.text):
            return "the end of the text"
        token = _TOKEN.match(self.text, position)
        if token:
            return repr(token.group())
        return "a new line" if self.text[position] in "\r\n" else repr(self.text[position])


def parse_plan(text: str) -> list[Stage]:
    """Read a plan text into stages; raise PlanSyntaxError naming where and what was expected."""
    reader = _Reader(text)
    reader.take(_SEPARATORS)
    if reader.at_end():
        raise PlanSyntaxError(reader.pos, "a stage", "enter at least one stage")
    stages = []
    while not reader.at_end():
        stages.append(_stage(reader))
        reader.skip_spaces()
        if reader.at_end():
            break
        if not reader.next_is(",\r\n"):
            raise reader.error(SEPARATOR_EXPECTED)
        reader.take(_SEPARATORS)
    return stages


def _stage(reader: _Reader) -> Stage:
    field, amount = _amount(reader)
    reader.skip_spaces()
    target_at = reader.pos
    if reader.take(_AT):
        return Stage(**{field: float(amount)}, pace=_pace_range(reader))
    word = reader.take(_WORD)
    zone = _ZONE_WORDS.get(word.group().lower()) if word else None
    if zone is None:
        raise reader.error(TARGET_EXPECTED, target_at)
    return Stage(**{field: float(amount)}, zone=zone)


def _amount(reader: _Reader) -> tuple[str, Decimal]:
    """An amount in SI and the Stage field it fills; durations may chain, as in 1h30min.

    Only without a space: `30min 20min steady` is a forgotten zone, not 50 minutes.
    """
    start = reader.pos
    field, amount, name = _quantity(reader, _UNITS, UNIT_EXPECTED)
    while field == "duration_s" and reader.next_is("0123456789"):
        amount += _quantity(reader, _TIME_UNITS, TIME_UNIT_EXPECTED)[1]
    if amount == 0:
        raise PlanSyntaxError(
            start,
            "an amount above 0",
            f"At character {start + 1}: a stage of 0 {name} is not a stage",
        )
    if amount > MAX_AMOUNT[field]:
        raise PlanSyntaxError(
            start,
            AMOUNT_WITHIN_EXPECTED,
            f"At character {start + 1}: a stage is at most 12 h or 200 km long",
        )
    return field, amount


def _quantity(
    reader: _Reader, units: dict[str, tuple[str, Decimal, str]], unit_expected: str
) -> tuple[str, Decimal, str]:
    number = reader.take(_NUMBER)
    if not number:
        raise reader.error(AMOUNT_EXPECTED)
    reader.skip_spaces()
    unit_at = reader.pos
    word = reader.take(_WORD)
    unit = units.get(word.group().lower()) if word else None
    if unit is None:
        raise reader.error(unit_expected, unit_at)
    field, factor, name = unit
    return field, Decimal(number.group()) * factor, name


def _pace_range(reader: _Reader) -> PaceRange:
    """A pace or a pace range after the @, stored fast end first in seconds per km."""
    reader.skip_spaces()
    pace_at = reader.pos
    first = second = _pace(reader)
    reader.skip_spaces()
    if reader.take(_DASH):
        reader.skip_spaces()
        second = _pace(reader)
        reader.skip_spaces()
    unit_at = reader.pos
    if not reader.take(_SLASH):
        raise reader.error(PACE_UNIT_EXPECTED)
    reader.skip_spaces()
    word = reader.take(_WORD)
    per_km = _PACE_UNITS.get(word.group().lower()) if word else None
    if per_km is None:
        raise reader.error(PACE_UNIT_EXPECTED, unit_at)
    fast, slow = sorted((float(first * per_km), float(second * per_km)))
    if fast < PACE_MIN_S_PER_KM or slow > PACE_MAX_S_PER_KM:
        raise PlanSyntaxError(
            pace_at,
            PACE_WITHIN_EXPECTED,
            f"At character {pace_at + 1}: expected {PACE_WITHIN_EXPECTED}",
        )
    return PaceRange(fast, slow)


def _pace(reader: _Reader) -> Decimal:
    start = reader.pos
    pace = reader.take(_PACE)
    if not pace:
        raise reader.error(PACE_EXPECTED)
    minutes, seconds = int(pace.group(1)), int(pace.group(2))
    if seconds >= 60:
        raise reader.error(SECONDS_EXPECTED, pace.start(2))
    if minutes == seconds == 0:
        raise reader.error(PACE_ABOVE_ZERO_EXPECTED, start)
    return Decimal(minutes * 60 + seconds)


def format_plan(stages: Sequence[Stage]) -> str:
    """Write stages in the canonical plan text, the form `parse_plan` reads back."""
    return ", ".join(format_stage(stage) for stage in stages)


def format_stage(stage: Stage) -> str:
    """One stage in the canonical plan text, e.g. `30min easy` or `2km @4:30-4:40/km`."""
    return f"{_format_amount(stage)} {_format_target(stage)}"


def _format_amount(stage: Stage) -> str:
    if stage.duration_s is not None:
        seconds = _decimal(stage.duration_s)
        if seconds % 60 == 0:
            return f"{_plain(seconds / 60)}min"
        return f"{_plain(seconds)}s"
    metres = _decimal(stage.distance_m)
    miles = metres / METRES_PER_MILE
    if metres % 1 and _is_whole(miles, Decimal("0.001")):
        # A distance typed in miles stays in miles: in km it would not read back exactly.
        return f"{_plain(miles.quantize(Decimal('0.001')))}mi"
    if metres < 1000:
        return f"{_plain(metres)}m"
    return f"{_plain(metres / 1000)}km"


def _format_target(stage: Stage) -> str:
    if stage.zone is not None:
        return stage.zone
    fast, slow = stage.pace.fast_s_per_km, stage.pace.slow_s_per_km
    per_mile = _PACE_UNITS["mi"]
    unit, factor = "km", Decimal(1)
    if all(_is_whole(_decimal(p) / per_mile, Decimal(1)) for p in (fast, slow)):
        unit, factor = "mi", 1 / per_mile  # a pace typed per mile is written per mile
    fast_text = _mmss(float(_decimal(fast) * factor))
    slow_text = _mmss(float(_decimal(slow) * factor))
    if fast_text == slow_text:
        return f"@{fast_text}/{unit}"
    return f"@{fast_text}-{slow_text}/{unit}"


def _is_whole(value: Decimal, step: Decimal) -> bool:
    return abs(value / step - round(value / step)) < Decimal("1e-6")


def _decimal(number: float) -> Decimal:
    # The shortest repr reads back as the same float, so the text round-trips exactly.
    return Decimal(repr(number))


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _mmss(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"
