from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.validators import MaxValueValidator

from athletes.paces import PaceRange
from athletes.units import UNIT_METRES, parse_pace
from workouts.models import STAGE_ZONE_CHOICES, CoachRules, ProgressionTemplate
from workouts.plan_text import MAX_AMOUNT
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
}
RULE_MAX = 32767
# Rules whose least is 1, not 0: a step of no length, or no rise at all.
AT_LEAST_ONE = ("stage_min_min", "stage_max_min", "max_zone_step")


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
            field.validators.append(MaxValueValidator(RULE_MAX))
            field.error_messages["max_value"] = (
                "That is more than any rule needs: give at most %(limit_value)s."
            )
            field.error_messages["invalid"] = "Give a whole number."
        self.helper = FormHelper()
        self.helper.form_tag = False

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
