"""Background work: each task takes ids and calls a service, which claims the work first."""

import smtplib

from celery import shared_task


@shared_task(
    bind=True, autoretry_for=(smtplib.SMTPException, OSError), max_retries=5, retry_backoff=True
)
def invitation_email_task(self, invitation_id: int) -> bool:
    from athletes import services

    return services.invitation_email_send(invitation_id=invitation_id)


@shared_task
def invitations_purge_expired_task() -> int:
    from athletes import services

    return services.invitations_purge_expired()
