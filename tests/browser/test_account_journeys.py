"""The account journeys in a real browser: log in, invite, accept, log out, reset a password.

A coach works on a desktop; an athlete on a phone. Emails land in Django's locmem outbox,
which the live server (a thread of this process) shares with the test.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD, field, log_in, shot, submit_login

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Tempo-Ridge-Lantern-2027"


def link_in_last_email(live_server, pattern: str) -> str:
    """The path matching `pattern` in the newest email, made absolute for the live server."""
    assert mail.outbox, "no email was sent"
    match = re.search(pattern, mail.outbox[-1].body)
    assert match, f"no {pattern!r} in:\n{mail.outbox[-1].body}"
    return live_server.url + match.group(0)


def test_coach_invites_an_athlete_who_joins_on_a_phone(live_server, page, phone, coach):
    # The coach logs in, lands on the dashboard and opens the athletes list.
    page.goto(live_server.url + "/login/")
    shot(page, "login-page")
    log_in(page, live_server, coach.email, PASSWORD)
    expect(page).to_have_url(live_server.url + "/dashboard/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Athletes").click()
    expect(page.get_by_role("heading", name="Your athletes")).to_be_visible()

    # ... adds an athlete, with the invitation emailed right away.
    page.get_by_role("link", name="Add athlete").click()
    expect(page.get_by_role("heading", name="Add an athlete")).to_be_visible()
    field(page, "First name").fill("Sofia")
    field(page, "Last name").fill("Rossi")
    field(page, "Email").fill("sofia@example.com")
    expect(field(page, "Email an invitation now")).to_be_checked()
    page.get_by_role("button", name="Add athlete").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Sofia Rossi added. Invitation sent to sofia@example.com."
    )
    expect(page.get_by_role("heading", name="Sofia Rossi", level=1)).to_be_visible()
    expect(page.get_by_text("Invited", exact=True)).to_be_visible()
    athlete_url = page.url
    shot(page, "coach-athlete-detail-invited")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Athletes").click()
    row = page.get_by_role("row", name=re.compile("Sofia Rossi"))
    expect(row.get_by_text("Invited", exact=True)).to_be_visible()
    shot(page, "coach-athlete-list")

    # The athlete opens the emailed link on a phone and creates the account.
    assert mail.outbox[-1].to == ["sofia@example.com"]
    invitation_url = link_in_last_email(live_server, r"/invite/[\w-]+/")
    phone.goto(invitation_url)
    expect(phone.get_by_role("heading", name="Train with Maria Hernández")).to_be_visible()
    expect(phone.get_by_label("Your email address")).to_have_value("sofia@example.com")
    expect(field(phone, "First name")).to_have_value("Sofia")
    shot(phone, "phone-invitation-accept")

    field(phone, "First name").fill("Sofia")
    field(phone, "Last name").fill("Rossi")
    field(phone, "Password").fill(NEW_PASSWORD)
    field(phone, "Password again").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Create my account").click()

    expect(phone).to_have_url(live_server.url + "/me/")
    expect(phone.get_by_role("heading", name="Hello Sofia")).to_be_visible()
    expect(phone.get_by_text("Your coach: Maria Hernández")).to_be_visible()
    expect(phone.get_by_role("alert")).to_contain_text("You now train with Maria Hernández")
    shot(phone, "phone-athlete-me")

    # On a phone the user menu hides behind the navbar toggler. Without animations the
    # screenshot shows the opened menu rather than a frame of Bootstrap's collapse transition.
    phone.emulate_media(reduced_motion="reduce")
    log_out = phone.get_by_role("button", name="Log out (sofia@example.com)")
    expect(log_out).to_be_hidden()
    phone.get_by_role("button", name="Menu").click()
    expect(log_out).to_be_visible()
    shot(phone, "phone-user-menu-open", full_page=False)
    log_out.click()
    expect(phone).to_have_url(re.compile(r"/login/$"))

    # ... and logs in again with the new password.
    submit_login(phone, "Sofia@Example.com", NEW_PASSWORD)
    expect(phone).to_have_url(live_server.url + "/me/")
    expect(phone.get_by_text("Your coach: Maria Hernández")).to_be_visible()

    # Back on the coach's desktop the athlete's account is active.
    page.goto(athlete_url)
    expect(page.get_by_text("Active account", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("invitation"))).to_have_count(0)
    shot(page, "coach-athlete-detail-active")


def test_add_athlete_with_invitation_but_no_email_keeps_what_was_typed(live_server, page, coach):
    log_in(page, live_server, coach.email, PASSWORD)
    expect(page).to_have_url(live_server.url + "/dashboard/")
    page.goto(live_server.url + "/athletes/new/")
    field(page, "First name").fill("Kenji")
    field(page, "Last name").fill("Tanaka")
    expect(field(page, "Email an invitation now")).to_be_checked()
    page.get_by_role("button", name="Add athlete").click()

    expect(page.get_by_text("Enter an email address to send an invitation.")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/athletes/new/")
    expect(field(page, "First name")).to_have_value("Kenji")
    expect(field(page, "Last name")).to_have_value("Tanaka")
    expect(field(page, "Email an invitation now")).to_be_checked()
    shot(page, "coach-add-athlete-error")
    assert not mail.outbox


def test_another_coach_cannot_open_the_athlete(live_server, page, athlete, other_coach):
    log_in(page, live_server, other_coach.email, PASSWORD)
    expect(page).to_have_url(live_server.url + "/dashboard/")
    expect(page.get_by_text(athlete.full_name)).to_have_count(0)

    response = page.goto(live_server.url + f"/athletes/{athlete.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_text(athlete.full_name)).to_have_count(0)
    shot(page, "coach-outsider-404")


def test_a_wrong_password_stays_on_the_login_page(live_server, page, coach):
    page.goto(live_server.url + "/login/")
    submit_login(page, coach.email, "not-the-password")

    expect(page.get_by_text("Please enter a correct email address and password.")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/login/")
    expect(field(page, "Email address")).to_have_value(coach.email)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    shot(page, "login-wrong-password")


def test_athlete_resets_a_forgotten_password(live_server, phone, athlete):
    phone.goto(live_server.url + "/login/")
    phone.get_by_role("link", name="Forgotten your password?").click()
    expect(phone.get_by_role("heading", name="Reset your password")).to_be_visible()
    field(phone, "Email").fill(athlete.email)
    phone.get_by_role("button", name="Send me the link").click()
    expect(phone.get_by_role("heading", name="Check your email")).to_be_visible()

    assert mail.outbox[-1].to == [athlete.email]
    phone.goto(link_in_last_email(live_server, r"/password/reset/[\w-]+/[\w-]+/"))
    expect(phone.get_by_role("heading", name="Choose a new password")).to_be_visible()
    shot(phone, "phone-password-reset-confirm")
    field(phone, "New password").fill(NEW_PASSWORD)
    field(phone, "New password confirmation").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Save password").click()
    expect(phone.get_by_role("heading", name="Your new password is saved")).to_be_visible()

    phone.get_by_role("link", name="Log in").click()
    expect(phone).to_have_url(live_server.url + "/login/")
    submit_login(phone, athlete.email, PASSWORD)
    expect(phone.get_by_text("Please enter a correct email address and password.")).to_be_visible()
    submit_login(phone, athlete.email, NEW_PASSWORD)
    expect(phone).to_have_url(live_server.url + "/me/")
    expect(phone.get_by_text("Your coach: Maria Hernández")).to_be_visible()
