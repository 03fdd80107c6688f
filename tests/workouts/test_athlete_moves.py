"""Athletes moving their own sessions (docs/running.md §4.5): the coach's placement rules run
on the move (warnings shown, errors refused), the coach is told; the coach fixes a session or
a whole block against it."""

from datetime import timedelta

import pytest
from django.urls import reverse

from athletes.models import PlanVisibility
from tests.workouts.test_availability import RUN, mark, weekday_on_or_after
from tests.workouts.test_block_calendar import add_session, make_block
from workouts import athlete_moves
from workouts.models import CoachNotice, PlannedSession, SessionKind
from workouts.targets import athlete_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def block(athlete):
    return make_block(athlete)


@pytest.fixture
def session(block):
    """A progression run on a Wednesday of the block's third week."""
    day = weekday_on_or_after(block.start + timedelta(weeks=2), 2)
    return add_session(block, day, SessionKind.PROGRESSION, RUN)


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete.user)
    return client


def move(client, session, day):
    url = reverse("athlete-session-move", args=[session.pk])
    return client.post(url, {"date": day.isoformat() if hasattr(day, "isoformat") else day})


def stored(session) -> PlannedSession:
    return PlannedSession.objects.get(pk=session.pk)


def test_it_moves_the_athletes_session_and_tells_the_coach(athlete_client, session):
    old = session.date
    new = old + timedelta(days=1)  # Thursday, a training day
    response = move(athlete_client, session, new)
    assert response.status_code == 302
    assert response["Location"] == reverse("athlete-session", args=[session.pk])
    moved = stored(session)
    assert (moved.date, moved.original_date) == (new, old)
    notice = CoachNotice.objects.get()
    assert notice.coach == session.block.athlete.coach
    assert notice.subject.startswith("Amara Okafor moved a progression run to ")
    assert f"{old:%a} {old.day} {old:%b} → {new:%a} {new.day} {new:%b}" in notice.lines[0]


def test_the_athlete_sees_the_warning_of_their_move(athlete_client, athlete, session):
    friday = session.date + timedelta(days=2)  # not a training day by default
    mark(athlete, friday - timedelta(days=1))
    response = move(athlete_client, session, friday)
    page = athlete_client.get(response["Location"]).content.decode()
    assert "Moved to" in page and "a day the athlete cannot train" in page
    assert "Warning: " in CoachNotice.objects.get().lines[1]


def test_a_move_the_rules_refuse_is_refused_with_the_message(athlete_client, block, session):
    taper = block.race_date - timedelta(days=3)
    response = move(athlete_client, session, taper)
    assert response.status_code == 400
    assert "Not moved:" in response.content.decode()
    assert "before the race" in response.content.decode()
    assert stored(session).date == session.date and not CoachNotice.objects.exists()


@pytest.mark.parametrize("text", ["", "next week", "2027-02-30"])
def test_it_refuses_a_day_that_is_not_a_date(athlete_client, session, text):
    response = move(athlete_client, session, text)
    assert response.status_code == 400
    assert "Give the day to move it to" in response.content.decode()
    assert stored(session).date == session.date


def test_it_refuses_a_day_before_today(athlete_client, athlete, session):
    response = move(athlete_client, session, athlete_today(athlete) - timedelta(days=1))
    assert response.status_code == 400 and "or a later day" in response.content.decode()


def test_it_refuses_a_day_beyond_what_the_athlete_sees(athlete_client, athlete, session):
    athlete.plan_visibility, athlete.plan_visible_until = PlanVisibility.UNTIL, session.date
    athlete.save()
    response = move(athlete_client, session, session.date + timedelta(days=1))
    assert (
        response.status_code == 400 and "a day of the plan you can see" in response.content.decode()
    )


def test_a_session_fixed_by_the_coach_cannot_move(athlete_client, session):
    athlete_moves.session_athlete_lock(session=session, locked=True)
    page = athlete_client.get(reverse("athlete-session", args=[session.pk])).content.decode()
    assert "Your coach fixed this day" in page
    assert reverse("athlete-session-move", args=[session.pk]) not in page
    response = move(athlete_client, session, session.date + timedelta(days=1))
    assert response.status_code == 403 and "Your coach fixed this day" in response.content.decode()
    assert stored(session).date == session.date
    assert not stored(session).locked  # fixed for the athlete, not locked for re-plans


