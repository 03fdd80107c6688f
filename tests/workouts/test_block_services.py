"""Blocks as the services write them: phases proposed, the race on its day, progression runs
proposed and re-planned, and what is refused."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from athletes.paces import MARATHON_M
from tests.conftest import add_5k
from workouts import block_plan, services
from workouts.models import Block, PlannedSession, SessionKind


def next_saturday(weeks_ahead: int = 20):
    day = timezone.localdate() + timedelta(weeks=weeks_ahead)
    return day + timedelta(days=(5 - day.weekday()) % 7)


def make_block(athlete, **fields):
    values = {
        "athlete": athlete,
        "race_name": "Valencia Marathon",
        "race_date": next_saturday(),
        "race_distance_m": MARATHON_M,
        "n_weeks": 18,
    } | fields
    return services.block_create(**values)


def test_a_new_block_gets_the_proposed_phases_and_its_race_day(athlete):
    block = make_block(athlete)
    spans = [(p.phase, p.first_week, p.last_week) for p in block.phases.all()]
    assert spans == [("base", 1, 6), ("transition", 7, 11), ("long_run", 12, 16), ("taper", 17, 18)]
    [race] = block.sessions.all()
    assert (race.date, race.kind, race.title) == (
        block.race_date,
        SessionKind.RACE,
        "Valencia Marathon",
    )
    assert block.start == block.race_date - timedelta(days=18 * 7 - 1)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"n_weeks": 7}, "A block lasts 8 to 30 weeks."),
        ({"n_weeks": 31}, "A block lasts 8 to 30 weeks."),
        ({"race_date": timezone.localdate()}, "The race must be after today"),
    ],
)
def test_refuses_a_block_out_of_bounds_and_saves_nothing(athlete, fields, message):
    with pytest.raises(services.BlockRejected, match=message):
        make_block(athlete, **fields)
    assert not Block.objects.exists()


def test_refuses_a_second_block_for_the_same_race(athlete):
    make_block(athlete)
    with pytest.raises(services.BlockRejected, match="already has a block"):
        make_block(athlete)
    assert Block.objects.count() == 1


def test_a_block_saved_by_a_double_submit_after_the_check_is_refused_the_same_way(athlete):
    # Both requests pass the exists() check; the other one inserts first, so this insert
    # breaks the block_one_per_a_race constraint.
    real_exists = QuerySet.exists
    checks = []

    def exists_then_the_other_request_saves(queryset):
        checks.append(queryset)
        found = real_exists(queryset)
        if len(checks) == 1:
            make_block(athlete)  # the other request, whose own check finds no block yet
        return found

    with mock.patch.object(QuerySet, "exists", exists_then_the_other_request_saves):
        with pytest.raises(services.BlockRejected, match="already has a block for a race on"):
            make_block(athlete)
    assert Block.objects.count() == 1


def test_moved_phases_must_cover_the_block(athlete):
    block = make_block(athlete)
    spans = [
        block_plan.PhaseSpan("base", 1, 5),
        block_plan.PhaseSpan("transition", 7, 11),
        block_plan.PhaseSpan("long_run", 12, 16),
        block_plan.PhaseSpan("taper", 17, 18),
    ]
    with pytest.raises(services.BlockRejected):
        services.block_phases_set(block=block, spans=spans)
    assert block.phases.get(phase="base").last_week == 6
    spans[0] = block_plan.PhaseSpan("base", 1, 6)
    spans[1] = block_plan.PhaseSpan("transition", 7, 11)
    services.block_phases_set(block=block, spans=spans)
    assert block.as_value().phase_of(6) == "base"


def test_the_proposal_fills_the_block_with_runs_that_pass_every_rule(athlete):
    add_5k(athlete)
    block = make_block(athlete)
    proposal = services.block_propose(block=block)
    runs = block.sessions.exclude(kind=SessionKind.RACE)
    assert runs.count() == len(proposal.runs) > 10
    values = [s.as_value() for s in block.sessions.prefetch_related("stages")]
    findings = block_plan.check_placement(
        values, block=block.as_value(), availability=athlete.training_days
    )
    assert [f for f in findings if f.severity == "error"] == []
    assert all(s.proposed and s.original_date == s.date for s in runs)
    # Proposing again replaces the unlocked runs instead of adding to them.
    services.block_propose(block=block)
    assert block.sessions.exclude(kind=SessionKind.RACE).count() == runs.count()


def test_a_replan_keeps_locked_runs_and_what_came_before(athlete):
    add_5k(athlete)
    block = make_block(athlete)
    services.block_propose(block=block)
    runs = list(block.sessions.exclude(kind=SessionKind.RACE))
    locked = runs[-1]
    PlannedSession.objects.filter(pk=locked.pk).update(locked=True)
    from_date = block.start + timedelta(weeks=6)
    before = {s.pk for s in runs if s.date < from_date}
    preview = services.block_replan_preview(block=block, from_date=from_date)
    assert preview.is_empty
    services.block_replan_apply(block=block, from_date=from_date)
    kept = set(block.sessions.values_list("pk", flat=True))
    assert before <= kept and locked.pk in kept


def test_a_replan_from_outside_the_block_is_refused(athlete):
    block = make_block(athlete)
    with pytest.raises(services.BlockRejected, match="inside the block"):
        services.block_replan_preview(block=block, from_date=block.race_date + timedelta(days=3))
