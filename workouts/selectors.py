"""Reads about plans: a coach's rules, and what they say about stages for an athlete."""

from dataclasses import dataclass

from athletes.fitness import Fitness
from athletes.paces import HrRange, PaceRange
from workouts.models import CoachRules
from workouts.progression import (
    DEFAULT_RULES,
    PHASES,
    Finding,
    Rules,
    Stage,
    check_progression,
    stage_duration_s,
)


def coach_rules(coach) -> Rules:
    rules = CoachRules.objects.filter(coach=coach).first()
    return rules.as_rules() if rules else DEFAULT_RULES


@dataclass(frozen=True)
class ResolvedStage:
    """A stage as the chosen athlete would run it, with what the rules say about it."""

    index: int
    stage: Stage
    duration_s: float | None
    pace: PaceRange | None
    hr: HrRange | None
    findings: list[Finding]


@dataclass(frozen=True)
class PlanCheck:
    findings: list[Finding]
    stages: list[ResolvedStage]
    # The paces the plan was judged by: the athlete's, when all four zones are known.
    paces: dict[str, PaceRange] | None

    @property
    def duration_s(self) -> float | None:
        """The whole run's time, when every stage's is known."""
        durations = [s.duration_s for s in self.stages]
        return None if None in durations else sum(durations)


def plan_check(
    stages: list[Stage],
    *,
    phase: str | None,
    rules: Rules,
    fitness: Fitness | None,
    unit: str = "km",
) -> PlanCheck:
    """The one place that decides which paces judge a plan, so that the editor, the saved
    template and its page always say the same."""
    paces = fitness.checker_paces if fitness else None
    findings = check_progression(
        stages, phase=phase if phase in PHASES else None, rules=rules, paces=paces, unit=unit
    )
    resolved = []
    for i, stage in enumerate(stages):
        zone = fitness.zones.get(stage.zone) if fitness and stage.zone else None
        resolved.append(
            ResolvedStage(
                index=i,
                stage=stage,
                duration_s=stage_duration_s(stage, paces),
                pace=stage.pace or (zone.pace if zone else None),
                hr=zone.hr if zone else None,
                findings=[f for f in findings if f.stage_index == i],
            )
        )
    return PlanCheck(findings=findings, stages=resolved, paces=paces)
