"""Form fields that take values as runners type them and store SI."""

from django import forms

from athletes import paces, units


class RunnersField(forms.CharField):
    """Text in, an SI number out: subclasses say how to read and to write the text."""

    def parse(self, text: str) -> float:
        raise NotImplementedError

    def format(self, value: float) -> str:
        raise NotImplementedError

    def prepare_value(self, value):
        if isinstance(value, int | float):
            return self.format(value)
        return value

    def has_changed(self, initial, data):
        # Compared as text: "6:58" shown for a stored 259.73 s/km has not changed.
        shown = "" if initial is None else self.prepare_value(initial)
        return shown != (data or "").strip()

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return self.parse(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


def keep_unchanged(form: forms.Form) -> None:
    """Keep the stored value of every runner's field the person left as shown: the text is
    rounded (to the second, to 0.01 km), and saving it back would drift the value."""
    for name, field in form.fields.items():
        initial = form.get_initial_for_field(field, name)
        if isinstance(field, RunnersField) and name not in form.changed_data and initial:
            form.cleaned_data[name] = initial


class DurationField(RunnersField):
    """ "3:10:49" or "19:57" -> seconds."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "h:mm:ss, or mm:ss under an hour")
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(placeholder="h:mm:ss", inputmode="numeric", autocomplete="off")

    parse = staticmethod(paces.parse_duration)
    format = staticmethod(paces.format_duration)


class DistanceField(RunnersField):
    """ "Half marathon", "10K", "13.1 mi" -> metres. The widget suggests race names."""

    def __init__(self, *args, unit="km", **kwargs):
        self.unit = unit
        kwargs.setdefault("help_text", "5K, 10K, half marathon, marathon, or e.g. 12 km, 8 mi")
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(list="race-distances", autocomplete="off")

    parse = staticmethod(units.parse_distance)

    def format(self, value: float) -> str:
        return units.distance_name(value, self.unit)


class PaceField(RunnersField):
    """ "4:30" in the athlete's unit -> seconds per km."""

    def __init__(self, *args, unit="km", **kwargs):
        self.unit = unit
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(placeholder=f"m:ss /{unit}", autocomplete="off")

    def parse(self, text: str) -> float:
        return units.parse_pace(text, self.unit)

    def format(self, value: float) -> str:
        return paces.format_pace(value, self.unit).split(" ")[0]


def race_distance_text(metres: float, unit: str = "km") -> str:
    """A distance as a coach would say it, in the athlete's unit: "500 m" under a kilometre
    for an athlete in km, "0.3 mi" for one in miles."""
    if unit == "km" and metres < 1000:
        return f"{metres:.1f}".rstrip("0").rstrip(".") + " m"
    return units.distance_name(metres, unit)


def race_limit_text(metres: float, unit: str = "km") -> str:
    """A limit of race equivalents in the athlete's unit, to a tenth of a mile in miles
    ("62.1 mi", where 100 km would read 62.14 mi)."""
    if unit == "mi":
        return f"{metres / paces.MILE_M:.1f}".rstrip("0").rstrip(".") + " mi"
    return race_distance_text(metres, unit)


def check_race(form: forms.Form, distance_field: str, time_field: str, *, what: str) -> None:
    """Refuse a distance race equivalents do not hold for, then a time no human runs for the
    distance (a 5K in 5 seconds, a marathon in 20 h). `what` names the race in the message."""
    distance_m = form.cleaned_data.get(distance_field)
    if distance_m is None:
        return
    unit = form.fields[distance_field].unit
    if not paces.DISTANCE_MIN_M <= distance_m <= paces.DISTANCE_MAX_M:
        too = "short" if distance_m < paces.DISTANCE_MIN_M else "long"
        form.add_error(
            distance_field,
            f"{race_distance_text(distance_m, unit)} is too {too} for {what}: race equivalents "
            f"hold from {race_limit_text(paces.DISTANCE_MIN_M, unit)} "
            f"to {race_limit_text(paces.DISTANCE_MAX_M, unit)}.",
        )
        return
    time_s = form.cleaned_data.get(time_field)
    if time_s is None:
        return
    try:
        paces.vdot_from_race(distance_m, time_s)
    except ValueError:
        # The pure check's reason speaks of speeds and VDOT; a coach needs the gist.
        form.add_error(
            time_field,
            f"{paces.format_duration(time_s)} is not a plausible race time for "
            f"{race_distance_text(distance_m, unit)}: "
            "check the time (h:mm:ss, or mm:ss under an hour).",
        )
