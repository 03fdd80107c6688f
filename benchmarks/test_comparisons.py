"""The comparisons of progression runs (docs/running.md §3.15) as the runs grow: the coach's
page of a reviewed progression run with 2 and with 12 earlier runs of its template (and 9,
past the 8 listed), and the coach's page of an athlete drawing the block's chart of 2 and of
12 progression runs: the same number of queries (no query per run).

Run with `make bench`. Prints the query counts, the median server times and their ratio."""

import pytest
from django.test import Client
from django.urls import reverse

from athletes.models import Athlete, Role
from benchmarks.figures import measure, table
from tests.conftest import add_5k, make_user
from tests.workouts.test_comparison_pages import season, template_of

pytestmark = pytest.mark.django_db

SMALL, MIDDLE, LARGE = 2, 9, 12  # earlier runs (on the run's page); the chart: runs in all


def athlete_with_runs(coach, n_earlier: int):
    """An athlete with a block holding today and `n_earlier` reviewed runs of a template a
    week apart before this run (yesterday); returns this run's log."""
    email = f"runner{n_earlier}@example.com"
    user = make_user(email, Role.ATHLETE, "Runner", str(n_earlier))
    athlete = Athlete.objects.create(
        coach=coach, user=user, first_name="Runner", last_name=str(n_earlier), email=email
    )
    add_5k(athlete, days_ago=30)
    return season(athlete, template_of(coach, f"Thirds {n_earlier}"), n_earlier)[1]


def test_comparison_pages_keep_their_queries_from_2_to_12_progression_runs(coach):
    client = Client()
    client.force_login(coach)
    logs = {n: athlete_with_runs(coach, n) for n in (SMALL, MIDDLE, LARGE)}
    # The chart: SMALL and LARGE progression runs in all (this run and those before it).
    charts = {runs: athlete_with_runs(coach, runs - 1) for runs in (SMALL, LARGE)}
    pages = [(client, reverse("coach-log", args=[logs[n].pk])) for n in (SMALL, MIDDLE, LARGE)]
    pages += [(client, reverse("athlete-detail", args=[charts[n].athlete_id])) for n in charts]
    (rs, rm, rl, cs, cl) = measure(pages)
    rows = [
        ("run's page, earlier runs", SMALL, LARGE, rs[0], rl[0], rs[1], rl[1]),
        ("run's page, earlier runs", MIDDLE, LARGE, rm[0], rl[0], rm[1], rl[1]),
        ("athlete page, block chart", SMALL, LARGE, cs[0], cl[0], cs[1], cl[1]),
    ]
    table(
        "comparisons (docs/running.md §3.15), median server time",
        ("page", "runs", "vs", "queries", "queries", "ms", "ms", "time ratio"),
        [
            (name, a, b, qa, qb, f"{ta * 1000:.1f}", f"{tb * 1000:.1f}", f"{tb / ta:.2f}")
            for name, a, b, qa, qb, ta, tb in rows
        ],
    )
    assert cl[0] == cs[0]  # the block's chart: no query per run
    # The run's page: as many with 2 earlier runs as with 9 or 12 (the count of those beyond
    # the 8 listed is a window over the same query).
    assert rl[0] == rm[0] == rs[0]
