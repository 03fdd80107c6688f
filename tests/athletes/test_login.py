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


def test_choosing_a_new_password_lifts_the_lockout(client, coach):
    import re

    from django.core import mail

    for _ in range(5):
        log_in(client, coach.email, "wrong")
    client.post(reverse("password_reset"), {"email": coach.email})
    link = re.search(r"/password/reset/\S+/\S+/", mail.outbox[-1].body).group(0)
    form_page = client.get(link, follow=True)
    new = "Tempo-Ridge-Lantern-2027"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert log_in(client, coach.email, new).status_code == 302


@pytest.mark.parametrize(
    "count,forwarded,expected",
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no proxy: the header is the client's word only
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a forged entry to the left is ignored
        (2, "203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "", "127.0.0.1"),
    ],
)
def test_the_client_address_behind_trusted_proxies(rf, settings, count, forwarded, expected):
    from athletes.access import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.post("/login/", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_one_visitor_behind_the_proxy_cannot_lock_out_another(client, coach, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            reverse("login"),
            {"username": coach.email, "password": "wrong"},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    response = client.post(
        reverse("login"),
        {"username": coach.email, "password": "pw-for-tests-9"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302
