"""Background work for plans: each task calls a service, which claims the work first."""

import smtplib

from celery import shared_task


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
