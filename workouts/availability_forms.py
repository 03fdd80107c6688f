"""The forms of an athlete's availability (workouts/availability.py holds its rules)."""

from django import forms

from athletes.models import Weekday
from athletes.widgets import DateInput
from workouts.availability import LONGEST_MAX, LONGEST_MIN
from workouts.models import AvailabilityReason, AvailabilityStatus

NOT_A_DATE = "Give the {} as a date (YYYY-MM-DD)."


class AvailabilityRangeForm(forms.Form):
    """Days away or limited; whether they make sense is availability_range_save's to say."""

    start = forms.DateField(
        label="First day",
        widget=DateInput,
        error_messages={
            "required": "Give the first day.",
            "invalid": NOT_A_DATE.format("first day"),
        },
    )
    end = forms.DateField(
        label="Last day",
        widget=DateInput,
        error_messages={
            "required": "Give the last day (the same as the first for one day).",
            "invalid": NOT_A_DATE.format("last day"),
        },
    )
    status = forms.ChoiceField(
        label="Training",
        choices=AvailabilityStatus.choices,
        initial=AvailabilityStatus.UNAVAILABLE,
        widget=forms.RadioSelect,
    )
    longest_min = forms.IntegerField(
        label="Longest session (minutes, when limited)",
        required=False,
        min_value=LONGEST_MIN,
        max_value=LONGEST_MAX,
        error_messages={"invalid": "Give the longest session as whole minutes."},
    )
    reason = forms.ChoiceField(
        label="Why", choices=AvailabilityReason.choices, initial=AvailabilityReason.TRAVEL
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=200)

    @classmethod
    def initial_of(cls, availability) -> dict:
        return {
            name: getattr(availability, name)
            for name in ("start", "end", "status", "longest_min", "reason", "note")
        }


class AvailabilityWeekForm(forms.Form):
    """The longest session on each weekday of the default week (blank: no limit)."""

    def __init__(self, *args, athlete, **kwargs):
        super().__init__(*args, **kwargs)
        longest = athlete.longest_by_weekday
        for day in Weekday:
            self.fields[f"day_{day.value}"] = forms.IntegerField(
                label=day.label,
                required=False,
                min_value=LONGEST_MIN,
                max_value=LONGEST_MAX,
                initial=longest.get(day.value),
                widget=forms.NumberInput(attrs={"placeholder": "no limit", "inputmode": "numeric"}),
                error_messages={"invalid": f"Give {day.label}'s longest session as whole minutes."},
            )

    def longest(self) -> dict[int, int | None]:
        return {day.value: self.cleaned_data.get(f"day_{day.value}") for day in Weekday}
