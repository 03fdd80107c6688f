"""The template editor: a template's form, its stage rows typed as text or edited one by one,
and what the coach's rules say about them. It looks up rules and athletes, so it is not a form.
"""

import re
from functools import cached_property

from athletes.fitness import Fitness
from athletes.paces import MILE_M, format_pace
from athletes.units import UNIT_METRES
from workouts.forms import (
    MAX_STAGES,
    ROW_FIELDS,
    UNIT_SECONDS,
    StageFormSet,
    TemplateForm,
)
from workouts.plan_text import PlanSyntaxError, format_plan, parse_plan
from workouts.progression import Stage
from workouts.selectors import PlanCheck, coach_rules, plan_check


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


# A sound progression run the coach can insert with one click to start from: every rule of
# docs/running.md §1.3 passes (62% easy, steps of 15 and 10 minutes, a marathon-pace finish).
EXAMPLE_PLAN = "40min easy, 15min steady, 10min marathon"


class TemplateEditor:
    """The template form, its stage rows and what the rules say about them, in one place.

    `op` says what the coach just did: typed the plan ("text"), inserted the example
    ("example"), changed rows ("stages"), added or removed a row ("add", "remove-N"), chose
    an athlete or a phase ("check"), or pressed save ("save"). The page also posts
    `plan_text_synced`, the plan text as the rows last showed it: on "check" and "save", a
    plan text that differs from it was typed after the last check (or without JavaScript),
    and wins. While the typed text cannot be read there are no rows: nothing stands for it.
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
            # A new template starts empty: no rows, no findings, an empty plan box.
            self.initial_text = format_plan(stages)
            self.form = TemplateForm(instance=instance)
            self.stages = StageFormSet(rows_data([stage_row(s) for s in stages]))
        else:
            self.form = TemplateForm(data, instance=instance)
            self.stages = StageFormSet(self._apply(data))

    def _apply(self, data) -> dict:
        rows = posted_rows(data)
        text = self.typed_text
        typed_since_check = text.strip() != data.get("plan_text_synced", "").strip()
        if self.op in ("text", "example") or (self.op in ("save", "check") and typed_since_check):
            rows = self._read(text)
        elif self.op == "add" and len(rows) < MAX_STAGES:
            rows.append(next_row(rows))
        elif self.op.startswith("remove-"):
            index = parse_id(self.op.removeprefix("remove-"))
            if index is not None and index < len(rows):
                rows.pop(index)
        return rows_data(rows)

    def _read(self, text: str) -> list[dict]:
        """The rows of a typed plan: none for an empty box, none while it cannot be read."""
        if not text.strip():
            return []
        try:
            stages = parse_plan(text)
        except PlanSyntaxError as error:
            self.text_error = error
            return []
        if len(stages) > MAX_STAGES:
            self.text_error = PlanSyntaxError(
                0,
                f"at most {MAX_STAGES} stages",
                f"A progression run has at most {MAX_STAGES} stages; this plan has {len(stages)}.",
            )
            return []
        return [stage_row(s) for s in stages]

    # -- What the page shows ----------------------------------------------------------

    @property
    def typed_text(self) -> str:
        """The plan text as the coach typed it (or the example, once inserted)."""
        return EXAMPLE_PLAN if self.op == "example" else self.data.get("plan_text", "")

    @property
    def example_plan(self) -> str:
        return EXAMPLE_PLAN

    def stage_values(self) -> list[Stage] | None:
        if not self.stages.is_valid():
            return None
        return [form.cleaned_data["stage"] for form in self.stages]

    @property
    def is_empty(self) -> bool:
        """No stage yet, and none typed: the page offers the example instead of findings."""
        return not self.text_error and self.stages.total_form_count() == 0

    @property
    def plan_text(self) -> str:
        """The text for the plan box: as typed, or the rows written out after a row change."""
        if not self.form.is_bound:
            return self.initial_text
        stages = self.stage_values()
        if self.op in ("text", "example", "check", "save") or self.text_error or stages is None:
            return self.typed_text
        return format_plan(stages)

    @property
    def synced_text(self) -> str:
        """The plan text the rows stand for; while the typed text cannot be read there are
        no rows, so none: any later check or save reads the typed text again."""
        if self.text_error:
            return ""
        return self.plan_text

    @property
    def replaces_plan_text(self) -> bool:
        """Whether an htmx answer rewrites the plan box: never while the coach may be typing
        in it (a keystroke, or an athlete or phase chosen between two keystrokes)."""
        return self.op not in ("text", "check")

    @property
    def plan_text_invalid(self) -> bool:
        """Whether the plan box is marked: it cannot be read, or a save found it empty."""
        saved_empty = self.form.is_bound and self.op == "save" and self.is_empty
        return bool(self.text_error) or saved_empty

    @property
    def refusal(self) -> str:
        """Why a save was refused, for the message at the top of the page."""
        if self.text_error:
            return "Not saved: the typed plan cannot be read. Fix the plan marked below first."
        if self.is_empty:
            return (
                "Not saved: a template needs at least one stage. Type the plan, or start "
                "from the example."
            )
        return "Not saved: fix what is marked below first."

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
        return (
            self.form.is_valid()
            and self.stages.is_valid()
            and not self.text_error
            and not self.is_empty
        )
