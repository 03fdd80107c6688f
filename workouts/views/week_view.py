"""The coach's week view: what each of their athletes has planned, one week at a time."""

from django.shortcuts import render
from django.utils import timezone

from athletes.access import coach_required
from workouts.week_view import coach_week, parse_week_day, week_start


@coach_required
def coach_week_view(request):
    """GET ?start=YYYY-MM-DD: the week holding that day (default: the coach's today), weeks
    starting on the coach's first weekday. A start that is no date shows this week and says
    why, with a 400."""
    today = timezone.localdate()
    day, error = today, None
    if text := request.GET.get("start"):
        day, error = parse_week_day(text)
        day = day or today
    week = coach_week(request.user, start=week_start(day, request.user.first_weekday), today=today)
    context = {"week": week, "error": error}
    return render(request, "workouts/week_view.html", context, status=400 if error else 200)
