"""Watch files (docs/running.md §4.12): the athlete downloads a session they may see as a FIT
workout at their own paces; their coach may too; anyone else, or a hidden session, is a 404."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from garmin_fit_sdk import Decoder, Stream

from athletes.fitness import PROGRESSION_ZONES
from athletes.models import PlanVisibility, ZoneOverride
from tests.conftest import add_5k
from tests.workouts.test_block_calendar import add_session, make_block, next_saturday
from workouts.feed import feed_for_athlete, feed_token_rotate
from workouts.models import SessionKind
from workouts.progression import Stage
from workouts.targets import fitness_by_day, sessions_freeze

pytestmark = pytest.mark.django_db

STAGES = [
    Stage(duration_s=1800, zone="easy"),
    Stage(duration_s=1200, zone="steady"),
    Stage(distance_m=5000, zone="marathon"),
]


@pytest.fixture
def run(athlete):
    add_5k(athlete)
    block = make_block(athlete)
    day = timezone.localdate() + timedelta(days=3)
    return add_session(block, day, SessionKind.PROGRESSION, STAGES)


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete.user)
    return client


def url(session) -> str:
    return reverse("watch-session", args=[session.pk])


def decode(response) -> dict:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    messages, errors = Decoder(Stream.from_byte_array(bytearray(content))).read()
    assert errors == []
    return messages


def test_it_gives_the_athlete_their_run_as_a_fit_attachment(athlete_client, run):
    response = athlete_client.get(url(run))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.ant.fit"
    filename = f"{run.date:%Y-%m-%d}-progression.fit"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    messages = decode(response)
    (workout,) = messages["workout_mesgs"]
    assert workout["num_valid_steps"] == 3
    assert workout["wkt_name"] == f"{run.date:%a} {run.date.day} {run.date:%b} Progression run"


def test_the_steps_are_the_planned_stages_at_the_athletes_paces(athlete_client, athlete, run):
    steps = decode(athlete_client.get(url(run)))["workout_step_mesgs"]
    paces = fitness_by_day(athlete).on(run.date).paces
    assert [s["wkt_step_name"] for s in steps] == ["Easy", "Steady", "Marathon pace"]
    assert [s["duration_type"] for s in steps] == ["time", "time", "distance"]
    assert [s["duration_value"] for s in steps] == [1_800_000, 1_200_000, 500_000]
    for step, zone in zip(steps, ["easy", "steady", "marathon"], strict=True):
        assert step["target_type"] == "speed"
        assert step["custom_target_value_low"] == round(1e6 / paces[zone].slow_s_per_km)
        assert step["custom_target_value_high"] == round(1e6 / paces[zone].fast_s_per_km)


def test_the_notes_give_paces_in_the_athletes_units(athlete_client, athlete, run):
    athlete.units = "mi"
    athlete.save()
    steps = decode(athlete_client.get(url(run)))["workout_step_mesgs"]
    assert all(s["notes"].endswith(" /mi") for s in steps)


def test_an_athlete_without_paces_gets_open_targets(athlete_client, athlete, run):
    athlete.race_results.all().delete()
    assert not any(z in fitness_by_day(athlete).on(run.date).paces for z in PROGRESSION_ZONES)
    steps = decode(athlete_client.get(url(run)))["workout_step_mesgs"]
    assert [s["target_type"] for s in steps] == ["open"] * 3
    assert [s["wkt_step_name"] for s in steps] == ["Easy", "Steady", "Marathon pace"]


def test_a_session_hidden_from_the_athlete_is_a_404(athlete_client, athlete, run):
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 1
    athlete.save()
    assert athlete_client.get(url(run)).status_code == 404


def test_another_athletes_session_is_a_404(client, other_athlete, run):
    client.force_login(other_athlete.user)
    assert client.get(url(run)).status_code == 404


def test_a_session_without_stages_is_a_404(athlete_client, run):
    rest = add_session(run.block, run.date + timedelta(days=1), SessionKind.REST)
    assert athlete_client.get(url(rest)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, run):
    response = client.get(url(run))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_coach_gets_a_404_on_the_athletes_address(coach_client, run):
    assert coach_client.get(url(run)).status_code == 404


def test_the_coach_downloads_their_athletes_session(coach_client, run):
    response = coach_client.get(reverse("watch-session-coach", args=[run.pk]))
    assert response.status_code == 200
    assert len(decode(response)["workout_step_mesgs"]) == 3


def test_the_coach_gets_the_file_even_for_a_session_the_athlete_cannot_see(
    coach_client, athlete, run
):
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 1
    athlete.save()
    response = coach_client.get(reverse("watch-session-coach", args=[run.pk]))
    assert response.status_code == 200


def test_another_coach_gets_a_404(client, other_coach, run):
    client.force_login(other_coach)
    assert client.get(reverse("watch-session-coach", args=[run.pk])).status_code == 404


def test_an_athlete_gets_a_404_on_the_coaches_address(athlete_client, run):
    assert athlete_client.get(reverse("watch-session-coach", args=[run.pk])).status_code == 404


def test_the_coachs_session_form_links_the_file(coach_client, run):
    response = coach_client.get(reverse("session-edit", args=[run.pk]))
    assert reverse("watch-session-coach", args=[run.pk]) in response.content.decode()


def test_the_athletes_session_page_offers_the_file_with_how_to_copy_it(athlete_client, run):
    html = athlete_client.get(reverse("athlete-session", args=[run.pk])).content.decode()
    assert f'href="{url(run)}"' in html
    assert "GARMIN/NEWFILES" in html
    assert "does not import workout files" in html


def test_a_session_without_stages_offers_no_file(athlete_client, run):
    rest = add_session(run.block, run.date + timedelta(days=1), SessionKind.REST)
    html = athlete_client.get(reverse("athlete-session", args=[rest.pk])).content.decode()
    assert url(rest) not in html
    assert 'data-testid="watch-box"' not in html


# -- At the calendar feed's address, without a login (docs/running.md §4.11) ------------------


def feed_url(token, session) -> str:
    return reverse("watch-session-feed", args=[token, session.pk])


def test_the_feeds_token_downloads_the_file_without_a_login(client, athlete, run):
    token = feed_for_athlete(athlete).token
    response = client.get(feed_url(token, run))
    assert response.status_code == 200
    assert len(decode(response)["workout_step_mesgs"]) == 3
    assert "no-store" in response["Cache-Control"]


def test_a_wrong_token_is_a_404_that_says_nothing_of_anyone(client, athlete, run):
    feed_for_athlete(athlete)
    wrong = client.get(feed_url("x" * 43, run))
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 1
    athlete.save()
    hidden = client.get(feed_url(athlete.calendar_feed.token, run))
    assert wrong.status_code == hidden.status_code == 404
    assert wrong.content == hidden.content


def test_a_replaced_token_is_a_404_and_the_new_one_works(client, athlete, run):
    old = feed_for_athlete(athlete).token
    new = feed_token_rotate(athlete=athlete).token
    assert client.get(feed_url(old, run)).status_code == 404
    assert client.get(feed_url(new, run)).status_code == 200


def test_a_token_opens_only_its_own_athletes_sessions(client, other_athlete, run):
    token = feed_for_athlete(other_athlete).token
    assert client.get(feed_url(token, run)).status_code == 404


def test_a_past_sessions_file_keeps_its_frozen_targets(athlete_client, athlete):
    """A hand-set marathon pace after the day has passed changes nothing (§3.7)."""
    add_5k(athlete, days_ago=60)
    block = make_block(athlete, race_date=next_saturday(weeks_ahead=10))
    done = add_session(
        block, timezone.localdate() - timedelta(days=7), SessionKind.PROGRESSION, STAGES
    )
    sessions_freeze(block=block)
    before = decode(athlete_client.get(url(done)))["workout_step_mesgs"]
    ZoneOverride.objects.create(
        athlete=athlete, zone="marathon", pace_fast_s_per_km=250, pace_slow_s_per_km=255
    )
    after = decode(athlete_client.get(url(done)))["workout_step_mesgs"]
    assert after == before
    assert after[2]["custom_target_value_high"] != round(1e6 / 250)
