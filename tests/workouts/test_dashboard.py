"""The coach's dashboard (docs/running.md §4.15): a row per athlete of the coach with their
block week, the last 7 days' compliance chips, the week's volume, findings, next progression
run and availability; its sorts; who may see it; and its query count."""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete
from athletes.paces import MARATHON_M
from workouts import services
from workouts.dashboard import coach_dashboard
from workouts.models import AvailabilityRange, LogPairing, LogStatus, PlannedSession, RunLog
from workouts.plan_text import parse_plan

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _today_as_the_test_runs():
    """TODAY is the day each test runs, not the day the tests were collected: a run of the
    suite that passes midnight would otherwise log "today" as yesterday."""
    global TODAY
    TODAY = timezone.localdate()


DAY = timedelta(days=1)
SERIOUS = {"code": "started-too-fast", "severity": "serious", "message": "Started 20 s/km fast"}
WARNING = {"code": "surge", "severity": "warning", "message": "A surge at 5 km"}


def block_in_week_9(athlete):
    """An 18-week block whose week 9 holds today."""
    return services.block_create(
        athlete=athlete,
        race_name="Valencia Marathon",
        race_date=TODAY + 66 * DAY,
        race_distance_m=MARATHON_M,
        n_weeks=18,
    )


def add_session(block, day, kind="easy", plan="45min easy", title=""):
    session, _ = services.session_save(
        block=block, date=day, kind=kind, title=title, notes="", stages=parse_plan(plan)
    )
    return session


def add_log(athlete, day, session=None, *, compliance="green", findings=(), **fields):
    return RunLog.objects.create(
        athlete=athlete,
        session=session,
        pairing=LogPairing.SAME_DAY if session else LogPairing.UNPLANNED,
        status=LogStatus.DONE,
        date=day,
        duration_s=fields.pop("duration_s", 2700),
        distance_m=fields.pop("distance_m", 9000),
        compliance=compliance,
        review={"findings": list(findings), "stages": []},
        **fields,
    )


def runner(coach, first, last="Runner"):
    return Athlete.objects.create(
        coach=coach, first_name=first, last_name=last, email=f"{first.lower()}@x.org"
    )


def row_of(dashboard, athlete):
    return next(row for row in dashboard.rows if row.athlete.pk == athlete.pk)


def test_row_shows_block_week_chips_volume_findings_next_run_and_availability(coach, athlete):
    block = block_in_week_9(athlete)
    on_plan = add_session(block, TODAY - 3 * DAY)
    off_plan = add_session(block, TODAY - 2 * DAY)
    missed = add_session(block, TODAY - DAY)
    ahead = add_session(block, TODAY + 2 * DAY, "progression", "20min easy, 20min steady", "Build")
    add_log(athlete, on_plan.date, on_plan, compliance="green")
    add_log(athlete, off_plan.date, off_plan, compliance="orange", findings=[WARNING, SERIOUS])
    AvailabilityRange.objects.create(
        athlete=athlete, start=TODAY + 5 * DAY, end=TODAY + 7 * DAY, reason="travel"
    )
    AvailabilityRange.objects.create(
        athlete=athlete, start=TODAY + 20 * DAY, end=TODAY + 22 * DAY, reason="travel"
    )

    row = row_of(coach_dashboard(coach, today=TODAY), athlete)

    assert "week 9 of 18" in row.context
    assert [(chip.session.pk, chip.label) for chip in row.chips] == [
        (on_plan.pk, "On plan"),
        (off_plan.pk, "Off plan"),
        (missed.pk, "Missed"),
    ]
    assert [chip.css for chip in row.chips] == ["log-green", "log-orange", "log-red"]
    assert row.compliance == pytest.approx(1 / 3)
    assert row.n_flagged == 1 and row.worst.code == "started-too-fast"
    assert row.next_run.date == ahead.date and row.next_run.title == "Build"
    assert [a.start for a in row.availability] == [TODAY + 5 * DAY]
    # Done: the two logs of this block week; planned: every session of it.
    week = block.as_value().calendar_week_of(TODAY)
    planned = [on_plan, off_plan, missed, ahead]
    assert row.done_s == 2 * 2700
    in_week = [s for s in planned if week.start <= s.date <= week.end]
    assert row.planned_s == sum(2400 if s.kind == "progression" else 2700 for s in in_week)


