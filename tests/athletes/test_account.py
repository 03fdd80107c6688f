"""Each account's own settings: the units a coach reads their rules in, and the time zone
their "today" is in."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from athletes.middleware import user_time_zone
from tests.workouts.test_template_views import RULES
from workouts.models import CoachRules


def account_data(**fields):
    return (
        {"first_name": "Maria", "last_name": "Hernández", "units": "km"}
        | {"time_zone": "UTC", "first_weekday": "0"}
        | fields
    )


def test_it_saves_units_and_time_zone(coach_client, coach):
    response = coach_client.post(
        reverse("account-settings"), account_data(units="mi", time_zone="America/New_York")
    )
    assert response.status_code == 302
    coach.refresh_from_db()
    assert (coach.units, coach.time_zone) == ("mi", "America/New_York")


def test_it_shows_the_stored_time_zone_selected(coach_client, coach):
    coach.time_zone = "Europe/Madrid"
    coach.save()
    page = coach_client.get(reverse("account-settings")).text
    assert '<option value="Europe/Madrid" selected>' in page


def test_it_refuses_an_unknown_time_zone_and_saves_nothing(coach_client, coach):
    response = coach_client.post(reverse("account-settings"), account_data(time_zone="Mars/Base"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    coach.refresh_from_db()
    assert coach.time_zone == "UTC"


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("account-settings"))
    assert response.status_code == 302 and "/login/" in response.url


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Los_Angeles"])
def test_a_persons_today_is_in_their_time_zone(coach, zone):
    coach.time_zone = zone
    request = RequestFactory().get("/")
    request.user = coach
    seen = user_time_zone(lambda request: timezone.get_current_timezone_name())(request)
    assert seen == zone
    assert timezone.get_current_timezone_name() == "UTC"  # and it does not leak


def test_a_zone_the_system_does_not_know_falls_back_to_the_sites(coach):
    coach.time_zone = "Nowhere/Gone"
    request = RequestFactory().get("/")
    request.user = coach
    assert user_time_zone(lambda request: timezone.get_current_timezone_name())(request) == "UTC"


def test_a_coach_in_miles_reads_and_types_the_pace_tolerance_per_mile(coach_client, coach):
    coach.units = "mi"
    coach.save()
    CoachRules.objects.create(coach=coach, pace_tolerance_s_per_km=8)
    page = coach_client.get(reverse("rules-edit")).text
    assert "s per mile" in page and 'value="13"' in page  # 8 s/km is 12.9 s/mi
    coach_client.post(reverse("rules-edit"), RULES | {"pace_tolerance_s_per_km": 13})
    assert CoachRules.objects.get(coach=coach).pace_tolerance_s_per_km == 8  # unchanged
    coach_client.post(reverse("rules-edit"), RULES | {"pace_tolerance_s_per_km": 16})
    assert CoachRules.objects.get(coach=coach).pace_tolerance_s_per_km == 10


@pytest.mark.parametrize("stored", range(0, 60))
def test_whole_seconds_per_km_survive_the_round_trip_through_miles(stored):
    per_mile = round(stored * 1.609344)
    assert round(per_mile / 1.609344) == stored
