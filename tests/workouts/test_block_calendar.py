"""The coach's block page: every week of the block with its days, sessions and findings, the
proposal of its progression runs, and the re-plan from a date."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.paces import MARATHON_M
from tests.conftest import add_5k
from workouts import services
from workouts.models import PlannedSession, SessionKind, SessionStage
from workouts.progression import Stage


def next_saturday(weeks_ahead: int = 20):
    day = timezone.localdate() + timedelta(weeks=weeks_ahead)
    return day + timedelta(days=(5 - day.weekday()) % 7)


def make_block(athlete, **fields):
    values = {
        "athlete": athlete,
        "race_name": "Valencia Marathon",
        "race_date": next_saturday(),
        "race_distance_m": MARATHON_M,
        "n_weeks": 18,
    } | fields
    return services.block_create(**values)


def add_session(block, day, kind, stages=()):
    session = PlannedSession.objects.create(block=block, date=day, kind=kind, original_date=day)
    SessionStage.objects.bulk_create(
        SessionStage.from_value(stage, position=i, session=session)
        for i, stage in enumerate(stages)
    )
    return session


def page(client, block) -> str:
    """The block page with every week in full (as printed): the tests of what a week shows."""
    response = client.get(reverse("block-detail", args=[block.pk]), {"weeks": "all"})
    assert response.status_code == 200
    return response.content.decode()


def week_html(html: str, index: int) -> str:
    """The markup of one week's row."""
    start = html.index(f'id="week-{index}"')
    end = html.find('<section class="cal-week', start)
    return html[start : end if end > 0 else len(html)]


def day_html(html: str, day) -> str:
    start = html.index(f'id="day-{day:%Y-%m-%d}"')
    return html[start : html.index("</li>\n", html.index('class="cal-add"', start))]


def day_classes(html: str, day) -> list[str]:
    """The classes of a day's cell: is-today, is-race-day, is-empty."""
    return re.search(rf'<li class="([^"]*)" id="day-{day:%Y-%m-%d}"', html)[1].split()


PROGRESSION = [
    Stage(duration_s=1800, zone="easy"),
    Stage(duration_s=900, zone="steady"),
    Stage(duration_s=900, zone="marathon"),
]


@pytest.fixture
def block(athlete):
    return make_block(athlete)


def test_lists_every_week_with_its_label_phase_and_dates(coach_client, block):
    html = page(coach_client, block)
    phases = re.findall(r'<section class="cal-week phase-(\w+)', html)
    assert phases == ["base"] * 6 + ["transition"] * 5 + ["long_run"] * 5 + ["taper"] * 2
    for index in (1, 9, 18):
        assert f"Week {index} of 18" in week_html(html, index)
    assert "Long-run phase" in week_html(html, 12)
    week = week_html(html, 1)
    assert len(re.findall(r'<li class="cal-day', week)) == 7
    # The block's weeks end on race day, a Saturday: each starts on a Sunday.
    assert re.search(r'cal-weekday">Sun<', week)
    assert f'id="day-{block.start:%Y-%m-%d}"' in week


def test_marks_race_day_and_the_race_on_it(coach_client, block):
    html = page(coach_client, block)
    race_day = day_html(html, block.race_date)
    assert "is-race-day" in day_classes(html, block.race_date)
    assert "is-race-day" not in day_classes(html, block.race_date - timedelta(days=1))
    assert "Race day" in race_day
    assert "Valencia Marathon" in race_day
    assert "42.2 km" in race_day


def test_marks_today_and_says_which_week_it_is(coach_client, athlete):
    block = make_block(athlete, race_date=next_saturday(weeks_ahead=10))
    html = page(coach_client, block)
    today = timezone.localdate()
    week = block.as_value().week_of(today)
    assert f'id="day-{today:%Y-%m-%d}"' in html
    assert "is-today" in day_classes(html, today)
    assert "Today" in day_html(html, today)
    assert "is-today" not in day_classes(html, today + timedelta(days=1))
    phase = {"base": "base", "transition": "transition", "long_run": "long-run phase"}
    expected = f"week {week.index} of 18 · {phase[block.as_value().phase_of(week.index)]}"
    assert expected in html


