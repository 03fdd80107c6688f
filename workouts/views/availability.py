"""An athlete's availability, entered by the athlete (/me/availability/) or by their coach
(the athlete's own page): the longest session on each weekday, and ranges of days away or
limited; a range is edited on its own page and deleted after a confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from athletes.access import athlete_required, coach_required, get_athlete_for_coach, own_athlete
from athletes.models import Role, Weekday
from workouts import availability as service
from workouts.availability_forms import AvailabilityRangeForm, AvailabilityWeekForm
from workouts.models import AvailabilityRange


def _own(request):
    athlete = own_athlete(request.user)
    if athlete is None:
        raise Http404("No coach has linked your account yet.")
    return athlete


def _page_url(request, athlete) -> str:
    """Where a role's availability page is: the athlete's own, or the coach's of the athlete."""
    if request.user.role == Role.ATHLETE:
        return reverse("availability-mine")
    return reverse("availability-athlete", args=[athlete.pk])


def _page(request, athlete):
    form = AvailabilityRangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = service.availability_range_save(
                athlete=athlete, by=request.user, **form.cleaned_data
            )
        except service.AvailabilityRejected as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Marked {saved}.")
            return redirect(_page_url(request, athlete))
    context = {
        "athlete": athlete,
        "form": form,
        "week_form": AvailabilityWeekForm(athlete=athlete),
        "ranges": service.athlete_ranges(athlete),
        "is_athlete": request.user.role == Role.ATHLETE,
        "page_url": _page_url(request, athlete),
        "training_days": [Weekday(day).label for day in sorted(athlete.training_days)],
    }
    status = 400 if form.is_bound else 200
    return render(request, "workouts/availability_page.html", context, status=status)


@athlete_required
def my_availability(request):
    return _page(request, _own(request))


@coach_required
def athlete_availability(request, pk):
    return _page(request, get_athlete_for_coach(request.user, pk))


def _week(request, athlete):
    form = AvailabilityWeekForm(request.POST, athlete=athlete)
    if form.is_valid():
        try:
            service.availability_week_save(athlete=athlete, longest=form.longest())
        except service.AvailabilityRejected as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Saved the longest session on each day.")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, f"Not saved: {message}")
    return redirect(_page_url(request, athlete))


@require_POST
@athlete_required
def my_availability_week(request):
    return _week(request, _own(request))


@require_POST
@coach_required
def athlete_availability_week(request, pk):
    return _week(request, get_athlete_for_coach(request.user, pk))


def _get_range(request, pk) -> AvailabilityRange:
    """A range of the signed-in athlete's own, or of one of the coach's athletes; else 404."""
    ranges = AvailabilityRange.objects.select_related("athlete")
    if request.user.role == Role.ATHLETE:
        return get_object_or_404(ranges, pk=pk, athlete__user=request.user)
    if request.user.role == Role.COACH:
        return get_object_or_404(ranges, pk=pk, athlete__coach=request.user)
    raise Http404("No such range.")


@login_required
def availability_edit(request, pk):
    availability = _get_range(request, pk)
    athlete = availability.athlete
    data = request.POST if request.method == "POST" else None
    form = AvailabilityRangeForm(data, initial=AvailabilityRangeForm.initial_of(availability))
    if request.method == "POST" and form.is_valid():
        try:
            service.availability_range_save(
                athlete=athlete, by=request.user, availability=availability, **form.cleaned_data
            )
        except service.AvailabilityRejected as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Saved {availability}.")
            return redirect(_page_url(request, athlete))
    context = {"athlete": athlete, "availability": availability, "form": form}
    context["page_url"] = _page_url(request, athlete)
    status = 400 if form.is_bound else 200
    return render(request, "workouts/availability_form.html", context, status=status)


@login_required
def availability_delete(request, pk):
    """GET: ask to confirm. POST: delete the range."""
    availability = _get_range(request, pk)
    athlete = availability.athlete
    if request.method == "POST":
        name = str(availability)
        service.availability_range_delete(availability=availability, by=request.user)
        messages.success(request, f"Deleted {name}.")
        return redirect(_page_url(request, athlete))
    context = {"athlete": athlete, "availability": availability}
    context["page_url"] = _page_url(request, athlete)
    return render(request, "workouts/availability_confirm_delete.html", context)
