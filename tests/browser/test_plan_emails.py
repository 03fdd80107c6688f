"""An athlete on a phone turns on the daily email at a time of their own, gets a plan-change
email, and follows its unsubscribe link without logging in (docs/running.md §4.14)."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from athletes.models import Athlete, Role
from tests.browser.helpers import field, log_in, shot
from tests.browser.test_phone_pages import OVERFLOW
from tests.conftest import make_user
from tests.workouts.test_block_calendar import make_block
from workouts import plan_emails, services
from workouts.models import EmailSettings, SessionKind

pytestmark = pytest.mark.browser


@pytest.fixture
def runner(transactional_db):
    coach = make_user("coach@example.com", Role.COACH, "Maria", "Hernández")
    user = make_user("runner@example.com", Role.ATHLETE, "Amara", "Okafor")
    user.time_zone = "Europe/Oslo"
    user.save()
    return Athlete.objects.create(
        coach=coach, user=user, first_name="Amara", last_name="Okafor", email=user.email
    )


def test_an_athlete_chooses_the_daily_email_and_unsubscribes_from_changes(
    phone, live_server, runner, settings
):
    settings.SITE_URL = live_server.url
    log_in(phone, live_server, "runner@example.com")
    phone.goto(live_server.url + "/account/")
    phone.get_by_role("link", name="Email settings").click()
    expect(phone.get_by_role("heading", name="Email settings")).to_be_visible()
    expect(phone.get_by_text("Europe/Oslo")).to_be_visible()  # their own time zone
    field(phone, "Email me the day's session every day").check()
    field(phone, "Send it at").fill("07:15")
    shot(phone, "phone-email-settings")
    assert phone.evaluate(OVERFLOW) == []
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("Your email settings are saved.")).to_be_visible()
    stored = EmailSettings.objects.get(user=runner.user)
    assert stored.daily and stored.plan_changes and stored.daily_time.strftime("%H:%M") == "07:15"

    # The coach adds a run to tomorrow: one email, whose link turns these emails off.
    block = make_block(runner, race_date=timezone.localdate() + timedelta(weeks=10))
    services.session_save(
        block=block,
        date=timezone.localdate() + timedelta(days=1),
        kind=SessionKind.EASY,
        title="",
        notes="",
        stages=[],
    )
    # Without Redis the batch's task runs at once, on commit.
    [message] = mail.outbox
    assert not plan_emails.plan_changes_email_send(athlete_id=runner.pk)
    [link] = [w for w in message.body.split() if "/email/unsubscribe/" in w]
    phone.context.clear_cookies()  # from the mail app: not logged in
    phone.goto(live_server.url + urlsplit(link).path)
    # Opening the link only asks (a mail scanner opening it unsubscribes no one).
    expect(phone.get_by_test_id("unsubscribe-question")).to_contain_text("Stop emails when")
    stored.refresh_from_db()
    assert stored.plan_changes is True
    phone.get_by_test_id("unsubscribe-confirm").click()
    expect(phone.get_by_test_id("unsubscribe-result")).to_contain_text(
        "You get no more emails when your coach changes your next 7 days (at runner@example.com)"
    )
    shot(phone, "phone-email-unsubscribed")
    assert phone.evaluate(OVERFLOW) == []
    stored.refresh_from_db()
    assert stored.plan_changes is False and stored.daily is True

    phone.goto(live_server.url + urlsplit(link).path[:-3] + "xx/")
    expect(phone.get_by_test_id("unsubscribe-error")).to_contain_text("nothing was changed")
