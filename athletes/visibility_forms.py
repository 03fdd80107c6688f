"""The coach's form for how far ahead an athlete sees the plan (docs/running.md §4.10)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms

from athletes.models import MAX_VISIBLE_DAYS, PlanVisibility
from athletes.widgets import DateInput

DATE_MISSING = "Choose the last day whose sessions the athlete sees: the date is missing."
DAYS_MISSING = f"Give how many days ahead the athlete sees, from 1 to {MAX_VISIBLE_DAYS}."
DAYS_OUT_OF_RANGE = "The athlete sees from 1 to {max} days ahead, not {days}."


class PlanVisibilityForm(forms.Form):
    """Everything planned, the sessions up to a date, or the next N days. The field of the
    choice not taken keeps what it holds (switching back finds it) but is still checked."""

    plan_visibility = forms.ChoiceField(
        label="Show", choices=PlanVisibility.choices, widget=forms.RadioSelect
    )
    plan_visible_until = forms.DateField(
        label="Sessions up to", required=False, widget=DateInput(),
        help_text="The last day shown; days already gone stay visible.",
    )  # fmt: skip
    # Not bounded here: clean() says what is wrong in a runner's words.
    plan_visible_days = forms.IntegerField(
        label="Days ahead", required=False,
        help_text=f"Today and this many days after it (1 to {MAX_VISIBLE_DAYS}).",
    )  # fmt: skip

    def __init__(self, *args, athlete, **kwargs):
        initial = {
            "plan_visibility": athlete.plan_visibility,
            "plan_visible_until": athlete.plan_visible_until,
            "plan_visible_days": athlete.plan_visible_days,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["plan_visible_days"].widget.attrs.update(
            min=1, max=MAX_VISIBLE_DAYS, inputmode="numeric"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("plan_visibility", "plan_visible_until", "plan_visible_days")

    def clean(self):
        data = super().clean()
        mode, days = data.get("plan_visibility"), data.get("plan_visible_days")
        if mode == PlanVisibility.UNTIL and data.get("plan_visible_until") is None:
            if "plan_visible_until" not in self.errors:  # a date it could not read says so
                self.add_error("plan_visible_until", DATE_MISSING)
        if days is not None and not 1 <= days <= MAX_VISIBLE_DAYS:
            self.add_error(
                "plan_visible_days", DAYS_OUT_OF_RANGE.format(max=MAX_VISIBLE_DAYS, days=days)
            )
        elif mode == PlanVisibility.WINDOW and days is None:
            if "plan_visible_days" not in self.errors:
                self.add_error("plan_visible_days", DAYS_MISSING)
        return data
