"""A coach invites an athlete: one link, bound to one address, used once, valid for 7 days."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from athletes import services
from athletes.models import Athlete, Invitation, InvitationStatus, Role, User
from athletes.tasks import invitation_email_task
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "Strong-Marathon-2027"


@pytest.fixture
def invited(coach, django_capture_on_commit_callbacks):
    athlete = Athlete.objects.create(
        coach=coach, first_name="Sofia", last_name="Rossi", email="sofia@example.com"
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_send(athlete=athlete, invited_by=coach)
    return invitation


def accept(client, invitation, **overrides):
    data = {
        "first_name": "Sofia",
        "last_name": "Rossi",
        "password1": PASSWORD,
        "password2": PASSWORD,
    } | overrides
    return client.post(reverse("invitation-accept", args=[invitation.key]), data)


def test_coach_adds_an_athlete_and_the_invitation_email_goes_out(
    client, coach, django_capture_on_commit_callbacks
):
    client.force_login(coach)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("athlete-create"),
            {
                "first_name": "Sofia",
                "last_name": "Rossi",
                "email": "Sofia@Example.com",
                "send_invitation": "on",
            },
        )
    athlete = Athlete.objects.get()
    assert response.status_code == 302
    assert (athlete.coach, athlete.email) == (coach, "sofia@example.com")
    assert len(mail.outbox) == 1
    invitation = athlete.invitations.get()
    assert mail.outbox[0].to == ["sofia@example.com"]
    assert f"/invite/{invitation.key}/" in mail.outbox[0].body
    assert "7 days" in mail.outbox[0].body


def test_coach_can_add_an_athlete_without_an_account(client, coach):
    client.force_login(coach)
    response = client.post(
        reverse("athlete-create"), {"first_name": "Kenji", "last_name": "Tanaka"}
    )
    assert response.status_code == 302
    athlete = Athlete.objects.get()
    assert athlete.user is None and athlete.email == ""
    assert not Invitation.objects.exists()


def test_inviting_without_an_email_asks_for_one_and_saves_nothing(client, coach):
    client.force_login(coach)
    response = client.post(
        reverse("athlete-create"), {"first_name": "Kenji", "send_invitation": "on"}
    )
    assert response.status_code == 200
    assert "Enter an email address to send an invitation." in response.text
    assert not Athlete.objects.exists()


def test_a_duplicate_athlete_email_is_refused(client, coach, athlete):
    client.force_login(coach)
    response = client.post(
        reverse("athlete-create"), {"first_name": "Amara", "email": "RUNNER@example.com"}
    )
    assert "You already have an athlete with this email address." in response.text
    assert Athlete.objects.count() == 1


def test_the_athlete_accepts_sets_a_password_and_lands_on_their_page(client, invited, coach):
    response = accept(client, invited)
    assert response.status_code == 302
    assert response.url == reverse("me")
    user = User.objects.get(email="sofia@example.com")
    assert user.role == Role.ATHLETE and user.check_password(PASSWORD)
    assert invited.athlete.__class__.objects.get(pk=invited.athlete.pk).user == user
    page = client.get(reverse("me"))
    assert "Maria Hernández" in page.text  # linked to the coach, and signed in


def test_a_used_link_cannot_be_used_again(client, invited):
    accept(client, invited)
    client.logout()
    response = accept(client, invited, password1="Another-Pass-99", password2="Another-Pass-99")
    assert response.status_code == 410
    assert "already been used" in response.text
    assert User.objects.filter(email="sofia@example.com").count() == 1


def test_an_expired_link_says_so_and_creates_nothing(client, invited):
    Invitation.objects.filter(pk=invited.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = accept(client, invited)
    assert response.status_code == 410
    assert "expired" in response.text
    assert not User.objects.filter(email="sofia@example.com").exists()


def test_a_link_is_valid_for_seven_days(invited):
    lifetime = invited.expires_at - invited.created_at
    assert timedelta(days=7) - timedelta(seconds=5) < lifetime <= timedelta(days=7)


def test_resending_replaces_the_old_link(
    client, invited, coach, django_capture_on_commit_callbacks
):
    client.force_login(coach)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("athlete-invite", args=[invited.athlete.pk]))
    client.logout()
    newer = Invitation.objects.exclude(pk=invited.pk).get()
    invited.refresh_from_db()
    assert invited.status() == InvitationStatus.REVOKED
    assert newer.status() == InvitationStatus.PENDING
    assert accept(client, invited).status_code == 410
    assert accept(client, newer).status_code == 302
    assert len(mail.outbox) == 2


def test_an_unknown_link_is_404(client, db):
    assert client.get(reverse("invitation-accept", args=["no-such-key"])).status_code == 404


def test_a_different_signed_in_account_cannot_take_the_invitation(client, invited, other_athlete):
    client.force_login(other_athlete.user)
    response = client.post(reverse("invitation-accept", args=[invited.key]))
    assert response.status_code == 403
    assert "sent to sofia@example.com" in response.text
    invited.refresh_from_db()
    assert invited.used_at is None and invited.athlete.user is None


def test_an_existing_athlete_account_is_asked_to_log_in_and_then_joins(client, invited):
    user = make_user("sofia@example.com", Role.ATHLETE, "Sofia", "Rossi")
    response = client.get(reverse("invitation-accept", args=[invited.key]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(user)
    assert client.post(reverse("invitation-accept", args=[invited.key])).status_code == 302
    invited.athlete.refresh_from_db()
    assert invited.athlete.user == user


def test_a_weak_password_is_refused_with_the_reason(client, invited):
    response = accept(client, invited, password1="password", password2="password")
    assert response.status_code == 200
    assert "This password is too common." in response.text
    invited.refresh_from_db()
    assert invited.used_at is None


def test_mismatched_passwords_are_refused(client, invited):
    response = accept(client, invited, password2="Something-Else-1")
    assert "The two passwords differ." in response.text
    assert not User.objects.filter(email="sofia@example.com").exists()


def test_the_email_task_sends_once_when_run_twice(invited):
    assert len(mail.outbox) == 1  # sent on commit by invitation_send
    assert invitation_email_task(invited.pk) is False
    assert invitation_email_task(invited.pk) is False
    assert len(mail.outbox) == 1


def test_the_email_task_releases_its_claim_when_sending_fails(invited, monkeypatch):
    Invitation.objects.filter(pk=invited.pk).update(email_sent_at=None)

    def refuse(*args, **kwargs):
        raise OSError("mail server unreachable")

    monkeypatch.setattr("athletes.services.send_mail", refuse)
    with pytest.raises(OSError):
        invitation_email_task.run(invited.pk)
    invited.refresh_from_db()
    assert invited.email_sent_at is None


def test_purging_deletes_only_long_expired_unused_invitations(invited):
    old = timezone.now() - timedelta(days=40)
    Invitation.objects.filter(pk=invited.pk).update(expires_at=old)
    assert services.invitations_purge_expired() == 1
    assert not Invitation.objects.exists()


def test_the_coach_sees_the_invitation_status(client, coach, invited):
    client.force_login(coach)
    page = client.get(reverse("athlete-list"))
    assert "Invited" in page.text
    detail = client.get(reverse("athlete-detail", args=[invited.athlete.pk]))
    assert "Resend invitation" in detail.text


def test_an_account_made_meanwhile_for_the_address_is_not_duplicated(invited):
    # The page was opened before the account existed; the form is sent after.
    make_user("sofia@example.com", Role.ATHLETE, "Sofia", "Rossi")
    with pytest.raises(services.InvitationError, match="exists already"):
        services.invitation_accept(
            invitation=invited, password=PASSWORD, first_name="Sofia", last_name="Rossi"
        )
    invited.refresh_from_db()
    assert invited.used_at is None  # the claim was rolled back with the refusal
    assert User.objects.filter(email="sofia@example.com").count() == 1
