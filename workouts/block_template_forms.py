"""Forms of block templates: a block saved under a name, and blocks made from a template."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms

from athletes.access import coach_athletes
from athletes.fields import DistanceField, DurationField, check_race, keep_unchanged
from athletes.widgets import DateInput
from workouts.block_templates import NAME_MAX

# The largest id a database's integer column holds (SQLite's and PostgreSQL's bigint).
MAX_ID = 2**63 - 1


class BlockTemplateNameForm(forms.Form):
    """The name a block is saved under as a template."""

    name = forms.CharField(
        label="Template name",
        max_length=NAME_MAX,
        error_messages={
            "required": "Give the block template a name.",
            "max_length": f"Keep the name to {NAME_MAX} characters.",
        },
    )


class AthleteChoices(forms.ModelMultipleChoiceField):
    """The coach's athletes, ticked; an id too large for the database (a tampered form) is
    one of none of them, refused like any other stranger, never sent to the database."""

    def _check_values(self, value):
        for pk in value:
            if str(pk).isdigit() and int(pk) > MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        return super()._check_values(value)


class BlocksFromTemplateForm(forms.Form):
    """The race every block is for, and the coach's athletes to make one for (one or many)."""

    race_name = forms.CharField(label="Race name", max_length=120)
    race_date = forms.DateField(
        label="Race date",
        widget=DateInput(),
        error_messages={"invalid": "Give the race date as a date (YYYY-MM-DD)."},
    )
    race_distance_m = DistanceField(label="Distance")
    goal_time_s = DurationField(
        label="Goal time",
        required=False,
        help_text="Optional, the same for every block: leave it empty for a group.",
    )
    athletes = AthleteChoices(
        label="Athletes",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Tick at least one athlete to make a block for.",
            "invalid_choice": "Choose among your athletes.",
        },
    )

    def __init__(self, *args, coach, template, **kwargs):
        kwargs.setdefault("initial", {"race_distance_m": template.race_distance_m})
        super().__init__(*args, **kwargs)
        self.fields["race_distance_m"].unit = coach.units
        self.fields["athletes"].queryset = coach_athletes(coach).select_related("user")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("race_name"), Column("race_date")),
            Row(Column("race_distance_m"), Column("goal_time_s")),
            "athletes",
        )

    def clean(self):
        cleaned = super().clean()
        keep_unchanged(self)
        check_race(self, "race_distance_m", "goal_time_s", what="the race")
        return cleaned
