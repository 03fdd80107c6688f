"""The forms of notes on a block's calendar (workouts/notes.py holds their rules)."""

from django import forms

from athletes.widgets import DateInput
from workouts.models import NOTE_MAX_CHARS, NoteVisibility
from workouts.notes import EMPTY_NOTE


class NoteForm(forms.Form):
    """A note's text and who sees it. The length is judged by notes.note_create/update once
    line endings are the stored ones, so a browser's CRLF never counts twice."""

    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_MAX_CHARS}),
        error_messages={"required": EMPTY_NOTE},
    )
    visibility = forms.ChoiceField(
        label="Who sees it", choices=NoteVisibility.choices, initial=NoteVisibility.ATHLETE
    )


class NoteAddForm(NoteForm):
    """A new note, on a day (YYYY-MM-DD) or on a week of the block (its number). The calendar
    sends them from hidden inputs of its own day or week."""

    date = forms.DateField(
        required=False,
        widget=DateInput,
        error_messages={"invalid": "The day of the note is not a date: give it as YYYY-MM-DD."},
    )
    week = forms.IntegerField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "The week of the note is not a number."},
    )
