"""The athlete's side of the plan on their own pages: the landing page (today, the rest of this
week, the next four weeks), a session's page, and the coach's choice of how far ahead the
athlete sees it (docs/running.md §4.10)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.models import PlanVisibility
from athletes.visibility_forms import DATE_MISSING, DAYS_MISSING
from tests.conftest import add_5k, make_user
from tests.workouts.test_block_calendar import add_session, make_block
from workouts import notes, services
from workouts.athlete_pages import athlete_landing, week_context
from workouts.models import NoteVisibility, SessionKind, SkipReason
from workouts.progression import Stage

pytestmark = pytest.mark.django_db

PROGRESSION = [
    Stage(duration_s=20 * 60, zone="easy"),
    Stage(duration_s=15 * 60, zone="steady"),
    Stage(duration_s=10 * 60, zone="marathon"),
]
MAX_PAGE_BYTES = 100 * 1024


def today():
    return timezone.localdate()


@pytest.fixture
def block(athlete):
    """An 18-week block whose race is 10 weeks on: today sits in its week 9."""
    race = today() + timedelta(weeks=9, days=3)
    return make_block(athlete, race_date=race)


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete.user)
    return client


def me(client) -> str:
    response = client.get(reverse("me"))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</section>", start)]


# -- The landing page --------------------------------------------------------------------------


def test_it_shows_today_s_session_with_stages_paces_and_heart_rates(athlete_client, athlete, block):
    add_5k(athlete)
    athlete.resting_hr_bpm, athlete.max_hr_bpm = 50, 190
    athlete.save()
    add_session(block, today(), SessionKind.PROGRESSION, PROGRESSION)
    html = section(me(athlete_client), "plan-today")
    assert "Progression run" in html
    assert "45 min" in html
    stages = re.findall(r'data-testid="athlete-stage">(.*?)</li>', html, re.S)
    assert len(stages) == 3
    lines = [" ".join(re.sub(r"<[^>]+>", " ", stage).split()) for stage in stages]
    assert re.fullmatch(r"20 min easy \d:\d\d–\d:\d\d /km · ≤ \d+ bpm", lines[0])
    assert re.fullmatch(r"15 min steady \d:\d\d–\d:\d\d /km · \d+–\d+ bpm", lines[1])


def test_it_shows_a_miles_athlete_paces_per_mile(athlete_client, athlete, block):
    add_5k(athlete)
    athlete.units = "mi"
    athlete.save()
    add_session(block, today(), SessionKind.PROGRESSION, PROGRESSION)
    html = section(me(athlete_client), "plan-today")
    assert "/mi" in html and "/km" not in html


def test_it_shows_where_the_day_sits_in_the_block(athlete_client, block):
    add_session(block, today(), SessionKind.EASY)
    html = me(athlete_client)
    week = (today() - block.start).days // 7 + 1
    phase = block.as_value().phase_of(week)
    expected = week_context(block.as_value(), today())
    assert expected.endswith(f"week {week} of 18") and expected.lower().startswith(phase[:4])
    assert expected in section(html, "plan-today")


def test_it_lists_the_rest_of_the_week_and_the_next_four_weeks(athlete_client, athlete, block):
    days = [today() + timedelta(days=n) for n in (1, 8, 15, 22, 29, 45)]
    for day in days:
        add_session(block, day, SessionKind.PROGRESSION, PROGRESSION)
    landing = athlete_landing(athlete, today=today())
    shown = [d.date for w in (landing.this_week, *landing.weeks) for d in w.days]
    assert len(landing.weeks) == 4
    window_end = landing.weeks[-1].end
    assert shown == [d for d in days if d <= window_end]
    assert days[-1] > window_end
    assert days[-1].strftime("%a %-d %b") not in me(athlete_client)
    html = me(athlete_client)
    assert html.count('data-testid="plan-week"') == 5
    assert html.count('data-testid="stage-strip"') == 0  # the strip is drawn as an svg
    assert html.count('class="stage-bar"') == len(shown)


def test_a_week_is_named_by_its_block_week(athlete, block):
    landing = athlete_landing(athlete, today=today())
    week = (today() - block.start).days // 7 + 1
    assert landing.this_week.start == block.start + timedelta(weeks=week - 1)
    assert landing.weeks[0].context.endswith(f"week {week + 1} of 18")


def test_a_session_not_run_and_race_day_are_marked(athlete_client, athlete, block):
    skipped = add_session(block, today() + timedelta(days=1), SessionKind.EASY)
    skipped.skipped_reason = SkipReason.ILL
    skipped.save()
    near = make_block(athlete, race_date=today() + timedelta(days=20), n_weeks=8)
    html = me(athlete_client)
    assert "Not run: ill" in html
    assert f"Race day: {near.race_name}" in html
    assert "athlete-day is-race-day" in html


def test_the_coach_s_notes_come_with_their_day_and_week_never_a_private_one(
    athlete_client, athlete, block
):
    coach = athlete.coach
    add_session(block, today() + timedelta(days=2), SessionKind.EASY)
    notes.note_create(block=block, author=coach, date=today() + timedelta(days=2), text="Hills!")
    notes.note_create(block=block, author=coach, date=today(), text="Rest well today.")
    notes.note_create(
        block=block,
        author=coach,
        date=today() + timedelta(days=2),
        text="Secret plan",
        visibility=NoteVisibility.COACH,
    )
    week = (today() - block.start).days // 7 + 2
    notes.note_create(block=block, author=coach, week=week, text="Next week builds.")
    landing = athlete_landing(athlete, today=today())
    assert [n.text for n in landing.today.notes] == ["Rest well today."]
    day = next(d for d in landing.this_week.days if d.date == today() + timedelta(days=2))
    assert [n.text for n in day.notes] == ["Hills!"]
    assert [n.text for n in landing.weeks[0].notes] == ["Next week builds."]
    assert "Secret plan" not in me(athlete_client)


def test_nothing_planned_is_said_plainly(athlete_client):
    html = me(athlete_client)
    assert "Nothing planned today." in html
    assert "Your coach has not planned any sessions for the next weeks yet." in html


def test_a_rolling_window_hides_later_sessions_and_says_so(athlete_client, athlete, block):
    near = add_session(block, today() + timedelta(days=2), SessionKind.EASY, PROGRESSION[:1])
    far = add_session(block, today() + timedelta(days=12), SessionKind.LONG_RUN)
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 5
    athlete.save()
    html = me(athlete_client)
    assert reverse("athlete-session", args=[near.pk]) in html
    assert reverse("athlete-session", args=[far.pk]) not in html
    assert "Long run" not in html
    assert "Your coach shows the next 5 days of your plan." in html


def test_sessions_up_to_a_date_hide_the_ones_after_it(athlete_client, athlete, block):
    shown = add_session(block, today() + timedelta(days=3), SessionKind.EASY)
    hidden = add_session(block, today() + timedelta(days=4), SessionKind.LONG_RUN)
    notes.note_create(
        block=block, author=athlete.coach, date=today() + timedelta(days=4), text="Hidden day."
    )
    athlete.plan_visibility, athlete.plan_visible_until = PlanVisibility.UNTIL, shown.date
    athlete.save()
    landing = athlete_landing(athlete, today=today())
    listed = [
        e.session for w in (landing.this_week, *landing.weeks) for d in w.days for e in d.sessions
    ]
    assert shown in listed and hidden not in listed
    assert not [
        d for w in (landing.this_week, *landing.weeks) for d in w.days if d.date > shown.date
    ]
    html = me(athlete_client)
    assert reverse("athlete-session", args=[hidden.pk]) not in html
    assert "Your coach shows your plan up to" in html


def test_another_athletes_sessions_never_show(client, athlete, other_athlete):
    theirs = make_block(other_athlete, race_date=today() + timedelta(weeks=9))
    add_session(theirs, today(), SessionKind.LONG_RUN)
    client.force_login(athlete.user)
    assert "Long run" not in me(client)


def test_the_page_stays_under_100_kb_with_a_30_week_block_full_of_sessions(athlete_client, athlete):
    add_5k(athlete)
    block = make_block(athlete, race_date=today() + timedelta(weeks=29), n_weeks=30)
    day = block.start
    while day < block.race_date:
        add_session(block, day, SessionKind.PROGRESSION, PROGRESSION)
        add_session(block, day, SessionKind.EASY, PROGRESSION[:1])
        day += timedelta(days=1)
    for n in range(40):
        notes.note_create(
            block=block,
            author=athlete.coach,
            date=today() + timedelta(days=n % 30),
            text="Note " * 30,
        )
    html = me(athlete_client)
    assert html.count('data-testid="plan-session"') > 50
    assert len(html.encode()) < MAX_PAGE_BYTES
    session = block.sessions.filter(date=today()).first()
    page = athlete_client.get(reverse("athlete-session", args=[session.pk]))
    assert len(page.content) < MAX_PAGE_BYTES


# -- A session's page --------------------------------------------------------------------------


def test_it_shows_the_session_with_its_targets_and_notes(athlete_client, athlete, block):
    add_5k(athlete)
    session = add_session(block, today() + timedelta(days=3), SessionKind.PROGRESSION, PROGRESSION)
    session.notes = "Keep the first stage honest."
    session.save()
    notes.note_create(block=block, author=athlete.coach, date=session.date, text="Fuel well.")
    notes.note_create(
        block=block, author=athlete.coach, date=session.date, text="Private", visibility="coach"
    )
    response = athlete_client.get(reverse("athlete-session", args=[session.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="resolved"' in html
    assert "45 min" in html
    assert "Keep the first stage honest." in html and "Fuel well." in html
    assert "Private" not in html
    assert week_context(block.as_value(), session.date) in html
    assert re.search(r"\d:\d\d–\d:\d\d /km", html)


def test_a_past_session_shows_its_frozen_targets(athlete_client, athlete, block):
    add_5k(athlete, days_ago=20)
    session = add_session(block, today() - timedelta(days=2), SessionKind.PROGRESSION, PROGRESSION)
    from workouts.targets import sessions_freeze

    sessions_freeze(block=block)
    html = athlete_client.get(reverse("athlete-session", args=[session.pk])).content.decode()
    assert 'data-testid="targets-frozen"' in html


def test_a_hidden_session_is_a_404(athlete_client, athlete, block):
    hidden = add_session(block, today() + timedelta(days=10), SessionKind.EASY)
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 3
    athlete.save()
    assert athlete_client.get(reverse("athlete-session", args=[hidden.pk])).status_code == 404


def test_another_athletes_session_is_a_404(client, athlete, other_athlete):
    theirs = make_block(other_athlete, race_date=today() + timedelta(weeks=9))
    session = add_session(theirs, today(), SessionKind.EASY)
    client.force_login(athlete.user)
    assert client.get(reverse("athlete-session", args=[session.pk])).status_code == 404


def test_coaches_and_visitors_do_not_get_the_athlete_s_session_page(client, coach, block):
    session = add_session(block, today(), SessionKind.EASY)
    url = reverse("athlete-session", args=[session.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(coach)
    assert client.get(url).status_code == 404


def test_an_athlete_without_a_coach_gets_a_404(client, block):
    session = add_session(block, today(), SessionKind.EASY)
    client.force_login(make_user("loner@example.com"))
    assert client.get(reverse("athlete-session", args=[session.pk])).status_code == 404


def test_the_landing_page_links_each_session_to_its_page(athlete_client, block):
    session = add_session(block, today() + timedelta(days=1), SessionKind.EASY)
    assert reverse("athlete-session", args=[session.pk]) in me(athlete_client)


# -- The coach's visibility form ---------------------------------------------------------------


def visibility_url(athlete):
    return reverse("athlete-visibility-edit", args=[athlete.pk])


def test_the_coach_s_athlete_page_links_the_visibility_form(coach_client, athlete):
    html = coach_client.get(reverse("athlete-detail", args=[athlete.pk])).content.decode()
    assert "What Amara sees of the plan" in html and "Everything planned" in html
    assert visibility_url(athlete) in html


@pytest.mark.parametrize(
    ("data", "saved"),
    [
        ({"plan_visibility": "window", "plan_visible_days": "14"}, ("window", None, 14)),
        (
            {"plan_visibility": "until", "plan_visible_until": "2031-05-04"},
            ("until", "2031-05-04", None),
        ),
        ({"plan_visibility": "all"}, ("all", None, None)),
    ],
)
def test_the_visibility_form_saves_a_choice(coach_client, athlete, data, saved):
    response = coach_client.post(visibility_url(athlete), data)
    assert response.status_code == 302
    athlete.refresh_from_db()
    until = athlete.plan_visible_until.isoformat() if athlete.plan_visible_until else None
    assert (athlete.plan_visibility, until, athlete.plan_visible_days) == saved
    page = coach_client.get(reverse("athlete-detail", args=[athlete.pk])).content.decode()
    assert "Saved what Amara sees of the plan." in page


def test_the_visibility_form_shows_what_is_saved(coach_client, athlete):
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 21
    athlete.save()
    html = coach_client.get(visibility_url(athlete)).content.decode()
    assert re.search(r'value="window"[^>]*checked', html)
    assert 'value="21"' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"plan_visibility": "until"}, DATE_MISSING),
        ({"plan_visibility": "window"}, DAYS_MISSING),
        (
            {"plan_visibility": "window", "plan_visible_days": "0"},
            "from 1 to 366 days ahead, not 0",
        ),
        (
            {"plan_visibility": "window", "plan_visible_days": "367"},
            "from 1 to 366 days ahead, not 367",
        ),
        ({"plan_visibility": "window", "plan_visible_days": "many"}, "Enter a whole number."),
        ({"plan_visibility": "until", "plan_visible_until": "31/02/2031"}, "Enter a valid date."),
        ({"plan_visibility": "sometimes"}, "Select a valid choice."),
        ({}, "This field is required."),
    ],
)
def test_bad_visibility_input_gets_a_specific_message_and_saves_nothing(
    coach_client, athlete, data, message
):
    response = coach_client.post(visibility_url(athlete), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    athlete.refresh_from_db()
    assert athlete.plan_visibility == PlanVisibility.ALL
    assert athlete.plan_visible_days is None and athlete.plan_visible_until is None


def test_another_coach_gets_a_404_for_the_visibility_form(client, other_coach, athlete):
    assert client.get(visibility_url(athlete)).status_code == 302  # to the login page
    client.force_login(other_coach)
    assert client.get(visibility_url(athlete)).status_code == 404
    assert client.post(visibility_url(athlete), {"plan_visibility": "all"}).status_code == 404


def test_the_athlete_cannot_change_what_they_see(athlete_client, athlete):
    response = athlete_client.post(
        visibility_url(athlete), {"plan_visibility": "window", "plan_visible_days": "3"}
    )
    assert response.status_code == 404
    athlete.refresh_from_db()
    assert athlete.plan_visibility == PlanVisibility.ALL


def test_the_service_refuses_an_incomplete_choice(athlete):
    from django.core.exceptions import ValidationError

    from athletes.services import athlete_plan_visibility_set

    for mode, until, days in [("until", None, None), ("window", None, None), ("all", None, 0)]:
        with pytest.raises(ValidationError):
            athlete_plan_visibility_set(athlete=athlete, mode=mode, until=until, days=days)
    athlete.refresh_from_db()
    assert athlete.plan_visibility == PlanVisibility.ALL


def test_a_session_moved_out_of_the_window_leaves_the_page(athlete_client, athlete, block):
    session = add_session(block, today() + timedelta(days=2), SessionKind.LONG_RUN)
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 7
    athlete.save()
    assert "Long run" in me(athlete_client)
    services.session_move(session=session, date=today() + timedelta(days=9))
    assert "Long run" not in me(athlete_client)
