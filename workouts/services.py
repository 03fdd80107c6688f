"""Writes of progression-run templates, checked against the coach's own rules."""

from django.db import transaction

from athletes.paces import PaceRange
from workouts.models import ProgressionTemplate, TemplateStage
from workouts.progression import Finding, Stage, check_progression, is_blocking
from workouts.selectors import coach_rules


class TemplateRejected(Exception):
    """The stages break a rule whose severity is error; nothing was saved."""

    def __init__(self, findings: list[Finding]):
        super().__init__("; ".join(f.message for f in findings if f.severity == "error"))
        self.findings = findings


def template_save(
    *,
    owner,
    name: str,
    phase: str,
    description: str,
    stages: list[Stage],
    template: ProgressionTemplate | None = None,
    paces: dict[str, PaceRange] | None = None,
    unit: str = "km",
) -> tuple[ProgressionTemplate, list[Finding]]:
    """Create or replace a coach's template; errors refuse it, warnings come back.

    `paces` are those of the athlete the coach is planning for, as the editor showed them:
    an explicit pace too hard for that athlete is refused here as it was there."""
    findings = check_progression(
        stages, phase=phase, rules=coach_rules(owner), paces=paces, unit=unit
    )
    if is_blocking(findings):
        raise TemplateRejected(findings)
    with transaction.atomic():
        template = template or ProgressionTemplate(owner=owner)
        template.name, template.phase, template.description = name, phase, description
        template.save()
        template.stages.all().delete()
        TemplateStage.objects.bulk_create(
            TemplateStage.from_value(stage, position=i, template=template)
            for i, stage in enumerate(stages)
        )
    return template, findings


def template_copy(*, template: ProgressionTemplate, owner) -> ProgressionTemplate:
    """The coach's own editable copy of a template (a built-in one, usually)."""
    with transaction.atomic():
        copy = ProgressionTemplate.objects.create(
            owner=owner,
            name=f"{template.name} (copy)",
            phase=template.phase,
            description=template.description,
        )
        TemplateStage.objects.bulk_create(
            TemplateStage.from_value(stage, position=i, template=copy)
            for i, stage in enumerate(template.stage_values())
        )
    return copy
