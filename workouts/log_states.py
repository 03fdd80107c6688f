"""What the calendars show of the logged runs (docs/running.md §3.11): for each planned session
its state (logged with its compliance and worst finding, being read, a file that could not be
read, not run with its reason, missed once its day is over) and, by day, the runs that were
not planned. One query for a whole calendar, whatever its length: the logs of its sessions and
the unplanned ones of its days, with their review's findings and stage verdicts but never its
stored series."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.db.models.fields.json import KeyTransform

from workouts.models import LogPairing, LogStatus, RunLog, SessionKind

# The compliance colours of docs/running.md §3.1, in words: never a colour alone.
COMPLIANCE_LABELS = {"green": "On plan", "yellow": "Near plan", "orange": "Off plan"}
# A finding's code (docs/running.md §3.5) as a chip says it, in two or three words.
FINDING_LABELS = {
    "started-too-fast": "too-fast start",
    "not-progressive": "not progressive",
    "surge": "surge",
    "stopped": "stopped",
    "finish-too-hard": "finish too hard",
    "finish-missed": "finish missed",
    "easy-share": "easy share",
    "short": "short",
    "long": "long",
}
SEVERITY_RANK = {"serious": 2, "warning": 1}
# A stage's verdict (docs/running.md §3.4) in a word or a mark, for a chip's stage marks.
VERDICT_MARKS = {"on-target": "✓", "too-fast": "fast", "too-slow": "slow"}
VERDICT_WORDS = {"on-target": "on target", "too-fast": "too fast", "too-slow": "too slow"}
# Of several logs on one session, the one the calendar shows: a reviewed run first, then one
# being read, then a file that could not be read; the earliest logged of equals.
STATUS_RANK = {LogStatus.DONE: 0, LogStatus.QUEUED: 1, LogStatus.PROCESSING: 1, LogStatus.FAILED: 2}

LOGGED, PENDING, FAILED, SKIPPED, MISSED, PLANNED = (
    "logged",
    "pending",
    "failed",
    "skipped",
    "missed",
    "planned",
)
# What a chip's label reads when the state alone says it.
STATE_LABELS = {
    PENDING: "Being read",
    FAILED: "File not read",
    MISSED: "Missed",
    PLANNED: "",
}
# The fields a calendar reads of a log: never its review's series or the file.
LOG_FIELDS = (
    "pk",
    "athlete_id",
    "session_id",
    "pairing",
    "source",
    "status",
    "date",
    "duration_s",
    "distance_m",
    "compliance",
)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str

    @property
    def label(self) -> str:
        return FINDING_LABELS.get(self.code, self.code)


@dataclass(frozen=True)
class LoggedRun:
    """A log as a calendar shows it: its status, its amount, its compliance and the gravest of
    its review's findings (a serious one before a warning, the first of equals)."""

    pk: int
    athlete_id: int
    session_id: int | None
    date: date
    status: str
    pairing: str
    source: str
    duration_s: float | None
    distance_m: float | None
    compliance: str
    worst: Finding | None
    n_findings: int
    # Each planned stage's verdict, in order (None: not judged); () without stages.
    verdicts: tuple[str | None, ...] = ()

    @property
    def stage_marks(self) -> tuple[tuple[int, str, str, str], ...]:
        """(stage number, verdict, mark, words) for each stage of a run of several stages
        (a progression: one stage says no more than the compliance), when any was judged."""
        if len(self.verdicts) < 2 or not any(self.verdicts):
            return ()
        return tuple(
            (i + 1, v or "none", VERDICT_MARKS.get(v, "–"), VERDICT_WORDS.get(v, "not judged"))
            for i, v in enumerate(self.verdicts)
        )

    @property
    def is_shifted(self) -> bool:
        """Run a day early or late: its session keeps the planned date."""
        return self.pairing == LogPairing.SHIFTED

    @property
    def is_done(self) -> bool:
        return self.status == LogStatus.DONE


