"""What the calendars show of logged runs (docs/running.md §3.11): each session's state from
its log (compliance, the worst finding, a file being read or not read), not run with its
reason, missed once its day is over; the unplanned runs by day; one query for all of it."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athletes.paces import MARATHON_M
from tests.conftest import add_5k
from tests.workouts.test_block_calendar import add_session, day_classes, day_html, make_block, page
from tests.workouts.test_week_view import day_cell, week_of
from workouts import services
from workouts.athlete_pages import athlete_landing
from workouts.log_states import calendar_logs
from workouts.models import LogPairing, LogSource, LogStatus, PlannedSession, RunLog, SessionKind
from workouts.week_view import week_start

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _today_as_the_test_runs():
    """TODAY is the day each test runs, not the day the tests were collected: a run of the
    suite that passes midnight would otherwise log "today" as yesterday."""
    global TODAY
    TODAY = timezone.localdate()


def finding(code, severity="warning", message="", at_s=60.0):
    return {"code": code, "stage_index": 0, "at_s": at_s, "message": message, "severity": severity}


def log(athlete, session=None, *, day=None, status=LogStatus.DONE, compliance="", findings=()):
    return RunLog.objects.create(
        athlete=athlete,
        session=session,
        pairing=LogPairing.SAME_DAY if session else LogPairing.UNPLANNED,
        source=LogSource.HAND,
        status=status,
        date=day or (session.date if session else TODAY),
        duration_s=3000,
        distance_m=9500,
        compliance=compliance,
        review={"v": 1, "compliance": compliance or None, "findings": list(findings)},
    )


@pytest.fixture
def block(athlete):
    """An 18-week block whose race is ~10 weeks ahead (its first weeks are past)."""
    add_5k(athlete)
    race = TODAY + timedelta(weeks=10)
    return services.block_create(
        athlete=athlete,
        race_name="Valencia Marathon",
        race_date=race + timedelta(days=(5 - race.weekday()) % 7),
        race_distance_m=MARATHON_M,
        n_weeks=18,
    )


def session(block, days_ago, kind=SessionKind.EASY, **fields):
    return PlannedSession.objects.create(
        block=block, date=TODAY - timedelta(days=days_ago), kind=kind, **fields
    )


def states(block, sessions, *, start=None, end=None):
    return calendar_logs(
        sessions,
        athlete_ids=[block.athlete_id],
        start=start or block.start,
        end=end or block.end,
        today=TODAY,
    )


@pytest.mark.parametrize(
    ("compliance", "label"),
    [("green", "On plan"), ("yellow", "Near plan"), ("orange", "Off plan"), ("", "Done")],
)
def test_a_reviewed_run_shows_its_compliance_in_words(block, compliance, label):
    run = session(block, 3)
    log(block.athlete, run, compliance=compliance)
    state = states(block, [run]).state(run)
    assert (state.kind, state.colour, state.label) == ("logged", compliance, label)
    assert state.is_logged and state.has_log and state.finding is None


def test_the_worst_finding_is_the_first_serious_one(block):
    run = session(block, 3, SessionKind.PROGRESSION)
    findings = [
        finding("started-too-fast"),
        finding("stopped", "serious", "Stopped for 3:10.", at_s=900),
        finding("finish-too-hard", "serious", at_s=2600),
    ]
    made = log(block.athlete, run, compliance="green", findings=findings)
    state = states(block, [run]).state(run)
    assert state.run.pk == made.pk and state.run.n_findings == 3
    assert (state.finding.code, state.finding.severity, state.finding.message) == (
        "stopped",
        "serious",
        "Stopped for 3:10.",
    )
    assert state.finding.label == "stopped"


def test_of_warnings_only_the_first_is_the_worst(block):
    run = session(block, 3, SessionKind.PROGRESSION)
    log(block.athlete, run, compliance="yellow", findings=[finding("short"), finding("surge")])
    assert states(block, [run]).state(run).finding.label == "short"


@pytest.mark.parametrize(
    ("status", "kind", "label"),
    [
        (LogStatus.QUEUED, "pending", "Being read"),
        (LogStatus.PROCESSING, "pending", "Being read"),
        (LogStatus.FAILED, "failed", "File not read"),
    ],
)
def test_a_file_being_read_or_not_read_says_so_without_a_colour(block, status, kind, label):
    run = session(block, 2)
    log(block.athlete, run, status=status, compliance="green", findings=[finding("short")])
    state = states(block, [run]).state(run)
    assert (state.kind, state.label, state.colour, state.finding) == (kind, label, "", None)
    assert state.has_log and not state.is_logged


def test_a_past_session_with_nothing_logged_is_missed_red(block):
    run = session(block, 1)
    state = states(block, [run]).state(run)
    assert (state.kind, state.colour, state.label) == ("missed", "red", "Missed")
    assert not state.has_log


def test_today_s_and_later_sessions_are_not_missed(block):
    today, tomorrow = session(block, 0), session(block, -1)
    found = states(block, [today, tomorrow])
    assert [found.state(s).kind for s in (today, tomorrow)] == ["planned", "planned"]
    assert found.state(today).label == found.state(today).colour == ""


def test_a_past_rest_day_is_never_missed(block):
    rest = session(block, 4, SessionKind.REST)
    assert states(block, [rest]).state(rest).kind == "planned"


def test_a_session_not_run_shows_its_reason_instead_of_red(block):
    run = session(block, 5, skipped_reason="ill")
    state = states(block, [run]).state(run)
    assert (state.kind, state.label, state.colour) == ("skipped", "Not run: ill", "")


def test_a_run_logged_on_a_session_marked_not_run_is_a_run(block):
    run = session(block, 5, skipped_reason="travel")
    log(block.athlete, run, compliance="green")
    assert states(block, [run]).state(run).label == "On plan"


def test_of_two_logs_on_a_session_the_reviewed_one_shows_then_the_earliest(block):
    run, other = session(block, 6), session(block, 7)
    log(block.athlete, run, status=LogStatus.FAILED)
    reviewed = log(block.athlete, run, compliance="yellow")
    log(block.athlete, run, compliance="green")
    first = log(block.athlete, other, status=LogStatus.QUEUED)
    log(block.athlete, other, status=LogStatus.FAILED)
    found = states(block, [run, other])
    assert found.state(run).run.pk == reviewed.pk
    assert found.state(other).run.pk == first.pk and found.state(other).kind == "pending"


def test_a_shifted_run_says_so(block):
    run = session(block, 3)
    made = log(block.athlete, run, day=run.date + timedelta(days=1), compliance="green")
    RunLog.objects.filter(pk=made.pk).update(pairing=LogPairing.SHIFTED)
    assert states(block, [run]).state(run).run.is_shifted


def test_unplanned_runs_come_by_day_reviewed_ones_only_in_the_range(block, other_athlete):
    athlete = block.athlete
    day = TODAY - timedelta(days=2)
    runs = [log(athlete, day=day), log(athlete, day=day)]
    log(athlete, day=day, status=LogStatus.QUEUED)  # may still pair with a session
    log(athlete, day=day, status=LogStatus.FAILED)
    log(athlete, day=block.start - timedelta(days=1))  # before the range
    log(other_athlete, day=day)  # someone else's
    paired = session(block, 2)
    log(athlete, paired, compliance="green")
    found = states(block, [paired])
    assert [run.pk for run in found.runs_on(athlete.pk, day)] == [r.pk for r in runs]
    assert found.unplanned.keys() == {(athlete.pk, day)}
    assert found.runs_on(athlete.pk, day)[0].distance_m == 9500
    assert found.runs_on(athlete.pk, day - timedelta(days=1)) == ()


def test_unplanned_runs_can_be_left_out(block):
    log(block.athlete, day=TODAY - timedelta(days=2))
    found = calendar_logs(
        [],
        athlete_ids=[block.athlete_id],
        start=block.start,
        end=TODAY,
        today=TODAY,
        unplanned=False,
    )
    assert found.unplanned == {} and found.states == {}


def test_a_review_without_findings_or_a_log_without_review_has_no_worst_finding(block):
    a, b = session(block, 3), session(block, 4)
    log(block.athlete, a, compliance="green")
    made = log(block.athlete, b, compliance="green")
    RunLog.objects.filter(pk=made.pk).update(review=None)
    found = states(block, [a, b])
    assert found.state(a).finding is None and found.state(b).finding is None
    assert found.state(b).run.n_findings == 0


def test_one_query_however_many_sessions_and_logs(block):
    def count(n) -> int:
        runs = [session(block, 10 + 2 * i + n) for i in range(n)]
        for run in runs:
            log(block.athlete, run, compliance="green", findings=[finding("surge")])
            log(block.athlete, day=run.date + timedelta(days=1))
        with CaptureQueriesContext(connection) as captured:
            found = states(block, runs)
            assert all(found.state(run).is_logged for run in runs)
        return len(captured)

    assert count(1) == count(12) == 1


def test_the_stored_series_is_not_read(block):
    run = session(block, 3)
    made = log(block.athlete, run, compliance="green")
    RunLog.objects.filter(pk=made.pk).update(
        review={"findings": [finding("surge")], "series": {"t": list(range(600))}}
    )
    with CaptureQueriesContext(connection) as captured:
        assert states(block, [run]).state(run).finding.code == "surge"
    # The review is read only through the key of its findings, never as a whole column.
    sql = captured[0]["sql"]
    assert '"review"' in sql
    assert not re.search(r'"review"(\s+AS\b|\s+FROM\b|,\s*")', sql)


# -- On the pages: the coach's block calendar, the week view, the athlete's landing page ------


def calendar_day(coach_client, block, day) -> str:
    return day_html(page(coach_client, block), day)


def chip_classes(html: str, session) -> list[str]:
    return re.search(rf'<div class="([^"]*)" id="session-{session.pk}"', html)[1].split()


def test_the_block_calendar_shows_a_logged_session_s_compliance_and_worst_finding(
    coach_client, block
):
    run = session(block, 3)
    findings = [finding("started-too-fast"), finding("stopped", "serious", "Stopped 3:00.")]
    made = log(block.athlete, run, compliance="yellow", findings=findings)
    html = calendar_day(coach_client, block, run.date)
    assert "log-yellow" in chip_classes(html, run)
    badge = re.search(r'<a class="log-badge log-yellow" href="([^"]+)"[^>]*>Near plan<', html)
    assert badge and badge[1] == reverse("coach-log", args=[made.pk])
    assert re.search(r'data-code="stopped" title="Stopped 3:00.">stopped \+1<', html)
    assert "Log it" not in html


def test_the_block_calendar_shows_a_missed_session_red_with_log_it(coach_client, block):
    run = session(block, 2)
    html = calendar_day(coach_client, block, run.date)
    assert "log-red" in chip_classes(html, run)
    assert re.search(r'<span class="log-badge log-red" data-testid="log-badge">Missed<', html)
    log_it = reverse("coach-log-create", args=[block.athlete_id]) + f"?session={run.pk}"
    assert f'href="{log_it}"' in html


def test_the_block_calendar_shows_the_reason_not_red_for_a_session_not_run(coach_client, block):
    run = session(block, 2, skipped_reason="injured")
    html = calendar_day(coach_client, block, run.date)
    assert "Not run: injured" in html
    assert "log-red" not in html and "Missed" not in html and "text-bg-danger" not in html


def test_the_block_calendar_says_nothing_of_today_s_or_later_sessions(coach_client, block):
    today, later = session(block, 0), session(block, -2)
    html = page(coach_client, block)
    for run in (today, later):
        assert 'data-testid="log-state"' not in day_html(html, run.date)


def test_the_block_calendar_shows_a_file_being_read_and_one_not_read(coach_client, block):
    queued, failed = session(block, 2), session(block, 3)
    log(block.athlete, queued, status=LogStatus.QUEUED)
    not_read = log(block.athlete, failed, status=LogStatus.FAILED)
    html = page(coach_client, block)
    assert ">Being read<" in day_html(html, queued.date)
    failed_html = day_html(html, failed.date)
    assert ">File not read<" in failed_html
    assert reverse("coach-log", args=[not_read.pk]) in failed_html


def test_the_block_calendar_shows_an_unplanned_run_on_its_day(coach_client, block):
    day = TODAY - timedelta(days=4)
    run = log(block.athlete, day=day)
    html = calendar_day(coach_client, block, day)
    assert 'data-testid="unplanned-run"' in html and "Unplanned run" in html
    assert reverse("coach-log", args=[run.pk]) in html
    assert "9.5 km · 50 min" in html
    assert "is-empty" not in day_classes(page(coach_client, block), day)


def test_the_block_calendar_queries_do_not_grow_with_logs(coach_client, block):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page(coach_client, block)
        return len(captured)

    run = session(block, 20)
    log(block.athlete, run, compliance="green")
    few = queries()
    for n in range(21, 40):
        run = session(block, n)
        if n % 3:
            log(block.athlete, run, compliance="orange", findings=[finding("long")])
        log(block.athlete, day=run.date - timedelta(days=1) if n % 2 else run.date)
    assert queries() == few


def test_the_week_view_shows_states_and_unplanned_runs(coach_client, block):
    first = week_start(TODAY - timedelta(days=7), block.athlete.coach.first_weekday)
    days_ago = [(TODAY - first).days - n for n in (1, 2, 3)]  # a week gone by
    done, missed = session(block, days_ago[0]), session(block, days_ago[2])
    log(block.athlete, done, compliance="green", findings=[finding("surge")])
    unplanned = log(block.athlete, day=first + timedelta(days=2))
    response = week_of(coach_client, first)
    cell = day_cell(response, done.date)
    assert "On plan" in cell and "log-green" in cell and "surge" in cell
    assert "Missed" in day_cell(response, missed.date)
    cell = day_cell(response, unplanned.date)
    assert reverse("coach-log", args=[unplanned.pk]) in cell and "Unplanned run" in cell


def me(client) -> str:
    response = client.get(reverse("me"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete.user)
    return client


def test_the_athlete_sees_the_days_gone_by_done_missed_and_not_run(athlete_client, athlete):
    add_5k(athlete)
    # Today is the 4th day of a block week: three days of it are gone by.
    block = make_block(athlete, race_date=TODAY + timedelta(weeks=10, days=-4))
    landing = athlete_landing(athlete, today=TODAY)
    assert landing.gone_by_title == "Earlier this week"
    done, skipped, missed = (
        add_session(block, TODAY - timedelta(days=n), "easy") for n in (3, 2, 1)
    )
    made = log(athlete, done, compliance="green")
    skipped.skipped_reason = "travel"
    skipped.save()
    unplanned = log(athlete, day=missed.date)
    html = me(athlete_client)
    gone = html[html.index("Earlier this week") :]
    gone = gone[: gone.index("</section>")]
    assert f'href="{reverse("athlete-log", args=[made.pk])}"' in gone and ">On plan<" in gone
    assert f'href="{reverse("athlete-log", args=[unplanned.pk])}"' in gone
    assert "Not run: travel" in gone
    assert ">Missed<" in gone
    assert f'href="{reverse("athlete-session-log", args=[missed.pk])}"' in gone
    assert gone.index(f"{done.date:%a} {done.date.day}") < gone.index(
        f"{missed.date:%a} {missed.date.day}"
    )


def test_last_week_shows_on_a_week_s_first_day(athlete):
    block = make_block(athlete, race_date=TODAY + timedelta(weeks=9, days=3))
    first_day = block.start + timedelta(weeks=3)
    add_session(block, first_day - timedelta(days=2), SessionKind.EASY)
    landing = athlete_landing(athlete, today=first_day)
    assert landing.gone_by_title == "Last week"
    assert landing.gone_by.start == first_day - timedelta(days=7)
    assert [day.date for day in landing.gone_by.days] == [first_day - timedelta(days=2)]
    assert landing.gone_by.days[0].sessions[0].state.kind == "missed"
    later = athlete_landing(athlete, today=first_day + timedelta(days=2))
    assert later.gone_by_title == "Earlier this week" and later.gone_by.start == first_day


def test_today_s_card_offers_to_log_the_run_then_shows_it(athlete_client, athlete):
    block = make_block(athlete, race_date=TODAY + timedelta(weeks=9, days=3))
    today = add_session(block, TODAY, SessionKind.EASY)
    html = me(athlete_client)
    card = html[html.index('data-testid="today-session"') :]
    assert f'href="{reverse("athlete-session-log", args=[today.pk])}"' in card[:3000]
    assert "Missed" not in card[:3000]
    made = log(athlete, today, compliance="orange")
    card = me(athlete_client)
    card = card[card.index('data-testid="today-session"') :][:3000]
    assert ">Off plan<" in card and reverse("athlete-log", args=[made.pk]) in card
    assert 'data-testid="log-it"' not in card


def test_another_athlete_s_runs_never_show(athlete_client, athlete, other_athlete):
    make_block(athlete, race_date=TODAY + timedelta(weeks=9, days=3))
    theirs = log(other_athlete, day=TODAY)
    assert reverse("athlete-log", args=[theirs.pk]) not in me(athlete_client)


def test_a_reviewed_progression_run_shows_its_stages_verdicts(coach_client, block):
    run = session(block, 3)
    made = log(block.athlete, run, compliance="green")
    stages = [{"index": i, "verdict": v} for i, v in enumerate(["on-target", "too-fast", None])]
    RunLog.objects.filter(pk=made.pk).update(review={"findings": [], "stages": stages})
    state = states(block, [run]).state(run)
    assert state.run.verdicts == ("on-target", "too-fast", None)
    assert state.run.stage_marks == (
        (1, "on-target", "✓", "on target"),
        (2, "too-fast", "fast", "too fast"),
        (3, "none", "–", "not judged"),
    )
    html = calendar_day(coach_client, block, run.date)
    assert 'title="Stage 2: too fast"' in html and "Stage 3 not judged" in html


def test_a_run_without_judged_stages_shows_no_marks(block):
    run = session(block, 3)
    made = log(block.athlete, run, compliance="green")
    RunLog.objects.filter(pk=made.pk).update(review={"stages": [{"verdict": None}] * 3})
    assert states(block, [run]).state(run).run.stage_marks == ()


def test_a_one_stage_run_shows_no_marks(block):
    run = session(block, 3)
    made = log(block.athlete, run, compliance="green")
    RunLog.objects.filter(pk=made.pk).update(review={"stages": [{"verdict": "too-slow"}]})
    assert states(block, [run]).state(run).run.stage_marks == ()


def test_a_session_not_run_but_logged_shows_its_run_not_its_reason(coach_client, block):
    run = session(block, 5, skipped_reason="travel")
    log(block.athlete, run, compliance="green")
    html = calendar_day(coach_client, block, run.date)
    assert "is-skipped" not in chip_classes(html, run) and "log-green" in chip_classes(html, run)
    assert "Not run" not in html and ">On plan<" in html
