"""Every template lookup passes through here: built-ins are everyone's, the rest their coach's."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from workouts.models import ProgressionTemplate


def visible_templates(coach):
    return ProgressionTemplate.objects.filter(Q(owner=None) | Q(owner=coach))


def get_template_for_coach(coach, pk: int) -> ProgressionTemplate:
    """A template the coach may read: built-in or their own."""
    return get_object_or_404(visible_templates(coach), pk=pk)


def get_own_template(coach, pk: int) -> ProgressionTemplate:
    """A template the coach may change: their own only."""
    return get_object_or_404(ProgressionTemplate, pk=pk, owner=coach)
