"""The coach's week view: a row an athlete, seven days from the coach's first weekday, each
session on its day linking to the block calendar; what it refuses, and who may see it."""

import html
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete
from athletes.paces import MARATHON_M
from tests.conftest import add_5k
from workouts import services
from workouts.models import PlannedSession, SessionKind
from workouts.plan_text import parse_plan
from workouts.week_view import block_week_label, parse_week_day, week_start

pytestmark = pytest.mark.django_db


def sunday(weeks_ahead: int = 20) -> date:
    day = timezone.localdate() + timedelta(weeks=weeks_ahead)
    return day + timedelta(days=(6 - day.weekday()) % 7)


def make_block(athlete, race_date=None, **fields):
    values = {
        "athlete": athlete,
        "race_name": "Valencia Marathon",
        "race_date": race_date or sunday(),
        "race_distance_m": MARATHON_M,
        "n_weeks": 18,
    } | fields
    return services.block_create(**values)


def add_session(block, day: date, kind: str, plan: str, title: str = "") -> PlannedSession:
    session, _ = services.session_save(
        block=block, date=day, kind=kind, title=title, notes="", stages=parse_plan(plan)
    )
    return session


def week_of(client, day: date | str):
    return client.get(reverse("coach-week"), {"start": str(day)})


def text_of(response) -> str:
    return html.unescape(response.text)


def columns(response) -> list[str]:
    return re.findall(r'data-testid="week-column">([^<]+)<', response.text)


def day_cell(response, day: date) -> str:
    """The HTML of one athlete-row cell for `day` (the first row holding that date)."""
    match = re.search(rf'<td[^>]*data-date="{day.isoformat()}">(.*?)</td>', response.text, re.S)
    assert match, f"no cell for {day}"
    return html.unescape(match[1])


# -- The week's first day -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "first_weekday", "start"),
    [
        (date(2027, 3, 10), 0, date(2027, 3, 8)),  # a Wednesday, weeks from Monday
        (date(2027, 3, 8), 0, date(2027, 3, 8)),  # Monday itself
        (date(2027, 3, 14), 0, date(2027, 3, 8)),  # Sunday ends the Monday week
        (date(2027, 3, 10), 6, date(2027, 3, 7)),  # weeks from Sunday
        (date(2027, 3, 13), 6, date(2027, 3, 7)),  # Saturday ends the Sunday week
        (date(2027, 3, 14), 6, date(2027, 3, 14)),  # Sunday starts it
        (date(2027, 3, 10), 2, date(2027, 3, 10)),
        (date(2027, 3, 9), 2, date(2027, 3, 3)),
    ],
)
def test_week_start_is_the_last_first_weekday_on_or_before_the_day(day, first_weekday, start):
    assert week_start(day, first_weekday) == start


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("garbage", "“garbage” is not a date"),
        ("2027-02-30", "“2027-02-30” is not a date"),
        ("0001-01-01", "0001-01-01 is too far off"),
        ("9999-12-31", "9999-12-31 is too far off"),
    ],
)
def test_a_start_that_is_no_usable_date_says_why(text, message):
    day, error = parse_week_day(text)
    assert day is None and error.startswith(message)


def test_a_start_as_iso_date_is_read():
    assert parse_week_day(" 2027-03-10 ") == (date(2027, 3, 10), None)


def test_columns_start_on_monday_by_default(coach_client, athlete):
    response = week_of(coach_client, "2027-03-10")
    assert response.status_code == 200
    assert columns(response) == [
        "Mon 8 Mar",
        "Tue 9 Mar",
        "Wed 10 Mar",
        "Thu 11 Mar",
        "Fri 12 Mar",
        "Sat 13 Mar",
        "Sun 14 Mar",
    ]
    assert "Monday 8 Mar – Sunday 14 Mar 2027" in text_of(response)


def test_a_coach_whose_weeks_start_on_sunday_sees_sunday_first(coach_client, coach, athlete):
    coach.first_weekday = 6
    coach.save()
    response = week_of(coach_client, "2027-03-10")
    assert columns(response)[0] == "Sun 7 Mar" and columns(response)[-1] == "Sat 13 Mar"
    assert response.context["week"].start == date(2027, 3, 7)
    # Previous and next weeks start on Sundays too.
    assert "?start=2027-02-28" in response.text and "?start=2027-03-14" in response.text


