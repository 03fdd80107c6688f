"""Writes of training: progression-run templates checked against the coach's own rules, and
marathon blocks with their phases and sessions."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from athletes.paces import PaceRange
from athletes.selectors import athlete_fitness
from workouts import block_plan
from workouts.models import (
    Block,
    BlockPhaseSpan,
    PlannedSession,
    ProgressionTemplate,
    SessionKind,
    SessionStage,
    TemplateStage,
)
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


# -- Marathon blocks (docs/running.md §4) ---------------------------------------------------


class BlockRejected(Exception):
    """What the coach asked for breaks a block rule; nothing was saved."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def block_create(
    *,
    athlete,
    race_name: str,
    race_date: date,
    race_distance_m: float,
    goal_time_s: float | None = None,
    n_weeks: int = 18,
    recovery_weeks: int = 0,
) -> Block:
    """A block counted back from its A race, with the proposed phases and the race on its day."""
    if race_date <= timezone.localdate():
        raise BlockRejected(["The race must be after today: a block is planned ahead of it."])
    if not block_plan.MIN_WEEKS <= n_weeks <= block_plan.MAX_WEEKS:
        raise BlockRejected(
            [f"A block lasts {block_plan.MIN_WEEKS} to {block_plan.MAX_WEEKS} weeks."]
        )
    if athlete.blocks.filter(race_date=race_date).exists():
        raise BlockRejected([f"{athlete} already has a block for a race on {race_date:%d %b %Y}."])
    with transaction.atomic():
        block = Block.objects.create(
            athlete=athlete,
            race_name=race_name,
            race_date=race_date,
            race_distance_m=race_distance_m,
            goal_time_s=goal_time_s,
            n_weeks=n_weeks,
            recovery_weeks=recovery_weeks,
        )
        BlockPhaseSpan.objects.bulk_create(
            BlockPhaseSpan(
                block=block, phase=s.phase, first_week=s.first_week, last_week=s.last_week
            )
            for s in block_plan.propose_phases(n_weeks)
        )
        PlannedSession.objects.create(
            block=block, date=race_date, kind=SessionKind.RACE, title=race_name, locked=True
        )
    return block


def block_phases_set(*, block: Block, spans: list[block_plan.PhaseSpan]) -> None:
    """Move the phase boundaries; phases must cover the block without overlap or gap."""
    findings = block_plan.check_phases(spans, block.n_weeks)
    if findings:
        raise BlockRejected([finding.message for finding in findings])
    with transaction.atomic():
        block.phases.all().delete()
        BlockPhaseSpan.objects.bulk_create(
            BlockPhaseSpan(
                block=block, phase=s.phase, first_week=s.first_week, last_week=s.last_week
            )
            for s in spans
        )


def _planning_inputs(block: Block) -> dict:
    """What a proposal needs besides the block: the athlete's days, paces and the coach's rules."""
    athlete = block.athlete
    return {
        "training_days": athlete.training_days,
        "long_run_day": athlete.long_run_day,
        "paces": athlete_fitness(athlete).checker_paces,
        "progression_rules": coach_rules(athlete.coach),
        "long_runs_by": "distance",
    }


def _session_create(*, block: Block, run: block_plan.PlannedRun, **fields) -> PlannedSession:
    session = PlannedSession.objects.create(
        block=block, date=run.date, kind=run.kind, original_date=run.date, **fields
    )
    SessionStage.objects.bulk_create(
        SessionStage.from_value(stage, position=i, session=session)
        for i, stage in enumerate(run.stages or ())
    )
    return session


def _sessions_with_values(block: Block) -> list[tuple[PlannedSession, block_plan.PlannedRun]]:
    sessions = block.sessions.prefetch_related("stages")
    return [(session, session.as_value()) for session in sessions]


def _replace_for(run: block_plan.PlannedRun) -> set[str]:
    """The kinds of session a proposed run takes the place of on its day (block_plan's
    planner fills a day holding nothing or an easy run; a long-run progression, a long run)."""
    if run.kind == SessionKind.LONG_RUN_PROGRESSION:
        return {SessionKind.EASY, SessionKind.LONG_RUN}
    return {SessionKind.EASY}


def _place(block: Block, runs, current) -> None:
    for run in runs:
        for session, value in current:
            if session.pk and value.date == run.date and value.kind in _replace_for(run):
                session.delete()
        _session_create(block=block, run=run, proposed=True)


def block_propose(*, block: Block) -> block_plan.Proposal:
    """Propose every progression run of the block; unlocked progression runs already on it
    are replaced, everything else is kept and worked around."""
    current = _sessions_with_values(block)
    proposal = block_plan.propose_progressions(
        block.as_value(), existing=[value for _, value in current], **_planning_inputs(block)
    )
    with transaction.atomic():
        for session, value in current:
            if value.is_progression and not value.locked:
                session.delete()
        kept = [(s, v) for s, v in current if not (v.is_progression and not v.locked)]
        _place(block, proposal.runs, kept)
    return proposal


def block_replan_preview(*, block: Block, from_date: date) -> block_plan.Replan:
    """What re-planning from `from_date` would change, for the coach to see before applying."""
    current = _sessions_with_values(block)
    try:
        return block_plan.replan_from(
            block.as_value(),
            from_date,
            [value for _, value in current],
            **_planning_inputs(block),
        )
    except ValueError as error:
        raise BlockRejected([str(error)[:1].upper() + str(error)[1:] + "."]) from None


def block_replan_apply(*, block: Block, from_date: date) -> block_plan.Replan:
    """Re-plan from `from_date`: the changes the preview showed, computed afresh and applied."""
    replan = block_replan_preview(block=block, from_date=from_date)
    current = _sessions_with_values(block)
    gone = list(replan.removed) + [change.before for change in replan.changed]
    new = list(replan.added) + [change.after for change in replan.changed]
    with transaction.atomic():
        for run in gone:
            match = next(
                (s for s, v in current if v == run and s.pk is not None and not s.locked), None
            )
            if match is not None:
                match.delete()
                current = [(s, v) for s, v in current if s.pk != match.pk]
        _place(block, new, current)
    return replan
