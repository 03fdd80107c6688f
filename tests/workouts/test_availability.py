"""An athlete's availability (docs/running.md §4.5): ranges of days away or limited, entered
by the athlete or the coach, refused with a specific message when they make no sense; the
block calendar marks them and warns on the sessions that fall on them; a re-plan avoids them."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.conftest import add_5k, make_user
from tests.workouts.test_block_calendar import add_session, make_block
from workouts import availability, services
from workouts.models import AvailabilityRange, CoachNotice, SessionKind
from workouts.progression import Stage
from workouts.selectors import block_calendar
from workouts.targets import athlete_today

pytestmark = pytest.mark.django_db
RUN = (Stage(duration_s=40 * 60, zone="easy"), Stage(duration_s=20 * 60, zone="steady"))


def weekday_on_or_after(day, weekday):
    return day + timedelta(days=(weekday - day.weekday()) % 7)


@pytest.fixture
def block(athlete):
    return make_block(athlete)


@pytest.fixture
def tuesday(block):
    """A Tuesday (a training day by default) in the block's third week."""
    return weekday_on_or_after(block.start + timedelta(weeks=2), 1)


def mark(athlete, start, end=None, *, by=None, status="away", reason="travel", **fields):
    return availability.availability_range_save(
        athlete=athlete,
        by=by or athlete.coach,
        start=start,
        end=end or start,
        status=status,
        reason=reason,
        **fields,
    )


def refused(athlete, **kwargs) -> str:
    before = AvailabilityRange.objects.count()
    with pytest.raises(availability.AvailabilityRejected) as error:
        mark(athlete, **kwargs)
    assert AvailabilityRange.objects.count() == before
    return " ".join(error.value.messages)


# -- Rules ------------------------------------------------------------------------------------


def test_it_saves_a_range_away(athlete, tuesday):
    saved = mark(athlete, tuesday, tuesday + timedelta(days=3), note="Conference in Lyon")
    assert (saved.start, saved.end, saved.label) == (
        tuesday,
        tuesday + timedelta(3),
        "Away: travel",
    )
    assert saved.created_by == athlete.coach and saved.longest_min is None


def test_it_refuses_a_range_that_ends_before_it_starts(athlete, tuesday):
    message = refused(athlete, start=tuesday, end=tuesday - timedelta(days=1))
    assert "ends before it starts" in message


def test_it_refuses_a_range_overlapping_another_and_names_it(athlete, tuesday):
    mark(athlete, tuesday, tuesday + timedelta(days=2))
    message = refused(athlete, start=tuesday + timedelta(days=2), end=tuesday + timedelta(days=5))
    assert "overlaps “Away: travel”" in message
    assert f"{tuesday:%a} {tuesday.day} {tuesday:%b %Y}" in message


def test_it_refuses_a_limited_range_without_its_longest_session(athlete, tuesday):
    message = refused(athlete, start=tuesday, status="limited")
    assert message == "A limited range needs its longest session, in minutes."


@pytest.mark.parametrize("minutes", [0, 601])
def test_it_refuses_a_longest_session_out_of_range(athlete, tuesday, minutes):
    message = refused(athlete, start=tuesday, status="limited", longest_min=minutes)
    assert "1 to 600 minutes" in message


@pytest.mark.parametrize("years", [-2, 3])
def test_it_refuses_dates_far_out(athlete, years):
    day = athlete_today(athlete) + timedelta(days=365 * years)
    assert "check the year" in refused(athlete, start=day)


def test_it_refuses_a_range_longer_than_a_year(athlete):
    today = athlete_today(athlete)
    message = refused(athlete, start=today, end=today + timedelta(days=400))
    assert "at most a year" in message


def test_it_refuses_an_unknown_status_or_reason(athlete, tuesday):
    message = refused(athlete, start=tuesday, status="maybe", reason="bored")
    assert "Choose away" in message and "Choose why" in message


def test_an_edit_may_keep_its_own_days_and_an_away_range_keeps_no_longest(athlete, tuesday):
    saved = mark(athlete, tuesday, tuesday + timedelta(days=2), status="limited", longest_min=45)
    assert saved.label == "Limited: 45 min"
    availability.availability_range_save(
        athlete=athlete,
        by=athlete.coach,
        availability=saved,
        start=tuesday,
        end=tuesday + timedelta(days=3),
        status="away",
        reason="ill",
        longest_min=45,
    )
    saved.refresh_from_db()
    assert (saved.end, saved.longest_min, saved.label) == (
        tuesday + timedelta(3),
        None,
        "Away: ill",
    )


