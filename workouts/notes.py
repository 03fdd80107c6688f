"""Notes on a block's calendar: a coach's note on a day or on a week, that the athlete sees or
that stays private to the coach (docs/running.md §4.9). Services to write them, selectors to
read them for the calendar (one query) and for the athlete (never a private one)."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.core import signing
from django.db import transaction
from django.db.models import Q

from workouts.athlete_plan import athlete_last_visible_day
from workouts.models import (
    MAX_RECOVERY_WEEKS,
    NOTE_MAX_CHARS,
    Block,
    CalendarNote,
    NoteVisibility,
)

UNDO_SALT = "workouts.note-undo"
# An undo is offered right after a delete; a day later it is stale (as for sessions).
UNDO_MAX_AGE_S = 24 * 3600
# The athlete's page shows the notes of this week of their block and of the days ahead.
ATHLETE_DAYS_AHEAD = 14
WEEK = timedelta(days=7)
EMPTY_NOTE = "The note is empty: write what the athlete (or you) should read."


class NoteRejected(Exception):
    """The note cannot be saved as given (nothing was saved); `messages` say why."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def block_last_day(block: Block) -> date:
    """The block's last day on the calendar: race day, or the end of its recovery weeks."""
    return block.end


def block_week_count(block: Block) -> int:
    """The weeks a note may go on: the block's, and its recovery weeks after the race."""
    return ((block_last_day(block) - block.start).days + 1) // 7


def week_dates(block: Block, week: int) -> tuple[date, date]:
    """The first and last day of week `week` of the block (1 = the first)."""
    first = block.start + (week - 1) * WEEK
    return first, first + timedelta(days=6)


def _clean_text(text: str) -> str:
    # A browser sends a textarea's lines ended by CRLF: notes keep LF, like session notes.
    return (text or "").replace("\r\n", "\n").strip()


def _refusals(block: Block, *, day: date | None, week: int | None, text: str, visibility) -> list:
    problems = []
    if (day is None) == (week is None):
        problems.append("A note goes on a day or on a week of the block: give one of them.")
    elif day is not None and not block.start <= day <= block_last_day(block):
        last = block_last_day(block)
        problems.append(
            f"{day:%a} {day.day} {day:%b %Y} is outside the block: choose a day from "
            f"{block.start:%a} {block.start.day} {block.start:%b} to {last:%a} {last.day} "
            f"{last:%b %Y}."
        )
    elif week is not None and not 1 <= week <= block_week_count(block):
        n = block_week_count(block)
        problems.append(f"There is no week {week}: the block has weeks 1 to {n}.")
    if not text:
        problems.append(EMPTY_NOTE)
    elif len(text) > NOTE_MAX_CHARS:
        problems.append(
            f"The note is {len(text)} characters long: keep it to {NOTE_MAX_CHARS} at most."
        )
    if visibility not in NoteVisibility.values:
        problems.append("Choose who sees the note: the athlete, or only you.")
    return problems


def note_create(
    *,
    block: Block,
    author,
    date: date | None = None,
    week: int | None = None,
    text: str,
    visibility: str = NoteVisibility.ATHLETE,
) -> CalendarNote:
    """A note on a day of the block (start to its last day) or on one of its weeks."""
    text = _clean_text(text)
    problems = _refusals(block, day=date, week=week, text=text, visibility=visibility)
    if problems:
        raise NoteRejected(problems)
    with transaction.atomic():
        return CalendarNote.objects.create(
            block=block, author=author, date=date, week=week, text=text, visibility=visibility
        )


def note_update(*, note: CalendarNote, text: str, visibility: str) -> CalendarNote:
    """A note's new text and who sees it; its day or week stays."""
    text = _clean_text(text)
    problems = _refusals(
        note.block, day=note.date, week=note.week, text=text, visibility=visibility
    )
    if problems:
        raise NoteRejected(problems)
    note.text, note.visibility = text, visibility
    with transaction.atomic():
        note.save(update_fields=["text", "visibility", "updated_at"])
    return note


def note_delete(*, note: CalendarNote) -> str:
    """Delete a note; the answer is an undo token (signed, so it cannot be forged) holding the
    whole note, for `note_restore` to bring it back as it was."""
    snapshot = {
        "pk": note.pk,
        "block_id": note.block_id,
        "date": note.date.isoformat() if note.date else None,
        "week": note.week,
        "text": note.text,
        "visibility": note.visibility,
        "author_id": note.author_id,
        "created_at": note.created_at.isoformat(),
        "updated_at": note.updated_at.isoformat(),
    }
    token = signing.dumps(snapshot, salt=UNDO_SALT, compress=True)
    note.delete()
    return token


def note_undo_read(*, token: str) -> dict:
    """The note an undo token holds; a tampered or day-old token is refused."""
    try:
        return signing.loads(token, salt=UNDO_SALT, max_age=UNDO_MAX_AGE_S)
    except signing.SignatureExpired:
        raise NoteRejected(
            ["This undo has expired: a deleted note can be brought back for a day."]
        ) from None
    except signing.BadSignature:
        raise NoteRejected(["This undo is not valid: nothing was restored."]) from None


