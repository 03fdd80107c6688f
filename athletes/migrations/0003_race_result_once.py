from django.db import migrations, models


def delete_duplicate_results(apps, schema_editor):
    """Keep the first-entered of each set of identical results, so the constraint can hold."""
    RaceResult = apps.get_model("athletes", "RaceResult")
    seen = set()
    duplicates = []
    rows = RaceResult.objects.order_by("created_at", "pk").values_list(
        "pk", "athlete_id", "date", "distance_m", "time_s"
    )
    for pk, *key in rows.iterator():
        if tuple(key) in seen:
            duplicates.append(pk)
        else:
            seen.add(tuple(key))
    RaceResult.objects.filter(pk__in=duplicates).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("athletes", "0002_athlete_profile"),
    ]

    operations = [
        migrations.RunPython(delete_duplicate_results, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="raceresult",
            constraint=models.UniqueConstraint(
                fields=("athlete", "date", "distance_m", "time_s"), name="race_result_once"
            ),
        ),
    ]
