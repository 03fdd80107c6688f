import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.validators import MaxValueValidator

from athletes.fields import DistanceField, DurationField, check_race, keep_unchanged
from athletes.paces import KM_PER_UNIT, MARATHON_M, PaceRange
from athletes.units import UNIT_METRES, parse_pace
from athletes.widgets import DateInput
from workouts import block_plan
from workouts.models import (
    MAX_LONG_RUN_SPACING_WEEKS,
    MAX_RECOVERY_WEEKS,
    MAX_RUNS_PER_WEEK,
    MAX_TAPER_DAYS,
    STAGE_ZONE_CHOICES,
    CoachRules,
    ProgressionTemplate,
    RacePriority,
    SessionKind,
)
from workouts.plan_text import MAX_AMOUNT, PlanSyntaxError, parse_plan
from workouts.progression import Stage

UNIT_SECONDS = {"s": 1, "min": 60, "h": 3600}
UNIT_CHOICES = [("min", "min"), ("km", "km"), ("mi", "mi"), ("m", "m"), ("s", "s"), ("h", "h")]
TARGET_CHOICES = [*STAGE_ZONE_CHOICES, ("pace", "Pace…")]
ROW_FIELDS = ["amount", "unit", "target", "pace_fast", "pace_slow", "pace_unit"]


class StageForm(forms.Form):
    """One stage, one row: "20 min steady", or "5 km at 4:30–4:40 /km"."""

    amount = forms.DecimalField(
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=3,
        error_messages={"min_value": "A stage of 0 is not a stage: give it a length."},
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    unit = forms.ChoiceField(choices=UNIT_CHOICES)
    target = forms.ChoiceField(choices=TARGET_CHOICES)
    pace_fast = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"placeholder": "4:30"})
    )
    pace_slow = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"placeholder": "4:40"})
    )
    pace_unit = forms.ChoiceField(choices=[("km", "/km"), ("mi", "/mi")], required=False)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        pace = None
        if cleaned["target"] == "pace":
            pace = self._pace(cleaned)
            if pace is None:
                return cleaned
        amount, unit = float(cleaned["amount"]), cleaned["unit"]
        field = "duration_s" if unit in UNIT_SECONDS else "distance_m"
        size = amount * (UNIT_SECONDS | UNIT_METRES)[unit]
        if size > MAX_AMOUNT[field]:
            self.add_error("amount", "A stage is at most 12 h or 200 km long.")
            return cleaned
        try:
            cleaned["stage"] = Stage(
                duration_s=amount * UNIT_SECONDS[unit] if unit in UNIT_SECONDS else None,
                distance_m=amount * UNIT_METRES[unit] if unit in UNIT_METRES else None,
                zone=None if pace else cleaned["target"],
                pace=pace,
            )
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned

    def _pace(self, cleaned) -> PaceRange | None:
        unit = cleaned.get("pace_unit") or "km"
        fast_text = cleaned.get("pace_fast", "").strip()
        slow_text = cleaned.get("pace_slow", "").strip() or fast_text
        if not fast_text:
            self.add_error("pace_fast", "Give the pace, e.g. 4:30.")
            return None
        try:
            fast, slow = parse_pace(fast_text, unit), parse_pace(slow_text, unit)
        except ValueError as error:
            self.add_error("pace_fast", str(error))
            return None
        if fast > slow:
            self.add_error("pace_slow", "The slow end must be slower than the fast end.")
            return None
        return PaceRange(fast, slow)


MAX_STAGES = 50


class BaseStageFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        # Every row is a stage: a blank row is an error, not a row to skip.
        return {**super().get_form_kwargs(index), "empty_permitted": False}


StageFormSet = forms.formset_factory(
    StageForm,
    formset=BaseStageFormSet,
    extra=0,  # an empty editor is a state of its own, not a formset error (editor.py)
    max_num=MAX_STAGES,
    absolute_max=MAX_STAGES,
    validate_max=True,
)


class TemplateForm(forms.ModelForm):
    """What is saved of a template besides its stages."""

    class Meta:
        model = ProgressionTemplate
        fields = ["name", "phase", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].initial = self.fields["phase"].initial or "base"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("name", css_class="col-md-7"), Column("phase", css_class="col-md-5")),
            "description",
        )


