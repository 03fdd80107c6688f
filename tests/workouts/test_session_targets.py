"""A session's targets resolve as of its day and freeze once the day has passed
(docs/running.md §3.7): a new race result or hand-set pace changes the sessions still ahead,
never one whose day is gone, on the calendar, the session form and in the undo of a delete."""

import html
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athletes.models import ZoneOverride
from athletes.paces import PaceRange
from tests.conftest import add_5k
from tests.workouts.test_block_calendar import add_session, make_block, next_saturday, page
from workouts import services, targets
from workouts.models import PlannedSession, SessionKind
from workouts.plan_text import parse_plan
from workouts.selectors import block_calendar
from workouts.tasks import sessions_freeze_task

pytestmark = pytest.mark.django_db

RUN = parse_plan("40min easy, 15min steady, 10min marathon")
# Paces of a 19:57 5K (VDOT 50) and of an 18:30 one (VDOT 54.6), as the form prints them.
M_AT_50, M_AT_54 = "4:29–4:34 /km", "4:09–4:14 /km"


def today():
    return timezone.localdate()


@pytest.fixture
def block(athlete):
    """A block 8 weeks in, a progression run two weeks ago and one two weeks ahead; the
    athlete's 5K of 60 days ago gives VDOT 50."""
    add_5k(athlete, days_ago=60)
    block = make_block(athlete, race_date=next_saturday(weeks_ahead=10))
    assert block.start < today() - timedelta(days=14)
    add_session(block, today() - timedelta(days=14), SessionKind.PROGRESSION, RUN)
    add_session(block, today() + timedelta(days=14), SessionKind.PROGRESSION, RUN)
    return block


def past(block):
    return block.sessions.get(date=today() - timedelta(days=14))


def ahead(block):
    return block.sessions.get(date=today() + timedelta(days=14))


def marathon_paces(block) -> dict:
    """The marathon band each progression run of the calendar resolves to, by day."""
    calendar = block_calendar(block, today=today())
    return {
        entry.session.date: entry.paces["marathon"]
        for week in calendar.weeks
        for day in week.days
        for entry in day.sessions
        if entry.is_progression
    }


def faster_5k(athlete, days_ago):
    return add_5k(athlete, days_ago=days_ago, time_s=1110)  # 18:30, VDOT 54.6


# -- What resolves against what -------------------------------------------------------------


def test_a_new_race_result_changes_a_future_sessions_target_pace_but_not_a_past_ones(
    athlete, block
):
    before = marathon_paces(block)  # the page freezes the past run as it is
    assert before[past(block).date] == before[ahead(block).date]
    # Entered late, but run 20 days ago: as of the past run's day it would count.
    faster_5k(athlete, days_ago=20)
    after = marathon_paces(block)
    assert after[ahead(block).date].fast_s_per_km < before[ahead(block).date].fast_s_per_km
    assert after[past(block).date] == before[past(block).date]


def test_a_hand_set_marathon_pace_changes_only_the_sessions_still_ahead(athlete, block):
    before = marathon_paces(block)
    ZoneOverride.objects.create(
        athlete=athlete, zone="marathon", pace_fast_s_per_km=250, pace_slow_s_per_km=255
    )
    after = marathon_paces(block)
    assert after[ahead(block).date] == PaceRange(250, 255)
    assert after[past(block).date] == before[past(block).date] != PaceRange(250, 255)


def test_a_future_session_resolves_as_of_its_own_day(athlete):
    """Its day is more than a year after the athlete's only result: by then nothing counts,
    where today the result still does."""
    add_5k(athlete, days_ago=300)
    block = make_block(athlete, race_date=next_saturday(weeks_ahead=12))
    day = today() + timedelta(days=70)
    add_session(block, day, SessionKind.PROGRESSION, RUN)
    calendar = block_calendar(block, today=today())
    [entry] = [e for w in calendar.weeks for d in w.days for e in d.sessions if e.is_progression]
    assert calendar.fitness.vdot is not None
    assert entry.fitness.on == day
    assert entry.fitness.vdot is None and entry.paces is None