@dataclass(frozen=True)
class LogState:
    """A planned session's state on a calendar: `kind` is one of logged, pending, failed,
    skipped, missed or planned (its day not over and nothing logged)."""

    kind: str
    run: LoggedRun | None = None
    reason: str = ""  # not run because (the skip reason's words)

    @property
    def colour(self) -> str:
        """green, yellow or orange for a reviewed run (its compliance), red for a missed
        session, "" otherwise (a run reviewed without a compliance, or no state yet)."""
        if self.kind == LOGGED:
            return self.run.compliance
        return "red" if self.kind == MISSED else ""

    @property
    def label(self) -> str:
        """ "On plan", "Near plan", "Off plan", "Done" (reviewed, no compliance), "Missed",
        "Not run: ill", "Being read", "File not read"; "" for a session still ahead."""
        if self.kind == LOGGED:
            return COMPLIANCE_LABELS.get(self.run.compliance, "Done")
        if self.kind == SKIPPED:
            return f"Not run: {self.reason}"
        return STATE_LABELS[self.kind]

    @property
    def finding(self) -> Finding | None:
        return self.run.worst if self.run else None

    @property
    def is_logged(self) -> bool:
        return self.kind == LOGGED

    @property
    def is_missed(self) -> bool:
        return self.kind == MISSED

    @property
    def has_log(self) -> bool:
        """Whether a log stands behind the state (its page to link to)."""
        return self.run is not None


@dataclass(frozen=True)
class CalendarLogs:
    states: dict[int, LogState]  # by session pk
    unplanned: dict[tuple[int, date], tuple[LoggedRun, ...]]  # by (athlete pk, day)

    def state(self, session) -> LogState:
        return self.states[session.pk]

    def runs_on(self, athlete_id: int, day: date) -> tuple[LoggedRun, ...]:
        return self.unplanned.get((athlete_id, day), ())


def worst_finding(findings) -> tuple[Finding | None, int]:
    """The gravest finding of a stored review's list and how many it holds."""
    if not isinstance(findings, list) or not findings:
        return None, 0
    worst = max(
        (f for f in findings if isinstance(f, dict)),
        key=lambda f: SEVERITY_RANK.get(f.get("severity"), 0),
        default=None,
    )
    if worst is None:
        return None, 0
    found = Finding(
        str(worst.get("code", "")), worst.get("severity", "warning"), worst.get("message", "")
    )
    return found, len(findings)


def _verdicts(stages) -> tuple[str | None, ...]:
    if not isinstance(stages, list):
        return ()
    return tuple(s.get("verdict") if isinstance(s, dict) else None for s in stages)


def _run(row: dict) -> LoggedRun:
    done = row["status"] == LogStatus.DONE
    worst, n = worst_finding(row["findings"]) if done else (None, 0)
    return LoggedRun(
        pk=row["pk"],
        athlete_id=row["athlete_id"],
        session_id=row["session_id"],
        date=row["date"],
        status=row["status"],
        pairing=row["pairing"],
        source=row["source"],
        duration_s=row["duration_s"],
        distance_m=row["distance_m"],
        compliance=row["compliance"] if done else "",
        worst=worst,
        n_findings=n,
        verdicts=_verdicts(row["stages"]) if done else (),
    )


def session_state(session, run: LoggedRun | None, *, today: date) -> LogState:
    """One session's state: its log's when it has one (a run logged on a session marked not
    run is still a run), else not run with its reason, else missed once its day is over (a
    rest day is never missed), else planned."""
    if run is not None:
        kind = {LogStatus.DONE: LOGGED, LogStatus.FAILED: FAILED}.get(run.status, PENDING)
        return LogState(kind, run)
    if session.skipped_reason:
        return LogState(SKIPPED, reason=session.get_skipped_reason_display())
    if session.date < today and session.kind != SessionKind.REST:
        return LogState(MISSED)
    return LogState(PLANNED)


def calendar_logs(
    sessions, *, athlete_ids, start: date, end: date, today: date, unplanned: bool = True
) -> CalendarLogs:
    """The states of `sessions` and the unplanned runs of `athlete_ids` from `start` to `end`
    (reviewed ones: a file still being read may yet pair with a session), in one query."""
    sessions = list(sessions)
    wanted = Q(session_id__in=[s.pk for s in sessions])
    if unplanned and athlete_ids:
        wanted |= Q(
            session__isnull=True,
            athlete_id__in=list(athlete_ids),
            date__range=(start, end),
            status=LogStatus.DONE,
        )
    rows = (
        RunLog.objects.filter(wanted)
        .annotate(
            findings=KeyTransform("findings", "review"), stages=KeyTransform("stages", "review")
        )
        .order_by("date", "created_at", "pk")
        .values(*LOG_FIELDS, "findings", "stages")
    )
    by_session, loose = {}, defaultdict(list)
    for row in rows:
        run = _run(row)
        if run.session_id is None:
            loose[(run.athlete_id, run.date)].append(run)
            continue
        kept = by_session.get(run.session_id)
        if kept is None or STATUS_RANK[run.status] < STATUS_RANK[kept.status]:
            by_session[run.session_id] = run
    states = {s.pk: session_state(s, by_session.get(s.pk), today=today) for s in sessions}
    return CalendarLogs(states, {key: tuple(runs) for key, runs in loose.items()})
