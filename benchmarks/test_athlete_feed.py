"""The athlete's calendar feed as the plan grows: an 8-week and a 30-week block, every
progression run proposed and a note on each week, take the same number of queries (none per
session, note or week). Run with `make bench`; prints the query count and the median server
time of each.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from athletes.models import Athlete
from benchmarks.figures import measure, table
from benchmarks.test_block_page import LARGE_WEEKS, SMALL_WEEKS, proposed_block
from tests.conftest import add_5k, make_user
from workouts.feed import feed_for_athlete
from workouts.notes import note_create

pytestmark = pytest.mark.django_db


def athlete_with_block(coach, n_weeks):
    user = make_user(f"runner{n_weeks}@example.com")
    athlete = Athlete.objects.create(coach=coach, user=user, first_name=f"Runner{n_weeks}")
    add_5k(athlete)
    block = proposed_block(athlete, n_weeks)
    for week in range(1, n_weeks + 1):
        note_create(block=block, author=coach, week=week, text=f"Week {week}: sleep well.")
    note_create(
        block=block, author=coach, date=timezone.localdate() + timedelta(days=9), text="Hills."
    )
    return athlete, block


def test_feed_queries_stay_the_same_for_8_and_30_weeks(coach):
    plans = [athlete_with_block(coach, n_weeks) for n_weeks in (SMALL_WEEKS, LARGE_WEEKS)]
    anonymous = Client()
    urls = [f"/feed/{feed_for_athlete(athlete).token}.ics" for athlete, _ in plans]
    figures = measure([(anonymous, url) for url in urls])
    rows = [
        (block.n_weeks, block.sessions.count(), queries, seconds)
        for (_, block), (queries, seconds) in zip(plans, figures, strict=True)
    ]
    table(
        "athlete's calendar feed (median of the server time)",
        ("weeks", "sessions", "queries", "ms"),
        [(w, n, q, f"{s * 1000:.1f}") for w, n, q, s in rows],
    )
    (_, _, small_q, _), (_, _, large_q, _) = rows
    assert large_q == small_q
