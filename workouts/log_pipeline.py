"""The pipeline of uploaded files (docs/running.md §3.11): the outbox, its relay to Celery, the
periodic sweep, and reading and reviewing a queued log.

- An upload writes each log with a `LogOutbox` row in its own transaction. After commit the
  relay hands the rows to Celery: with a broker, from a daemon thread, one attempt with short
  timeouts (the request never waits on the broker, nor fails with it); on the embedded default
  (tasks eager, no broker) the task runs right there. A row the broker did not take stays.
- `run_logs_sweep` (Celery beat, every minute) hands over again every row whose log is still
  queued and that was never handed over or was over RELAY_STALE ago, and puts back in the
  queue a log left "processing" past the task's hard time limit (its worker died).
- `run_log_process` claims the log (a conditional update, queued -> processing): a second run
  finds nothing to claim. It decodes the stored bytes, dates the run on the athlete's local day
  of its start, pairs it, reviews it against its session and saves the review. A file that
  cannot be read, or the same run as one logged already, ends "failed" with the reason; a
  transient error (the database) puts it back in the queue for a retry with backoff, up to
  MAX_ATTEMPTS claims, then "failed".
"""

import logging
import threading
import zlib
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from athletes.models import Athlete
from coach.celery import app
from workouts import coach_emails, fixes, targets
from workouts.activity_files import ActivityFileRefused, read_activity
from workouts.log_review import file_review, with_dismissals
from workouts.models import ActivityFile, LogOutbox, LogPairing, LogStatus, RunLog
from workouts.pairing import LoggedRun, is_same_run
from workouts.progression import Stage
from workouts.review import review_run

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RELAY_STALE = timedelta(minutes=2)
BACKOFF_S = (10, 30, 90, 270, 600)
PUBLISH_TIMEOUT_S = 3  # connecting to the broker, and each of its answers, from the relay
STUCK_SLACK = timedelta(seconds=30)
TRANSIENT = (OperationalError, InterfaceError)
# Relay threads started by this process, for tests to wait on.
relay_threads: list[threading.Thread] = []


class Transient(Exception):
    """The log went back to the queue: retry the task later."""


def backoff_s(retries: int) -> int:
    return BACKOFF_S[min(retries, len(BACKOFF_S) - 1)]


# -- The outbox and its relay ---------------------------------------------------------------


def outbox_add(logs: list[RunLog], *, relay: bool = True) -> None:
    """Work for the worker, in the caller's transaction; handed over once it commits. With
    `relay` False the caller reads the logs itself: the rows count as handed over now, so the
    sweep leaves them to it (for RELAY_STALE: after that, the caller died)."""
    relayed_at = None if relay else timezone.now()
    rows = LogOutbox.objects.bulk_create(
        [LogOutbox(log=log, relayed_at=relayed_at) for log in logs]
    )
    if relay and rows:
        work = [(row.pk, row.log_id) for row in rows]
        transaction.on_commit(lambda: relay_after_commit(work))


def run_log_requeue(*, log: RunLog) -> None:
    """Read a log's file again (its session or its weather changed)."""
    RunLog.objects.filter(pk=log.pk).update(
        status=LogStatus.QUEUED, error="", attempts=0, claimed_at=None
    )
    log.status = LogStatus.QUEUED
    outbox_add([log])


def relay_after_commit(work: list[tuple[int, int]]) -> None:
    """Hand (outbox row, log) pairs to Celery: in-process when tasks run eagerly, else from a
    daemon thread, so that the request does not wait on the broker."""
    if app.conf.task_always_eager:
        hand_over(work)
        return
    thread = threading.Thread(target=_hand_over_in_thread, args=(work,), daemon=True)
    relay_threads[:] = [*(t for t in relay_threads if t.is_alive()), thread]
    thread.start()


def _hand_over_in_thread(work: list[tuple[int, int]]) -> None:
    from django.db import connection

    try:
        hand_over(work)
    finally:
        connection.close()


def hand_over(work: list[tuple[int, int]]) -> int:
    """Publish each log's task and mark its row relayed; at the first broker error stop (the
    broker is down: the sweep tries again). The answer is how many were handed over."""
    handed = 0
    for row_id, log_id in work:
        try:
            _publish(log_id)
        except Exception:  # the broker's error, whatever it is: the row stays for the sweep
            logger.warning("Log %s not handed over: left for the sweep", log_id, exc_info=True)
            break
        LogOutbox.objects.filter(pk=row_id).update(
            relayed_at=timezone.now(), relays=F("relays") + 1
        )
        handed += 1
    return handed


