"""The athlete profile: race results set paces, zones in the athlete's units, overrides win."""

import re
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, RaceResult, ZoneOverride
from athletes.selectors import athlete_fitness

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


def add_result(client, athlete, **data):
    payload = {"date": days_ago(10).isoformat(), "distance_m": "5K", "time_s": "19:57"} | data
    return client.post(reverse("race-result-create", args=[athlete.pk]), payload)


def test_a_race_result_sets_vdot_and_paces(coach_client, athlete):
    response = add_result(coach_client, athlete)
    assert response.status_code == 302
    page = coach_client.get(reverse("athlete-detail", args=[athlete.pk])).text
    assert 'data-testid="vdot">50.0<' in page
    assert "4:31" in page  # Daniels' marathon pace at VDOT 50, per km


def test_paces_show_in_the_athletes_units(coach_client, athlete):
    athlete.units = "mi"
    athlete.save()
    add_result(coach_client, athlete)
    page = coach_client.get(reverse("athlete-detail", args=[athlete.pk])).text
    assert "/mi" in page and "/km" not in page.split('data-testid="zones"')[1].split("</table>")[0]


@pytest.mark.parametrize(
    "distance,time,message",
    [
        ("5K", "0:05", "not a plausible race time"),
        ("Marathon", "20:00:00", "not a plausible race time"),
        ("5K", "nineteen", "is not a duration"),
        ("a long way", "19:57", "is not a distance"),
    ],
)
def test_an_implausible_race_is_refused_with_a_reason(
    coach_client, athlete, distance, time, message
):
    response = add_result(coach_client, athlete, distance_m=distance, time_s=time)
    assert response.status_code == 200
    assert message in response.text
    assert not RaceResult.objects.exists()


def test_a_result_in_the_future_is_refused(coach_client, athlete):
    response = add_result(
        coach_client, athlete, date=(timezone.localdate() + timedelta(days=1)).isoformat()
    )
    assert "cannot be in the future" in response.text
    assert not RaceResult.objects.exists()


def test_a_new_result_changes_paces_from_its_date_on_only(athlete):
    RaceResult.objects.create(athlete=athlete, date=days_ago(100), distance_m=5000, time_s=1197)
    RaceResult.objects.create(athlete=athlete, date=days_ago(5), distance_m=5000, time_s=1023)
    assert round(athlete_fitness(athlete, days_ago(50)).vdot) == 50
    assert round(athlete_fitness(athlete).vdot) == 60


def test_the_coach_can_choose_the_most_recent_result_over_the_best(athlete):
    RaceResult.objects.create(athlete=athlete, date=days_ago(100), distance_m=5000, time_s=1023)
    RaceResult.objects.create(athlete=athlete, date=days_ago(5), distance_m=5000, time_s=1197)
    assert round(athlete_fitness(athlete).vdot) == 60
    athlete.prediction_method = "recent"
    assert round(athlete_fitness(athlete).vdot) == 50


def test_predictions_are_shown_as_estimates_with_the_caveat(coach_client, athlete):
    add_result(coach_client, athlete, distance_m="Half marathon", time_s="1:30:00")
    page = coach_client.get(reverse("athlete-detail", args=[athlete.pk])).text
    assert 'data-testid="predictions"' in page
    assert "Vickers" in page and "estimate" in page.lower()


def profile_data(**overrides):
    return {
        "units": "km",
        "resting_hr_bpm": "48",
        "max_hr_bpm": "188",
        "lthr_bpm": "170",
        "prediction_method": "best",
        "goal_race_name": "Valencia Marathon",
        "goal_race_date": (timezone.localdate() + timedelta(days=70)).isoformat(),
        "goal_race_distance_m": "Marathon",
        "goal_time_s": "3:05:00",
        "training_days": ["1", "2", "3", "5", "6"],
        "long_run_day": "6",
    } | overrides


def test_the_coach_saves_heart_rates_and_a_goal_race(coach_client, athlete):
    response = coach_client.post(reverse("athlete-profile-edit", args=[athlete.pk]), profile_data())
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert (athlete.lthr_bpm, athlete.goal_race_distance_m, athlete.goal_time_s) == (
        170,
        42195,
        11100,
    )
    page = coach_client.get(reverse("athlete-detail", args=[athlete.pk])).text
    assert "Valencia Marathon" in page and "in 70 days" in page
    assert "LTHR (Friel)" in page


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("resting_hr_bpm", "-50", "not a human heart rate"),
        ("max_hr_bpm", "40", "must be above resting heart rate"),
        ("lthr_bpm", "195", "must be below maximum heart rate"),
        ("goal_time_s", "0:20", "not a plausible race time"),
    ],
)
def test_bad_profile_values_are_refused_and_nothing_is_saved(
    coach_client, athlete, field, value, message
):
    response = coach_client.post(
        reverse("athlete-profile-edit", args=[athlete.pk]), profile_data(**{field: value})
    )
    assert response.status_code == 200
    assert message in response.text
    athlete.refresh_from_db()
    assert athlete.lthr_bpm is None and athlete.goal_race_name == ""


