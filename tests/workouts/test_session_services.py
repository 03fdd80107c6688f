"""Sessions on a block's calendar as the services write them: added, changed, moved, deleted
and brought back, locked; and what is refused, with nothing saved."""

from datetime import timedelta

import pytest
from django.utils import timezone

from athletes.paces import MARATHON_M
from workouts import services
from workouts.models import PlannedSession, SessionKind
from workouts.plan_text import parse_plan

SOUND_BASE_RUN = "40min easy, 15min steady, 10min marathon"


def next_saturday(weeks_ahead: int = 20):
    day = timezone.localdate() + timedelta(weeks=weeks_ahead)
    return day + timedelta(days=(5 - day.weekday()) % 7)


@pytest.fixture
def block(athlete):
    return services.block_create(
        athlete=athlete,
        race_name="Valencia Marathon",
        race_date=next_saturday(),
        race_distance_m=MARATHON_M,
        n_weeks=18,
    )


def base_tuesday(block):
    """A Tuesday of the block's second week (base), a training day with nothing on it."""
    day = block.start + timedelta(days=7)
    return day + timedelta(days=(1 - day.weekday()) % 7)


def add(block, day, plan=SOUND_BASE_RUN, kind=SessionKind.PROGRESSION, **fields):
    values = {"title": "", "notes": ""} | fields
    return services.session_save(
        block=block, date=day, kind=kind, stages=parse_plan(plan) if plan else [], **values
    )


def session_row(session):
    session = PlannedSession.objects.get(pk=session.pk)
    fields = [
        "pk",
        "block_id",
        "date",
        "kind",
        "title",
        "notes",
        "template_id",
        "original_date",
        "locked",
        "proposed",
        "version",
        "created_at",
    ]
    return {name: getattr(session, name) for name in fields}, session.stage_values()


def test_adds_a_progression_run_with_its_stages_on_its_first_day(block):
    day = base_tuesday(block)
    session, check = add(block, day, title="Thirds", notes="Relaxed start")

    session = PlannedSession.objects.get(pk=session.pk)
    assert (session.date, session.original_date, session.version) == (day, day, 1)
    assert (session.title, session.notes) == ("Thirds", "Relaxed start")
    assert session.stage_values() == parse_plan(SOUND_BASE_RUN)
    assert check.phase == "base"
    assert not check.errors


def test_refuses_a_day_outside_the_block_and_saves_nothing(block):
    day = block.start - timedelta(days=1)
    with pytest.raises(services.SessionRejected, match="is outside the block, which runs from"):
        add(block, day, plan="45min easy", kind=SessionKind.EASY)
    assert block.sessions.count() == 1  # the race day alone


def test_refuses_a_progression_run_in_the_last_ten_days_and_saves_nothing(block):
    day = block.race_date - timedelta(days=5)
    with pytest.raises(services.SessionRejected) as refused:
        add(block, day)
    assert "is 5 days before the race" in " ".join(refused.value.messages)
    assert "in-taper" in [f.code for f in refused.value.check.placement]
    assert block.sessions.count() == 1


def test_refuses_stages_that_break_a_progression_rule_with_an_error(block):
    with pytest.raises(services.SessionRejected):
        add(block, base_tuesday(block), plan="20min marathon, 20min easy")
    assert block.sessions.count() == 1


def test_refuses_a_progression_run_without_stages(block):
    with pytest.raises(services.SessionRejected, match="needs its stages"):
        add(block, base_tuesday(block), plan="")
    assert block.sessions.count() == 1


def test_warns_of_a_progression_run_the_day_after_a_proposed_one_and_saves_it(block):
    services.block_propose(block=block)
    proposed = block.sessions.filter(proposed=True, kind=SessionKind.PROGRESSION).first()
    day = proposed.date + timedelta(days=1)

    session, check = add(block, day)

    assert "after-hard-day" in [f.code for f in check.placement]
    assert any("comes the day after" in message for message in check.warnings)
    assert PlannedSession.objects.filter(pk=session.pk).exists()


def test_a_change_raises_the_version_and_an_unchanged_save_keeps_it(block):
    session, _ = add(block, base_tuesday(block), title="Thirds")
    session, _ = services.session_save(
        block=block,
        session=session,
        date=session.date,
        kind=session.kind,
        title="Thirds, hilly",
        notes="",
        stages=session.stage_values(),
        expected_version=1,
    )
    assert session.version == 2
    again, _ = services.session_save(
        block=block,
        session=session,
        date=session.date,
        kind=session.kind,
        title="Thirds, hilly",
        notes="",
        stages=session.stage_values(),
        expected_version=2,
    )
    assert PlannedSession.objects.get(pk=session.pk).version == 2