def _publish(log_id: int) -> None:
    from workouts.tasks import process_run_log_task

    if app.conf.task_always_eager:
        process_run_log_task.apply_async((log_id,))
        return
    options = {"socket_connect_timeout": PUBLISH_TIMEOUT_S, "socket_timeout": PUBLISH_TIMEOUT_S}
    with app.connection_for_write(
        connect_timeout=PUBLISH_TIMEOUT_S, transport_options=options
    ) as connection:
        connection.ensure_connection(max_retries=0)
        process_run_log_task.apply_async((log_id,), connection=connection, retry=False)


def run_logs_sweep(*, now=None) -> int:
    """Put back in the queue what a dead worker left processing, and hand over again what is
    still queued; the answer is how many were handed over."""
    now = now or timezone.now()
    stuck = now - timedelta(seconds=settings.RUN_LOG_TASK_TIME_LIMIT) - STUCK_SLACK
    stuck_logs = RunLog.objects.filter(status=LogStatus.PROCESSING, claimed_at__lt=stuck)
    stuck_logs.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=LogStatus.FAILED,
        error=f"This file could not be read: reading it stopped {MAX_ATTEMPTS} times.",
        session=None,
        pairing=LogPairing.UNPLANNED,
    )
    stuck_logs.update(status=LogStatus.QUEUED)
    # A log being read keeps its row: if its worker dies, the row is what hands it over again.
    LogOutbox.objects.filter(log__status__in=(LogStatus.DONE, LogStatus.FAILED)).delete()
    rows = LogOutbox.objects.filter(log__status=LogStatus.QUEUED).filter(
        Q(relayed_at__isnull=True) | Q(relayed_at__lt=now - RELAY_STALE)
    )
    # One row a log is enough: the oldest.
    work, seen = [], set()
    for row_id, log_id in rows.order_by("created_at", "pk").values_list("pk", "log_id"):
        if log_id not in seen:
            seen.add(log_id)
            work.append((row_id, log_id))
    return hand_over(work)


# -- Reading a queued log --------------------------------------------------------------------


def _fail(log_id: int, claimed_at, message: str) -> str:
    from workouts import run_logs

    athlete_id = RunLog.objects.filter(pk=log_id).values_list("athlete_id", flat=True).first()
    if athlete_id is None:
        return ""  # deleted meanwhile
    with transaction.atomic():
        run_logs.lock(Athlete(pk=athlete_id))  # the services' order: the athlete, then the log
        failed = RunLog.objects.filter(
            pk=log_id, status=LogStatus.PROCESSING, claimed_at=claimed_at
        ).update(
            status=LogStatus.FAILED,
            error=message,
            session=None,
            pairing=LogPairing.UNPLANNED,
            review=None,
            compliance="",
            updated_at=timezone.now(),
        )
        LogOutbox.objects.filter(log_id=log_id).delete()
    return LogStatus.FAILED if failed else ""


def run_log_process(*, log_id: int) -> str:
    """Claim, read, pair, review and save one queued log; the answer is its status after
    ("" when there was nothing to claim: a second run of the task changes nothing)."""
    claimed_at = timezone.now()
    claimed = RunLog.objects.filter(pk=log_id, status=LogStatus.QUEUED).update(
        status=LogStatus.PROCESSING, attempts=F("attempts") + 1, claimed_at=claimed_at
    )
    if not claimed:
        return ""
    try:
        return _process(log_id, claimed_at)
    except ActivityFileRefused as refusal:
        return _fail(log_id, claimed_at, refusal.message)
    except SoftTimeLimitExceeded:
        return _fail(log_id, claimed_at, "This file took too long to read: it is not read.")
    except TRANSIENT as error:
        attempts = RunLog.objects.filter(pk=log_id).values_list("attempts", flat=True).first()
        if attempts is not None and attempts >= MAX_ATTEMPTS:
            return _fail(
                log_id,
                claimed_at,
                f"This file could not be read just now ({MAX_ATTEMPTS} tries): "
                "upload it again later.",
            )
        RunLog.objects.filter(pk=log_id, status=LogStatus.PROCESSING, claimed_at=claimed_at).update(
            status=LogStatus.QUEUED
        )
        raise Transient(str(error)) from error
    except Exception:
        logger.exception("Reading the file of log %s failed", log_id)
        return _fail(
            log_id, claimed_at, "This file could not be read (an error on our side, noted)."
        )


