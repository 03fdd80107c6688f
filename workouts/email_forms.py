"""The form of a person's email settings (docs/running.md §4.14)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms

from athletes.widgets import TimeInput
from workouts.models import EmailSettings


class EmailSettingsForm(forms.ModelForm):
    """An athlete chooses the plan-change, daily and comment emails (and the daily one's time,
    in their own time zone); a coach, the notices of what their athletes do."""

    class Meta:
        model = EmailSettings
        fields = ["plan_changes", "daily", "daily_time", "coach_notices", "comments"]
        labels = {"daily_time": "Send it at"}
        widgets = {"daily_time": TimeInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A callable model default adds a hidden "initial" input; the stored value is enough.
        self.fields["daily_time"].show_hidden_initial = False
        self.fields["daily_time"].help_text = (
            f"Your local time ({user.time_zone.replace('_', ' ')}, from your settings); "
            "it goes within 15 minutes of it, on days with a session."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        if user.is_coach:
            kept = ["coach_notices"]
        else:
            kept = ["plan_changes", "daily", "daily_time", "comments"]
        for name in list(self.fields):
            if name not in kept:
                del self.fields[name]
        self.helper.layout = Layout(*kept)
