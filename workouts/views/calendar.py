"""The coach's block page: the calendar of a block, its proposal and its re-plan from a date."""

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from athletes.access import coach_required
from workouts import services
from workouts.access import get_block_for_coach
from workouts.models import SkipReason
from workouts.selectors import block_calendar
from workouts.views.navigation import back_to_calendar, render_calendar, week_indices


@coach_required
def block_detail(request, pk):
    block = get_block_for_coach(request.user, pk)
    shown = week_indices(request.GET.get("show"))
    return render_calendar(request, block, shown=shown, show_all=request.GET.get("weeks") == "all")


@coach_required
def block_week_days(request, pk, index):
    """One week of the calendar in full, for htmx to put in place of its head as it scrolls
    into view; without htmx, the calendar showing that week."""
    block = get_block_for_coach(request.user, pk)
    if not request.htmx:
        url = reverse("block-detail", args=[block.pk])
        return redirect(f"{url}?show={index}#week-{index}")
    calendar = block_calendar(block, today=timezone.localdate())
    week = next((week for week in calendar.weeks if week.index == index), None)
    if week is None:
        raise Http404("No such week in this block.")
    context = {"calendar": calendar, "week": week, "units": calendar.units}
    context["add_url"] = reverse("session-create", args=[block.pk])
    return render(request, "workouts/calendar_week.html", context)


@require_POST
@coach_required
def block_propose(request, pk):
    block = get_block_for_coach(request.user, pk)
    try:
        proposal = services.block_propose(block=block)
    except ValueError as error:
        # The athlete's days leave the planner nothing to work with (block_plan says why).
        messages.error(request, f"Nothing proposed: {error}. Change it on the athlete's profile.")
        return back_to_calendar(request, block)
    n = len(proposal.runs)
    messages.success(request, f"Proposed {n} progression run{'' if n == 1 else 's'}.")
    for note in proposal.notes:
        messages.info(request, note)
    return back_to_calendar(request, block)


def _replan_date(text: str) -> tuple[date | None, str | None]:
    """The re-plan's date as the form sent it, or why it is not one."""
    try:
        return date.fromisoformat(text.strip()), None
    except ValueError:
        return None, f"“{text}” is not a date: choose a day of the block, as YYYY-MM-DD."


@coach_required
def block_replan(request, pk):
    """GET: the date form and, once a date is chosen, what re-planning from it changes.
    POST: apply those changes (computed afresh), then back to the calendar."""
    block = get_block_for_coach(request.user, pk)
    today = timezone.localdate()
    text = request.POST.get("from") if request.method == "POST" else request.GET.get("from")
    # Not "block": inside {% block %} the template language means the template block by it.
    context = {"training_block": block, "athlete": block.athlete, "units": block.athlete.units}
    default = min(max(today, block.start), block.race_date)
    context |= {"value": default.isoformat(), "errors": [], "replan": None}
    context |= _skip_form_context(block, today)
    if text is None:
        return render(request, "workouts/block_replan.html", context)
    from_date, error = _replan_date(text)
    context["value"] = text
    try:
        if error:
            raise services.BlockRejected([error])
        if request.method == "POST":
            replan = services.block_replan_apply(block=block, from_date=from_date)
            messages.success(request, _applied(replan))
            return back_to_calendar(request, block, from_date)
        replan = services.block_replan_preview(block=block, from_date=from_date)
        context |= {"replan": replan, "changes": _changes(replan)}
    except services.BlockRejected as rejected:
        context["errors"] = rejected.messages
    return render(request, "workouts/block_replan.html", context)


def _changes(replan) -> list[tuple[str, object, object | None]]:
    """The preview's lines by date: ("added", run, None), ("removed", run, None) or
    ("changed", before, after)."""
    lines = [("added", run, None) for run in replan.added]
    lines += [("removed", run, None) for run in replan.removed]
    lines += [("changed", change.before, change.after) for change in replan.changed]
    return sorted(lines, key=lambda line: line[1].date)


def _applied(replan) -> str:
    if replan.is_empty:
        return f"Nothing changed: the runs from {replan.from_date:%a} {replan.from_date.day} {replan.from_date:%b} were already as proposed."
    counts = [
        (len(replan.added), "added"),
        (len(replan.removed), "removed"),
        (len(replan.changed), "changed"),
    ]
    done = ", ".join(f"{n} {what}" for n, what in counts if n)
    return f"Re-planned from {replan.from_date:%a} {replan.from_date.day} {replan.from_date:%b %Y}: {done}."


def _skip_form_context(block, today: date) -> dict:
    """The bulk "mark as not run" form's defaults: the two weeks up to yesterday, in the block."""
    last = min(today - timedelta(days=1), block.end)
    first = max(block.start, last - timedelta(days=13))
    return {
        "skip_reasons": SkipReason.choices,
        "skip_start": first.isoformat(),
        "skip_end": last.isoformat(),
        "skip_max": min(today, block.end).isoformat(),
        "skip_errors": [],
        "skip_reason": SkipReason.ILL,
        # A block not yet begun has no day to mark.
        "skip_possible": block.start < today,
    }


@require_POST
@coach_required
def block_skip_range(request, pk):
    """Mark every session of a span of days as not run (after illness, say), then back to the
    re-plan page, from the day after the span."""
    block = get_block_for_coach(request.user, pk)
    today = timezone.localdate()
    start, error = _replan_date(request.POST.get("start", ""))
    end, end_error = _replan_date(request.POST.get("end", ""))
    reason = request.POST.get("reason", "").strip()
    try:
        if error or end_error:
            raise services.BlockRejected([error or end_error])
        n = services.block_skip_range(block=block, start=start, end=end, reason=reason)
    except services.BlockRejected as rejected:
        context = {"training_block": block, "athlete": block.athlete, "units": block.athlete.units}
        default = min(max(today, block.start), block.race_date)
        context |= {"value": default.isoformat(), "errors": [], "replan": None}
        context |= _skip_form_context(block, today)
        context |= {
            "skip_errors": rejected.messages,
            "skip_reason": reason,
            "skip_start": request.POST.get("start", ""),
            "skip_end": request.POST.get("end", ""),
        }
        return render(request, "workouts/block_replan.html", context, status=400)
    label = SkipReason(reason).label
    messages.success(
        request,
        f"Marked {n} session{'' if n == 1 else 's'} from {start:%a} {start.day} {start:%b} to {end:%a} {end.day} {end:%b}"
        f" as not run ({label}).",
    )
    resume = min(end + timedelta(days=1), block.race_date)
    return redirect(f"{reverse('block-replan', args=[block.pk])}?from={resume.isoformat()}")
