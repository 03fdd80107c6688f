"""The coach's block pages: a new block from the athlete's page, its phases moved by the week,
the athlete's training week on the profile, and what each refuses (saving nothing)."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.paces import MARATHON_M
from workouts import services
from workouts.models import Block, BlockPhaseSpan, PlannedSession

pytestmark = pytest.mark.django_db


def saturday(weeks_ahead: int = 20):
    day = timezone.localdate() + timedelta(weeks=weeks_ahead)
    return day + timedelta(days=(5 - day.weekday()) % 7)


def text_of(response) -> str:
    return html.unescape(response.text)


def block_data(**fields) -> dict:
    return {
        "race_name": "Valencia Marathon",
        "race_date": saturday().isoformat(),
        "race_distance_m": "Marathon",
        "goal_time_s": "3:05:00",
        "n_weeks": "18",
        "recovery_weeks": "0",
    } | fields


def make_block(athlete, **fields):
    values = {
        "athlete": athlete,
        "race_name": "Valencia Marathon",
        "race_date": saturday(),
        "race_distance_m": MARATHON_M,
        "n_weeks": 18,
    } | fields
    return services.block_create(**values)


def phase_data(*weeks) -> dict:
    data = {"form-TOTAL_FORMS": str(len(weeks)), "form-INITIAL_FORMS": str(len(weeks))}
    for i, (first, last) in enumerate(weeks):
        data |= {f"form-{i}-first_week": str(first), f"form-{i}-last_week": str(last)}
    return data


def spans(block) -> list[tuple[str, int, int]]:
    return [(p.phase, p.first_week, p.last_week) for p in block.phases.all()]


# -- Creating a block ----------------------------------------------------------------------


def test_creates_a_block_and_goes_to_its_page(coach_client, athlete):
    url = reverse("block-create", args=[athlete.pk])
    response = coach_client.post(url, block_data())
    block = Block.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("block-detail", args=[block.pk])
    assert (block.athlete, block.race_name, block.race_date, block.n_weeks) == (
        athlete,
        "Valencia Marathon",
        saturday(),
        18,
    )
    assert (block.race_distance_m, block.goal_time_s, block.recovery_weeks) == (
        MARATHON_M,
        3 * 3600 + 5 * 60,
        0,
    )
    assert spans(block)[0] == ("base", 1, 6)


def test_new_block_form_starts_from_the_goal_race(coach_client, athlete):
    athlete.goal_race_name = "Berlin Marathon"
    athlete.goal_race_date = saturday(24)
    athlete.goal_race_distance_m = MARATHON_M
    athlete.goal_time_s = 3 * 3600 + 10 * 60
    athlete.save()
    page = text_of(coach_client.get(reverse("block-create", args=[athlete.pk])))
    assert 'value="Berlin Marathon"' in page
    assert f'value="{saturday(24).isoformat()}"' in page
    assert 'value="Marathon"' in page
    assert 'value="3:10:00"' in page
    assert 'value="18"' in page


def test_new_block_form_offers_a_marathon_in_the_athlete_units_without_a_goal_race(
    coach_client, athlete
):
    athlete.units = "mi"
    athlete.save()
    page = text_of(coach_client.get(reverse("block-create", args=[athlete.pk])))
    assert 'value="Marathon"' in page
    assert "Give the race date and the number of weeks" in page


def test_shows_when_the_block_would_run(coach_client, athlete):
    race = saturday()
    start = race - timedelta(days=18 * 7 - 1)
    url = reverse("block-create", args=[athlete.pk])
    query = {"race_date": race.isoformat(), "n_weeks": "18", "recovery_weeks": "2"}
    response = coach_client.get(url, query, headers={"HX-Request": "true"})
    expected = f"18 weeks: from {start:%a} {start.day} {start:%b %Y} to race day "
    assert expected + f"{race:%a} {race.day} {race:%b %Y}" in text_of(response)
    assert "then 2 recovery weeks" in text_of(response)
    assert "<form" not in response.text


def test_shows_no_dates_for_weeks_out_of_bounds(coach_client, athlete):
    url = reverse("block-create", args=[athlete.pk])
    query = {"race_date": saturday().isoformat(), "n_weeks": "7"}
    response = coach_client.get(url, query, headers={"HX-Request": "true"})
    assert "Give the race date and the number of weeks" in text_of(response)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"n_weeks": "7"}, "A block lasts 8 to 30 weeks, not 7"),
        ({"n_weeks": "31"}, "A block lasts 8 to 30 weeks, not 31"),
        ({"recovery_weeks": "5"}, "Recovery after the race lasts 0 to 4 weeks, not 5."),
        (
            {"race_date": timezone.localdate().isoformat()},
            "The race must be after today: a block is planned ahead of it.",
        ),
        (
            {"race_date": (timezone.localdate() - timedelta(days=3)).isoformat()},
            "The race must be after today",
        ),
        ({"race_distance_m": "300 km"}, "300 km is too long for the block's race"),
        ({"race_distance_m": "500 m"}, "500 m is too short for the block's race"),
        ({"goal_time_s": "0:20"}, "is not a plausible race time for Marathon"),
        ({"race_name": ""}, "This field is required."),
    ],
)
def test_refuses_a_block_out_of_bounds_and_saves_nothing(coach_client, athlete, fields, message):
    response = coach_client.post(reverse("block-create", args=[athlete.pk]), block_data(**fields))
    assert response.status_code == 200
    assert message in text_of(response)
    assert not Block.objects.exists()
    assert not PlannedSession.objects.exists()


def test_refuses_a_second_block_for_the_same_race_date(coach_client, athlete):
    make_block(athlete)
    response = coach_client.post(reverse("block-create", args=[athlete.pk]), block_data())
    assert response.status_code == 200
    expected = f"Amara Okafor already has a block for a race on {saturday():%d %b %Y}."
    assert expected in text_of(response)
    assert Block.objects.count() == 1


def test_outsider_gets_404_for_a_new_block(client, other_coach, athlete):
    client.force_login(other_coach)
    url = reverse("block-create", args=[athlete.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, block_data()).status_code == 404
    assert not Block.objects.exists()


def test_athlete_gets_404_for_a_new_block(client, athlete):
    client.force_login(athlete.user)
    assert client.get(reverse("block-create", args=[athlete.pk])).status_code == 404


# -- The athlete's page ----------------------------------------------------------------------


def test_athlete_page_lists_upcoming_blocks_first_and_past_ones_linked(coach_client, athlete):
    near = make_block(athlete, race_name="Spring Marathon", race_date=saturday(10), n_weeks=8)
    far = make_block(athlete, race_name="Autumn Marathon", race_date=saturday(40))
    past = make_block(athlete, race_name="Old Marathon", race_date=saturday(30))
    Block.objects.filter(pk=past.pk).update(race_date=timezone.localdate() - timedelta(days=60))
    page = text_of(coach_client.get(reverse("athlete-detail", args=[athlete.pk])))
    section = page[page.index('data-testid="blocks"') :]
    order = [section.index(name) for name in ["Spring", "Autumn", "Old Marathon"]]
    assert order == sorted(order)
    for block in [near, far, past]:
        assert reverse("block-detail", args=[block.pk]) in section
    assert "Past" in section
    assert reverse("block-create", args=[athlete.pk]) in section


def test_athlete_page_offers_a_new_block_when_there_is_none(coach_client, athlete):
    page = text_of(coach_client.get(reverse("athlete-detail", args=[athlete.pk])))
    assert "No block yet." in page
    assert reverse("block-create", args=[athlete.pk]) in page


# -- Phases ---------------------------------------------------------------------------------


def test_phases_page_shows_each_phase_with_its_weeks_and_days(coach_client, athlete):
    block = make_block(athlete)
    page = text_of(coach_client.get(reverse("block-phases-edit", args=[block.pk])))
    assert "Base: weeks" in page
    assert 'name="form-0-first_week" id="id_form-0-first_week" value="1"' in page
    assert 'name="form-0-last_week" id="id_form-0-last_week" value="6"' in page
    end_of_base = block.start + timedelta(weeks=6, days=-1)
    assert f"{block.start:%a} {block.start.day} {block.start:%b} – {end_of_base:%a}" in page
    assert 'name="form-3-last_week" id="id_form-3-last_week" value="18"' in page


def test_moves_the_phases(coach_client, athlete):
    block = make_block(athlete)
    data = phase_data((1, 5), (6, 11), (12, 16), (17, 18))
    response = coach_client.post(reverse("block-phases-edit", args=[block.pk]), data)
    assert response.status_code == 302
    assert response.url == reverse("block-detail", args=[block.pk])
    assert spans(block) == [
        ("base", 1, 5),
        ("transition", 6, 11),
        ("long_run", 12, 16),
        ("taper", 17, 18),
    ]


def test_saving_the_phases_unchanged_keeps_them(coach_client, athlete):
    block = make_block(athlete)
    before = spans(block)
    data = phase_data(*[(first, last) for _, first, last in before])
    response = coach_client.post(reverse("block-phases-edit", args=[block.pk]), data)
    assert response.status_code == 302
    assert spans(block) == before


@pytest.mark.parametrize(
    ("weeks", "message"),
    [
        (
            [(1, 6), (6, 11), (12, 16), (17, 18)],
            "Week 6 is in both the base phase and the transition phase; phases must not overlap.",
        ),
        (
            [(1, 5), (7, 11), (12, 16), (17, 18)],
            "Week 6 is in no phase; the phases must cover every week of the block.",
        ),
        (
            [(1, 6), (7, 11), (12, 16), (17, 19)],
            "The taper runs over weeks 17–19, outside the block's weeks 1 to 18.",
        ),
        (
            [(1, 6), (7, 11), (16, 12), (17, 18)],
            "The long-run phase runs from week 16 to week 12; a phase lasts at least 1 week.",
        ),
        (
            [(7, 11), (1, 6), (12, 16), (17, 18)],
            "The transition phase comes before the base phase",
        ),
        ([(1, ""), (7, 11), (12, 16), (17, 18)], "Give the last week of the base."),
        ([(1, "six"), (7, 11), (12, 16), (17, 18)], "Give the last week of the base as a number"),
    ],
)
def test_refuses_phases_that_break_the_rules_and_saves_nothing(
    coach_client, athlete, weeks, message
):
    block = make_block(athlete)
    before = spans(block)
    response = coach_client.post(reverse("block-phases-edit", args=[block.pk]), phase_data(*weeks))
    assert response.status_code == 200
    assert message in text_of(response)
    assert spans(block) == before


def test_refuses_a_tampered_number_of_phases(coach_client, athlete):
    block = make_block(athlete)
    data = phase_data((1, 6), (7, 11), (12, 18))
    response = coach_client.post(reverse("block-phases-edit", args=[block.pk]), data)
    assert response.status_code == 200
    assert "Please submit at least 4 forms." in text_of(response)
    assert BlockPhaseSpan.objects.filter(block=block).count() == 4


def test_shows_the_days_of_weeks_as_typed(coach_client, athlete):
    block = make_block(athlete)
    query = phase_data((1, 4), (5, 11), (12, 16), (17, 18))
    url = reverse("block-phases-edit", args=[block.pk])
    page = text_of(coach_client.get(url, query, headers={"HX-Request": "true"}))
    end = block.start + timedelta(weeks=4, days=-1)
    days = page[page.index('id="phase-days-base"') :]
    days = days[: days.index("</span>")]
    assert days.endswith(f"– {end:%a} {end.day} {end:%b %Y}")
    assert spans(block)[0] == ("base", 1, 6)


def test_outsider_gets_404_for_the_phases(client, other_coach, athlete):
    block = make_block(athlete)
    client.force_login(other_coach)
    url = reverse("block-phases-edit", args=[block.pk])
    assert client.get(url).status_code == 404
    data = phase_data((1, 5), (6, 11), (12, 16), (17, 18))
    assert client.post(url, data).status_code == 404
    assert spans(block)[0] == ("base", 1, 6)


# -- The athlete's training week on the profile ------------------------------------------------


def profile_data(**fields) -> dict:
    return {
        "units": "km",
        "resting_hr_bpm": "",
        "max_hr_bpm": "",
        "lthr_bpm": "",
        "prediction_method": "best",
        "goal_race_name": "",
        "goal_race_date": "",
        "goal_race_distance_m": "",
        "goal_time_s": "",
        "training_days": ["1", "2", "4", "5"],
        "long_run_day": "5",
    } | fields


def test_profile_saves_the_training_days_and_long_run_day(coach_client, athlete):
    url = reverse("athlete-profile-edit", args=[athlete.pk])
    response = coach_client.post(url, profile_data())
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert (athlete.training_days, athlete.long_run_day) == ([1, 2, 4, 5], 5)
    page = text_of(coach_client.get(reverse("athlete-detail", args=[athlete.pk])))
    assert "Tue, Wed, Fri, Sat · long run Saturday" in page


def test_profile_shows_the_stored_training_days_ticked(coach_client, athlete):
    page = coach_client.get(reverse("athlete-profile-edit", args=[athlete.pk])).text
    boxes = re.findall(r'<input type="checkbox"[^>]*name="training_days"[^>]*>', page)
    ticked = [int(re.search(r'value="(\d)"', box)[1]) for box in boxes if "checked" in box]
    assert (len(boxes), ticked) == (7, [1, 2, 3, 5, 6])
    assert '<option value="6" selected>Sunday</option>' in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"training_days": []}, "Tick at least 2 training days"),
        ({"training_days": ["6"], "long_run_day": "6"}, "Tick at least 2 training days"),
        (
            {"training_days": ["1", "3"], "long_run_day": "6"},
            "The long run is on Sunday, which is not a training day: tick Sunday or pick "
            "another long-run day.",
        ),
        ({"training_days": ["1", "9"]}, "Select a valid choice. 9 is not one of the available"),
    ],
)
def test_profile_refuses_a_training_week_without_room_and_saves_nothing(
    coach_client, athlete, fields, message
):
    url = reverse("athlete-profile-edit", args=[athlete.pk])
    response = coach_client.post(url, profile_data(**fields))
    assert response.status_code == 200
    assert message in text_of(response)
    athlete.refresh_from_db()
    assert (athlete.training_days, athlete.long_run_day) == ([1, 2, 3, 5, 6], 6)
