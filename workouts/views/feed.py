"""The athlete's calendar feed (docs/running.md §4.11): the file a calendar app subscribes to,
without a login, and the athlete's page to replace its address."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from athletes.access import athlete_required, own_athlete
from workouts.feed import feed_by_token, feed_calendar, feed_events, feed_token_rotate

# The same answer for a token that never was and one replaced: it says nothing of anyone.
NOT_FOUND = "No calendar at this address.\n"
CALENDAR_TYPE = "text/calendar; charset=utf-8"


@never_cache
@require_safe
def feed_calendar_file(request, token):
    feed = feed_by_token(token)
    if feed is None:
        return HttpResponseNotFound(NOT_FOUND, content_type="text/plain; charset=utf-8")
    athlete = feed.athlete
    response = HttpResponse(feed_calendar(athlete, feed_events(athlete)), CALENDAR_TYPE)
    if request.GET.get("download"):
        response["Content-Disposition"] = 'attachment; filename="training-plan.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@athlete_required
def feed_rotate(request):
    """Confirm, then replace the feed's address: every app subscribed to the old one stops
    getting the plan."""
    athlete = own_athlete(request.user)
    if athlete is None:
        raise Http404("No coach has linked your account yet.")
    if request.method == "POST":
        feed_token_rotate(athlete=athlete)
        messages.success(
            request,
            "Your calendar has a new address. Subscribe to it again in your calendar app; "
            "the old address no longer works.",
        )
        return redirect("me")
    return render(request, "workouts/athlete_feed_rotate.html", {"athlete": athlete})
