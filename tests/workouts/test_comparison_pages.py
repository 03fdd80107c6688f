"""The comparisons of progression runs on the pages (docs/running.md §3.15): a reviewed run's
page lists the same template's earlier runs by the athlete, newest first, stage by stage
(pace, GAP, heart rate, each against its band, in the athlete's units), with trends from 3
runs on; the coach's page of an athlete draws the block's progression runs as an SVG chart
with a table. Both in a fixed number of queries, whatever the runs."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import add_5k
from tests.workouts.test_block_calendar import add_session, make_block
from tests.workouts.test_log_views import STAGES, done_log
from tests.workouts.test_review_chart import stored_review
from workouts import targets
from workouts.models import ProgressionTemplate, RunLog, SessionKind

pytestmark = pytest.mark.django_db

BANDS = {"easy": [340.0, 370.0], "steady": [315.0, 330.0], "marathon": [290.0, 300.0]}


def stages(k: int, *, easy=None, count=3, verdict="on-target") -> list[dict]:
    """The stored stages of the k-th run of the template (0 the oldest): the easy start 2 s/km
    faster each run (360, 358, ...), steady at 5:25, the marathon stage run uphill (pace 5:00,
    GAP 4:55); heart rate the same each run."""
    base = stored_review()["stages"]
    paces = [easy if easy is not None else 360.0 - 2 * k, 325.0, 300.0]
    for i, stage in enumerate(base):
        stage |= {
            "pace_s_per_km": paces[i],
            "gap_s_per_km": 295.0 if stage["zone"] == "marathon" else None,
            "avg_hr": 130 + 15 * i,
            "band": BANDS[stage["zone"]],
            "verdict": verdict if i == 0 else "on-target",
        }
    return base[:count]


def template_of(coach, name="Thirds of an hour") -> ProgressionTemplate:
    return ProgressionTemplate.objects.create(owner=coach, name=name, phase="base")


def progression(block, template, day, stored=None):
    """A progression session of the template on `day`, and its reviewed log when `stored`."""
    session = add_session(block, day, SessionKind.PROGRESSION, STAGES)
    session.template = template
    session.save(update_fields=["template"])
    if stored is None:
        return session, None
    return session, done_log(block.athlete, session, review=stored_review(stages=stored))


def season(athlete, template, n_earlier: int):
    """A block holding today; `n_earlier` reviewed runs of the template a week apart, then
    this run, yesterday. Returns the block and this run's log."""
    today = targets.athlete_today(athlete)
    block = make_block(athlete, race_date=today + timedelta(weeks=1))
    yesterday = today - timedelta(days=1)
    for k in range(n_earlier):
        day = yesterday - timedelta(weeks=n_earlier - k)
        progression(block, template, day, stages(k))
    _, log = progression(block, template, yesterday, stages(n_earlier))
    return block, log


def page(client, name, pk) -> str:
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str) -> list[str]:
    return re.findall(r'<tr data-testid="earlier-run"(.*?)</tr>', html, re.S)


def row_day(row: str) -> str:
    return re.search(r"(\w{3} \d{1,2} \w{3} \d{4})", row).group(1)


def queries(client, name, pk) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(client, name, pk)
    return len(captured)


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete.user)
    return client


# -- The run's page: earlier runs of the same template ------------------------------------------


def test_the_review_page_lists_the_earlier_runs_newest_first_stage_by_stage(
    coach_client, coach, athlete
):
    _, log = season(athlete, template_of(coach), 3)
    html = page(coach_client, "coach-log", log.pk)
    assert 'data-testid="log-earlier"' in html
    assert "Thirds of an hour, stage by stage, newest first" in html
    found = rows(html)
    assert len(found) == 4
    assert 'aria-current="true"' in found[0] and "This run," in found[0]
    assert all('aria-current="true"' not in row for row in found[1:])
    days = [log.date - timedelta(weeks=w) for w in range(4)]
    assert [row_day(row) for row in found] == [f"{d:%a} {d.day} {d:%b %Y}" for d in days]
    # Stage by stage: three cells a run; the easy start 2 s/km faster each run.
    cells = [re.findall(r'data-testid="earlier-stage">(.*?)</td>', row, re.S) for row in found]
    assert [len(c) for c in cells] == [3, 3, 3, 3]
    assert [re.search(r"\d:\d\d /km", c[0]).group() for c in cells] == [
        "5:54 /km",
        "5:56 /km",
        "5:58 /km",
        "6:00 /km",
    ]
    marathon = cells[0][2]
    assert "5:00 /km" in marathon and "GAP 4:55 /km" in marathon and "160 bpm" in marathon
    assert "GAP" not in cells[0][0] and "130 bpm" in cells[0][0]
    assert "band 5:40–6:10 /km" in cells[0][0]


