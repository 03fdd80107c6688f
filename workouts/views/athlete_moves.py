"""An athlete moving one of their own sessions to another day, and the coach's locks against
it: per session (from the chip) and per block (from the block's header)."""

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from athletes.access import athlete_required, coach_required, own_athlete
from workouts import athlete_moves
from workouts.access import get_block_for_coach, get_session_for_coach
from workouts.athlete_pages import athlete_session_page, get_visible_session
from workouts.views.navigation import back_to_calendar


def _parse_day(text) -> date | None:
    try:
        return date.fromisoformat(str(text or "").strip())
    except ValueError:
        return None


@require_POST
@athlete_required
def athlete_session_move(request, pk):
    """Move the athlete's own (visible) session; refused with the reason (403 when the coach
    fixed it, 400 otherwise), the session page showing it; else back to the page at its day."""
    athlete = own_athlete(request.user)
    if athlete is None:
        raise Http404("No such session.")
    session = get_visible_session(athlete, pk)
    old_day = session.date
    try:
        check = athlete_moves.athlete_session_move(
            session=session, date=_parse_day(request.POST.get("date"))
        )
    except athlete_moves.MoveRefused as refused:
        messages.error(request, f"Not moved: {' '.join(refused.messages)}")
        fixed = athlete_moves.FIXED_BY_COACH in refused.messages
        context = {"athlete": athlete, "page": athlete_session_page(athlete, session)}
        return render(
            request, "workouts/athlete_session.html", context, status=403 if fixed else 400
        )
    if session.date != old_day:
        day = session.date
        messages.success(
            request, f"Moved to {day:%a} {day.day} {day:%b}. Your coach has been told."
        )
    for warning in athlete_moves.athlete_move_warnings(check, session=session):
        messages.warning(request, warning)
    return redirect("athlete-session", pk=session.pk)


@require_POST
@coach_required
def session_athlete_lock(request, pk):
    session = get_session_for_coach(request.user, pk)
    locked = request.POST.get("athlete_locked") == "1"
    athlete_moves.session_athlete_lock(session=session, locked=locked)
    name = session.block.athlete.first_name
    if locked:
        messages.success(request, f"Fixed the {session}: {name} cannot move it.")
    else:
        messages.success(request, f"{name} may move the {session} again.")
    return back_to_calendar(request, session.block, session.date)


@require_POST
@coach_required
def block_athlete_moves(request, pk):
    block = get_block_for_coach(request.user, pk)
    allowed = request.POST.get("allowed") == "1"
    athlete_moves.block_athlete_moves(block=block, allowed=allowed)
    name = block.athlete.first_name
    if allowed:
        messages.success(request, f"{name} may move this block's sessions to other days.")
    else:
        messages.success(request, f"Fixed this block's sessions: {name} cannot move them.")
    return back_to_calendar(request, block)
