"""Distances and paces as runners type and read them, in kilometres or miles. No Django."""

import math
import re

from athletes.paces import KM_M, MARATHON_M, MILE_M, format_pace

HALF_MARATHON_M = MARATHON_M / 2

# Names runners use for race distances; the values are the official lengths in metres.
NAMED_DISTANCES = {
    "5k": 5000.0,
    "8k": 8000.0,
    "10k": 10000.0,
    "15k": 15000.0,
    "10 miles": 10 * MILE_M,
    "20k": 20000.0,
    "half marathon": HALF_MARATHON_M,
    "half": HALF_MARATHON_M,
    "25k": 25000.0,
    "30k": 30000.0,
    "marathon": MARATHON_M,
    "50k": 50000.0,
}
RACE_CHOICES = ["5K", "10K", "15K", "10 miles", "Half marathon", "Marathon"]
# The unit words a distance may be typed in, and their metres: the one such table.
UNIT_METRES = {"m": 1.0, "km": KM_M, "k": KM_M, "mi": MILE_M, "mile": MILE_M, "miles": MILE_M}
_AMOUNT = re.compile(r"(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>m|km|k|mi|mile|miles)", re.ASCII)


def parse_distance(text: str) -> float:
    """Metres from "5K", "half marathon", "21.1 km", "13.1 mi" or "800 m"."""
    key = " ".join(text.strip().lower().split())
    if key in NAMED_DISTANCES:
        return NAMED_DISTANCES[key]
    match = _AMOUNT.fullmatch(key)
    if match is None:
        raise ValueError(
            f"{text.strip()!r} is not a distance: write 5K, 10K, half marathon, marathon, "
            "or an amount with a unit such as 21.1 km or 13.1 mi"
        )
    metres = float(match["amount"]) * UNIT_METRES[match["unit"]]
    if not 0 < metres < 1e7:  # 10,000 km: past that the number is a typo (or infinite)
        raise ValueError("a distance must be more than zero and less than 10,000 km")
    return metres


def distance_name(metres: float, unit: str = "km") -> str:
    """The race name for an official distance ("Half marathon"), else the amount."""
    for name in RACE_CHOICES:
        if math.isclose(metres, parse_distance(name), abs_tol=0.5):
            return name
    return format_distance(metres, unit)


def format_distance(metres: float, unit: str = "km") -> str:
    """ "21.1 km" or "13.1 mi"; whole numbers without a decimal ("10 km")."""
    amount = metres / (MILE_M if unit == "mi" else KM_M)
    text = f"{amount:.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}"


def format_pace_range(fast_s_per_km: float, slow_s_per_km: float, unit: str = "km") -> str:
    """ "4:56–5:34 /km"; a band narrower than the display rounds to one pace."""
    fast, slow = format_pace(fast_s_per_km, unit), format_pace(slow_s_per_km, unit)
    if fast == slow:
        return fast
    return f"{fast.split(' ')[0]}–{slow}"


def parse_pace(text: str, unit: str = "km") -> float:
    """Seconds per km from "4:30" typed per km or per mile (the athlete's unit)."""
    match = re.fullmatch(r"(\d{1,2}):([0-5]\d)", text.strip())
    if match is None:
        raise ValueError(f"{text.strip()!r} is not a pace: write minutes:seconds, e.g. 4:30")
    seconds = int(match[1]) * 60 + int(match[2])
    s_per_km = seconds * KM_M / MILE_M if unit == "mi" else float(seconds)
    if not 120 <= s_per_km <= 1200:
        raise ValueError(f"{text.strip()} per {unit} is not a running pace (2:00–20:00 per km)")
    return s_per_km
