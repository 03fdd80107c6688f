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

from athletes.paces import MILE_M, PaceRange, format_mmss
from workouts.progression import ZONE_NAMES, Stage

METRES_PER_MILE = Decimal(repr(MILE_M))  # exact, for text that reads back unchanged

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


# How a message lists what may follow an amount.
_ZONE_LIST = "easy, steady, marathon or threshold (E, S, M, T), or a pace like @4:30/km"


class PlanSyntaxError(ValueError):
    """A plan text that cannot be read; `position` is the 0-based index of the problem and
    `expected` what the reader wanted there.

    The message is for the coach: it quotes the words they typed ("'X' after 20min is not a
    zone"), never a character count."""

    def __init__(self, position: int, expected: str, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.expected = expected


class _Reader:
    """The plan text and how far it has been read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.stage_number = 1

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

    def error(self, expected: str, message: str, position: int | None = None) -> PlanSyntaxError:
        return PlanSyntaxError(self.pos if position is None else position, expected, message)

    def token(self, position: int) -> str | None:
        """The word typed at `position`, None at the end of a stage (a separator or the end)."""
        token = _TOKEN.match(self.text, position)
        return token.group() if token else None

    def found(self, position: int) -> str:
        """The word typed at `position`, quoted for a message; callers ask where there is one."""
        return _quote(self.token(position) or "")

    def typed(self, start: int, end: int | None = None) -> str:
        """The text typed from `start` to `end` (or here), cut short for a message."""
        return _short(self.text[start : self.pos if end is None else end].strip())


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:19] + "…"


def _quote(text: str) -> str:
    return repr(_short(text))


def _is_zone_word(word: str | None) -> bool:
    return word is not None and word.lower() in _ZONE_WORDS


def parse_plan(text: str) -> list[Stage]:
    """Read a plan text into stages; raise PlanSyntaxError naming where and what was expected."""
    reader = _Reader(text)
    reader.take(_SEPARATORS)
    if reader.at_end():
        raise PlanSyntaxError(reader.pos, "a stage", "Type at least one stage, like 20min easy.")
    stages = []
    while not reader.at_end():
        start = reader.pos
        stages.append(_stage(reader))
        reader.skip_spaces()
        if reader.at_end():
            break
        if not reader.next_is(",\r\n"):
            raise reader.error(SEPARATOR_EXPECTED, _separator_message(reader, start))
        reader.take(_SEPARATORS)
        reader.stage_number += 1
    return stages


def _separator_message(reader: _Reader, stage_start: int) -> str:
    stage, found = repr(reader.typed(stage_start)), reader.found(reader.pos)
    if reader.text[reader.pos].isalnum() or reader.next_is("@"):
        return (
            f"A comma is missing between {stage} and {found}: separate stages with commas "
            "or new lines."
        )
    return f"{found} after {stage} does not separate stages: use a comma or a new line."


def _stage(reader: _Reader) -> Stage:
    start = reader.pos
    field, amount = _amount(reader)
    amount_text = reader.typed(start)
    reader.skip_spaces()
    target_at = reader.pos
    if reader.take(_AT):
        return Stage(**{field: float(amount)}, pace=_pace_range(reader))
    word = reader.take(_WORD)
    zone = _ZONE_WORDS.get(word.group().lower()) if word else None
    if zone is None:
        if reader.token(target_at) is None:
            message = f"{amount_text} needs a zone after it: {_ZONE_LIST}."
        else:
            message = f"{reader.found(target_at)} after {amount_text} is not a zone: {_ZONE_LIST}."
        raise reader.error(TARGET_EXPECTED, message, target_at)
    return Stage(**{field: float(amount)}, zone=zone)


def _amount(reader: _Reader) -> tuple[str, Decimal]:
    """An amount in SI and the Stage field it fills; durations may chain, as in 1h30min.

    Only without a space: `30min 20min steady` is a forgotten zone, not 50 minutes.
    """
    start = reader.pos
    field, amount, name = _quantity(reader, start, _UNITS)
    while field == "duration_s" and reader.next_is("0123456789"):
        amount += _quantity(reader, start, _TIME_UNITS)[1]
    if amount == 0:
        raise PlanSyntaxError(
            start,
            "an amount above 0",
            f"{reader.typed(start)!r} has no length: a stage of 0 {name} is not a stage.",
        )
    if amount > MAX_AMOUNT[field]:
        raise PlanSyntaxError(
            start,
            AMOUNT_WITHIN_EXPECTED,
            f"{reader.typed(start)!r} is longer than any run: a stage is at most 12 h or 200 km "
            "long.",
        )
    return field, amount


def _quantity(
    reader: _Reader, start: int, units: dict[str, tuple[str, Decimal, str]]
) -> tuple[str, Decimal, str]:
    """A number and its unit; `start` is where the stage's amount began (1h of 1h30min)."""
    number = reader.take(_NUMBER)
    if not number:
        raise reader.error(AMOUNT_EXPECTED, _amount_message(reader))
    reader.skip_spaces()
    unit_at = reader.pos
    word = reader.take(_WORD)
    unit = units.get(word.group().lower()) if word else None
    if unit is None:
        found, so_far = reader.token(unit_at), reader.typed(start, unit_at)
        # A zone right after the number, or nothing: the unit was forgotten, not misspelt.
        forgotten = found is None or _is_zone_word(found)
        if units is _TIME_UNITS:
            message = (
                f"{so_far} needs a time unit after {number.group()}, as in 1h30min."
                if forgotten
                else f"{reader.found(unit_at)} after {so_far} is not a time unit: a duration "
                "goes on in h, min or s, as in 1h30min."
            )
            raise reader.error(TIME_UNIT_EXPECTED, message, unit_at)
        message = (
            f"{so_far} needs a unit, like {number.group()}min or {number.group()}km "
            "(s, min, h, m, km or mi)."
            if forgotten
            else f"{reader.found(unit_at)} after {so_far} is not a unit: use s, min, h, m, km "
            "or mi."
        )
        raise reader.error(UNIT_EXPECTED, message, unit_at)
    field, factor, name = unit
    return field, Decimal(number.group()) * factor, name


def _amount_message(reader: _Reader) -> str:
    word = reader.token(reader.pos)
    if _is_zone_word(word):
        return f"{_quote(word)} needs an amount before it, like 20min {word} or 5km {word}."
    return (
        f"Stage {reader.stage_number} starts with {reader.found(reader.pos)}: start each stage "
        "with an amount, like 20min or 5km."
    )


def _pace_range(reader: _Reader) -> PaceRange:
    """A pace or a pace range after the @, stored fast end first in seconds per km."""
    at = reader.pos - 1
    reader.skip_spaces()
    pace_at = reader.pos
    first = second = _pace(reader, at)
    reader.skip_spaces()
    if reader.take(_DASH):
        reader.skip_spaces()
        second = _pace(reader, at)
        reader.skip_spaces()
    unit_at = reader.pos
    if not reader.take(_SLASH):
        message = f"{reader.typed(at)} needs /km or /mi after it, like @4:30/km."
        raise reader.error(PACE_UNIT_EXPECTED, message)
    reader.skip_spaces()
    word = reader.take(_WORD)
    per_km = _PACE_UNITS.get(word.group().lower()) if word else None
    if per_km is None:
        message = (
            f"{reader.found(unit_at)} after {reader.typed(at, unit_at)} is not a pace unit: "
            "write /km or /mi."
        )
        raise reader.error(PACE_UNIT_EXPECTED, message, unit_at)
    fast, slow = sorted((float(first * per_km), float(second * per_km)))
    if fast < PACE_MIN_S_PER_KM or slow > PACE_MAX_S_PER_KM:
        raise PlanSyntaxError(
            pace_at,
            PACE_WITHIN_EXPECTED,
            f"{reader.typed(at)} is not a pace anyone runs: give {PACE_WITHIN_EXPECTED}.",
        )
    return PaceRange(fast, slow)


def _pace(reader: _Reader, at: int) -> Decimal:
    """A pace m:ss; `at` is where its @ stands, to quote what came before."""
    start = reader.pos
    pace = reader.take(_PACE)
    if not pace:
        before = reader.typed(at, start)
        if reader.token(start) is None:
            message = f"{before} needs a pace after it, like @4:30/km or @4:30-4:40/km."
        else:
            message = (
                f"{reader.found(start)} after {before} is not a pace: write minutes and "
                "seconds, like @4:30/km or @4:30-4:40/km."
            )
        raise reader.error(PACE_EXPECTED, message)
    minutes, seconds = int(pace.group(1)), int(pace.group(2))
    if seconds >= 60:
        message = f"{_quote(pace.group())} is not a pace: the seconds go from 00 to 59."
        raise reader.error(SECONDS_EXPECTED, message, pace.start(2))
    if minutes == seconds == 0:
        message = f"{_quote(pace.group())} is not a pace: a running pace is above 0:00."
        raise reader.error(PACE_ABOVE_ZERO_EXPECTED, message, start)
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
    fast_text = format_mmss(float(_decimal(fast) * factor))
    slow_text = format_mmss(float(_decimal(slow) * factor))
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
