"""The coach's review queue and the marks on reviewed runs (docs/running.md §3.12). A coach
reaches only their athletes' runs (anyone else's is a 404); an athlete never the queue."""

import re
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from athletes.access import athlete_required, coach_required, own_athlete
from workouts import review_queue
from workouts.access import get_log_for_coach, get_own_log
from workouts.log_states import FINDING_LABELS
from workouts.models import BlockPhase, ReviewState

FILTERS = ("state", "code", "athlete", "phase")
# A run's id as ticked: ASCII digits, short enough for the database's integers.
_ID = re.compile(r"[0-9]{1,18}")


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        choices=ReviewState.choices,
        required=False,
        error_messages={"invalid_choice": "Choose a review state from the list."},
    )
    code = forms.ChoiceField(
        label="Finding",
        choices=[("", "Any finding")] + sorted(FINDING_LABELS.items()),
        required=False,
        error_messages={"invalid_choice": "Choose a finding from the list."},
    )
    athlete = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Every athlete",
        error_messages={"invalid_choice": "Choose one of your athletes from the list."},
    )
    phase = forms.ChoiceField(
        choices=[("", "Any phase")] + BlockPhase.choices,
        required=False,
        error_messages={"invalid_choice": "Choose a phase from the list."},
    )

    def __init__(self, *args, coach, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["athlete"].queryset = review_queue.coach_athletes(coach)


def _query(data) -> str:
    """The queue's filters as a query string, to come back to them after a mark."""
    kept = {key: data[key] for key in FILTERS if data.get(key)}
    return f"?{urlencode(kept)}" if kept else ""


@coach_required
def coach_review_queue(request):
    form = QueueFilterForm(request.GET or None, coach=request.user)
    filters, queue = {"state": ReviewState.NEW}, None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "state": data["state"] or ReviewState.NEW,
            "code": data["code"],
            "athlete_id": data["athlete"].pk if data["athlete"] else None,
            "phase": data["phase"],
        }
    if not form.is_bound or form.is_valid():
        queue = review_queue.review_queue(coach=request.user, **filters)
    context = {
        "form": form,
        "queue": queue,
        "state": filters["state"],
        "today": timezone.localdate(),  # a run of another year shows its year
        # The filters, sent again with a mark to come back to the queue as it was.
        "kept": [(key, request.GET[key]) for key in FILTERS if request.GET.get(key)],
    }
    return render(request, "workouts/queue.html", context)


@require_POST
@coach_required
def coach_queue_mark(request):
    """Mark the ticked runs (all or none), then back to the queue as it was filtered."""
    back = reverse("review-queue") + _query(request.POST)
    ticked = request.POST.getlist("log")
    if not all(_ID.fullmatch(pk) for pk in ticked):
        messages.error(request, "A ticked run is not one of the queue's: nothing was marked.")
        return redirect(back)
    ids = [int(pk) for pk in ticked]
    state = request.POST.get("mark", "")
    try:
        n = review_queue.log_reviews_mark(
            coach=request.user, log_ids=ids, state=state, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        label = ReviewState(state).label.lower()
        messages.success(request, f"Marked {n} run{'s' if n != 1 else ''} {label}.")
    return redirect(back)


@require_POST
@coach_required
def coach_log_review_state(request, pk):
    """Mark one run, from its review page (htmx swaps the control in place) or its row of the
    queue (a plain form, back to the queue as it was filtered)."""
    log = get_log_for_coach(request.user, pk)
    from_queue = request.POST.get("from") == "queue"
    context = {"log": log}
    try:
        mark = review_queue.log_review_mark(
            log=log, state=request.POST.get("mark", ""), by=request.user
        )
    except ValidationError as error:
        if request.htmx:
            context |= {"mark": getattr(log, "mark", None), "error": " ".join(error.messages)}
            return render(request, "workouts/queue_state_form.html", context)
        messages.error(request, " ".join(error.messages))
    else:
        if request.htmx:
            context |= {"mark": mark, "saved": True}
            return render(request, "workouts/queue_state_form.html", context)
        messages.success(request, f"Marked {mark.get_state_display().lower()}.")
    if from_queue:
        return redirect(reverse("review-queue") + _query(request.POST))
    return redirect("coach-log", pk=log.pk)


# -- The thread on a run ---------------------------------------------------------------------


def _comment(request, log, detail: str):
    try:
        review_queue.log_comment_add(
            log=log, author=request.user, text=request.POST.get("text", "")
        )
    except ValidationError as error:
        messages.error(request, "Not sent: " + " ".join(error.messages))
    else:
        # Only an athlete with an account is emailed (workouts/review_queue.py).
        emailed = log.athlete.user_id and request.user.pk != log.athlete.user_id
        told = " Your athlete is told by email." if emailed else ""
        messages.success(request, f"Comment sent.{told}")
    return redirect(reverse(detail, args=[log.pk]) + "#comments")


@require_POST
@coach_required
def coach_log_comment(request, pk):
    return _comment(request, get_log_for_coach(request.user, pk), "coach-log")


@require_POST
@athlete_required
def athlete_log_comment(request, pk):
    athlete = own_athlete(request.user)
    if athlete is None:
        raise Http404("No such page for your account.")
    return _comment(request, get_own_log(athlete, pk), "athlete-log")


# -- The coach's private notes ---------------------------------------------------------------


@require_POST
@coach_required
def coach_log_note(request, pk):
    """Save the private note on the run (`about=run`) or on its athlete (`about=athlete`)."""
    log = get_log_for_coach(request.user, pk)
    about = request.POST.get("about")
    if about not in ("run", "athlete"):
        messages.error(request, "Not saved: say whether the note is on the run or the athlete.")
        return redirect(reverse("coach-log", args=[log.pk]) + "#coach-notes")
    on = {"log": log} if about == "run" else {"athlete": log.athlete}
    try:
        note = review_queue.coach_note_save(
            coach=request.user, text=request.POST.get("text", ""), **on
        )
    except ValidationError as error:
        messages.error(request, "Not saved: " + " ".join(error.messages))
    else:
        what = "run" if about == "run" else log.athlete.full_name
        done = "Saved" if note else "Deleted"
        messages.success(
            request, f"{done} your private note on {'the ' if about == 'run' else ''}{what}."
        )
    return redirect(reverse("coach-log", args=[log.pk]) + "#coach-notes")
