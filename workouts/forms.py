import re
from decimal import Decimal
from functools import cached_property

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms

from athletes.fitness import Fitness
from athletes.paces import MILE_M, PaceRange, format_pace
from athletes.units import parse_pace
from workouts.models import STAGE_ZONE_CHOICES, CoachRules, ProgressionTemplate
from workouts.plan_text import MAX_AMOUNT, PlanSyntaxError, format_plan, parse_plan
from workouts.progression import Stage
from workouts.selectors import PlanCheck, coach_rules, plan_check

UNIT_SECONDS = {"s": 1, "min": 60, "h": 3600}
UNIT_METRES = {"m": 1, "km": 1000, "mi": MILE_M}
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
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_STAGES,
    absolute_max=MAX_STAGES,
    validate_max=True,
)


def _amount_text(amount: float) -> str:
    return f"{amount:.3f}".rstrip("0").rstrip(".")


def _is_whole(value: float, step: float) -> bool:
    return abs(value / step - round(value / step)) < 1e-6


def stage_row(stage: Stage) -> dict:
    """The editor row that shows a stage as a coach would type it, losing nothing: whole
    miles stay miles, and a pace typed per mile stays per mile."""
    if stage.duration_s is not None:
        unit = "min" if _is_whole(stage.duration_s, 60) else "s"
        amount = stage.duration_s / UNIT_SECONDS[unit]
    elif _is_whole(stage.distance_m, 1):
        unit = "km" if stage.distance_m >= 1000 else "m"
        amount = stage.distance_m / UNIT_METRES[unit]
    elif _is_whole(stage.distance_m / MILE_M, 0.001):
        unit, amount = "mi", stage.distance_m / MILE_M
    else:
        unit, amount = "m", stage.distance_m
    row = {"amount": _amount_text(amount), "unit": unit}
    if stage.pace:
        per_mile = MILE_M / 1000
        fast, slow = stage.pace.fast_s_per_km, stage.pace.slow_s_per_km
        pace_unit = (
            "mi" if _is_whole(fast * per_mile, 1) and _is_whole(slow * per_mile, 1) else "km"
        )
        row |= {
            "target": "pace",
            "pace_fast": format_pace(fast, pace_unit).split(" ")[0],
            "pace_slow": format_pace(slow, pace_unit).split(" ")[0],
            "pace_unit": pace_unit,
        }
    else:
        row |= {"target": stage.zone, "pace_fast": "", "pace_slow": "", "pace_unit": "km"}
    return row


def rows_data(rows: list[dict], prefix: str = "form") -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data |= {f"{prefix}-{i}-{key}": row.get(key, "") for key in ROW_FIELDS}
    return data


def posted_rows(data, prefix: str = "form") -> list[dict]:
    # One past the limit, so that too many rows are refused, not silently cut.
    total = min(parse_id(data.get(f"{prefix}-TOTAL_FORMS")) or 0, MAX_STAGES + 1)
    return [{key: data.get(f"{prefix}-{i}-{key}", "") for key in ROW_FIELDS} for i in range(total)]


def parse_id(value) -> int | None:
    """A whole number typed in ASCII digits, or None ("²" and "٣" pass str.isdigit)."""
    text = str(value or "")
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def next_row(rows: list[dict]) -> dict:
    """A new stage: 10 minutes, one zone up from the last one (a progression climbs)."""
    ladder = ["easy", "steady", "marathon", "threshold"]
    last = rows[-1]["target"] if rows else None
    target = ladder[min(ladder.index(last) + 1, 3)] if last in ladder else "easy"
    return {"amount": "10", "unit": "min", "target": target, "pace_unit": "km"}


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