# Each rule's label, what it applies to, and why a value below its least is refused. Paces
# are per km: coaches have no unit setting (yet), and the checker stores seconds per km.
RULE_FIELDS: dict[str, tuple[str, str, str]] = {
    "easy_share_min_pct": (
        "Easy start, at least (% of the run)",
        "The easy stages at the start make up at least this share of the run's time (of its "
        "distance when every stage is by distance).",
        "The easy share cannot be negative: 0% means no least share.",
    ),
    "easy_share_max_pct": (
        "Easy start, at most (% of the run)",
        "… and at most this share.",
        "The easy share cannot be negative: give a share from 0% to 100%.",
    ),
    "stage_min_min": (
        "Each step after the easy start, at least (min)",
        "Each step after the easy start lasts at least this long. The easy start is judged by "
        "its share instead, and a run of 3 stages or fewer by its stages alone.",
        "A step lasts at least 1 minute: a shorter step is not a step of the run.",
    ),
    "stage_max_min": (
        "Each step after the easy start, at most (min)",
        "… and at most this long. The easy start may last longer.",
        "A step lasts at least 1 minute, so its longest cannot be less.",
    ),
    "max_zone_step": (
        "Largest rise from one stage to the next (zones)",
        "1 means one zone at a time: easy → steady → marathon → threshold.",
        "The effort must be able to rise by at least 1 zone, or no progression passes.",
    ),
    "transition_threshold_max_min": (
        "Threshold finish in the transition phase, at most (min)",
        "How long a transition-phase run may finish at threshold pace; 0 means not at all.",
        "The threshold finish cannot be negative: 0 means none at all.",
    ),
    "pace_tolerance_s_per_km": (
        "Pace tolerance outside a stage's band (s per km)",
        "When a logged run is reviewed, a stage run up to this much faster or slower than its "
        "pace band still counts as on target.",
        "The pace tolerance cannot be negative: 0 means exactly the band.",
    ),
    "compliance_green_min_pct": (
        "On plan from (% of the planned duration)",
        "A logged run of at least this share of what was planned (its duration, or its "
        "distance when planned by distance) is on plan: green.",
        "A share of the plan cannot be negative: give a share from 0% to 100%.",
    ),
    "compliance_green_max_pct": (
        "On plan up to (%)",
        "… up to this share; 100% is the plan itself.",
        "A share of the plan cannot be negative: on plan reaches at least 100%.",
    ),
    "compliance_yellow_min_pct": (
        "Near plan from (%)",
        "Short of on plan but at least this share is near plan (yellow); less is far off (orange).",
        "A share of the plan cannot be negative: 0% would call any run near plan.",
    ),
    "compliance_yellow_max_pct": (
        "Near plan up to (%)",
        "Beyond on plan but at most this share is near plan (yellow); more is far off (orange).",
        "A share of the plan cannot be negative: near plan reaches at least 100%.",
    ),
    "easy_share_review_points": (
        "Easy share of a logged run may differ from the plan by (points)",
        "When a logged run is reviewed, the share of it run easy at the start may be this many "
        "percentage points off the planned share.",
        "The easy share's leeway cannot be negative: 0 means exactly the planned share.",
    ),
    "pause_max_s": (
        "A stop is reported when longer than (s)",
        "When a logged run is reviewed, a stop inside it longer than this is reported: the run "
        "was not continuous.",
        "A stop cannot last less than 0 seconds: 0 reports every stop.",
    ),
    # Where progression runs go on a block (docs/running.md §4.5).
    "base_per_week": (
        "Base phase: progression runs a week, at most",
        "More in one week of the base phase draws the warning too-many-in-week. Default 1.",
        "A week cannot hold fewer than 0 runs: 0 means none in the base phase.",
    ),
    "transition_per_week": (
        "Transition phase: progression runs a week, at most",
        "Counting the one inside the long run. Default 2: one mid-week, one in the long run.",
        "A week cannot hold fewer than 0 runs: 0 means none in the transition phase.",
    ),
    "long_run_per_week": (
        "Long-run phase: progression runs a week besides its fast-finish long run, at most",
        "The week's one fast-finish long run is not counted. Default 1.",
        "A week cannot hold fewer than 0 runs: 0 means only the fast-finish long run.",
    ),
    "taper_per_week": (
        "Taper: progression runs a week, at most",
        "Default 0: none in the taper, so the athlete starts the race fresh.",
        "A week cannot hold fewer than 0 runs: 0 means none in the taper.",
    ),
    "taper_days": (
        "No progression run in the last … days before the race",
        "A progression run this close to race day, or on it, is refused (in-taper). Default 10.",
        "The days before the race cannot be negative: 0 keeps only race day free.",
    ),
    "long_run_spacing_weeks": (
        "Fast-finish long runs at least … weeks apart",
        "In the long-run phase, closer ones draw the warning long-run-spacing. Default 2: "
        "every second week. The block proposal spaces them so too.",
        "Fast-finish long runs are at least 1 week apart: 1 allows one every week.",
    ),
}
RULE_MAX = 32767
# Rules whose least is 1, not 0: a step of no length, or no rise at all.
AT_LEAST_ONE = ("stage_min_min", "stage_max_min", "max_zone_step", "long_run_spacing_weeks")
# Placement numbers with a tighter ceiling than the column's (CoachRules' constraints).
RULE_LIMITS: dict[str, tuple[int, str]] = {
    **{
        name: (MAX_RUNS_PER_WEEK, "A week has 7 days: give at most %(limit_value)s.")
        for name in ["base_per_week", "transition_per_week", "long_run_per_week", "taper_per_week"]
    },
    "taper_days": (
        MAX_TAPER_DAYS,
        "More than 4 weeks without progression runs is no taper: give at most %(limit_value)s.",
    ),
    "long_run_spacing_weeks": (
        MAX_LONG_RUN_SPACING_WEEKS,
        "Further apart than %(limit_value)s weeks is no rule: give at most %(limit_value)s.",
    ),
}


