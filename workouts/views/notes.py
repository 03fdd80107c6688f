"""Notes on a block's calendar: add one on a day or a week, edit it, delete it (with undo).
Each action goes back to the calendar at the note's day or week, with a message."""

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from athletes.access import coach_required
from workouts import notes
from workouts.access import get_block_for_coach, get_note_for_coach
from workouts.models import NOTE_MAX_CHARS
from workouts.note_forms import NoteAddForm, NoteForm
from workouts.views.navigation import back_to_calendar, leave_calendar, offer_undo


def _anchor(note_date, week) -> str:
    """The calendar element a note sits in: its day, or its week."""
    if note_date is not None:
        return f"day-{note_date.isoformat()}"
    return f"week-{week}" if week else ""


def _where(note) -> str:
    if note.date is not None:
        return f"on {note.date:%a} {note.date.day} {note.date:%b}"
    return f"on week {note.week}"


def _who(note) -> str:
    return "private: only you see it" if note.is_private else "the athlete sees it"


def _form_errors(form) -> list[str]:
    return [error for errors in form.errors.values() for error in errors]


@require_POST
@coach_required
def note_create(request, pk):
    block = get_block_for_coach(request.user, pk)
    form = NoteAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Note not added: " + " ".join(_form_errors(form)))
        return back_to_calendar(request, block)
    data = form.cleaned_data
    anchor = _anchor(data["date"], data["week"])
    try:
        note = notes.note_create(
            block=block,
            author=request.user,
            date=data["date"],
            week=data["week"],
            text=data["text"],
            visibility=data["visibility"],
        )
    except notes.NoteRejected as error:
        messages.error(request, "Note not added: " + " ".join(error.messages))
        return back_to_calendar(request, block, anchor)
    messages.success(request, f"Added a note {_where(note)} ({_who(note)}).")
    return back_to_calendar(request, block, anchor)


@coach_required
def note_edit(request, pk):
    note = get_note_for_coach(request.user, pk)
    block = note.block
    initial = {"text": note.text, "visibility": note.visibility}
    form = NoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notes.note_update(
                note=note,
                text=form.cleaned_data["text"],
                visibility=form.cleaned_data["visibility"],
            )
        except notes.NoteRejected as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Saved the note {_where(note)} ({_who(note)}).")
            return back_to_calendar(request, block, _anchor(note.date, note.week))
    context = {"note": note, "race_block": block, "form": form, "where": _where(note)}
    context["max_chars"] = NOTE_MAX_CHARS
    return render(request, "workouts/note_form.html", context)


@require_POST
@coach_required
def note_delete(request, pk):
    note = get_note_for_coach(request.user, pk)
    block, where, anchor = note.block, _where(note), _anchor(note.date, note.week)
    token = notes.note_delete(note=note)
    restore = reverse("note-restore", args=[pk])
    offer_undo(request, url=restore, token=token, done=f"Deleted the note {where}.")
    return back_to_calendar(request, block, anchor)


@require_POST
@coach_required
def note_restore(request, pk):
    try:
        snapshot = notes.note_undo_read(token=request.POST.get("undo", ""))
    except notes.NoteRejected as error:
        messages.error(request, " ".join(error.messages))
        return leave_calendar(request, "home")
    if snapshot.get("pk") != pk:
        messages.error(request, "This undo is not valid: nothing was restored.")
        return leave_calendar(request, "home")
    block = get_block_for_coach(request.user, snapshot["block_id"])
    try:
        note = notes.note_restore(block=block, snapshot=snapshot)
    except notes.NoteRejected as error:
        messages.error(request, " ".join(error.messages))
        return back_to_calendar(request, block)
    messages.success(request, f"Restored the note {_where(note)}.")
    return back_to_calendar(request, block, _anchor(note.date, note.week))
