"""Built-in progression-run templates, one per preset of workouts.presets."""

from django.db import migrations

from workouts.presets import PRESETS


def create_builtins(apps, schema_editor):
    Template = apps.get_model("workouts", "ProgressionTemplate")
    TemplateStage = apps.get_model("workouts", "TemplateStage")
    for preset in PRESETS.values():
        template, created = Template.objects.get_or_create(
            preset_key=preset.key,
            defaults={
                "owner": None,
                "name": preset.name,
                "phase": preset.phase,
                "description": preset.description,
            },
        )
        if not created:
            continue
        TemplateStage.objects.bulk_create(
            TemplateStage(
                template=template,
                position=position,
                duration_s=stage.duration_s,
                distance_m=stage.distance_m,
                zone=stage.zone or "",
                pace_fast_s_per_km=stage.pace.fast_s_per_km if stage.pace else None,
                pace_slow_s_per_km=stage.pace.slow_s_per_km if stage.pace else None,
            )
            for position, stage in enumerate(preset.stages())
        )


def remove_builtins(apps, schema_editor):
    apps.get_model("workouts", "ProgressionTemplate").objects.filter(owner=None).delete()


class Migration(migrations.Migration):
    dependencies = [("workouts", "0001_initial")]

    operations = [migrations.RunPython(create_builtins, remove_builtins)]
