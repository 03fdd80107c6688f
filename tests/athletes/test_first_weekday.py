"""A coach's weeks start on the day they choose (Monday unless they say): the account
settings hold it, for the week view across their athletes."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from athletes.models import User
from tests.athletes.test_account import account_data

pytestmark = pytest.mark.django_db


def test_a_new_account_starts_its_weeks_on_monday(coach):
    assert coach.first_weekday == 0


def test_it_saves_the_coachs_first_weekday(coach_client, coach):
    page = coach_client.get(reverse("account-settings")).text
    assert "Weeks start on" in page and '<option value="6">Sunday</option>' in page
    response = coach_client.post(reverse("account-settings"), account_data(first_weekday="6"))
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.first_weekday == 6
    page = coach_client.get(reverse("account-settings")).text
    assert '<option value="6" selected>Sunday</option>' in page


@pytest.mark.parametrize("value", ["7", "-1", "Sunday", ""])
def test_it_refuses_a_day_that_is_not_a_weekday_and_saves_nothing(coach_client, coach, value):
    response = coach_client.post(
        reverse("account-settings"), account_data(first_weekday=value, units="mi")
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text or "This field is required" in response.text
    coach.refresh_from_db()
    assert (coach.first_weekday, coach.units) == (0, "km")


def test_an_athletes_settings_have_no_first_weekday(client, athlete):
    client.force_login(athlete.user)
    page = client.get(reverse("account-settings")).text
    assert "Weeks start on" not in page
    response = client.post(reverse("account-settings"), account_data(first_weekday="6"))
    assert response.status_code == 302
    athlete.user.refresh_from_db()
    assert athlete.user.first_weekday == 0


def test_the_database_refuses_a_weekday_past_sunday(coach):
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=coach.pk).update(first_weekday=7)
