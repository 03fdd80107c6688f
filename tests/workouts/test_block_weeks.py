"""A block's weeks: a target time or distance per week in the athlete's units, recovery
weeks the coach marks (and the hint of one every 4th week of base), B and C races inside
the block with their short taper, and the block's sessions as a CSV file."""

import csv
import html
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from athletes.paces import MILE_M
from tests.workouts.test_block_calendar import PROGRESSION, add_session, make_block, page, week_html
from workouts import services
from workouts.models import BlockWeek, PlannedSession, SessionKind

pytestmark = pytest.mark.django_db


def week_url(block, index):
    return reverse("block-week-edit", args=[block.pk, index])


def race_data(block, day, **fields):
    return (
        {"name": "City Half", "date": day.isoformat(), "distance_m": "Half marathon"}
        | {"priority": "B"}
        | fields
    )


def messages_of(response) -> str:
    return html.unescape(" ".join(str(m) for m in response.context["messages"]))


# -- Weekly targets -----------------------------------------------------------------------


def test_saves_a_target_time_typed_as_hours_and_minutes_and_shows_it_against_the_plan(
    coach_client, athlete
):
    block = make_block(athlete)
    add_session(block, block.start, SessionKind.PROGRESSION, PROGRESSION)  # 1 h planned
    response = coach_client.post(week_url(block, 1), {"target_time": "4:00"})
    assert response.status_code == 302
    assert response.url.endswith("#week-1")
    week = BlockWeek.objects.get(block=block, index=1)
    assert (week.target_duration_s, week.target_distance_m, week.is_cutback) == (14400, None, False)
    row = week_html(page(coach_client, block), 1)
    assert "4 h" in row
    assert "25% planned" in row


def test_saves_a_target_distance_in_miles_for_an_athlete_in_miles(coach_client, athlete):
    athlete.units = "mi"
    athlete.save()
    block = make_block(athlete)
    coach_client.post(week_url(block, 2), {"target_distance": "25"})
    week = BlockWeek.objects.get(block=block, index=2)
    assert week.target_distance_m == pytest.approx(25 * MILE_M)
    assert "25 mi" in week_html(page(coach_client, block), 2)
    form = coach_client.get(week_url(block, 2)).content.decode()
    assert 'value="25"' in form


def test_saving_the_week_form_unchanged_keeps_the_stored_distance_exactly(coach_client, athlete):
    block = make_block(athlete)
    BlockWeek.objects.create(block=block, index=3, target_distance_m=41_234.5678)
    coach_client.post(week_url(block, 3), {"target_distance": "41.23"})
    assert BlockWeek.objects.get(block=block, index=3).target_distance_m == 41_234.5678


def test_saving_an_empty_week_form_stores_nothing(coach_client, athlete):
    block = make_block(athlete)
    coach_client.post(week_url(block, 4), {"target_time": "", "target_distance": ""})
    assert not BlockWeek.objects.filter(block=block).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"target_time": "four hours"}, "is not a time: write hours:minutes"),
        ({"target_time": "4:75"}, "is not a time"),
        ({"target_distance": "forty"}, "is not a distance: write a number of km"),
        ({"target_distance": "-3"}, "more than zero"),
        ({"target_time": "4:00", "target_distance": "40"}, "not both"),
    ],
)
def test_refuses_a_bad_target_with_a_specific_message(coach_client, athlete, data, message):
    block = make_block(athlete)
    response = coach_client.post(week_url(block, 1), data)
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not BlockWeek.objects.exists()


def test_marks_a_recovery_week_and_the_calendar_shows_it(coach_client, athlete):
    block = make_block(athlete)
    coach_client.post(week_url(block, 4), {"is_cutback": "on"})
    assert BlockWeek.objects.get(block=block, index=4).is_cutback
    row = week_html(page(coach_client, block), 4)
    assert 'data-testid="cutback"' in row
    assert 'data-testid="cutback-hint"' not in row


def test_hints_a_cutback_every_fourth_week_of_base_only(coach_client, athlete):
    block = make_block(athlete)
    base = block.phases.get(phase="base")
    html_page = page(coach_client, block)
    hinted = [i for i in range(1, block.n_weeks + 1) if "cutback-hint" in week_html(html_page, i)]
    assert hinted == [w for w in range(base.first_week, base.last_week + 1) if w % 4 == 0]
    assert hinted  # an 18-week block's base has a 4th week


def test_refuses_a_week_outside_the_block(coach_client, athlete):
    block = make_block(athlete)
    assert coach_client.get(week_url(block, 19)).status_code == 404
    with pytest.raises(services.BlockRejected, match="no week 0"):
        services.block_week_save(
            block=block, index=0, target_duration_s=3600, target_distance_m=None, is_cutback=False
        )


# -- B and C races --------------------------------------------------------------------------


def test_a_b_race_replaces_the_days_session_with_an_undo(coach_client, athlete):
    block = make_block(athlete)
    day = block.start + timedelta(weeks=8)
    easy = add_session(block, day, SessionKind.EASY)
    response = coach_client.post(
        reverse("block-race-add", args=[block.pk]), race_data(block, day), follow=True
    )
    race = PlannedSession.objects.get(block=block, date=day)
    assert (race.kind, race.priority, race.title) == ("race", "B", "City Half")
    assert race.race_distance_m == pytest.approx(21097.5, abs=1)
    assert not PlannedSession.objects.filter(pk=easy.pk).exists()
    text = messages_of(response)
    assert "Added the B race City Half" in text
    assert f"Replaced the {easy}." in text
    assert reverse("session-restore", args=[easy.pk]) in text
    token = response.content.decode().split('name="undo" value="')[1].split('"')[0]
    coach_client.post(reverse("session-restore", args=[easy.pk]), {"undo": token})
    assert PlannedSession.objects.filter(pk=easy.pk, date=day).exists()


