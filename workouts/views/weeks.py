"""A block's weeks and what sits in them: a week's target and recovery week, B and C races
inside the block, and the block's sessions as a CSV file."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.text import slugify

from athletes.access import coach_required
from workouts import services
from workouts.access import get_block_for_coach
from workouts.forms import BlockWeekForm, RaceForm
from workouts.models import BlockWeek
from workouts.selectors import block_calendar, block_csv_rows, suggests_cutback
from workouts.views.navigation import back_to_calendar, undo_form


@coach_required
def block_week_edit(request, pk, index):
    block = get_block_for_coach(request.user, pk)
    if not 1 <= index <= block.n_weeks:
        raise Http404("No such week in this block.")
    units = block.athlete.units
    stored = BlockWeek.objects.filter(block=block, index=index).first()
    data = request.POST if request.method == "POST" else None
    form = BlockWeekForm(data, unit=units, week=stored)
    if form.is_valid():
        services.block_week_save(
            block=block,
            index=index,
            target_duration_s=form.cleaned_data["target_time"],
            target_distance_m=form.cleaned_data["target_distance"],
            is_cutback=form.cleaned_data["is_cutback"],
        )
        messages.success(request, f"Saved week {index}'s target.")
        return back_to_calendar(request, block, f"week-{index}")
    plan = block.as_value()
    week = plan.weeks[index - 1]
    context = {
        "race_block": block,  # not "block": inside {% block %} that name is the template block
        "form": form,
        "index": index,
        "week_label": plan.week_label(plan.weeks[index - 1]),
        "week": week,
        "suggest_cutback": suggests_cutback(plan, index),
        "units": units,
    }
    return render(request, "workouts/block_week_form.html", context)


def _undo_forms(request, replaced) -> str:
    forms = (
        undo_form(
            request,
            url=reverse("session-restore", args=[pk]),
            token=token,
            done=f"Replaced the {name}.",
        )
        for name, pk, token in replaced
    )
    return format_html_join(" ", "{}", ((form,) for form in forms))


@coach_required
def block_race_add(request, pk):
    """GET: the form on its own page; POST: add the race (it replaces the day's sessions)."""
    block = get_block_for_coach(request.user, pk)
    units = block.athlete.units
    form = RaceForm(request.POST if request.method == "POST" else None, unit=units)
    refused = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            race, replaced = services.block_race_add(
                block=block,
                date=data["date"],
                name=data["name"],
                distance_m=data["distance_m"],
                priority=data["priority"],
            )
        except services.BlockRejected as error:
            refused = error.messages
        else:
            day = race.date
            when = f"{day:%a} {day.day} {day:%b}"
            messages.success(
                request, f"Added the {race.get_priority_display()} {race.title} on {when}."
            )
            if replaced:
                messages.info(request, _undo_forms(request, replaced))
            return back_to_calendar(request, block, f"day-{day.isoformat()}")
    if request.htmx and request.method == "POST":
        # From the calendar's folded form: the calendar again, the form open with its errors
        # and what was typed (the race form's page has no calendar for htmx to swap in).
        extra = {"race_form": form, "race_refused": refused}
        return back_to_calendar(request, block, "race-add", extra=extra)
    context = {"race_block": block, "form": form, "refused": refused, "units": units}
    return render(request, "workouts/block_race_form.html", context)


@coach_required
def block_sessions_csv(request, pk):
    block = get_block_for_coach(request.user, pk)
    calendar = block_calendar(block, today=timezone.localdate())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(f"{block.athlete.full_name} {block.race_name}") or "block"
    response["Content-Disposition"] = f'attachment; filename="{name}-sessions.csv"'
    csv.writer(response).writerows(block_csv_rows(calendar))
    return response
