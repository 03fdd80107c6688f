"""Paces and heart-rate zones from an athlete's fitness. No Django here."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PaceRange:
    """A pace band in seconds per km; fast is the smaller number."""

    fast_s_per_km: float
    slow_s_per_km: float
