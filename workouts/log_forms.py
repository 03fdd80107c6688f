"""The forms of a logged run (docs/running.md §3.11): by hand (with what was felt and the
weather, and optionally each planned stage's pace, heart rate and effort), a session not run,
files from the watch, and the session a run is paired with. The services
(workouts/run_logs.py) hold the rules; these read what a runner types."""

import datetime as dt
import re
from datetime import timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms

from athletes import units
from athletes.fields import DurationField, PaceField, RunnersField, keep_unchanged
from athletes.paces import (
    HR_MAX_BPM,
    HR_MIN_BPM,
    MILE_M,
    TEMP_MAX_C,
    TEMP_MIN_C,
    parse_duration,
)
from athletes.widgets import DateInput
from workouts.block_plan import PROGRESSION_KINDS
from workouts.models import Feel, SkipReason
from workouts.run_logs import MAX_DISTANCE_M
from workouts.templatetags.plans import stage_amount

# A run by hand is at most a day long (docs/running.md §3.11).
MAX_RUN_S = 24 * 3600
HR_MIN, HR_MAX = HR_MIN_BPM, HR_MAX_BPM
RPE_CHOICES = [
    ("", "—"),
    (1, "1 · very easy"),
    (2, "2 · easy"),
    (3, "3 · comfortable"),
    (4, "4 · steady"),
    (5, "5 · a little hard"),
    (6, "6 · hard"),
    (7, "7 · harder"),
    (8, "8 · very hard"),
    (9, "9 · near the limit"),
    (10, "10 · all out"),
]
STAGE_RPE_CHOICES = [(value, str(value) if value else label) for value, label in RPE_CHOICES]
FEEL_CHOICES = [("", "—"), *Feel.choices]
# What the file picker offers (the services read each file's first bytes, whatever its name).
UPLOAD_ACCEPT = ".fit,.gpx,.tcx,.gz,.zip"
_MINUTES = re.compile(r"\d{1,4}")
# Longer than any time a runner types ("1:05:00.5"): Python would read 5,000 digits and say so.
_TIME_CHARS = 16


def parse_run_duration(text: str) -> float:
    """Seconds from "45" (minutes), "45:00", "1:05:00" or "1:05:00.5"."""
    text = text.strip()
    if len(text) > _TIME_CHARS:
        raise ValueError(f"{text[:_TIME_CHARS]}… is not a run's time: write h:mm:ss or mm:ss.")
    seconds = int(text) * 60.0 if _MINUTES.fullmatch(text) else parse_duration(text)
    if seconds <= 0:
        raise ValueError("A run of no time is not a run: give its time.")
    if seconds > MAX_RUN_S:
        raise ValueError("A run is at most 24 hours: check the time (h:mm:ss).")
    return seconds


class RunDurationField(DurationField):
    """A run's time as typed: minutes alone, mm:ss or h:mm:ss."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "h:mm:ss, mm:ss, or minutes (45)")
        super().__init__(*args, **kwargs)

    parse = staticmethod(parse_run_duration)


class RunDistanceField(RunnersField):
    """A run's distance: a number in the athlete's unit ("10.2"), or with its unit ("10.2 km",
    "6 mi", "800 m", "half marathon")."""

    def __init__(self, *args, unit="km", **kwargs):
        self.unit = unit
        kwargs.setdefault("help_text", f"in {'miles' if unit == 'mi' else 'km'}, e.g. 10.2")
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(inputmode="decimal", autocomplete="off", placeholder=unit)

    def parse(self, text: str) -> float:
        text = text.strip().replace(",", ".")
        try:
            amount = float(text)
        except ValueError:
            metres = units.parse_distance(text)
        else:
            if not 0 < amount < 1000:
                raise ValueError(f"{text[:20]} {self.unit} is not a run's distance.")
            metres = amount * (MILE_M if self.unit == "mi" else 1000.0)
        # The service's bounds (workouts/run_logs.py), said here in the runner's unit.
        if metres < 1:
            raise ValueError("Less than a metre is not a run: check the distance.")
        if metres > MAX_DISTANCE_M:
            raise ValueError(
                f"{units.format_distance(metres, self.unit)} is not a run's distance: "
                f"a run is at most {units.format_distance(MAX_DISTANCE_M, self.unit)}."
            )
        return metres

    def format(self, value: float) -> str:
        # With its unit ("12.35 km"): the figure is rounded, and says so by reading as words.
        return units.format_distance(value, self.unit)


class NoteField(forms.CharField):
    """Text as typed in a textarea, its line breaks as stored ("\n"): a browser sends
    "\r\n", and a note saved back unchanged must compare equal."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