def override_data(**marathon):
    rows = []
    for zone in ["easy", "steady", "marathon", "threshold"]:
        row = {
            "zone": zone,
            "pace_fast_s_per_km": "",
            "pace_slow_s_per_km": "",
            "hr_low_bpm": "",
            "hr_high_bpm": "",
        }
        if zone == "marathon":
            row |= marathon
        rows.append(row)
    data = {"form-TOTAL_FORMS": "4", "form-INITIAL_FORMS": "4"}
    for i, row in enumerate(rows):
        data |= {f"form-{i}-{key}": value for key, value in row.items()}
    return data


def test_a_hand_set_zone_wins_and_is_marked(coach_client, athlete):
    add_result(coach_client, athlete)
    url = reverse("zone-overrides-edit", args=[athlete.pk])
    response = coach_client.post(
        url, override_data(pace_fast_s_per_km="4:20", pace_slow_s_per_km="4:25")
    )
    assert response.status_code == 302
    assert athlete_fitness(athlete).zones["marathon"].pace.fast_s_per_km == 260
    page = coach_client.get(reverse("athlete-detail", args=[athlete.pk])).text
    assert "4:20–4:25 /km" in page and "hand-set" in page


def test_clearing_a_hand_set_zone_returns_to_the_computed_one(coach_client, athlete):
    ZoneOverride.objects.create(athlete=athlete, zone="marathon", hr_low_bpm=150, hr_high_bpm=160)
    coach_client.post(reverse("zone-overrides-edit", args=[athlete.pk]), override_data())
    assert not ZoneOverride.objects.exists()


@pytest.mark.parametrize(
    "row,message",
    [
        ({"pace_fast_s_per_km": "4:30", "pace_slow_s_per_km": "4:20"}, "slow end must be slower"),
        ({"pace_fast_s_per_km": "4:30"}, "Give both ends of the pace band"),
        ({"hr_low_bpm": "-5", "hr_high_bpm": "160"}, "greater than or equal to 25"),
        ({"pace_fast_s_per_km": "0:30", "pace_slow_s_per_km": "0:40"}, "not a running pace"),
    ],
)
def test_bad_zone_overrides_are_refused(coach_client, athlete, row, message):
    response = coach_client.post(
        reverse("zone-overrides-edit", args=[athlete.pk]), override_data(**row)
    )
    assert response.status_code == 200
    assert message in response.text
    assert not ZoneOverride.objects.exists()


def test_deleting_a_result_asks_first(coach_client, athlete):
    result = RaceResult.objects.create(
        athlete=athlete, date=days_ago(3), distance_m=10000, time_s=2500
    )
    url = reverse("race-result-delete", args=[athlete.pk, result.pk])
    confirm = coach_client.get(url)
    assert "Delete this race result?" in confirm.text
    assert RaceResult.objects.exists()
    coach_client.post(url)
    assert not RaceResult.objects.exists()


def test_the_athlete_sees_their_zones_but_no_edit_links(client, athlete):
    RaceResult.objects.create(athlete=athlete, date=days_ago(3), distance_m=5000, time_s=1197)
    client.force_login(athlete.user)
    page = client.get(reverse("me")).text
    assert 'data-testid="vdot">50.0<' in page
    assert "Set zones by hand" not in page and "Add result" not in page


@pytest.mark.parametrize(
    "name", ["athlete-profile-edit", "race-result-create", "zone-overrides-edit"]
)
def test_other_coach_gets_404_on_profile_pages(client, other_coach, athlete, name):
    client.force_login(other_coach)
    assert client.get(reverse(name, args=[athlete.pk])).status_code == 404
    assert client.post(reverse(name, args=[athlete.pk]), {}).status_code == 404


@pytest.mark.parametrize(
    "name", ["athlete-profile-edit", "race-result-create", "zone-overrides-edit"]
)
def test_the_athlete_gets_404_on_profile_edit_pages(client, athlete, name):
    client.force_login(athlete.user)
    assert client.get(reverse(name, args=[athlete.pk])).status_code == 404


def test_other_coach_cannot_delete_a_result(client, other_coach, athlete):
    result = RaceResult.objects.create(
        athlete=athlete, date=days_ago(3), distance_m=5000, time_s=1197
    )
    client.force_login(other_coach)
    assert (
        client.post(reverse("race-result-delete", args=[athlete.pk, result.pk])).status_code == 404
    )
    assert RaceResult.objects.exists()


