"""Writes that span several models: athletes, invitations, accounts."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from athletes.models import (
    MAX_VISIBLE_DAYS,
    Athlete,
    Invitation,
    InvitationStatus,
    Role,
    User,
    ZoneOverride,
)
from athletes.tasks import invitation_email_task
from athletes.visibility import last_visible_day

log = logging.getLogger(__name__)


def athlete_create(
    *, coach: User, first_name: str, last_name: str = "", email: str = ""
) -> Athlete:
    return Athlete.objects.create(
        coach=coach, first_name=first_name, last_name=last_name, email=email.strip().lower()
    )


def invitation_send(*, athlete: Athlete, invited_by: User) -> Invitation:
    """Create a fresh single-use link for the athlete; earlier links stop working."""
    if not athlete.email:
        raise ValidationError("Add the athlete's email address before inviting them.")
    if athlete.user_id:
        raise ValidationError(f"{athlete.full_name} already has an account.")
    with transaction.atomic():
        now = timezone.now()
        athlete.invitations.filter(used_at=None, revoked_at=None).update(revoked_at=now)
        invitation = Invitation.objects.create(
            athlete=athlete,
            email=athlete.email,
            created_by=invited_by,
            created_at=now,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        invitation_email_task.delay_on_commit(invitation.pk)
    return invitation


def invitation_email_send(*, invitation_id: int) -> bool:
    """Send the invitation email once: the conditional update claims it before sending, and a
    failed send releases the claim so that a retry can send it. False: nothing left to send."""
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
        Invitation.objects.filter(pk=invitation_id).update(email_sent_at=None)
        raise
    log.info("invitation %s emailed to %s", invitation_id, invitation.email)
    return True


class InvitationError(Exception):
    """The link can no longer be used; the message says why, for the person holding it."""

    def __init__(self, message: str, status: InvitationStatus | None = None):
        super().__init__(message)
        self.status = status


INVITATION_MESSAGES = {
    InvitationStatus.USED: "This invitation has already been used. Log in with your email "
    "address and password instead.",
    InvitationStatus.EXPIRED: "This invitation has expired. Ask your coach to send a new one.",
    InvitationStatus.REVOKED: "This invitation was replaced by a newer one. Use the link in "
    "the most recent email from your coach.",
}


def invitation_check(invitation: Invitation) -> None:
    status = invitation.status()
    if status != InvitationStatus.PENDING:
        raise InvitationError(INVITATION_MESSAGES[status], status)


def _claim(invitation: Invitation) -> None:
    """Mark the link used, once: a second, concurrent acceptance finds nothing to claim."""
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, used_at=None, revoked_at=None, expires_at__gt=now
    ).update(used_at=now)
    if not claimed:
        invitation.refresh_from_db()
        invitation_check(invitation)
        raise InvitationError(INVITATION_MESSAGES[InvitationStatus.USED], InvitationStatus.USED)


def invitation_accept(
    *, invitation: Invitation, password: str, first_name: str, last_name: str
) -> User:
    """Create the athlete's account from the invitation and link it to the athlete."""
    invitation_check(invitation)
    with transaction.atomic():
        _claim(invitation)
        if User.objects.filter(email__iexact=invitation.email).exists():
            # Someone made an account with this address since the page was opened.
            raise InvitationError(
                f"An account for {invitation.email} exists already: log in, then open the "
                "link again to accept."
            )
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            role=Role.ATHLETE,
        )
        athlete = invitation.athlete
        athlete.user = user
        athlete.first_name, athlete.last_name = first_name, last_name
        athlete.save(update_fields=["user", "first_name", "last_name"])
    return user


def invitation_accept_as(*, invitation: Invitation, user: User) -> Athlete:
    """Link an existing athlete account (signed in as the invited address) to the coach."""
    invitation_check(invitation)
    if user.email.lower() != invitation.email.lower():
        raise InvitationError(
            f"This invitation was sent to {invitation.email}, but you are signed in as "
            f"{user.email}. Log out and open the link again."
        )
    if not user.is_athlete:
        raise InvitationError("Only athlete accounts can accept an invitation from a coach.")
    with transaction.atomic():
        _claim(invitation)
        # An athlete has one coach at a time: an earlier link moves to the new coach's athlete.
        Athlete.objects.filter(user=user).exclude(pk=invitation.athlete_id).update(user=None)
        athlete = invitation.athlete
        athlete.user = user
        athlete.save(update_fields=["user"])
    return athlete


def invitations_purge_expired(*, older_than_days: int = 30) -> int:
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = Invitation.objects.filter(used_at=None, expires_at__lt=cutoff).delete()
    return deleted


def zone_overrides_set(*, athlete: Athlete, bands: dict[str, dict]) -> None:
    """Set the athlete's hand-set zones, zone by zone; a zone with nothing set goes back to
    the computed values."""
    with transaction.atomic():
        for zone, band in bands.items():
            values = {key: band.get(key) for key in ZoneOverride.BAND_FIELDS}
            if all(value is None for value in values.values()):
                athlete.zone_overrides.filter(zone=zone).delete()
            else:
                athlete.zone_overrides.update_or_create(zone=zone, defaults=values)


def athlete_plan_visibility_set(
    *, athlete: Athlete, mode: str, until=None, days: int | None = None
) -> Athlete:
    """How far ahead the athlete sees their plan (docs/running.md §4.10): everything, the
    sessions up to `until`, or the next `days` days. Refused whole (nothing saved) when the
    choice lacks its date or its days."""
    try:
        last_visible_day(mode, until=until, days=days, today=timezone.localdate())
    except ValueError as error:
        raise ValidationError(f"The plan's visibility is not complete: {error}.") from None
    if days is not None and not 1 <= days <= MAX_VISIBLE_DAYS:
        raise ValidationError(f"An athlete sees from 1 to {MAX_VISIBLE_DAYS} days ahead.")
    athlete.plan_visibility, athlete.plan_visible_until, athlete.plan_visible_days = (
        mode,
        until,
        days,
    )
    with transaction.atomic():
        athlete.save(update_fields=["plan_visibility", "plan_visible_until", "plan_visible_days"])
    return athlete