def test_the_earlier_runs_link_to_their_own_pages(coach_client, coach, athlete):
    _, log = season(athlete, template_of(coach), 2)
    earlier = RunLog.objects.filter(athlete=athlete).exclude(pk=log.pk).order_by("-date")
    html = page(coach_client, "coach-log", log.pk)
    links = re.findall(r'<a href="(/logs/\d+/)">', "".join(rows(html)))
    assert links == [reverse("coach-log", args=[e.pk]) for e in earlier]


def test_a_trend_per_stage_from_three_runs_on(coach_client, coach, athlete):
    _, log = season(athlete, template_of(coach), 3)
    html = page(coach_client, "coach-log", log.pk)
    trends = re.search(r'data-testid="earlier-trends">(.*?)</ul>', html, re.S).group(1)
    assert "Stage 1 (easy): 2 s/km faster each run on average over 4 runs." in trends
    assert "Stage 2 (steady): about the same pace each run over 4 runs." in trends
    assert (
        "Stage 3 (marathon): about the same pace each run (grade-adjusted) over 4 runs." in trends
    )


def test_no_trend_with_only_two_runs(coach_client, coach, athlete):
    _, log = season(athlete, template_of(coach), 1)
    html = page(coach_client, "coach-log", log.pk)
    assert len(rows(html)) == 2
    assert 'data-testid="earlier-trends"' not in html


def test_each_pace_is_said_against_its_band(coach_client, coach, athlete):
    today = targets.athlete_today(athlete)
    block, template = make_block(athlete, race_date=today + timedelta(weeks=1)), template_of(coach)
    progression(block, template, today - timedelta(days=8), stages(0))
    # 5:34 /km: 6 s/km fast of the easy band's fast end (5:40).
    _, log = progression(block, template, today - timedelta(days=1), stages(1, easy=334.0))
    html = page(coach_client, "coach-log", log.pk)
    badges = re.findall(r'data-testid="off-band">(.*?)</span>', rows(html)[0])
    assert badges == ["6 s/km fast of band", "in band", "in band"]


def test_a_miles_athlete_reads_paces_and_bands_per_mile(coach_client, coach, athlete):
    athlete.units = "mi"
    athlete.save(update_fields=["units"])
    today = targets.athlete_today(athlete)
    block, template = make_block(athlete, race_date=today + timedelta(weeks=1)), template_of(coach)
    progression(block, template, today - timedelta(days=8), stages(0))
    _, log = progression(block, template, today - timedelta(days=1), stages(1, easy=334.0))
    current = rows(page(coach_client, "coach-log", log.pk))[0]
    assert "8:58 /mi" in current  # 5:34 /km
    assert "/km" not in current
    # 6 s/km is 9.7 s/mi.
    assert re.findall(r'data-testid="off-band">(.*?)</span>', current)[0] == "10 s/mi fast of band"


def test_only_the_last_eight_earlier_runs_are_listed_and_the_rest_counted(
    coach_client, coach, athlete
):
    _, log = season(athlete, template_of(coach), 12)
    html = page(coach_client, "coach-log", log.pk)
    assert len(rows(html)) == 9  # this run and 8 earlier
    more = re.search(r'data-testid="earlier-more">(.*?)</p>', html).group(1)
    assert more == "And 4 earlier runs of this template."


def test_an_earlier_run_with_other_stages_is_listed_without_figures(coach_client, coach, athlete):
    today = targets.athlete_today(athlete)
    block, template = make_block(athlete, race_date=today + timedelta(weeks=1)), template_of(coach)
    progression(block, template, today - timedelta(days=15), stages(0))
    progression(block, template, today - timedelta(days=8), stages(1, count=2))
    _, log = progression(block, template, today - timedelta(days=1), stages(2))
    found = rows(page(coach_client, "coach-log", log.pk))
    assert len(found) == 3
    assert 'data-testid="stages-differ"' in found[1] and "earlier-stage" not in found[1]
    assert 'data-testid="stages-differ"' not in found[2]
    assert found[2].count('data-testid="earlier-stage"') == 3


