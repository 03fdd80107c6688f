"""Review of the issue-7 features (notes, block templates, recovery weeks): each test is a
defect a coach or an athlete hit, and fails on the code before its fix."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.models import PlanVisibility
from tests.workouts.test_block_calendar import make_block, next_saturday
from tests.workouts.test_session_services import add
from workouts import block_templates, notes, recovery, services
from workouts.models import Block, CalendarNote, NoteVisibility, SessionKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(athlete):
    saved, _ = block_templates.block_template_save(block=make_block(athlete), name="Spring 18")
    return saved


def group_data(athletes, **fields):
    return {
        "race_name": "Berlin Marathon",
        "race_date": next_saturday(weeks_ahead=30).isoformat(),
        "race_distance_m": "marathon",
        "athletes": athletes,
    } | fields


# -- Blocks from a template -------------------------------------------------------------------


def test_a_tampered_athlete_id_too_large_for_the_database_is_refused_not_a_500(
    coach_client, template, athlete
):
    url = reverse("block-template-blocks-create", args=[template.pk])
    response = coach_client.post(url, group_data([athlete.pk, "99999999999999999999999"]))
    assert response.status_code == 200
    assert "Choose among your athletes." in response.content.decode()
    assert Block.objects.count() == 1  # the template's own block only


def test_a_race_in_year_9999_is_refused_for_the_group_and_nothing_is_created(
    coach_client, template, athlete
):
    url = reverse("block-template-blocks-create", args=[template.pk])
    response = coach_client.post(url, group_data([athlete.pk], race_date="9999-12-31"))
    assert response.status_code == 200
    assert "31 Dec 9999 is too far off: give a race date up to 31 Dec 2999" in (
        response.content.decode()
    )
    assert Block.objects.count() == 1


def test_the_block_form_refuses_a_race_in_year_9999_without_a_500(coach_client, athlete):
    url = reverse("block-create", args=[athlete.pk])
    data = {
        "race_name": "Far away",
        "race_date": "9999-12-31",
        "race_distance_m": "marathon",
        "n_weeks": "18",
        "recovery_weeks": "2",
    }
    response = coach_client.post(url, data)
    assert response.status_code == 200
    assert "is too far off" in response.content.decode()
    assert not Block.objects.exists()
    preview = coach_client.get(url, data, headers={"HX-Request": "true"})
    assert preview.status_code == 200


def test_block_create_refuses_a_race_after_the_last_race_date(athlete):
    with pytest.raises(services.BlockRejected, match="too far off"):
        make_block(athlete, race_date=date(3000, 1, 4))
    assert make_block(athlete, race_date=date(2999, 12, 31)).end


# -- Notes and what the athlete may see of the plan (docs/running.md §4.10) -------------------


def test_the_athlete_page_holds_no_note_on_a_day_past_what_the_coach_lets_them_see(
    client, athlete, coach
):
    today = timezone.localdate()
    block = make_block(athlete, race_date=next_saturday(weeks_ahead=10))
    athlete.plan_visibility = PlanVisibility.UNTIL
    athlete.plan_visible_until = today + timedelta(days=2)
    athlete.save()
    notes.note_create(block=block, author=coach, date=today + timedelta(days=2), text="Seen.")
    hidden = "Tempo 12 km on Thursday: the hidden plan"
    notes.note_create(block=block, author=coach, date=today + timedelta(days=3), text=hidden)
    week = (today - block.start).days // 7 + 1
    notes.note_create(block=block, author=coach, week=week + 1, text=f"Week: {hidden}")

    found = [entry.note.text for entry in notes.notes_for_athlete(athlete, today=today)]

    assert found == ["Seen."]
    client.force_login(athlete.user)
    html = client.get(reverse("me")).content.decode()
    assert "Seen." in html and "hidden plan" not in html


# -- Fewer recovery weeks must not hide the coach's notes silently ----------------------------


@pytest.fixture
def recovering(athlete):
    return make_block(athlete, recovery_weeks=2)


def test_fewer_recovery_weeks_are_refused_while_a_note_stands_on_a_dropped_day(
    coach_client, recovering, coach
):
    day = recovering.race_date + timedelta(days=10)
    notes.note_create(block=recovering, author=coach, date=day, text="Jog with the club.")
    url = reverse("block-recovery-edit", args=[recovering.pk])
    response = coach_client.post(url, {"recovery_weeks": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not changed: with 1 recovery week the calendar ends on" in html
    assert f"the note on {day:%a} {day.day} {day:%b %Y}" in html
    recovering.refresh_from_db()
    assert recovering.recovery_weeks == 2


def test_fewer_recovery_weeks_are_refused_while_a_note_stands_on_a_dropped_week(recovering, coach):
    notes.note_create(
        block=recovering,
        author=coach,
        week=20,
        text="Second week of recovery.",
        visibility=NoteVisibility.COACH,
    )
    add(
        recovering,
        recovering.race_date + timedelta(days=3),
        plan="20min easy",
        kind=SessionKind.EASY,
    )
    with pytest.raises(services.BlockRejected, match=r"the note on recovery week 2 would"):
        recovery.block_recovery_weeks_set(block=recovering, recovery_weeks=1)
    recovery.block_recovery_weeks_set(block=recovering, recovery_weeks=2)  # unchanged: fine
    CalendarNote.objects.all().delete()
    recovery.block_recovery_weeks_set(block=recovering, recovery_weeks=1)
    recovering.refresh_from_db()
    assert recovering.recovery_weeks == 1
    assert recovering.sessions.filter(kind=SessionKind.EASY).count() == 1


def test_an_undo_does_not_bring_a_note_back_onto_a_day_the_block_no_longer_has(recovering, coach):
    day = recovering.race_date + timedelta(days=10)
    note = notes.note_create(block=recovering, author=coach, date=day, text="Jog with the club.")
    token = notes.note_delete(note=note)
    recovery.block_recovery_weeks_set(block=recovering, recovery_weeks=1)
    recovering.refresh_from_db()
    snapshot = notes.note_undo_read(token=token)
    with pytest.raises(notes.NoteRejected, match="is outside the block"):
        notes.note_restore(block=recovering, snapshot=snapshot)
    assert not CalendarNote.objects.exists()
