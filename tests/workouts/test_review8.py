"""Review of issue 8 (the athlete's side of the plan): regressions of the defects found."""

from datetime import timedelta

import pytest

from athletes.models import PlanVisibility
from tests.workouts.test_athlete_moves import move, stored
from tests.workouts.test_availability import RUN, weekday_on_or_after
from tests.workouts.test_block_calendar import add_session, make_block
from workouts.models import CoachNotice, SessionKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(athlete):
    """A progression run on a Wednesday in the third week of an 18-week block."""
    race_block = make_block(athlete)
    day = weekday_on_or_after(race_block.start + timedelta(weeks=2), 2)
    return add_session(race_block, day, SessionKind.PROGRESSION, RUN)


def show_until(athlete, day):
    athlete.plan_visibility, athlete.plan_visible_until = PlanVisibility.UNTIL, day
    athlete.save()


# -- An athlete's move tells nothing of the sessions hidden from them -------------------------


def test_a_moves_warning_names_no_hidden_session(client, athlete, session):
    block = session.block
    thursday, friday = session.date + timedelta(days=1), session.date + timedelta(days=2)
    add_session(block, friday, SessionKind.LONG_RUN)  # hidden: past the last day shown
    show_until(athlete, thursday)
    client.force_login(athlete.user)
    response = move(client, session, thursday)
    assert stored(session).date == thursday
    page = client.get(response["Location"]).content.decode()
    hidden = f"{friday:%a} {friday.day} {friday:%b}"
    assert hidden not in page and "long run" not in page.lower()
    assert "plan for the days after the ones you see" in page
    # The coach, who sees the whole plan, is told the rule's own words.
    assert any(hidden in line for line in CoachNotice.objects.get().lines)


def test_a_moves_warning_counts_no_hidden_session(client, athlete, session):
    block = session.block
    """A week's count of progression runs that holds a hidden one is not told as a count."""
    monday = session.date - timedelta(days=2)
    thursday, saturday = session.date + timedelta(days=1), session.date + timedelta(days=3)
    for day in (monday, saturday):  # Saturday's is hidden
        add_session(block, day, SessionKind.PROGRESSION, RUN)
    show_until(athlete, thursday)
    client.force_login(athlete.user)
    response = move(client, session, thursday)
    page = client.get(response["Location"]).content.decode()
    assert " holds " not in page
    assert "plan for the days after the ones you see" in page


def test_a_moves_warnings_are_all_told_when_the_athlete_sees_everything(client, athlete, session):
    block = session.block
    friday = session.date + timedelta(days=2)
    add_session(block, friday, SessionKind.LONG_RUN)
    client.force_login(athlete.user)
    response = move(client, session, session.date + timedelta(days=1))
    page = client.get(response["Location"]).content.decode()
    assert f"long run on {friday:%a} {friday.day} {friday:%b}" in page


# -- A session moved out of sight keeps, in the email, the name the athlete saw ---------------


def test_a_session_renamed_and_moved_out_of_sight_is_told_by_its_old_name(athlete):
    from django.core import mail
    from django.utils import timezone

    from tests.workouts.test_plan_emails import send
    from workouts import services
    from workouts.targets import athlete_today

    today = athlete_today(athlete)
    block = make_block(athlete, race_date=timezone.localdate() + timedelta(weeks=10))
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 3
    athlete.save()
    session = add_session(block, today + timedelta(days=1), SessionKind.EASY)
    session.title = "Shakeout"
    session.save()
    # One edit: the coach renames it and puts it on a day the athlete does not see yet.
    services.session_save(
        block=block,
        session=session,
        date=today + timedelta(days=6),
        kind=SessionKind.QUALITY,
        title="Secret hills",
        notes="",
        stages=(),
    )
    send(athlete)
    body = mail.outbox[0].body + mail.outbox[0].alternatives[0][0]
    assert "Taken off your plan: Easy run: Shakeout" in body
    assert "Secret" not in body and "Quality" not in body
