"""Comparisons of progression runs in a real browser (docs/running.md §3.15): the coach opens a
reviewed progression run and reads the same template's earlier runs stage by stage, newest
first; the athlete's page shows the block's progression runs as an SVG chart, a mark per stage
run and a dashed bar for a run still to come; the athlete reads the same table on a phone
without sideways scroll. The runs are real FIT files read by the pipeline, as uploaded.
Screenshots go to test-artifacts/ for people to look at (helpers.shot)."""

import re
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import SCREENSHOTS, log_in, shot
from tests.browser.test_logging import no_sideways_scroll
from tests.conftest import SHARED_DATABASE, add_5k
from tests.workouts.test_block_calendar import add_session, make_block
from tests.workouts.test_log_views import STAGES
from tests.workouts.test_review import recording
from workouts import log_pipeline, run_logs, targets
from workouts.fit_activity import activity_fit
from workouts.models import LogStatus, PlannedSession, SessionKind

pytestmark = pytest.mark.browser

# Three runs of one template, oldest first: the easy start about the same, the steady stage
# 6 s/km faster each time (5:04, 4:58, 4:52 /km), the marathon-pace finish held.
RUNS = [(15, 322, 304), (8, 322, 298), (1, 322, 292)]
MARATHON = 271


def progression_fit(day, easy: int, steady: int) -> bytes:
    """A FIT file of a 50-minute progression run on `day` at 07:00 UTC: 20 min at `easy`,
    20 min at `steady`, 10 min at marathon pace (s/km)."""
    rec = recording([(1200, easy, 135, 0.0), (1200, steady, 148, 0.0), (600, MARATHON, 158, 0.0)])
    return activity_fit(replace(rec, start=datetime.combine(day, time(7), tzinfo=UTC)))


@pytest.fixture
def runs(transactional_db, athlete, builtin_templates):
    """The athlete's three reviewed runs of one template (oldest first), in the current block,
    and a progression run of it still to come."""
    add_5k(athlete, days_ago=30)
    today = targets.athlete_today(athlete)
    block = make_block(athlete, race_date=today + timedelta(weeks=8))
    template = builtin_templates.get(preset_key="base_progression")
    logs = []
    with SHARED_DATABASE:
        for days_ago, easy, steady in RUNS:
            day = today - timedelta(days=days_ago)
            session = add_session(block, day, SessionKind.PROGRESSION, STAGES)
            PlannedSession.objects.filter(pk=session.pk).update(template=template)
            upload = run_logs.run_log_files_upload(
                athlete=athlete,
                by=athlete.user,
                files=[(f"run-{day}.fit", progression_fit(day, easy, steady))],
                session=session,
                relay=False,
            )
            log = upload.logs[0]
            assert log_pipeline.run_log_process(log_id=log.pk) == LogStatus.DONE
            log.refresh_from_db()
            assert log.date == day
            logs.append(log)
        ahead = add_session(block, today + timedelta(days=6), SessionKind.PROGRESSION, STAGES)
        PlannedSession.objects.filter(pk=ahead.pk).update(template=template)
    return logs


def steady_paces(rows) -> list[str]:
    """The steady stage's pace (its first line) of each row of the earlier-runs table."""
    return [
        row.get_by_test_id("earlier-stage").nth(1).locator("span").first.inner_text()
        for row in rows.all()
    ]


def test_the_coach_reads_the_earlier_runs_of_the_template_stage_by_stage(
    live_server, page: Page, coach, runs
):
    first, second, latest = runs
    log_in(page, live_server, coach.email)
    page.goto(f"{live_server.url}/logs/{latest.pk}/")
    earlier = page.get_by_test_id("log-earlier")
    expect(earlier).to_contain_text("Earlier runs of this template")
    expect(earlier).to_contain_text("Base progression, stage by stage, newest first")
    rows = earlier.get_by_test_id("earlier-run")
    expect(rows).to_have_count(3)
    # This run first, marked as such, then the earlier ones newest first, each with its 3 stages.
    expect(rows.first).to_have_attribute("aria-current", "true")
    expect(rows.first.locator("th")).to_contain_text(
        f"This run, {latest.date:%a} {latest.date.day}"
    )
    for i, log in enumerate((second, first), start=1):
        expect(rows.nth(i)).not_to_have_attribute("aria-current", "true")
        expect(rows.nth(i).locator("th a")).to_have_text(
            f"{log.date:%a} {log.date.day} {log.date:%b %Y}"
        )
    for row in rows.all():
        expect(row.get_by_test_id("earlier-stage")).to_have_count(3)
        expect(row.get_by_test_id("earlier-stage").first).to_contain_text("band ")
    expect(earlier.locator("thead th")).to_have_count(4)
    assert steady_paces(rows) == ["4:52 /km", "4:58 /km", "5:04 /km"]
    # From three runs on, a trend in words per stage.
    trends = earlier.get_by_test_id("earlier-trends")
    # Flat ground: the grade-adjusted pace is the one judged, and the words say so.
    expect(trends.locator("li")).to_have_text(
        [
            "Stage 1 (easy): about the same pace each run (grade-adjusted) over 3 runs.",
            "Stage 2 (steady): 6 s/km faster each run on average (grade-adjusted) over 3 runs.",
            "Stage 3 (marathon): about the same pace each run (grade-adjusted) over 3 runs.",
        ]
    )
    expect(earlier.get_by_test_id("earlier-more")).to_have_count(0)
    shot(page, "comparisons-desktop-earlier-runs")

    # An earlier run's own page compares it with the runs before it only.
    rows.nth(1).locator("th a").click()
    expect(page).to_have_url(re.compile(rf"/logs/{second.pk}/$"))
    rows = page.get_by_test_id("log-earlier").get_by_test_id("earlier-run")
    expect(rows).to_have_count(2)
    assert steady_paces(rows) == ["4:58 /km", "5:04 /km"]
    expect(page.get_by_test_id("earlier-trends")).to_have_count(0)  # two runs: no trend yet
    # The first run of the template has nothing to compare with.
    page.goto(f"{live_server.url}/logs/{first.pk}/")
    expect(page.get_by_test_id("log-content")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("log-earlier")).to_have_count(0)