def test_other_templates_later_runs_and_other_athletes_are_not_compared(
    coach_client, coach, athlete, other_athlete
):
    today = targets.athlete_today(athlete)
    block, template = make_block(athlete, race_date=today + timedelta(weeks=1)), template_of(coach)
    other = template_of(coach, "Fast finish")
    progression(block, template, today - timedelta(days=15), stages(0))
    progression(block, other, today - timedelta(days=8), stages(1))  # another template
    _, log = progression(block, template, today - timedelta(days=2), stages(2))
    progression(block, template, today - timedelta(days=1), stages(3))  # a later run
    theirs = make_block(other_athlete, race_date=today + timedelta(weeks=1))
    progression(theirs, template, today - timedelta(days=9), stages(1))  # another athlete
    found = rows(page(coach_client, "coach-log", log.pk))
    assert [row_day(row) for row in found] == [
        f"{d:%a} {d.day} {d:%b %Y}" for d in (log.date, today - timedelta(days=15))
    ]


def test_the_first_run_of_a_template_shows_no_comparison(coach_client, coach, athlete):
    _, log = season(athlete, template_of(coach), 0)
    response = coach_client.get(reverse("coach-log", args=[log.pk]))
    assert response.context["comparison"] is None
    assert 'data-testid="log-earlier"' not in response.content.decode()


def test_a_run_of_no_template_shows_no_comparison(coach_client, athlete):
    today = targets.athlete_today(athlete)
    block = make_block(athlete, race_date=today + timedelta(weeks=1))
    for days in (8, 1):
        session = add_session(block, today - timedelta(days=days), SessionKind.PROGRESSION)
        log = done_log(athlete, session, review=stored_review(stages=stages(0)))
    response = coach_client.get(reverse("coach-log", args=[log.pk]))
    assert response.context["comparison"] is None
    assert 'data-testid="log-earlier"' not in response.content.decode()


def test_the_athletes_own_run_page_shows_the_comparison_with_links_to_their_runs(
    athlete_client, coach, athlete
):
    _, log = season(athlete, template_of(coach), 2)
    html = page(athlete_client, "athlete-log", log.pk)
    found = rows(html)
    assert len(found) == 3
    links = re.findall(r'<a href="([^"]+)">', "".join(found))
    earlier = RunLog.objects.filter(athlete=athlete).exclude(pk=log.pk).order_by("-date")
    assert links == [reverse("athlete-log", args=[e.pk]) for e in earlier]


def review_page_queries(client, name, log) -> int:
    client.force_login(log.athlete.coach if name == "coach-log" else log.athlete.user)
    return queries(client, name, log.pk)


SIDES = ["coach-log", "athlete-log"]


@pytest.mark.parametrize("name", SIDES)
@pytest.mark.parametrize(("few", "many"), [(2, 7), (9, 12)])
def test_the_review_page_makes_as_many_queries_on_either_side_of_the_eight_listed(
    client, coach, athlete, other_athlete, name, few, many
):
    _, small = season(athlete, template_of(coach), few)
    _, large = season(other_athlete, template_of(other_athlete.coach), many)
    assert review_page_queries(client, name, small) == review_page_queries(client, name, large)


@pytest.mark.parametrize("name", SIDES)
def test_the_review_page_makes_as_many_queries_with_2_as_with_12_earlier_runs(
    client, coach, athlete, other_athlete, name
):
    _, few = season(athlete, template_of(coach), 2)
    _, many = season(other_athlete, template_of(other_athlete.coach), 12)
    assert review_page_queries(client, name, few) == review_page_queries(client, name, many)


# -- The coach's page of an athlete: the block's progression runs -------------------------------


def block_runs(html: str) -> list[tuple[str, str]]:
    """The table's runs: (state, day) in the order listed."""
    return re.findall(
        r'<tr data-testid="block-run" data-state="(\w+)">\s*<th scope="row">(?:<a [^>]*>)?'
        r"(\w{3} \d{1,2} \w{3} \d{4})",
        html,
    )


