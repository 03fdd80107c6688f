import zoneinfo

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from athletes import paces
from athletes.fields import DistanceField, DurationField, PaceField, check_race, keep_unchanged
from athletes.models import Athlete, RaceResult, User, Weekday, ZoneName
from athletes.widgets import DateInput


class EmailLoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget.input_type = "email"
        self.fields["username"].widget.attrs.update(
            autocomplete="username", autofocus=True, inputmode="email"
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Log in", css_class="w-100"))


class AthleteForm(forms.ModelForm):
    class Meta:
        model = Athlete
        fields = ["first_name", "last_name", "email"]

    def __init__(self, *args, coach, **kwargs):
        super().__init__(*args, **kwargs)
        self.coach = coach
        self.fields[
            "email"
        ].help_text = "Needed to invite the athlete. You can plan for them before they accept."
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("first_name"), Column("last_name")),
            "email",
        )
        self.helper.form_tag = False

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.instance.user_id and email != self.instance.user.email.lower():
            raise forms.ValidationError(
                "This athlete has an account: their email address is theirs to change."
            )
        if not email:
            return email
        others = self.coach.athletes.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("You already have an athlete with this email address.")
        return email


class AthleteCreateForm(AthleteForm):
    send_invitation = forms.BooleanField(
        required=False,
        initial=True,
        label="Email an invitation now",
        help_text="The athlete gets a link, valid for 7 days, to set a password.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.append("send_invitation")

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("send_invitation")
            and not cleaned.get("email")
            and "email" not in self.errors
        ):
            self.add_error("email", "Enter an email address to send an invitation.")
        return cleaned


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150, required=False)
    password1 = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password again", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("first_name"), Column("last_name")), "password1", "password2"
        )
        self.helper.add_input(Submit("submit", "Create my account", css_class="w-100"))

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            probe = User(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class AthleteProfileForm(forms.ModelForm):
    goal_race_distance_m = DistanceField(label="Race distance", required=False)
    goal_time_s = DurationField(label="Goal time", required=False)
    # Not required: no day ticked gets the message of clean(), not "This field is required".
    training_days = forms.TypedMultipleChoiceField(
        label="Training days",
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The days a block's sessions are proposed on.",
    )

    class Meta:
        model = Athlete
        fields = [
            "units",
            "resting_hr_bpm",
            "max_hr_bpm",
            "lthr_bpm",
            "prediction_method",
            "goal_race_name",
            "goal_race_date",
            "goal_race_distance_m",
            "goal_time_s",
            "training_days",
            "long_run_day",
        ]
        widgets = {"goal_race_date": DateInput()}
        labels = {
            "goal_race_name": "Race name",
            "units": "Show paces and distances in",
            "long_run_day": "Long-run day",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["resting_hr_bpm", "max_hr_bpm", "lthr_bpm"]:
            model_field = Athlete._meta.get_field(name)
            # A plain integer field, so that clean() judges the range with a runner's words.
            self.fields[name] = forms.IntegerField(
                label=model_field.verbose_name.capitalize(),
                help_text=model_field.help_text,
                required=False,
                widget=forms.NumberInput(
                    attrs={"min": paces.HR_MIN_BPM, "max": paces.HR_MAX_BPM, "inputmode": "numeric"}
                ),
            )
        self.fields["goal_race_distance_m"].unit = self.instance.units
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "units",
            Fieldset(
                "Heart rate",
                Row(Column("resting_hr_bpm"), Column("max_hr_bpm"), Column("lthr_bpm")),
            ),
            Fieldset("Paces", "prediction_method"),
            Fieldset(
                "Goal race",
                Row(Column("goal_race_name"), Column("goal_race_date")),
                Row(Column("goal_race_distance_m"), Column("goal_time_s")),
            ),
            Fieldset(
                "Training week",
                InlineCheckboxes("training_days"),
                Row(Column("long_run_day", css_class="col-md-6")),
            ),
        )

    def clean(self):
        cleaned = super().clean()
        keep_unchanged(self)
        self._check_heart_rates(cleaned)
        self._check_training_week(cleaned)
        check_race(self, "goal_race_distance_m", "goal_time_s", what="a goal race")
        distance_given = cleaned.get("goal_race_distance_m") or self.has_error(
            "goal_race_distance_m"
        )
        if cleaned.get("goal_time_s") and not distance_given:
            self.add_error("goal_race_distance_m", "Give the race distance for the goal time.")
        return cleaned

    def _check_training_week(self, cleaned):
        days = cleaned.get("training_days")
        if days is None:
            return
        cleaned["training_days"] = days = sorted(set(days))
        if len(days) < 2:
            self.add_error(
                "training_days",
                "Tick at least 2 training days: the long run and a progression run each need "
                "a day of their own.",
            )
            return
        long_run_day = cleaned.get("long_run_day")
        if long_run_day is not None and long_run_day not in days:
            name = Weekday(long_run_day).label
            self.add_error(
                "long_run_day",
                f"The long run is on {name}, which is not a training day: tick {name} "
                "or pick another long-run day.",
            )

    def _check_heart_rates(self, cleaned):
        for name in ["resting_hr_bpm", "max_hr_bpm", "lthr_bpm"]:
            value = cleaned.get(name)
            if value is not None and not paces.HR_MIN_BPM <= value <= paces.HR_MAX_BPM:
                self.add_error(
                    name,
                    f"{value} bpm is not a human heart rate "
                    f"({paces.HR_MIN_BPM}–{paces.HR_MAX_BPM}).",
                )
        rest, top, lthr = (cleaned.get(n) for n in ["resting_hr_bpm", "max_hr_bpm", "lthr_bpm"])
        if rest and top and rest >= top and "max_hr_bpm" not in self.errors:
            self.add_error("max_hr_bpm", "Maximum heart rate must be above resting heart rate.")
        if lthr and top and lthr >= top and "lthr_bpm" not in self.errors:
            self.add_error("lthr_bpm", "Threshold heart rate must be below maximum heart rate.")
        if lthr and rest and lthr <= rest and "lthr_bpm" not in self.errors:
            self.add_error("lthr_bpm", "Threshold heart rate must be above resting heart rate.")
        if lthr and "lthr_bpm" not in self.errors:
            try:
                paces.progression_hr_zones(lthr_bpm=lthr, max_bpm=top)
            except ValueError as error:
                self.add_error("lthr_bpm", f"{lthr} bpm cannot be a threshold heart rate: {error}.")


class RaceResultForm(forms.ModelForm):
    distance_m = DistanceField(label="Distance")
    time_s = DurationField(label="Time")

    class Meta:
        model = RaceResult
        fields = ["date", "distance_m", "time_s", "name"]
        widgets = {"date": DateInput()}
        labels = {"name": "Race name (optional)"}

    def __init__(self, *args, athlete, **kwargs):
        kwargs.setdefault("instance", RaceResult(athlete=athlete))
        super().__init__(*args, **kwargs)
        self.athlete = athlete
        self.fields["distance_m"].unit = athlete.units
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("date"), Column("distance_m"), Column("time_s")), "name"
        )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("A race result cannot be in the future.")
        if day.year < 1900:
            raise forms.ValidationError("Check the year: results from before 1900 are not taken.")
        return day

    def clean(self):
        cleaned = super().clean()
        check_race(self, "distance_m", "time_s", what="a race result")
        if not self.errors and (saved := self.saved_copy()):
            raise self.duplicate_error(saved)
        return cleaned

    def saved_copy(self) -> RaceResult | None:
        """The athlete's result this one repeats, as the pages show them: the same date, a
        distance within a metre and the same time to the second (40:00 and 40:00.4)."""
        day, distance_m, time_s = (
            self.cleaned_data.get(k) for k in ("date", "distance_m", "time_s")
        )
        if None in (day, distance_m, time_s):
            return None
        near = self.athlete.race_results.filter(
            date=day,
            distance_m__range=(distance_m - 1, distance_m + 1),
            time_s__range=(time_s - 1, time_s + 1),
        ).exclude(pk=self.instance.pk)
        shown = paces.format_duration(time_s)
        return next((r for r in near if paces.format_duration(r.time_s) == shown), None)

    @staticmethod
    def duplicate_error(saved: RaceResult) -> forms.ValidationError:
        return forms.ValidationError(
            f"This result is saved already ({saved}): same date, distance and time.",
            code="duplicate",
        )


