import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def log_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_logs_in_with_the_email_however_it_is_capitalised(client, coach):
    response = log_in(client, "Coach@Example.COM", "pw-for-tests-9")
    assert response.status_code == 302 and response.url == reverse("home")


def test_a_wrong_password_is_refused_with_a_message(client, coach):
    response = log_in(client, coach.email, "wrong")
    assert response.status_code == 200
    assert "Please enter a correct email address and password" in response.text


def test_five_failures_lock_the_login_even_for_the_right_password(client, coach):
    for _ in range(5):
        log_in(client, coach.email, "wrong")
    response = log_in(client, coach.email, "pw-for-tests-9")
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.text


def test_a_lockout_is_per_account_not_for_everyone(client, coach, other_coach):
    for _ in range(5):
        log_in(client, coach.email, "wrong")
    assert log_in(client, other_coach.email, "pw-for-tests-9").status_code == 302


def test_logging_out_needs_a_post(client, coach):
    client.force_login(coach)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302


def test_failures_count_however_the_email_is_capitalised(client, coach):
    for email in ["coach@example.com", "Coach@example.com", "COACH@EXAMPLE.COM"] * 2:
        log_in(client, email, "wrong")
    assert log_in(client, coach.email, "pw-for-tests-9").status_code == 429
