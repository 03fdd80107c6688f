"""The block page as the block grows: an 8-week and a 30-week block, every progression run
proposed, take the same number of queries (no query per week, day or session).

Run with `make bench`. Prints the query count and the server time of each; asserts only on
the queries, never on time.
"""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athletes.paces import MARATHON_M
from tests.conftest import add_5k
from workouts import services

pytestmark = pytest.mark.django_db


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


def measure(client, block) -> tuple[int, float, int]:
    url = reverse("block-detail", args=[block.pk])
    client.get(url)  # warm caches (templates, URL resolver), as a running server has them
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return len(captured), elapsed, block.sessions.count()


def test_block_page_queries_do_not_grow_with_the_block(client, coach, athlete):
    client.force_login(coach)
    add_5k(athlete)
    small, small_s, small_n = measure(client, proposed_block(athlete, 8))
    large, large_s, large_n = measure(client, proposed_block(athlete, 30))
    print(
        f"\nblock page: {small} queries, {small_s * 1000:.0f} ms for 8 weeks ({small_n} sessions);"
        f" {large} queries, {large_s * 1000:.0f} ms for 30 weeks ({large_n} sessions):"
        f" query ratio {large / small:.2f}, time ratio {large_s / small_s:.2f}"
    )
    assert large == small
