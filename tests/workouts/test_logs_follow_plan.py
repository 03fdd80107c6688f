"""A coach's change to a session that has a log follows through to the log (docs/running.md
§3.11): moved, it pairs again (or shifts); its stages edited, the log is reviewed against them;
deleted, the run is unplanned. An athlete without logs costs the edit one query."""

from datetime import timedelta

import pytest

from workouts import services
from workouts.models import LogPairing, RunLog, SessionKind
from workouts.progression import Stage

from .test_run_logs import TODAY, add_session, by_hand, fresh, make_block

pytestmark = pytest.mark.django_db
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def block(athlete):
    return make_block(athlete)


def test_a_session_moved_away_from_its_run_pairs_it_again(athlete, block):
    session = add_session(block, YESTERDAY, kind=SessionKind.EASY, stages=())
    log = by_hand(athlete, date=YESTERDAY, session=None)
    assert (fresh(log).session_id, fresh(log).pairing) == (session.pk, LogPairing.SAME_DAY)
    services.session_move(session=session, date=YESTERDAY - timedelta(days=3))
    assert (fresh(log).session_id, fresh(log).pairing) == (None, LogPairing.UNPLANNED)
    services.session_move(session=session, date=YESTERDAY - timedelta(days=1))
    assert (fresh(log).session_id, fresh(log).pairing) == (session.pk, LogPairing.SHIFTED)


def test_a_logged_sessions_stages_edited_review_the_log_again(athlete, block):
    session = add_session(block, YESTERDAY, kind=SessionKind.EASY, stages=())
    log = by_hand(athlete, date=YESTERDAY, duration_s=3600, session=None)
    assert fresh(log).compliance == ""  # an easy run without stages: nothing planned to judge
    longer = [Stage(duration_s=7200, zone="easy")]
    services.session_save(
        block=block,
        session=session,
        date=session.date,
        kind=SessionKind.EASY,
        title="",
        notes="",
        stages=longer,
    )
    reviewed = fresh(log)
    assert reviewed.compliance == "yellow"  # 60 of 120 minutes: 50%
    assert [s["planned_s"] for s in reviewed.review["stages"]] == [7200]


def test_a_deleted_session_leaves_its_run_unplanned(athlete, block):
    session = add_session(block, YESTERDAY, kind=SessionKind.EASY, stages=())
    log = by_hand(athlete, date=YESTERDAY, session=None)
    services.session_delete(session=session)
    assert (fresh(log).session_id, fresh(log).pairing) == (None, LogPairing.UNPLANNED)


def test_a_plan_without_logs_costs_one_query_more(athlete, block, django_assert_num_queries):
    session = add_session(block, TODAY + timedelta(days=3), kind=SessionKind.EASY, stages=())
    assert not RunLog.objects.exists()
    with django_assert_num_queries(1) as context:
        services.logs_follow_plan(lambda *, session: None)(session=session)
    assert "workouts_runlog" in context.captured_queries[0]["sql"]


def test_a_deleted_session_chosen_by_hand_leaves_its_run_unplanned_and_reviewed_again(
    athlete, block
):
    session = add_session(block, YESTERDAY)
    log = by_hand(athlete, session, date=YESTERDAY)
    assert fresh(log).review["split_by"] == "hand"
    services.session_delete(session=session)
    log = fresh(log)
    assert (log.session_id, log.pairing) == (None, LogPairing.UNPLANNED)
    assert (log.review["split_by"], log.review["stages"], log.compliance) == (None, [], "")
    again = add_session(block, YESTERDAY, kind=SessionKind.EASY, stages=())
    by_hand(athlete, date=TODAY)  # any log of the days pairs them again
    assert (fresh(log).session_id, fresh(log).pairing) == (again.pk, LogPairing.SAME_DAY)


def test_a_session_after_tomorrow_chosen_by_hand_is_followed_when_edited(athlete, block):
    later = add_session(block, TODAY + timedelta(days=2), kind=SessionKind.EASY, stages=())
    log = by_hand(athlete, later)  # paired by hand: within three days of the run
    assert fresh(log).compliance == ""
    services.session_save(
        block=block,
        session=later,
        date=later.date,
        kind=SessionKind.EASY,
        title="",
        notes="",
        stages=[Stage(duration_s=7200, zone="easy")],
    )
    assert fresh(log).compliance == "yellow"  # 60 of 120 minutes
