"""Notes on a day or a week of a block: the coach writes them on the calendar, each visible to
the athlete or private to the coach; the athlete's page lists the visible ones of this week
and the next two, and a private note reaches the athlete in no response at all."""

import html
import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user
from tests.workouts.test_block_calendar import day_html, make_block, next_saturday, page, week_html
from workouts import notes
from workouts.models import NOTE_MAX_CHARS, Block, CalendarNote, NoteVisibility

pytestmark = pytest.mark.django_db

ATHLETE, COACH = NoteVisibility.ATHLETE, NoteVisibility.COACH
SECRET = "Worried about her left knee: keep an eye on it"


@pytest.fixture
def block(athlete):
    return make_block(athlete)


def day_note(block, author, day=None, text="Easy means easy today.", visibility=ATHLETE):
    return notes.note_create(
        block=block, author=author, date=day or block.start, text=text, visibility=visibility
    )


def week_note(block, author, week=1, text="A lighter week.", visibility=ATHLETE):
    return notes.note_create(
        block=block, author=author, week=week, text=text, visibility=visibility
    )


def messages_of(response) -> str:
    return html.unescape(" ".join(str(m) for m in response.context["messages"]))


def add_url(block):
    return reverse("note-create", args=[block.pk])


# -- Services ----------------------------------------------------------------------------------


def test_it_adds_a_note_on_a_day_and_one_on_a_week(block, coach):
    on_day = day_note(block, coach, block.race_date, "Race day: start slow.", COACH)
    on_week = week_note(block, coach, 18, "Race week: sleep.")
    assert (on_day.date, on_day.week, on_day.visibility, on_day.author) == (
        block.race_date,
        None,
        COACH,
        coach,
    )
    assert (on_week.date, on_week.week, on_week.visibility) == (None, 18, ATHLETE)
    assert on_day.is_private and not on_week.is_private


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": "before"}, "is outside the block: choose a day from"),
        ({"date": "after"}, "is outside the block"),
        ({"week": 0}, "There is no week 0: the block has weeks 1 to 18."),
        ({"week": 19}, "There is no week 19"),
        ({"text": "   \n  "}, "The note is empty"),
        ({"text": "x" * (NOTE_MAX_CHARS + 1)}, "2001 characters long: keep it to 2000 at most"),
        ({"date": "start", "week": 1}, "on a day or on a week of the block: give one of them"),
        ({}, "give one of them"),
        ({"date": "start", "visibility": "everyone"}, "Choose who sees the note"),
    ],
)
def test_it_refuses_a_note_it_cannot_place_or_read_and_saves_nothing(block, coach, fields, message):
    days = {
        "before": block.start - timedelta(days=1),
        "after": block.race_date + timedelta(days=1),
        "start": block.start,
    }
    values = {"text": "Fine.", "visibility": ATHLETE} | fields
    if "date" in values:
        values["date"] = days[values["date"]]
    with pytest.raises(notes.NoteRejected) as refused:
        notes.note_create(block=block, author=coach, **values)
    assert message in " ".join(refused.value.messages)
    assert not CalendarNote.objects.exists()


def test_a_day_after_race_day_is_in_the_block_through_its_recovery_weeks(athlete, coach):
    block = make_block(athlete, recovery_weeks=2)
    last = notes.block_last_day(block)
    assert last == block.race_date + timedelta(weeks=2)
    assert day_note(block, coach, last).date == last
    assert week_note(block, coach, 20).week == 20
    with pytest.raises(notes.NoteRejected):
        day_note(block, coach, last + timedelta(days=1))


def test_a_note_left_past_a_shortened_recovery_is_not_shown_to_the_athlete(athlete, coach):
    today = timezone.localdate()
    block = make_block(athlete, race_date=today + timedelta(days=3), recovery_weeks=1)
    day_note(block, coach, block.race_date + timedelta(days=2), "Recovery jog.")
    week_note(block, coach, 19, "Recovery week.")
    assert len(notes.notes_for_athlete(athlete, today=today)) == 2
    Block.objects.filter(pk=block.pk).update(recovery_weeks=0)
    assert notes.notes_for_athlete(athlete, today=today) == ()


