"""The athlete's own pages as their block grows: the landing page (/me/: today, the rest of
this week, the next four weeks) and a session's page take the same number of queries for an
8-week and a 30-week block, every progression run proposed and those gone by logged (no query
per week, day, session or log; the landing page reads only its five weeks and the days of this
week gone by).

Run with `make bench`. Prints the query count, the median server time and the page size.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, Role
from athletes.paces import MARATHON_M
from benchmarks.figures import measure, table
from tests.conftest import add_5k, make_user
from workouts import notes, run_logs, services

pytestmark = pytest.mark.django_db

SMALL_WEEKS, LARGE_WEEKS = 8, 30


def athlete_with_block(coach, n_weeks):
    """An athlete with an account and a proposed block of `n_weeks`, today in its first week."""
    email = f"runner{n_weeks}@example.com"
    user = make_user(email, Role.ATHLETE, "Runner", str(n_weeks))
    athlete = Athlete.objects.create(
        coach=coach, user=user, first_name="Runner", last_name=str(n_weeks), email=email
    )
    add_5k(athlete)
    today = timezone.localdate()
    block = services.block_create(
        athlete=athlete,
        race_name=f"Marathon in {n_weeks} weeks",
        race_date=today + timedelta(weeks=n_weeks - 1),
        race_distance_m=MARATHON_M,
        n_weeks=n_weeks,
    )
    services.block_propose(block=block)
    notes.note_create(block=block, author=coach, date=today + timedelta(days=2), text="Easy!")
    notes.note_create(block=block, author=coach, week=2, text="Build week.")
    # What was run of it so far (docs/running.md §3.11): each past session logged, and a run
    # not planned yesterday.
    for session in block.sessions.filter(date__lt=today):
        run_logs.run_log_create(
            athlete=athlete,
            by=user,
            session=session,
            data={"date": session.date, "duration_s": 3000, "distance_m": 10000},
            stages=[],
        )
    run_logs.run_log_create(
        athlete=athlete,
        by=user,
        session=None,
        data={"date": today - timedelta(days=1), "duration_s": 1800, "distance_m": 6000},
        stages=[],
    )
    client = Client()
    client.force_login(user)
    return block, client


def test_the_athlete_s_pages_take_the_same_queries_for_8_and_30_weeks(coach):
    blocks = [athlete_with_block(coach, n_weeks) for n_weeks in (SMALL_WEEKS, LARGE_WEEKS)]
    pages = [(client, reverse("me")) for _, client in blocks]
    runs = [
        block.sessions.filter(kind="progression").order_by("date").first() for block, _ in blocks
    ]
    pages += [
        (client, reverse("athlete-session", args=[run.pk]))
        for (_, client), run in zip(blocks, runs, strict=True)
    ]
    figures = measure(pages)
    sizes = [len(client.get(url).content) for client, url in pages]
    names = ["landing", "landing", "session", "session"]
    weeks = [SMALL_WEEKS, LARGE_WEEKS] * 2
    table(
        "athlete's pages (median of the server time)",
        ("page", "weeks", "sessions", "queries", "ms", "KB"),
        [
            (name, w, blocks[i % 2][0].sessions.count(), q, f"{t * 1000:.1f}", f"{size / 1024:.1f}")
            for i, (name, w, (q, t), size) in enumerate(
                zip(names, weeks, figures, sizes, strict=True)
            )
        ],
    )
    (lq8, _), (lq30, _), (sq8, _), (sq30, _) = figures
    assert lq8 == lq30
    assert sq8 == sq30
    assert max(sizes) < 100 * 1024