def test_the_athlete_page_charts_the_blocks_progression_runs(
    live_server, page: Page, coach, athlete, runs
):
    log_in(page, live_server, coach.email)
    page.goto(f"{live_server.url}/athletes/{athlete.pk}/")
    section = page.get_by_test_id("block-progressions")
    expect(section).to_contain_text("Progression runs across the block")
    chart = section.locator("svg.progression-chart-wide")
    expect(chart).to_be_visible()
    expect(section.locator("svg.progression-chart-narrow")).to_be_hidden()
    expect(chart.locator("title").first).to_have_text("Progression runs across the block")
    expect(chart.locator("desc")).to_contain_text("3 progression runs run and 1 not run")
    # The three runs in date order, a mark per stage run inside its target band's bar; the run
    # still to come a dashed bar per stage and no mark.
    done = chart.locator('g.chart-run[data-state="run"]')
    expect(done).to_have_count(3)
    for k in range(3):
        expect(done.nth(k).locator(".chart-dot")).to_have_count(3)
        expect(done.nth(k).locator("rect.chart-band")).to_have_count(3)
    planned = chart.locator('g.chart-run[data-state="planned"]')
    expect(planned).to_have_count(1)
    expect(planned.locator(".chart-dot")).to_have_count(0)
    expect(planned.locator("rect.chart-band")).to_have_count(3)
    expect(planned.locator("rect.chart-band").first).to_have_attribute("stroke-dasharray", "2 2")
    # Each mark says its figures (its tooltip): the steady stage faster run after run, higher.
    steady = [done.nth(k).locator("g.chart-stage").nth(1) for k in range(3)]
    for mark, pace in zip(steady, ("5:04", "4:58", "4:52"), strict=True):
        expect(mark.locator("title")).to_contain_text(f"Stage 2 (steady): {pace}")
    heights = [float(m.locator(".chart-dot").get_attribute("cy")) for m in steady]
    assert heights[0] > heights[1] > heights[2], "a faster pace is drawn higher up"
    xs = [float(done.nth(k).locator(".chart-dot").first.get_attribute("cx")) for k in range(3)]
    assert xs == sorted(xs), "the runs go left to right in date order"
    # The same in words, in a folded table.
    table = section.get_by_test_id("block-progressions-table")
    table.locator("summary").click()
    rows = table.get_by_test_id("block-run")
    expect(rows).to_have_count(4)
    expect(table.locator('[data-testid="block-run"][data-state="planned"]')).to_contain_text(
        "planned"
    )
    expect(rows.first.locator("th a")).to_have_attribute("href", f"/logs/{runs[0].pk}/")
    shot(page, "comparisons-desktop-athlete-page")
    section.screenshot(path=SCREENSHOTS / "comparisons-desktop-block-chart.png")


def test_the_athlete_reads_the_earlier_runs_on_a_phone(live_server, phone: Page, athlete, runs):
    latest = runs[-1]
    log_in(phone, live_server, athlete.email)
    phone.goto(f"{live_server.url}/me/logs/{latest.pk}/")
    earlier = phone.get_by_test_id("log-earlier")
    expect(earlier.get_by_test_id("earlier-run")).to_have_count(3)
    expect(earlier.get_by_test_id("earlier-trends")).to_contain_text("6 s/km faster each run")
    # The athlete's links lead to their own pages of the runs.
    link = earlier.get_by_test_id("earlier-run").nth(1).locator("th a")
    expect(link).to_have_attribute("href", f"/me/logs/{runs[1].pk}/")
    earlier.scroll_into_view_if_needed()
    no_sideways_scroll(phone)
    shot(phone, "comparisons-phone-earlier-runs")
    earlier.screenshot(path=SCREENSHOTS / "comparisons-phone-earlier-table.png")


def test_the_block_chart_fits_a_phone(live_server, phone: Page, coach, athlete, runs):
    log_in(phone, live_server, coach.email)
    phone.goto(f"{live_server.url}/athletes/{athlete.pk}/")
    section = phone.get_by_test_id("block-progressions")
    chart = section.locator("svg.progression-chart-narrow")
    expect(chart).to_be_visible()
    expect(section.locator("svg.progression-chart-wide")).to_be_hidden()
    expect(chart.locator('g.chart-run[data-state="run"] .chart-dot')).to_have_count(9)
    expect(chart.locator('g.chart-run[data-state="planned"]')).to_have_count(1)
    section.get_by_test_id("block-progressions-table").locator("summary").click()
    no_sideways_scroll(phone)
    section.screenshot(path=SCREENSHOTS / "comparisons-phone-block-chart.png")
