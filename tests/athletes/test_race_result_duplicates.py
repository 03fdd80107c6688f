"""A race result is stored once: the migration that adds the rule removes earlier copies."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from athletes.demo import PROFILES, demo_profile

BEFORE = [("athletes", "0002_athlete_profile")]
AFTER = [("athletes", "0003_race_result_once")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_one_of_each_duplicate_result_and_adds_the_constraint():
    old = migrate(BEFORE)
    User = old.get_model("athletes", "User")
    Athlete = old.get_model("athletes", "Athlete")
    RaceResult = old.get_model("athletes", "RaceResult")
    coach = User.objects.create(email="c@example.com", role="coach")
    runner = Athlete.objects.create(coach=coach, first_name="Amara")
    day = date(2026, 3, 1)
    first = RaceResult.objects.create(
        athlete=runner, date=day, distance_m=5000, time_s=1197, name="Parkrun"
    )
    RaceResult.objects.create(athlete=runner, date=day, distance_m=5000, time_s=1197, name="Copy")
    other_day = RaceResult.objects.create(
        athlete=runner, date=day - timedelta(1), distance_m=5000, time_s=1197
    )
    try:
        new = migrate(AFTER)
        kept = new.get_model("athletes", "RaceResult").objects.order_by("pk")
        assert list(kept.values_list("pk", flat=True)) == [first.pk, other_day.pk]
        constraints = connection.introspection.get_constraints(
            connection.cursor(), "athletes_raceresult"
        )
        assert any(
            c["unique"] and set(c["columns"]) == {"athlete_id", "date", "distance_m", "time_s"}
            for c in constraints.values()
        )
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.parametrize("weeks", [1, 2, 3, 12, 52])
@pytest.mark.parametrize("index", range(len(PROFILES)))
def test_the_demo_seed_never_makes_the_same_result_twice(index, weeks):
    results = demo_profile(index).results(date(2026, 6, 1), weeks)
    keys = [(r["date"], r["distance_m"], r["time_s"]) for r in results]
    assert len(keys) == len(set(keys))