def test_week_totals_add_up_the_planned_stages(coach_client, block):
    monday = block.start + timedelta(days=1)
    add_session(block, monday, SessionKind.PROGRESSION, PROGRESSION)
    # By distance and without the athlete's paces: its distance counts, its time is unknown.
    add_session(
        block, monday + timedelta(days=2), SessionKind.EASY, [Stage(distance_m=10_000, zone="easy")]
    )
    week = week_html(page(coach_client, block), 1)
    assert re.search(r'data-testid="week-time">1 h</dd>', week)
    assert re.search(r'data-testid="week-distance">10 km</dd>', week)
    assert re.search(r'data-testid="week-progressions">1 run</dd>', week)
    assert re.search(r"easy <span class=\"stat\">30</span>", week)
    assert re.search(r"marathon <span class=\"stat\">15</span>", week)
    assert "1 stage of unknown time" in week


def test_paces_give_a_distance_its_time(coach_client, athlete, block):
    add_5k(athlete)
    add_session(block, block.start, SessionKind.EASY, [Stage(distance_m=10_000, zone="easy")])
    week = week_html(page(coach_client, block), 1)
    assert re.search(r'data-testid="week-time">≈ \d+ min</dd>', week)
    assert "unknown time" not in week


def test_a_run_the_day_after_a_long_run_is_warned_on_its_day(coach_client, block):
    sunday = block.start + timedelta(weeks=2)
    add_session(block, sunday, SessionKind.LONG_RUN, [Stage(duration_s=6000, zone="easy")])
    run = add_session(block, sunday + timedelta(days=1), SessionKind.PROGRESSION, PROGRESSION)
    html = page(coach_client, block)
    day = day_html(html, run.date)
    assert 'data-code="after-hard-day"' in day
    assert 'data-severity="warning"' in day
    assert "after-hard-day" not in day_html(html, sunday)


def test_a_run_in_the_last_ten_days_is_an_in_taper_error_on_its_day(coach_client, block):
    day = block.race_date - timedelta(days=5)
    add_session(block, day, SessionKind.PROGRESSION, PROGRESSION)
    html = page(coach_client, block)
    cell = day_html(html, day)
    assert 'data-code="in-taper"' in cell
    assert 'data-severity="error"' in cell
    assert "5 days before the race" in cell
    assert "1 error" in html


def test_a_session_s_own_rules_show_on_its_day(coach_client, block):
    day = block.start + timedelta(days=3)
    steps = [Stage(duration_s=1800, zone="marathon"), Stage(duration_s=1800, zone="easy")]
    add_session(block, day, SessionKind.PROGRESSION, steps)
    assert 'data-code="intensity-drops"' in day_html(page(coach_client, block), day)


def test_propose_creates_the_runs_and_says_how_many(coach_client, athlete, block):
    add_5k(athlete)
    response = coach_client.post(reverse("block-propose", args=[block.pk]), follow=True)
    proposed = PlannedSession.objects.filter(block=block, proposed=True)
    assert proposed.count() > 10
    text = response.content.decode()
    assert f"Proposed {proposed.count()} progression runs." in text
    assert "replaces the" in text  # the button now says it would replace them
    assert page(coach_client, block).count('data-testid="stage-strip"') == proposed.count()


def test_propose_passes_on_the_proposal_s_notes(coach_client, athlete, block):
    athlete.training_days, athlete.long_run_day = [5, 6], 6
    athlete.save()
    response = coach_client.post(reverse("block-propose", args=[block.pk]), follow=True)
    assert "No mid-week progression runs" in response.content.decode()


