"""Logging a run (docs/running.md §3.11): by hand or from the watch's files, editing, deleting
and pairing it with the plan by hand. Views call only these; each write is one transaction,
and bad input raises ValidationError with a specific message and saves nothing.

A log by hand is reviewed at once (workouts/log_review.py); a file is stored, queued and read
by the pipeline (workouts/log_pipeline.py) after commit. After a log is added, moved to
another day, deleted, paired by hand or read, the athlete's logs around its days are paired
again with the plan (workouts/pairing.py); a log whose session changed is reviewed again.
"""

import hashlib
import math
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import wraps

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from athletes.models import Athlete
from athletes.paces import (
    HR_MAX_BPM,
    HR_MIN_BPM,
    SPEED_MAX_M_PER_S,
    TEMP_MAX_C,
    TEMP_MIN_C,
    format_duration,
)
from athletes.units import format_distance
from workouts import coach_emails, log_pipeline, targets
from workouts.activity_files import (
    MAX_UPLOAD_BYTES,
    ActivityFileRefused,
    archive_members,
    is_activity_name,
    is_zip,
)
from workouts.log_review import HandStage, hand_review, with_dismissals
from workouts.models import (
    ActivityFile,
    CoachRules,
    LogPairing,
    LogSource,
    LogStatus,
    PlannedSession,
    RunLog,
    RunLogStage,
    SessionKind,
)
from workouts.pairing import LoggedRun, PlannedItem, pair_runs
from workouts.progression import total_duration_s
from workouts.review import Conditions, ReviewRules

# A run is paired by hand with a session at most this many days from its day.
PAIR_DAYS = 3
MAX_DURATION_S = 48 * 3600  # longer than any run logged as one
MAX_DISTANCE_M = 300_000.0
STAGE_PACE_MIN_S_PER_KM = 120.0  # 2:00 /km: faster than any runner
STAGE_PACE_MAX_S_PER_KM = 1800.0  # 30:00 /km: slower than walking
MAX_TEXT = 5000
EARLIEST_DAY = date(1900, 1, 1)  # as for race results (athletes/forms.py)
MAX_NAME = 255
HAND_FIELDS = (
    "date",
    "duration_s",
    "distance_m",
    "avg_hr",
    "rpe",
    "feel",
    "pain_note",
    "notes",
    "temp_c",
    "dew_point_c",
)
# What the athlete may change on a log read from a file: the file says the rest.
FILE_FIELDS = ("rpe", "feel", "pain_note", "notes", "temp_c", "dew_point_c")
WEATHER = ("temp_c", "dew_point_c")