def test_an_unfrozen_past_session_ignores_results_after_its_day(athlete, block):
    faster_5k(athlete, days_ago=2)  # after the past run's day, before the one ahead
    fitness = targets.fitness_by_day(athlete)
    assert targets.session_target_fitness(past(block), fitness).vdot == pytest.approx(50, abs=0.1)
    assert targets.session_target_fitness(ahead(block), fitness).vdot > 54


# -- Freezing -------------------------------------------------------------------------------


def test_freezing_twice_freezes_once(athlete, block):
    assert targets.sessions_freeze(block=block) == 1
    frozen = past(block)
    assert frozen.targets_frozen_on == frozen.date
    assert frozen.frozen_targets["zones"]["marathon"]["pace"] is not None
    faster_5k(athlete, days_ago=20)
    assert targets.sessions_freeze(block=block) == 0
    assert past(block).frozen_targets == frozen.frozen_targets
    assert ahead(block).targets_frozen_on is None


def test_the_daily_task_freezes_every_block_and_is_idempotent(athlete, block, other_athlete):
    add_5k(other_athlete, days_ago=30)
    other = make_block(other_athlete, race_date=next_saturday(weeks_ahead=12))
    add_session(other, today() - timedelta(days=1), SessionKind.EASY, parse_plan("45min easy"))
    assert sessions_freeze_task.apply().get() == 2
    assert sessions_freeze_task.apply().get() == 0
    assert PlannedSession.objects.filter(targets_frozen_on__isnull=False).count() == 2
    entry = settings.CELERY_BEAT_SCHEDULE["sessions-freeze"]
    assert entry["task"] == sessions_freeze_task.name


def test_todays_session_follows_the_paces_until_its_day_has_passed(athlete, block):
    add_session(block, today(), SessionKind.EASY, parse_plan("45min easy"))
    targets.sessions_freeze(block=block)
    assert block.sessions.get(date=today()).targets_frozen_on is None
    assert targets.sessions_freeze(block=block, today=today() + timedelta(days=1)) == 1
    assert block.sessions.get(date=today()).targets_frozen_on == today()


def test_the_day_passes_at_the_athletes_own_midnight(athlete, coach):
    # 11:30 UTC on 2 March is already 3 March in Kiritimati (UTC+14), still 2 March in UTC.
    now = datetime(2027, 3, 2, 11, 30, tzinfo=UTC)
    athlete.user.time_zone = "Pacific/Kiritimati"
    assert targets.athlete_today(athlete, now=now).isoformat() == "2027-03-03"
    athlete.user.time_zone = "Nowhere/Atlantis"  # unknown: the site's zone
    assert targets.athlete_today(athlete, now=now).isoformat() == "2027-03-02"
    athlete.user, athlete.user_id = None, None  # no account yet: the coach's zone
    coach.time_zone = "Pacific/Kiritimati"
    athlete.coach = coach
    assert targets.athlete_today(athlete, now=now).isoformat() == "2027-03-03"


def test_the_log_hook_freezes_one_session_whatever_its_day(athlete, block):
    session = ahead(block)
    assert targets.session_targets_freeze(session=session) is True
    assert session.targets_frozen_on == session.date
    assert session.frozen_targets == ahead(block).frozen_targets
    faster_5k(athlete, days_ago=1)
    again = ahead(block)
    assert targets.session_targets_freeze(session=again) is False
    assert again.frozen_targets == session.frozen_targets
    assert marathon_paces(block)[session.date] == marathon_paces(block)[past(block).date]


def test_the_block_page_takes_the_same_queries_however_many_sessions_are_due(
    client, coach, athlete
):
    client.force_login(coach)
    add_5k(athlete, days_ago=90)
    counts = []
    for weeks_ahead, n_due in ((10, 2), (12, 20)):
        block = make_block(athlete, race_date=next_saturday(weeks_ahead=weeks_ahead))
        for i in range(n_due):
            add_session(block, block.start + timedelta(days=i), SessionKind.EASY, RUN[:1])
        url = reverse("block-detail", args=[block.pk])
        with CaptureQueriesContext(connection) as first:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as second:
            client.get(url)
        assert block.sessions.filter(targets_frozen_on__isnull=False).count() == n_due
        counts.append((len(first), len(second)))
    assert counts[0] == counts[1]
    assert counts[0][1] < counts[0][0]  # once frozen, one query finds nothing due


# -- The pages ------------------------------------------------------------------------------


