"""Block pages of the coach: a new block for an athlete, and its phases moved by the week."""

from django.contrib import messages
from django.shortcuts import redirect, render

from athletes.access import coach_required, get_athlete_for_coach
from workouts import block_plan, services
from workouts.access import get_block_for_coach
from workouts.forms import BlockForm, PhaseWeeksFormSet


@coach_required
def block_create(request, pk):
    athlete = get_athlete_for_coach(request.user, pk)
    if request.htmx and request.method == "GET":
        # The dates as the coach types: the form's fields arrive in the query string.
        form = BlockForm(request.GET, athlete=athlete)
        return render(request, "workouts/block_dates.html", {"dates": form.dates()})
    form = BlockForm(request.POST or None, athlete=athlete)
    if request.method == "POST" and form.is_valid():
        try:
            block = services.block_create(athlete=athlete, **form.cleaned_data)
        except services.BlockRejected as rejected:
            for message in rejected.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Block for {block} created, with its proposed phases.")
            return redirect("block-detail", pk=block.pk)
    context = {"form": form, "athlete": athlete, "dates": form.dates()}
    return render(request, "workouts/block_form.html", context)


@coach_required
def block_phases_edit(request, pk):
    block = get_block_for_coach(request.user, pk)
    stored = {span.phase: span for span in block.phases.all()}
    initial = [
        {"first_week": span.first_week, "last_week": span.last_week} if span else {}
        for span in (stored.get(phase) for phase in block_plan.BLOCK_PHASES)
    ]
    # An htmx GET carries the weeks as typed, to show the days they cover before saving.
    data = request.POST if request.method == "POST" else (request.GET if request.htmx else None)
    formset = PhaseWeeksFormSet(data, initial=initial, n_weeks=block.n_weeks)
    refused = []
    if request.method == "POST" and formset.is_valid():
        try:
            services.block_phases_set(block=block, spans=formset.spans())
        except services.BlockRejected as rejected:
            refused = rejected.messages
        else:
            messages.success(request, "Phases saved.")
            return redirect("block-detail", pk=block.pk)
    context = {
        # Not "block": the template engine's {% block %} tags take that name.
        "race_block": block,
        "formset": formset,
        "rows": _phase_rows(block, formset),
        "refused": refused,
    }
    return render(request, "workouts/block_phases_form.html", context)


def _phase_rows(block, formset):
    """Each phase's form with the days its weeks cover (None while they are not weeks of the
    block, or run backwards)."""
    weeks = block_plan.block_weeks(block.race_date, block.n_weeks)
    rows = []
    for form in formset:
        numbers = form.week_numbers()
        days = None
        if numbers and 1 <= numbers[0] <= numbers[1] <= len(weeks):
            days = (weeks[numbers[0] - 1].start, weeks[numbers[1] - 1].end)
        rows.append((form, days))
    return rows