def _same_run(log: RunLog) -> RunLog | None:
    """A run logged from another file whose times overlap this one's (docs/running.md §3.10)."""
    if log.started_at is None:
        return None
    near = RunLog.objects.filter(
        athlete_id=log.athlete_id,
        status=LogStatus.DONE,
        started_at__range=(log.started_at - timedelta(days=2), log.started_at + timedelta(days=2)),
    ).exclude(pk=log.pk)
    this = LoggedRun(log.pk, log.date, log.started_at, round(log.duration_s or 0))
    for other in near.order_by("pk"):
        logged = LoggedRun(other.pk, other.date, other.started_at, round(other.duration_s or 0))
        if is_same_run(logged, this):
            return other
    return None


def _process(log_id: int, claimed_at) -> str:
    from workouts import log_fixes, run_logs

    stored = ActivityFile.objects.filter(log_id=log_id).select_related("athlete").first()
    if stored is None:
        return ""  # the log was deleted meanwhile
    original = read_activity(zlib.decompress(bytes(stored.data)), stored.name)
    with transaction.atomic():
        # The athlete first, then the log: the services' order (a deadlock otherwise).
        run_logs.lock(stored.athlete)
        log = (
            RunLog.objects.select_for_update(of=("self",))
            .select_related("athlete__coach", "athlete__user")
            .filter(pk=log_id, status=LogStatus.PROCESSING, claimed_at=claimed_at)
            .first()
        )
        if log is None:
            return ""  # deleted, or queued again meanwhile: that run does the work
        # The fixes in force, read under the log's lock (docs/running.md §3.13).
        active = log_fixes.active_fixes(log_id)
        recording = fixes.apply(original, active)
        timer_s = recording.elapsed_s - recording.paused_s
        athlete = log.athlete
        old_date = log.date
        if recording.start is not None:
            log.date = targets.athlete_today(athlete, now=recording.start)
        log.started_at, log.duration_s = recording.start, timer_s
        log.sport, log.sub_sport, log.device = (
            recording.sport,
            recording.sub_sport,
            recording.device,
        )
        other = _same_run(log)
        if other is not None:
            return _fail(
                log_id,
                claimed_at,
                f"This is the same run as the one logged on {run_logs.day_name(other.date)}: "
                "it is kept once.",
            )
        log.save(update_fields=["date", "started_at", "duration_s", "sport", "sub_sport", "device"])
        changed = run_logs.logs_pair(athlete=athlete, dates=[old_date, log.date], log=log)
        log = RunLog.objects.select_related("athlete__coach", "session__block").get(pk=log_id)
        plan = run_logs.review_plan(log)
        stages = plan.stages or [Stage(duration_s=max(timer_s, 1.0), zone="easy")]
        try:
            review = review_run(
                recording,
                stages,
                paces=plan.paces if plan.stages else None,
                hr_bands=plan.hr_bands,
                lthr=plan.lthr,
                rules=plan.rules,
                planned_by=plan.planned_by,
                conditions=plan.conditions,
                unit=plan.unit,
                boundaries=fixes.boundaries(active),
            )
        except ValueError as error:
            raise ActivityFileRefused(f"This run cannot be reviewed: {error}.") from None
        data = file_review(
            recording, review, planned=plan.stages is not None, conditions=plan.conditions
        )
        data = with_dismissals(data, active)
        RunLog.objects.filter(pk=log_id).update(
            moving_s=review.moving_s,
            distance_m=review.distance_m,
            avg_hr=review.avg_hr,
            review=data,
            compliance=data["compliance"] or "",
            status=LogStatus.DONE,
            error="",
            updated_at=timezone.now(),
        )
        LogOutbox.objects.filter(log_id=log_id).delete()
        coach_emails.run_reviewed(log_id)  # the coach told after commit (docs/running.md §3.14)
        run_logs.review_again(changed, skip=log_id)
    return LogStatus.DONE
