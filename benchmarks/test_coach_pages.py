"""The coach's pages as the coach's athletes grow from 5 to 50, each athlete with a marathon
block, its progression runs proposed: the athlete list, an athlete's page with their block,
that block's calendar and the week view across the athletes take the same number of queries
(no query per athlete), and their server time grows by less than half of linear (10 times the
athletes, under 5.5 times the time).

Run with `make bench`. Prints a table of the query counts and median server times.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, Invitation, RaceResult
from athletes.paces import MARATHON_M
from benchmarks.figures import half_of_linear, measure, table
from workouts import services

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 50
PAGES = ("athlete list", "athlete page", "block page", "week view")


def athletes_with_blocks(coach, n, prefix):
    """`n` athletes of the coach, each invited, with three 5K results and an 18-week block
    whose progression runs are proposed, the race 12 weeks ahead (so 6 weeks are past)."""
    today = timezone.localdate()
    athletes = []
    for i in range(n):
        athlete = Athlete.objects.create(
            coach=coach, first_name=f"Runner{i}", last_name=prefix, email=f"{prefix}{i}@x.org"
        )
        Invitation.objects.create(athlete=athlete, email=athlete.email)
        RaceResult.objects.bulk_create(
            RaceResult(
                athlete=athlete,
                date=today - timedelta(weeks=weeks),
                distance_m=5000,
                time_s=1200 + i,
            )
            for weeks in (2, 10, 30)
        )
        block = services.block_create(
            athlete=athlete,
            race_name="City Marathon",
            race_date=today + timedelta(weeks=12),
            race_distance_m=MARATHON_M,
            n_weeks=18,
        )
        services.block_propose(block=block)
        athletes.append(athlete)
    return athletes


def coach_pages(coach, athletes) -> list[tuple[Client, str]]:
    client = Client()
    client.force_login(coach)
    first = athletes[0]
    urls = [
        reverse("athlete-list"),
        reverse("athlete-detail", args=[first.pk]),
        reverse("block-detail", args=[first.blocks.get().pk]),
        # Every athlete's week, this week: a row each, their proposed runs on their days.
        reverse("coach-week"),
    ]
    return [(client, url) for url in urls]


def test_coach_pages_queries_stay_and_time_grows_under_half_of_linear(coach, other_coach):
    small = coach_pages(coach, athletes_with_blocks(coach, SMALL, "small"))
    large = coach_pages(other_coach, athletes_with_blocks(other_coach, LARGE, "large"))
    figures = measure(small + large)
    by_size = {SMALL: figures[: len(PAGES)], LARGE: figures[len(PAGES) :]}
    allowed = half_of_linear(LARGE / SMALL)
    rows = []
    for i, name in enumerate(PAGES):
        (small_q, small_s), (large_q, large_s) = by_size[SMALL][i], by_size[LARGE][i]
        rows.append(
            (
                name,
                small_q,
                large_q,
                f"{small_s * 1000:.1f}",
                f"{large_s * 1000:.1f}",
                f"{large_s / small_s:.2f}",
            )
        )
    table(
        f"coach's pages, {SMALL} and {LARGE} athletes (median server time; time may grow at "
        f"most {allowed:.1f}x)",
        ("page", f"queries {SMALL}", f"queries {LARGE}", f"ms {SMALL}", f"ms {LARGE}", "ratio"),
        rows,
    )
    for i, name in enumerate(PAGES):
        (small_q, small_s), (large_q, large_s) = by_size[SMALL][i], by_size[LARGE][i]
        assert large_q == small_q, name
        assert large_s / small_s < allowed, name
