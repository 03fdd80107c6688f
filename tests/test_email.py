"""Mail printed on the console (the local default) or written to files reads as written: a
person trying the demo copies the password-reset link from it."""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse

from athletes.models import Athlete
from athletes.services import invitation_send
from coach.settings import parse_email_url

pytestmark = pytest.mark.django_db
HOST = "127.0.0.1:8000"


@pytest.fixture
def console(settings):
    stream = io.StringIO()
    settings.MAILERS = {"default": parse_email_url("EMAIL_URL", "console://")}
    settings.MAILERS["default"]["OPTIONS"] = {"stream": stream}
    return stream


def links(text: str) -> list[str]:
    return re.findall(r"^https?://\S+$", text, flags=re.MULTILINE)


def reset_password(client, email):
    # The host of `make run`: with it the link passes 78 characters, where mail lines break.
    client.post(reverse("password_reset"), {"email": email}, headers={"host": HOST})


def test_the_console_prints_a_password_reset_link_whole_and_it_works(client, coach, console):
    reset_password(client, coach.email)
    printed = console.getvalue()
    assert "quoted-printable" not in printed and "=\n" not in printed
    [link] = links(printed)
    assert len(link) > 78  # the length that made it break before
    assert "/password/reset/" in link
    response = client.get(link.removeprefix(f"http://{HOST}"), headers={"host": HOST}, follow=True)
    assert "new password" in response.text.lower()


def test_the_console_prints_names_and_accents_as_written(
    coach, console, settings, django_capture_on_commit_callbacks
):
    coach.first_name, coach.last_name = "María", "Hernández"
    coach.save()
    athlete = Athlete.objects.create(coach=coach, first_name="Chloé", email="chloe@example.com")
    settings.SITE_URL = "https://coach.example.org/a/path/that/makes/the/link/long"
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(athlete=athlete, invited_by=coach)
    printed = console.getvalue()
    assert "Subject: María Hernández invites you to train with them" in printed
    assert "Hello Chloé," in printed
    [link] = links(printed)
    assert len(link) > 78
    assert link.endswith(f"/invite/{athlete.invitations.get().key}/")


def test_mail_written_to_files_keeps_the_link_whole(client, coach, settings, tmp_path):
    settings.MAILERS = {"default": parse_email_url("EMAIL_URL", f"file://{tmp_path}")}
    reset_password(client, coach.email)
    [written] = [path.read_text() for path in tmp_path.iterdir()]
    [link] = links(written)
    assert "/password/reset/" in link and len(link) > 78


def test_tests_still_collect_mail_in_the_outbox(client, coach):
    client.post(reverse("password_reset"), {"email": coach.email})
    assert len(mail.outbox) == 1
