"""The athlete's private calendar feed (docs/running.md §4.11): one all-day event per session
they may see, with its stages and targets, a stable UID and a SEQUENCE that follows edits;
an address with a random token that a new one replaces."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from athletes.models import PlanVisibility
from tests.conftest import add_5k, make_user
from tests.workouts.test_block_calendar import add_session, make_block, next_saturday
from workouts import services
from workouts.feed import feed_for_athlete, feed_token_rotate
from workouts.models import CalendarFeed, NoteVisibility, SessionKind
from workouts.notes import note_create
from workouts.progression import Stage
from workouts.targets import sessions_freeze

pytestmark = pytest.mark.django_db

THIRDS = [
    Stage(duration_s=1800, zone="easy"),
    Stage(duration_s=1200, zone="steady"),
    Stage(distance_m=5000, zone="marathon"),
]


def today():
    return timezone.localdate()


@pytest.fixture
def block(athlete):
    """A block in its 9th week of 18: today is in it."""
    add_5k(athlete)
    return make_block(athlete, race_date=next_saturday(10))


def feed_url(athlete) -> str:
    return reverse("feed-calendar", args=[feed_for_athlete(athlete).token])


def events(client, athlete) -> dict[str, object]:
    """The feed's events by UID, parsed by icalendar."""
    response = client.get(feed_url(athlete))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(session) -> str:
    return f"session-{session.pk}@127.0.0.1"


def test_it_answers_a_calendar_without_a_login(client, athlete, block):
    response = client.get(feed_url(athlete))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert "Content-Disposition" not in response
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"


def test_it_holds_one_event_per_visible_session(client, athlete, block):
    sessions = [
        add_session(block, today() + timedelta(days=n), SessionKind.EASY) for n in (1, 4, 30)
    ]
    race = block.sessions.get(kind=SessionKind.RACE)
    assert set(events(client, athlete)) == {uid(s) for s in [*sessions, race]}


def test_events_are_all_day_on_the_session_s_day(client, athlete, block):
    day = today() + timedelta(days=3)
    session = add_session(block, day, SessionKind.EASY)
    event = events(client, athlete)[uid(session)]
    assert event.decoded("DTSTART") == day
    assert event.decoded("DTEND") == day + timedelta(days=1)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert str(event["TRANSP"]) == "TRANSPARENT"


def test_the_description_has_the_stages_and_targets_in_the_athlete_s_units(client, athlete, block):
    athlete.units, athlete.resting_hr_bpm, athlete.max_hr_bpm = "mi", 50, 190
    athlete.save()
    session = add_session(block, today() + timedelta(days=2), SessionKind.PROGRESSION, THIRDS)
    event = events(client, athlete)[uid(session)]
    text = str(event["DESCRIPTION"])
    lines = text.splitlines()
    assert lines[0].startswith("Valencia Marathon: ") and ", week " in lines[0]
    stages = [line for line in lines if line[:2] in ("1.", "2.", "3.")]
    assert [s.split(":")[0] for s in stages] == [
        "1. 30 min easy",
        "2. 20 min steady",
        "3. 3.11 mi marathon",
    ]
    assert all("/mi" in s and "bpm" in s for s in stages)
    assert "/km" not in text
    assert "about" in stages[2]  # a distance stage: its time reckoned from the pace
    summary = str(event["SUMMARY"])
    assert summary.startswith("Progression run · ") and "mi" in summary


def test_uid_stays_and_sequence_rises_after_each_edit(client, athlete, block):
    day = today() + timedelta(days=2)
    session = add_session(block, day, SessionKind.PROGRESSION, THIRDS)
    first = events(client, athlete)[uid(session)]

    services.session_save(
        block=block,
        session=session,
        date=day,
        kind=SessionKind.PROGRESSION,
        title="Thirds",
        notes="",
        stages=THIRDS[:2],
    )
    edited = events(client, athlete)[uid(session)]
    assert edited["SEQUENCE"] > first["SEQUENCE"]
    assert edited.decoded("LAST-MODIFIED") >= first.decoded("LAST-MODIFIED")
    assert "Thirds" in str(edited["SUMMARY"]) and "3." not in str(edited["DESCRIPTION"])

    session.refresh_from_db()
    services.session_move(session=session, date=day + timedelta(days=1))
    moved = events(client, athlete)[uid(session)]
    assert moved["SEQUENCE"] > edited["SEQUENCE"]
    assert moved.decoded("DTSTART") == day + timedelta(days=1)


def test_a_skipped_session_says_so_and_bumps_its_sequence(client, athlete, block):
    session = add_session(block, today(), SessionKind.EASY)
    before = events(client, athlete)[uid(session)]["SEQUENCE"]
    services.session_skip(session=session, reason="ill")
    event = events(client, athlete)[uid(session)]
    assert event["SEQUENCE"] > before
    assert str(event["SUMMARY"]).startswith("Not run (ill): Easy run")


def test_race_day_is_an_event(client, athlete, block):
    race = block.sessions.get(kind=SessionKind.RACE)
    event = events(client, athlete)[uid(race)]
    assert event.decoded("DTSTART") == block.race_date
    assert str(event["SUMMARY"]).startswith("Race: Valencia Marathon")
    assert "Race: Marathon" in str(event["DESCRIPTION"])


