"""Which planned session each logged run was for, and which logs are the same run twice
(docs/running.md §3.10). No Django: the models hand in plain values.

Pairing is recomputed from all the runs and sessions of a stretch of days each time a run is
logged, edited or re-paired by hand; it depends only on the values handed in, never on their
order, so the same runs always pair the same way.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

SAME_DAY = "same-day"
SHIFTED = "shifted"
MANUAL = "manual"
UNPLANNED = "unplanned"

REST = "rest"

# Two recordings are one run when their times overlap by more than this share of the shorter.
OVERLAP_SHARE = 0.5


@dataclass(frozen=True)
class PlannedItem:
    """A planned session: its day, its planned duration (None: planned by distance or not at
    all) and its kind (`SessionKind`'s values; a race pairs like any session, a rest day never)."""

    id: int
    date: date
    duration_s: int | None
    kind: str
    skipped: bool = False


@dataclass(frozen=True)
class LoggedRun:
    """A logged run on the athlete's local date. `manual_session_id` is the session the athlete
    paired it with by hand; `manual_unplanned` says the athlete unpaired it by hand."""

    id: int
    local_date: date
    start: datetime | None
    duration_s: int
    manual_session_id: int | None = None
    fingerprint: str | None = None
    manual_unplanned: bool = False

    def __post_init__(self):
        if self.manual_unplanned and self.manual_session_id is not None:
            raise ValueError("A run paired by hand cannot also be unpaired by hand.")

    @property
    def is_manual(self) -> bool:
        return self.manual_unplanned or self.manual_session_id is not None


@dataclass(frozen=True)
class RunPairing:
    run_id: int
    session_id: int | None
    how: str


@dataclass(frozen=True)
class Pairing:
    """One `RunPairing` per run, in the order of the runs' ids."""

    runs: tuple[RunPairing, ...]

    def for_run(self, run_id: int) -> RunPairing:
        return {item.run_id: item for item in self.runs}[run_id]

    def run_for_session(self, session_id: int) -> int | None:
        return next((i.run_id for i in self.runs if i.session_id == session_id), None)

    @property
    def unplanned(self) -> tuple[int, ...]:
        return tuple(item.run_id for item in self.runs if item.session_id is None)


def _unique_ids(items: Iterable, what: str) -> None:
    ids = [item.id for item in items]
    if len(ids) != len(set(ids)):
        raise ValueError(f"Two {what} have the same id.")


def _closeness(run: LoggedRun, session: PlannedItem) -> tuple[int, int]:
    """How far the run's duration is from the session's; a session without one is farthest."""
    if session.duration_s is None:
        return (1, 0)
    return (0, abs(run.duration_s - session.duration_s))


def _match(candidates: list[tuple[tuple, LoggedRun, PlannedItem]], pairs: dict, how: str):
    """Closest first: each run and each session is taken at most once."""
    taken = set(pairs.values())
    for _, run, session in sorted(candidates, key=lambda c: c[0]):
        if run.id not in pairs and session.id not in taken:
            pairs[run.id] = session.id
            taken.add(session.id)
            yield run.id, how


def pair_runs(planned: Iterable[PlannedItem], runs: Iterable[LoggedRun]) -> Pairing:
    """Pair each run with at most one planned session, and each session with at most one run.

    In order: the athlete's choices by hand, never moved (of two runs paired by hand with one
    session, the earlier-logged keeps it; a rest day takes no run, even by hand); then runs
    with free sessions of their own day, closest in duration first; then runs still unpaired
    with free sessions of the day before or after ("shifted", the session keeps its date),
    closest in duration first and the day before on a tie. Skipped sessions and rest days are
    never paired automatically. Ties go to the lower ids. Pass runs after `duplicates`.
    """
    planned, runs = list(planned), list(runs)
    _unique_ids(planned, "planned sessions")
    _unique_ids(runs, "runs")
    sessions = {session.id: session for session in planned}
    pairs: dict[int, int] = {}
    how: dict[int, str] = {}

    for run in sorted(runs, key=lambda r: r.id):
        chosen = sessions.get(run.manual_session_id)
        if run.manual_session_id is None or (chosen is not None and chosen.kind == REST):
            continue
        # A session outside the days handed in is still the athlete's choice.
        if run.manual_session_id not in pairs.values():
            pairs[run.id] = run.manual_session_id
            how[run.id] = MANUAL

    automatic = [run for run in runs if not run.is_manual]
    free = [s for s in planned if not s.skipped and s.kind != REST]
    same_day = [
        ((_closeness(run, s), run.id, s.id), run, s)
        for run in automatic
        for s in free
        if s.date == run.local_date
    ]
    how.update(_match(same_day, pairs, SAME_DAY))
    one_day = timedelta(days=1)
    shifted = [
        ((_closeness(run, s), s.date > run.local_date, run.id, s.id), run, s)
        for run in automatic
        for s in free
        if abs(s.date - run.local_date) == one_day
    ]
    how.update(_match(shifted, pairs, SHIFTED))

    return Pairing(
        tuple(
            RunPairing(run.id, pairs.get(run.id), how.get(run.id, UNPLANNED))
            for run in sorted(runs, key=lambda r: r.id)
        )
    )


def _overlap_s(a: LoggedRun, b: LoggedRun) -> float:
    end = min(a.start + timedelta(seconds=a.duration_s), b.start + timedelta(seconds=b.duration_s))
    return (end - max(a.start, b.start)).total_seconds()


def is_same_run(a: LoggedRun, b: LoggedRun) -> bool:
    """The same file twice (one fingerprint), or two recordings overlapping in time by more
    than half of the shorter one (a watch and a phone on one run)."""
    if a.fingerprint is not None and a.fingerprint == b.fingerprint:
        return True
    if a.start is None or b.start is None:
        return False
    return _overlap_s(a, b) > OVERLAP_SHARE * min(a.duration_s, b.duration_s)


def duplicates(runs: Iterable[LoggedRun]) -> list[tuple[int, int]]:
    """(kept id, dropped id) for each run that repeats one logged before it (a lower id).

    A run repeating a run already dropped is dropped in favour of the run that one repeated:
    the same file uploaded three times, or a third recording overlapping the second, is still
    the first activity.
    """
    runs = sorted(runs, key=lambda r: r.id)
    _unique_ids(runs, "runs")
    kept_for: dict[int, int] = {}
    dropped = []
    for i, later in enumerate(runs):
        original = next((r for r in runs[:i] if is_same_run(r, later)), None)
        if original is not None:
            kept_for[later.id] = kept_for.get(original.id, original.id)
            dropped.append((kept_for[later.id], later.id))
    return dropped