def test_pace_history_lists_each_change(coach_client, athlete):
    RaceResult.objects.create(athlete=athlete, date=date(2026, 3, 1), distance_m=5000, time_s=1197)
    RaceResult.objects.create(athlete=athlete, date=days_ago(2), distance_m=5000, time_s=1100)
    page = coach_client.get(reverse("athlete-detail", args=[athlete.pk])).text
    assert 'data-testid="history"' in page and "1 Mar 2026" in page


@pytest.mark.parametrize(
    "distance,message",
    [
        (
            "200 km",
            "200 km is too long for a goal race: race equivalents hold from 800 m to 100 km",
        ),
        (
            "0.5 km",
            "500 m is too short for a goal race: race equivalents hold from 800 m to 100 km",
        ),
        ("9" * 400 + " km", "less than 10,000 km"),
    ],
)
def test_a_goal_race_must_be_a_race_distance(coach_client, athlete, distance, message):
    response = coach_client.post(
        reverse("athlete-profile-edit", args=[athlete.pk]),
        profile_data(goal_race_distance_m=distance, goal_time_s="3:00:00"),
    )
    assert response.status_code == 200
    assert message in response.text
    assert "not a plausible race time" not in response.text
    assert "Give the race distance" not in response.text
    athlete.refresh_from_db()
    assert athlete.goal_race_distance_m is None


@pytest.mark.parametrize(
    "distance,time,message",
    [
        ("500 m", "1:30", "500 m is too short for a race result"),
        ("0.05 km", "0:08", "50 m is too short for a race result"),
        ("200 km", "20:00:00", "200 km is too long for a race result"),
    ],
)
def test_a_race_out_of_range_blames_the_distance_not_the_time(
    coach_client, athlete, distance, time, message
):
    response = add_result(coach_client, athlete, distance_m=distance, time_s=time)
    assert response.status_code == 200
    assert f"{message}: race equivalents hold from 800 m to 100 km." in response.text
    assert "not a plausible race time" not in response.text
    assert not RaceResult.objects.exists()


def test_a_too_long_race_is_named_in_the_athletes_miles(coach_client, athlete):
    athlete.units = "mi"
    athlete.save()
    response = add_result(coach_client, athlete, distance_m="70 mi", time_s="12:00:00")
    assert "70 mi is too long for a race result" in response.text


def test_an_implausible_time_names_the_distance_in_the_athletes_miles(coach_client, athlete):
    athlete.units = "mi"
    athlete.save()
    response = add_result(coach_client, athlete, distance_m="3 mi", time_s="0:30")
    assert "0:30 is not a plausible race time for 3 mi" in response.text


def test_the_same_result_entered_twice_is_refused_with_a_reason(coach_client, athlete):
    assert add_result(coach_client, athlete, name="Parkrun").status_code == 302
    response = add_result(coach_client, athlete, distance_m="5 km", name="Parkrun again")
    assert response.status_code == 200
    assert "This result is saved already (Parkrun on" in response.text
    assert "same date, distance and time" in response.text
    assert RaceResult.objects.count() == 1


def test_the_same_distance_and_time_on_another_day_is_a_new_result(coach_client, athlete):
    assert add_result(coach_client, athlete).status_code == 302
    assert add_result(coach_client, athlete, date=days_ago(3).isoformat()).status_code == 302
    assert RaceResult.objects.count() == 2


def test_another_athletes_identical_result_is_no_duplicate(coach_client, coach, athlete):
    teammate = Athlete.objects.create(coach=coach, first_name="Sofia")
    assert add_result(coach_client, teammate).status_code == 302
    assert add_result(coach_client, athlete).status_code == 302
    assert RaceResult.objects.count() == 2


def test_the_database_refuses_a_duplicate_result(athlete):
    RaceResult.objects.create(athlete=athlete, date=days_ago(3), distance_m=5000, time_s=1197)
    with pytest.raises(IntegrityError), transaction.atomic():
        RaceResult.objects.create(athlete=athlete, date=days_ago(3), distance_m=5000, time_s=1197)


def test_the_profile_form_shows_the_goal_race_date_as_a_date_input_reads_it(coach_client, athlete):
    athlete.goal_race_date = date(2027, 3, 23)
    athlete.save()
    page = coach_client.get(reverse("athlete-profile-edit", args=[athlete.pk])).text
    assert 'type="date"' in page
    assert 'value="2027-03-23"' in page
    assert "23/03/2027" not in page