def edit_page(client, session, data=None) -> str:
    url = reverse("session-edit", args=[session.pk])
    response = client.post(url, data) if data else client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_pages_show_the_frozen_paces_after_a_result_is_added(coach_client, athlete, block):
    page(coach_client, block)  # freezes the past run
    faster_5k(athlete, days_ago=20)
    past_form = edit_page(coach_client, past(block))
    assert M_AT_50 in past_form and M_AT_54 not in past_form
    assert f"Targets as of {past(block).date:%a} {past(block).date.day}" in past_form
    assert 'data-testid="targets-frozen"' in past_form
    ahead_form = edit_page(coach_client, ahead(block))
    assert M_AT_54 in ahead_form and M_AT_50 not in ahead_form
    assert 'data-testid="targets-as-of"' in ahead_form
    calendar = page(coach_client, block)
    assert calendar.count('data-testid="targets-frozen"') == 1
    assert f"targets as of {past(block).date:%a} {past(block).date.day}" in calendar


def test_the_session_form_freezes_a_past_session_before_showing_it(coach_client, athlete, block):
    faster_5k(athlete, days_ago=20)  # entered before anyone opened the page since the day
    session = past(block)
    assert session.targets_frozen_on is None
    assert M_AT_54 in edit_page(coach_client, session)  # as of its day, the 5K counted
    assert past(block).targets_frozen_on == session.date


def test_new_stages_of_a_past_session_resolve_against_its_snapshot(coach_client, athlete, block):
    page(coach_client, block)
    faster_5k(athlete, days_ago=20)
    session = past(block)
    data = {
        "date": session.date.isoformat(),
        "kind": SessionKind.PROGRESSION,
        "title": "Changed afterwards",
        "notes": "",
        "template": "",
        "plan_text": "30min easy, 20min steady, 20min marathon",
        "version": session.version,
    }
    checked = edit_page(coach_client, session, data | {"op": "check"})
    assert M_AT_50 in checked and M_AT_54 not in checked
    response = coach_client.post(reverse("session-edit", args=[session.pk]), data | {"op": "save"})
    assert response.status_code == 302
    saved = past(block)
    assert saved.title == "Changed afterwards"
    assert saved.frozen_targets == session.frozen_targets
    assert M_AT_50 in edit_page(coach_client, saved)


def test_another_coachs_visit_freezes_nothing(client, other_coach, block):
    client.force_login(other_coach)
    assert client.get(reverse("block-detail", args=[block.pk])).status_code == 404
    assert client.get(reverse("session-edit", args=[past(block).pk])).status_code == 404
    assert not PlannedSession.objects.filter(targets_frozen_on__isnull=False).exists()


def test_a_deleted_frozen_session_comes_back_frozen(athlete, block):
    targets.sessions_freeze(block=block)
    session = past(block)
    token = services.session_delete(session=session)
    faster_5k(athlete, days_ago=20)
    restored = services.session_restore(
        block=block, snapshot=services.session_undo_read(token=token)
    )
    assert (restored.frozen_targets, restored.targets_frozen_on) == (
        session.frozen_targets,
        session.targets_frozen_on,
    )


def test_the_form_of_a_session_a_year_after_the_last_result_says_it_has_no_race_paces(
    coach_client, athlete
):
    add_5k(athlete, days_ago=300)
    block = make_block(athlete, race_date=next_saturday(weeks_ahead=12))
    day = today() + timedelta(days=70)
    session = add_session(block, day, SessionKind.PROGRESSION, RUN)
    form = edit_page(coach_client, session)
    assert f"No race result in the 12 months before {day:%a} {day.day} {day:%b %Y}" in form
    assert M_AT_50 not in form


def test_a_frozen_session_moved_to_a_day_ahead_follows_the_paces_again(athlete, block):
    targets.sessions_freeze(block=block)
    session = past(block)
    assert session.targets_frozen
    services.session_move(session=session, date=today() - timedelta(days=13))
    assert PlannedSession.objects.get(pk=session.pk).targets_frozen  # still in the past
    services.session_move(session=session, date=today() + timedelta(days=3))
    moved = PlannedSession.objects.get(pk=session.pk)
    assert (moved.targets_frozen_on, moved.frozen_targets) == (None, None)
