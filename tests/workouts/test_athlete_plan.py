"""The plan as the athlete sees it: the coach's visibility setting hides later sessions."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from athletes.models import PlanVisibility
from tests.workouts.test_block_calendar import add_session, make_block
from workouts.athlete_plan import is_session_visible, visible_sessions
from workouts.models import SessionKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(athlete):
    block = make_block(athlete)
    today = timezone.localdate()
    return [add_session(block, today + timedelta(days=n), SessionKind.EASY) for n in (0, 3, 10, 40)]


def planned(athlete) -> list:
    """What the athlete sees, but the race on race day, which block creation adds."""
    return [s for s in visible_sessions(athlete) if s.kind != SessionKind.RACE]


def test_everything_is_visible_by_default(athlete, sessions):
    assert planned(athlete) == sessions
    assert visible_sessions(athlete).last().kind == SessionKind.RACE


def test_a_rolling_window_hides_what_lies_beyond_it(athlete, sessions):
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 7
    athlete.save()
    assert planned(athlete) == sessions[:2]
    assert is_session_visible(sessions[1]) and not is_session_visible(sessions[2])


def test_up_to_a_date_hides_the_sessions_after_it(athlete, sessions):
    athlete.plan_visibility = PlanVisibility.UNTIL
    athlete.plan_visible_until = sessions[2].date
    athlete.save()
    assert planned(athlete) == sessions[:3]


def test_another_athletes_sessions_are_never_visible(athlete, other_athlete, sessions):
    assert list(visible_sessions(other_athlete)) == []


@pytest.mark.parametrize(
    "fields",
    [
        {"plan_visibility": PlanVisibility.UNTIL},
        {"plan_visibility": PlanVisibility.WINDOW},
        {"plan_visibility": PlanVisibility.WINDOW, "plan_visible_days": 0},
        {"plan_visibility": "rarely"},  # not a choice (and short enough for the column)
    ],
)
def test_the_database_refuses_an_incomplete_setting(athlete, fields):
    for name, value in fields.items():
        setattr(athlete, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        athlete.save()