def day_name(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


# -- Reads (selectors) ----------------------------------------------------------------------


def session_logs(session: PlannedSession):
    """The logs paired with a session, the earliest first."""
    return RunLog.objects.filter(session=session).select_related("file").order_by("pk")


def athlete_logs(athlete, *, start: date | None = None, end: date | None = None):
    """An athlete's logs, the latest first, optionally from `start` to `end` (both in)."""
    logs = RunLog.objects.filter(athlete=athlete).select_related("session", "file")
    if start is not None:
        logs = logs.filter(date__gte=start)
    if end is not None:
        logs = logs.filter(date__lte=end)
    return logs.defer("file__data")


def review_rules(coach) -> ReviewRules:
    """The coach's review tolerances (the rules page, docs/running.md §3.6)."""
    rules = CoachRules.objects.filter(coach=coach).first()
    if rules is None:
        return ReviewRules()
    return ReviewRules(
        pace_tolerance_s_per_km=rules.pace_tolerance_s_per_km,
        compliance_green_min_pct=rules.compliance_green_min_pct,
        compliance_green_max_pct=rules.compliance_green_max_pct,
        compliance_yellow_min_pct=rules.compliance_yellow_min_pct,
        compliance_yellow_max_pct=rules.compliance_yellow_max_pct,
        easy_share_review_points=rules.easy_share_review_points,
        pause_max_s=rules.pause_max_s,
    )


@dataclass(frozen=True)
class ReviewPlan:
    """What a log is reviewed against: its session's stages (None: no plan) and the
    athlete's targets as of the session's day (frozen once logged)."""

    stages: list | None
    paces: dict | None = None
    hr_bands: dict | None = None
    lthr: int | None = None
    rules: ReviewRules = field(default_factory=ReviewRules)
    planned_by: str = "duration"
    conditions: Conditions | None = None
    unit: str = "km"


def review_plan(log: RunLog) -> ReviewPlan:
    """The plan and targets `log` is reviewed against; freezes its session's targets (a
    logged run is judged by the targets it was run to, docs/running.md §3.7)."""
    athlete = log.athlete
    conditions = None
    if log.temp_c is not None and log.dew_point_c is not None:
        conditions = Conditions(log.temp_c, log.dew_point_c)
    rules = review_rules(athlete.coach)
    session = log.session
    stages = session.stage_values() if session is not None else []
    if not stages:
        return ReviewPlan(None, rules=rules, conditions=conditions, unit=athlete.units)
    targets.session_targets_freeze(session=session)
    fitness = targets.session_target_fitness(session, targets.fitness_by_day(athlete))
    hr_bands = {name: zone.hr for name, zone in fitness.zones.items() if zone.hr is not None}
    return ReviewPlan(
        stages,
        paces=fitness.paces or None,
        hr_bands=hr_bands or None,
        lthr=athlete.lthr_bpm,
        rules=rules,
        planned_by="distance" if all(s.distance_m is not None for s in stages) else "duration",
        conditions=conditions,
        unit=athlete.units,
    )


# -- Checking input -------------------------------------------------------------------------


def _number(errors: dict, key: str, value, label: str, low: float, high: float, *, whole=False):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors[key] = f"{label} must be a number."
        return None
    try:
        number = float(value)
    except OverflowError:  # an int past any float
        number = math.inf
    if not math.isfinite(number) or not low <= number <= high:
        errors[key] = f"{label} must be between {low:g} and {high:g}, not {number:g}."
        return None
    if whole and value != int(value):
        errors[key] = f"{label} must be a whole number, not {value:g}."
        return None
    return int(value) if whole else float(value)


def _text(errors: dict, key: str, value, label: str) -> str:
    value = "" if value is None else value
    if not isinstance(value, str):
        errors[key] = f"{label} must be text."
        return ""
    if len(value) > MAX_TEXT:
        errors[key] = f"{label} is too long ({len(value)} characters; at most {MAX_TEXT})."
    return value.strip()


def _clean(data: dict, *, athlete, keys: Iterable[str], log: RunLog | None = None) -> dict:
    """The hand fields of `data` among `keys`, checked; ValidationError naming each bad one.
    With `log` (an edit), a figure not given is checked together with the others as stored."""
    errors: dict[str, str] = {}
    out: dict = {}
    keys = set(keys)
    unknown = set(data) - set(HAND_FIELDS)
    if unknown:
        errors["__all__"] = f"Unknown fields: {', '.join(sorted(unknown))}."
    if "date" in keys:
        day = data.get("date")
        today = targets.athlete_today(athlete)
        if day is None or day == "":
            errors["date"] = "Give the day of the run."
        elif not isinstance(day, date) or isinstance(day, datetime):
            errors["date"] = "The day of the run must be a date."
        elif day > today:
            errors["date"] = f"{day_name(day)} is in the future: log a run once it is run."
        elif day < EARLIEST_DAY:
            errors["date"] = f"The year {day.year} is before {EARLIEST_DAY.year}: check the day."
        out["date"] = day
    checks = {
        "duration_s": ("The duration", 1, MAX_DURATION_S, False),
        "distance_m": ("The distance", 1, MAX_DISTANCE_M, False),
        "avg_hr": ("The average heart rate", HR_MIN_BPM, HR_MAX_BPM, True),
        "rpe": ("The effort (RPE)", 1, 10, True),
        "feel": ("The feel", 1, 5, True),
        "temp_c": ("The temperature", TEMP_MIN_C, TEMP_MAX_C, False),
        "dew_point_c": ("The dew point", TEMP_MIN_C, TEMP_MAX_C, False),
    }
    for key, (label, low, high, whole) in checks.items():
        if key in keys:
            out[key] = _number(errors, key, data.get(key), label, low, high, whole=whole)
    for key, label in (("pain_note", "The pain or injury note"), ("notes", "The notes")):
        if key in keys:
            out[key] = _text(errors, key, data.get(key), label)

    def merged(key):
        return out.get(key) if key in out or log is None else getattr(log, key)

    duration, distance = merged("duration_s"), merged("distance_m")
    amount_given = "duration_s" in out or "distance_m" in out
    if amount_given and duration and distance and distance / duration > SPEED_MAX_M_PER_S:
        errors["distance_m"] = (
            f"{format_distance(distance, athlete.units)} in {format_duration(duration)} is "
            "faster than anyone runs: "
            "check the duration and the distance."
        )
    temp, dew = merged("temp_c"), merged("dew_point_c")
    if temp is not None and dew is not None and dew > temp:
        errors["dew_point_c"] = (
            f"The dew point ({dew:g} °C) cannot be above the temperature ({temp:g} °C)."
        )
    if errors:
        raise ValidationError(errors)
    return out


def _clean_stages(stages: list[dict], session: PlannedSession | None) -> dict[int, HandStage]:
    """The typed stage figures, by stage index; entries with nothing typed are dropped."""
    errors: list[str] = []
    out: dict[int, HandStage] = {}
    if not stages:
        return out
    count = session.stages.count() if session is not None else 0
    for entry in stages:
        row: dict[str, str] = {}
        index = entry.get("index")
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
            what = "a run not planned" if session is None else "this session"
            errors.append(f"There is no stage {index!r} in {what}.")
            continue
        if index in out:
            errors.append(f"Stage {index + 1} is given twice.")
            continue
        label = f"Stage {index + 1}:"
        pace = _number(
            row,
            "pace",
            entry.get("pace_s_per_km"),
            f"{label} the pace (s/km)",
            STAGE_PACE_MIN_S_PER_KM,
            STAGE_PACE_MAX_S_PER_KM,
        )
        hr = _number(
            row,
            "hr",
            entry.get("avg_hr"),
            f"{label} the heart rate",
            HR_MIN_BPM,
            HR_MAX_BPM,
            whole=True,
        )
        rpe = _number(row, "rpe", entry.get("rpe"), f"{label} the effort (RPE)", 1, 10, whole=True)
        errors += row.values()
        if not row and (pace, hr, rpe) != (None, None, None):
            out[index] = HandStage(pace, hr, rpe)
    if errors:
        raise ValidationError({"stages": errors})
    return out


def check_session(
    athlete, session: PlannedSession | None, *, log: RunLog | None = None, day: date | None = None
):
    """ValidationError unless `log` (or a new log of the run of `day`) may be paired with
    `session` by hand: a session of the athlete's, not a rest day, held by no other run paired
    by hand, and within PAIR_DAYS of the run's day."""
    if session is None:
        return
    if session.block.athlete_id != athlete.pk:
        raise ValidationError({"session": f"This session is not on {athlete}'s plan."})
    day = day or (log.date if log is not None else None)
    if day is not None and abs((day - session.date).days) > PAIR_DAYS:
        raise ValidationError(
            {
                "date": f"A run of {day_name(day)} is not for the session of "
                f"{day_name(session.date)}: a run pairs with a session at most {PAIR_DAYS} days "
                "from it. Check the day, or log it as a run not planned."
            }
        )
    if session.kind == SessionKind.REST:
        raise ValidationError(
            {"session": "A rest day has no run to pair with: log it as a run not planned."}
        )
    held = RunLog.objects.filter(session=session, pairing=LogPairing.MANUAL)
    if log is not None:
        held = held.exclude(pk=log.pk)
    other = held.first()
    if other is not None:
        raise ValidationError(
            {
                "session": f"The run of {day_name(other.date)} is paired with this session already: "
                "pair that one elsewhere first."
            }
        )


def lock(athlete) -> None:
    """One write of an athlete's logs at a time (pairing reads them all)."""
    list(Athlete.objects.select_for_update().filter(pk=athlete.pk).values_list("pk"))


# -- Pairing with the plan --------------------------------------------------------------------


def _planned_duration_s(session: PlannedSession, by_day) -> int | None:
    stages = [stage.as_value() for stage in session.stages.all()]
    if not stages:
        return None
    paces = None
    if any(stage.duration_s is None for stage in stages):
        paces = targets.session_target_fitness(session, by_day).paces
    total = total_duration_s(stages, paces)
    return None if total is None else round(total)


def logs_pair(*, athlete, dates: Iterable[date], log: RunLog | None = None) -> list[RunLog]:
    """Pair the athlete's logs of `dates` and the days either side again (docs/running.md
    §3.10), and store each one's session and how; the answer is the logs whose pairing
    changed. Sessions held by logs outside the window stay theirs. A log not read yet
    (queued, never decoded) and a failed one take no part; `log` (being read) does."""
    dates = list(dates)
    lo, hi = min(dates) - timedelta(days=1), max(dates) + timedelta(days=1)
    candidates = RunLog.objects.filter(athlete=athlete, date__range=(lo, hi)).exclude(
        status=LogStatus.FAILED
    )
    logs = [
        item
        for item in candidates
        if item.status == LogStatus.DONE
        or item.duration_s is not None
        or item.pairing == LogPairing.MANUAL
        or (log is not None and item.pk == log.pk)
    ]
    if log is not None:  # the log in hand has figures not saved yet
        logs = [log if item.pk == log.pk else item for item in logs]
    sessions = list(
        PlannedSession.objects.filter(
            block__athlete=athlete, date__range=(lo - timedelta(days=1), hi + timedelta(days=1))
        ).prefetch_related("stages")
    )
    held = set(
        RunLog.objects.filter(athlete=athlete, session__in=sessions)
        .exclude(pk__in=[item.pk for item in logs])
        .values_list("session_id", flat=True)
    )
    by_day = None
    if any(stage.duration_s is None for s in sessions for stage in s.stages.all()):
        by_day = targets.fitness_by_day(athlete)
    planned = [
        PlannedItem(
            s.pk, s.date, _planned_duration_s(s, by_day), s.kind, skipped=bool(s.skipped_reason)
        )
        for s in sessions
        if s.pk not in held
    ]
    runs = [
        LoggedRun(
            item.pk,
            item.date,
            item.started_at,
            round(item.duration_s or 0),
            manual_session_id=item.session_id if item.pairing == LogPairing.MANUAL else None,
            manual_unplanned=item.pairing == LogPairing.MANUAL and item.session_id is None,
        )
        for item in logs
    ]
    result = pair_runs(planned, runs)
    changed = []
    for item in logs:
        pairing = result.for_run(item.pk)
        if (item.session_id, item.pairing) == (pairing.session_id, pairing.how):
            continue
        if item.pairing == LogPairing.MANUAL and item.session_id == pairing.session_id:
            continue  # unpaired by hand: it stays so (pair_runs says "unplanned")
        RunLog.objects.filter(pk=item.pk).update(
            session_id=pairing.session_id, pairing=pairing.how, updated_at=timezone.now()
        )
        item.session_id, item.pairing = pairing.session_id, pairing.how
        changed.append(item)
    return changed


def _logged_sessions(block) -> dict[int, tuple[date, int]] | None:
    """The day and version of each session of the block on a day that may have a log (up to
    the athlete's tomorrow, or paired with one: by hand it may be later); None when the
    athlete has no log in the block (nothing to do)."""
    athlete = block.athlete
    if not RunLog.objects.filter(
        athlete=athlete, date__gte=block.start - timedelta(days=1)
    ).exists():
        return None
    last = targets.athlete_today(athlete) + timedelta(days=1)
    rows = (
        block.sessions.filter(Q(date__lte=last) | Q(logs__isnull=False))
        .order_by()
        .distinct()
        .values_list("pk", "date", "version")
    )
    return {pk: (day, version) for pk, day, version in rows}


def logs_follow_plan(service):
    """Decorate a service that changes a block's sessions (`block=` or `session=`): the logs
    of the days it touched are paired again, and a log whose session changed (its stages,
    kind, day, or it was deleted) is reviewed again (docs/running.md §3.11). An athlete with
    no log in the block costs one query."""

    @wraps(service)
    def followed(*args, **kwargs):
        block = kwargs["block"] if kwargs.get("block") is not None else kwargs["session"].block
        before = _logged_sessions(block)
        if before is None:
            return service(*args, **kwargs)
        paired = dict(RunLog.objects.filter(session__block=block).values_list("pk", "session_id"))
        result = service(*args, **kwargs)
        after = _logged_sessions(block) or {}
        changed = {pk for pk in before.keys() | after.keys() if before.get(pk) != after.get(pk)}
        if changed:
            days = {before[pk][0] for pk in changed if pk in before}
            days |= {after[pk][0] for pk in changed if pk in after}
            with transaction.atomic():
                lock(block.athlete)
                # Logs whose session was deleted: a choice by hand went with it.
                orphans = RunLog.objects.filter(
                    pk__in=[pk for pk, session_id in paired.items() if session_id in changed],
                    session=None,
                )
                orphans.filter(pairing=LogPairing.MANUAL).update(pairing=LogPairing.UNPLANNED)
                orphans = list(orphans)
                moved = logs_pair(athlete=block.athlete, dates=days)
                stale = RunLog.objects.filter(athlete=block.athlete, session_id__in=changed)
                review_again({log.pk: log for log in [*orphans, *moved, *stale]}.values())
        return result

    return followed


def review_again(logs: Iterable[RunLog], *, skip: int | None = None) -> None:
    """Review each log again against its (new) session: by hand at once, a file read again
    by the pipeline; a log still waiting is reviewed when read."""
    for item in logs:
        if item.pk == skip:
            continue
        item = RunLog.objects.select_related("athlete__coach", "session__block").get(pk=item.pk)
        if item.source == LogSource.HAND:
            _hand_review_save(item)
        elif item.status == LogStatus.DONE:
            log_pipeline.run_log_requeue(log=item)


def _hand_review_save(log: RunLog) -> None:
    plan = review_plan(log)
    entries = {
        entry.index: HandStage(entry.pace_s_per_km, entry.avg_hr, entry.rpe)
        for entry in log.stage_entries.all()
    }
    review = hand_review(
        plan.stages,
        duration_s=log.duration_s,
        distance_m=log.distance_m,
        avg_hr=log.avg_hr,
        entries=entries,
        paces=plan.paces,
        lthr=plan.lthr,
        rules=plan.rules,
        planned_by=plan.planned_by,
        conditions=plan.conditions,
        unit=plan.unit,
    )
    from workouts.log_fixes import active_fixes  # it calls back here (docs/running.md §3.13)

    review = with_dismissals(review, active_fixes(log.pk))
    log.review, log.compliance = review, review["compliance"] or ""
    RunLog.objects.filter(pk=log.pk).update(
        review=review, compliance=log.compliance, status=LogStatus.DONE
    )


# -- By hand ---------------------------------------------------------------------------------


def run_log_create(
    *, athlete, by, session: PlannedSession | None, data: dict, stages: list[dict]
) -> RunLog:
    """Log a run by hand, reviewed at once. With a session (logged from its page) it is
    paired with that session by hand; without, paired automatically by its day."""
    fields = _clean(data, athlete=athlete, keys=HAND_FIELDS)
    if fields["duration_s"] is None and fields["distance_m"] is None:
        raise ValidationError({"duration_s": "Give the run's duration or its distance."})
    check_session(athlete, session, day=fields["date"])
    entries = _clean_stages(stages, session)
    with transaction.atomic():
        lock(athlete)
        check_session(athlete, session, day=fields["date"])
        log = RunLog.objects.create(
            athlete=athlete,
            session=session,
            pairing=LogPairing.MANUAL if session is not None else LogPairing.UNPLANNED,
            source=LogSource.HAND,
            status=LogStatus.DONE,
            logged_by=by,
            **fields,
        )
        RunLogStage.objects.bulk_create(
            RunLogStage(log=log, index=i, pace_s_per_km=e.pace_s_per_km, avg_hr=e.avg_hr, rpe=e.rpe)
            for i, e in sorted(entries.items())
        )
        changed = logs_pair(athlete=athlete, dates=[log.date])
        log = _reload(log)
        _hand_review_save(log)
        coach_emails.run_reviewed(log.pk)  # the coach told after commit (docs/running.md §3.14)
        review_again(changed, skip=log.pk)
    return log


def _reload(log: RunLog) -> RunLog:
    return RunLog.objects.select_related("athlete__coach", "session__block", "logged_by").get(
        pk=log.pk
    )


def _conflict(log: RunLog) -> ValidationError:
    stored = RunLog.objects.filter(pk=log.pk).first()
    if stored is None:
        return ValidationError("This run was deleted elsewhere.", code="conflict")
    when = timezone.localtime(stored.updated_at)
    return ValidationError(
        f"This run was changed elsewhere since you opened it (at {when:%H:%M} on "
        f"{when:%a} {when.day} {when:%b}): your changes are not saved; reload to see the others.",
        code="conflict",
    )


def run_log_update(*, log: RunLog, by, version: int, data: dict, stages: list[dict]) -> RunLog:
    """Change a log's own figures and review it again. A log read from a file keeps the
    file's figures (only RPE, feel, pain, notes and the weather change; new weather reads
    the file again, for the heat). Keys not in `data` keep their value; saved unchanged,
    nothing is written. A version other than the stored one is a conflict."""
    athlete = log.athlete
    by_hand = log.source == LogSource.HAND
    allowed = HAND_FIELDS if by_hand else FILE_FIELDS
    fixed = sorted(key for key in data if key in HAND_FIELDS and key not in allowed)
    if fixed:
        changed_fixed = [key for key in fixed if data[key] != getattr(log, key)]
        if changed_fixed:
            raise ValidationError(
                {
                    key: "A run read from a file keeps the file's figures: this cannot change."
                    for key in changed_fixed
                }
            )
    if version != log.version:
        raise _conflict(log)
    fields = _clean(data, athlete=athlete, keys=[key for key in allowed if key in data], log=log)
    if by_hand:
        merged = {key: fields.get(key, getattr(log, key)) for key in ("duration_s", "distance_m")}
        if merged["duration_s"] is None and merged["distance_m"] is None:
            raise ValidationError({"duration_s": "Give the run's duration or its distance."})
    elif stages:
        raise ValidationError({"stages": "A run read from a file has its stages from the file."})
    entries = _clean_stages(stages, log.session) if by_hand else None
    stored_entries = {
        e.index: HandStage(e.pace_s_per_km, e.avg_hr, e.rpe) for e in log.stage_entries.all()
    }
    changes = {key: value for key, value in fields.items() if getattr(log, key) != value}
    if not changes and (entries is None or entries == stored_entries):
        return log
    with transaction.atomic():
        lock(athlete)
        updated = RunLog.objects.filter(pk=log.pk, version=version).update(
            **changes, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            raise _conflict(log)
        old_date = log.date
        if entries is not None and entries != stored_entries:
            log.stage_entries.all().delete()
            RunLogStage.objects.bulk_create(
                RunLogStage(
                    log=log, index=i, pace_s_per_km=e.pace_s_per_km, avg_hr=e.avg_hr, rpe=e.rpe
                )
                for i, e in sorted(entries.items())
            )
        changed = []
        if "date" in changes:
            changed = logs_pair(athlete=athlete, dates=[old_date, changes["date"]])
        log = _reload(log)
        if by_hand:
            _hand_review_save(log)
        elif log.status == LogStatus.DONE and any(key in changes for key in WEATHER):
            log_pipeline.run_log_requeue(log=log)
        coach_emails.run_reviewed(log.pk)  # a pain note added: told at once (§3.14)
        review_again(changed, skip=log.pk)
    return _reload(log)


def _days_of(log: RunLog) -> list[date]:
    """The log's day and, as stored, its session's (paired by hand, it may be days away)."""
    stored = RunLog.objects.filter(pk=log.pk).values_list("date", "session__date").first()
    return [day for day in stored or (log.date,) if day is not None]


def run_log_delete(*, log: RunLog, by) -> None:
    """Delete a log, its file and its stage figures; its session is free again (another run
    of those days may pair with it)."""
    athlete = log.athlete
    with transaction.atomic():
        lock(athlete)
        days = _days_of(log)
        RunLog.objects.filter(pk=log.pk).delete()
        changed = logs_pair(athlete=athlete, dates=days)
        review_again(changed)


def run_log_pair(*, log: RunLog, by, session: PlannedSession | None) -> RunLog:
    """Pair a log with a session by hand (None: "not planned"); the automatic pairing never
    undoes it. Its review follows the new session. The session it has already (the pairing
    form saved as shown) changes nothing: an automatic pairing stays automatic."""
    athlete = log.athlete
    check_session(athlete, session, log=log)
    if log.session_id == (session.pk if session else None):
        return log
    if log.status == LogStatus.FAILED:
        raise ValidationError({"session": "This file could not be read: there is no run to pair."})
    with transaction.atomic():
        lock(athlete)
        check_session(athlete, session, log=log)
        days = _days_of(log) + ([session.date] if session is not None else [])
        RunLog.objects.filter(pk=log.pk).update(
            session=session,
            pairing=LogPairing.MANUAL,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        changed = logs_pair(athlete=athlete, dates=days)
        log = _reload(log)
        if log.source == LogSource.HAND:
            _hand_review_save(log)
        elif log.status == LogStatus.DONE:
            log_pipeline.run_log_requeue(log=log)
        review_again(changed, skip=log.pk)
    return _reload(log)


# -- Files ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    logs: list[RunLog]
    refused: list[tuple[str, str]]  # (file name, why)


class _Refused(Exception):
    pass


def _mb(size: int) -> int:
    return size // 1024 // 1024


def _expand(name: str, data: bytes) -> list[tuple[str, bytes | str]]:
    """The upload's activity files: itself, or each member of a zip (with the caps of
    workouts/activity_files.py), each with its bytes or why it is refused."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise _Refused(
            f"{name} is too large ({_mb(len(data))} MB): the limit is {_mb(MAX_UPLOAD_BYTES)} MB"
        )
    if not data:
        raise _Refused(f"{name} is empty")
    if not is_zip(name, data):
        if not is_activity_name(name):
            raise _Refused(f"{name} is not a FIT, GPX or TCX file (nor a zip of them)")
        return [(name, data)]
    try:
        members = archive_members(data, name)
    except ActivityFileRefused as refusal:
        raise _Refused(refusal.message) from None
    return [
        (member, content.message if isinstance(content, ActivityFileRefused) else content)
        for member, content in members
    ]


def _already(athlete, digest: str) -> str | None:
    """Why this file is refused when the athlete uploaded it before: when, and which run. A
    file that could not be read may be uploaded again: it replaces its failed log."""
    earlier = (
        ActivityFile.objects.filter(athlete=athlete, sha256=digest)
        .exclude(log__status=LogStatus.FAILED)
        .select_related("log")
        .first()
    )
    if earlier is None:
        return None
    uploaded = targets.athlete_today(athlete, now=earlier.created_at)
    return (
        f"This file was uploaded already, on {day_name(uploaded)} ({earlier.name}, the run of "
        f"{day_name(earlier.log.date)})"
    )


def run_log_files_upload(
    *,
    athlete,
    by,
    files: list[tuple[str, bytes]],
    session: PlannedSession | None = None,
    relay: bool = True,
) -> Upload:
    """Store each file (a zip: each member) as a queued log with its original bytes and an
    outbox row, in one transaction; the pipeline reads them after commit (`relay` False: the
    caller reads them itself, see import_activity). Refused before anything is stored: too
    large, not an activity file's name, the same file as one uploaded before (unless that one
    failed: the new upload replaces it, read again). With a session, the first file stored is
    paired with it by hand (unless it is a rest day or paired by hand already: then by its
    day); a session of another athlete raises ValidationError."""
    if session is not None and session.block.athlete_id != athlete.pk:
        raise ValidationError({"session": f"This session is not on {athlete}'s plan."})
    today = targets.athlete_today(athlete)
    refused: list[tuple[str, str]] = []
    candidates: list[tuple[str, bytes]] = []
    for name, data in files:
        name = (name or "upload")[-MAX_NAME:]
        try:
            expanded = _expand(name, data)
        except _Refused as refusal:
            refused.append((name, str(refusal)))
            continue
        for member, content in expanded:
            if isinstance(content, str):
                refused.append((member[-MAX_NAME:], content))
            else:
                candidates.append((member[-MAX_NAME:], content))
    logs: list[RunLog] = []
    with transaction.atomic():
        lock(athlete)
        if session is not None:
            try:
                check_session(athlete, session)
            except ValidationError:
                session = None  # a rest day, or paired by hand already: paired by their days
        seen: dict[str, str] = {}
        for name, content in candidates:
            digest = hashlib.sha256(content).hexdigest()
            if digest in seen:
                refused.append((name, f"This file is the same as {seen[digest]}, uploaded with it"))
                continue
            if (why := _already(athlete, digest)) is not None:
                refused.append((name, why))
                continue
            seen[digest] = name
            manual = session is not None and not logs
            try:
                with transaction.atomic():
                    RunLog.objects.filter(
                        athlete=athlete, status=LogStatus.FAILED, file__sha256=digest
                    ).delete()  # failed: unpaired, no review; the new upload reads it again
                    log = RunLog.objects.create(
                        athlete=athlete,
                        session=session if manual else None,
                        pairing=LogPairing.MANUAL if manual else LogPairing.UNPLANNED,
                        source=LogSource.FILE,
                        status=LogStatus.QUEUED,
                        date=today,
                        logged_by=by,
                    )
                    ActivityFile.objects.create(
                        log=log,
                        athlete=athlete,
                        name=name,
                        size=len(content),
                        sha256=digest,
                        data=zlib.compress(content),
                    )
            except IntegrityError:  # the same file, uploaded at this moment elsewhere
                refused.append((name, "This file was uploaded already, a moment ago"))
                continue
            logs.append(log)
        log_pipeline.outbox_add(logs, relay=relay)
    return Upload(logs=logs, refused=refused)


def run_log_original(log: RunLog) -> tuple[str, bytes]:
    """The file as uploaded: its name and bytes. ActivityFile.DoesNotExist for a log by hand."""
    stored = ActivityFile.objects.get(log=log)
    return stored.name, zlib.decompress(bytes(stored.data))