class ZoneOverrideForm(forms.Form):
    """One zone's hand-set pace band and heart-rate band; blank means automatic."""

    hr_low_bpm = forms.IntegerField(
        label="HR from", required=False, min_value=paces.HR_MIN_BPM, max_value=paces.HR_MAX_BPM
    )
    hr_high_bpm = forms.IntegerField(
        label="HR to", required=False, min_value=paces.HR_MIN_BPM, max_value=paces.HR_MAX_BPM
    )

    def __init__(self, *args, unit="km", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pace_fast_s_per_km"] = PaceField(label=f"Fastest (/{unit})", unit=unit)
        self.fields["pace_slow_s_per_km"] = PaceField(label=f"Slowest (/{unit})", unit=unit)

    def clean(self):
        cleaned = super().clean()
        keep_unchanged(self)
        fast, slow = cleaned.get("pace_fast_s_per_km"), cleaned.get("pace_slow_s_per_km")
        if (fast is None) != (slow is None) and not self.errors:
            raise forms.ValidationError("Give both ends of the pace band, or neither.")
        if fast is not None and slow is not None and fast > slow:
            self.add_error("pace_slow_s_per_km", "The slow end must be slower than the fast end.")
        low, high = cleaned.get("hr_low_bpm"), cleaned.get("hr_high_bpm")
        if (low is None) != (high is None) and not self.errors:
            raise forms.ValidationError("Give both ends of the heart-rate band, or neither.")
        if low is not None and high is not None and low > high:
            self.add_error("hr_high_bpm", "The upper heart rate must be above the lower one.")
        return cleaned


class BaseZoneOverrideFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        # Every row is judged, blank or not: blank means "computed".
        return {**super().get_form_kwargs(index), "empty_permitted": False}


# Exactly one row a zone, in the order of ZoneName: a tampered count is refused.
ZoneOverrideFormSet = forms.formset_factory(
    ZoneOverrideForm,
    formset=BaseZoneOverrideFormSet,
    extra=0,
    min_num=len(ZoneName.values),
    max_num=len(ZoneName.values),
    absolute_max=len(ZoneName.values),
    validate_min=True,
    validate_max=True,
)


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class AccountForm(forms.ModelForm):
    """A person's own settings: their name, the units they read, their time zone; a coach's
    first weekday."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "units", "time_zone", "first_weekday"]
        labels = {"units": "Show paces and distances in", "first_weekday": "Weeks start on"}
        help_texts = {
            "units": "Where no athlete's own units apply, e.g. your rules' pace tolerance.",
            "time_zone": "Your “today” (a session's day, what has passed) is in this zone.",
            "first_weekday": "The first day of each week in your week view across athletes.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"] = forms.ChoiceField(
            label="Time zone",
            choices=time_zone_choices(),
            help_text=self.Meta.help_texts["time_zone"],
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        layout = [Row(Column("first_name"), Column("last_name")), "units", "time_zone"]
        if self.instance.is_coach:
            layout.append("first_weekday")
        else:
            del self.fields["first_weekday"]  # only a coach has the week view it orders
        self.helper.layout = Layout(*layout)