def test_it_keeps_a_browsers_crlf_lines_as_lf_and_counts_them_once(block, coach):
    lines = "\r\n".join(["x" * 99] * 20)  # 1980 characters + 19 line ends
    note = day_note(block, coach, text=f"  {lines}  ")
    assert note.text == "\n".join(["x" * 99] * 20)
    assert len(note.text) == 1999


def test_the_database_refuses_a_note_on_both_a_day_and_a_week(block, coach):
    with pytest.raises(IntegrityError):
        CalendarNote.objects.create(block=block, author=coach, date=block.start, week=1, text="x")


def test_it_updates_a_notes_text_and_who_sees_it_and_refuses_an_empty_one(block, coach):
    note = day_note(block, coach)
    notes.note_update(note=note, text="Private after all.", visibility=COACH)
    note.refresh_from_db()
    assert (note.text, note.visibility, note.date) == ("Private after all.", COACH, block.start)
    with pytest.raises(notes.NoteRejected, match="The note is empty"):
        notes.note_update(note=note, text=" ", visibility=ATHLETE)
    note.refresh_from_db()
    assert (note.text, note.visibility) == ("Private after all.", COACH)


def test_a_deleted_note_comes_back_as_it_was_once(block, coach):
    note = week_note(block, coach, 3, "Hills this week.", COACH)
    before = CalendarNote.objects.filter(pk=note.pk).values().get()
    token = notes.note_delete(note=note)
    assert not CalendarNote.objects.exists()
    restored = notes.note_restore(block=block, snapshot=notes.note_undo_read(token=token))
    assert CalendarNote.objects.filter(pk=restored.pk).values().get() == before
    with pytest.raises(notes.NoteRejected, match="back already"):
        notes.note_restore(block=block, snapshot=notes.note_undo_read(token=token))


def test_an_undo_token_is_refused_when_forged_or_for_another_block(block, athlete, coach):
    token = notes.note_delete(note=day_note(block, coach))
    with pytest.raises(notes.NoteRejected, match="not valid"):
        notes.note_undo_read(token=token[:-2] + "xx")
    other = make_block(athlete, race_date=next_saturday(weeks_ahead=40))
    with pytest.raises(notes.NoteRejected, match="another block"):
        notes.note_restore(block=other, snapshot=notes.note_undo_read(token=token))
    assert not CalendarNote.objects.exists()


# -- Reading them --------------------------------------------------------------------------------


def test_block_notes_groups_a_blocks_notes_by_day_and_week_in_one_query(block, coach):
    first = day_note(block, coach, text="First.")
    second = day_note(block, coach, text="Second.", visibility=COACH)
    weekly = week_note(block, coach, 2)
    with CaptureQueriesContext(connection) as captured:
        found = notes.block_notes(block)
    assert len(captured) == 1
    assert found.by_day == {block.start: (first, second)}
    assert found.by_week == {2: (weekly,)}


def test_the_block_page_takes_as_many_queries_for_30_weeks_of_notes_as_for_8_weeks(
    coach_client, athlete, coach
):
    bare = make_block(athlete, n_weeks=8)
    week_note(bare, coach, 1)
    noted = make_block(athlete, race_date=next_saturday(weeks_ahead=40), n_weeks=30)
    for week in range(1, 31):
        week_note(noted, coach, week)
        day_note(noted, coach, noted.start + timedelta(weeks=week - 1, days=2), visibility=COACH)
    counts = []
    for block in (bare, noted):
        with CaptureQueriesContext(connection) as captured:
            page(coach_client, block)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_notes_for_athlete_lists_this_weeks_and_the_next_two_weeks_visible_notes(
    athlete, coach, other_athlete, other_coach
):
    today = timezone.localdate()
    block = make_block(athlete, race_date=next_saturday(weeks_ahead=10))
    week = (today - block.start).days // 7 + 1
    week_start = block.start + timedelta(weeks=week - 1)
    shown = [
        day_note(block, coach, week_start, "Earlier this week."),
        day_note(block, coach, today, "Today."),
        day_note(block, coach, today + timedelta(days=14), "In two weeks."),
        week_note(block, coach, week, "This week."),
        week_note(block, coach, week + 2, "The week after next."),
    ]
    day_note(block, coach, today + timedelta(days=1), SECRET, COACH)
    week_note(block, coach, week + 1, SECRET, COACH)
    day_note(block, coach, today + timedelta(days=15), "Too far ahead.")
    week_note(block, coach, week + 4, "Too far ahead.")
    if week > 1:
        day_note(block, coach, week_start - timedelta(days=1), "Last week.")
    elsewhere = make_block(other_athlete, race_date=next_saturday(weeks_ahead=10))
    day_note(elsewhere, other_coach, today, "Someone else's.")

    found = notes.notes_for_athlete(athlete, today=today)

    assert {entry.note for entry in found} == set(shown)
    texts = [entry.note.text for entry in found]
    assert texts.index("This week.") < texts.index("Earlier this week.")  # the week note first
    assert texts[-1] == "In two weeks."
    this_week = next(entry for entry in found if entry.note.text == "This week.")
    assert this_week.week_label == f"Week {week} of 18"
    assert (this_week.first_day, this_week.last_day) == (week_start, week_start + timedelta(6))


