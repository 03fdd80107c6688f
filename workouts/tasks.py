"""Background work for plans: each task calls a service, which claims the work first."""

import smtplib

from celery import shared_task
from django.conf import settings


@shared_task
def sessions_freeze_task() -> int:
    """Freeze the targets of every session whose day has passed (docs/running.md §3.7)."""
    from workouts import targets

    return targets.sessions_freeze()


# -- Word when the plan changes (docs/running.md §4.14) --------------------------------------

_MAIL_RETRY = {
    "bind": True,
    "autoretry_for": (smtplib.SMTPException, OSError),
    "max_retries": 5,
    "retry_backoff": True,
}


@shared_task(**_MAIL_RETRY)
def plan_changes_email_task(self, athlete_id: int) -> bool:
    """The batch of an athlete's plan changes, enqueued with a countdown by its first one."""
    from workouts import plan_emails

    return plan_emails.plan_changes_email_send(athlete_id=athlete_id)


@shared_task
def plan_changes_sweep_task() -> int:
    from workouts import plan_emails

    return plan_emails.plan_changes_sweep()


@shared_task
def daily_emails_task() -> int:
    from workouts import plan_emails

    return plan_emails.daily_emails_send()


@shared_task(**_MAIL_RETRY)
def coach_notice_email_task(self, notice_id: int) -> bool:
    from workouts import plan_emails

    return plan_emails.coach_notice_email_send(notice_id=notice_id)


# -- Logged runs' files (docs/running.md §3.11) ----------------------------------------------


@shared_task(
    bind=True,
    acks_late=True,
    soft_time_limit=settings.RUN_LOG_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.RUN_LOG_TASK_TIME_LIMIT,
    max_retries=None,  # bounded by the log's own claims (log_pipeline.MAX_ATTEMPTS)
)
def process_run_log_task(self, log_id: int) -> str:
    """Read, pair and review one uploaded file; a second run finds it claimed."""
    from workouts import log_pipeline

    for _ in range(log_pipeline.MAX_ATTEMPTS):
        try:
            return log_pipeline.run_log_process(log_id=log_id)
        except log_pipeline.Transient as error:
            if not self.request.is_eager:
                raise self.retry(
                    exc=error, countdown=log_pipeline.backoff_s(self.request.retries)
                ) from None
            # In-process (the embedded default) there is no queue to wait in: again at once.
    return ""


@shared_task
def run_logs_sweep_task() -> int:
    """Hand over again the files still queued; requeue those a dead worker left."""
    from workouts import log_pipeline

    return log_pipeline.run_logs_sweep()


# -- The coach's review (docs/running.md §3.12) ----------------------------------------------


@shared_task(**_MAIL_RETRY)
def log_comment_email_task(self, comment_id: int) -> bool:
    """Tell the athlete of their coach's comment on a run; a second run finds it claimed."""
    from workouts import review_queue

    return review_queue.log_comment_email_send(comment_id=comment_id)


# -- The coach's emails of runs (docs/running.md §3.14) --------------------------------------


@shared_task(**_MAIL_RETRY)
def coach_run_email_task(self, log_id: int) -> bool:
    """Tell the coach of a run just reviewed, when it goes at once; a second run finds it told."""
    from workouts import coach_emails

    return coach_emails.coach_run_email_send(log_id=log_id)


@shared_task
def coach_batches_task() -> int:
    """The coaches' daily batches and weekly digests that are due, and lost runs' emails."""
    from workouts import coach_emails

    return coach_emails.coach_batches_send()