def test_a_session_past_the_athlete_s_window_is_absent(client, athlete, block):
    near = add_session(block, today() + timedelta(days=3), SessionKind.EASY)
    far = add_session(block, today() + timedelta(days=10), SessionKind.EASY)
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 7
    athlete.save()
    found = events(client, athlete)
    assert uid(near) in found
    assert uid(far) not in found
    assert uid(block.sessions.get(kind=SessionKind.RACE)) not in found


def test_notes_the_athlete_reads_are_in_and_private_ones_never(client, athlete, block, coach):
    day = today() + timedelta(days=2)
    session = add_session(block, day, SessionKind.EASY)
    note_create(block=block, author=coach, date=day, text="Run it on grass.")
    note_create(
        block=block,
        author=coach,
        date=day,
        text="Keep an eye on her knee.",
        visibility=NoteVisibility.COACH,
    )
    lonely = note_create(block=block, author=coach, date=day + timedelta(days=1), text="Rest well.")
    week = note_create(block=block, author=coach, week=2, text="A lighter week.")
    found = events(client, athlete)
    assert "From your coach:\nRun it on grass." in str(found[uid(session)]["DESCRIPTION"])
    assert str(found[f"note-{lonely.pk}@127.0.0.1"]["DESCRIPTION"]).endswith("Rest well.")
    week_event = found[f"note-{week.pk}@127.0.0.1"]
    assert week_event.decoded("DTSTART") == block.start + timedelta(days=7)
    assert week_event.decoded("DTEND") == block.start + timedelta(days=14)
    assert "knee" not in client.get(feed_url(athlete)).content.decode()


def test_a_note_past_the_athlete_s_window_is_absent(client, athlete, block, coach):
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 7
    athlete.save()
    far = note_create(block=block, author=coach, date=today() + timedelta(days=9), text="Later.")
    assert f"note-{far.pk}@127.0.0.1" not in events(client, athlete)


def test_the_download_is_the_same_calendar_as_an_attachment(client, athlete, block):
    url = feed_url(athlete)
    response = client.get(url, {"download": "1"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="training-plan.ics"'
    assert response.content == client.get(url).content


def test_a_rotated_token_and_a_wrong_one_answer_the_same_404(client, athlete, block):
    old = feed_url(athlete)
    feed_token_rotate(athlete=athlete)
    rotated = client.get(old)
    wrong = client.get(reverse("feed-calendar", args=["x" * 43]))
    assert rotated.status_code == wrong.status_code == 404
    assert rotated.content == wrong.content
    assert rotated["Content-Type"] == wrong["Content-Type"]
    assert client.get(feed_url(athlete)).status_code == 200


def test_the_token_is_made_once_with_at_least_128_bits(athlete):
    token = feed_for_athlete(athlete).token
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    assert feed_for_athlete(athlete).token == token
    assert CalendarFeed.objects.count() == 1
    assert feed_token_rotate(athlete=athlete).token != token
    assert CalendarFeed.objects.get().token != token


def test_another_athlete_s_feed_holds_only_their_sessions(client, athlete, other_athlete, block):
    mine = add_session(block, today() + timedelta(days=1), SessionKind.EASY)
    assert uid(mine) not in events(client, other_athlete)


# -- The athlete's page ---------------------------------------------------------------------


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete.user)
    return client


def test_the_athlete_s_page_offers_the_feed(athlete_client, athlete):
    html = athlete_client.get(reverse("me")).content.decode()
    token = CalendarFeed.objects.get(athlete=athlete).token
    assert "Your training calendar" in html
    assert f"http://127.0.0.1:8000/feed/{token}.ics" in html or f"/feed/{token}.ics" in html
    assert "webcal://" in html and f"{token}.ics?download=1" in html
    assert "Google Calendar up to a day later" in html
    assert reverse("feed-rotate") in html


def test_the_athlete_confirms_then_gets_a_new_address(athlete_client, athlete):
    old = feed_for_athlete(athlete).token
    confirm = athlete_client.get(reverse("feed-rotate"))
    assert confirm.status_code == 200
    assert "stops working" in confirm.content.decode()
    assert CalendarFeed.objects.get(athlete=athlete).token == old  # a GET changes nothing
    response = athlete_client.post(reverse("feed-rotate"))
    assert response.status_code == 302 and response["Location"] == reverse("me")
    assert CalendarFeed.objects.get(athlete=athlete).token != old


def test_a_coach_gets_404_from_the_rotate_page(coach_client):
    assert coach_client.get(reverse("feed-rotate")).status_code == 404
    assert coach_client.post(reverse("feed-rotate")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_from_the_rotate_page(client):
    response = client.post(reverse("feed-rotate"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_athlete_no_coach_has_linked_gets_404_from_the_rotate_page(client, db):
    client.force_login(make_user("alone@example.com"))
    assert client.post(reverse("feed-rotate")).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_the_feed_refuses_a_post(client, athlete):
    assert client.post(feed_url(athlete)).status_code == 405


def test_a_past_session_shows_the_targets_it_was_frozen_with(client, athlete):
    add_5k(athlete, days_ago=30)
    block = make_block(athlete, race_date=next_saturday(10))
    session = add_session(block, today() - timedelta(days=1), SessionKind.PROGRESSION, THIRDS)
    sessions_freeze()
    before = str(events(client, athlete)[uid(session)]["DESCRIPTION"])
    assert "Targets as of " in before
    add_5k(athlete, days_ago=0, time_s=1100)  # faster since: the past session stays as it was
    assert str(events(client, athlete)[uid(session)]["DESCRIPTION"]) == before


def test_a_calendar_app_may_ask_with_head(client, athlete):
    response = client.head(feed_url(athlete))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