class TemplateEditor:
    """The template form, its stage rows and what the rules say about them, in one place.

    `op` says what the coach just did: typed the plan ("text"), changed rows ("stages"),
    added or removed a row ("add", "remove-N"), or pressed save ("save"). The page also posts
    `plan_text_synced`, the plan text as the rows last showed it: a saved plan text that
    differs from it was typed after the last check (or without JavaScript), and wins.
    `athlete` only chooses whose paces the page shows: it is not part of the template.
    """

    def __init__(self, data=None, *, coach, instance=None, fitness_for=None):
        self.coach = coach
        self.fitness_for = fitness_for
        self.text_error: PlanSyntaxError | None = None
        self.data = data or {}
        self.op = self.data.get("op", "save")
        if data is None:
            stages = instance.stage_values() if instance else []
            # A new template starts with one easy row and an empty plan box to type into.
            rows = [stage_row(s) for s in stages] or [next_row([])]
            self.initial_text = format_plan(stages) if stages else ""
            self.form = TemplateForm(instance=instance)
            self.stages = StageFormSet(rows_data(rows))
        else:
            self.form = TemplateForm(data, instance=instance)
            self.stages = StageFormSet(self._apply(data))

    def _apply(self, data) -> dict:
        rows = posted_rows(data)
        text = data.get("plan_text", "")
        typed_since_check = text.strip() != data.get("plan_text_synced", "").strip()
        if self.op == "text" or (self.op == "save" and typed_since_check):
            try:
                stages = parse_plan(text)
            except PlanSyntaxError as error:
                self.text_error = error
            else:
                if len(stages) > MAX_STAGES:
                    self.text_error = PlanSyntaxError(
                        0,
                        f"at most {MAX_STAGES} stages",
                        f"A progression run has at most {MAX_STAGES} stages; "
                        f"this plan has {len(stages)}.",
                    )
                else:
                    rows = [stage_row(s) for s in stages]
        elif self.op == "add" and len(rows) < MAX_STAGES:
            rows.append(next_row(rows))
        elif self.op.startswith("remove-") and len(rows) > 1:
            index = parse_id(self.op.removeprefix("remove-"))
            if index is not None and index < len(rows):
                rows.pop(index)
        return rows_data(rows)

    # -- What the page shows ----------------------------------------------------------

    def stage_values(self) -> list[Stage] | None:
        if not self.stages.is_valid():
            return None
        return [form.cleaned_data["stage"] for form in self.stages]

    @property
    def plan_text(self) -> str:
        """The text for the plan box: as typed, or the rows written out after a row change."""
        if not self.form.is_bound:
            return self.initial_text
        if self.op == "text" or self.text_error:
            return self.data.get("plan_text", "")
        stages = self.stage_values()
        return format_plan(stages) if stages else self.data.get("plan_text", "")

    @property
    def synced_text(self) -> str:
        """The plan text the rows stand for. While the typed text cannot be read, the rows
        still stand for what was last read, so a save reads the typed text again."""
        if self.text_error:
            return self.data.get("plan_text_synced", "")
        return self.plan_text

    @property
    def replaces_plan_text(self) -> bool:
        """Whether an htmx answer rewrites the plan box: never while the coach types in it."""
        return self.op != "text"

    @property
    def phase(self) -> str | None:
        return self.form["phase"].value() or None

    @cached_property
    def athletes(self):
        return list(self.coach.athletes.all())

    @cached_property
    def athlete(self):
        athlete_id = parse_id(self.data.get("athlete"))
        return next((a for a in self.athletes if a.pk == athlete_id), None)

    @property
    def units(self) -> str:
        return self.athlete.units if self.athlete else "km"

    @cached_property
    def fitness(self) -> Fitness | None:
        if self.athlete is None or self.fitness_for is None:
            return None
        return self.fitness_for(self.athlete)

    @cached_property
    def check(self) -> PlanCheck | None:
        """What the rules say about the rows; nothing while the typed plan cannot be read."""
        stages = self.stage_values()
        if not stages or self.text_error:
            return None
        rules = coach_rules(self.coach)
        return plan_check(
            stages, phase=self.phase, rules=rules, fitness=self.fitness, unit=self.units
        )

    def is_valid(self) -> bool:
        return self.form.is_valid() and self.stages.is_valid() and not self.text_error


class CoachRulesForm(forms.ModelForm):
    class Meta:
        model = CoachRules
        fields = [
            "easy_share_min_pct",
            "easy_share_max_pct",
            "stage_min_min",
            "stage_max_min",
            "max_zone_step",
            "transition_threshold_max_min",
            "pace_tolerance_s_per_km",
            "compliance_green_min_pct",
            "compliance_green_max_pct",
            "compliance_yellow_min_pct",
            "compliance_yellow_max_pct",
            "easy_share_review_points",
            "pause_max_s",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        pairs = [
            ("easy_share_min_pct", "easy_share_max_pct", "The easy share range is upside down."),
            ("stage_min_min", "stage_max_min", "The step length range is upside down."),
            (
                "compliance_yellow_min_pct",
                "compliance_green_min_pct",
                "'Near plan from' must be at or below 'on plan from'.",
            ),
            (
                "compliance_green_max_pct",
                "compliance_yellow_max_pct",
                "'Near plan to' must be at or above 'on plan to'.",
            ),
        ]
        for low, high, message in pairs:
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
            self.add_error("compliance_green_max_pct", "'On plan to' must be 100% or more.")
        for name in ["stage_min_min", "max_zone_step"]:
            if cleaned.get(name) == 0:
                self.add_error(name, "Must be at least 1.")
        return cleaned