def test_without_a_start_it_shows_the_coachs_this_week(coach_client, coach, athlete):
    coach.time_zone = "Pacific/Kiritimati"  # UTC+14: often already tomorrow
    coach.save()
    response = coach_client.get(reverse("coach-week"))
    week = response.context["week"]
    assert week.today == timezone.localdate(timezone=timezone.get_fixed_timezone(14 * 60))
    assert week.start == week_start(week.today, 0) and week.is_current
    assert "this week" in response.text


def test_a_garbage_start_shows_this_week_with_a_clear_message(coach_client, athlete):
    response = week_of(coach_client, "next tuesday")
    assert response.status_code == 400
    assert "“next tuesday” is not a date: choose a day as YYYY-MM-DD" in text_of(response)
    assert response.context["week"].is_current
    assert week_of(coach_client, "0001-01-01").status_code == 400


# -- Who sees it ----------------------------------------------------------------------------


def test_other_coachs_athletes_are_absent(coach_client, athlete, other_athlete):
    make_block(other_athlete, race_name="Secret Marathon")
    response = week_of(coach_client, sunday())
    text = text_of(response)
    assert athlete.full_name in text
    assert other_athlete.full_name not in text and "Secret Marathon" not in text


def test_an_athlete_gets_404_like_on_every_coach_page(client, athlete):
    client.force_login(athlete.user)
    assert client.get(reverse("coach-week")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("coach-week"))
    assert response.status_code == 302 and "/login/" in response.url


def test_the_coach_nav_and_the_athlete_list_link_to_it(coach_client, athlete):
    page = coach_client.get(reverse("athlete-list")).text
    assert page.count(f'href="{reverse("coach-week")}"') == 2  # the nav's "Week" and a button


# -- What a row shows -----------------------------------------------------------------------


def test_a_session_in_an_athletes_block_shows_on_its_day(coach_client, athlete):
    block = make_block(athlete)
    day = block.race_date - timedelta(weeks=8, days=3)  # a Thursday, week 10
    add_session(
        block,
        day,
        SessionKind.PROGRESSION,
        "20min easy, 20min steady, 20min marathon",
        title="Thirds",
    )
    response = week_of(coach_client, day)
    cell = day_cell(response, day)
    assert "Progression run" in cell and "Thirds" in cell and "1 h" in cell
    week = (day - block.start).days // 7 + 1  # the calendar draws that week in full
    detail = reverse("block-detail", args=[block.pk])
    assert f'href="{detail}?show={week}#day-{day.isoformat()}"' in cell
    assert 'class="stage-bar"' in cell  # the progression's stages as a strip
    assert "Thirds" not in day_cell(response, day - timedelta(days=1))
    row = text_of(response)
    assert "Transition · week 10 of 18" in row
    assert f'{reverse("block-detail", args=[block.pk])}?show=10#week-10"' in response.text
    assert f'href="{reverse("athlete-detail", args=[athlete.pk])}"' in response.text


def test_the_weeks_planned_time_and_distance_are_in_the_athletes_units(coach_client, athlete):
    athlete.units = "mi"
    athlete.save()
    block = make_block(athlete)
    monday = block.race_date - timedelta(weeks=8, days=6)
    for offset, plan in [(1, "60min easy"), (3, "16.09344km easy")]:
        add_session(block, monday + timedelta(days=offset), SessionKind.EASY, plan)
    text = text_of(week_of(coach_client, monday))
    # No paces (no race result): the distance run's time is unknown, so only the hour counts.
    assert re.search(r'data-testid="week-totals">10(\.00)? mi · 1 h<', text), text


def test_a_distance_runs_time_comes_from_the_athletes_paces(coach_client, athlete):
    add_5k(athlete)
    block = make_block(athlete)
    day = block.race_date - timedelta(weeks=8, days=4)
    add_session(block, day, SessionKind.EASY, "10km easy")
    response = week_of(coach_client, day)
    assert "≈" in day_cell(response, day)
    assert re.search(r'data-testid="week-totals">10 km · ≈ \d+ min<', text_of(response))