def test_notes_for_athlete_skips_a_block_that_is_over_and_reads_one_starting_soon(athlete, coach):
    today = timezone.localdate()
    past = make_block(athlete, race_date=next_saturday(weeks_ahead=30))
    week_note(past, coach, 18, "Well run!")
    Block.objects.filter(pk=past.pk).update(race_date=today - timedelta(days=1))  # it is over
    soon = make_block(athlete, race_date=today + timedelta(days=10 + 7 * 17))
    day_note(soon, coach, soon.start, "Welcome to the block.")
    week_note(soon, coach, 1, "Settle in.")
    found = [entry.note.text for entry in notes.notes_for_athlete(athlete, today=today)]
    assert found == ["Settle in.", "Welcome to the block."]


# -- The calendar ------------------------------------------------------------------------------


def test_the_calendar_shows_each_note_on_its_day_or_week_with_who_sees_it(
    coach_client, block, coach
):
    day_note(block, coach, block.start + timedelta(days=1), "Bring gels\nand water.")
    day_note(block, coach, block.start + timedelta(days=1), SECRET, COACH)
    week_note(block, coach, 2, "Recovery week: keep it short.")
    html_ = page(coach_client, block)
    day = day_html(html_, block.start + timedelta(days=1))
    assert "Bring gels<br>and water." in day
    assert 'data-testid="note-athlete"' in day and 'data-testid="note-private"' in day
    assert "athlete sees</span>" in day and "private</span>" in day
    assert SECRET in day
    week = week_html(html_, 2)
    head = week[: week.index('<ol class="cal-days')]
    assert "Recovery week: keep it short." in head
    assert "Recovery week: keep it short." not in week_html(html_, 1)
    # Every day and week can take a note, from its folded form.
    assert len(re.findall(r'<details class="note-add"', week)) == 8


def test_the_note_forms_offer_exactly_the_models_choices(coach_client, block):
    html_ = week_html(page(coach_client, block), 1)
    offered = re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', html_)
    assert offered[:2] == list(NoteVisibility.choices)


# -- Views ---------------------------------------------------------------------------------------


def test_it_adds_a_day_note_from_the_calendar_and_goes_back_to_its_day(coach_client, block, coach):
    day = block.start + timedelta(days=3)
    data = {"date": day.isoformat(), "text": "Strides after.", "visibility": "coach"}
    response = coach_client.post(add_url(block), data, follow=True)
    note = CalendarNote.objects.get()
    assert (note.date, note.week, note.text, note.visibility, note.author) == (
        day,
        None,
        "Strides after.",
        COACH,
        coach,
    )
    assert response.redirect_chain[-1][0].endswith(f"#day-{day.isoformat()}")
    assert f"Added a note on {day:%a} {day.day} {day:%b} (private: only you see it)." in (
        messages_of(response)
    )


