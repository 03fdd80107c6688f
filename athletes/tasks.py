import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from athletes import services
from athletes.models import Invitation

log = logging.getLogger(__name__)


@shared_task(
    bind=True, autoretry_for=(smtplib.SMTPException, OSError), max_retries=5, retry_backoff=True
)
def invitation_email_task(self, invitation_id: int) -> bool:
    """Send the invitation email once: the conditional update claims it before sending."""
    claimed = Invitation.objects.filter(
        pk=invitation_id, email_sent_at=None, used_at=None, revoked_at=None
    ).update(email_sent_at=timezone.now())
    if not claimed:
        return False
    invitation = Invitation.objects.select_related("athlete", "created_by").get(pk=invitation_id)
    context = {
        "invitation": invitation,
        "coach": invitation.created_by or invitation.athlete.coach,
        "link": settings.SITE_URL + reverse("invitation-accept", args=[invitation.key]),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    try:
        send_mail(
            subject=f"{context['coach']} invites you to train with them",
            message=render_to_string("athletes/email/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
    except Exception:
        # Release the claim so a retry can send it.
        Invitation.objects.filter(pk=invitation_id).update(email_sent_at=None)
        raise
    log.info("invitation %s emailed to %s", invitation_id, invitation.email)
    return True


@shared_task
def invitations_purge_expired_task() -> int:
    return services.invitations_purge_expired()