def test_a_skipped_session_shows_as_not_run_and_counts_for_nothing(coach_client, athlete):
    block = make_block(athlete)
    day = block.race_date - timedelta(weeks=8, days=4)
    session = add_session(block, day, SessionKind.EASY, "60min easy", title="Easy hour")
    PlannedSession.objects.filter(pk=session.pk).update(skipped_reason="ill")
    response = week_of(coach_client, day)
    cell = day_cell(response, day)
    assert "Not run: ill" in cell and "is-skipped" in cell
    assert 'data-testid="week-totals"' not in response.text
    assert "Nothing planned" in text_of(response)


def test_an_athlete_without_a_block_this_week_says_so(coach_client, coach, athlete):
    lukas = Athlete.objects.create(coach=coach, first_name="Lukas", last_name="Berg")
    make_block(athlete)
    response = week_of(coach_client, sunday() - timedelta(weeks=2))
    rows = re.findall(r'<tr data-testid="week-row".*?</tr>', text_of(response), re.S)
    assert len(rows) == 2
    [lukas_row] = [row for row in rows if "Lukas Berg" in row]
    assert "No block this week" in lukas_row
    [amara_row] = [row for row in rows if athlete.full_name in row]
    assert "No block this week" not in amara_row and "Taper · week 16 of 18" not in amara_row
    assert "Long-run phase · week 16 of 18" in amara_row
    # Before the block begins, Amara has none either.
    response = week_of(coach_client, sunday() - timedelta(weeks=30))
    assert text_of(response).count("No block this week") == 2
    assert lukas.pk


def test_the_race_shows_with_its_goal(coach_client, athlete):
    block = make_block(athlete, goal_time_s=3 * 3600 + 5 * 60)
    cell = day_cell(week_of(coach_client, block.race_date), block.race_date)
    assert "Race" in cell and "42.2 km · goal 3:05:00" in cell


def test_the_block_week_is_the_one_holding_the_displayed_weeks_middle_day(athlete):
    saturday = sunday() - timedelta(days=1)
    block = make_block(athlete, race_date=saturday)  # block weeks run Sunday to Saturday
    monday = saturday - timedelta(weeks=8, days=5)
    # Monday to Sunday: six days in week 10, the Sunday in week 11; Thursday decides.
    assert block_week_label(block, monday).index == 10
    # A week the block begins in (its first day a Sunday): week 1.
    assert block_week_label(block, block.start - timedelta(days=6)).index == 1


def test_weeks_after_race_day_are_the_blocks_recovery_weeks(coach_client, athlete):
    block = make_block(athlete, recovery_weeks=2)
    monday = block.race_date + timedelta(days=1)  # race on Sunday: recovery from Monday
    label = block_week_label(block, monday + timedelta(weeks=1))
    assert (label.index, label.text) == (20, "Recovery week 2 of 2")
    add_session(block, monday + timedelta(days=2), SessionKind.EASY, "30min easy", title="Jog")
    response = week_of(coach_client, monday)
    assert "Recovery week 1 of 2" in text_of(response)
    assert f'{reverse("block-detail", args=[block.pk])}?show=19#week-19"' in response.text
    assert "Jog" in day_cell(response, monday + timedelta(days=2))
    # Past its recovery weeks the block is gone from the row.
    assert "No block this week" in text_of(week_of(coach_client, monday + timedelta(weeks=2)))


def test_queries_do_not_grow_with_athletes_or_sessions(coach_client, coach, athlete):
    day = sunday() - timedelta(weeks=8, days=4)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert week_of(coach_client, day).status_code == 200
        return len(captured)

    def runs(athlete, n: int) -> None:
        add_5k(athlete)
        block = make_block(athlete)
        for offset in range(n):
            add_session(
                block,
                day + timedelta(days=offset),
                SessionKind.PROGRESSION,
                "30min easy, 15min steady, 10km marathon",
            )

    runs(athlete, 1)
    few = queries()
    for i in range(3):
        runs(Athlete.objects.create(coach=coach, first_name=f"Runner{i}"), 3)
    assert queries() == few
