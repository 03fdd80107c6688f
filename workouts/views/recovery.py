"""The recovery weeks after a block's race: how many, changed from the block page."""

from django.contrib import messages
from django.shortcuts import redirect, render

from athletes.access import coach_required
from workouts.access import get_block_for_coach
from workouts.recovery import RecoveryWeeksForm, block_recovery_weeks_set
from workouts.services import BlockRejected


@coach_required
def block_recovery_edit(request, pk):
    block = get_block_for_coach(request.user, pk)
    initial = {"recovery_weeks": block.recovery_weeks}
    form = RecoveryWeeksForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        weeks = form.cleaned_data["recovery_weeks"]
        try:
            block_recovery_weeks_set(block=block, recovery_weeks=weeks)
        except BlockRejected as rejected:
            for message in rejected.messages:
                form.add_error("recovery_weeks", message)
        else:
            messages.success(request, f"Recovery after the race: {weeks} week{'s' * (weeks != 1)}.")
            return redirect("block-detail", pk=block.pk)
    # Not "block": the template engine's {% block %} tags take that name.
    context = {"race_block": block, "form": form}
    return render(request, "workouts/block_recovery_form.html", context)
