"""Block template pages: a block saved as a template, the coach's list of them, a template's
page, and blocks made from one for one athlete or a group (docs/running.md §4.7)."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from athletes.access import coach_required
from athletes.selectors import athlete_fitness
from workouts.access import get_block_for_coach, get_block_template_for_coach
from workouts.block_template_forms import BlocksFromTemplateForm, BlockTemplateNameForm
from workouts.block_templates import (
    block_template_save,
    blocks_create_from_template,
    template_weeks,
)
from workouts.services import BlockRejected


@require_POST
@coach_required
def block_template_create(request, pk):
    block = get_block_for_coach(request.user, pk)
    form = BlockTemplateNameForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["name"]) + " Nothing was saved.")
        return redirect("block-detail", pk=block.pk)
    try:
        template, notes = block_template_save(block=block, name=form.cleaned_data["name"])
    except BlockRejected as rejected:
        for message in rejected.messages:
            messages.error(request, message)
        return redirect("block-detail", pk=block.pk)
    messages.success(
        request,
        f"Saved {block.race_name} as the block template “{template.name}”: "
        f"{template.sessions.count()} sessions by days before race day, zones not paces.",
    )
    for note in notes:
        messages.info(request, note)
    return redirect("block-template-detail", pk=template.pk)


@coach_required
def block_template_list(request):
    templates = (
        request.user.block_templates.annotate(n_sessions=Count("sessions"))
        .prefetch_related("phases")
        .order_by("name", "pk")
    )
    return render(request, "workouts/block_template_list.html", {"templates": templates})


@coach_required
def block_template_detail(request, pk):
    template = get_block_template_for_coach(request.user, pk)
    context = {"template": template, "weeks": template_weeks(template)}
    return render(request, "workouts/block_template_detail.html", context)


@coach_required
def block_template_blocks_create(request, pk):
    template = get_block_template_for_coach(request.user, pk)
    form = BlocksFromTemplateForm(request.POST or None, coach=request.user, template=template)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            blocks = blocks_create_from_template(template=template, **data)
        except BlockRejected as rejected:
            for message in rejected.messages:
                form.add_error(None, message)
            form.add_error(None, "No block was created: change the above and try again.")
        else:
            _report_created(request, template, blocks)
            return redirect("block-template-detail", pk=template.pk)
    context = {"template": template, "form": form}
    return render(request, "workouts/block_template_blocks_form.html", context)


def _report_created(request, template, blocks) -> None:
    """The blocks made, each linked to its calendar, and who still lacks paces."""
    links = format_html_join(
        ", ",
        '<a href="{}" class="alert-link">{}’s block</a>',
        ((reverse("block-detail", args=[b.pk]), b.athlete.full_name) for b in blocks),
    )
    first = blocks[0]
    count = "1 block" if len(blocks) == 1 else f"{len(blocks)} blocks"
    messages.success(
        request,
        format_html(
            "Created {} from “{}” for {} on {}: {}.",
            count,
            template.name,
            first.race_name,
            f"{first.race_date:%a} {first.race_date.day} {first.race_date:%b %Y}",
            links,
        ),
    )
    missing = [b.athlete for b in blocks if athlete_fitness(b.athlete).checker_paces is None]
    if missing:
        names = ", ".join(a.full_name for a in missing)
        messages.info(
            request,
            f"No paces yet for {names}: the sessions are by zone, and their targets appear "
            "once a race result is added.",
        )


@coach_required
def block_template_delete(request, pk):
    template = get_block_template_for_coach(request.user, pk)
    if request.method == "POST":
        template.delete()
        messages.success(
            request, f"Block template “{template.name}” deleted; blocks made from it stay."
        )
        return redirect("block-template-list")
    return render(request, "workouts/block_template_confirm_delete.html", {"template": template})
