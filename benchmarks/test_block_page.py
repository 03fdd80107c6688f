"""The block page as the block grows: an 8-week and a 30-week block, every progression run
proposed, take the same number of queries (no query per week, day or session), and their
server time grows by less than half of linear (3.75 times the weeks, under 2.4 times the
time). The page draws 8 weeks in full and the heads of the others, whose days htmx loads as
they scroll into view: that request is measured too, and "all weeks" (the printable view),
which is linear, is reported for comparison.

A block run half-way with its past sessions logged (docs/running.md §3.11: the calendar reads
each session's log, its compliance and worst finding, and the unplanned runs) keeps its
queries too.

Run with `make bench`. Prints the query count and the median server time of each.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete
from athletes.paces import MARATHON_M
from benchmarks.figures import half_of_linear, measure, table
from tests.conftest import add_5k
from workouts import services
from workouts.models import LogPairing, LogSource, RunLog

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


def stored_review(compliance: str, findings: list[dict]) -> dict:
    """A stored review as a file's leaves it (workouts/log_review.py): three stages, findings,
    laps and its downsampled series of 600 points, which the calendar must never read."""
    points = 600
    return {
        "v": 1,
        "split_by": "time",
        "compliance": compliance,
        "timer_s": 3600.0,
        "moving_s": 3590.0,
        "distance_m": 12000.0,
        "avg_hr": 150,
        "low_confidence": False,
        "heat_adjusted": False,
        "notes": [],
        "stages": [{"index": i, "zone": "easy", "verdict": "on-target"} for i in range(3)],
        "findings": findings,
        "laps": [{"start_s": 600.0 * i, "end_s": 600.0 * (i + 1)} for i in range(6)],
        "series": {
            "t": [6.0 * i for i in range(points)],
            "pace": [300.0] * points,
            "gap": [300.0] * points,
            "hr": [150] * points,
        },
    }


FINDINGS = [
    [],
    [
        {
            "code": "started-too-fast",
            "stage_index": 0,
            "at_s": 300.0,
            "message": "Too fast.",
            "severity": "warning",
        }
    ],
    [
        {
            "code": "stopped",
            "stage_index": 1,
            "at_s": 1500.0,
            "message": "Stopped 3:00.",
            "severity": "serious",
        }
    ],
]
COMPLIANCES = ["green", "green", "yellow", "orange"]


def logged_block(athlete, n_weeks):
    """A proposed block run half-way: its race n_weeks / 2 weeks ahead; each past session
    logged (its review stored with findings and series), but every fifth missed; and an
    unplanned run every week."""
    today = timezone.localdate()
    block = services.block_create(
        athlete=athlete,
        race_name=f"Marathon in {n_weeks // 2} weeks",
        race_date=today + timedelta(weeks=n_weeks // 2),
        race_distance_m=MARATHON_M,
        n_weeks=n_weeks,
    )
    services.block_propose(block=block)
    past = list(block.sessions.filter(date__lt=today).order_by("date"))
    logs = [
        RunLog(
            athlete=athlete,
            session=session,
            pairing=LogPairing.SAME_DAY,
            source=LogSource.FILE,
            date=session.date,
            duration_s=3600,
            distance_m=12000,
            compliance=COMPLIANCES[i % len(COMPLIANCES)],
            review=stored_review(COMPLIANCES[i % len(COMPLIANCES)], FINDINGS[i % len(FINDINGS)]),
        )
        for i, session in enumerate(past)
        if i % 5 != 4
    ]
    planned = {session.date for session in past}
    for week in range((today - block.start).days // 7 + 1):
        days = (block.start + timedelta(days=7 * week + offset) for offset in range(7))
        free = [day for day in days if day < today and day not in planned]
        if free:  # the week's first day without a session
            logs.append(RunLog(athlete=athlete, date=free[0], duration_s=1800, distance_m=6000))
    RunLog.objects.bulk_create(logs)
    return block, len(past), len(logs)


def test_block_page_with_a_logged_history_keeps_its_queries(client, coach):
    """The block page of a block run half-way, its past sessions logged (the calendar shows
    their compliance, findings, the missed ones and the unplanned runs): the same queries for 8
    and 30 weeks; times reported, and held to under half of linear like the plan's."""
    client.force_login(coach)
    rows, pages = [], []
    for n_weeks in (SMALL_WEEKS, LARGE_WEEKS):
        athlete = Athlete.objects.create(coach=coach, first_name="Runner", last_name=str(n_weeks))
        add_5k(athlete)
        block, n_past, n_logs = logged_block(athlete, n_weeks)
        rows.append((n_weeks, block.sessions.count(), n_past, n_logs))
        pages.append((client, reverse("block-detail", args=[block.pk])))
    figures = measure(pages)
    scale = LARGE_WEEKS / SMALL_WEEKS
    table(
        "block page with a logged history (median of the server time)",
        ("weeks", "sessions", "past", "logs", "queries", "ms"),
        [(*row, q, f"{s * 1000:.1f}") for row, (q, s) in zip(rows, figures, strict=True)],
    )
    (small_q, small_s), (large_q, large_s) = figures
    print(f"  query ratio {large_q / small_q:.2f}, time ratio {large_s / small_s:.2f}")
    assert large_q == small_q
    assert large_s / small_s < half_of_linear(scale)