def test_propose_says_what_is_wrong_with_the_athlete_s_days(coach_client, athlete, block):
    athlete.training_days, athlete.long_run_day = [1, 2], 6
    athlete.save()
    response = coach_client.post(reverse("block-propose", args=[block.pk]), follow=True)
    assert response.status_code == 200
    assert "must be one of the training days" in response.content.decode()
    assert not PlannedSession.objects.filter(block=block, proposed=True).exists()


def test_propose_takes_only_a_post(coach_client, block):
    assert coach_client.get(reverse("block-propose", args=[block.pk])).status_code == 405


def test_replan_shows_the_changes_then_applies_them(coach_client, block):
    services.block_propose(block=block)
    start = block.start + timedelta(weeks=7)
    gone = PlannedSession.objects.filter(block=block, proposed=True, date__gte=start).first()
    gone.delete()
    url = reverse("block-replan", args=[block.pk])
    before = PlannedSession.objects.filter(block=block).count()
    preview = coach_client.get(url, {"from": f"{start:%Y-%m-%d}"}).content.decode()
    assert 'data-testid="replan-preview"' in preview
    assert "Apply these changes" in preview
    assert "min easy" in preview  # stages in words
    assert PlannedSession.objects.filter(block=block).count() == before  # a preview changes nothing
    response = coach_client.post(url, {"from": f"{start:%Y-%m-%d}"}, follow=True)
    week = (start - block.start).days // 7 + 1  # back at the day re-planned from, in full
    detail = reverse("block-detail", args=[block.pk])
    assert response.redirect_chain[-1][0] == f"{detail}?show={week}#day-{start:%Y-%m-%d}"
    assert "Re-planned from" in response.content.decode()
    assert PlannedSession.objects.filter(block=block, date=gone.date).exists()


def test_replan_says_when_there_is_nothing_to_change(coach_client, block):
    services.block_propose(block=block)
    day = block.start + timedelta(weeks=3)
    url = reverse("block-replan", args=[block.pk])
    html = coach_client.get(url, {"from": f"{day:%Y-%m-%d}"}).content.decode()
    assert (
        f"Nothing to change: the runs from {day:%a} {day.day} {day:%b} are already as proposed."
        in html
    )
    assert "Apply these changes" not in html


def test_replan_form_starts_on_a_day_of_the_block(coach_client, block):
    html = coach_client.get(reverse("block-replan", args=[block.pk])).content.decode()
    # Today is before this block starts: the form offers its first day.
    assert f'value="{block.start:%Y-%m-%d}"' in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [("31-02-2027", "is not a date"), ("2020-01-01", "Re-plan from a day inside the block")],
)
def test_replan_refuses_a_bad_date_and_changes_nothing(coach_client, block, typed, message):
    services.block_propose(block=block)
    before = list(PlannedSession.objects.filter(block=block).values_list("pk", flat=True))
    url = reverse("block-replan", args=[block.pk])
    for response in (
        coach_client.get(url, {"from": typed}),
        coach_client.post(url, {"from": typed}),
    ):
        assert response.status_code == 200
        assert message in response.content.decode()
    assert list(PlannedSession.objects.filter(block=block).values_list("pk", flat=True)) == before


@pytest.mark.parametrize("name", ["block-detail", "block-propose", "block-replan"])
def test_other_coach_gets_404(client, other_coach, block, name):
    client.force_login(other_coach)
    url = reverse(name, args=[block.pk])
    # The proposal takes only a POST: a GET is refused before anyone is asked who they are.
    assert client.get(url).status_code == (405 if name == "block-propose" else 404)
    assert client.post(url, {"from": f"{block.start:%Y-%m-%d}"}).status_code == 404
    assert not PlannedSession.objects.filter(block=block, proposed=True).exists()


def test_the_athlete_gets_404(client, athlete, block):
    client.force_login(athlete.user)
    assert client.get(reverse("block-detail", args=[block.pk])).status_code == 404
