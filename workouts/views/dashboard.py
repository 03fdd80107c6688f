"""The coach's dashboard, their landing page (docs/running.md §4.15)."""

from django.shortcuts import render
from django.utils import timezone

from athletes.access import coach_required
from workouts.dashboard import DEFAULT_SORT, coach_dashboard


@coach_required
def coach_dashboard_view(request):
    """GET ?sort=attention|name|worst|compliance|next: every athlete of the coach, one row
    each; an unknown sort shows the default order."""
    sort = request.GET.get("sort", DEFAULT_SORT)
    dashboard = coach_dashboard(request.user, today=timezone.localdate(), sort=sort)
    return render(request, "workouts/dashboard.html", {"dashboard": dashboard})