def test_the_week_keeps_the_longest_session_of_each_day(athlete):
    availability.availability_week_save(athlete=athlete, longest={1: 50, 2: None, 6: 180})
    athlete.refresh_from_db()
    assert athlete.longest_by_weekday == {1: 50, 6: 180}
    with pytest.raises(availability.AvailabilityRejected, match="Tuesday is 1 to 600"):
        availability.availability_week_save(athlete=athlete, longest={1: 0})
    with pytest.raises(availability.AvailabilityRejected, match="Weekdays are 0"):
        availability.availability_week_save(athlete=athlete, longest={9: 30})
    athlete.refresh_from_db()
    assert athlete.longest_by_weekday == {1: 50, 6: 180}


def test_the_coach_is_told_when_the_athlete_marks_days_not_when_the_coach_does(athlete, tuesday):
    mark(athlete, tuesday, by=athlete.coach)
    assert CoachNotice.objects.count() == 0
    mark(athlete, tuesday + timedelta(days=7), by=athlete.user, note="Wedding")
    notice = CoachNotice.objects.get()
    assert notice.coach == athlete.coach and notice.athlete == athlete
    assert notice.subject == "Amara Okafor marked their availability: Away: travel"
    assert notice.lines[0].endswith(": Wedding")


# -- The calendar and the checks --------------------------------------------------------------


def test_the_calendar_marks_the_days_and_warns_on_a_session_away(athlete, block, tuesday):
    add_5k(athlete)
    run = add_session(block, tuesday + timedelta(days=1), SessionKind.PROGRESSION, RUN)
    mark(athlete, tuesday, tuesday + timedelta(days=2))
    calendar = block_calendar(block, today=athlete_today(athlete))
    days = {day.date: day for week in calendar.weeks for day in week.days}
    assert days[tuesday].availability.label == "Away: travel"
    assert days[tuesday - timedelta(days=1)].availability is None
    entry = days[run.date].sessions[0]
    warning = next(f for f in entry.findings if f.code == "not-a-training-day")
    assert "falls while the athlete cannot train (travel," in warning.message


def test_a_limited_day_warns_on_a_longer_session_saying_the_limit(athlete, block, tuesday):
    add_session(block, tuesday + timedelta(days=1), SessionKind.PROGRESSION, RUN)  # 60 min
    mark(athlete, tuesday, tuesday + timedelta(days=2), status="limited", longest_min=45)
    calendar = block_calendar(block, today=athlete_today(athlete))
    messages = [f.message for f in calendar.findings if f.code == "not-a-training-day"]
    assert len(messages) == 1 and "lasts about 60 min" in messages[0]
    assert "at most 45 min (travel" in messages[0]


def test_the_default_weeks_longest_session_warns_too(athlete, block, tuesday):
    add_session(block, tuesday + timedelta(days=1), SessionKind.PROGRESSION, RUN)
    availability.availability_week_save(athlete=athlete, longest={2: 45})
    athlete.refresh_from_db()
    calendar = block_calendar(block, today=athlete_today(athlete))
    messages = [f.message for f in calendar.findings if f.code == "not-a-training-day"]
    assert messages and "at most 45 min on Wednesdays" in messages[0]


def test_a_move_onto_a_day_away_warns(athlete, block, tuesday):
    session = add_session(block, tuesday - timedelta(days=7), SessionKind.EASY, RUN)
    mark(athlete, tuesday)
    check = services.session_move(session=session, date=tuesday)
    assert any("cannot train (travel" in warning for warning in check.warnings)


def test_a_replan_puts_no_run_on_days_away(athlete, block):
    add_5k(athlete)
    services.block_propose(block=block)
    week = block.start + timedelta(weeks=3)
    mark(athlete, week, week + timedelta(days=5), reason="ill")
    preview = services.block_replan_preview(block=block, from_date=week)
    away = {week + timedelta(days=n) for n in range(6)}
    assert not [run for run in preview.runs if run.date in away and run.is_progression]


def test_the_page_shows_the_badge_and_a_replan_link(coach_client, athlete, block, tuesday):
    mark(athlete, tuesday, tuesday + timedelta(days=1), status="limited", longest_min=45)
    html = coach_client.get(reverse("block-detail", args=[block.pk]), {"weeks": "all"})
    html = html.content.decode()
    assert 'data-testid="availability"' in html and "Limited: 45 min" in html
    link = f"{reverse('block-replan', args=[block.pk])}?from={tuesday.isoformat()}"
    assert link in html and html.count('data-testid="availability-replan"') == 1


# -- Pages ------------------------------------------------------------------------------------


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete.user)
    return client


def form_data(start, end=None, **fields):
    return {
        "start": start.isoformat(),
        "end": (end or start).isoformat(),
        "status": "away",
        "reason": "travel",
        "longest_min": "",
        "note": "",
    } | fields