def _hr_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=HR_MIN,
        max_value=HR_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "bpm"}),
        error_messages={
            "invalid": "Give the heart rate in beats a minute, e.g. 148.",
            "min_value": f"A heart rate is at least {HR_MIN} bpm.",
            "max_value": f"A heart rate is at most {HR_MAX} bpm.",
        },
    )


def _rpe_field(label: str, choices=RPE_CHOICES) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=choices, coerce=int, required=False, empty_value=None
    )


def _temperature_field(label: str) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=False,
        min_value=TEMP_MIN_C,
        max_value=TEMP_MAX_C,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
        error_messages={
            "invalid": "Give degrees Celsius as a number, e.g. 18.5.",
            "min_value": f"Below {TEMP_MIN_C:.0f} °C? Check the figure (degrees Celsius).",
            "max_value": f"Above {TEMP_MAX_C:.0f} °C? Check the figure (degrees Celsius).",
        },
    )


HAND_FIELDS = ("date", "duration_s", "distance_m", "avg_hr")
FELT_FIELDS = ("rpe", "feel", "pain_note", "notes", "temp_c", "dew_point_c")


class RunLogForm(forms.Form):
    """A run by hand, or (`hand=False`: a run read from a file) what only the athlete can say
    of it: effort, feel, pain, notes and the weather. `stages` are the planned session's, for
    a pace, heart rate and effort each (by hand only)."""

    date = forms.DateField(
        label="Day of the run",
        widget=DateInput,
        error_messages={"required": "Give the day of the run.", "invalid": "Give a date."},
    )
    duration_s = RunDurationField(label="Time", required=False)
    avg_hr = _hr_field("Average heart rate")
    rpe = _rpe_field("Effort (RPE 1–10)")
    feel = forms.TypedChoiceField(
        label="Feel", choices=FEEL_CHOICES, coerce=int, required=False, empty_value=None
    )
    pain_note = NoteField(
        label="Pain or injury",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Anything that hurt, and where: your coach sees it first.",
    )
    notes = NoteField(
        label="Notes", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    temp_c = _temperature_field("Temperature (°C)")
    dew_point_c = _temperature_field("Dew point (°C)")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args, unit="km", stages=(), hand=True, today: dt.date | None = None, **kw):
        super().__init__(*args, **kw)
        self.unit, self.hand, self.today = unit, hand, today
        self.fields["distance_m"] = RunDistanceField(label="Distance", unit=unit, required=False)
        self.stage_names: list[tuple[int, str, list[str]]] = []
        if not hand:
            for name in HAND_FIELDS:
                del self.fields[name]
        else:
            for index, label in stages:
                names = [f"stage_{index}_pace", f"stage_{index}_hr", f"stage_{index}_rpe"]
                self.fields[names[0]] = PaceField(label="Pace", unit=unit)
                self.fields[names[1]] = _hr_field("Heart rate")
                self.fields[names[2]] = _rpe_field("Effort", STAGE_RPE_CHOICES)
                self.stage_names.append((index, label, names))
        self.order_fields(["date", "duration_s", "distance_m"])
        if today is not None and "date" in self.fields:
            self.fields["date"].widget.attrs["max"] = today.isoformat()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        rows = []
        if hand:
            rows += [
                Row(
                    Column("date", css_class="col-sm-4"),
                    Column("duration_s", css_class="col-6 col-sm-4"),
                    Column("distance_m", css_class="col-6 col-sm-4"),
                ),
                Row(
                    Column("avg_hr", css_class="col-sm-4"),
                    Column("rpe", css_class="col-6 col-sm-4"),
                    Column("feel", css_class="col-6 col-sm-4"),
                ),
            ]
        else:
            rows.append(Row(Column("rpe", css_class="col-6"), Column("feel", css_class="col-6")))
        rows += [
            "pain_note",
            "notes",
            Row(Column("temp_c", css_class="col-6"), Column("dew_point_c", css_class="col-6")),
            "version",
        ]
        self.helper.layout = Layout(*rows)

    @property
    def stage_fields(self):
        """Each planned stage's bound fields, for its fieldset: (number, label, fields, open);
        a stage's fieldset is open when something is typed in it or it has an error."""
        rows = []
        for index, label, names in self.stage_names:
            fields = [self[name] for name in names]
            filled = any(f.value() not in (None, "") or f.errors for f in fields)
            rows.append((index + 1, label, fields, filled))
        return rows

    @classmethod
    def initial_of(cls, log) -> dict:
        initial = {name: getattr(log, name) for name in (*HAND_FIELDS, *FELT_FIELDS, "version")}
        for entry in log.stage_entries.all():
            initial[f"stage_{entry.index}_pace"] = entry.pace_s_per_km
            initial[f"stage_{entry.index}_hr"] = entry.avg_hr
            initial[f"stage_{entry.index}_rpe"] = entry.rpe
        return initial

    def clean(self):
        cleaned = super().clean()
        keep_unchanged(self)
        if self.hand and not self.errors:
            if cleaned.get("duration_s") is None and cleaned.get("distance_m") is None:
                self.add_error("duration_s", "Give the run's time, its distance, or both.")
            day = cleaned.get("date")
            # A log's own day, left as it was, stays valid as the days pass (an edit of the
            # notes of a run of last year).
            if "version" in self.initial and "date" not in self.changed_data:
                day = None
            if day and self.today and day > self.today:
                self.add_error(
                    "date", f"{day:%a} {day.day} {day:%b} is still ahead: log a run once run."
                )
            if day and self.today and day < self.today - timedelta(days=366):
                self.add_error("date", "A run more than a year ago cannot be logged here.")
        temp, dew = cleaned.get("temp_c"), cleaned.get("dew_point_c")
        if temp is not None and dew is not None and dew > temp:
            self.add_error("dew_point_c", "The dew point cannot be above the temperature.")
        if (temp is None) != (dew is None) and "temp_c" not in self.errors:
            missing = "dew_point_c" if dew is None else "temp_c"
            self.add_error(
                missing,
                "Give both the temperature and the dew point: the targets are slowed for the "
                "heat from the two together.",
            )
        return cleaned

    def data_for_service(self) -> dict:
        names = (*HAND_FIELDS, *FELT_FIELDS) if self.hand else FELT_FIELDS
        return {name: self.cleaned_data.get(name) for name in names}

    def stages_for_service(self) -> list[dict]:
        """The stages the athlete typed something for (none: the whole run only)."""
        typed = []
        for index, _label, (pace, hr, rpe) in self.stage_names:
            entry = {
                "index": index,
                "pace_s_per_km": self.cleaned_data.get(pace),
                "avg_hr": self.cleaned_data.get(hr),
                "rpe": self.cleaned_data.get(rpe),
            }
            if any(entry[k] is not None for k in ("pace_s_per_km", "avg_hr", "rpe")):
                typed.append(entry)
        return typed


class NotRunForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why",
        choices=SkipReason.choices,
        error_messages={"invalid_choice": "Choose why: ill, injured, travel or other."},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented way to upload several)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": UPLOAD_ACCEPT}))
        # An empty file is refused by the service, by its name, and the others kept.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple) and data:
            return [one(item, initial) for item in data]
        return [one(data or None, initial)]  # none chosen: "required"


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Files from your watch or phone",
        help_text="FIT, GPX or TCX, each also as .gz, or a zip of several; up to 25 MB each.",
        error_messages={
            "required": "Choose a file to upload (FIT, GPX, TCX, .gz or .zip).",
        },
    )
    session = forms.TypedChoiceField(label="For", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {s.pk: s for s in sessions}
        self.fields["session"].choices = [
            ("", "The planned session of its day (or none)"),
            *((s.pk, session_label(s)) for s in sessions),
        ]

    def clean_session(self):
        pk = self.cleaned_data.get("session")
        return self.sessions.get(pk) if pk is not None else None


def session_label(session) -> str:
    """ "Progression run, Tue 3 Mar" (its title if it has one)."""
    name = session.title or session.get_kind_display()
    return f"{name}, {session.date:%a} {session.date.day} {session.date:%b}"


NOT_PLANNED = "none"


class PairForm(forms.Form):
    """The session a run was for: one of the athlete's within three days of it, or none."""

    session = forms.ChoiceField(
        label="Paired with",
        error_messages={"invalid_choice": "Choose one of the sessions listed, or “Not planned”."},
    )

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {str(s.pk): s for s in sessions}
        self.fields["session"].choices = [
            *((str(s.pk), session_label(s)) for s in sessions),
            (NOT_PLANNED, "Not planned"),
        ]

    def chosen(self):
        """The session chosen, or None for "Not planned"."""
        return self.sessions.get(self.cleaned_data["session"])


def stage_labels(session, unit: str) -> list[tuple[int, str]]:
    """A planned progression's stages for the form, each with its label ("30 min easy"); none
    for another kind of session (its run is judged whole)."""
    if session is None or session.kind not in PROGRESSION_KINDS:
        return []
    return [
        (i, f"{stage_amount(stage, unit)} {stage.zone or 'at its pace'}")
        for i, stage in enumerate(session.stage_values())
    ]
