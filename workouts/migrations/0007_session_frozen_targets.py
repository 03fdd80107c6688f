# Written by hand (only this change: other helpers' models were pending at the same time).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0006_block_templates"),
    ]

    operations = [
        migrations.AddField(
            model_name="plannedsession",
            name="frozen_targets",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="plannedsession",
            name="targets_frozen_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
    ]
