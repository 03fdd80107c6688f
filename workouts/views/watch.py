"""Watch files (docs/running.md §4.12): a planned session as a FIT workout, for its athlete (a
session they may see, §4.10) and for their coach; also at an address holding the athlete's
calendar-feed token (§4.11), without a login. Anyone else's session, a hidden one, one without
stages, or a wrong or replaced token is a 404, the same one whichever it is."""

from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from athletes.access import athlete_required, coach_required, own_athlete
from workouts.access import get_session_for_coach
from workouts.athlete_pages import get_visible_session
from workouts.athlete_plan import visible_sessions
from workouts.feed import feed_by_token
from workouts.watch_files import CONTENT_TYPE, session_watch_file

# At a token's address, one answer for every miss: it says nothing of the athlete or session.
NOT_FOUND = "No workout at this address.\n"


def _attachment(watch_file) -> HttpResponse:
    response = HttpResponse(watch_file.content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{watch_file.filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response


def _download(session) -> HttpResponse:
    watch_file = session_watch_file(session)
    if watch_file is None:
        raise Http404("This session has no stages to put on a watch.")
    return _attachment(watch_file)


@athlete_required
def watch_session_download(request, pk):
    athlete = own_athlete(request.user)
    if athlete is None:
        raise Http404("No such session.")
    session = get_visible_session(athlete, pk)
    session.block.athlete = athlete
    return _download(session)


@coach_required
def watch_session_coach_download(request, pk):
    return _download(get_session_for_coach(request.user, pk))


@never_cache
@require_GET
def watch_session_feed_download(request, token, pk):
    feed = feed_by_token(token)
    session = feed and visible_sessions(feed.athlete).select_related("block").filter(pk=pk).first()
    if session:
        session.block.athlete = feed.athlete
    watch_file = session and session_watch_file(session)
    if not watch_file:
        return HttpResponseNotFound(NOT_FOUND, content_type="text/plain; charset=utf-8")
    return _attachment(watch_file)
