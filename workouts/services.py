"""Writes of progression-run templates, checked against the coach's own rules."""

from django.db import transaction

from workouts.models import CoachRules, ProgressionTemplate, TemplateStage
from workouts.progression import (
    DEFAULT_RULES,
    Finding,
    Rules,
    Stage,
    check_progression,
    is_blocking,
)


class TemplateRejected(Exception):
    """The stages break a rule whose severity is error; nothing was saved."""

    def __init__(self, findings: list[Finding]):
        super().__init__("; ".join(f.message for f in findings if f.severity == "error"))
        self.findings = findings


def coach_rules(coach) -> Rules:
    rules = CoachRules.objects.filter(coach=coach).first()
    return rules.as_rules() if rules else DEFAULT_RULES


def template_save(
    *,
    owner,
    name: str,
    phase: str,
    description: str,
    stages: list[Stage],
    template: ProgressionTemplate | None = None,
) -> tuple[ProgressionTemplate, list[Finding]]:
    """Create or replace a coach's template; errors refuse it, warnings come back."""
    findings = check_progression(stages, phase=phase, rules=coach_rules(owner))
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