def test_a_b_race_warns_of_a_hard_session_in_the_two_days_before_it(coach_client, athlete):
    block = make_block(athlete)
    day = block.start + timedelta(weeks=8, days=3)
    add_session(block, day - timedelta(days=2), SessionKind.PROGRESSION, PROGRESSION)
    add_session(block, day - timedelta(days=3), SessionKind.QUALITY)
    add_session(block, day - timedelta(days=1), SessionKind.EASY)
    coach_client.post(reverse("block-race-add", args=[block.pk]), race_data(block, day))
    html_page = page(coach_client, block)
    assert html_page.count('data-code="before-b-race"') == 1
    two_days = html_page.index(f'id="day-{day - timedelta(days=2):%Y-%m-%d}"')
    assert html_page.index('data-code="before-b-race"') > two_days
    assert 'data-testid="race-priority">B<' in html_page


def test_a_c_race_gets_no_taper_warning(coach_client, athlete):
    block = make_block(athlete)
    day = block.start + timedelta(weeks=8, days=3)
    add_session(block, day - timedelta(days=1), SessionKind.LONG_RUN)
    coach_client.post(
        reverse("block-race-add", args=[block.pk]), race_data(block, day, priority="C")
    )
    assert PlannedSession.objects.get(date=day).priority == "C"
    assert "before-b-race" not in page(coach_client, block)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": "race-day"}, "is race day, the block's A race"),
        ({"date": "outside"}, "is outside the block"),
        ({"distance_m": "far"}, "is not a distance"),
        ({"name": ""}, "Give the race's name."),
        ({"priority": "A"}, "Select a valid choice"),
    ],
)
def test_refuses_a_bad_race_and_saves_nothing(coach_client, athlete, fields, message):
    block = make_block(athlete)
    days = {"race-day": block.race_date, "outside": block.start - timedelta(days=1)}
    if "date" in fields:
        fields = {"date": days[fields["date"]].isoformat()}
    before = PlannedSession.objects.count()
    response = coach_client.post(
        reverse("block-race-add", args=[block.pk]),
        race_data(block, block.start + timedelta(weeks=3)) | fields,
    )
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert PlannedSession.objects.count() == before


# -- CSV export -----------------------------------------------------------------------------


def test_exports_the_blocks_sessions_as_csv(coach_client, athlete):
    block = make_block(athlete)
    run = add_session(block, block.start + timedelta(days=2), SessionKind.PROGRESSION, PROGRESSION)
    run.title, run.notes, run.locked = "Thirds", "Hold back, then go", True
    run.original_date = block.start + timedelta(days=1)
    run.save()
    response = coach_client.get(reverse("block-sessions-csv", args=[block.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    first = rows[0]
    assert first == {
        "date": run.date.isoformat(),
        "week": "1",
        "phase": "base",
        "kind": "Progression run",
        "priority": "",
        "title": "Thirds",
        "planned duration": "1:00:00",
        "planned distance (km)": "",
        "stages": "30min easy, 15min steady, 15min marathon",
        "notes": "Hold back, then go",
        "locked": "yes",
        "moved from": run.original_date.isoformat(),
    }
    race = rows[-1]
    assert (race["date"], race["kind"], race["planned distance (km)"]) == (
        block.race_date.isoformat(),
        "Race",
        "42.20",
    )


# -- Outsiders ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["block-week-edit", "block-race-add", "block-sessions-csv"])
def test_other_coach_gets_404(client, other_coach, athlete, name):
    block = make_block(athlete)
    client.force_login(other_coach)
    args = [block.pk, 1] if name == "block-week-edit" else [block.pk]
    assert client.get(reverse(name, args=args)).status_code == 404
    assert client.post(reverse(name, args=args), {"target_time": "4:00"}).status_code == 404
    assert not BlockWeek.objects.exists()


def test_a_deleted_b_race_comes_back_as_a_b_race_on_undo(athlete):
    block = make_block(athlete)
    day = block.start + timedelta(weeks=8)
    race, _ = services.block_race_add(
        block=block, date=day, name="City 10K", distance_m=10_000, priority="B"
    )
    token = services.session_delete(session=race)
    restored = services.session_restore(
        block=block, snapshot=services.session_undo_read(token=token)
    )
    assert (restored.priority, restored.race_distance_m, restored.title) == (
        "B",
        10_000,
        "City 10K",
    )


def test_moving_a_long_run_to_the_day_before_a_b_race_warns_of_its_taper(athlete):
    block = make_block(athlete)
    day = block.start + timedelta(weeks=8, days=3)
    services.block_race_add(block=block, date=day, name="City 10K", distance_m=10_000, priority="B")
    long_run = add_session(block, day - timedelta(days=4), SessionKind.LONG_RUN)
    check = services.session_move(session=long_run, date=day - timedelta(days=1))
    assert [f.code for f in check.placement if f.code == "before-b-race"] == ["before-b-race"]
    assert any("the day before City 10K" in warning for warning in check.warnings)
    easy = add_session(block, day - timedelta(days=5), SessionKind.EASY)
    moved = services.session_move(session=easy, date=day - timedelta(days=2))
    assert "before-b-race" not in [f.code for f in moved.placement]
