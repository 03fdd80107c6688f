"""Review of frozen targets: a session moved onto a day still ahead follows the paces again,
whichever edit moves it (docs/running.md §3.7)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import add_5k
from tests.workouts.test_block_calendar import add_session, make_block, next_saturday
from workouts import services, targets
from workouts.models import PlannedSession, SessionKind

pytestmark = pytest.mark.django_db


def test_a_rest_day_inserted_yesterday_thaws_the_run_it_pushes_onto_today(athlete):
    """session_move thawed such a run, the rest-day shift did not: today's run kept
    yesterday's targets ("targets as of" yesterday) and ignored a result added today."""
    add_5k(athlete, days_ago=30)
    block = make_block(athlete, race_date=next_saturday(weeks_ahead=10))
    yesterday = timezone.localdate() - timedelta(days=1)
    run = add_session(block, yesterday, SessionKind.EASY)
    earlier = add_session(block, yesterday - timedelta(days=3), SessionKind.EASY)
    assert targets.sessions_freeze(block=block) == 2
    services.block_rest_day_insert(block=block, day=yesterday)
    run = PlannedSession.objects.get(pk=run.pk)
    assert run.date == yesterday + timedelta(days=1)
    assert (run.frozen_targets, run.targets_frozen_on) == (None, None)
    # A run moved by a rest day to another day that has passed stays frozen.
    services.block_rest_day_insert(block=block, day=earlier.date)
    earlier = PlannedSession.objects.get(pk=earlier.pk)
    assert earlier.date == yesterday - timedelta(days=2)
    assert earlier.targets_frozen_on == yesterday - timedelta(days=3)
