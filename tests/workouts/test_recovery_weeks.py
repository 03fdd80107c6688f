"""The recovery weeks after the race on a block's calendar (docs/running.md §4.4): rows after
race week that take easy runs, rest and other sessions, never a progression run; the services
that check a session's day, the calendar, its CSV export; and the demo's chip titles."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from athletes.paces import MARATHON_M
from tests.workouts.test_block_calendar import make_block, next_saturday, page, week_html
from tests.workouts.test_session_services import SOUND_BASE_RUN, add, base_tuesday
from tests.workouts.test_session_views import create_url, form_data
from workouts import demo, recovery, services
from workouts.models import PlannedSession, SessionKind

RECOVERY_MESSAGE = "No progression runs in the recovery weeks after the race: "


@pytest.fixture
def block(athlete):
    """An 18-week block with 2 recovery weeks after its Saturday race."""
    return make_block(athlete, recovery_weeks=2)


def after_race(block, days):
    return block.race_date + timedelta(days=days)


def others(block):
    return block.sessions.exclude(kind=SessionKind.RACE)


# The block's last day


def test_a_block_ends_after_its_recovery_weeks(block):
    assert block.end == block.race_date + timedelta(days=14)
    assert block.as_value().end == block.end
    block.recovery_weeks = 0
    assert block.end == block.race_date


# Sessions on recovery days


@pytest.mark.parametrize(
    ("kind", "plan"),
    [(SessionKind.EASY, "30min easy"), (SessionKind.REST, ""), (SessionKind.QUALITY, "")],
)
def test_a_recovery_day_takes_an_easy_run_a_rest_day_or_other(block, kind, plan):
    session, check = add(block, after_race(block, 3), plan=plan, kind=kind)
    assert session.date == after_race(block, 3)
    assert not check.errors


@pytest.mark.parametrize(
    ("kind", "plan"),
    [
        (SessionKind.PROGRESSION, SOUND_BASE_RUN),
        (SessionKind.LONG_RUN_PROGRESSION, "18km easy, 6km steady, 6km marathon"),
        (SessionKind.PROGRESSION, ""),  # no stages yet: the recovery is what refuses it
    ],
)
def test_refuses_a_progression_run_in_the_recovery_weeks_saving_nothing(block, kind, plan):
    with pytest.raises(services.SessionRejected) as refused:
        add(block, after_race(block, 9), plan=plan, kind=kind)
    [message] = refused.value.messages
    assert message.startswith(RECOVERY_MESSAGE)
    assert "falls in recovery week 2 of 2" in message
    assert not others(block).exists()


def test_refuses_moving_a_progression_run_into_the_recovery_weeks(block):
    session, _ = add(block, base_tuesday(block))
    with pytest.raises(services.SessionRejected, match=RECOVERY_MESSAGE):
        services.session_move(session=session, date=after_race(block, 2))
    session.refresh_from_db()
    assert session.date == base_tuesday(block)


def test_moves_an_easy_run_into_the_recovery_weeks(block):
    session, _ = add(block, base_tuesday(block), plan="40min easy", kind=SessionKind.EASY)
    services.session_move(session=session, date=after_race(block, 2))
    session.refresh_from_db()
    assert (session.date, session.original_date) == (after_race(block, 2), base_tuesday(block))


def test_refuses_a_day_after_the_recovery_weeks_naming_them(block):
    with pytest.raises(services.SessionRejected) as refused:
        add(block, after_race(block, 15), plan="30min easy", kind=SessionKind.EASY)
    assert "is outside the block" in str(refused.value)
    assert "then 2 recovery weeks to" in str(refused.value)


def test_without_recovery_weeks_the_day_after_the_race_is_outside_the_block(athlete):
    block = make_block(athlete)
    with pytest.raises(services.SessionRejected, match="is outside the block, which runs"):
        add(block, after_race(block, 1), plan="30min easy", kind=SessionKind.EASY)


# Bulk edits


def test_repeats_an_easy_run_weekly_into_the_recovery_weeks_but_not_past_them(block):
    session, _ = add(block, after_race(block, -4), plan="40min easy", kind=SessionKind.EASY)
    services.session_repeat_weekly(session=session, n_weeks=2)
    days = sorted(others(block).values_list("date", flat=True))
    assert days == [after_race(block, d) for d in (-4, 3, 10)]
    with pytest.raises(services.BlockRejected, match="after its recovery weeks: repeat the"):
        services.session_repeat_weekly(session=session, n_weeks=3)


def test_a_rest_day_inserted_before_the_taper_leaves_the_recovery_days_where_they_are(block):
    easy, _ = add(block, after_race(block, 2), plan="30min easy", kind=SessionKind.EASY)
    services.block_rest_day_insert(block=block, day=base_tuesday(block))
    easy.refresh_from_db()
    assert easy.date == after_race(block, 2)


def test_refuses_a_rest_day_inserted_on_a_recovery_day(block):
    with pytest.raises(services.BlockRejected, match="is in the recovery weeks after the race"):
        services.block_rest_day_insert(block=block, day=after_race(block, 2))


def test_marks_recovery_sessions_as_not_run_over_a_span(block):
    easy, _ = add(block, after_race(block, 2), plan="30min easy", kind=SessionKind.EASY)
    marked = services.block_skip_range(
        block=block,
        start=block.race_date,
        end=block.end,
        reason="ill",
        today=block.end + timedelta(days=1),
    )
    easy.refresh_from_db()
    assert (marked, easy.skipped_reason) == (1, "ill")


# The calendar


def test_the_calendar_shows_the_recovery_weeks_after_race_week(coach_client, block):
    add(block, after_race(block, 3), plan="30min easy", kind=SessionKind.EASY)
    html = page(coach_client, block)
    assert html.index('id="week-18"') < html.index('id="week-19"') < html.index('id="week-20"')
    first = week_html(html, 19)
    assert "Recovery week 1 of 2" in first and 'data-phase="recovery"' in first
    assert 'class="cal-week phase-recovery' in html
    assert 'data-testid="recovery-note"' in first
    assert f'id="day-{after_race(block, 3):%Y-%m-%d}"' in first
    assert "Recovery week 2 of 2" in week_html(html, 20)
    # Not counted in "week N of 18", and no target or week copy in them.
    assert "Week 18 of 18" in html and "of 18" not in first
    assert reverse("block-week-edit", args=[block.pk, 19]) not in html
    assert 'name="from_week" value="19"' not in html
    assert "18 weeks from" in html


def test_a_recovery_day_takes_new_sessions_but_offers_no_rest_day_shift(coach_client, block):
    day = after_race(block, 3)
    html = page(coach_client, block)
    days = week_html(html, 19)
    assert f"sessions/new/?date={day:%Y-%m-%d}" in days
    assert "Insert rest day here" not in days


def test_the_move_control_reaches_the_last_recovery_day(coach_client, block):
    add(block, base_tuesday(block), plan="40min easy", kind=SessionKind.EASY)
    html = page(coach_client, block)
    assert f'max="{block.end:%Y-%m-%d}"' in html
    assert f'max="{block.race_date:%Y-%m-%d}"' not in html.split('class="chip-move"')[1][:600]


def test_a_block_without_recovery_weeks_ends_its_calendar_on_race_week(coach_client, athlete):
    block = make_block(athlete)
    html = page(coach_client, block)
    assert 'id="week-18"' in html and 'id="week-19"' not in html
    assert "Recovery week 1" not in html and "phase-recovery" not in html


def test_the_chart_bands_the_recovery_weeks_and_marks_the_race_at_race_week(coach_client, block):
    html = page(coach_client, block)
    chart = html[html.index('<svg class="block-chart"') : html.index("</svg>")]
    assert '<g class="phase-recovery">' in chart
    assert ">R1</text>" in chart and ">R2</text>" in chart


# The session form


def test_the_session_form_names_the_recovery_week_of_its_day(coach_client, block):
    day = after_race(block, 3)
    response = coach_client.get(create_url(block, day))
    assert "recovery week 1 of 2" in response.content.decode()


def test_the_session_form_refuses_a_progression_run_on_a_recovery_day(coach_client, block):
    day = after_race(block, 3)
    response = coach_client.post(create_url(block, day), form_data(day))
    assert response.status_code == 200
    assert RECOVERY_MESSAGE in response.content.decode()
    assert not others(block).exists()


def test_the_move_page_refuses_a_progression_run_into_the_recovery_weeks(coach_client, block):
    session, _ = add(block, base_tuesday(block))
    url = reverse("session-move", args=[session.pk])
    response = coach_client.post(url, {"date": after_race(block, 1).isoformat()}, follow=True)
    assert RECOVERY_MESSAGE in response.content.decode()
    session.refresh_from_db()
    assert session.date == base_tuesday(block)


def test_another_coach_cannot_add_to_the_recovery_weeks(client, other_coach, block):
    client.force_login(other_coach)
    day = after_race(block, 3)
    data = form_data(day, kind="easy", plan="30min easy")
    assert client.post(create_url(block, day), data).status_code == 404
    assert not others(block).exists()


# The CSV export


def test_the_csv_export_holds_the_recovery_weeks_sessions(coach_client, block):
    add(block, after_race(block, 3), plan="30min easy", kind=SessionKind.EASY)
    response = coach_client.get(reverse("block-sessions-csv", args=[block.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    [row] = [r for r in rows if r[0] == after_race(block, 3).isoformat()]
    assert row[1:4] == ["R1", "recovery", "Easy run"]


# The demo's chips: a title that repeats the kind is not shown twice


def test_a_chip_does_not_repeat_a_title_equal_to_its_kind(coach_client, block):
    day = base_tuesday(block)
    add(block, day, plan="40min easy", kind=SessionKind.EASY, title="Easy run")
    add(block, day + timedelta(days=1), plan="40min easy", kind=SessionKind.EASY, title="Hills")
    html = page(coach_client, block)
    assert '<div class="chip-title">Easy run</div>' not in html
    assert '<div class="chip-title">Hills</div>' in html


def test_the_demo_block_gives_no_title_that_only_repeats_the_kind(athlete):
    athlete.goal_race_name = "Valencia Marathon"
    athlete.goal_race_date = next_saturday(weeks_ahead=10)
    athlete.goal_race_distance_m = MARATHON_M
    athlete.save()
    block = demo.block_seed(athlete, n_weeks=8)
    titles = {(s.kind, s.title) for s in PlannedSession.objects.filter(block=block)}
    assert (SessionKind.EASY, "Easy run") not in titles
    assert (SessionKind.LONG_RUN, "Long run") not in titles
    assert (SessionKind.EASY, "") in titles and (SessionKind.LONG_RUN, "") in titles


# How many recovery weeks: changed after the block was made


def recovery_url(block):
    return reverse("block-recovery-edit", args=[block.pk])


def test_the_block_page_links_to_its_recovery_weeks(coach_client, block):
    assert f'href="{recovery_url(block)}"' in page(coach_client, block)


def test_the_coach_changes_the_recovery_weeks(coach_client, block):
    assert 'value="2"' in coach_client.get(recovery_url(block)).content.decode()
    response = coach_client.post(recovery_url(block), {"recovery_weeks": "3"})
    assert response.status_code == 302
    block.refresh_from_db()
    assert (block.recovery_weeks, block.end) == (3, block.race_date + timedelta(weeks=3))


def test_fewer_recovery_weeks_are_refused_while_sessions_stand_on_dropped_days(coach_client, block):
    add(block, after_race(block, 10), plan="30min easy", kind=SessionKind.EASY)
    response = coach_client.post(recovery_url(block), {"recovery_weeks": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not changed: with 1 recovery week the calendar ends on" in html
    assert "the easy run on" in html and "Move or delete it first." in html
    block.refresh_from_db()
    assert block.recovery_weeks == 2


def test_none_at_all_is_refused_too_while_a_recovery_day_holds_a_session(block):
    add(block, after_race(block, 1), plan="30min easy", kind=SessionKind.EASY)
    with pytest.raises(services.BlockRejected, match="the calendar ends on race day"):
        recovery.block_recovery_weeks_set(block=block, recovery_weeks=0)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("5", "Recovery after the race lasts 0 to 4 weeks, not 5."),
        ("-1", "Recovery after the race lasts 0 to 4 weeks, not -1."),
        ("two", "Give the recovery weeks as a whole number, e.g. 2."),
        ("", "Give the recovery weeks after the race, 0 to 4."),
    ],
)
def test_the_recovery_page_explains_a_bad_number(coach_client, block, value, message):
    response = coach_client.post(recovery_url(block), {"recovery_weeks": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    block.refresh_from_db()
    assert block.recovery_weeks == 2


def test_the_service_refuses_a_number_out_of_range(block):
    with pytest.raises(services.BlockRejected, match="lasts 0 to 4 weeks, not 9"):
        recovery.block_recovery_weeks_set(block=block, recovery_weeks=9)


def test_another_coach_gets_404_on_the_recovery_page(client, other_coach, block):
    client.force_login(other_coach)
    assert client.get(recovery_url(block)).status_code == 404
    assert client.post(recovery_url(block), {"recovery_weeks": "0"}).status_code == 404
    block.refresh_from_db()
    assert block.recovery_weeks == 2


def test_athletes_and_visitors_cannot_open_the_recovery_page(client, athlete, block):
    assert client.get(recovery_url(block)).status_code == 302  # to log in
    client.force_login(athlete.user)
    assert client.get(recovery_url(block)).status_code in (403, 404)