def test_saving_the_profile_as_shown_keeps_the_goal_race_date(coach_client, athlete):
    athlete.goal_race_date = date(2027, 3, 23)
    athlete.save()
    url = reverse("athlete-profile-edit", args=[athlete.pk])
    shown = re.search(r'name="goal_race_date" value="([^"]*)"', coach_client.get(url).text)
    # What a browser posts back: the value its date box could read (empty if it could not).
    posted = shown[1] if shown and re.fullmatch(r"\d{4}-\d{2}-\d{2}", shown[1]) else ""
    data = profile_data(goal_race_date=posted, goal_race_distance_m="", goal_time_s="")
    assert coach_client.post(url, data).status_code == 302
    athlete.refresh_from_db()
    assert athlete.goal_race_date == date(2027, 3, 23)


def test_a_result_from_year_one_is_refused(coach_client, athlete):
    response = add_result(coach_client, athlete, date="0001-01-01")
    assert "before 1900" in response.text
    assert not RaceResult.objects.exists()


def test_a_linked_athletes_email_cannot_be_blanked(coach_client, athlete):
    response = coach_client.post(
        reverse("athlete-edit", args=[athlete.pk]), {"first_name": "Amara", "email": ""}
    )
    assert "their email address is theirs to change" in response.text
    athlete.refresh_from_db()
    assert athlete.email == "runner@example.com"


@pytest.mark.parametrize("total", ["3", "5", "1000"])
def test_a_tampered_zone_form_is_refused(coach_client, athlete, total):
    data = override_data(pace_fast_s_per_km="4:20", pace_slow_s_per_km="4:25")
    data["form-TOTAL_FORMS"] = total
    response = coach_client.post(reverse("zone-overrides-edit", args=[athlete.pk]), data)
    assert response.status_code == 200
    assert not ZoneOverride.objects.exists()


def test_a_zone_row_is_the_zone_of_its_place_whatever_is_posted(coach_client, athlete):
    data = override_data(pace_fast_s_per_km="4:20", pace_slow_s_per_km="4:25")
    data |= {"form-0-zone": "marathon"}  # a forged zone on the easy row
    response = coach_client.post(reverse("zone-overrides-edit", args=[athlete.pk]), data)
    assert response.status_code == 302
    assert list(ZoneOverride.objects.values_list("zone", flat=True)) == ["marathon"]


def test_saving_zones_unchanged_keeps_the_hand_set_values(coach_client, athlete):
    ZoneOverride.objects.create(
        athlete=athlete, zone="marathon", pace_fast_s_per_km=260, pace_slow_s_per_km=265
    )
    athlete.units = "mi"
    athlete.save()
    url = reverse("zone-overrides-edit", args=[athlete.pk])
    shown = coach_client.get(url).text
    assert 'value="6:58"' in shown and 'value="7:06"' in shown
    data = override_data(pace_fast_s_per_km="6:58", pace_slow_s_per_km="7:06")
    assert coach_client.post(url, data).status_code == 302
    saved = ZoneOverride.objects.get(zone="marathon")
    assert (saved.pace_fast_s_per_km, saved.pace_slow_s_per_km) == (260, 265)


def test_saving_the_profile_unchanged_keeps_the_goal_distance(coach_client, athlete):
    athlete.units = "mi"
    athlete.goal_race_distance_m = 8 * 1609.344
    athlete.save()
    url = reverse("athlete-profile-edit", args=[athlete.pk])
    assert 'value="8 mi"' in coach_client.get(url).text
    data = profile_data(units="mi", goal_race_distance_m="8 mi", goal_time_s="")
    assert coach_client.post(url, data).status_code == 302
    athlete.refresh_from_db()
    assert athlete.goal_race_distance_m == 8 * 1609.344


def test_the_athlete_pages_tables_stack_on_a_phone_and_hide_nothing(coach_client, athlete):
    RaceResult.objects.create(athlete=athlete, date=date(2026, 3, 1), distance_m=5000, time_s=1197)
    RaceResult.objects.create(athlete=athlete, date=days_ago(2), distance_m=5000, time_s=1100)
    detail = coach_client.get(reverse("athlete-detail", args=[athlete.pk])).text
    listing = coach_client.get(reverse("athlete-list")).text
    coach_client.force_login(athlete.user)
    own = coach_client.get(reverse("me")).text
    for page in [detail, listing, own]:
        # A scroll box hid the cut-off columns, and d-none hid the race name and VDOT.
        assert "table-responsive" not in page
        assert "d-sm-table-cell" not in page
    for testid in ["zones", "results", "history"]:
        assert re.search(rf'<table class="[^"]*table-stack[^"]*" data-testid="{testid}"', detail)
    assert 'table-stack align-middle" data-testid="athletes"' in listing
    assert 'data-label="VDOT"' in own and 'data-label="Threshold"' in own
