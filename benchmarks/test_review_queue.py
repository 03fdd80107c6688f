"""The coach's review queue (docs/running.md §3.12) at 10 and 100 athletes, each with a season
of reviewed runs on the sessions of their block (four a week for eighteen weeks, a pain note,
serious findings and warnings among them, none marked yet): the same number of queries (no
query per athlete or per run), the queue filtered by a finding code and by a phase too.

Run with `make bench`. Prints a table of the query counts and median server times."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete
from athletes.paces import MARATHON_M
from benchmarks.figures import measure, table
from workouts import services
from workouts.models import LogStatus, PlannedSession, RunLog, SessionKind

pytestmark = pytest.mark.django_db

SMALL, LARGE = 10, 100
WEEKS, RUNS_A_WEEK = 18, 4
SERIOUS = {"code": "finish-too-hard", "severity": "serious", "message": "The finish was too hard."}
WARNING = {"code": "surge", "severity": "warning", "message": "A surge in the steady stage."}
PAGES = ("queue", "queue, one finding", "queue, one phase")


def athletes_with_a_season(coach, n, prefix):
    """`n` athletes of the coach, each with an 18-week block ending tomorrow and a reviewed run
    on four of its days each week."""
    today = timezone.localdate()
    for i in range(n):
        athlete = Athlete.objects.create(
            coach=coach, first_name=f"Runner{i}", last_name=prefix, email=f"{prefix}{i}@x.org"
        )
        block = services.block_create(
            athlete=athlete,
            race_name="City Marathon",
            race_date=today + timedelta(days=1),
            race_distance_m=MARATHON_M,
            n_weeks=WEEKS,
        )
        days = [
            block.start + timedelta(days=7 * week + day)
            for week in range(WEEKS)
            for day in range(0, 7, 2)[:RUNS_A_WEEK]
        ]
        sessions = PlannedSession.objects.bulk_create(
            PlannedSession(block=block, date=day, original_date=day, kind=SessionKind.PROGRESSION)
            for day in days
        )
        RunLog.objects.bulk_create(
            RunLog(
                athlete=athlete,
                session=session,
                date=session.date,
                status=LogStatus.DONE,
                compliance=("green", "yellow", "orange")[j % 3],
                pain_note="Tight calf." if j % 17 == 0 else "",
                review={
                    "findings": [SERIOUS] if j % 5 == 0 else [WARNING] if j % 3 == 0 else [],
                    "stages": [],
                    "series": {"t": list(range(300))},  # never read by the queue
                },
            )
            for j, session in enumerate(sessions)
        )


def queue_pages(coach) -> list[tuple[Client, str]]:
    client = Client()
    client.force_login(coach)
    url = reverse("review-queue")
    return [(client, url), (client, f"{url}?code=surge"), (client, f"{url}?phase=base")]


def test_review_queue_queries_stay_the_same_at_10_and_100_athletes(coach, other_coach):
    athletes_with_a_season(coach, SMALL, "small")
    athletes_with_a_season(other_coach, LARGE, "large")
    figures = measure(queue_pages(coach) + queue_pages(other_coach))
    small, large = figures[: len(PAGES)], figures[len(PAGES) :]
    rows = [
        (name, sq, lq, f"{ss * 1000:.1f}", f"{ls * 1000:.1f}")
        for name, (sq, ss), (lq, ls) in zip(PAGES, small, large, strict=True)
    ]
    table(
        f"review queue, {SMALL} and {LARGE} athletes, {WEEKS * RUNS_A_WEEK} runs each "
        "(median server time)",
        ("page", f"queries {SMALL}", f"queries {LARGE}", f"ms {SMALL}", f"ms {LARGE}"),
        rows,
    )
    for name, (small_q, _), (large_q, _) in zip(PAGES, small, large, strict=True):
        assert large_q == small_q, name
