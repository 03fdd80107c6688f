"""Logging a run and its review page (docs/running.md §3.11), for the athlete (`me/...`) and
for their coach (`logs/...`, logging on the athlete's behalf). Each view fetches through one
ownership helper (anyone else's is a 404), binds a form, calls one service of
workouts/run_logs.py and redirects or renders. The pages are the same for both; a `Side` names
the URLs of the one looking."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from athletes.access import athlete_required, coach_required, get_athlete_for_coach, own_athlete
from workouts import comparison_data, log_fixes, run_logs, services, targets
from workouts.access import get_log_for_coach, get_own_log, get_session_for_coach
from workouts.activity_files import MAX_ARCHIVE_MEMBERS, MAX_DECOMPRESSED_BYTES, MAX_UPLOAD_BYTES
from workouts.athlete_pages import get_visible_session, week_context
from workouts.athlete_plan import visible_sessions
from workouts.log_forms import (
    NotRunForm,
    PairForm,
    RunLogForm,
    UploadForm,
    session_label,
    stage_labels,
)
from workouts.models import LogSource, LogStatus, PlannedSession, RunLog, SessionKind

REFUSED_KEY = "log-upload-refused"
# A file not read after this long is waiting on the reader (down, or busy): the page says so.
WAITING_LONG = timedelta(minutes=1)
# The sessions a run may be paired with by hand: within this many days of it.
# An id as typed in a query string: ASCII digits only ("²".isdigit() is true, int() refuses
# it), short enough for the database's integers.
_ID = re.compile(r"[0-9]{1,18}")


def _pk(text) -> int | None:
    """The id in `text` ("12"), or None for anything else."""
    return int(text) if text is not None and _ID.fullmatch(str(text)) else None


@dataclass(frozen=True)
class Side:
    """Who is looking (the athlete or their coach): the names of their URLs of a log, which
    all begin with `detail` ("athlete-log", "athlete-log-edit"...)."""

    is_coach: bool
    detail: str

    def __getattr__(self, action: str) -> str:
        if action not in ACTIONS:
            raise AttributeError(action)
        return f"{self.detail}-{action.replace('_', '-')}"


ACTIONS = ("edit", "delete", "pair", "original", "status", "fixes", "fix_undo")


ATHLETE, COACH = Side(False, "athlete-log"), Side(True, "coach-log")


def _athlete(request):
    athlete = own_athlete(request.user)
    if athlete is None:
        raise Http404("No such page for your account.")
    return athlete


def _has_come(session, athlete) -> bool:
    return session.date <= targets.athlete_today(athlete)


# -- The athlete ----------------------------------------------------------------------------


@athlete_required
def athlete_session_log(request, pk):
    """Log a session by hand (its day has come)."""
    athlete = _athlete(request)
    session = get_visible_session(athlete, pk)
    if not _has_come(session, athlete):
        messages.error(request, f"The {session} is still ahead: log it once run.")
        return redirect("athlete-session", pk=session.pk)
    return _log_by_hand(request, athlete, session, cancel=reverse("athlete-session", args=[pk]))


@require_POST
@athlete_required
def athlete_session_not_run(request, pk):
    """Mark one's own session as not run, with why; or (reason "") as run after all."""
    athlete = _athlete(request)
    session = get_visible_session(athlete, pk)
    session.block.athlete = athlete
    form = NotRunForm(request.POST)
    undo = request.POST.get("reason") == ""
    if not undo and not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect("athlete-session", pk=session.pk)
    reason = "" if undo else form.cleaned_data["reason"]
    try:
        services.session_skip(session=session, reason=reason, today=targets.athlete_today(athlete))
    except services.SessionRejected as error:
        messages.error(request, f"Not marked: {' '.join(error.messages)}")
    else:
        if reason:
            label = session.get_skipped_reason_display()
            messages.success(request, f"Marked as not run ({label}). Your coach sees why.")
        else:
            messages.success(request, "Marked as run after all: log it below.")
    return redirect("athlete-session", pk=session.pk)


