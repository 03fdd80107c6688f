"""Fixing a logged run's recording, and undoing a fix (docs/running.md §3.13), for the athlete
(`me/logs/<pk>/fixes/`) and their coach (`logs/<pk>/fixes/`). Each view fetches the log
through its ownership helper (anyone else's is a 404), binds the form of the kind chosen and
calls one service of workouts/log_fixes.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from athletes.access import athlete_required, coach_required
from workouts import log_fixes
from workouts.access import get_log_for_coach, get_own_log
from workouts.activity_files import ActivityFileRefused
from workouts.fix_forms import KIND_HELP, FixForm
from workouts.models import FixKind, LogFix, LogSource, LogStatus
from workouts.views.logs import ATHLETE, COACH, Side, _athlete

NOT_OFFERED = "That fix does not apply to this run: choose one offered."
NO_FINDING_LEFT = (
    "No finding is left to set aside (dismissed already, or the review ran again): nothing changed."
)


def _own_log(request, pk):
    return get_own_log(_athlete(request), pk)


@athlete_required
def athlete_log_fixes(request, pk):
    return _fixes(request, _own_log(request, pk), ATHLETE)


@require_POST
@athlete_required
def athlete_log_fix_undo(request, pk, fix_pk):
    return _undo(request, _own_log(request, pk), fix_pk, ATHLETE)


@coach_required
def coach_log_fixes(request, pk):
    return _fixes(request, get_log_for_coach(request.user, pk), COACH)


@require_POST
@coach_required
def coach_log_fix_undo(request, pk, fix_pk):
    return _undo(request, get_log_for_coach(request.user, pk), fix_pk, COACH)


def _fixes(request, log, side: Side):
    if log.status != LogStatus.DONE:
        messages.error(request, log_fixes.BEING_READ if log.is_pending else log_fixes.NOT_READ)
        return redirect(side.detail, pk=log.pk)
    kinds = log_fixes.offered_kinds(log)
    kind = request.POST.get("kind") or request.GET.get("kind") or (kinds[0] if kinds else "")
    if kind and kind not in kinds:
        messages.error(request, NO_FINDING_LEFT if kind == FixKind.DISMISS else NOT_OFFERED)
        kind = kinds[0] if kinds else ""
    review = log.review or {}
    # A POST of a kind not offered shows the first one's form unbound: never applied.
    data = request.POST if request.method == "POST" and request.POST.get("kind") == kind else None
    form = FixForm(data, kind=kind, review=review, unit=log.athlete.units) if kinds else None
    if form is not None and data is not None and form.is_valid():
        try:
            log_fixes.log_fix_add(
                log=log,
                by=request.user,
                kind=kind,
                params=form.params(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{FixKind(kind).label}: done. The review runs again.")
            return redirect(side.detail, pk=log.pk)
    context = {
        "athlete": log.athlete,
        "log": log,
        "session": log.session,
        "side": side,
        "kinds": [(k, FixKind(k).label) for k in kinds],
        "kind_help": KIND_HELP.get(kind, ""),
        "review": review,
        "units": log.athlete.units,
        "kind": kind,
        "form": form,
        "span": _span(log),
        "fixes": log_fixes.log_fixes_list(log),
    }
    return render(request, "workouts/log_fixes.html", context)


def _span(log):
    """The recording's first and last moment, for the times' help (None by hand)."""
    if log.source == LogSource.HAND:
        return None
    try:
        return log_fixes.recording_span(log_fixes.fixed_recording(log))
    except ActivityFileRefused:
        return None


def _undo(request, log, fix_pk, side: Side):
    fix = get_object_or_404(LogFix.objects.select_related("log__athlete"), pk=fix_pk, log=log)
    if fix.undone_at is not None:  # a second click, or a page left open
        messages.info(request, "That fix was undone already: nothing changed.")
        return redirect(side.detail, pk=log.pk)
    try:
        log_fixes.log_fix_undo(fix=fix, by=request.user)
    except ValidationError as error:
        messages.error(request, "Not undone: " + " ".join(error.messages))
    else:
        messages.success(
            request, f"Undone: {fix.get_kind_display().lower()}. The review runs again."
        )
    return redirect(side.detail, pk=log.pk)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