def test_it_adds_a_week_note_and_goes_back_to_its_week(coach_client, block):
    response = coach_client.post(
        add_url(block), {"week": "4", "text": "Cutback.", "visibility": "athlete"}
    )
    assert response.status_code == 302
    assert response.url.endswith("#week-4")
    assert CalendarNote.objects.get().week == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"week": "2", "text": "  ", "visibility": "athlete"}, "The note is empty"),
        ({"date": "2026-02-30", "text": "x", "visibility": "athlete"}, "is not a date"),
        ({"week": "two", "text": "x", "visibility": "athlete"}, "is not a number"),
        ({"week": "99", "text": "x", "visibility": "athlete"}, "There is no week 99"),
        ({"week": "2", "text": "x", "visibility": "nobody"}, "Select a valid choice"),
        ({"date": "1999-01-01", "text": "x", "visibility": "athlete"}, "is outside the block"),
        ({"text": "x", "visibility": "athlete"}, "give one of them"),
    ],
)
def test_a_bad_note_is_refused_with_its_reason_and_nothing_saved(
    coach_client, block, data, message
):
    response = coach_client.post(add_url(block), data, follow=True)
    assert response.status_code == 200
    assert "Note not added: " in messages_of(response)
    assert message in messages_of(response)
    assert not CalendarNote.objects.exists()


def test_it_edits_a_note_on_its_own_page(coach_client, block, coach):
    note = day_note(block, coach, text="Old text.")
    url = reverse("note-edit", args=[note.pk])
    form = coach_client.get(url)
    assert form.status_code == 200
    assert "Old text." in form.content.decode()
    assert f'href="{url}"' in page(coach_client, block)  # linked from the calendar
    response = coach_client.post(url, {"text": "New text.", "visibility": "coach"})
    assert response.status_code == 302
    assert f"#day-{block.start.isoformat()}" in response.url
    note.refresh_from_db()
    assert (note.text, note.visibility) == ("New text.", COACH)


def test_editing_a_note_to_nothing_is_refused_on_the_page(coach_client, block, coach):
    note = week_note(block, coach, text="Keep me.")
    response = coach_client.post(
        reverse("note-edit", args=[note.pk]), {"text": " ", "visibility": "athlete"}
    )
    assert response.status_code == 200
    assert "The note is empty" in response.content.decode()
    note.refresh_from_db()
    assert note.text == "Keep me."


def test_it_deletes_a_note_and_offers_an_undo_that_brings_it_back(coach_client, block, coach):
    note = week_note(block, coach, 5, "Long run Sunday.")
    response = coach_client.post(reverse("note-delete", args=[note.pk]), follow=True)
    assert not CalendarNote.objects.exists()
    shown = messages_of(response)
    assert "Deleted the note on week 5." in shown
    token = re.search(r'name="undo" value="([^"]+)"', shown)[1]
    restore = reverse("note-restore", args=[note.pk])
    assert restore in shown
    back = coach_client.post(restore, {"undo": token})
    assert back.status_code == 302 and back.url.endswith("#week-5")
    assert CalendarNote.objects.get().text == "Long run Sunday."


def test_an_undo_for_another_note_restores_nothing(coach_client, block, coach):
    token = notes.note_delete(note=day_note(block, coach))
    response = coach_client.post(reverse("note-restore", args=[12345]), {"undo": token})
    assert response.status_code == 302
    assert not CalendarNote.objects.exists()