@athlete_required
def athlete_log_upload(request):
    """Files from the watch, for a planned session (?session=) or paired by their day."""
    athlete = _athlete(request)
    today = targets.athlete_today(athlete)
    sessions = _upload_sessions(
        athlete, today, request.GET.get("session") or request.POST.get("session")
    )
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    initial = {"session": request.GET.get("session")}
    form = UploadForm(*data, sessions=sessions, initial=initial)
    refused = []
    if request.method == "POST" and form.is_valid():
        session = form.cleaned_data["session"]
        upload, refused = _upload(request, athlete, form.cleaned_data["files"], session)
        if upload is not None and len(upload.logs) == 1 and not refused:
            return redirect("athlete-log", pk=upload.logs[0].pk)
        if upload is not None and upload.logs:
            # Shown once on the next page (a reload there uploads nothing again).
            request.session[REFUSED_KEY] = refused
            made = ",".join(str(log.pk) for log in upload.logs)
            return redirect(f"{reverse('athlete-log-uploaded')}?logs={made}")
    context = {"athlete": athlete, "form": form, "refused": refused}
    return render(request, "workouts/log_upload.html", context)


@athlete_required
def athlete_log_uploaded(request):
    """The logs an upload made (?logs=1,2), each with its state, and the files it refused."""
    athlete = _athlete(request)
    ids = [_pk(pk) for pk in request.GET.get("logs", "").split(",")[:MAX_ARCHIVE_MEMBERS]]
    logs = run_logs.athlete_logs(athlete).filter(pk__in=[pk for pk in ids if pk]).order_by("pk")
    refused = [tuple(item) for item in request.session.pop(REFUSED_KEY, [])]
    context = {"athlete": athlete, "logs": list(logs), "refused": refused}
    return render(request, "workouts/log_upload_done.html", context)


def _upload_sessions(athlete, today, chosen) -> list[PlannedSession]:
    """The sessions an upload may be for: those of the last two weeks up to today, and the
    one asked for if it is the athlete's and its day has come."""
    sessions = visible_sessions(athlete, today=today).exclude(kind=SessionKind.REST)
    recent = list(sessions.filter(date__gte=today - timedelta(days=14), date__lte=today))
    chosen = _pk(chosen)
    if chosen is not None and all(s.pk != chosen for s in recent):
        recent += list(sessions.filter(pk=chosen, date__lte=today))
    return sorted(recent, key=lambda s: (s.date, s.pk), reverse=True)


def _upload(request, athlete, files, session):
    """Hand the files to the service; a file over the size cap is refused unread, and so are
    those past the caps of one upload (as many files, and as many bytes, as a zip holds)."""
    refused, chosen, total = [], [], 0
    for upload in files:
        if upload.size > MAX_UPLOAD_BYTES:
            refused.append((upload.name, f"{upload.name} is over 25 MB: a run's file is smaller."))
        elif len(chosen) == MAX_ARCHIVE_MEMBERS or total + upload.size > MAX_DECOMPRESSED_BYTES:
            refused.append(
                (
                    upload.name,
                    f"{upload.name} is not read: one upload takes at most {MAX_ARCHIVE_MEMBERS} "
                    f"files, {MAX_DECOMPRESSED_BYTES // 1024 // 1024} MB in all. Upload it again.",
                )
            )
        else:
            total += upload.size
            chosen.append((upload.name, upload.read()))
    if not chosen:
        return None, refused
    result = run_logs.run_log_files_upload(
        athlete=athlete, by=request.user, files=chosen, session=session
    )
    return result, refused + list(result.refused)


@athlete_required
def athlete_log_detail(request, pk):
    log = get_own_log(_athlete(request), pk)
    return render(request, "workouts/log_detail.html", _review_context(request, log, ATHLETE))


@athlete_required
def athlete_log_status(request, pk):
    log = get_own_log(_athlete(request), pk)
    return render(request, "workouts/log_content.html", _review_context(request, log, ATHLETE))


@athlete_required
def athlete_log_edit(request, pk):
    log = get_own_log(_athlete(request), pk)
    return _log_edit(request, log, ATHLETE)


@athlete_required
def athlete_log_delete(request, pk):
    log = get_own_log(_athlete(request), pk)
    back = reverse("athlete-session", args=[log.session_id]) if log.session_id else reverse("me")
    return _log_delete(request, log, ATHLETE, back)