def test_not_run_reason_and_unfinished_today_are_chips_that_count_nothing(coach, athlete):
    block = block_in_week_9(athlete)
    ill = add_session(block, TODAY - DAY)
    PlannedSession.objects.filter(pk=ill.pk).update(skipped_reason="ill")
    add_session(block, TODAY)

    row = row_of(coach_dashboard(coach, today=TODAY), athlete)

    assert [chip.label for chip in row.chips] == ["Not run: ill", "Planned"]
    assert row.compliance is None


def test_next_run_skips_a_logged_progression_and_findings_ignore_older_logs(coach, athlete):
    block = block_in_week_9(athlete)
    done = add_session(block, TODAY, "progression", "20min easy, 20min steady", "First")
    later = add_session(block, TODAY + 3 * DAY, "progression", "20min easy, 20min steady")
    add_log(athlete, TODAY, done)
    add_log(athlete, TODAY - 9 * DAY, findings=[SERIOUS])

    row = row_of(coach_dashboard(coach, today=TODAY), athlete)

    assert row.next_run.date == later.date and row.next_run.title == "Progression run"
    assert row.worst is None and row.n_flagged == 0


def test_athlete_without_block_is_listed_with_a_link_to_create_one(coach_client, athlete):
    response = coach_client.get(reverse("coach-dashboard"))

    assert response.status_code == 200
    text = html.unescape(response.text)
    assert "Amara Okafor" in text and "No block yet" in text
    assert reverse("block-create", args=[athlete.pk]) in text


def test_distance_is_in_the_athletes_units(coach_client, athlete):
    athlete.units = "mi"
    athlete.save()
    block = block_in_week_9(athlete)
    session = add_session(block, TODAY - DAY, plan="10km easy")
    add_log(athlete, session.date, session, distance_m=16093.44)

    text = html.unescape(coach_client.get(reverse("coach-dashboard")).text)
    amounts = re.findall(r'data-testid="dash-(?:planned|done)">([^<]*)<', text)

    # Planned by distance, with no paces to time it; done with its time.
    assert amounts == ["6.21 mi", "45 min · 10 mi"]


def test_no_volume_reads_as_a_dash_not_as_zero(coach, athlete):
    block_in_week_9(athlete)

    row = row_of(coach_dashboard(coach, today=TODAY), athlete)

    assert (row.planned, row.done) == ("—", "—")


def test_a_block_ahead_says_when_it_starts_and_counts_the_calendar_week(coach, athlete):
    block = services.block_create(
        athlete=athlete,
        race_name="Spring Marathon",
        race_date=TODAY + 30 * 7 * DAY,
        race_distance_m=MARATHON_M,
        n_weeks=18,
    )
    add_log(athlete, TODAY, duration_s=1800)

    row = row_of(coach_dashboard(coach, today=TODAY), athlete)

    start = block.start
    assert row.context == f"Block starts {start:%a} {start.day} {start:%b}"
    assert row.block_url == reverse("block-detail", args=[block.pk])
    assert row.done_s == 1800


def test_attention_sort_puts_pain_then_gravest_finding_then_missed_and_worst_sort_findings(coach):
    calm, warned, hurt, serious, missing = (
        runner(coach, name) for name in ("Calm", "Warned", "Hurt", "Serious", "Missing")
    )
    for athlete in (calm, warned, hurt, serious, missing):
        block_in_week_9(athlete)
    add_log(warned, TODAY - DAY, findings=[WARNING])
    add_log(serious, TODAY - DAY, findings=[SERIOUS])
    add_log(hurt, TODAY - 2 * DAY, pain_note="Left calf tight")
    add_session(missing.blocks.get(), TODAY - DAY)

    rows = coach_dashboard(coach, today=TODAY).rows

    assert [row.athlete.first_name for row in rows] == [
        "Hurt",
        "Serious",
        "Warned",
        "Missing",
        "Calm",
    ]
    worst_first = coach_dashboard(coach, today=TODAY, sort="worst").rows
    assert [row.athlete.first_name for row in worst_first] == [
        "Serious",
        "Warned",
        "Calm",
        "Hurt",
        "Missing",
    ]


