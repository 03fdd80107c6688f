"""Race results and goal races as the coach enters them: a distance out of range is named in
the athlete's own unit, and a result that shows as one already saved is refused, a double
submit included."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.forms import RaceResultForm
from athletes.models import RaceResult
from tests.athletes.test_profile import profile_data


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


def add_result(client, athlete, **data):
    payload = {"date": days_ago(10).isoformat(), "distance_m": "10K", "time_s": "40:00"} | data
    return client.post(reverse("race-result-create", args=[athlete.pk]), payload)


def in_miles(athlete):
    athlete.units = "mi"
    athlete.save()
    return athlete


# -- A distance out of range, in the athlete's unit -----------------------------------------


@pytest.mark.parametrize(
    "distance,message",
    [
        (
            "0.3 mi",
            "0.3 mi is too short for a race result: race equivalents hold from 0.5 mi to 62.1 mi.",
        ),
        (
            "500 m",
            "0.31 mi is too short for a race result: race equivalents hold from 0.5 mi to 62.1 mi.",
        ),
        (
            "70 mi",
            "70 mi is too long for a race result: race equivalents hold from 0.5 mi to 62.1 mi.",
        ),
    ],
)
def test_a_race_out_of_range_is_named_in_the_athletes_miles(
    coach_client, athlete, distance, message
):
    response = add_result(coach_client, in_miles(athlete), distance_m=distance, time_s="1:30")
    assert response.status_code == 200
    assert message in response.text
    assert not RaceResult.objects.exists()


def test_a_race_out_of_range_keeps_metres_under_a_kilometre_for_an_athlete_in_km(
    coach_client, athlete
):
    response = add_result(coach_client, athlete, distance_m="0.3 mi", time_s="1:30")
    assert (
        "482.8 m is too short for a race result: race equivalents hold from 800 m to 100 km."
        in response.text
    )


def test_a_goal_race_out_of_range_is_named_in_the_athletes_miles(coach_client, athlete):
    response = coach_client.post(
        reverse("athlete-profile-edit", args=[in_miles(athlete).pk]),
        profile_data(units="mi", goal_race_distance_m="0.3 mi", goal_time_s="2:00"),
    )
    assert response.status_code == 200
    assert (
        "0.3 mi is too short for a goal race: race equivalents hold from 0.5 mi to 62.1 mi."
        in response.text
    )


# -- The same result twice -------------------------------------------------------------------


@pytest.mark.parametrize(
    "distance,time",
    [
        ("10K", "40:00"),  # exactly the same
        ("10K", "40:00.4"),  # shows as 40:00 too
        ("10K", "39:59.5"),  # rounds up to 40:00
        ("10.0009 km", "40:00"),  # shows as 10K too: within a metre
        ("9999.2 m", "40:00.3"),
    ],
)
def test_a_result_that_shows_as_one_already_saved_is_refused(coach_client, athlete, distance, time):
    assert add_result(coach_client, athlete, name="City 10K").status_code == 302
    response = add_result(coach_client, athlete, distance_m=distance, time_s=time)
    assert response.status_code == 200
    assert "This result is saved already (City 10K on" in response.text
    assert "same date, distance and time" in response.text
    assert RaceResult.objects.count() == 1


@pytest.mark.parametrize(
    "distance,time",
    [
        ("10K", "40:01"),  # a second slower
        ("10K", "40:00.5"),  # shows as 40:01
        ("10.002 km", "40:00"),  # two metres longer
    ],
)
def test_a_result_a_second_or_two_metres_apart_is_a_new_result(
    coach_client, athlete, distance, time
):
    assert add_result(coach_client, athlete).status_code == 302
    assert add_result(coach_client, athlete, distance_m=distance, time_s=time).status_code == 302
    assert RaceResult.objects.count() == 2


def test_a_double_submit_is_refused_with_the_same_reason_not_a_500(
    coach_client, athlete, monkeypatch
):
    # Both requests pass the form's check; the other one saves first, so this insert breaks
    # the race_result_once constraint.
    clean = RaceResultForm.clean

    def clean_then_the_other_request_saves(form):
        cleaned = clean(form)
        RaceResult.objects.create(
            athlete=athlete, date=days_ago(10), distance_m=10_000, time_s=2400, name="City 10K"
        )
        return cleaned

    monkeypatch.setattr(RaceResultForm, "clean", clean_then_the_other_request_saves)
    response = add_result(coach_client, athlete)
    assert response.status_code == 200
    assert "This result is saved already (City 10K on" in response.text
    assert "same date, distance and time" in response.text
    assert RaceResult.objects.count() == 1
