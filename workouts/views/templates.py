"""Template pages: the list, a template's page, and the editor that creates and changes one."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from athletes.access import coach_required
from athletes.selectors import athlete_fitness
from workouts import services
from workouts.access import (
    get_own_template,
    get_template_for_coach,
    upcoming_blocks,
    visible_templates,
)
from workouts.editor import TemplateEditor, parse_id
from workouts.forms import WEEKDAY_CHOICES
from workouts.models import Phase
from workouts.selectors import coach_rules, plan_check


@coach_required
def template_list(request):
    templates = visible_templates(request.user).prefetch_related("stages")
    phase = request.GET.get("phase")
    if phase in Phase.values:
        templates = templates.filter(phase=phase)
    groups = [(p, [t for t in templates if t.phase == p.value]) for p in Phase]
    context = {"groups": [g for g in groups if g[1]], "phases": Phase, "phase": phase}
    return render(request, "workouts/template_list.html", context)


@coach_required
def template_detail(request, pk):
    template = get_template_for_coach(request.user, pk)
    athletes = list(request.user.athletes.all())
    athlete_id = parse_id(request.GET.get("athlete"))
    athlete = next((a for a in athletes if a.pk == athlete_id), None)
    fitness = athlete_fitness(athlete) if athlete else None
    check = plan_check(
        template.stage_values(),
        phase=template.phase,
        rules=coach_rules(request.user),
        fitness=fitness,
        unit=athlete.units if athlete else "km",
    )
    context = {
        "template": template,
        "athletes": athletes,
        "athlete": athlete,
        "units": athlete.units if athlete else "km",
        "fitness": fitness,
        "check": check,
        # Blocks still ahead, for "apply to days of a block" (workouts/views/bulk.py).
        "blocks": upcoming_blocks(request.user),
        "apply_weekdays": WEEKDAY_CHOICES,
    }
    return render(request, "workouts/template_detail.html", context)


def _edit(request, template=None):
    if request.method == "POST":
        editor = TemplateEditor(
            request.POST, coach=request.user, instance=template, fitness_for=athlete_fitness
        )
        if editor.op == "save" and editor.is_valid():
            data = editor.form.cleaned_data
            try:
                saved, findings = services.template_save(
                    owner=request.user,
                    template=template,
                    name=data["name"],
                    phase=data["phase"],
                    description=data["description"],
                    stages=editor.stage_values(),
                    paces=editor.check.paces,
                    unit=editor.units,
                )
            except services.TemplateRejected:
                messages.error(request, "Not saved: fix the errors marked below first.")
            else:
                messages.success(request, f"Template “{saved.name}” saved.")
                for finding in findings:
                    messages.warning(request, finding.message)
                return redirect("template-detail", pk=saved.pk)
        elif editor.op == "save":
            messages.error(request, editor.refusal)
    else:
        editor = TemplateEditor(coach=request.user, instance=template, fitness_for=athlete_fitness)
    context = {"editor": editor, "template": template, "check": editor.check}
    if request.htmx:
        return render(request, "workouts/template_editor_response.html", context)
    return render(request, "workouts/template_form.html", context)


@coach_required
def template_create(request):
    return _edit(request)


@coach_required
def template_edit(request, pk):
    return _edit(request, get_own_template(request.user, pk))


@coach_required
def template_delete(request, pk):
    template = get_own_template(request.user, pk)
    if request.method == "POST":
        template.delete()
        messages.success(request, f"Template “{template.name}” deleted.")
        return redirect("template-list")
    return render(request, "workouts/template_confirm_delete.html", {"template": template})


@require_POST
@coach_required
def template_copy(request, pk):
    template = get_template_for_coach(request.user, pk)
    copy = services.template_copy(template=template, owner=request.user)
    messages.success(request, f"Copied to “{copy.name}”: yours to change.")
    return redirect("template-edit", pk=copy.pk)