def test_it_lets_the_athlete_mark_a_trip(athlete_client, athlete, tuesday):
    url = reverse("availability-mine")
    assert "Away or ill? Mark it" in athlete_client.get(url).content.decode()
    response = athlete_client.post(url, form_data(tuesday, tuesday + timedelta(days=2)))
    assert response.status_code == 302
    saved = AvailabilityRange.objects.get()
    assert saved.athlete == athlete and saved.created_by == athlete.user
    assert "Away: travel" in athlete_client.get(reverse("me")).content.decode()


def test_it_shows_the_athlete_why_a_range_is_refused(athlete_client, tuesday):
    data = form_data(tuesday, tuesday - timedelta(days=2))
    response = athlete_client.post(reverse("availability-mine"), data)
    assert response.status_code == 400
    assert "ends before it starts" in response.content.decode()
    assert not AvailabilityRange.objects.exists()


def test_it_says_a_date_is_not_one(athlete_client):
    data = form_data(date(2030, 1, 1)) | {"start": "soon"}
    response = athlete_client.post(reverse("availability-mine"), data)
    assert response.status_code == 400
    assert "Give the first day as a date" in response.content.decode()


def test_it_lets_the_coach_mark_days_on_the_athletes_page(coach_client, athlete, tuesday):
    assert (
        "Mark days away or limited"
        in coach_client.get(reverse("athlete-detail", args=[athlete.pk])).content.decode()
    )
    data = form_data(tuesday, status="limited", longest_min="40", reason="injured")
    response = coach_client.post(reverse("availability-athlete", args=[athlete.pk]), data)
    assert response.status_code == 302
    assert AvailabilityRange.objects.get().label == "Limited: 40 min"


def test_other_coach_gets_404(client, other_coach, athlete, tuesday):
    saved = mark(athlete, tuesday)
    client.force_login(other_coach)
    for url in (
        reverse("availability-athlete", args=[athlete.pk]),
        reverse("availability-edit", args=[saved.pk]),
        reverse("availability-delete", args=[saved.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("availability-delete", args=[saved.pk])).status_code == 404
    assert AvailabilityRange.objects.filter(pk=saved.pk).exists()


def test_another_athlete_gets_404_and_an_athlete_no_coach_page(
    client, other_athlete, athlete, tuesday
):
    saved = mark(athlete, tuesday)
    client.force_login(other_athlete.user)
    assert client.get(reverse("availability-edit", args=[saved.pk])).status_code == 404
    assert client.get(reverse("availability-athlete", args=[athlete.pk])).status_code == 404
    lonely = make_user("lonely@example.com")
    client.force_login(lonely)
    assert client.get(reverse("availability-mine")).status_code == 404


def test_anonymous_is_sent_to_log_in(client, athlete, tuesday):
    saved = mark(athlete, tuesday)
    for url in (reverse("availability-mine"), reverse("availability-edit", args=[saved.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_it_edits_a_range_and_refuses_an_overlap_there(athlete_client, athlete, tuesday):
    first = mark(athlete, tuesday)
    mark(athlete, tuesday + timedelta(days=7))
    url = reverse("availability-edit", args=[first.pk])
    assert athlete_client.get(url).status_code == 200
    response = athlete_client.post(url, form_data(tuesday, tuesday + timedelta(days=8)))
    assert response.status_code == 400 and "It overlaps" in response.content.decode()
    response = athlete_client.post(
        url, form_data(tuesday, tuesday + timedelta(days=1), reason="ill")
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.end, first.reason) == (tuesday + timedelta(days=1), "ill")


def test_it_asks_before_deleting_a_range(coach_client, athlete, tuesday):
    saved = mark(athlete, tuesday)
    url = reverse("availability-delete", args=[saved.pk])
    assert "Delete these days?" in coach_client.get(url).content.decode()
    assert AvailabilityRange.objects.exists()
    response = coach_client.post(url)
    assert response["Location"] == reverse("availability-athlete", args=[athlete.pk])
    assert not AvailabilityRange.objects.exists()


def test_it_saves_the_default_week_from_the_page(athlete_client, athlete):
    data = {f"day_{n}": "" for n in range(7)} | {"day_1": "50"}
    response = athlete_client.post(reverse("availability-mine-week"), data)
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.longest_by_weekday == {1: 50}
    athlete_client.post(reverse("availability-mine-week"), {"day_1": "0"})
    athlete.refresh_from_db()
    assert athlete.longest_by_weekday == {1: 50}


def test_saving_a_range_unchanged_stores_nothing_and_tells_no_one(athlete, tuesday):
    saved = mark(athlete, tuesday, by=athlete.user, note="Trip")
    CoachNotice.objects.all().delete()
    stamp = saved.updated_at
    again = availability.availability_range_save(
        athlete=athlete,
        by=athlete.user,
        availability=saved,
        **{n: getattr(saved, n) for n in ("start", "end", "status", "reason", "longest_min")},
        note="Trip",
    )
    again.refresh_from_db()
    assert again.updated_at == stamp and not CoachNotice.objects.exists()