class CoachRulesForm(forms.ModelForm):
    class Meta:
        model = CoachRules
        fields = list(RULE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (label, help_text, too_low) in RULE_FIELDS.items():
            field = self.fields[name]
            field.label, field.help_text = label, help_text
            # Django fills in %(limit_value)s: a literal % must be doubled.
            field.error_messages["min_value"] = too_low.replace("%", "%%")
            # The database's limit for these columns (a small integer), on every backend.
            limit, too_high = RULE_LIMITS.get(
                name, (RULE_MAX, "That is more than any rule needs: give at most %(limit_value)s.")
            )
            field.validators.append(MaxValueValidator(limit))
            if name in RULE_LIMITS:
                field.widget.attrs["max"] = limit
            field.error_messages["max_value"] = too_high
            field.error_messages["invalid"] = "Give a whole number."
        self._per_unit = KM_PER_UNIT[self.instance.coach.units]
        if self._per_unit != 1.0:
            # Shown and typed per mile, stored per km; whole seconds round-trip exactly.
            tolerance = self.fields["pace_tolerance_s_per_km"]
            tolerance.label = tolerance.label.replace("s per km", "s per mile")
            stored = self.initial.get("pace_tolerance_s_per_km")
            if stored is not None:
                self.initial["pace_tolerance_s_per_km"] = round(stored * self._per_unit)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_pace_tolerance_s_per_km(self):
        value = self.cleaned_data["pace_tolerance_s_per_km"]
        return None if value is None else round(value / self._per_unit)

    def clean(self):
        cleaned = super().clean()
        for name in AT_LEAST_ONE:
            if cleaned.get(name) == 0:
                self.add_error(name, RULE_FIELDS[name][2])
        pairs = [
            ("easy_share_min_pct", "easy_share_max_pct", "The easy share range is upside down."),
            ("stage_min_min", "stage_max_min", "The step length range is upside down."),
            (
                "compliance_yellow_min_pct",
                "compliance_green_min_pct",
                "'Near plan from' must be at or below 'On plan from'.",
            ),
            (
                "compliance_green_max_pct",
                "compliance_yellow_max_pct",
                "'Near plan up to' must be at or above 'On plan up to'.",
            ),
        ]
        for low, high, message in pairs:
            if low in self.errors or high in self.errors:
                continue
            if cleaned.get(low) is not None and cleaned.get(high) is not None:
                if cleaned[low] > cleaned[high]:
                    self.add_error(high, message)
        for name in ["easy_share_min_pct", "easy_share_max_pct", "compliance_green_min_pct"]:
            if (cleaned.get(name) or 0) > 100:
                self.add_error(name, "A share cannot be over 100%.")
        if (
            cleaned.get("compliance_green_max_pct") is not None
            and cleaned["compliance_green_max_pct"] < 100
        ):
            self.add_error("compliance_green_max_pct", "'On plan up to' must be 100% or more.")
        return cleaned


# -- Marathon blocks (docs/running.md §4) ---------------------------------------------------


@dataclass(frozen=True)
class BlockDates:
    """When a block would run: its weeks counted back from race day, and its proposed phases."""

    n_weeks: int
    start: date
    race_date: date
    recovery_weeks: int
    # (phase, its name, first day, last day), in their order.
    phases: tuple[tuple[str, str, date, date], ...]

    @property
    def recovery_end(self) -> date:
        return self.race_date + timedelta(weeks=self.recovery_weeks)


class BlockForm(forms.Form):
    """A block's A race and length; the athlete's goal race fills it in."""

    race_name = forms.CharField(label="Race name", max_length=120)
    race_date = forms.DateField(label="Race date", widget=DateInput())
    race_distance_m = DistanceField(label="Distance")
    goal_time_s = DurationField(label="Goal time", required=False)
    n_weeks = forms.IntegerField(
        label="Weeks",
        initial=18,
        help_text=f"{block_plan.MIN_WEEKS} to {block_plan.MAX_WEEKS}; the last week ends on race "
        "day.",
        widget=forms.NumberInput(
            attrs={"min": block_plan.MIN_WEEKS, "max": block_plan.MAX_WEEKS, "inputmode": "numeric"}
        ),
    )
    recovery_weeks = forms.IntegerField(
        label="Recovery weeks after the race",
        initial=0,
        help_text=f"0 to {MAX_RECOVERY_WEEKS}.",
        widget=forms.NumberInput(
            attrs={"min": 0, "max": MAX_RECOVERY_WEEKS, "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args, athlete, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "race_name": athlete.goal_race_name,
                "race_date": athlete.goal_race_date,
                "race_distance_m": athlete.goal_race_distance_m or MARATHON_M,
                "goal_time_s": athlete.goal_time_s,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["race_distance_m"].unit = athlete.units
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("race_name"), Column("race_date")),
            Row(Column("race_distance_m"), Column("goal_time_s")),
            Row(Column("n_weeks"), Column("recovery_weeks")),
        )

    def clean_n_weeks(self):
        weeks = self.cleaned_data["n_weeks"]
        if not block_plan.MIN_WEEKS <= weeks <= block_plan.MAX_WEEKS:
            raise forms.ValidationError(
                f"A block lasts {block_plan.MIN_WEEKS} to {block_plan.MAX_WEEKS} weeks, not "
                f"{weeks}: shorter leaves no time to build, longer is two blocks."
            )
        return weeks

    def clean_recovery_weeks(self):
        weeks = self.cleaned_data["recovery_weeks"]
        if not 0 <= weeks <= MAX_RECOVERY_WEEKS:
            raise forms.ValidationError(
                f"Recovery after the race lasts 0 to {MAX_RECOVERY_WEEKS} weeks, not {weeks}."
            )
        return weeks

    def clean(self):
        cleaned = super().clean()
        keep_unchanged(self)
        check_race(self, "race_distance_m", "goal_time_s", what="the block's race")
        return cleaned

    def dates(self) -> BlockDates | None:
        """When the block would run, from the race date and weeks as typed (or as filled in);
        None while either is missing or out of bounds."""
        race_date, n_weeks, recovery_weeks = (
            self._typed(name) for name in ["race_date", "n_weeks", "recovery_weeks"]
        )
        if race_date is None or n_weeks is None or race_date > block_plan.LAST_RACE_DATE:
            return None
        if not block_plan.MIN_WEEKS <= n_weeks <= block_plan.MAX_WEEKS:
            return None
        weeks = block_plan.block_weeks(race_date, n_weeks)
        phases = tuple(
            (
                span.phase,
                block_plan.PHASE_NAMES[span.phase],
                weeks[span.first_week - 1].start,
                weeks[span.last_week - 1].end,
            )
            for span in block_plan.propose_phases(n_weeks)
        )
        if recovery_weeks is None or not 0 <= recovery_weeks <= MAX_RECOVERY_WEEKS:
            recovery_weeks = 0
        return BlockDates(n_weeks, weeks[0].start, race_date, recovery_weeks, phases)

    def _typed(self, name):
        try:
            return self.fields[name].clean(self[name].value())
        except forms.ValidationError:
            return None


class PhaseWeeksForm(forms.Form):
    """One phase of a block, as its first and last week: "Base: weeks 1 to 6"."""

    first_week = forms.IntegerField()
    last_week = forms.IntegerField()

    def __init__(self, *args, phase, n_weeks, **kwargs):
        super().__init__(*args, **kwargs)
        self.phase = phase
        self.phase_name = block_plan.PHASE_NAMES[phase]
        for field_name, end in [("first_week", "first"), ("last_week", "last")]:
            field = self.fields[field_name]
            field.label = f"{self.phase_name.capitalize()}: {end} week"
            field.error_messages |= {
                "required": f"Give the {end} week of the {self.phase_name}.",
                "invalid": f"Give the {end} week of the {self.phase_name} as a number, e.g. 1.",
            }
            field.widget.attrs.update(min=1, max=n_weeks, inputmode="numeric")

    def week_numbers(self) -> tuple[int, int] | None:
        """The weeks as typed (or as stored), when both are whole numbers."""
        try:
            return int(self["first_week"].value()), int(self["last_week"].value())
        except (TypeError, ValueError):
            return None


class BasePhaseWeeksFormSet(forms.BaseFormSet):
    """The four phases of a block in their order, one form each; a tampered count is refused."""

    def __init__(self, *args, n_weeks, **kwargs):
        self.n_weeks = n_weeks
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        phase = block_plan.BLOCK_PHASES[index or 0]
        return {
            **super().get_form_kwargs(index),
            "phase": phase,
            "n_weeks": self.n_weeks,
            "empty_permitted": False,
        }

    def spans(self) -> list[block_plan.PhaseSpan]:
        return [
            block_plan.PhaseSpan(
                form.phase, form.cleaned_data["first_week"], form.cleaned_data["last_week"]
            )
            for form in self.forms
        ]


PhaseWeeksFormSet = forms.formset_factory(
    PhaseWeeksForm,
    formset=BasePhaseWeeksFormSet,
    extra=0,
    min_num=len(block_plan.BLOCK_PHASES),
    max_num=len(block_plan.BLOCK_PHASES),
    absolute_max=len(block_plan.BLOCK_PHASES),
    validate_min=True,
    validate_max=True,
)


# -- Sessions on a block's calendar (docs/running.md §4.5) -----------------------------------


class SessionForm(forms.Form):
    """A session on one day of a block: what it is, and its stages typed as plan text or
    taken from a template (the templates of the day's phase come first)."""

    date = forms.DateField(label="Day", widget=DateInput())
    kind = forms.ChoiceField(label="Kind", choices=SessionKind.choices)
    title = forms.CharField(label="Title", max_length=120, required=False)
    template = forms.TypedChoiceField(
        label="Start from a template", required=False, coerce=int, empty_value=None
    )
    plan_text = forms.CharField(
        label="Stages (plan text)",
        required=False,
        help_text="Stages separated by commas, e.g. 40min easy, 15min steady, 10min marathon. "
        "Units: s, min, h, m, km, mi; zones: easy, steady, marathon, threshold, or a pace "
        "like @4:30-4:40/km.",
        widget=forms.TextInput(
            attrs={"class": "font-monospace", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args, templates, phase=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = {t.pk: t for t in templates}
        suited = [(t.pk, t.name) for t in templates if phase and t.phase == phase]
        others = [(t.pk, t.name) for t in templates if not phase or t.phase != phase]
        name = block_plan.PHASE_NAMES.get(phase or "", "")
        choices = [("", "— none: type the stages —")]
        if suited:
            choices.append((f"For the {name}", suited))
        if others:
            choices.append(("Other phases" if suited else "Templates", others))
        self.fields["template"].choices = choices
        self.plan_error: PlanSyntaxError | None = None

    def clean_notes(self):
        # A browser sends a textarea's lines ended by CRLF: stored notes keep their LF.
        return self.cleaned_data["notes"].replace("\r\n", "\n")

    def clean_plan_text(self):
        text = self.cleaned_data["plan_text"]
        self.cleaned_data["stages"] = []
        if text.strip():
            try:
                self.cleaned_data["stages"] = parse_plan(text)
            except PlanSyntaxError as error:
                self.plan_error = error
                raise forms.ValidationError(str(error)) from None
        return text

    def clean(self):
        cleaned = super().clean()
        template_id = cleaned.get("template")
        cleaned["template_obj"] = self.templates.get(template_id) if template_id else None
        if "plan_text" in self.errors:
            return cleaned
        if not cleaned.get("stages") and cleaned["template_obj"] is not None:
            # A template chosen and nothing typed: the template's stages.
            cleaned["stages"] = cleaned["template_obj"].stage_values()
        return cleaned


# -- A week's target and a B or C race (docs/running.md §4) -----------------------------------

_HOURS_MINUTES = re.compile(r"(?P<h>\d{1,3})(?::(?P<m>[0-5]\d))?")


def format_hours_minutes(seconds: float) -> str:
    """ "6:30" for six and a half hours."""
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


class BlockWeekForm(forms.Form):
    """A week's target, as a time (hours:minutes) or a distance in the athlete's unit, and
    whether it is a recovery week. A value left as shown keeps what is stored (no rounding)."""

    target_time = forms.CharField(
        label="Target time",
        required=False,
        help_text="hours:minutes, e.g. 6:30",
        widget=forms.TextInput(attrs={"placeholder": "h:mm", "autocomplete": "off"}),
    )
    target_distance = forms.CharField(label="Target distance", required=False)
    is_cutback = forms.BooleanField(label="Recovery (cutback) week", required=False)

    def __init__(self, *args, unit="km", week=None, **kwargs):
        self.unit = unit
        self.week = week
        if week is not None:
            kwargs["initial"] = {
                "target_time": (
                    format_hours_minutes(week.target_duration_s) if week.target_duration_s else ""
                ),
                "target_distance": (
                    f"{week.target_distance_m / UNIT_METRES[unit]:.2f}".rstrip("0").rstrip(".")
                    if week.target_distance_m
                    else ""
                ),
                "is_cutback": week.is_cutback,
            }
        super().__init__(*args, **kwargs)
        field = self.fields["target_distance"]
        field.label = f"Target distance ({unit})"
        field.help_text = f"in {unit}, e.g. {'40' if unit == 'km' else '25'}"
        field.widget.attrs.update(inputmode="decimal", autocomplete="off")

    def clean_target_time(self):
        text = self.cleaned_data["target_time"].strip()
        if not text:
            return None
        if "target_time" not in self.changed_data and self.week is not None:
            return self.week.target_duration_s
        match = _HOURS_MINUTES.fullmatch(text)
        if match is None:
            raise forms.ValidationError(
                f"“{text}” is not a time: write hours:minutes, e.g. 6:30 (or 6 for six hours)."
            )
        seconds = int(match["h"]) * 3600 + int(match["m"] or 0) * 60
        if not 0 < seconds <= 100 * 3600:
            raise forms.ValidationError("A week's target time is more than zero and at most 100 h.")
        return float(seconds)

    def clean_target_distance(self):
        text = self.cleaned_data["target_distance"].strip().replace(",", ".")
        if not text:
            return None
        if "target_distance" not in self.changed_data and self.week is not None:
            return self.week.target_distance_m
        try:
            metres = float(text) * UNIT_METRES[self.unit]
        except ValueError:
            raise forms.ValidationError(
                f"“{text}” is not a distance: write a number of {self.unit}, e.g. 40."
            ) from None
        if not 0 < metres <= 1000 * UNIT_METRES["km"]:
            raise forms.ValidationError(
                f"A week's target distance is more than zero and at most "
                f"{1000 / UNIT_METRES[self.unit] * 1000:.0f} {self.unit}."
            )
        return metres

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("target_time") and cleaned.get("target_distance"):
            raise forms.ValidationError(
                "Give the week a target time or a target distance, not both."
            )
        return cleaned


class RaceForm(forms.Form):
    """A B or C race inside the block: it replaces that day's sessions."""

    name = forms.CharField(label="Race", max_length=120)
    date = forms.DateField(label="Day", widget=DateInput())
    distance_m = DistanceField(label="Distance")
    priority = forms.ChoiceField(
        label="Priority", choices=RacePriority.choices, initial=RacePriority.B
    )

    def __init__(self, *args, unit="km", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["distance_m"].unit = unit
        self.fields["name"].error_messages["required"] = "Give the race's name."
        self.fields["date"].error_messages["required"] = "Give the day of the race."
        self.fields["distance_m"].error_messages["required"] = "Give the race's distance."


# -- Bulk edits of a block's calendar --------------------------------------------------------

WEEKDAY_CHOICES = [
    (str(i), name) for i, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
]


def _whole_weeks(label: str, *, min_value: int, max_value: int, **kwargs) -> forms.IntegerField:
    field = forms.IntegerField(label=label, min_value=min_value, max_value=max_value, **kwargs)
    message = f"Give a whole number of weeks from {min_value} to {max_value}."
    for key in ("required", "invalid", "min_value", "max_value"):
        field.error_messages[key] = message
    return field


class WeekCopyForm(forms.Form):
    """Copy week `from_week` of a block onto `to_week`, keeping or replacing what it holds."""

    from_week = _whole_weeks("Week to copy", min_value=1, max_value=block_plan.MAX_WEEKS)
    to_week = _whole_weeks("Copy week to", min_value=1, max_value=block_plan.MAX_WEEKS)
    replace = forms.BooleanField(label="Replace what it holds", required=False)


class RepeatWeeklyForm(forms.Form):
    n_weeks = _whole_weeks("Repeat weekly for", min_value=1, max_value=block_plan.MAX_WEEKS - 1)


class RestDayForm(forms.Form):
    date = forms.DateField(
        label="Day",
        widget=DateInput(),
        error_messages={
            "required": "Give the day, as a date.",
            "invalid": "Give the day as a date (YYYY-MM-DD).",
        },
    )


class TemplateApplyForm(forms.Form):
    """A template onto days of one of the coach's blocks: weekdays over a range of its
    weeks, and/or days typed as dates. `cleaned_data["days"]` holds every day chosen."""

    block = forms.TypedChoiceField(label="Block", coerce=int)
    weekdays = forms.MultipleChoiceField(
        label="On", choices=WEEKDAY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    first_week = _whole_weeks(
        "From week", min_value=1, max_value=block_plan.MAX_WEEKS, required=False
    )
    last_week = _whole_weeks("To week", min_value=1, max_value=block_plan.MAX_WEEKS, required=False)
    dates = forms.CharField(
        label="Or these days",
        required=False,
        help_text="Dates as YYYY-MM-DD, separated by commas or spaces.",
    )

    def __init__(self, *args, blocks, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocks = {b.pk: b for b in blocks}
        self.fields["block"].choices = [
            (b.pk, f"{b.athlete.full_name}: {b.race_name} ({b.race_date:%d %b %Y})") for b in blocks
        ]
        self.fields["block"].error_messages["invalid_choice"] = "Choose one of your blocks."
        self.fields["block"].error_messages["required"] = "Choose one of your blocks."

    def clean_dates(self):
        days = []
        for word in re.split(r"[,\s]+", self.cleaned_data["dates"].strip()):
            if not word:
                continue
            try:
                days.append(date.fromisoformat(word))
            except ValueError:
                raise forms.ValidationError(
                    f"“{word}” is not a date: write it as YYYY-MM-DD."
                ) from None
        return days

    def clean(self):
        cleaned = super().clean()
        block = self.blocks.get(cleaned.get("block"))
        if block is None or self.errors:
            return cleaned
        days = list(cleaned.get("dates") or [])
        weekdays = {int(d) for d in cleaned.get("weekdays") or []}
        if weekdays:
            first = cleaned.get("first_week") or 1
            last = cleaned.get("last_week") or block.n_weeks
            if not 1 <= first <= last <= block.n_weeks:
                raise forms.ValidationError(
                    f"Choose weeks from 1 to {block.n_weeks}, the first before the last."
                )
            weeks = block.as_value().weeks[first - 1 : last]
            days += [
                week.start + timedelta(days=i)
                for week in weeks
                for i in range(7)
                if (week.start + timedelta(days=i)).weekday() in weekdays
            ]
        if not days:
            raise forms.ValidationError("Tick a weekday or type a day: nothing was chosen.")
        cleaned["block_obj"], cleaned["days"] = block, days
        return cleaned
