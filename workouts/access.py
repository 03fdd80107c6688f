"""Every lookup of templates and blocks passes through here: built-in templates are everyone's,
the rest their coach's; a block is its athlete's coach's."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from workouts.models import (
    Block,
    BlockTemplate,
    CalendarNote,
    PlannedSession,
    ProgressionTemplate,
    RunLog,
)


def visible_templates(coach):
    return ProgressionTemplate.objects.filter(Q(owner=None) | Q(owner=coach))


def get_template_for_coach(coach, pk: int) -> ProgressionTemplate:
    """A template the coach may read: built-in or their own."""
    return get_object_or_404(visible_templates(coach), pk=pk)


def get_own_template(coach, pk: int) -> ProgressionTemplate:
    """A template the coach may change: their own only."""
    return get_object_or_404(ProgressionTemplate, pk=pk, owner=coach)


def get_block_for_coach(coach, pk: int) -> Block:
    """A block of one of the coach's athletes; anyone else's is a 404."""
    return get_object_or_404(Block.objects.select_related("athlete"), pk=pk, athlete__coach=coach)


def get_session_for_coach(coach, pk: int) -> PlannedSession:
    """A planned session on a block of one of the coach's athletes; anyone else's is a 404."""
    sessions = PlannedSession.objects.select_related("block__athlete")
    return get_object_or_404(sessions, pk=pk, block__athlete__coach=coach)


def get_note_for_coach(coach, pk: int) -> CalendarNote:
    """A note on a block of one of the coach's athletes; anyone else's is a 404."""
    notes = CalendarNote.objects.select_related("block__athlete")
    return get_object_or_404(notes, pk=pk, block__athlete__coach=coach)


def upcoming_blocks(coach):
    """The coach's blocks whose race is still ahead (today's included)."""
    blocks = Block.objects.filter(athlete__coach=coach, race_date__gte=timezone.localdate())
    return blocks.select_related("athlete").order_by("race_date", "pk")


def get_block_template_for_coach(coach, pk: int) -> BlockTemplate:
    """A block template of the coach's own; anyone else's is a 404."""
    return get_object_or_404(BlockTemplate, pk=pk, coach=coach)


def get_log_for_coach(coach, pk: int) -> RunLog:
    """A logged run of one of the coach's athletes (docs/running.md §3.11); else a 404."""
    return get_object_or_404(_logs(), pk=pk, athlete__coach=coach)


def get_own_log(athlete, pk: int) -> RunLog:
    """One of the athlete's own logged runs; anyone else's (or no athlete) is a 404."""
    return get_object_or_404(_logs(), pk=pk, athlete=athlete)


def _logs():
    # The file's name and size come along; its bytes only when downloaded.
    return RunLog.objects.select_related("athlete", "session__block", "file").defer("file__data")
