"""Reads about one athlete: their zones on a day, predictions and pace history."""

from dataclasses import dataclass
from datetime import date

from django.db.models import prefetch_related_objects
from django.utils import timezone

from athletes.fitness import Fitness, fitness_on, pace_history, predictions_on
from athletes.models import Athlete
from athletes.paces import DISTANCE_MAX_M as MAX_RACE_M
from athletes.paces import DISTANCE_MIN_M as MIN_RACE_M
from athletes.paces import PREDICTION_CAVEAT, Prediction
from athletes.units import parse_distance

PREDICTED_RACES = ["5K", "10K", "Half marathon", "Marathon"]


@dataclass(frozen=True)
class Profile:
    athlete: Athlete
    fitness: Fitness
    predictions: list[Prediction]
    goal_prediction: Prediction | None
    history: list[tuple[date, Fitness]]
    caveat: str = PREDICTION_CAVEAT

    @property
    def days_to_goal(self) -> int | None:
        goal = self.athlete.goal_race_date
        return (goal - self.fitness.on).days if goal else None


def athlete_fitness(
    athlete: Athlete, on: date | None = None, *, with_overrides: bool = True
) -> Fitness:
    """The athlete's zones on `on` (today by default), the coach's hand-set zones applied
    unless asked for what the formulas alone give."""
    overrides = athlete.zone_overrides.all() if with_overrides else []
    return fitness_on(
        on or timezone.localdate(),
        [r.as_value() for r in athlete.race_results.all()],
        method=athlete.prediction_method,
        heart_rates=athlete.heart_rates,
        overrides=[o.as_value() for o in overrides],
    )


def athlete_profile(athlete: Athlete) -> Profile:
    # One query each for results and overrides, however often the page reads them.
    prefetch_related_objects([athlete], "race_results", "zone_overrides")
    today = timezone.localdate()
    results = [r.as_value() for r in athlete.race_results.all()]
    method = athlete.prediction_method
    distances = [parse_distance(name) for name in PREDICTED_RACES]
    goal = None
    if athlete.goal_race_distance_m and MIN_RACE_M <= athlete.goal_race_distance_m <= MAX_RACE_M:
        [goal] = predictions_on(today, results, [athlete.goal_race_distance_m], method=method) or [
            None
        ]
    return Profile(
        athlete=athlete,
        fitness=athlete_fitness(athlete, today),
        predictions=predictions_on(today, results, distances, method=method),
        goal_prediction=goal,
        history=pace_history(results, method=method),
    )