def test_the_athlete_page_draws_the_blocks_progression_runs_in_date_order(
    coach_client, coach, athlete
):
    add_5k(athlete, days_ago=30)
    block, _ = season(athlete, template_of(coach), 3)
    today = targets.athlete_today(athlete)
    progression(block, template_of(coach, "Later"), today + timedelta(days=3))  # ahead
    html = page(coach_client, "athlete-detail", athlete.pk)
    assert 'data-testid="block-progressions"' in html
    svgs = re.findall(r"<svg [^>]*progression-chart-(wide|narrow).*?</svg>", html, re.S)
    assert svgs == ["wide", "narrow"]
    wide = re.search(r"<svg [^>]*progression-chart-wide.*?</svg>", html, re.S).group()
    assert re.findall(r'class="chart-run" data-state="(\w+)"', wide) == ["run"] * 4 + ["planned"]
    assert wide.count('class="chart-stage"') == 5 * 3
    assert wide.count('class="chart-dot"') == 4 * 3  # no mark for the run still to come
    assert "Pace /km (faster up)" in wide
    assert "4 progression runs run and 1 not run (planned or not logged)" in wide
    listed = block_runs(html)
    assert [state for state, _ in listed] == ["run"] * 4 + ["planned"]
    days = sorted(
        block.sessions.filter(kind=SessionKind.PROGRESSION).values_list("date", flat=True)
    )
    assert [day for _, day in listed] == [f"{d:%a} {d.day} {d:%b %Y}" for d in days]


def test_the_chart_marks_a_missed_run_and_says_what_repeats(coach_client, coach, athlete):
    add_5k(athlete, days_ago=30)
    today = targets.athlete_today(athlete)
    block, template = make_block(athlete, race_date=today + timedelta(weeks=1)), template_of(coach)
    progression(block, template, today - timedelta(days=22), stages(0, verdict="too-fast"))
    progression(block, template, today - timedelta(days=15))  # its day passed, nothing logged
    progression(block, template, today - timedelta(days=8), stages(1, verdict="too-fast"))
    progression(block, template, today - timedelta(days=1), stages(2))
    html = page(coach_client, "athlete-detail", athlete.pk)
    assert [state for state, _ in block_runs(html)] == ["run", "missed", "run", "run"]
    assert "not logged" in html
    patterns = re.search(r'data-testid="block-patterns">(.*?)</ul>', html, re.S).group(1)
    assert "The first stage was too fast in 2 of 3 runs." in patterns


def test_no_section_without_a_block_or_a_progression_run(coach_client, athlete):
    html = page(coach_client, "athlete-detail", athlete.pk)
    assert 'data-testid="block-progressions"' not in html
    today = targets.athlete_today(athlete)
    block = make_block(athlete, race_date=today + timedelta(weeks=1))
    add_session(block, today, SessionKind.EASY)
    response = coach_client.get(reverse("athlete-detail", args=[athlete.pk]))
    assert response.context["progressions"] is None
    assert 'data-testid="block-progressions"' not in response.content.decode()


def test_progression_runs_without_targets_or_paces_say_there_is_nothing_to_draw(
    coach_client, coach, athlete
):
    today = targets.athlete_today(athlete)  # no race result: no targets
    block = make_block(athlete, race_date=today + timedelta(weeks=1))
    progression(block, template_of(coach), today + timedelta(days=2))
    html = page(coach_client, "athlete-detail", athlete.pk)
    assert 'data-testid="block-progressions-empty"' in html
    assert "progression-chart" not in html
    assert [state for state, _ in block_runs(html)] == ["planned"]


def test_the_athlete_page_makes_as_many_queries_with_2_as_with_12_progression_runs(
    coach_client, coach, athlete, other_athlete
):
    add_5k(athlete, days_ago=30)
    season(athlete, template_of(coach), 2)
    few = queries(coach_client, "athlete-detail", athlete.pk)
    # The same athlete's block again with ten more progression runs.
    block = athlete.blocks.get()
    template = template_of(coach, "More")
    first = min(block.sessions.values_list("date", flat=True))
    for k in range(10):
        progression(block, template, first - timedelta(days=k + 1), stages(k))
    assert block.sessions.filter(kind=SessionKind.PROGRESSION).count() == 13
    assert queries(coach_client, "athlete-detail", athlete.pk) == few
