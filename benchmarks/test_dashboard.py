"""The coach's dashboard (docs/running.md §4.15) as the coach's athletes grow from 10 to 100,
each with a marathon block whose progression runs are proposed and a season of logs (a run
every day of the last 16 weeks, on its session where one was planned, some with findings):
the same number of queries (none per athlete, none per log).

Run with `make bench`. Prints the query counts and median server times."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete
from athletes.paces import MARATHON_M
from benchmarks.figures import measure, table
from workouts import services
from workouts.models import AvailabilityRange, LogPairing, LogStatus, PlannedSession, RunLog

pytestmark = pytest.mark.django_db

SMALL, LARGE = 10, 100
SEASON_DAYS = 16 * 7
FINDING = {"code": "started-too-fast", "severity": "serious", "message": "Started fast"}


def athletes_with_a_season(coach, n, prefix):
    today = timezone.localdate()
    for i in range(n):
        athlete = Athlete.objects.create(
            coach=coach, first_name=f"Runner{i}", last_name=prefix, email=f"{prefix}{i}@x.org"
        )
        block = services.block_create(
            athlete=athlete,
            race_name="City Marathon",
            race_date=today + timedelta(weeks=12),
            race_distance_m=MARATHON_M,
            n_weeks=18,
        )
        services.block_propose(block=block)
        sessions = dict(
            PlannedSession.objects.filter(block=block, date__lt=today).values_list("date", "pk")
        )
        RunLog.objects.bulk_create(
            RunLog(
                athlete=athlete,
                session_id=sessions.get(day),
                pairing=LogPairing.SAME_DAY if day in sessions else LogPairing.UNPLANNED,
                status=LogStatus.DONE,
                date=day,
                duration_s=3000,
                distance_m=10_000,
                compliance=("green", "yellow", "orange")[days % 3],
                review={"findings": [FINDING] if days % 5 == 0 else [], "stages": []},
            )
            for days in range(1, SEASON_DAYS + 1)
            for day in [today - timedelta(days=days)]
        )
        AvailabilityRange.objects.create(
            athlete=athlete,
            start=today + timedelta(days=3),
            end=today + timedelta(days=5),
            reason="travel",
        )


def dashboard_page(coach) -> tuple[Client, str]:
    client = Client()
    client.force_login(coach)
    return client, reverse("coach-dashboard")


def test_dashboard_queries_stay_the_same_from_10_to_100_athletes(coach, other_coach):
    athletes_with_a_season(coach, SMALL, "small")
    athletes_with_a_season(other_coach, LARGE, "large")
    (small_q, small_s), (large_q, large_s) = measure(
        [dashboard_page(coach), dashboard_page(other_coach)]
    )
    table(
        f"coach's dashboard, {SMALL} and {LARGE} athletes, {SEASON_DAYS} days of logs each "
        "(median server time)",
        ("page", f"queries {SMALL}", f"queries {LARGE}", f"ms {SMALL}", f"ms {LARGE}", "ratio"),
        [
            (
                "dashboard",
                small_q,
                large_q,
                f"{small_s * 1000:.1f}",
                f"{large_s * 1000:.1f}",
                f"{large_s / small_s:.2f}",
            )
        ],
    )
    assert large_q == small_q