def test_sorts_by_name_compliance_and_next_run(coach):
    anna, ben, cleo = (
        runner(coach, n, last) for n, last in (("Anna", "Z"), ("Ben", "A"), ("Cleo", "M"))
    )
    for athlete in (anna, ben, cleo):
        block_in_week_9(athlete)
    for athlete, compliance in ((anna, "green"), (ben, "orange")):
        session = add_session(athlete.blocks.get(), TODAY - DAY)
        add_log(athlete, session.date, session, compliance=compliance)
    add_session(anna.blocks.get(), TODAY + 4 * DAY, "progression", "20min easy, 20min steady")
    add_session(cleo.blocks.get(), TODAY + DAY, "progression", "20min easy, 20min steady")

    def order(sort):
        return [
            row.athlete.first_name for row in coach_dashboard(coach, today=TODAY, sort=sort).rows
        ]

    assert order("name") == ["Ben", "Cleo", "Anna"]
    assert order("compliance") == ["Ben", "Anna", "Cleo"]  # no judged session: last
    assert order("next") == ["Cleo", "Anna", "Ben"]  # none planned: last


def test_an_unknown_sort_shows_the_default_order(coach_client, athlete):
    response = coach_client.get(reverse("coach-dashboard"), {"sort": "nonsense"})

    assert response.status_code == 200
    assert 'aria-current="page" data-testid="sort-attention"' in response.text


def test_a_coach_sees_only_their_own_athletes(coach_client, athlete, other_athlete):
    text = html.unescape(coach_client.get(reverse("coach-dashboard")).text)

    assert "Amara Okafor" in text and "Lukas Berg" not in text


def test_an_athlete_gets_404(client, athlete):
    client.force_login(athlete.user)

    assert client.get(reverse("coach-dashboard")).status_code == 404


def test_the_coachs_home_is_the_dashboard_and_links_to_the_athlete_list(coach_client):
    response = coach_client.get(reverse("home"))

    assert response.url == reverse("coach-dashboard")
    assert reverse("athlete-list") in coach_client.get(response.url).text


def test_query_count_does_not_grow_with_athletes_or_logs(coach, other_coach):
    def queries(coach_, n):
        for i in range(n):
            athlete = runner(coach_, f"R{coach_.pk}x{i}")
            block = block_in_week_9(athlete)
            for days in range(1, 6):
                session = add_session(block, TODAY - days * DAY)
                add_log(athlete, session.date, session, findings=[WARNING])
            add_session(block, TODAY + DAY, "progression", "20min easy, 20min steady")
            AvailabilityRange.objects.create(
                athlete=athlete, start=TODAY + DAY, end=TODAY + 2 * DAY, reason="travel"
            )
        with CaptureQueriesContext(connection) as captured:
            coach_dashboard(coach_, today=TODAY)
        return len(captured)

    assert queries(coach, 1) == queries(other_coach, 4)


def test_a_run_the_coach_marked_reviewed_leaves_the_findings_column(coach, athlete):
    """The findings are those still to look at: a run marked in the review queue (§3.12) no
    longer counts, nor does its pain note; a run marked "new" again does."""
    from workouts import review_queue

    surge = {"code": "surge", "stage_index": 1, "at_s": 900, "message": "A surge."}
    log = add_log(
        athlete, TODAY - DAY, findings=[surge | {"severity": "warning"}], pain_note="Shin"
    )
    row = row_of(coach_dashboard(coach, today=TODAY), athlete)
    assert (row.n_flagged, row.worst.code, row.pain) == (1, "surge", True)
    review_queue.log_review_mark(log=log, state="fine", by=coach)
    row = row_of(coach_dashboard(coach, today=TODAY), athlete)
    assert (row.n_flagged, row.worst, row.pain) == (0, None, False)
    review_queue.log_review_mark(log=log, state="new", by=coach)
    assert row_of(coach_dashboard(coach, today=TODAY), athlete).n_flagged == 1
