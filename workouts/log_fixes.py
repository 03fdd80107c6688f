"""Setting the record straight (docs/running.md §3.13): the coach or the athlete fixes what a
recording got wrong, or dismisses a finding with a reason, and the review runs again; every fix
is a `LogFix` row, undone by marking it (the row stays, and so does the original file).

A run read from a file is read again by the pipeline (workouts/log_pipeline.py applies the
active fixes to the original before the review); a run logged by hand is reviewed again at
once. A log being read takes no fix until it is done. The rules are workouts/fixes.py's.
"""

import zlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from workouts import fixes, log_pipeline, run_logs
from workouts.activity_files import read_activity
from workouts.fixes import Fix
from workouts.models import ActivityFile, LogFix, LogSource, LogStatus, RunLog
from workouts.recording import Recording

BEING_READ = "This run is being reviewed again: wait until it is done, then fix it."
NOT_READ = "This file could not be read: there is no recording to fix."


def active_fixes(log_id: int) -> list[Fix]:
    """The fixes of a log in force, in the order they were made."""
    rows = LogFix.objects.filter(log_id=log_id, undone_at__isnull=True).order_by("created_at", "pk")
    return [Fix(row.kind, row.params, row.reason) for row in rows]


def fixed_recording(log: RunLog) -> Recording | None:
    """The log's original recording with its active fixes applied; None for a run by hand."""
    stored = ActivityFile.objects.filter(log_id=log.pk).first()
    if stored is None:
        return None
    recording = read_activity(zlib.decompress(bytes(stored.data)), stored.name)
    return fixes.apply(recording, active_fixes(log.pk))


def recording_span(recording: Recording | None) -> tuple[float, float] | None:
    """The first and last sample's time, the bounds a fix's times lie within."""
    if recording is None or not recording.samples:
        return None
    return recording.samples[0].t_s, recording.samples[-1].t_s


def offered_kinds(log: RunLog) -> list[str]:
    """The kinds of fix that apply to a log now (none while it is read or if it failed)."""
    if log.status != LogStatus.DONE:
        return []
    return fixes.offered(log.review or {}, recorded=log.source != LogSource.HAND)


def may_fix(log: RunLog, user) -> bool:
    """The athlete and their coach may fix a run; no one else."""
    athlete = log.athlete
    return user.pk is not None and user.pk in (athlete.user_id, athlete.coach_id)


def _locked(log: RunLog) -> RunLog:
    run_logs.lock(log.athlete)  # the services' order: the athlete, then the log
    locked = (
        RunLog.objects.select_for_update(of=("self",))
        .select_related("athlete__coach", "athlete__user", "session__block")
        .filter(pk=log.pk)
        .first()
    )
    if locked is None:
        raise ValidationError("This run was deleted meanwhile.")
    if locked.is_pending:
        raise ValidationError(BEING_READ, code="pending")
    if locked.status == LogStatus.FAILED:
        raise ValidationError(NOT_READ)
    return locked


def _review_again(log: RunLog) -> None:
    if log.source == LogSource.HAND:
        run_logs._hand_review_save(log)
    else:
        log_pipeline.run_log_requeue(log=log)


def log_fix_add(*, log: RunLog, by, kind: str, params: dict, reason: str = "") -> LogFix:
    """Record a fix of `log` and review it again. Bad input raises ValidationError by field
    (in the athlete's units) and records nothing."""
    if not may_fix(log, by):
        raise PermissionDenied("Only the athlete and their coach may fix this run.")
    reason = reason.strip()
    with transaction.atomic():
        log = _locked(log)
        span = None
        if log.source != LogSource.HAND:
            span = recording_span(fixed_recording(log))
            if span is None:
                raise ValidationError(NOT_READ)
        errors = fixes.check(
            kind, params, review=log.review or {}, span=span, reason=reason, unit=log.athlete.units
        )
        if errors:
            raise ValidationError(errors)
        fix = LogFix.objects.create(log=log, kind=kind, params=params, reason=reason, author=by)
        _review_again(log)
    return fix


def log_fix_undo(*, fix: LogFix, by) -> LogFix:
    """Undo a fix (the row stays, marked undone) and review the log again; undoing a fix
    undone already changes nothing."""
    if not may_fix(fix.log, by):
        raise PermissionDenied("Only the athlete and their coach may undo a fix of this run.")
    with transaction.atomic():
        log = _locked(fix.log)
        undone = LogFix.objects.filter(pk=fix.pk, log=log, undone_at__isnull=True).update(
            undone_at=timezone.now(), undone_by=by
        )
        if undone:
            _review_again(log)
    return LogFix.objects.select_related("author", "undone_by").get(pk=fix.pk)


def log_fixes_list(log: RunLog) -> list[LogFix]:
    """Every fix of a log, active and undone, oldest first, with who made and undid it."""
    rows = LogFix.objects.filter(log=log).select_related("author", "undone_by")
    return list(rows.order_by("created_at", "pk"))