def test_a_stale_version_is_a_conflict_and_changes_nothing(block):
    session, _ = add(block, base_tuesday(block), title="Thirds")
    # Another tab saves first.
    services.session_save(
        block=block,
        session=session,
        date=session.date,
        kind=session.kind,
        title="Changed in the other tab",
        notes="",
        stages=session.stage_values(),
        expected_version=1,
    )
    stale = PlannedSession.objects.get(pk=session.pk)
    with pytest.raises(services.SessionConflict) as conflict:
        services.session_save(
            block=block,
            session=stale,
            date=stale.date,
            kind=stale.kind,
            title="Typed in this tab",
            notes="",
            stages=parse_plan("30min easy, 15min steady"),
            expected_version=1,
        )
    assert str(conflict.value).startswith(
        "This session was changed elsewhere since you opened it (by Maria Hernández at "
    )
    assert "your changes are below, not saved; reload to see theirs." in str(conflict.value)
    stored = PlannedSession.objects.get(pk=session.pk)
    assert (stored.title, stored.version) == ("Changed in the other tab", 2)
    assert stored.stage_values() == parse_plan(SOUND_BASE_RUN)


def test_a_move_keeps_the_first_day_and_a_second_move_too(block):
    day = base_tuesday(block)
    session, _ = add(block, day)
    services.session_move(session=session, date=day + timedelta(days=1))
    services.session_move(session=session, date=day + timedelta(days=2))

    stored = PlannedSession.objects.get(pk=session.pk)
    assert (stored.date, stored.original_date) == (day + timedelta(days=2), day)
    assert stored.is_moved
    assert stored.version == 3


def test_a_move_onto_the_same_day_changes_nothing(block):
    session, _ = add(block, base_tuesday(block))
    services.session_move(session=session, date=session.date)
    assert PlannedSession.objects.get(pk=session.pk).version == 1


@pytest.mark.parametrize(
    ("days_from_race", "message"),
    [(-1, "is outside the block"), (3, "is 3 days before the race")],
)
def test_refuses_a_move_outside_the_block_or_into_the_taper(block, days_from_race, message):
    day = base_tuesday(block)
    session, _ = add(block, day)
    with pytest.raises(services.SessionRejected, match=message):
        services.session_move(session=session, date=block.race_date - timedelta(days_from_race))
    stored = PlannedSession.objects.get(pk=session.pk)
    assert (stored.date, stored.version) == (day, 1)


def test_race_day_is_neither_moved_nor_deleted(block):
    race = block.sessions.get(kind=SessionKind.RACE)
    with pytest.raises(services.SessionRejected, match="Race day stays"):
        services.session_move(session=race, date=race.date - timedelta(days=1))
    with pytest.raises(services.SessionRejected, match="Race day stays"):
        services.session_delete(session=race)
    assert PlannedSession.objects.get(pk=race.pk).date == block.race_date


def test_delete_then_restore_brings_the_session_back_exactly(block):
    day = base_tuesday(block)
    session, _ = add(block, day, title="Thirds", notes="Relaxed start")
    services.session_move(session=session, date=day + timedelta(days=1))
    services.session_lock(session=session, locked=True)
    before = session_row(session)

    token = services.session_delete(session=session)
    assert not PlannedSession.objects.filter(pk=before[0]["pk"]).exists()
    restored = services.session_restore(
        block=block, snapshot=services.session_undo_read(token=token)
    )

    assert session_row(restored) == before


def test_a_restore_is_refused_twice_for_another_block_and_for_a_forged_token(block, athlete):
    session, _ = add(block, base_tuesday(block))
    token = services.session_delete(session=session)
    snapshot = services.session_undo_read(token=token)
    other = services.block_create(
        athlete=athlete,
        race_name="Berlin",
        race_date=next_saturday(40),
        race_distance_m=MARATHON_M,
    )
    with pytest.raises(services.SessionRejected, match="belongs to another block"):
        services.session_restore(block=other, snapshot=snapshot)
    services.session_restore(block=block, snapshot=snapshot)
    with pytest.raises(services.SessionRejected, match="is back already"):
        services.session_restore(block=block, snapshot=snapshot)
    with pytest.raises(services.SessionRejected, match="not valid"):
        services.session_undo_read(token=token[:-2] + "xx")


def test_lock_and_unlock(block):
    session, _ = add(block, base_tuesday(block))
    services.session_lock(session=session, locked=True)
    assert PlannedSession.objects.get(pk=session.pk).locked
    services.session_lock(session=session, locked=False)
    assert not PlannedSession.objects.get(pk=session.pk).locked


def test_an_edit_in_place_still_hears_of_the_warnings_on_its_day(block):
    services.block_propose(block=block)
    proposed = block.sessions.filter(proposed=True, kind=SessionKind.PROGRESSION).first()
    session, _ = add(block, proposed.date + timedelta(days=1))
    _, check = services.session_save(
        block=block,
        session=session,
        date=session.date,
        kind=session.kind,
        title="Renamed",
        notes="",
        stages=session.stage_values(),
    )
    assert "after-hard-day" in [f.code for f in check.placement]


def test_a_quality_session_the_day_after_a_progression_run_brings_the_finding_it_causes(block):
    day = base_tuesday(block)
    add(block, day)
    _, check = add(block, day + timedelta(days=1), plan="", kind=SessionKind.QUALITY)
    [finding] = check.placement
    assert (finding.code, finding.date) == ("after-hard-day", day)
