"""The form of a fix to a logged run (docs/running.md §3.13): one form, its fields those of
the kind of fix chosen. Times are typed as m:ss or h:mm:ss from the start of the recording,
a distance in the athlete's unit. The rules are workouts/fixes.py's (via the service)."""

import re

from django import forms

from athletes.fields import RunnersField
from athletes.paces import format_duration, parse_duration
from athletes.units import format_distance
from workouts.fixes import FINDING_PARAMS, REASON_MAX_CHARS
from workouts.log_forms import RunDistanceField
from workouts.models import FixKind
from workouts.templatetags.reviews import moment

ZERO = re.compile(r"0+(:0+){0,2}(\.0+)?")
TIME_HELP = "m:ss or h:mm:ss from the start of the recording"


# What each kind of fix does, as its form's page says it.
KIND_HELP = {
    FixKind.TRIM: "Leave out the start or the end: a watch started early, or left running "
    "after the run.",
    FixKind.DROP_HR: "Leave out heart rate the strap or the wrist got wrong (a spike at the "
    "start, a cadence lock), over the whole run or a stretch.",
    FixKind.DROP_GPS: "Leave out a stretch of GPS (a bridge, a tunnel, tall buildings): the "
    "distance across it is the straight line between the good points either side.",
    FixKind.DISTANCE: "Set the run's real distance (a treadmill, a track): every distance and "
    "pace is scaled to it.",
    FixKind.BOUNDARY: "Move where one stage ends and the next begins, when the split is not "
    "where the run changed pace.",
    FixKind.DISMISS: "Set a finding aside, with the reason: it is no longer counted in the "
    "queue and the dashboard, and is shown apart with the reason.",
}


def parse_clock(text: str) -> float:
    """Seconds from the recording's start, typed "4:30" or "1:02:15"."""
    if ZERO.fullmatch(text.strip()):
        return 0.0  # the recording's start: no duration, but a moment of the run
    try:
        return parse_duration(text)
    except ValueError:
        raise ValueError(
            f"{text[:20]} is not a time of the run: write m:ss or h:mm:ss from its start, "
            "e.g. 4:30."
        ) from None


class ClockField(RunnersField):
    """A moment of the run, as m:ss or h:mm:ss from its start."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", TIME_HELP)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(placeholder="m:ss", inputmode="numeric", autocomplete="off")

    parse = staticmethod(parse_clock)
    format = staticmethod(format_duration)


def finding_label(finding: dict) -> str:
    where = moment(finding)
    return finding["message"] + (f" ({where})" if where else "")


FINDING_GONE = (
    "That finding is not in the review any more (dismissed already, or the review ran again): "
    "choose one shown."
)


def finding_key(finding: dict) -> str:
    """A finding as the form posts it: its code, stage and moment ("surge|2|612.3")."""
    return "|".join("" if finding.get(key) is None else str(finding[key]) for key in FINDING_PARAMS)


def boundary_label(index: int, stages: list[dict]) -> str:
    after = stages[index + 1]
    return (
        f"Stage {index + 1} to stage {index + 2} "
        f"(now at {format_duration(max(after['start_s'] or 0.0, 0.0))})"
    )


class FixForm(forms.Form):
    """The fields of one kind of fix; `params()` gives them as the service takes them."""

    FIELDS = {
        FixKind.TRIM: ("start_s", "end_s"),
        FixKind.DROP_HR: ("from_s", "to_s"),
        FixKind.DROP_GPS: ("from_s", "to_s"),
        FixKind.DISTANCE: ("distance_m",),
        FixKind.BOUNDARY: ("after_stage", "at_s"),
        FixKind.DISMISS: ("finding",),
    }

    def __init__(self, *args, kind: str, review: dict, unit: str = "km", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.review = kind, review
        stages, findings = review.get("stages") or [], review.get("findings") or []
        make = {
            "start_s": lambda: ClockField(
                label="New start", required=False, help_text=f"{TIME_HELP}; blank: keep it"
            ),
            "end_s": lambda: ClockField(
                label="New end", required=False, help_text=f"{TIME_HELP}; blank: keep it"
            ),
            "from_s": lambda: ClockField(
                label="From",
                required=kind == FixKind.DROP_GPS,
                help_text=TIME_HELP
                + ("; both blank: the whole run" if kind == FixKind.DROP_HR else ""),
            ),
            "to_s": lambda: ClockField(label="To", required=kind == FixKind.DROP_GPS),
            "distance_m": lambda: RunDistanceField(
                label="The run's real distance",
                unit=unit,
                help_text=(
                    f"in {'miles' if unit == 'mi' else 'km'}, e.g. 10.2; the watch said "
                    f"{format_distance(review.get('distance_m') or 0.0, unit)}"
                ),
            ),
            "after_stage": lambda: forms.TypedChoiceField(
                label="The boundary",
                coerce=int,
                choices=[(i, boundary_label(i, stages)) for i in range(len(stages) - 1)],
            ),
            "at_s": lambda: ClockField(label="The next stage starts at"),
            # By what the finding is, not its place in the list: a dismissal posted twice, or
            # from a page left open while the review ran again, finds it gone and says so.
            "finding": lambda: forms.ChoiceField(
                label="The finding",
                choices=[(finding_key(f), finding_label(f)) for f in findings],
                error_messages={"invalid_choice": FINDING_GONE},
            ),
        }
        for name in self.FIELDS.get(kind, ()):
            self.fields[name] = make[name]()
        self.fields["reason"] = forms.CharField(
            label="Why" if kind == FixKind.DISMISS else "Why (optional)",
            required=kind == FixKind.DISMISS,
            max_length=REASON_MAX_CHARS,
            widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_MAX_CHARS}),
            help_text="The coach and the athlete both see it.",
            error_messages={
                "required": "Say why the finding is dismissed: the coach and athlete see it."
            },
        )

    def params(self) -> dict:
        data = self.cleaned_data
        if self.kind == FixKind.DISMISS:
            findings = self.review.get("findings") or []
            finding = next(f for f in findings if finding_key(f) == data["finding"])
            return {key: finding.get(key) for key in FINDING_PARAMS}
        return {
            name: data[name]
            for name in self.FIELDS.get(self.kind, ())
            if data.get(name) is not None
        }
