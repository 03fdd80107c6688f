"""Sessions on a block's calendar: add, edit, move, delete (with undo) and lock. Each action
goes back to its day on the calendar (block-detail#day-YYYY-MM-DD) with a message."""

from datetime import date

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from athletes.access import coach_required
from workouts import services, targets
from workouts.access import get_block_for_coach, get_session_for_coach, visible_templates
from workouts.editor import parse_id
from workouts.forms import SessionForm
from workouts.plan_text import format_plan
from workouts.selectors import coach_rules, plan_check
from workouts.views.navigation import back_to_calendar, calendar_url, leave_calendar, offer_undo


def _parse_day(text) -> date | None:
    try:
        return date.fromisoformat(str(text or ""))
    except ValueError:
        return None


def _phase(block, day: date | None) -> str | None:
    if day is None or not block.start <= day <= block.race_date:
        return None
    return block.as_value().phase_on(day)


def _day_label(block, value) -> str:
    """ "Thu 24 Dec 2026, week 1 of 18 (base)" (or "recovery week 1 of 2") for the day the
    form holds, if on the block's calendar."""
    day = value if isinstance(value, date) else _parse_day(value)
    if day is None or not block.start <= day <= block.end:
        return ""
    plan = block.as_value()
    return f"{day:%a} {day.day} {day:%b %Y}, {plan.week_label(plan.calendar_week_of(day))}"


def _bind(request, block, session, templates) -> tuple[str | None, SessionForm, str | None]:
    """What the coach did (None: opened the page), the form as it stands, and its day's phase.
    "Copy the template's stages into the box" (op=template) writes them in the plan text."""
    if request.method == "POST":
        op = request.POST.get("op", "save")
        data = request.POST.copy()
        chosen = next((t for t in templates if t.pk == parse_id(data.get("template"))), None)
        if op == "template" and chosen is not None:
            data["plan_text"] = format_plan(chosen.stage_values())
        phase = _phase(block, _parse_day(data.get("date")))
        return op, SessionForm(data, templates=templates, phase=phase), phase
    day = session.date if session else _parse_day(request.GET.get("date"))
    initial = {"date": day}
    if session:
        initial |= {
            "kind": session.kind,
            "title": session.title,
            "notes": session.notes,
            "template": session.template_id,
            "plan_text": format_plan(session.stage_values()),
            "version": session.version,
        }
    phase = _phase(block, day)
    return None, SessionForm(initial=initial, templates=templates, phase=phase), phase


def _session_form(request, block, session=None):
    # A past session is frozen before its targets show (docs/running.md §3.7).
    if targets.sessions_freeze(block=block) and session is not None:
        session.refresh_from_db(fields=["frozen_targets", "targets_frozen_on"])
    templates = list(visible_templates(request.user).prefetch_related("stages"))
    op, form, phase = _bind(request, block, session, templates)
    check = conflict = None
    values = None
    if op and form.is_valid():
        data = form.cleaned_data
        values = {"date": data["date"], "kind": data["kind"], "stages": data["stages"]}
    elif session and not op:
        values = {"date": session.date, "kind": session.kind, "stages": session.stage_values()}
    if op == "save" and values:
        data = form.cleaned_data
        try:
            saved, check = services.session_save(
                block=block,
                session=session,
                **values,
                # A run from a template is named after it, unless the coach named it.
                title=data["title"] or getattr(data["template_obj"], "name", ""),
                notes=data["notes"],
                template=data["template_obj"],
                expected_version=data["version"],
            )
        except services.SessionConflict as error:
            conflict = str(error)
        except services.SessionRejected as error:
            check = error.check
            messages.error(request, "Not saved: " + " ".join(error.messages))
        else:
            day = saved.date
            messages.success(
                request, f"Saved: {saved.get_kind_display()} on {day:%a} {day.day} {day:%b}."
            )
            for warning in check.warnings:
                messages.warning(request, warning)
            return back_to_calendar(request, block, day)
    if values and check is None:
        check = services.session_check(block=block, session=session, **values)
    stages = values["stages"] if values else []
    athlete = block.athlete
    fitness = None
    if stages:  # the session's snapshot once frozen, else the athlete's as of the form's day
        by_day = targets.fitness_by_day(athlete)
        fitness = targets.session_target_fitness(session, by_day, day=values["date"])
    rules = coach_rules(request.user)
    resolved = None
    if stages:
        resolved = plan_check(stages, phase=phase, rules=rules, fitness=fitness, unit=athlete.units)
    context = {
        "plan": block,  # not "block": inside {% block %} that name is the template block
        "session": session,
        "form": form,
        "session_check": check,
        "check": resolved,
        "stages": stages,
        "day_label": _day_label(block, form["date"].value()),
        "conflict": conflict,
        "calendar_url": calendar_url(block, session.date if session else ""),
        "units": athlete.units,
        "fitness": fitness,
        "frozen_on": session.targets_frozen_on if session else None,
        "as_of_day": fitness.on if fitness else None,  # the day the targets are as of
    }
    return render(request, "workouts/session_form.html", context)