def test_a_refused_undo_from_the_calendar_leaves_it_as_a_page_of_its_own(coach_client, block):
    """From htmx, the browser goes home itself: the redirect followed inside htmx would find
    no calendar to swap in and blank the page."""
    restore = reverse("note-restore", args=[1])
    response = coach_client.post(restore, {"undo": "forged"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("home")


def test_other_coach_gets_404_and_changes_nothing(client, block, coach, other_coach):
    note = day_note(block, coach, text="Mine.")
    token = notes.note_delete(note=week_note(block, coach, text="Deleted."))
    client.force_login(other_coach)
    data = {"week": "1", "text": "Theirs.", "visibility": "athlete"}
    assert client.post(add_url(block), data).status_code == 404
    assert client.get(reverse("note-edit", args=[note.pk])).status_code == 404
    assert client.post(reverse("note-edit", args=[note.pk]), data).status_code == 404
    assert client.post(reverse("note-delete", args=[note.pk])).status_code == 404
    pk = notes.note_undo_read(token=token)["pk"]
    assert client.post(reverse("note-restore", args=[pk]), {"undo": token}).status_code == 404
    assert list(CalendarNote.objects.values_list("text", flat=True)) == ["Mine."]


def test_the_athlete_cannot_add_edit_or_delete_notes(client, block, coach, athlete):
    note = day_note(block, coach, text="Mine.")
    client.force_login(athlete.user)
    data = {"week": "1", "text": "Mine now.", "visibility": "athlete"}
    assert client.post(add_url(block), data).status_code == 404
    assert client.get(reverse("note-edit", args=[note.pk])).status_code == 404
    assert client.post(reverse("note-edit", args=[note.pk]), data).status_code == 404
    assert client.post(reverse("note-delete", args=[note.pk])).status_code == 404
    assert list(CalendarNote.objects.values_list("text", flat=True)) == ["Mine."]


def test_anyone_signed_out_is_sent_to_log_in(client, block, coach):
    note = day_note(block, coach)
    for url in (add_url(block), reverse("note-edit", args=[note.pk])):
        response = client.post(url, {"week": "1", "text": "x", "visibility": "athlete"})
        assert response.status_code == 302 and "/login/" in response.url
    assert CalendarNote.objects.count() == 1


def test_creating_a_note_answers_only_post(coach_client, block):
    assert coach_client.get(add_url(block)).status_code == 405


# -- The athlete's page ------------------------------------------------------------------------


def _links(content: str) -> set[str]:
    return {href for href in re.findall(r'href="(/[^"#?]*)', content) if "logout" not in href}


def test_the_athlete_sees_the_visible_notes_and_no_response_holds_a_private_one(
    client, athlete, coach
):
    today = timezone.localdate()
    block = make_block(athlete, race_date=next_saturday(weeks_ahead=10))
    day_note(block, coach, today + timedelta(days=2), "Tempo on Thursday.")
    week = (today - block.start).days // 7 + 1
    week_note(block, coach, week, "Build week.")
    day_note(block, coach, today + timedelta(days=1), SECRET, COACH)
    week_note(block, coach, week, SECRET + " (week)", COACH)
    secret_day = CalendarNote.objects.filter(visibility=COACH).first()
    client.force_login(athlete.user)

    me = client.get(reverse("me")).content.decode()
    # The notes show with their day and their week of the plan, not in a list of their own.
    assert 'data-testid="coach-notes"' not in me
    assert me.count("Tempo on Thursday.") == 1 and me.count("Build week.") == 1
    day = re.search(
        rf'data-testid="plan-day" data-date="{today + timedelta(days=2):%Y-%m-%d}".*?</li>',
        me,
        re.S,
    )
    assert day and "Tempo on Thursday." in day.group()
    weeks = re.findall(r'<section class="card mb-3 athlete-week".*?</section>', me, re.S)
    this_week = next(w for w in weeks if "Build week." in w)
    assert f"week {week} of 18" in this_week

    # Every page the athlete can reach from home, and every page of the block and its notes.
    seen, queue, bodies = set(), ["/"], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        body = response.content.decode()
        bodies.append(body)
        queue += sorted(_links(body) - seen)
    for url in [
        reverse("block-detail", args=[block.pk]),
        reverse("block-week-edit", args=[block.pk, week]),
        reverse("note-edit", args=[secret_day.pk]),
        reverse("block-sessions-csv", args=[block.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 404
        bodies.append(response.content.decode())
    assert len(seen) > 1
    assert not [body for body in bodies if SECRET in body]


def test_an_athlete_without_a_coach_sees_no_notes_section(client):
    user = make_user("loner@example.com")
    client.force_login(user)
    assert "From your coach" not in client.get(reverse("me")).content.decode()


def test_from_the_calendar_with_htmx_the_answer_is_the_calendar_with_the_note(coach_client, block):
    data = {"week": "3", "text": "Hill week.", "visibility": "athlete"}
    response = coach_client.post(add_url(block), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Hill week." in week_html(response.content.decode(), 3)
    assert "Added a note on week 3 (the athlete sees it)." in messages_of(response)