@require_POST
@athlete_required
def athlete_log_pair(request, pk):
    log = get_own_log(_athlete(request), pk)
    return _log_pair(request, log, ATHLETE)


@athlete_required
def athlete_log_original(request, pk):
    return _original(get_own_log(_athlete(request), pk))


# -- The coach ------------------------------------------------------------------------------


@coach_required
def coach_log_create(request, pk):
    """Log a run on the athlete's behalf: for a session of theirs whose day has come."""
    athlete = get_athlete_for_coach(request.user, pk)
    session_pk = _pk(request.GET.get("session"))
    if session_pk is None:
        raise Http404("Choose the session to log from the calendar.")
    session = get_session_for_coach(request.user, session_pk)
    if session.block.athlete_id != athlete.pk:
        raise Http404("No such session for this athlete.")
    back = reverse("block-detail", args=[session.block_id]) + f"#day-{session.date:%Y-%m-%d}"
    if not _has_come(session, athlete):
        messages.error(request, f"The {session} is still ahead: it can be logged once run.")
        return redirect(back)
    return _log_by_hand(request, athlete, session, cancel=back)


@coach_required
def coach_log_detail(request, pk):
    log = get_log_for_coach(request.user, pk)
    return render(request, "workouts/log_detail.html", _review_context(request, log, COACH))


@coach_required
def coach_log_status(request, pk):
    log = get_log_for_coach(request.user, pk)
    return render(request, "workouts/log_content.html", _review_context(request, log, COACH))


@coach_required
def coach_log_edit(request, pk):
    return _log_edit(request, get_log_for_coach(request.user, pk), COACH)


@coach_required
def coach_log_delete(request, pk):
    log = get_log_for_coach(request.user, pk)
    if log.session_id:
        back = reverse("block-detail", args=[log.session.block_id]) + f"#day-{log.date:%Y-%m-%d}"
    else:
        back = reverse("athlete-detail", args=[log.athlete_id])
    return _log_delete(request, log, COACH, back)


@require_POST
@coach_required
def coach_log_pair(request, pk):
    return _log_pair(request, get_log_for_coach(request.user, pk), COACH)


@coach_required
def coach_log_original(request, pk):
    return _original(get_log_for_coach(request.user, pk))


# -- Shared ---------------------------------------------------------------------------------