def note_restore(*, block: Block, snapshot: dict) -> CalendarNote:
    """Bring a deleted note back as it was, with its id. A note restored already, or of
    another block, is refused."""
    if snapshot["block_id"] != block.pk:
        raise NoteRejected(["This undo belongs to another block: nothing was restored."])
    if CalendarNote.objects.filter(pk=snapshot["pk"]).exists():
        raise NoteRejected(["This note is back already."])
    # Its day or week may have left the block since (fewer recovery weeks): not restored there.
    day = date.fromisoformat(snapshot["date"]) if snapshot["date"] else None
    problems = _refusals(
        block,
        day=day,
        week=snapshot["week"],
        text=snapshot["text"],
        visibility=snapshot["visibility"],
    )
    if problems:
        raise NoteRejected([*problems, "Nothing was restored."])
    with transaction.atomic():
        note = CalendarNote.objects.create(
            pk=snapshot["pk"],
            block=block,
            author_id=snapshot["author_id"],
            date=day,
            week=snapshot["week"],
            text=snapshot["text"],
            visibility=snapshot["visibility"],
            created_at=datetime.fromisoformat(snapshot["created_at"]),
        )
        # As it was, to its last change: update() leaves auto_now alone.
        CalendarNote.objects.filter(pk=note.pk).update(
            updated_at=datetime.fromisoformat(snapshot["updated_at"])
        )
        note.refresh_from_db()
    return note


# -- Reading them ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BlockNotes:
    """A block's notes, each day's and each week's in the order they were written."""

    by_day: dict[date, tuple[CalendarNote, ...]]
    by_week: dict[int, tuple[CalendarNote, ...]]


def block_notes(block: Block) -> BlockNotes:
    """Every note of the block, grouped by day and by week, in one query."""
    by_day, by_week = defaultdict(list), defaultdict(list)
    for note in CalendarNote.objects.filter(block=block).order_by("created_at", "pk"):
        note.block = block  # the partials read the block; no query per note
        if note.date is not None:
            by_day[note.date].append(note)
        else:
            by_week[note.week].append(note)
    return BlockNotes(
        by_day={day: tuple(notes) for day, notes in by_day.items()},
        by_week={week: tuple(notes) for week, notes in by_week.items()},
    )


def with_notes(block: Block, weeks: tuple) -> tuple:
    """The calendar's weeks (selectors.CalendarWeek) with their notes and their days' (one
    query, whatever the block's length)."""
    notes = block_notes(block)
    return tuple(
        replace(
            week,
            notes=notes.by_week.get(week.index, ()),
            days=tuple(replace(day, notes=notes.by_day.get(day.date, ())) for day in week.days),
        )
        for week in weeks
    )


@dataclass(frozen=True)
class AthleteNote:
    """A note as the athlete's page lists it: on a day, or on a week (its first to last day)."""

    note: CalendarNote
    block: Block
    first_day: date
    last_day: date

    @property
    def is_week(self) -> bool:
        return self.note.week is not None

    @property
    def week_label(self) -> str:
        if not self.is_week:
            return ""
        n_weeks = self.block.n_weeks
        if self.note.week > n_weeks:
            return f"Recovery week {self.note.week - n_weeks}"
        return f"Week {self.note.week} of {n_weeks}"


def notes_for_athlete(
    athlete, *, today: date, days_ahead: int = ATHLETE_DAYS_AHEAD
) -> tuple[AthleteNote, ...]:
    """The notes the athlete may read (never a private one) of their current and upcoming
    blocks: those of the block week holding today and of the days up to `days_ahead` on, week
    notes before the day notes they cover. Nothing past the last day the coach lets the
    athlete see of the plan (docs/running.md §4.10): a note there would tell the hidden plan.
    One query."""
    until = today + timedelta(days=days_ahead)
    last_visible = athlete_last_visible_day(athlete, today=today)
    if last_visible is not None:
        until = min(until, last_visible)
    notes = (
        CalendarNote.objects.filter(
            block__athlete=athlete,
            # A block whose race is further back than its longest recovery is over.
            block__race_date__gte=today - MAX_RECOVERY_WEEKS * WEEK,
            visibility=NoteVisibility.ATHLETE,
        )
        .filter(Q(week__isnull=False) | Q(date__gte=today - WEEK, date__lte=until))
        .select_related("block")
    )
    found = []
    for note in notes:
        block = note.block
        if block_last_day(block) < today:
            continue
        opens = _window_opens(block, today)
        first, last = (note.date, note.date) if note.date else week_dates(block, note.week)
        # A note left past the block's end (its recovery weeks shortened) is off the calendar.
        if first <= until and last >= opens and last <= block_last_day(block):
            found.append(AthleteNote(note=note, block=block, first_day=first, last_day=last))
    return tuple(sorted(found, key=lambda n: (n.first_day, not n.is_week, n.note.created_at)))


def _window_opens(block: Block, today: date) -> date:
    """The first day of the block week holding today; today itself outside the block's weeks."""
    if block.start <= today <= block_last_day(block):
        return block.start + ((today - block.start).days // 7) * WEEK
    return today
