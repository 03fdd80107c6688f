# The placement rules' numbers on the coach's rules page (docs/running.md §4.5).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0007_session_frozen_targets"),
    ]

    operations = [
        migrations.AddField(
            model_name="coachrules",
            name="base_per_week",
            field=models.PositiveSmallIntegerField(
                default=1, verbose_name="progression runs a base week"
            ),
        ),
        migrations.AddField(
            model_name="coachrules",
            name="transition_per_week",
            field=models.PositiveSmallIntegerField(
                default=2, verbose_name="progression runs a transition week"
            ),
        ),
        migrations.AddField(
            model_name="coachrules",
            name="long_run_per_week",
            field=models.PositiveSmallIntegerField(
                default=1, verbose_name="progression runs a long-run-phase week"
            ),
        ),
        migrations.AddField(
            model_name="coachrules",
            name="taper_per_week",
            field=models.PositiveSmallIntegerField(
                default=0, verbose_name="progression runs a taper week"
            ),
        ),
        migrations.AddField(
            model_name="coachrules",
            name="taper_days",
            field=models.PositiveSmallIntegerField(
                default=10, verbose_name="days before the race without progression runs"
            ),
        ),
        migrations.AddField(
            model_name="coachrules",
            name="long_run_spacing_weeks",
            field=models.PositiveSmallIntegerField(
                default=2, verbose_name="weeks between fast-finish long runs"
            ),
        ),
        migrations.AddConstraint(
            model_name="coachrules",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("base_per_week__lte", 7),
                    ("transition_per_week__lte", 7),
                    ("long_run_per_week__lte", 7),
                    ("taper_per_week__lte", 7),
                ),
                name="rules_runs_per_week_at_most_7",
            ),
        ),
        migrations.AddConstraint(
            model_name="coachrules",
            constraint=models.CheckConstraint(
                condition=models.Q(("taper_days__lte", 28)), name="rules_taper_days_in_range"
            ),
        ),
        migrations.AddConstraint(
            model_name="coachrules",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("long_run_spacing_weeks__gte", 1), ("long_run_spacing_weeks__lte", 6)
                ),
                name="rules_long_run_spacing_in_range",
            ),
        ),
    ]
