"""Bulk edits of a block's calendar: copy a week onto another, repeat a session weekly,
insert or take out a rest day (the following sessions move with it), apply a template to
chosen days. Each posts a small form, calls one service and goes back to the calendar
with what it did, what it left alone and the rules' warnings as messages."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from athletes.access import coach_required
from workouts import services
from workouts.access import get_block_for_coach, get_session_for_coach, get_template_for_coach
from workouts.forms import RepeatWeeklyForm, RestDayForm, TemplateApplyForm, WeekCopyForm
from workouts.models import Block
from workouts.views.navigation import back_to_calendar


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _run(request, prefix: str, edit) -> None:
    """Call the service and say what it did; a refusal says why, and nothing changed."""
    try:
        done = edit()
    except services.BlockRejected as rejected:
        messages.error(request, f"{prefix}: {' '.join(rejected.messages)}")
        return
    messages.success(request, done.summary)
    for note in done.notes:
        messages.info(request, note)
    for warning in done.warnings:
        messages.warning(request, warning)


@require_POST
@coach_required
def block_week_copy(request, pk):
    block = get_block_for_coach(request.user, pk)
    form = WeekCopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing copied: {_form_errors(form)}")
        return back_to_calendar(request, block, "calendar")
    data = form.cleaned_data
    _run(
        request,
        "Nothing copied",
        lambda: services.block_week_copy(
            block=block,
            from_week=data["from_week"],
            to_week=data["to_week"],
            replace=data["replace"],
        ),
    )
    return back_to_calendar(request, block, f"week-{data['to_week']}")


@require_POST
@coach_required
def session_repeat(request, pk):
    session = get_session_for_coach(request.user, pk)
    form = RepeatWeeklyForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing repeated: {_form_errors(form)}")
    else:
        n_weeks = form.cleaned_data["n_weeks"]
        _run(
            request,
            "Nothing repeated",
            lambda: services.session_repeat_weekly(session=session, n_weeks=n_weeks),
        )
    return back_to_calendar(request, session.block, f"day-{session.date.isoformat()}")


def _rest_day(request, pk, service):
    block = get_block_for_coach(request.user, pk)
    form = RestDayForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing moved: {_form_errors(form)}")
        return back_to_calendar(request, block, "calendar")
    day = form.cleaned_data["date"]
    _run(request, "Nothing moved", lambda: service(block=block, day=day))
    return back_to_calendar(request, block, f"day-{day.isoformat()}")


@require_POST
@coach_required
def rest_day_insert(request, pk):
    return _rest_day(request, pk, services.block_rest_day_insert)


@require_POST
@coach_required
def rest_day_remove(request, pk):
    return _rest_day(request, pk, services.block_rest_day_remove)


@require_POST
@coach_required
def template_apply(request, pk):
    """From a template's page: its stages onto chosen days of one of the coach's blocks."""
    template = get_template_for_coach(request.user, pk)
    blocks = Block.objects.filter(athlete__coach=request.user).select_related("athlete")
    form = TemplateApplyForm(request.POST, blocks=list(blocks))
    if not form.is_valid():
        messages.error(request, f"Nothing applied: {_form_errors(form)}")
        return redirect("template-detail", pk=template.pk)
    block, days = form.cleaned_data["block_obj"], form.cleaned_data["days"]
    _run(
        request,
        "Nothing applied",
        lambda: services.block_template_apply(block=block, template=template, days=days),
    )
    return back_to_calendar(request, block, f"day-{min(days).isoformat()}")
