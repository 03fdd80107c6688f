"""The plan as the athlete reads it (a session's page), and the coach's choice of how far
ahead the athlete sees it (docs/running.md §4.10)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from athletes import services
from athletes.access import athlete_required, coach_required, get_athlete_for_coach, own_athlete
from athletes.visibility_forms import PlanVisibilityForm
from workouts.athlete_pages import athlete_session_page, get_visible_session


@athlete_required
def athlete_session_detail(request, pk):
    athlete = own_athlete(request.user)
    if athlete is None:
        raise Http404("No such session.")
    session = get_visible_session(athlete, pk)
    context = {"athlete": athlete, "page": athlete_session_page(athlete, session)}
    return render(request, "workouts/athlete_session.html", context)


@coach_required
def athlete_visibility_edit(request, pk):
    athlete = get_athlete_for_coach(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = PlanVisibilityForm(data, athlete=athlete)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data
        try:
            services.athlete_plan_visibility_set(
                athlete=athlete,
                mode=chosen["plan_visibility"],
                until=chosen["plan_visible_until"],
                days=chosen["plan_visible_days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Saved what {athlete.first_name} sees of the plan.")
            return redirect("athlete-detail", pk=athlete.pk)
    context = {"athlete": athlete, "form": form}
    return render(request, "workouts/athlete_visibility_form.html", context)