def _log_by_hand(request, athlete, session, *, cancel: str):
    today = targets.athlete_today(athlete)
    stages = stage_labels(session, athlete.units)
    data = request.POST if request.method == "POST" else None
    form = RunLogForm(
        data, unit=athlete.units, stages=stages, today=today, initial={"date": session.date}
    )
    if request.method == "POST" and form.is_valid():
        try:
            log = run_logs.run_log_create(
                athlete=athlete,
                by=request.user,
                session=session,
                data=form.data_for_service(),
                stages=form.stages_for_service(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Logged: {log}.")
            side = COACH if request.user.pk != athlete.user_id else ATHLETE
            return redirect(side.detail, pk=log.pk)
    context = {
        "athlete": athlete,
        "session": session,
        "form": form,
        "cancel_url": cancel,
        "on_behalf": request.user.pk != athlete.user_id,
        "context_line": _week_line(session),
    }
    return render(request, "workouts/log_form.html", context)


def _log_edit(request, log, side: Side):
    if log.status != LogStatus.DONE:
        messages.error(request, "Its file is not read: there is nothing to edit yet.")
        return redirect(side.detail, pk=log.pk)
    athlete = log.athlete
    hand = log.source == LogSource.HAND
    stages = stage_labels(log.session, athlete.units) if hand else []
    kwargs = {"unit": athlete.units, "stages": stages, "hand": hand}
    kwargs["today"] = targets.athlete_today(athlete)
    initial = RunLogForm.initial_of(log)
    data = request.POST if request.method == "POST" else None
    form = RunLogForm(data, initial=initial, **kwargs)
    conflict = None
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():
            messages.info(request, "Nothing was changed.")
            return redirect(side.detail, pk=log.pk)
        try:
            run_logs.run_log_update(
                log=log,
                by=request.user,
                version=form.cleaned_data["version"] or 0,
                data=form.data_for_service(),
                stages=form.stages_for_service(),
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "conflict":
                conflict = (
                    "This run was changed elsewhere (another tab, or your coach) since you "
                    "opened it. Here it is as saved now: make your change again."
                )
                try:
                    log.refresh_from_db()
                except RunLog.DoesNotExist:
                    raise Http404("This run was deleted elsewhere.") from None
                form = RunLogForm(initial=RunLogForm.initial_of(log), **kwargs)
            else:
                _add_errors(form, error)
        else:
            messages.success(request, "Saved: the review was run again.")
            return redirect(side.detail, pk=log.pk)
    context = {
        "athlete": athlete,
        "log": log,
        "session": log.session,
        "form": form,
        "side": side,
        "conflict": conflict,
        "cancel_url": reverse(side.detail, args=[log.pk]),
        "context_line": _week_line(log.session),
    }
    return render(request, "workouts/log_form.html", context)


def _log_delete(request, log, side: Side, back: str):
    if request.method == "POST":
        run_logs.run_log_delete(log=log, by=request.user)
        messages.success(request, f"Deleted the {str(log)[0].lower()}{str(log)[1:]} and its file.")
        return redirect(back)
    context = {"athlete": log.athlete, "log": log, "side": side}
    return render(request, "workouts/log_confirm_delete.html", context)


def _log_pair(request, log, side: Side):
    form = PairForm(request.POST, sessions=_pair_sessions(log, side))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["session"]))
        return redirect(side.detail, pk=log.pk)
    try:
        log = run_logs.run_log_pair(log=log, by=request.user, session=form.chosen())
    except ValidationError as error:
        messages.error(request, "Not changed: " + " ".join(error.messages))
    else:
        if log.session_id:
            messages.success(request, f"Paired with the {session_label(log.session)}.")
        else:
            messages.success(request, "Marked as not planned: it shows as an extra run.")
    return redirect(side.detail, pk=log.pk)


def _original(log):
    if not hasattr(log, "file"):
        raise Http404("This run was logged by hand: there is no file.")
    name, data = run_logs.run_log_original(log)
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _pair_sessions(log, side: Side) -> list[PlannedSession]:
    """The athlete's sessions within three days of the run (never a rest day), and the one
    it is paired with wherever it lies; the athlete sees only those the coach shows them."""
    athlete = log.athlete
    if side.is_coach:
        sessions = PlannedSession.objects.filter(block__athlete=athlete)
    else:
        sessions = visible_sessions(athlete)
    near = Q(
        date__gte=log.date - timedelta(days=run_logs.PAIR_DAYS),
        date__lte=log.date + timedelta(days=run_logs.PAIR_DAYS),
    )
    if log.session_id:
        near |= Q(pk=log.session_id)
    return list(sessions.filter(near).exclude(kind=SessionKind.REST).order_by("date", "pk"))


def _week_line(session) -> str:
    """ "Transition, week 9 of 18" for a session of a block; "" for none."""
    if session is None:
        return ""
    block = session.block
    return week_context(block.as_value(), session.date)


def _review_context(request, log, side: Side) -> dict:
    review = log.review or {}
    session = log.session
    pairing = PairForm(
        sessions=_pair_sessions(log, side), initial={"session": session.pk if session else "none"}
    )
    return {
        "athlete": log.athlete,
        "log": log,
        "review": review,
        "by_hand": review.get("split_by") == "hand",
        "session": session,
        "side": side,
        "units": log.athlete.units,
        "context_line": _week_line(session),
        "pair_form": pairing,
        "waiting_long": log.is_pending and timezone.now() - log.created_at > WAITING_LONG,
        "file": log.file if hasattr(log, "file") else None,
        # The same template's earlier runs, stage by stage (docs/running.md §3.15).
        "comparison": comparison_data.earlier_runs(log),
        # Fixes made to the recording, active and undone (docs/running.md §3.13).
        "fixes": log_fixes.log_fixes_list(log) if log.status == LogStatus.DONE else [],
    }


def _add_errors(form, error: ValidationError) -> None:
    """A service's refusal on the form: by field where it names one, else on the whole."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