@coach_required
def session_create(request, pk):
    return _session_form(request, get_block_for_coach(request.user, pk))


@coach_required
def session_edit(request, pk):
    session = get_session_for_coach(request.user, pk)
    return _session_form(request, session.block, session)


@require_POST
@coach_required
def session_move(request, pk):
    session = get_session_for_coach(request.user, pk)
    day = _parse_day(request.POST.get("date"))
    if day is None:
        messages.error(request, "Not moved: give the day to move it to, as a date.")
        return back_to_calendar(request, session.block, session.date)
    before, old_day = str(session), session.date
    try:
        check = services.session_move(session=session, date=day)
    except services.SessionRejected as error:
        messages.error(request, f"Not moved: {' '.join(error.messages)}")
        return back_to_calendar(request, session.block, session.date)
    if day != old_day:
        messages.success(request, f"Moved the {before} to {day:%a} {day.day} {day:%b}.")
    for warning in check.warnings:
        messages.warning(request, warning)
    return back_to_calendar(request, session.block, session.date)


@require_POST
@coach_required
def session_delete(request, pk):
    session = get_session_for_coach(request.user, pk)
    name, day = str(session), session.date
    try:
        token = services.session_delete(session=session)
    except services.SessionRejected as error:
        messages.error(request, f"Not deleted: {' '.join(error.messages)}")
        return back_to_calendar(request, session.block, day)
    restore = reverse("session-restore", args=[pk])
    offer_undo(request, url=restore, token=token, done=f"Deleted {name}.")
    return back_to_calendar(request, session.block, day)


@require_POST
@coach_required
def session_restore(request, pk):
    try:
        snapshot = services.session_undo_read(token=request.POST.get("undo", ""))
    except services.SessionRejected as error:
        messages.error(request, " ".join(error.messages))
        return leave_calendar(request, "home")
    if snapshot.get("pk") != pk:
        messages.error(request, "This undo is not valid: nothing was restored.")
        return leave_calendar(request, "home")
    block = get_block_for_coach(request.user, snapshot["block_id"])
    try:
        session = services.session_restore(block=block, snapshot=snapshot)
    except services.SessionRejected as error:
        messages.error(request, " ".join(error.messages))
        return back_to_calendar(request, block)
    messages.success(request, f"Restored the {session}.")
    return back_to_calendar(request, block, session.date)


@require_POST
@coach_required
def session_lock(request, pk):
    session = get_session_for_coach(request.user, pk)
    locked = request.POST.get("locked") == "1"
    services.session_lock(session=session, locked=locked)
    if locked:
        messages.success(request, f"Locked the {session}: a re-plan keeps it as it is.")
    else:
        messages.success(request, f"Unlocked the {session}: a re-plan may change it.")
    return back_to_calendar(request, session.block, session.date)


@require_POST
@coach_required
def session_skip(request, pk):
    """Mark a session as not run with a reason, or (reason "") say it was run after all."""
    session = get_session_for_coach(request.user, pk)
    reason = request.POST.get("reason", "").strip()
    try:
        services.session_skip(session=session, reason=reason)
    except services.SessionRejected as error:
        messages.error(request, f"Not marked: {' '.join(error.messages)}")
        return back_to_calendar(request, session.block, session.date)
    if reason:
        label = session.get_skipped_reason_display()
        messages.success(request, f"Marked the {session} as not run ({label}).")
    else:
        messages.success(request, f"Marked the {session} as run.")
    return back_to_calendar(request, session.block, session.date)
