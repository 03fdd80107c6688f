"""Reads about plans: a coach's rules, and what they say about stages for an athlete."""

from dataclasses import dataclass

from athletes.fitness import Fitness
from athletes.paces import HrRange, PaceRange
from workouts.models import CoachRules
from workouts.progression import (
    DEFAULT_RULES,
    PHASES,
    RULE_SUBJECTS,
    Finding,
    Rules,
    Stage,
    judge_progression,
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

    @property
    def is_estimate(self) -> bool:
        """Whether the time is reckoned from a pace (a distance stage), not planned."""
        return self.stage.duration_s is None and self.duration_s is not None


@dataclass(frozen=True)
class PlanCheck:
    findings: list[Finding]
    stages: list[ResolvedStage]
    # The paces the plan was judged by: the athlete's, when all four zones are known.
    paces: dict[str, PaceRange] | None
    # Rule codes the plan could not be judged on with what is known (see judge_progression).
    unjudged: tuple[str, ...] = ()

    @property
    def duration_s(self) -> float | None:
        """The whole run's time, when every stage's is known."""
        durations = [s.duration_s for s in self.stages]
        return None if None in durations else sum(durations)

    @property
    def is_estimate(self) -> bool:
        """Whether the whole run's time is partly reckoned from paces."""
        return any(s.is_estimate for s in self.stages)

    @property
    def has_paces(self) -> bool:
        """Whether any stage has a pace to show (its own, or the athlete's for its zone)."""
        return any(s.pace is not None for s in self.stages)

    @property
    def has_hr(self) -> bool:
        return any(s.hr is not None for s in self.stages)

    @property
    def planned_duration_s(self) -> float | None:
        """The time the stages planned by time add up to; None when none is."""
        durations = [s.stage.duration_s for s in self.stages if s.stage.duration_s is not None]
        return sum(durations) if durations else None

    @property
    def planned_distance_m(self) -> float | None:
        """The distance the stages planned by distance add up to; None when none is."""
        distances = [s.stage.distance_m for s in self.stages if s.stage.distance_m is not None]
        return sum(distances) if distances else None

    @property
    def unjudged_subjects(self) -> str:
        """What could not be checked, as a sentence ends: "the easy share and the finish"."""
        subjects = [RULE_SUBJECTS[code] for code in self.unjudged]
        if len(subjects) < 2:
            return "".join(subjects)
        return f"{', '.join(subjects[:-1])} and {subjects[-1]}"


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
    judgement = judge_progression(
        stages, phase=phase if phase in PHASES else None, rules=rules, paces=paces, unit=unit
    )
    findings = judgement.findings
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
    return PlanCheck(findings=findings, stages=resolved, paces=paces, unjudged=judgement.unjudged)
