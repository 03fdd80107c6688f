"""Every athlete page against every actor: the owner sees it, everybody else gets a 404."""

import pytest
from django.urls import reverse

from athletes.models import Athlete

pytestmark = pytest.mark.django_db

COACH_PAGES = ["athlete-detail", "athlete-edit"]


def test_anonymous_visitors_are_sent_to_log_in(client, athlete):
    for url in [
        reverse("athlete-list"),
        reverse("athlete-create"),
        reverse("athlete-detail", args=[athlete.pk]),
        reverse("me"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("name", COACH_PAGES)
def test_the_coach_sees_their_athlete(client, coach, athlete, name):
    client.force_login(coach)
    response = client.get(reverse(name, args=[athlete.pk]))
    assert response.status_code == 200
    assert "Amara Okafor" in response.text


@pytest.mark.parametrize("name", COACH_PAGES)
def test_other_coach_gets_404(client, other_coach, athlete, name):
    client.force_login(other_coach)
    assert client.get(reverse(name, args=[athlete.pk])).status_code == 404


@pytest.mark.parametrize("name", COACH_PAGES)
def test_the_athlete_gets_404_on_coach_pages(client, athlete, name):
    client.force_login(athlete.user)
    assert client.get(reverse(name, args=[athlete.pk])).status_code == 404


def test_other_coach_cannot_invite_someone_elses_athlete(client, other_coach, coach):
    athlete = Athlete.objects.create(coach=coach, first_name="Sofia", email="sofia@example.com")
    client.force_login(other_coach)
    assert client.post(reverse("athlete-invite", args=[athlete.pk])).status_code == 404
    assert not athlete.invitations.exists()


def test_other_coach_cannot_edit_someone_elses_athlete(client, other_coach, athlete):
    client.force_login(other_coach)
    response = client.post(
        reverse("athlete-edit", args=[athlete.pk]), {"first_name": "Hacked", "email": ""}
    )
    assert response.status_code == 404
    athlete.refresh_from_db()
    assert athlete.first_name == "Amara"


def test_athlete_list_shows_only_the_coachs_own_athletes(client, coach, athlete, other_athlete):
    client.force_login(coach)
    response = client.get(reverse("athlete-list"))
    assert "Amara Okafor" in response.text
    assert "Lukas Berg" not in response.text


def test_athletes_get_404_on_the_coach_list(client, athlete):
    client.force_login(athlete.user)
    assert client.get(reverse("athlete-list")).status_code == 404
    assert client.get(reverse("athlete-create")).status_code == 404


def test_the_athlete_sees_their_own_page_with_their_coach(client, athlete):
    client.force_login(athlete.user)
    response = client.get(reverse("me"))
    assert response.status_code == 200
    assert "Maria Hernández" in response.text


def test_an_athlete_never_sees_another_athlete(client, athlete, other_athlete):
    client.force_login(athlete.user)
    response = client.get(reverse("me"))
    assert "Lukas" not in response.text
    assert client.get(reverse("athlete-detail", args=[other_athlete.pk])).status_code == 404


def test_coaches_get_404_on_the_athlete_page(client, coach):
    client.force_login(coach)
    assert client.get(reverse("me")).status_code == 404


@pytest.mark.parametrize(
    "actor,target", [("coach", "coach-dashboard"), ("athlete", "me"), ("admin_user", "admin:index")]
)
def test_home_sends_each_role_to_its_own_start_page(client, request, athlete, actor, target):
    user = request.getfixturevalue(actor)
    client.force_login(user if actor != "athlete" else athlete.user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse(target)


def test_admin_can_reassign_an_athlete_to_another_coach(client, admin_user, athlete, other_coach):
    client.force_login(admin_user)
    url = reverse("admin:athletes_athlete_change", args=[athlete.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "coach": other_coach.pk,
            "first_name": athlete.first_name,
            "last_name": athlete.last_name,
            "email": athlete.email,
            "user": athlete.user.pk,
            "invitations-TOTAL_FORMS": "0",
            "invitations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    athlete.refresh_from_db()
    assert athlete.coach == other_coach


def test_admin_can_create_a_coach_and_deactivate_an_account(client, admin_user, athlete):
    from athletes.models import Role, User

    client.force_login(admin_user)
    response = client.post(
        reverse("admin:athletes_user_add"),
        {
            "email": "new.coach@example.com",
            "first_name": "Grace",
            "last_name": "Wanjiru",
            "role": "coach",
            "usable_password": "true",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
        },
    )
    assert response.status_code == 302, response.text[:3000]
    assert User.objects.get(email="new.coach@example.com").role == Role.COACH

    response = client.post(
        reverse("admin:athletes_user_changelist"),
        {"action": "deactivate", "_selected_action": [athlete.user.pk]},
    )
    assert response.status_code == 302
    athlete.user.refresh_from_db()
    assert athlete.user.is_active is False


def test_non_staff_cannot_open_the_admin(client, coach):
    client.force_login(coach)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url
