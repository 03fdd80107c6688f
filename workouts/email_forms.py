"""The form of a person's email settings (docs/running.md §4.14, §3.14)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms

from athletes.widgets import TimeInput
from workouts.models import EmailSettings

ATHLETE_FIELDS = ["plan_changes", "daily", "daily_time", "comments"]
COACH_FIELDS = ["coach_notices", "runs", "runs_batch", "runs_time", "digest"]


class EmailSettingsForm(forms.ModelForm):
    """An athlete chooses the plan-change, daily and comment emails (and the daily one's time,
    in their own time zone); a coach, the notices of what their athletes do, the emails of
    their runs (one per run or a daily batch, at a time in their own time zone) and the weekly
    digest."""

    class Meta:
        model = EmailSettings
        fields = ATHLETE_FIELDS + COACH_FIELDS
        labels = {"daily_time": "Send it at", "runs_batch": "How", "runs_time": "Daily batch at"}
        widgets = {
            "daily_time": TimeInput(),
            "runs_time": TimeInput(),
            "runs_batch": forms.RadioSelect(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        zone = user.time_zone.replace("_", " ")
        kept = COACH_FIELDS if user.is_coach else ATHLETE_FIELDS
        for name in list(self.fields):
            if name not in kept:
                del self.fields[name]
        for name in ("daily_time", "runs_time"):
            if name in self.fields:
                # A callable model default adds a hidden "initial" input; the stored value is
                # enough.
                self.fields[name].show_hidden_initial = False
        if "daily_time" in self.fields:
            self.fields["daily_time"].help_text = (
                f"Your local time ({zone}, from your settings); "
                "it goes within 15 minutes of it, on days with a session."
            )
        if user.is_coach:
            self.fields["runs"].help_text = (
                "Runs reviewed with a finding or a pain note; clean runs are never emailed. "
                "A pain note goes at once, whichever way you choose below."
            )
            self.fields["runs_time"].help_text = (
                f"Your local time ({zone}, from your settings), within 15 minutes: the daily "
                "batch lists the runs since the last one. The weekly digest goes on Monday at "
                "this time too."
            )
            self.fields[
                "digest"
            ].help_text = (
                "Who needs a word, each athlete's past week, and the week's progression runs."
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*kept)