def test_a_block_fixed_by_the_coach_keeps_every_session(athlete_client, block, session):
    athlete_moves.block_athlete_moves(block=block, allowed=False)
    response = move(athlete_client, session, session.date + timedelta(days=1))
    assert response.status_code == 403
    assert stored(session).date == session.date


def test_the_session_page_offers_the_move(athlete_client, session):
    page = athlete_client.get(reverse("athlete-session", args=[session.pk])).content.decode()
    assert reverse("athlete-session-move", args=[session.pk]) in page
    assert 'data-testid="athlete-move"' in page


def test_a_hidden_or_anothers_session_is_a_404(client, athlete, other_athlete, session):
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 1
    athlete.save()
    client.force_login(athlete.user)
    assert move(client, session, session.date).status_code == 404
    client.force_login(other_athlete.user)
    assert move(client, session, session.date).status_code == 404


def test_a_coach_cannot_use_the_athletes_move(coach_client, session):
    assert move(coach_client, session, session.date + timedelta(days=1)).status_code == 404


def test_it_refuses_a_get(athlete_client, session):
    url = reverse("athlete-session-move", args=[session.pk])
    assert athlete_client.get(url).status_code == 405


# -- The coach's locks --------------------------------------------------------------------------


def test_the_coach_fixes_a_session_from_its_chip_and_frees_it(coach_client, block, session):
    html = coach_client.get(reverse("block-detail", args=[block.pk]), {"weeks": "all"})
    assert reverse("session-athlete-lock", args=[session.pk]) in html.content.decode()
    url = reverse("session-athlete-lock", args=[session.pk])
    assert coach_client.post(url, {"athlete_locked": "1"}).status_code == 302
    assert stored(session).athlete_locked
    html = coach_client.get(reverse("block-detail", args=[block.pk]), {"weeks": "all"})
    assert 'data-testid="athlete-fixed"' in html.content.decode()
    coach_client.post(url, {"athlete_locked": "0"})
    assert not stored(session).athlete_locked


def test_the_coach_fixes_a_whole_block_from_its_header(coach_client, block):
    url = reverse("block-athlete-moves", args=[block.pk])
    assert url in coach_client.get(reverse("block-detail", args=[block.pk])).content.decode()
    coach_client.post(url, {"allowed": "0"})
    block.refresh_from_db()
    assert not block.athlete_can_move
    coach_client.post(url, {"allowed": "1"})
    block.refresh_from_db()
    assert block.athlete_can_move


def test_other_coach_gets_404_on_the_locks(client, other_coach, block, session):
    client.force_login(other_coach)
    url = reverse("session-athlete-lock", args=[session.pk])
    assert client.post(url, {"athlete_locked": "1"}).status_code == 404
    url = reverse("block-athlete-moves", args=[block.pk])
    assert client.post(url, {"allowed": "0"}).status_code == 404
    assert not stored(session).athlete_locked
    block.refresh_from_db()
    assert block.athlete_can_move


def test_an_athlete_cannot_lock(athlete_client, session):
    url = reverse("session-athlete-lock", args=[session.pk])
    assert athlete_client.post(url, {"athlete_locked": "1"}).status_code == 404


def test_the_athlete_gets_no_plan_change_email_for_their_own_move(athlete_client, athlete):
    from tests.workouts.test_block_calendar import next_saturday
    from workouts.models import PlanChange

    block = make_block(athlete, race_date=next_saturday(weeks_ahead=10))
    soon = athlete_today(athlete) + timedelta(
        days=1
    )  # inside the next 7 days: told, if by the coach
    session = add_session(block, soon, SessionKind.EASY)
    assert move(athlete_client, session, soon + timedelta(days=1)).status_code == 302
    assert stored(session).date == soon + timedelta(days=1)
    assert not PlanChange.objects.exists()
    assert CoachNotice.objects.count() == 1  # the coach is told instead
