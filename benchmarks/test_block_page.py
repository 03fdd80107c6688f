"""The block page as the block grows: an 8-week and a 30-week block, every progression run
proposed, take the same number of queries (no query per week, day or session), and their
server time grows by less than half of linear (3.75 times the weeks, under 2.4 times the
time). The page draws 8 weeks in full and the heads of the others, whose days htmx loads as
they scroll into view: that request is measured too, and "all weeks" (the printable view),
which is linear, is reported for comparison.

Run with `make bench`. Prints the query count and the median server time of each.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.paces import MARATHON_M
from benchmarks.figures import half_of_linear, measure, table
from tests.conftest import add_5k
from workouts import services

pytestmark = pytest.mark.django_db

SMALL_WEEKS, LARGE_WEEKS = 8, 30


def proposed_block(athlete, n_weeks):
    race_date = timezone.localdate() + timedelta(weeks=n_weeks + 1)
    block = services.block_create(
        athlete=athlete,
        race_name=f"Marathon in {n_weeks} weeks",
        race_date=race_date,
        race_distance_m=MARATHON_M,
        n_weeks=n_weeks,
    )
    services.block_propose(block=block)
    return block


def test_block_page_queries_stay_and_time_grows_under_half_of_linear(client, coach, athlete):
    client.force_login(coach)
    add_5k(athlete)
    blocks = [proposed_block(athlete, n_weeks) for n_weeks in (SMALL_WEEKS, LARGE_WEEKS)]
    figures = measure([(client, reverse("block-detail", args=[block.pk])) for block in blocks])
    rows = [
        (block.n_weeks, block.sessions.count(), queries, seconds)
        for block, (queries, seconds) in zip(blocks, figures, strict=True)
    ]
    (_, _, small_q, small_s), (_, _, large_q, large_s) = rows
    scale = LARGE_WEEKS / SMALL_WEEKS
    table(
        f"block page (median of the server time; time may grow at most "
        f"{half_of_linear(scale):.2f}x for {scale:.2f}x the weeks)",
        ("weeks", "sessions", "queries", "ms"),
        [(w, n, q, f"{s * 1000:.1f}") for w, n, q, s in rows],
    )
    print(f"  query ratio {large_q / small_q:.2f}, time ratio {large_s / small_s:.2f}")
    assert large_q == small_q
    assert large_s / small_s < half_of_linear(scale)


def test_a_week_s_days_and_all_weeks_keep_their_queries(coach, athlete):
    """A later week's days (the htmx request as a week scrolls into view) and every week in
    full: queries equal for 8 and 30 weeks; times reported."""
    add_5k(athlete)
    blocks = [proposed_block(athlete, n_weeks) for n_weeks in (SMALL_WEEKS, LARGE_WEEKS)]
    htmx = Client(headers={"HX-Request": "true"})
    htmx.force_login(coach)
    plain = Client()
    plain.force_login(coach)
    pages = [(htmx, reverse("block-week-days", args=[block.pk, 6])) for block in blocks]
    pages += [(plain, reverse("block-detail", args=[block.pk]) + "?weeks=all") for block in blocks]
    figures = measure(pages)
    names = ["a week's days", "a week's days", "all weeks", "all weeks"]
    weeks = [SMALL_WEEKS, LARGE_WEEKS] * 2
    table(
        "block page parts (median of the server time)",
        ("request", "weeks", "queries", "ms"),
        [(n, w, q, f"{t * 1000:.1f}") for n, w, (q, t) in zip(names, weeks, figures, strict=True)],
    )
    (wq8, wt8), (wq30, wt30), (aq8, at8), (aq30, at30) = figures
    print(f"  a week's days: time ratio {wt30 / wt8:.2f}; all weeks: time ratio {at30 / at8:.2f}")
    assert wq8 == wq30
    assert aq8 == aq30
